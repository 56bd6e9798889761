"""People and organisation extraction's CPU per million characters: checkouts taking turns.

    .venv/bin/python tests/bench/extract_ab.py ../shared/corpora/xwlb/xwlb_articles.jsonl.xz \
        CHECKOUT [CHECKOUT ...] [--rounds 3] [--articles 3000]

Each round runs `entities_of` over the same articles (every 10th line of the JSONL corpus, the
first N) once per checkout (64 at a time through `entities_of_many` where the checkout has it, as
a build does), each in a fresh process importing that checkout's searchapp
(PYTHONPATH), models loaded before the clock starts; the least CPU of the rounds is kept, which a
shared machine inflates less than the mean. (`git worktree add /tmp/base <commit>` gives a
checkout of an older commit.) A benchmark script: it prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

TIMED = r"""
import gc, json, lzma, sys, time
from searchapp import entities
entities.warm_up()
articles = []
with lzma.open(sys.argv[1], "rt", encoding="utf-8") as fh:
    for i, line in enumerate(fh):
        if i % 10 == 0:
            articles.append(json.loads(line))
            if len(articles) >= int(sys.argv[2]):
                break
chars = sum(len(a["title"]) + sum(map(len, a["paragraphs"])) for a in articles)
gc.collect()
args = [dict(title=a["title"], paragraphs=a["paragraphs"], newspaper="新闻联播", date=a.get("date")) for a in articles]
many = getattr(entities, "entities_of_many", None)
started = time.process_time()
if many is None:  # before extraction ran over many articles at once
    for a in args:
        entities.entities_of(**a)
else:  # as a build's worker does, 64 pages (here articles) at a time
    for i in range(0, len(args), 64):
        many(args[i : i + 64])
print((time.process_time() - started) / chars * 1e6, chars, "one by one" if many is None else "64 at a time")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="an article JSONL corpus (.jsonl.xz): title, paragraphs, date")
    parser.add_argument("checkouts", nargs="+", help="directories holding a searchapp package")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    best: dict[str, float] = {}
    for r in range(args.rounds):
        for checkout in args.checkouts:
            env = {**os.environ, "PYTHONPATH": os.path.abspath(checkout)}
            out = subprocess.run([sys.executable, "-c", TIMED, corpus, str(args.articles)], env=env, cwd="/",
                                 capture_output=True, text=True, check=True).stdout.split()
            per_million, chars, how = float(out[0]), int(out[1]), " ".join(out[2:])
            best[checkout] = min(best.get(checkout, per_million), per_million)
            print(f"round {r + 1} {checkout}: {per_million:.3f} CPU-s per million characters ({chars:,} characters, {how})", flush=True)
    for checkout in args.checkouts:
        print(f"least of {args.rounds}: {checkout}: {best[checkout]:.3f} CPU-s per million characters")


if __name__ == "__main__":
    main()
