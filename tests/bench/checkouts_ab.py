"""Two checkouts of searchapp, one index, the benchmark's query mix: which answers faster?

    .venv/bin/python tests/bench/checkouts_ab.py ../shared/corpora/xwlb/xwlb_articles.jsonl.xz \
        --before /path/to/old/checkout [--after .] [--fraction 0.1] [--rounds 6]

Builds the corpus sample's index once (with the `--after` checkout; both must read the same
index schema), then runs the benchmark's library call (`Archive.search`: search, facets, snippets
of the first page) for each query of searchapp.bench.QUERIES, plain, with a date range and with a
district, in a process per checkout and round, the checkouts taking turns (before, after, before,
after …) so that a busy machine slows both alike. Prints p50/p95/p99 per checkout and their ratio,
and checks that both give the same totals. A benchmark script: it prints figures, asserts nothing
about speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RUNNER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import searchapp
assert searchapp.__file__.startswith(sys.argv[1]), searchapp.__file__
try:
    from searchapp.archive import Archive
except ImportError:  # a checkout before the one-flow change
    from searchapp.search import Archive
from searchapp.results import SearchRequest
from searchapp.bench import QUERIES, DATE_RANGE
archive = Archive.open(sys.argv[2])
district = sys.argv[3]
out = {"plain": [], "date range": [], "district": []}
totals = {}
for text, _ in QUERIES:
    for label, request in (("plain", SearchRequest(q=text)),
                           ("date range", SearchRequest(q=text, date_from=DATE_RANGE[0], date_to=DATE_RANGE[1])),
                           ("district", SearchRequest(q=text, district=district))):
        archive.search(request)  # warm
        for _ in range(3):
            t = time.perf_counter()
            result = archive.search(request)
            out[label].append((time.perf_counter() - t) * 1000)
        totals[f"{label}:{text}"] = result.total_articles
print(json.dumps({"timings": out, "totals": totals}))
"""


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--fraction", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--district", default="北京市")
    args = parser.parse_args()
    before, after = str(Path(args.before).resolve()), str(Path(args.after).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, after)
        from searchapp.bench import Corpus, read_lines

        corpus = Corpus.sample(read_lines(args.corpus), args.fraction, Path(tmp))
        index = Path(tmp) / "index"
        subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {after!r}); from searchapp.cli import main; main()",
                        "build", "--source", str(corpus.jsonl), "--index", str(index)], check=True, capture_output=True)
        runs: dict[str, list[float]] = {"before": [], "after": []}
        totals: dict[str, dict] = {}
        for _ in range(args.rounds):
            for name, checkout in (("before", before), ("after", after)):
                done = subprocess.run([sys.executable, "-c", RUNNER, checkout, str(index), args.district],
                                      check=True, capture_output=True, text=True)
                data = json.loads(done.stdout.strip().splitlines()[-1])
                runs[name].extend(x for v in data["timings"].values() for x in v)
                totals[name] = data["totals"]
    print(f"corpus sample {args.fraction:g}: {corpus.articles} articles; {args.rounds} rounds, checkouts taking turns")
    for name in ("before", "after"):
        v = runs[name]
        print(f"{name:6}  n={len(v)}  p50 {_pct(v, 50):7.2f} ms  p95 {_pct(v, 95):7.2f} ms  p99 {_pct(v, 99):7.2f} ms")
    for p in (50, 95, 99):
        print(f"after / before p{p}: {_pct(runs['after'], p) / _pct(runs['before'], p):.2f}")
    differ = {k: (totals["before"][k], totals["after"].get(k)) for k in totals["before"] if totals["before"][k] != totals["after"].get(k)}
    print("totals: the same for every query" if not differ else f"totals differ: {differ}")


if __name__ == "__main__":
    main()
