"""The build lock: one build (or add) at a time per index directory.

An exclusive flock on index/.build.lock, which the kernel releases when the last file
descriptor on it closes, so a build that dies leaves no lock behind *provided nothing else still holds that descriptor*. A parallel build
forks worker processes, and a fork inherits every descriptor, the lock's included: a build
killed with kill -9 used to leave its workers running (they finished their chunk of pages,
then noticed their queue had closed), and while they lived the next build was refused.

Three layers make "a killed build never blocks the next" hold whatever --jobs:

1. Forked children do not hold the lock. Right after any fork of a process holding it, the
   child points the lock's descriptor at /dev/null (os.register_at_fork): its reference to the
   lock is gone, the descriptor number stays valid for whatever closes it later. The lock stays
   held by the parent alone. (Not flock(LOCK_UN) in the child: that would unlock the parent's.)
2. Workers die with the build. The pool initializer asks the kernel for SIGKILL when the
   process that forked the worker dies (prctl PR_SET_PDEATHSIG), and exits at once if that
   process died before it asked. Workers of a killed build do not run on, eating the cores the
   next build needs.
3. A lock held on behalf of a dead build is taken over. The lock file records its holder (pid
   and start time, so a reused pid is not mistaken for it) and the workers it forked. When the
   flock is taken and the recorded holder is dead, the processes still holding it inherited it
   (a searchapp before this one, a fork that escaped layer 1): those among the recorded workers
   that still hold the lock file open are killed, and the lock taken once they are gone. A
   process that holds it but was not recorded is never killed (it may be a build that has just
   taken the lock and not yet written its record): the refusal names it instead.

A live holder is never touched: the refusal says which process is building.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

PR_SET_PDEATHSIG = 1
_held_locks: set[int] = set()  # descriptors of build locks this process holds
TAKEOVER_WAIT = 30.0  # seconds to wait for killed orphans to let go of the lock


def _drop_inherited_locks() -> None:
    """In a forked child: let go of the parent's build locks (layer 1 above)."""
    if not _held_locks:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _held_locks:
            try:
                os.dup2(null, fd)
            except OSError:
                pass
    finally:
        os.close(null)
    _held_locks.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


def die_with_parent(parent: int) -> None:
    """Pool initializer: SIGKILL this worker when the build that forked it dies (layer 2)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the build died between the fork and the prctl
        os._exit(1)


def start_time(pid: int) -> int | None:
    """A process's start time (clock ticks since boot), None if it is gone or a zombie.
    Field 22 of /proc/<pid>/stat, read after the command name, which may hold spaces."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    rest = stat[stat.rfind(b")") + 2 :].split()
    if not rest or rest[0] in (b"Z", b"X"):
        return None
    try:
        return int(rest[19])
    except (IndexError, ValueError):
        return None


def _alive(pid: int, start: int | None) -> bool:
    now = start_time(pid)
    return now is not None and (start is None or now == start)


def holds_file(pid: int, st: os.stat_result) -> bool:
    """Whether process `pid` has the file `st` open."""
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for name in names:
        try:
            other = os.stat(f"/proc/{pid}/fd/{name}")
        except OSError:
            continue
        if other.st_ino == st.st_ino and other.st_dev == st.st_dev:
            return True
    return False


def _holders_of(st: os.stat_result) -> list[int]:
    """Every process (that we may look at) with the file `st` open, this one aside."""
    me = os.getpid()
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != me and holds_file(int(p), st)]


def _write_record(fd: int, workers: Iterable[int] = ()) -> None:
    """Who holds the lock: this process and the workers it forked, with their start times."""
    record = {
        "pid": os.getpid(),
        "start": start_time(os.getpid()),
        "workers": [[pid, start_time(pid)] for pid in workers],
    }
    data = (json.dumps(record) + "\n").encode()
    os.pwrite(fd, data, 0)
    os.ftruncate(fd, len(data))


def _read_record(fd: int) -> dict | None:
    try:
        record = json.loads(os.pread(fd, 65536, 0) or b"null")
    except (OSError, ValueError):
        return None  # being written, or not ours
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return None
    return record


def record_workers(pids: Iterable[int]) -> None:
    """Note the workers this process forked in the record of every build lock it holds, so that
    a later build can tell its orphans if they ever outlive it (layer 3)."""
    pids = list(pids)
    for fd in list(_held_locks):
        try:
            _write_record(fd, pids)
        except OSError:
            pass


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _take_over(fd: int, index_dir: Path) -> None:
    """The lock is taken: take it over from a dead build's orphans, or refuse (layer 3)."""
    record = _read_record(fd)
    running = f"another build is running on {index_dir}"
    if record is None:
        raise RuntimeError(running)
    if _alive(record["pid"], record.get("start")):
        raise RuntimeError(f"{running} (process {record['pid']})")
    st = os.fstat(fd)
    orphans = []
    for entry in record.get("workers") or []:
        try:
            pid, start = int(entry[0]), entry[1]
        except (TypeError, ValueError, IndexError):
            continue
        if _alive(pid, start) and holds_file(pid, st):
            orphans.append(pid)
    for pid in orphans:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.monotonic() + (TAKEOVER_WAIT if orphans else 0.0)
    while True:
        if _try_flock(fd):
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    holders = _holders_of(st)
    who = f" by process {', '.join(map(str, holders))}" if holders else ""
    raise RuntimeError(
        f"{running}: the lock {index_dir / '.build.lock'} is held{who}, though the build that took it "
        f"(process {record['pid']}) is gone; if no build is running, end {'it' if len(holders) == 1 else 'them'} and build again"
    )


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold index_dir's build lock for the duration (see the notes above on how a dead build's
    lock is never left behind); RuntimeError naming the holder if a live build holds it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / ".build.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not _try_flock(fd):
            _take_over(fd, index_dir)
        _held_locks.add(fd)
        try:
            _write_record(fd)
            yield
        finally:
            _held_locks.discard(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
