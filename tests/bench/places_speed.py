"""Places speed: how fast place names are found at build time, and what a district filter costs a
query (prints figures, asserts nothing; CPU time, so other work on the machine does not skew it).

    .venv/bin/python tests/bench/places_speed.py ../shared/corpora/xwlb/xwlb_articles.jsonl.xz [--every 10]

Takes every Nth article of the JSONL corpus, times `districts_in` over them (after a warm-up:
the one-time cost of loading the gazetteer and jieba's tags is printed apart), builds an index
of them in a temporary folder, and times the same queries with no filter, with a province
filter as a path and as typed (四川 / 四川省), with a county and with a shared name.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import lzma
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from searchapp.index import build_index  # noqa: E402
from searchapp.ingest import iter_parsed  # noqa: E402
from searchapp.archive import Archive  # noqa: E402
from searchapp.results import SearchRequest  # noqa: E402

QUERIES = ("发展", "经济", "疫情防控", "习近平", "5G", "疫", "")
FILTERS = (None, "四川省", "四川", "成都市", "锦江区", "朝阳区")


def _open(path: str):
    return lzma.open(path, "rt", encoding="utf-8") if path.endswith(".xz") else gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="article JSONL (.jsonl, .jsonl.xz, .jsonl.gz)")
    ap.add_argument("--every", type=int, default=10, help="take every Nth article")
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args()
    with _open(args.corpus) as fh:
        lines = list(itertools.islice(fh, 0, None, args.every))
    articles = [json.loads(line) for line in lines]
    texts = [("\n".join([a.get("title") or "", *a.get("paragraphs", [])]), a.get("newspaper"), a.get("date")) for a in articles]
    chars = sum(len(t) for t, _, _ in texts)

    from searchapp.districts import districts_in

    started = time.process_time()
    districts_in("预热：延慶縣、太原市小店区")
    warm_up = time.process_time() - started
    started = time.process_time()
    places = sum(len(districts_in(t, n, date=d)) for t, n, d in texts)
    spent = time.process_time() - started
    print(f"places: {len(texts)} articles, {chars / 1e6:.2f} M chars, {spent:.2f} s CPU = {chars / spent / 1e6:.1f} M chars/s "
          f"({places} places; one-time load {warm_up:.2f} s)")

    with tempfile.TemporaryDirectory(prefix="places-speed-") as tmp:
        src = Path(tmp) / "sample.jsonl"
        src.write_text("".join(lines), "utf-8")
        build_index(iter_parsed([str(src)]), str(Path(tmp) / "index"), jobs=1)
        archive = Archive.open(str(Path(tmp) / "index"))
        print(f"{'filter':10s} " + " ".join(f"{q or '(all)':>10s}" for q in QUERIES) + "   (CPU ms per query, median; matching articles)")
        for district in FILTERS:
            cells = []
            for q in QUERIES:
                request = SearchRequest(q=q, district=district)
                result = archive.search(request)
                times = []
                for _ in range(args.repeats):
                    t = time.process_time()
                    archive.search(request)
                    times.append((time.process_time() - t) * 1000)
                cells.append(f"{statistics.median(times):5.2f}/{result.total_articles:<4d}")
            print(f"{district or '(none)':10s} " + " ".join(f"{c:>10s}" for c in cells))


if __name__ == "__main__":
    main()
