"""Parse speed: pages/s and articles/s segmenting the People's Daily 1998 pages (prints figures, asserts nothing).

    .venv/bin/python tests/bench/parse_speed.py ../shared/corpora/pd1998/199801.utf8.txt.xz [--rounds 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from searchapp.articles import articles_of  # noqa: E402
from searchapp.pages import meta_from_filename, read_page  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(corpus.parent / "make_pages.py"), "--src", str(corpus), "--out", tmp, "--halfwidth"], check=True, capture_output=True)
        pages = [read_page(p, p.name, meta_from_filename(p))[0] for p in sorted(Path(tmp, "pages").glob("*.txt"))]
    chars = sum(len(p.text) for p in pages)
    started = time.perf_counter()
    import searchapp.articles  # noqa: F401  (model loading counted below, on first use)
    first = articles_of(pages[0], "warm")
    warm = time.perf_counter() - started
    best = float("inf")
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        articles = sum(len(articles_of(p, "k").articles) for p in pages)
        best = min(best, time.perf_counter() - t0)
    print(f"first page (model load included): {warm * 1000:.0f} ms, {len(first.articles)} articles")
    print(f"{len(pages)} pages, {chars / 1e6:.2f} M chars, {articles} articles: best of {args.rounds} {best:.2f} s = {len(pages) / best:.0f} pages/s, {articles / best:.0f} articles/s, {chars / best / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
