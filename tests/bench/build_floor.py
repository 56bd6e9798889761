"""How fast can searchapp's build be? Its fixed parts, each alone, beside SQLite FTS5, in one run.

    .venv/bin/python tests/bench/build_floor.py ../shared/corpora/xwlb/xwlb_articles.jsonl.xz \
        [--fraction 0.1] [--rounds 2] [--builds] [--entities-ab] [--only-ab]

On a stride sample of the corpus (as `searchapp bench` takes it), each round times, taking turns:

* **fts5**: SQLite FTS5 with the trigram tokenizer, from the JSONL file to a committed database
  (what `searchapp bench` times);
* **jieba**: rjieba's search-mode cut of every article's Han text, one call per article (the
  founders keep jieba at index time: no build does less);
* **tantivy**: Tantivy alone indexing the documents a build makes (made beforehand, untimed) with
  the build's writer settings, add to commit: the index's own cost, whatever Python does;
* **no pairs**: the same without the body's character pairs (BODY_PAIRS), for what they cost;
* **entities**, **places**: people/organisations (entities.py) and places (districts.py) alone;
* with `--builds`, `searchapp build` at --jobs 1 and 2 (wall and CPU of all its processes);
* with `--entities-ab`, `searchapp build --jobs 2` with people and organisations and without
  (SEARCHAPP_ENTITIES=0), taking turns: what extraction adds to a whole build (issue 23 allows 15%);
  with `--only-ab`, that alone (`--fraction 1 --only-ab`: the whole file).

CPU seconds are process time (Tantivy's indexing thread included); each part's least CPU over
the rounds is kept, which a machine shared with other work inflates less than wall time. FTS5
runs on one thread, so on a quiet machine its wall time is its CPU time. The lower bound of a
build that keeps all of these on N cores is max(tantivy, (jieba + tantivy + entities + places) / N)
CPU-seconds: Tantivy indexes on one thread (the build's writer settings). A benchmark script: it
prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rjieba

from searchapp import analysis, districts, entities, organisations, people
from searchapp import index as ix
from searchapp.bench import _jsonl_paragraphs, read_lines
from searchapp.ingest import _jsonl_page


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def fts5(jsonl: Path, work: Path) -> None:
    path = work / "fts5.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
    db.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", enumerate(_jsonl_paragraphs(jsonl)))
    db.commit()
    db.close()


def tantivy_alone(documents_of, work: Path) -> None:
    target = work / "tantivy"
    shutil.rmtree(target, ignore_errors=True)
    index = ix.open_index(target, create=True)
    writer = index.writer(heap_size=ix.WRITER_HEAP, num_threads=1)
    for doc in documents_of():
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


def build(jsonl: Path, work: Path, jobs: int, entities_on: bool = True) -> tuple[float, float]:
    target = work / f"build-{jobs}"
    env = {**os.environ, "SEARCHAPP_ENTITIES": "1" if entities_on else "0"}
    shutil.rmtree(target, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Run in the work folder: `-m` finds a searchapp in the current directory before PYTHONPATH's,
    # and PYTHONPATH=CHECKOUT is how an older checkout is timed.
    subprocess.run([sys.executable, "-m", "searchapp.cli", "build", "--source", str(jsonl.resolve()), "--index", str(target.resolve()),
                    "--jobs", str(jobs)], check=True, stdout=subprocess.DEVNULL, env=env, cwd=work)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(target, ignore_errors=True)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ab_round(jsonl: Path, work: Path, best: dict) -> None:
    """One round of `searchapp build --jobs 2` without and with people and organisations; the
    least CPU of each kept in best["entities off"] and best["entities on"]."""
    for on in (False, True):
        wall, cpu = build(jsonl, work, 2, entities_on=on)
        name = f"entities {'on' if on else 'off'}"
        print(f"  build --jobs 2, {name:<12} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
        best[name] = min(best.get(name, (wall, cpu)), (wall, cpu), key=lambda x: x[1])


def print_ab(best: dict, rounds: int) -> None:
    (on_wall, on_cpu), (off_wall, off_cpu) = best["entities on"], best["entities off"]
    print(f"build --jobs 2 with people and organisations / without: wall {on_wall:.2f} / {off_wall:.2f} s "
          f"(x{on_wall / off_wall:.2f}), CPU {on_cpu:.2f} / {off_cpu:.2f} s (x{on_cpu / off_cpu:.2f}); "
          f"least CPU of {rounds} rounds each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--fraction", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--builds", action="store_true", help="also time searchapp build --jobs 1 and 2")
    parser.add_argument("--entities-ab", action="store_true",
                        help="also time searchapp build --jobs 2 with and without people and organisations")
    parser.add_argument("--only-ab", action="store_true",
                        help="time only the builds with and without people and organisations (--fraction 1: the whole file)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="build-floor-"))
    try:
        lines = read_lines(args.corpus)
        step = max(1, round(1 / args.fraction))
        jsonl = work / "sample.jsonl"
        jsonl.write_bytes(b"".join(lines[::step]))
        if args.only_ab:
            best_ab: dict = {}
            for _ in range(args.rounds):
                ab_round(jsonl, work, best_ab)
            print_ab(best_ab, args.rounds)
            return
        articles = [a for n, line in enumerate(jsonl.read_text("utf-8").splitlines(), 1) if line.strip()
                    for a in _jsonl_page(json.loads(line), jsonl.name, n).articles]
        chars = sum(len(a.title) + sum(map(len, a.paragraphs)) for a in articles)
        han = [" ".join(analysis.normalize(p) for p in a.paragraphs) for a in articles]
        prepared = [ix.prepare_article(a) for a in articles]
        unpaired = [dataclasses.replace(p, body_compact=()) for p in prepared]
        districts.finder()
        people.people_finder()
        organisations.organisation_finder()
        print(f"{args.fraction:g} of the corpus: {len(articles)} articles, {chars / 1e6:.2f} M characters; "
              f"entities {'on' if entities.enabled() else 'off'}; {os.cpu_count()} cores", flush=True)
        parts = {
            "fts5": lambda: fts5(jsonl, work),
            "jieba": lambda: [rjieba.cut_for_search(analysis._NOT_HAN.sub(" ", t)) for t in han],
            "tantivy": lambda: tantivy_alone(lambda: (ix.document(p, i) for i, p in enumerate(prepared)), work),
            # The same without the body's character pairs (schema 7's BODY_PAIRS), for what they cost.
            "no pairs": lambda: tantivy_alone(lambda: (ix.document(p, i) for i, p in enumerate(unpaired)), work),
            # 64 at a time, as a build's worker finds them (entities.with_entities)
            "entities": lambda: [entities.with_entities(articles[i : i + 64]) for i in range(0, len(articles), 64)],
            "places": lambda: [districts.districts_in("\n".join((a.title, *a.paragraphs)), a.newspaper, date=a.issue_date)
                               for a in articles],
        }
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.rounds):
            for name, fn in parts.items():
                wall, cpu, _ = timed(fn)
                print(f"  {name:<9} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
                best[name] = min(best.get(name, (wall, cpu)), (wall, cpu), key=lambda x: x[1])
            if args.builds:
                for jobs in (1, 2):
                    wall, cpu = build(jsonl, work, jobs)
                    print(f"  build --jobs {jobs} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
                    best[f"build {jobs}"] = min(best.get(f"build {jobs}", (wall, cpu)), (wall, cpu))
            if args.entities_ab:
                ab_round(jsonl, work, best)
        cores = os.cpu_count() or 1
        cpu = {name: best[name][1] for name in parts}
        fts = cpu["fts5"]
        fixed = cpu["jieba"] + cpu["tantivy"] + cpu["entities"] + cpu["places"]
        floor = max(cpu["tantivy"], fixed / cores)
        print(f"least CPU of {args.rounds} rounds: FTS5 {fts:.2f} s (one thread: its build time on a quiet machine); "
              f"2x FTS5 is a build in {fts / 2:.2f} s")
        print(f"fixed parts: jieba {cpu['jieba']:.2f} + tantivy {cpu['tantivy']:.2f} + entities {cpu['entities']:.2f} "
              f"+ places {cpu['places']:.2f} = {fixed:.2f} CPU-s; on {cores} cores at least {floor:.2f} s: "
              f"x{fts / floor:.2f} FTS5 at best")
        without = cpu["jieba"] + cpu["tantivy"] + cpu["places"]
        bound = max(cpu["tantivy"], without / cores)
        print(f"without entities: {without:.2f} CPU-s, at least {bound:.2f} s: x{fts / bound:.2f} FTS5 at best")
        unpaired_fixed = fixed - cpu["tantivy"] + cpu["no pairs"]
        bound = max(cpu["no pairs"], unpaired_fixed / cores)
        print(f"without body pairs (entities on): {unpaired_fixed:.2f} CPU-s, at least {bound:.2f} s: "
              f"x{fts / bound:.2f} FTS5 at best")
        for jobs in (1, 2):
            if f"build {jobs}" in best:
                wall, used = best[f"build {jobs}"]
                print(f"searchapp build --jobs {jobs}: {wall:.2f} s wall, {used:.2f} CPU-s (FTS5 {best['fts5'][0]:.2f} s wall "
                      f"in the same rounds)")
        if "entities on" in best:
            print_ab(best, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
