"""Time the reader's routes (browse, cite, feed, trends) in-process on an index; prints figures, asserts nothing.

    .venv/bin/python tests/load/reader_routes.py --index /tmp/pd98-index --paper 人民日报 --date 1998-01-05 --runs 20
"""

from __future__ import annotations

import argparse
import statistics
import time
from urllib.parse import quote

from searchapp.web import create_app


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--paper", required=True, help="a newspaper in the index")
    ap.add_argument("--date", required=True, help="an issue date of that paper, YYYY-MM-DD")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    client = create_app({"INDEX": args.index, "TESTING": True}).test_client()
    paper = quote(args.paper)
    issue = client.get(f"/api/issues/{args.date}?paper={paper}").get_json()
    article = issue["pages"][0]["articles"][0]["id"]
    routes = [
        "/",
        f"/papers?paper={paper}&year={args.date[:4]}",
        f"/issues/{args.date}?paper={paper}",
        f"/issues/{args.date}/{issue['pages'][-1]['number']}?paper={paper}",
        f"/articles/{article}",
        f"/articles/{article}.ris",
        "/search.atom?q=" + quote("经济"),
        "/trends?q=" + quote("经济") + "&q=" + quote("香港") + "&by=day",
        "/api/trends?q=" + quote("改革") + "&q=" + quote("开放"),
        "/search?q=" + quote("经济"),
    ]
    print(f"{'median ms':>9}  {'p90 ms':>7}  status  route")
    for route in routes:
        client.get(route)  # warm: the index opened, caches filled
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            status = client.get(route).status_code
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"{statistics.median(times):9.1f}  {times[int(len(times) * 0.9) - 1]:7.1f}  {status:6d}  {route}")


if __name__ == "__main__":
    main()
