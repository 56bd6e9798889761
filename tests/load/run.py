"""Load test: Locust against `searchapp serve --workers 2` on loopback, bounded in time and count.

    .venv/bin/python tests/load/run.py --index /path/to/xwlb-index            # 50 readers, 60 s
    .venv/bin/python tests/load/run.py --index IDX --sweep 1,5,10,25,50,100   # where latency climbs

Prints, per run: requests, failures, throughput, p50/p95/p99 per endpoint and overall, and how
many CPU cores the server and the load generator used (both share this machine's cores), and
the server workers' resident memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from searchapp.bench import process_tree, rss_mb
from searchapp.web import serving_in_background

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def run_locust(base: str, users: int, seconds: int, max_requests: int, server_pid: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "load")
        env = {**os.environ, "SEARCHAPP_LOAD_MAX_REQUESTS": str(max_requests)}
        cmd = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
               "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s", "--host", base,
               "--csv", prefix, "--stop-timeout", "5", "--loglevel", "WARNING"]
        server_pids = process_tree(server_pid)
        server_before = cpu_seconds(server_pids)
        children_before = sum(os.times()[2:4])
        started = time.monotonic()
        locust = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _, err = locust.communicate(timeout=seconds + 120)
        wall = time.monotonic() - started
        server_cores = (cpu_seconds(server_pids) - server_before) / wall
        loadgen_cores = (sum(os.times()[2:4]) - children_before) / wall
        rows = list(csv.DictReader(open(prefix + "_stats.csv", encoding="utf-8")))
    if not rows:
        raise SystemExit("locust wrote no statistics:\n" + err[-2000:])
    return {"users": users, "wall": wall, "server_cores": server_cores, "loadgen_cores": loadgen_cores, "rows": rows,
            "exit": locust.returncode}


def print_run(r: dict, detail: bool) -> None:
    print(f"\n{r['users']} concurrent readers, {r['wall']:.0f} s; server used {r['server_cores']:.2f} cores "
          f"and the load generator {r['loadgen_cores']:.2f} ({os.cpu_count()} cores in all)")
    print(f"{'endpoint':<18} {'requests':>9} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for row in r["rows"]:
        if not detail and row["Name"] != "Aggregated":
            continue
        print(f"{row['Name'][:18]:<18} {int(row['Request Count']):>9} {int(row['Failure Count']):>8} "
              f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
              f"{float(row['Max Response Time']):>7.0f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True, help="index directory to serve (e.g. one built from xwlb)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    ap.add_argument("--hostile", type=float, default=0.1, help="share of full-page searches that are hostile queries")
    ap.add_argument("--sweep", help="comma-separated concurrency levels, --seconds each")
    args = ap.parse_args()
    if args.seconds > 900 or args.users > 500:
        raise SystemExit("bounded on purpose: at most 900 s and 500 users")
    failures = 0
    os.environ["SEARCHAPP_LOAD_HOSTILE"] = str(args.hostile)
    with serving_in_background(args.index, workers=args.workers) as (base, server):
        time.sleep(2)  # let every worker boot
        print(f"serving {args.index} at {base} with {args.workers} workers; worker RSS MB: "
              + ", ".join(f"{rss_mb(p):.0f}" for p in process_tree(server.pid)[1:]))
        levels = [int(x) for x in args.sweep.split(",")] if args.sweep else [args.users]
        for users in levels:
            result = run_locust(base, users, args.seconds, args.max_requests, server.pid)
            print_run(result, detail=not args.sweep or users == levels[-1])
            failures += sum(int(row["Failure Count"]) for row in result["rows"] if row["Name"] == "Aggregated")
        print("\nworker RSS MB after the run: " + ", ".join(f"{rss_mb(p):.0f}" for p in process_tree(server.pid)[1:]))
    print(f"failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
