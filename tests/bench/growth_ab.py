"""The growth table with checkouts taking turns: both sizes, both checkouts, one process each, in
rounds, so that a shared machine's load falls on all alike (the benchmark runs ×1 then ×5 once).

    .venv/bin/python tests/bench/growth_ab.py /tmp/scale5/run2/index-x1 /tmp/scale5/run2/index-x5 \
        --checkout /work/main --checkout . [--rounds 3]

Each unit (checkout, index) runs the benchmark's library mix (bench.time_queries: plain, date
range, district; a warm-up then 5 timed repeats) and its HTTP mix (bench.run_http, 2 workers).
Prints per unit the library p50/p95/p99 over all rounds, the HTTP /search figures (median of the
rounds) and the ×5/×1 ratio per checkout. A benchmark script: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

RUNNER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from searchapp import archive as A, bench
arch = A.Archive.open(sys.argv[2])
district = bench._most_frequent_county(arch)
timings, rows = bench.time_queries(arch, district)
del arch
http = bench.run_http(sys.argv[2], district)
print(json.dumps({"lib": [x for v in timings.values() for x in v], "http": http["latency"]["/search"], "errors": http["errors"]}))
"""


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("x1")
    parser.add_argument("xn")
    parser.add_argument("--checkout", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    checkouts = [str(Path(c).resolve()) for c in args.checkout]
    units = [(c, x) for x in (args.x1, args.xn) for c in checkouts]
    lib: dict = {u: [] for u in units}
    http: dict = {u: [] for u in units}
    errors = {u: 0 for u in units}
    for r in range(args.rounds):
        for u in units:
            out = subprocess.run([sys.executable, "-c", RUNNER, *u], check=True, capture_output=True, text=True).stdout
            data = json.loads(out.strip().splitlines()[-1])
            lib[u].extend(data["lib"])
            http[u].append(data["http"])
            errors[u] += data["errors"]
            print(f"round {r} {u[0]} {u[1]}: library p95 {_pct(data['lib'], 95):.1f}  HTTP p95 {data['http']['p95']:.1f}", flush=True)
    result = {}
    for u in units:
        median = lambda k: sorted(h[k] for h in http[u])[len(http[u]) // 2]  # noqa: E731
        result[u] = [_pct(lib[u], 50), _pct(lib[u], 95), _pct(lib[u], 99), median("p50"), median("p95"), median("p99")]
        print(f"{u[0]} {u[1]}: library p50/p95/p99 " + " / ".join(f"{v:.1f}" for v in result[u][:3])
              + "  HTTP /search " + " / ".join(f"{v:.1f}" for v in result[u][3:]) + f"  errors {errors[u]}")
    for c in checkouts:
        a, b = result[(c, args.x1)], result[(c, args.xn)]
        print(f"{c} ratio: library " + " / ".join(f"{y / x:.2f}" for x, y in zip(a[:3], b[:3]))
              + "  HTTP " + " / ".join(f"{y / x:.2f}" for x, y in zip(a[3:], b[3:])))


if __name__ == "__main__":
    main()
