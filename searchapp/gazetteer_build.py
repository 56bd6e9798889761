"""Build `searchapp/data/areacodes.tsv` from the historical gazetteer CSV (areacodes, CC0).

    python -m searchapp.gazetteer_build [--src ../shared/gazetteer/areacodes-history.csv]

The CSV (github.com/yescallop/areacodes, `result.csv`, CC0 1.0) lists every county-level and
higher division code used since 1980 with the years each name was valid and its successors.
The compact file keeps what resolving a name as of a date needs, one unit a line:
code, name, level (p province, c prefecture, x county), first year, last year ("" = in use),
successor codes (";"-separated; a row still in use lists only part transfers `code[year]`,
dropped: the unit itself lives on). Rows "变更" (a change of name or parent) end like retired ones.
Its source note and licence are copied beside it.
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

DATA = Path(__file__).parent / "data"
TSV = DATA / "areacodes.tsv"
DEFAULT_SRC = Path(__file__).resolve().parent.parent.parent / "shared" / "gazetteer" / "areacodes-history.csv"
LEVELS = {"省级": "p", "地级": "c", "县级": "x"}
HEADER = "# areacodes.tsv: built by `python -m searchapp.gazetteer_build` from areacodes-history.csv (CC0 1.0, see areacodes.SOURCE.md)"


def compact_rows(src: Path) -> list[tuple[str, ...]]:
    """The CSV's rows as (code, name, level, start, end, successors)."""
    rows = []
    with open(src, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            retired = r["状态"] != "在用"  # 弃用 (retired) or 变更 (changed: the next row carries on)
            successors = ";".join(c for c in r["新代码"].split(";") if c and "[" not in c) if retired else ""
            rows.append((r["代码"], r["名称"], LEVELS[r["级别"]], r["启用时间"], r["变更/弃用时间"] if retired else "", successors))
    return rows


def build(src: Path = DEFAULT_SRC, out: Path = TSV) -> int:
    """Write the compact file (and copy the source note and licence); returns the number of units."""
    rows = compact_rows(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    for name, target in (("SOURCE.md", "areacodes.SOURCE.md"), ("LICENSE-CC0.txt", "areacodes.LICENSE-CC0.txt")):
        if (src.parent / name).exists():
            shutil.copyfile(src.parent / name, out.parent / target)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="areacodes-history.csv")
    parser.add_argument("--out", type=Path, default=TSV)
    args = parser.parse_args()
    print(f"{build(args.src, args.out)} units written to {args.out}")


if __name__ == "__main__":
    main()
