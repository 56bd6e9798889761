"""Benchmark: searchapp against SQLite FTS5 (trigram) and Whoosh + jieba, on real news, in one run.

For each corpus size it builds searchapp's index (wall time, chars/s, articles/s, size on disk,
peak memory of the build's process tree), runs the fixed query mix below through the library
(`Archive.search`: search, grouping, facets and highlighted snippets of the first page) and, on
the largest size, over HTTP against `searchapp serve --workers 2`; it builds the two peers on
the same paragraphs and runs the same queries; recall is checked against a brute-force
substring count over the paragraphs. Build times run from the JSONL file to a committed index
for searchapp and FTS5 alike (Whoosh, far slower, is fed the paragraphs from memory). Figures
are printed as tables; `--json-out` keeps them.
"""

from __future__ import annotations

import gzip
import http.client
import json
import lzma
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import urlencode, urlsplit

from .gazetteer import NO_PLACE
from .ingest import iter_parsed
from .archive import Archive
from .results import SearchRequest
from .web import serving_in_background

# The query mix: (text as typed, kind). Each also runs with a date range and a district filter.
QUERIES: list[tuple[str, str]] = [
    ("发展", "common word"),
    ("经济", "common word"),
    ("习近平", "name"),
    ("李克强", "name"),
    ("脱贫攻坚", "four-character phrase"),
    ("疫情防控", "four-character phrase"),
    ("山西", "place"),
    ("小店区", "place"),
    ("雄安新区", "place"),
    ("塞罕坝", "rare word"),
    ("嫦娥五号", "rare word"),
    ("5G", "latin/digits"),
    ("2020年", "latin/digits"),
    ("GDP", "latin/digits"),
    ("疫", "single character"),
    ('"一带一路"', "quoted phrase"),
    ('"人类命运共同体"', "quoted phrase"),
]
DATE_RANGE = ("2019-01-01", "2020-12-31")
REPEATS = 5


def _pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _latency(values: Sequence[float]) -> dict:
    return {"p50": _pct(values, 50), "p95": _pct(values, 95), "p99": _pct(values, 99), "n": len(values)}


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _strip(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _literal(query: str) -> str:
    return query.strip('"')


def read_lines(path: str) -> list[bytes]:
    """The corpus's JSONL lines, read once (.xz and .gz decompressed)."""
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(Path(path).suffix, open)
    with opener(path, "rb") as fh:
        return [line for line in fh if line.strip()]


SCALE_SHIFT_YEARS = 12  # copy k of the corpus moves every date back 12·k years (a multiple of 4: 29 Feb stays a day)


def _shift_date(value, years: int):
    """An ISO date (or date-time) string moved by `years`; anything else unchanged."""
    if isinstance(value, str) and re.match(r"\d{4}-", value):
        return f"{int(value[:4]) - years:04d}{value[4:]}"
    return value


def scaled_lines(lines: list[bytes], copies: int) -> Iterator[bytes]:
    """The corpus `copies` times over: copy 0 as it is, copy k (k ≥ 1) with every id suffixed -k and
    every date shifted back 12·k years, so that the copies are other articles on other days (same
    text: the words' frequencies grow k-fold, as in a larger archive of the same paper)."""
    yield from lines
    for k in range(1, copies):
        years = SCALE_SHIFT_YEARS * k
        for line in lines:
            obj = json.loads(line)
            if obj.get("id"):
                obj["id"] = f"{obj['id']}-{k}"
            for key in ("date", "pub_date"):
                if key in obj:
                    obj[key] = _shift_date(obj[key], years)
            if isinstance(obj.get("url"), str):
                obj["url"] = f"{obj['url']}#copy-{k}"
            yield (json.dumps(obj, ensure_ascii=False) + "\n").encode()


@dataclass
class Corpus:
    """A sample of the corpus: its JSONL (what searchapp builds from) and its paragraphs."""

    jsonl: Path
    articles: int
    paragraphs: list[tuple[str, str, str]]  # (text, date, district paths joined by |)
    keys: dict[tuple[str, int], int]  # (article id, paragraph number) -> index in paragraphs
    characters: int
    utf8_bytes: int

    @classmethod
    def sample(cls, lines: list[bytes], fraction: float, workdir: Path) -> "Corpus":
        step = max(1, round(1 / fraction))
        jsonl = workdir / f"sample-{fraction:g}.jsonl"
        jsonl.write_bytes(b"".join(lines[::step]))
        paragraphs = []
        keys: dict[tuple[str, int], int] = {}
        chars = articles = 0
        for page in iter_parsed([str(jsonl)]):
            for a in page.articles:
                articles += 1
                districts = "|".join("/".join(d.path) for d in a.districts)
                chars += len(a.title) + sum(len(t) for t in a.paragraphs)
                for number, text in enumerate(a.paragraphs, start=1):
                    keys[(a.id, number)] = len(paragraphs)
                    paragraphs.append((text, a.date or "", districts))
        utf8 = sum(len(p[0].encode()) for p in paragraphs)
        return cls(jsonl=jsonl, articles=articles, paragraphs=paragraphs, keys=keys, characters=chars, utf8_bytes=utf8)


def brute_force(corpus: Corpus, literal: str) -> set[int]:
    """Indices of the paragraphs that contain the literal, whitespace ignored."""
    needle = _strip(literal)
    return {i for i, (text, _, _) in enumerate(corpus.paragraphs) if needle in _strip(text)}


# ---------------------------------------------------------------- searchapp


def timed_build(jsonl: Path, index_dir: Path, jobs: int | None = None) -> dict:
    """`searchapp build` from JSONL to a committed index (reading, parsing, analysis, indexing), as a
    user runs it, in a process of its own so that its peak memory is the build's alone, not this
    benchmark's copy of the corpus: wall seconds, CPU seconds of the build and its workers, peak MB."""
    shutil.rmtree(index_dir, ignore_errors=True)
    command = [sys.executable, "-m", "searchapp.cli", "build", "--source", str(jsonl), "--index", str(index_dir)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with PeakMemory(proc.pid) as peak:
        output = proc.stdout.read().decode("utf-8", "replace")
        proc.wait()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and the workers it waited for
    if proc.returncode != 0:
        raise RuntimeError(f"searchapp build failed: {output[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"jobs": jobs, "build_seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": peak.mb}


def run_jobs_curve(corpus: Corpus, workdir: Path, jobs: Sequence[int]) -> list[dict]:
    """The build alone at each --jobs: how it scales with processes (and what it costs in CPU)."""
    curve = []
    for n in jobs:
        entry = timed_build(corpus.jsonl, workdir / f"searchapp-jobs-{n}", n)
        entry["chars_per_s"] = corpus.characters / entry["build_seconds"]
        shutil.rmtree(workdir / f"searchapp-jobs-{n}", ignore_errors=True)
        curve.append(entry)
    return curve


def run_searchapp(corpus: Corpus, workdir: Path, district: str | None) -> dict:
    index_dir = workdir / "searchapp-index"
    built = timed_build(corpus.jsonl, index_dir)
    wall = built["build_seconds"]
    peak_rss_mb = built["peak_rss_mb"]  # the largest of the build and its analysis workers
    archive = Archive.open(index_dir)
    stats = archive.stats()
    if district is None:
        district = _most_frequent_county(archive)
    timings, per_query = time_queries(archive, district)
    for row in per_query:
        # Paragraphs found by the query as typed, for recall against the brute-force scan.
        row["found"] = {corpus.keys[key] for key in archive.matching_paragraphs(SearchRequest(q=row["query"]))}
    return {
        "index_dir": str(index_dir),
        "district": district,
        "build_seconds": wall,
        "build_cpu_seconds": built["cpu_seconds"],
        "chars_per_s": corpus.characters / wall,
        "articles_per_s": stats.articles / wall,
        "articles": stats.articles,
        "paragraphs": stats.paragraphs,
        "index_bytes": _du(index_dir),
        "peak_rss_mb": peak_rss_mb,
        "latency": {k: _latency(v) for k, v in timings.items()},
        "latency_all": _latency([x for v in timings.values() for x in v]),
        "queries": per_query,
    }


def time_queries(archive: Archive, district: str | None) -> tuple[dict[str, list[float]], list[dict]]:
    """The query mix through the library, plain, with a date range and with a district filter:
    (ms per variant, a row per query with its totals and its slowest time)."""
    timings: dict[str, list[float]] = {"plain": [], "date range": [], "district": []}
    per_query = []
    for text, kind in QUERIES:
        variants = {
            "plain": SearchRequest(q=text),
            "date range": SearchRequest(q=text, date_from=DATE_RANGE[0], date_to=DATE_RANGE[1]),
            "district": SearchRequest(q=text, district=district),
        }
        row: dict = {"query": text, "kind": kind}
        for label, request in variants.items():
            archive.search(request)  # warm
            times = []
            for _ in range(REPEATS):
                t = time.perf_counter()
                result = archive.search(request)
                times.append((time.perf_counter() - t) * 1000)
            timings[label].extend(times)
            row[f"articles ({label})"] = result.total_articles
            row[f"ms ({label})"] = _pct(times, 50)
        per_query.append(row)
    return timings, per_query


def _most_frequent_county(archive: Archive) -> str | None:
    """The county with most articles, found by drilling down the district facet as a reader would."""
    selected = None
    for depth in range(3):
        nodes = archive.search(SearchRequest(district=selected)).district_facet
        for _ in range(depth):  # down the selected path to the level below the selection
            nodes = next(n for n in nodes if n.selected).children
        if not nodes:
            break
        places = [n for n in nodes if n.value != NO_PLACE and not n.note]  # not the no-place bucket nor an old name
        if not places:
            break
        selected = max(places, key=lambda n: n.count).value
    return selected


# ---------------------------------------------------------------- SQLite FTS5 trigram


def run_fts5(corpus: Corpus, workdir: Path, district: str | None) -> dict:
    path = workdir / "fts5.db"
    if path.exists():
        path.unlink()
    # Timed as searchapp's build is: from the JSONL file to a committed index. FTS5 reads the
    # same paragraphs (stripped, blank ones dropped, as searchapp's reader does); it finds no
    # places, so each paragraph's date and districts are given to it as searchapp found them.
    started = time.perf_counter()
    cpu_started = time.process_time()  # one thread: its CPU is its wall time on a quiet machine
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta(id INTEGER PRIMARY KEY, date TEXT, district TEXT)")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
    db.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", enumerate(_jsonl_paragraphs(corpus.jsonl)))
    inserted = db.execute("SELECT max(rowid) + 1 FROM t").fetchone()[0] or 0
    db.executemany("INSERT INTO meta VALUES (?, ?, ?)", ((i, p[1], p[2]) for i, p in enumerate(corpus.paragraphs)))
    db.commit()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if inserted != len(corpus.paragraphs):
        raise RuntimeError(f"FTS5 read {inserted} paragraphs from {corpus.jsonl}, searchapp {len(corpus.paragraphs)}")
    timings: dict[str, list[float]] = {"plain": [], "date range": [], "district": []}
    counts = {}
    for text, _ in QUERIES:
        literal = _literal(text)
        for label in timings:
            where, args = _fts_where(literal, label, district)
            for _ in range(REPEATS):
                t = time.perf_counter()
                db.execute(f"SELECT count(*) FROM t JOIN meta ON meta.id = t.rowid WHERE {where}", args).fetchone()[0]
                order = "ORDER BY rank" if len(literal) >= 3 else ""
                db.execute(f"SELECT t.rowid FROM t JOIN meta ON meta.id = t.rowid WHERE {where} {order} LIMIT 10", args).fetchall()
                timings[label].append((time.perf_counter() - t) * 1000)
            if label == "plain":
                counts[text] = {r[0] for r in db.execute(f"SELECT t.rowid FROM t JOIN meta ON meta.id = t.rowid WHERE {where}", args)}
    db.close()
    return {
        "build_seconds": wall,
        "build_cpu_seconds": cpu,
        "chars_per_s": corpus.characters / wall,
        "index_bytes": path.stat().st_size,
        "latency": {k: _latency(v) for k, v in timings.items()},
        "latency_all": _latency([x for v in timings.values() for x in v]),
        "counts": counts,
    }


def _jsonl_paragraphs(path: Path) -> Iterator[str]:
    """Every article's paragraphs from a JSONL file, in order."""
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            paragraphs = json.loads(line).get("paragraphs") or []
            if isinstance(paragraphs, str):
                paragraphs = [paragraphs]
            for p in paragraphs:
                text = str(p).strip()
                if text:
                    yield text


def _fts_where(literal: str, label: str, district: str | None) -> tuple[str, list]:
    if len(literal) >= 3:
        clause, args = "t MATCH ?", ['"' + literal.replace('"', '""') + '"']
    else:  # trigram cannot match under three characters: a scan, as a user of FTS5 would write
        clause, args = "instr(t.text, ?) > 0", [literal]
    if label == "date range":
        clause += " AND meta.date BETWEEN ? AND ?"
        args += list(DATE_RANGE)
    elif label == "district":
        clause += " AND instr(meta.district, ?) > 0"
        args.append(district or "")
    return clause, args


# ---------------------------------------------------------------- Whoosh + jieba


def run_whoosh(corpus: Corpus, workdir: Path, district: str | None) -> dict | None:
    try:
        from jieba.analyse import ChineseAnalyzer
        from whoosh import index as windex
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import QueryParser
        from whoosh.query import And, Term, TermRange
    except ImportError as e:
        return {"skipped": f"whoosh not installed ({e}); pip install -e '.[bench]'"}
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    path = workdir / "whoosh"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    schema = Schema(pid=ID(stored=True), text=TEXT(analyzer=ChineseAnalyzer()), date=ID(stored=False), district=TEXT(stored=False))
    started = time.perf_counter()
    ix = windex.create_in(str(path), schema)
    writer = ix.writer(limitmb=512)
    for pid, (text, date, districts) in enumerate(corpus.paragraphs):
        writer.add_document(pid=str(pid), text=text, date=date, district=districts.replace("|", " "))
    writer.commit()
    wall = time.perf_counter() - started
    timings: dict[str, list[float]] = {"plain": [], "date range": [], "district": []}
    counts = {}
    with ix.searcher() as searcher:
        parser = QueryParser("text", ix.schema)
        for text, _ in QUERIES:
            q = parser.parse(text)
            variants = {
                "plain": q,
                "date range": And([q, TermRange("date", DATE_RANGE[0], DATE_RANGE[1])]),
                "district": And([q, Term("district", (district or "").rsplit("/", 1)[-1])]),
            }
            for label, query in variants.items():
                for _ in range(REPEATS):
                    t = time.perf_counter()
                    results = searcher.search(query, limit=10)
                    len(results)  # the total count, as a results page shows it
                    timings[label].append((time.perf_counter() - t) * 1000)
                if label == "plain":
                    counts[text] = {int(searcher.stored_fields(d)["pid"]) for d in searcher.docs_for_query(query)}
    return {
        "build_seconds": wall,
        "chars_per_s": corpus.characters / wall,
        "index_bytes": _du(path),
        "latency": {k: _latency(v) for k, v in timings.items()},
        "latency_all": _latency([x for v in timings.values() for x in v]),
        "counts": counts,
    }


# ---------------------------------------------------------------- HTTP


def run_http(index_dir: str, district: str | None) -> dict:
    with serving_in_background(index_dir, workers=2) as (base, server):
        timings: dict[str, list[float]] = {"/search": [], "/api/search": []}
        errors = 0
        conn = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=30)
        for text, _ in QUERIES:
            for extra in ({}, {"from": DATE_RANGE[0], "to": DATE_RANGE[1]}, {"district": district or ""}):
                for path in timings:
                    url = f"{path}?{urlencode({'q': text, **extra})}"
                    for _ in range(REPEATS):
                        t = time.perf_counter()
                        conn.request("GET", url)
                        response = conn.getresponse()
                        response.read()
                        timings[path].append((time.perf_counter() - t) * 1000)
                        errors += response.status != 200
        workers = [rss_mb(pid) for pid in process_tree(server.pid)[1:]]
    return {"latency": {k: _latency(v) for k, v in timings.items()}, "errors": errors, "worker_rss_mb": workers}


class PeakMemory:
    """The largest peak resident memory (VmHWM) of a process and its descendants while it runs.

    Read from /proc every POLL seconds, not from wait4's ru_maxrss: a child started by
    subprocess inherits the starting process's high-water mark across exec (vfork or fork shares
    or copies its memory first), so ru_maxrss would report this benchmark's own size. VmHWM
    belongs to the process image after exec and only grows, so the last reading before exit
    misses only what was added in the last POLL seconds.
    """

    POLL = 0.1

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @property
    def mb(self) -> float:
        return self.kb / 1024

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            for pid in process_tree(self.pid):
                self.kb = max(self.kb, _status_kb(pid, "VmHWM:"))
            self._stop.wait(self.POLL)


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    """pid and its descendants (a gunicorn master and its workers)."""
    out, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                out.append(int(stat.parent.name))
                frontier.append(int(stat.parent.name))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone)."""
    return _status_kb(pid, "VmRSS:") / 1024


# ---------------------------------------------------------------- the run


def run_benchmark(
    corpus: str,
    sizes: Sequence[float] = (0.1, 0.5, 1.0),
    out=sys.stdout,
    http: bool = True,
    peers: bool = True,
    workdir: str | None = None,
    whoosh_max_chars: int = 4_000_000,
    jobs_curve: Sequence[int] = (1, 2),
) -> dict:
    """Run every size; print tables as it goes; return all figures. `jobs_curve`: build again at
    each of these --jobs (the build alone, timed like the first) to show how it scales."""
    temp = Path(workdir or tempfile.mkdtemp(prefix="searchapp-bench-"))
    temp.mkdir(parents=True, exist_ok=True)
    results = {"corpus": corpus, "sizes": []}
    try:
        lines = read_lines(corpus)
        for fraction in sizes:
            data = Corpus.sample(lines, fraction, temp)
            print(f"\n## {fraction:g} of the corpus: {data.articles} articles, {len(data.paragraphs)} paragraphs, "
                  f"{data.characters / 1e6:.1f} M characters, {data.utf8_bytes / 1e6:.1f} MB of UTF-8", file=out, flush=True)
            mine = run_searchapp(data, temp, None)
            truth = {text: brute_force(data, _literal(text)) for text, _ in QUERIES}
            entry = {"fraction": fraction, "articles": data.articles, "paragraphs": len(data.paragraphs),
                     "characters": data.characters, "utf8_bytes": data.utf8_bytes, "searchapp": mine,
                     "truth": {q: len(t) for q, t in truth.items()}}
            for row in mine["queries"]:
                found = row.pop("found")
                row["paragraphs"], row["recall"] = len(found), _recall_of_set(found, truth[row["query"]])
            if peers:
                entry["fts5"] = run_fts5(data, temp, mine["district"])
                if data.characters <= whoosh_max_chars:
                    entry["whoosh"] = run_whoosh(data, temp, mine["district"])
                else:
                    entry["whoosh"] = {"skipped": f"sample over {whoosh_max_chars / 1e6:g} M chars (Whoosh builds at "
                                                  "~0.1 M chars/s); see the smallest size"}
                for name in ("fts5", "whoosh"):
                    if "counts" in entry[name]:  # sets of paragraph indices -> found / recall
                        entry[name]["counts"] = {q: {"found": len(found), "recall": _recall_of_set(found, truth[q])}
                                                 for q, found in entry[name]["counts"].items()}
            if jobs_curve:
                entry["jobs_curve"] = run_jobs_curve(data, temp, jobs_curve)
            if http and fraction == max(sizes):
                entry["http"] = run_http(mine["index_dir"], mine["district"])
            results["sizes"].append(entry)
            print(format_size(entry), file=out, flush=True)
        print(format_growth(results), file=out, flush=True)
    finally:
        if workdir is None:
            shutil.rmtree(temp, ignore_errors=True)
    return results


def _recall_of_set(found: set[int], truth: set[int]) -> float:
    return len(found & truth) / len(truth) if truth else 1.0


def format_size(entry: dict) -> str:
    mine = entry["searchapp"]
    lines = []
    rows = [("searchapp", mine)] + [(name, entry[name]) for name in ("fts5", "whoosh") if name in entry]
    lines.append(f"{'system':<10} {'build s':>8} {'M chars/s':>9} {'index MB':>9} {'x corpus':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, r in rows:
        if "skipped" in r:
            lines.append(f"{name:<10} skipped: {r['skipped']}")
            continue
        lat = r["latency_all"]
        lines.append(
            f"{name:<10} {r['build_seconds']:>8.1f} {r['chars_per_s'] / 1e6:>9.2f} {r['index_bytes'] / 1e6:>9.1f} "
            f"{r['index_bytes'] / entry['utf8_bytes']:>8.2f} {lat['p50']:>8.2f} {lat['p95']:>8.2f} {lat['p99']:>8.2f}"
        )
    lines.append(f"searchapp: {mine['articles_per_s']:.0f} articles/s, build peak RSS {mine['peak_rss_mb']:.0f} MB, "
                 f"build CPU {mine['build_cpu_seconds']:.1f} s; district filter {mine['district']}")
    fts5 = entry.get("fts5")
    if fts5 and "skipped" in fts5:
        fts5 = None
    if fts5 and "build_cpu_seconds" in fts5:
        # On a machine shared with other work, wall times stretch; CPU seconds compare the work.
        lines.append(f"  build CPU: searchapp {mine['build_cpu_seconds']:.1f} s (all its processes), "
                     f"FTS5 {fts5['build_cpu_seconds']:.1f} s (wall {fts5['build_seconds']:.1f} s)")
    for point in entry.get("jobs_curve", []):
        versus = f", x{point['chars_per_s'] / fts5['chars_per_s']:.2f} FTS5's build speed" if fts5 else ""
        lines.append(f"  build --jobs {point['jobs']}: {point['build_seconds']:.1f} s ({point['chars_per_s'] / 1e6:.2f} M chars/s), "
                     f"CPU {point['cpu_seconds']:.1f} s, peak RSS {point['peak_rss_mb']:.0f} MB{versus}")
    for label, lat in mine["latency"].items():
        lines.append(f"  searchapp {label:<11} p50 {lat['p50']:.2f}  p95 {lat['p95']:.2f}  p99 {lat['p99']:.2f} ms")
    for name, r in rows[1:]:
        if "skipped" in r:
            continue
        lines.append(
            f"ratios vs {name}: build speed x{mine['chars_per_s'] / r['chars_per_s']:.2f}, "
            f"p95 latency {r['latency_all']['p95'] / mine['latency_all']['p95']:.1f}x lower, "
            f"size x{mine['index_bytes'] / r['index_bytes']:.2f}"
        )
    lines.append(f"{'query':<18} {'kind':<22} {'truth':>7} {'searchapp':>9} {'recall':>6} {'fts5':>7} {'recall':>6} {'whoosh':>7} {'recall':>6}")
    for row in mine["queries"]:
        q = row["query"]
        cells = []
        for name in ("fts5", "whoosh"):
            c = entry.get(name, {}).get("counts", {}).get(q)
            cells.append(f"{'-':>7} {'-':>6}" if c is None else f"{c['found']:>7} {c['recall']:>6.3f}")
        lines.append(f"{q:<18} {row['kind']:<22} {entry['truth'][q]:>7} {row['paragraphs']:>9} {row['recall']:>6.3f} " + " ".join(cells))
    if "http" in entry:
        h = entry["http"]
        for path, lat in h["latency"].items():
            lines.append(f"HTTP {path:<12} p50 {lat['p50']:.2f}  p95 {lat['p95']:.2f}  p99 {lat['p99']:.2f} ms  (n={lat['n']})")
        lines.append(f"HTTP errors: {h['errors']}; gunicorn process RSS MB: {', '.join(f'{x:.0f}' for x in h['worker_rss_mb'])}")
    return "\n".join(lines)


def format_growth(results: dict) -> str:
    sizes = results["sizes"]
    if len(sizes) < 2:
        return ""
    first = sizes[0]
    lines = ["\n## growth (relative to the smallest size)", f"{'fraction':>8} {'corpus x':>8} {'build x':>8} {'index x':>8} {'p50 x':>7} {'p95 x':>7}"]
    for s in sizes:
        a, b = s["searchapp"], first["searchapp"]
        lines.append(
            f"{s['fraction']:>8g} {s['characters'] / first['characters']:>8.2f} {a['build_seconds'] / b['build_seconds']:>8.2f} "
            f"{a['index_bytes'] / b['index_bytes']:>8.2f} {a['latency_all']['p50'] / b['latency_all']['p50']:>7.2f} "
            f"{a['latency_all']['p95'] / b['latency_all']['p95']:>7.2f}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- growth: the corpus N times over


def _built_articles(index_dir: Path) -> tuple[int, float] | None:
    """(articles, build seconds) of an index built before, from its searchapp.json; None if none."""
    info = index_dir / "current" / "searchapp.json"
    try:
        data = json.loads(info.read_text("utf-8"))
        return int(data["articles"]), float(data["seconds"])
    except (OSError, ValueError, KeyError):
        return None


def run_scale(corpus: str, copies: int, out=sys.stdout, http: bool = True, workdir: str | None = None,
              reuse: bool = False) -> dict:
    """The corpus as it is (×1) and `copies` times over (×N, see scaled_lines) side by side: build,
    index size, latency through the library and over HTTP, each query's totals (exact: ×N finds N
    times the articles, or the same with a date range the copies are shifted out of) and recall of
    the paragraphs found against a brute-force scan. `reuse` keeps an index built before in
    `workdir` (index-x1, index-xN, with its own recorded build time) where it holds the articles."""
    temp = Path(workdir or tempfile.mkdtemp(prefix="searchapp-scale-"))
    temp.mkdir(parents=True, exist_ok=True)
    lines = read_lines(corpus)
    base = Corpus.sample(lines, 1.0, temp)
    truth = {text: {_key_of(base, i) for i in brute_force(base, _literal(text))} for text, _ in QUERIES}
    results: dict = {"corpus": corpus, "copies": copies, "levels": []}
    district = None
    try:
        for factor in (1, copies):
            jsonl = temp / f"x{factor}.jsonl"
            index_dir = temp / f"index-x{factor}"
            if not jsonl.exists() or not reuse:
                with open(jsonl, "wb") as fh:
                    fh.writelines(scaled_lines(lines, factor))
            previous = _built_articles(index_dir) if reuse else None
            if previous and previous[0] == base.articles * factor:
                built = {"build_seconds": previous[1], "cpu_seconds": float("nan"), "peak_rss_mb": float("nan"), "reused": True}
            else:
                built = timed_build(jsonl, index_dir)
            archive = Archive.open(index_dir)
            if district is None:
                district = _most_frequent_county(archive)
            timings, per_query = time_queries(archive, district)
            for row in per_query:
                found = set(archive.matching_paragraphs(SearchRequest(q=row["query"])))
                want = {(_copy_id(aid, k), n) for aid, n in truth[row["query"]] for k in range(factor)}
                row["paragraphs"], row["recall"] = len(found), (len(found & want) / len(want) if want else 1.0)
            level = {
                "factor": factor, "articles": archive.stats().articles, "index_bytes": _du(index_dir),
                "build": built, "district": district,
                "latency": {k: _latency(v) for k, v in timings.items()},
                "latency_all": _latency([x for v in timings.values() for x in v]),
                "queries": per_query,
            }
            del archive
            if http:
                level["http"] = run_http(str(index_dir), district)
            results["levels"].append(level)
            print(format_scale_level(level), file=out, flush=True)
        print(format_scale(results), file=out, flush=True)
    finally:
        if workdir is None:
            shutil.rmtree(temp, ignore_errors=True)
    return results


def _key_of(corpus: Corpus, index: int) -> tuple[str, int]:
    if not hasattr(corpus, "_by_index"):
        corpus._by_index = {i: k for k, i in corpus.keys.items()}  # type: ignore[attr-defined]
    return corpus._by_index[index]  # type: ignore[attr-defined]


def _copy_id(article_id: str, k: int) -> str:
    return article_id if k == 0 else f"{article_id}-{k}"


def format_scale_level(level: dict) -> str:
    lines = [f"\n## ×{level['factor']}: {level['articles']} articles, index {level['index_bytes'] / 1e6:.0f} MB, "
             f"build {level['build']['build_seconds']:.0f} s{' (reused)' if level['build'].get('reused') else ''}"]
    for label, lat in level["latency"].items():
        lines.append(f"  library {label:<11} p50 {lat['p50']:.1f}  p95 {lat['p95']:.1f}  p99 {lat['p99']:.1f} ms")
    if "http" in level:
        for path, lat in level["http"]["latency"].items():
            lines.append(f"  HTTP {path:<12} p50 {lat['p50']:.1f}  p95 {lat['p95']:.1f}  p99 {lat['p99']:.1f} ms")
        lines.append(f"  HTTP errors: {level['http']['errors']}")
    lines.append(f"  {'query':<18} {'articles':>8} {'(range)':>8} {'(district)':>10} {'ms':>6} {'range ms':>8} {'recall':>6}")
    for row in sorted(level["queries"], key=lambda r: -r["ms (plain)"]):
        lines.append(f"  {row['query']:<18} {row['articles (plain)']:>8} {row['articles (date range)']:>8} "
                     f"{row['articles (district)']:>10} {row['ms (plain)']:>6.1f} {row['ms (date range)']:>8.1f} {row['recall']:>6.3f}")
    return "\n".join(lines)


def format_scale(results: dict) -> str:
    one, many = results["levels"][0], results["levels"][-1]
    n = many["factor"]

    def http_p(level: dict, p: str) -> float:
        h = level.get("http")
        return h["latency"]["/search"][p] if h else float("nan")

    lines = [f"\n## growth: the corpus ×1 and ×{n}",
             f"{'':<8} {'articles':>9} {'build s':>8} {'index MB':>9} {'lib p50':>8} {'lib p95':>8} {'lib p99':>8} "
             f"{'HTTP p50':>9} {'HTTP p95':>9} {'HTTP p99':>9}"]
    rows = []
    for level in (one, many):
        lat = level["latency_all"]
        rows.append((level["articles"], level["build"]["build_seconds"], level["index_bytes"] / 1e6, lat["p50"], lat["p95"],
                     lat["p99"], http_p(level, "p50"), http_p(level, "p95"), http_p(level, "p99")))
        lines.append(f"{'×' + str(level['factor']):<8} {rows[-1][0]:>9} {rows[-1][1]:>8.0f} {rows[-1][2]:>9.0f} "
                     + " ".join(f"{x:>8.1f}" for x in rows[-1][3:6]) + " " + " ".join(f"{x:>9.1f}" for x in rows[-1][6:]))
    ratio = [b / a if a else float("nan") for a, b in zip(*rows)]
    lines.append(f"{'ratio':<8} {ratio[0]:>9.2f} {ratio[1]:>8.2f} {ratio[2]:>9.2f} " + " ".join(f"{x:>8.2f}" for x in ratio[3:6])
                 + " " + " ".join(f"{x:>9.2f}" for x in ratio[6:]))
    # Exact totals: the copies hold the same text on other days.
    wrong = []
    for a, b in zip(one["queries"], many["queries"]):
        expect = {"plain": n * a["articles (plain)"], "date range": a["articles (date range)"],
                  "district": n * a["articles (district)"]}
        wrong += [f"{a['query']} ({label}) {b[f'articles ({label})']} ≠ {want}" for label, want in expect.items()
                  if b[f"articles ({label})"] != want]
    lines.append("totals at ×{}: {}".format(n, "exact (N times ×1; the same with a date range)" if not wrong else "; ".join(wrong)))
    recalls = [row["recall"] for level in (one, many) for row in level["queries"]]
    lines.append(f"recall (paragraphs, against a brute-force scan): min {min(recalls):.3f}")
    return "\n".join(lines)
