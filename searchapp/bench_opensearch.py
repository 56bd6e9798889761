"""Benchmark: the embedded Tantivy index and OpenSearch (one node, then two) side by side, in one run.

On one sample of the corpus it builds the Tantivy index (bench.run_searchapp) and then, for each
cluster size, starts a local cluster (opensearch_node), bulk-loads the same JSONL through the same
pipeline, and measures: build throughput (M chars/s, articles/s, the whole pipeline from JSONL to
a searchable alias), index size (primaries, and with replicas), and query latency percentiles of
bench.QUERIES (plain, with a date range, with a district filter) through the library call the
site makes and over HTTP against `searchapp serve --workers 2`. Every query's article count is
checked against Tantivy's: a figure for a different answer would be worthless.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from . import opensearch_node
from .bench import DATE_RANGE, QUERIES, REPEATS, Corpus, _latency, read_lines, run_http, run_searchapp
from .settings import load_settings
from .results import SearchRequest


def _variants(text: str, district: str | None) -> dict[str, SearchRequest]:
    return {
        "plain": SearchRequest(q=text),
        "date range": SearchRequest(q=text, date_from=DATE_RANGE[0], date_to=DATE_RANGE[1]),
        "district": SearchRequest(q=text, district=district),
    }


def library_latency(archive, district: str | None) -> tuple[dict, dict[str, int]]:
    """Latency of the query mix through archive.search, and each request's article count."""
    timings: dict[str, list[float]] = {"plain": [], "date range": [], "district": []}
    counts: dict[str, int] = {}
    # One untimed pass over the whole mix first: a JVM compiles its hot paths on first use, and
    # the embedded index gets the same pass so both are measured warm.
    for text, _ in QUERIES:
        for request in _variants(text, district).values():
            archive.search(request)
    for text, _ in QUERIES:
        for label, request in _variants(text, district).items():
            archive.search(request)  # warm
            for _ in range(REPEATS):
                t = time.perf_counter()
                result = archive.search(request)
                timings[label].append((time.perf_counter() - t) * 1000)
            counts[f"{text} ({label})"] = result.total_articles
    latency = {k: _latency(v) for k, v in timings.items()}
    latency["all"] = _latency([x for v in timings.values() for x in v])
    return latency, counts


def run_opensearch(corpus: Corpus, workdir: Path, nodes: int, district: str | None, http: bool, heap: str) -> dict:
    """Start `nodes` local nodes, build, measure, stop."""
    from .archive import Archive
    from .opensearch_index import index_size

    data_dir = workdir / f"opensearch-{nodes}"
    shutil.rmtree(data_dir, ignore_errors=True)
    info = opensearch_node.start(nodes, data_dir, heap=heap, log=lambda m: None)
    try:
        settings = load_settings(env={}, engine="opensearch", opensearch_url=",".join(info.urls), opensearch_index="bench")
        shards, replicas = (1, 0) if nodes == 1 else (nodes, 1)
        # As the embedded build is measured (bench.run_searchapp): `searchapp build` in its own process.
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "searchapp.cli", "build", "--source", str(corpus.jsonl), "--engine", "opensearch",
             "--opensearch-url", settings.opensearch_url, "--opensearch-index", settings.opensearch_index,
             "--shards", str(shards), "--replicas", str(replicas)],
            capture_output=True, text=True,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"searchapp build --engine opensearch failed: {(done.stdout + done.stderr)[-2000:]}")
        articles = Archive.open(settings).stats().articles
        primaries, total = index_size(settings)
        # The query mix repeats each query: OpenSearch's shard request cache would answer the
        # repeats of its size-0 requests from memory, which Tantivy has no equivalent of.
        from .opensearch_index import connect

        connect(settings).indices.put_settings(index="bench", body={"index": {"requests": {"cache": {"enable": False}}}})
        latency, counts = library_latency(Archive.open(settings), district)
        entry = {
            "nodes": nodes, "shards": shards, "replicas": replicas, "heap": heap,
            "build_seconds": wall, "chars_per_s": corpus.characters / wall, "articles_per_s": articles / wall,
            "index_bytes": primaries, "index_bytes_with_replicas": total,
            "latency": latency, "counts": counts,
        }
        if http:
            saved = dict(os.environ)
            os.environ.update(settings.to_env())
            try:
                entry["http"] = run_http(str(workdir / "unused-index"), district)
            finally:
                os.environ.clear()
                os.environ.update(saved)
        return entry
    finally:
        opensearch_node.stop(data_dir, log=lambda m: None)


def run_engines_benchmark(
    corpus: str,
    fraction: float = 1.0,
    nodes: Sequence[int] = (1, 2),
    http: bool = True,
    heap: str = "1g",
    out=sys.stdout,
    workdir: str | None = None,
) -> dict:
    """Tantivy, then OpenSearch on each cluster size, on the same sample; print a table; return the figures."""
    if missing := opensearch_node.missing_tools():
        raise opensearch_node.NodeError(f"the OpenSearch benchmark needs {' and '.join(missing)}")
    opensearch_node.fetch(log=lambda m: print(m, file=out))
    temp = Path(workdir or tempfile.mkdtemp(prefix="searchapp-bench-os-"))
    temp.mkdir(parents=True, exist_ok=True)
    try:
        data = Corpus.sample(read_lines(corpus), fraction, temp)
        print(f"\n## {fraction:g} of {corpus}: {data.articles} articles, {len(data.paragraphs)} paragraphs, "
              f"{data.characters / 1e6:.1f} M characters, {data.utf8_bytes / 1e6:.1f} MB of UTF-8", file=out, flush=True)
        # The embedded build and server must not follow a SEARCHAPP_ENGINE=opensearch of the caller's.
        engine = os.environ.pop("SEARCHAPP_ENGINE", None)
        try:
            tantivy = run_searchapp(data, temp, None)
            tantivy_http = run_http(tantivy["index_dir"], tantivy["district"]) if http else None
        finally:
            if engine is not None:
                os.environ["SEARCHAPP_ENGINE"] = engine
        district = tantivy["district"]
        tantivy_latency, tantivy_counts = library_latency(_tantivy_archive(tantivy["index_dir"]), district)
        results: dict = {
            "corpus": corpus, "fraction": fraction, "characters": data.characters, "utf8_bytes": data.utf8_bytes,
            "district": district,
            "tantivy": {
                "build_seconds": tantivy["build_seconds"], "chars_per_s": tantivy["chars_per_s"],
                "articles_per_s": tantivy["articles_per_s"], "index_bytes": tantivy["index_bytes"],
                "index_bytes_with_replicas": tantivy["index_bytes"], "latency": tantivy_latency,
            },
            "opensearch": [],
        }
        if tantivy_http:
            results["tantivy"]["http"] = tantivy_http
        for n in nodes:
            entry = run_opensearch(data, temp, n, district, http, heap)
            entry["same_counts_as_tantivy"] = entry["counts"] == tantivy_counts
            entry["differing"] = {k: (tantivy_counts.get(k), v) for k, v in entry.pop("counts").items() if tantivy_counts.get(k) != v}
            results["opensearch"].append(entry)
        print(format_engines(results), file=out, flush=True)
        return results
    finally:
        if workdir is None:
            shutil.rmtree(temp, ignore_errors=True)


def _tantivy_archive(index_dir: str):
    from .archive import Archive

    return Archive.open(index_dir)


def format_engines(results: dict) -> str:
    """One table: build, size, library and HTTP latency per engine."""
    rows = [("tantivy (embedded)", results["tantivy"])] + [
        (f"opensearch {e['nodes']} node{'s' if e['nodes'] > 1 else ''} ({e['shards']}s/{e['replicas']}r)", e)
        for e in results["opensearch"]
    ]
    head = (f"{'engine':<26} {'build s':>8} {'Mchars/s':>8} {'art/s':>7} {'MB':>7} {'MB+rep':>7} "
            f"{'lib p50':>8} {'p95':>7} {'p99':>7} {'http p50':>8} {'p95':>7} {'p99':>7}")
    lines = [head]
    for name, r in rows:
        lib = r["latency"]["all"]
        http = r.get("http", {}).get("latency", {}).get("/api/search")
        web = f"{http['p50']:>8.1f} {http['p95']:>7.1f} {http['p99']:>7.1f}" if http else f"{'-':>8} {'-':>7} {'-':>7}"
        lines.append(
            f"{name:<26} {r['build_seconds']:>8.1f} {r['chars_per_s'] / 1e6:>8.2f} {r['articles_per_s']:>7.0f} "
            f"{r['index_bytes'] / 1e6:>7.1f} {r['index_bytes_with_replicas'] / 1e6:>7.1f} "
            f"{lib['p50']:>8.1f} {lib['p95']:>7.1f} {lib['p99']:>7.1f} {web}"
        )
    lines.append(f"latency in ms over {len(QUERIES)} queries x 3 variants (plain, {DATE_RANGE[0]}..{DATE_RANGE[1]}, "
                 f"district {results['district']}) x {REPEATS}; HTTP is /api/search against serve --workers 2")
    for e in results["opensearch"]:
        verdict = "same article counts as tantivy on every query" if e["same_counts_as_tantivy"] else f"DIFFERENT counts: {e['differing']}"
        errors = e.get("http", {}).get("errors")
        lines.append(f"opensearch {e['nodes']} node(s): {verdict}" + (f"; HTTP errors {errors}" if errors is not None else ""))
    return "\n".join(lines)
