"""The benchmark runs end to end on a small sample and its recall figures are real.

Timings are printed by `searchapp bench`, never asserted here; what is checked is that every
system was built and queried, and that searchapp's recall against the brute-force scan is 1.0.
"""

import io
import json

import pytest

from searchapp.bench import QUERIES, Corpus, brute_force, read_lines, run_benchmark
from searchapp.ingest import iter_parsed

from conftest import SEEDS


@pytest.fixture(scope="module")
def seed_jsonl(tmp_path_factory):
    """The seed articles as article JSONL, the benchmark's input shape."""
    path = tmp_path_factory.mktemp("bench") / "seeds.jsonl"
    lines = []
    for page in iter_parsed([str(SEEDS)]):
        for a in page.articles:
            lines.append(json.dumps({"title": a.title, "date": a.date, "paragraphs": list(a.paragraphs)}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_benchmark_runs_every_system_with_full_recall(seed_jsonl, tmp_path):
    out = io.StringIO()
    result = run_benchmark(str(seed_jsonl), sizes=(0.5, 1.0), out=out, http=False, workdir=str(tmp_path))
    text = out.getvalue()
    assert [s["fraction"] for s in result["sizes"]] == [0.5, 1.0]
    full = result["sizes"][-1]
    assert full["articles"] == len(read_lines(str(seed_jsonl)))
    assert full["searchapp"]["index_bytes"] > 0 and full["searchapp"]["build_seconds"] > 0
    for row in full["searchapp"]["queries"]:
        assert row["recall"] == 1.0, row
        assert row["paragraphs"] >= full["truth"][row["query"]]
    assert all(c["recall"] == 1.0 for c in full["fts5"]["counts"].values())
    assert full["fts5"]["build_cpu_seconds"] > 0 and "build CPU: searchapp" in text
    assert set(full["whoosh"]["counts"]) == {q for q, _ in QUERIES}
    # The seeds hold some of the mix's queries, so recall is measured on real matches.
    assert sum(full["truth"].values()) > 10
    for name in ("searchapp", "fts5", "whoosh", "ratios vs fts5", "growth", "build --jobs 1:", "build --jobs 2:"):
        assert name in text
    assert [p["jobs"] for p in full["jobs_curve"]] == [1, 2]
    assert all(p["build_seconds"] > 0 and p["cpu_seconds"] > 0 and p["peak_rss_mb"] > 0 for p in full["jobs_curve"])


def test_brute_force_ignores_whitespace(tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"title": "标题", "date": "2022-11-21", "paragraphs": ["小店 区疫情", "没有"]}, ensure_ascii=False) + "\n", "utf-8")
    corpus = Corpus.sample(read_lines(str(jsonl)), 1.0, tmp_path)
    assert brute_force(corpus, "小店区") == {0}
    assert brute_force(corpus, "疫") == {0}


CHILD_HOLDING_MEMORY = """
import sys
held = bytearray(60 * 1024 * 1024)  # touched: resident
for i in range(0, len(held), 4096):
    held[i] = 1
print("ready", flush=True)
sys.stdin.readline()
"""


def test_peak_memory_is_the_child_s_own_not_the_benchmark_s():
    """A child inherits the starting process's ru_maxrss across exec: the figure must be its own."""
    import subprocess
    import sys
    import time

    from searchapp.bench import PeakMemory, rss_mb

    ballast = bytearray(400 * 1024 * 1024)  # this process, large: what ru_maxrss would report
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    assert rss_mb(__import__("os").getpid()) > 400
    proc = subprocess.Popen([sys.executable, "-c", CHILD_HOLDING_MEMORY], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    with PeakMemory(proc.pid) as peak:
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60  # a safety bound only: the watcher polls every 0.1 s
        while peak.mb < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
    del ballast
    assert 60 <= peak.mb < 300, peak.mb
