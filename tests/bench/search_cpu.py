"""Where a search's time goes, in CPU time (steady on a shared machine, where wall time is not):
Archive.search over the benchmark's query mix with the facets run after the ranking on the
calling thread and the engine's segments one after the other, so that each stage's CPU is its own.

    .venv/bin/python tests/bench/search_cpu.py /tmp/scale5/run2/index-x5 [--checkout /work/main] [--stages 习近平,发展]

Prints the mix's per-request CPU (least of 3) p50/p95/max/sum and, with --stages, each query's
CPU by stage (engine.top, engine.aggregate, stored reads, paragraph matching, snippets, the rest).
Two cores run the facets beside the ranking, so a search's wall time is nearer the larger of the
two than their sum. A benchmark script: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path


class _Later:
    """A future that runs its call when asked for its result: the facets after the ranking."""

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, args, kwargs

    def result(self):
        return self.fn(*self.args, **self.kwargs)


class _Serial:
    def submit(self, fn, *args, **kwargs):
        return _Later(fn, args, kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index")
    parser.add_argument("--checkout", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--stages", default="")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.checkout).resolve()))
    from searchapp import archive as A
    from searchapp import bench
    from searchapp.results import SearchRequest

    archive = A.Archive.open(args.index)
    engine = archive.engine
    archive._pool = lambda: _Serial()
    if hasattr(engine, "_map"):
        engine._map = lambda fn, items, parallel=True: [fn(i) for i in items]
    district = bench._most_frequent_county(archive)
    rows = []
    for text, _ in bench.QUERIES:
        for label, request in (("plain", SearchRequest(q=text)),
                               ("date range", SearchRequest(q=text, date_from=bench.DATE_RANGE[0], date_to=bench.DATE_RANGE[1])),
                               ("district", SearchRequest(q=text, district=district))):
            archive.search(request)
            best = min(_cpu(lambda: archive.search(request)) for _ in range(3))
            rows.append((best, text, label))
    cpu = sorted(r[0] for r in rows)
    pick = lambda p: cpu[min(len(cpu) - 1, round(p / 100 * (len(cpu) - 1)))]  # noqa: E731
    print(f"{args.checkout} {args.index}: CPU ms per search p50 {pick(50):.1f}  p95 {pick(95):.1f}  max {cpu[-1]:.1f}  sum {sum(cpu):.0f}")
    print("  slowest: " + ", ".join(f"{t} ({label}) {ms:.1f}" for ms, t, label in sorted(rows, reverse=True)[:6]))
    if not args.stages:
        return
    spent: dict = collections.defaultdict(float)

    def timed(owner, name):
        real = getattr(owner, name)

        def call(*a, **k):
            started = time.process_time()
            try:
                return real(*a, **k)
            finally:
                spent[name] += time.process_time() - started
        setattr(owner, name, call)

    for name in ("top", "aggregate", "stored", "count"):
        timed(engine, name)
    for name in ("matched_paragraphs", "choose_snippets", "snippet", "highlight"):
        timed(A, name)
    for text in args.stages.split(","):
        request = SearchRequest(q=text)
        archive.search(request)
        best = None
        for _ in range(5):
            spent.clear()
            total = _cpu(lambda: archive.search(request))
            if best is None or total < best[0]:
                best = (total, dict(spent))
        total, parts = best
        rest = total - sum(parts.values()) * 1000
        print(f"  {text:<10} {total:6.1f} ms: " + "  ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]))
              + f"  rest {rest:.1f}")


def _cpu(fn) -> float:
    started = time.process_time()
    fn()
    return (time.process_time() - started) * 1000


if __name__ == "__main__":
    main()
