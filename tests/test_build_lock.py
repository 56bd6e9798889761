"""A killed build never blocks the next, whatever --jobs (issue 22).

kill -9 at several points of a build, with one process and with workers; the next build must
start at once (no waiting for anything to time out), the old index must serve throughout, and a
killed build's workers must die with it. No test sleeps and then asserts: each waits for a
condition the build announces (a line on its stdout) or polls for one with a generous deadline.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS
from searchapp import build_lock
from searchapp.index import build_index, current_build
from searchapp.ingest import iter_parsed, parse_paths
from searchapp.archive import Archive
from searchapp.results import SearchRequest

COPIES = 40  # 200 distinct pages


def _pages(folder: Path, copies: int = COPIES) -> Path:
    folder.mkdir(parents=True)
    for k in range(copies):  # distinct pages: identical ones would be skipped as duplicates
        for page in SEEDS.glob("*.txt"):
            (folder / f"c{k:03d}_{page.name}").write_text(page.read_text("utf-8") + f"\n\n第{k}次印刷\n", "utf-8")
    return folder


def _ids(index_dir: Path) -> list[str]:
    return sorted(h.id for h in Archive.open(index_dir).export(SearchRequest()))


def _gone(pid: int) -> bool:
    return build_lock.start_time(pid) is None  # no such process, or a zombie (it has let go of its files)


def _wait_for(condition, what: str, deadline: float = 120.0) -> None:
    """Poll for a condition (never sleep-then-assert); the deadline only bounds a failing test."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"gave up waiting for {what}"
        time.sleep(0.02)


# A build (through PageStream, as `searchapp build` runs it) that stops at a named point and
# waits on its stdin, saying where it stopped and which workers it has: the test kills it there.
PAUSED_BUILD = """
import json, multiprocessing as mp, sys
import searchapp.index as ix
from searchapp.ingest import PageStream

source, index_dir, where, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def pause():
    print(json.dumps({"paused": where, "workers": [c.pid for c in mp.active_children()]}), flush=True)
    sys.stdin.readline()  # never answered: the test kills this process here

class Paused(PageStream):
    def pending(self):
        for n, p in enumerate(super().pending()):
            if where == f"page {n}":
                pause()
            yield p

if where == "switch":  # the new build is committed and complete, the link not yet switched
    real = ix._switch
    def switch(index_dir, target):
        pause()
        real(index_dir, target)
    ix._switch = switch

ix.build_index(Paused([source]), index_dir, jobs=jobs)
print(json.dumps({"finished": True}), flush=True)
"""


@pytest.fixture
def served(tmp_path):
    index_dir = tmp_path / "index"
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    return index_dir, _ids(index_dir), Archive.open(index_dir).search(SearchRequest(q="疫情")).total_articles


@pytest.mark.parametrize("jobs,where", [
    (1, "page 0"), (1, "page 40"), (1, "switch"),
    (2, "page 0"), (2, "page 40"), (2, "page 150"), (2, f"page {COPIES * 5 - 1}"), (2, "switch"),
])
def test_kill_9_then_build_at_once(tmp_path, served, jobs, where):
    index_dir, ids, hits = served
    big = _pages(tmp_path / "big")
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(big), str(index_dir), where, str(jobs)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        said = json.loads(proc.stdout.readline())
        assert said["paused"] == where
        workers = said["workers"]
        assert len(workers) == (jobs if jobs > 1 and where != "switch" else 0)  # the pool ends before the switch
        # Mid-way: its new directory exists, the old index serves, the lock is held by it alone.
        _wait_for(lambda: any(p.name != current_build(index_dir).name for p in (index_dir / "builds").iterdir()),
                  "the new build directory")
        lock = os.stat(index_dir / ".build.lock")
        assert build_lock.holds_file(proc.pid, lock)
        assert [w for w in workers if build_lock.holds_file(w, lock)] == []  # workers never hold the lock
        with pytest.raises(RuntimeError, match=rf"another build is running on .*\(process {proc.pid}\)"):
            build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
        assert _ids(index_dir) == ids
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    # At once, without waiting for anything: the next build starts and completes.
    done = subprocess.run(
        [sys.executable, "-m", "searchapp.cli", "build", "--source", str(big), "--index", str(index_dir), "--jobs", str(jobs)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    # The killed build's workers died with it (the kernel's SIGKILL on the parent's death).
    for pid in workers:
        _wait_for(lambda: _gone(pid), f"worker {pid} of the killed build to die")
    rebuilt = _ids(index_dir)
    expected = [a.id for p in parse_paths([str(big)]) for a in p.articles]
    assert len(rebuilt) == len(set(rebuilt)) == len(expected) and set(rebuilt) == set(expected)
    assert Archive.open(index_dir).search(SearchRequest(q="疫情")).total_articles == hits * COPIES
    leftovers = [p for p in (index_dir / "builds").iterdir() if not (p / "searchapp.json").exists()]
    assert leftovers == []


# A build lock holder with a child that holds the lock too, the way a fork made before this fix
# did (the child is exec'd, so no fork hook lets go of it): recorded as its worker, or not.
HOLDER = """
import json, subprocess, sys
from pathlib import Path
from searchapp import build_lock

with build_lock.build_lock(Path(sys.argv[1])):
    fd = next(iter(build_lock._held_locks))
    child = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"], pass_fds=(fd,),
                             stdin=subprocess.DEVNULL)
    if sys.argv[2] == "recorded":
        build_lock.record_workers([child.pid])
    print(json.dumps({"child": child.pid}), flush=True)
    sys.stdin.readline()  # never answered: the test kills this process here
"""


def _holder(index_dir: Path, recorded: bool):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(index_dir), "recorded" if recorded else "not"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, json.loads(proc.stdout.readline())["child"]


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_a_dead_builds_orphan_holding_the_lock_is_ended_and_the_lock_taken_over(served):
    index_dir, ids, _ = served
    proc, child = _holder(index_dir, recorded=True)
    try:
        with pytest.raises(RuntimeError, match=rf"another build is running .*\(process {proc.pid}\)"):
            build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)  # a live holder is never touched
        assert not _gone(child)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert not _gone(child) and build_lock.holds_file(child, os.stat(index_dir / ".build.lock"))
        # The holder is dead, its recorded worker holds the lock: ended, and the build goes ahead.
        summary = build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=2)
        assert summary.articles == len(ids) and _ids(index_dir) == ids
        _wait_for(lambda: _gone(child), "the orphan to be gone")
    finally:
        _kill(proc.pid)
        _kill(child)
        proc.wait()


def test_a_process_holding_the_lock_that_no_build_recorded_is_named_not_killed(served):
    index_dir, ids, _ = served
    proc, child = _holder(index_dir, recorded=False)
    try:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with pytest.raises(RuntimeError, match=rf"held by process {child}.*process {proc.pid}\) is gone"):
            build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
        assert not _gone(child) and _ids(index_dir) == ids
        _kill(child)
        _wait_for(lambda: _gone(child), "the holder to be gone")
        build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
        assert _ids(index_dir) == ids
    finally:
        _kill(proc.pid)
        _kill(child)
        proc.wait()


def test_a_forked_child_does_not_hold_the_lock(tmp_path):
    """In process: a forked child of a lock holder does not hold the lock (layer 1)."""
    with build_lock.build_lock(tmp_path):
        lock = os.stat(tmp_path / ".build.lock")
        assert build_lock.holds_file(os.getpid(), lock)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report whether it holds the lock, then leave
            os.close(r)
            os.write(w, b"1" if build_lock.holds_file(os.getpid(), lock) else b"0")
            os._exit(0)
        os.close(w)
        said = os.read(r, 1)
        os.close(r)
        os.waitpid(pid, 0)
        assert said == b"0"
        assert build_lock.holds_file(os.getpid(), lock)  # and the parent still does
    assert not build_lock.holds_file(os.getpid(), lock)
