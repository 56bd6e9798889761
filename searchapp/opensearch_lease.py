"""One build or add at a time per OpenSearch alias, whatever machine runs it: a lease in the cluster.

The Tantivy index takes a file lock (build_lock.py); an archive on OpenSearch is written from
any machine that can reach the cluster, so its lock lives there: one document, `build`, in the
index `<alias>_lease` (outside `<alias>-*`, the builds' own indices). Without it, a `searchapp
add` into the index a running build was about to replace put its pages into the old index, and
they were lost when the build moved the alias.

* **Taken atomically.** The document is created with `op_type=create`: of two writers, the
  cluster lets one create it and tells the other it exists.
* **A dead holder's lease runs out.** The holder writes when its lease expires (LEASE_SECONDS
  ahead) and renews it every RENEW_SECONDS from a thread. A build killed with kill -9 renews
  nothing: once its lease has expired the next build or add takes it over, with optimistic
  concurrency (`if_seq_no`/`if_primary_term`), so two waiting writers cannot both take it.
* **A holder that lost its lease stops** before it changes what readers see: the build checks
  (`Lease.check`) before it moves the alias, an add before it writes. A lease is lost when a
  renewal finds the document changed (another writer took it over after a pause longer than
  the lease, a stopped machine's clock).
* **A live holder is never touched**: the refusal names it (host, process, what it does, since when).

The clocks of the machines that build are trusted to agree within a fraction of LEASE_SECONDS.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

LEASE_SECONDS = 60.0  # a lease not renewed for this long is taken over
RENEW_SECONDS = 15.0
LEASE_ID = "build"


class LeaseHeld(RuntimeError):
    """Another build or add holds the alias's lease (the message names it)."""


def lease_index(alias: str) -> str:
    return f"{alias}_lease"


class Lease:
    """A held lease: renewed in the background until released."""

    def __init__(self, client, alias: str, seq_no: int, primary_term: int, body: dict):
        self.client = client
        self.alias = alias
        self.body = body
        self._version = (seq_no, primary_term)
        self._lost: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._renew_loop, name=f"lease-{alias}", daemon=True)
        self._thread.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(RENEW_SECONDS):
            self.renew()

    def renew(self) -> None:
        from opensearchpy import exceptions as oe

        with self._lock:
            if self._lost or self._stop.is_set():
                return
            body = {**self.body, "expires": time.time() + LEASE_SECONDS}
            seq_no, term = self._version
            try:
                r = self.client.index(index=lease_index(self.alias), id=LEASE_ID, body=body,
                                      if_seq_no=seq_no, if_primary_term=term, refresh=True)
            except (oe.ConflictError, oe.NotFoundError):
                self._lost = "another writer took the lease over after it expired"
                return
            except Exception:
                return  # the cluster did not answer: try again at the next renewal
            self.body = body
            self._version = (r["_seq_no"], r["_primary_term"])

    def check(self) -> None:
        """Raise LeaseHeld where the lease was lost: the caller must not go on writing."""
        if self._lost:
            raise LeaseHeld(f"the lease on {self.alias} was lost ({self._lost}): stopped before changing the archive")

    def release(self) -> None:
        from opensearchpy import exceptions as oe

        self._stop.set()
        self._thread.join()
        if self._lost:
            return
        seq_no, term = self._version
        try:
            self.client.delete(index=lease_index(self.alias), id=LEASE_ID, if_seq_no=seq_no,
                               if_primary_term=term, refresh=True)
        except (oe.ConflictError, oe.NotFoundError):
            pass  # taken over already: not ours to delete
        except Exception:
            pass  # the cluster did not answer: the lease runs out by itself


def _holder(what: str) -> dict:
    now = time.time()
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "what": what,
        "started": datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="seconds"),
        "expires": now + LEASE_SECONDS,
    }


def _describe(body: dict) -> str:
    return f"{body.get('what', 'a build')} by process {body.get('pid', '?')} on {body.get('host', '?')}, started {body.get('started', '?')}"


def _ensure_index(client, alias: str) -> None:
    from opensearchpy import exceptions as oe

    name = lease_index(alias)
    if client.indices.exists(index=name):
        return
    try:
        client.indices.create(index=name, body={
            "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
            "mappings": {"dynamic": False, "properties": {"expires": {"type": "double"}}},
        })
    except oe.RequestError as e:
        if "resource_already_exists" not in str(e):
            raise


def acquire(client, alias: str, what: str) -> Lease:
    """Take the alias's lease for `what` ("a build", "an add"), or raise LeaseHeld naming its holder."""
    from opensearchpy import exceptions as oe

    _ensure_index(client, alias)
    body = _holder(what)
    name = lease_index(alias)
    try:
        r = client.index(index=name, id=LEASE_ID, body=body, op_type="create", refresh=True)
        return Lease(client, alias, r["_seq_no"], r["_primary_term"], body)
    except oe.ConflictError:
        pass
    try:
        current = client.get(index=name, id=LEASE_ID)
    except oe.NotFoundError:  # released in between: try once more
        try:
            r = client.index(index=name, id=LEASE_ID, body=body, op_type="create", refresh=True)
            return Lease(client, alias, r["_seq_no"], r["_primary_term"], body)
        except oe.ConflictError:
            raise LeaseHeld(f"another build or add of {alias} has just begun; try again when it has finished") from None
    held = current["_source"]
    if float(held.get("expires", 0)) > time.time():
        raise LeaseHeld(f"{_describe(held)}, is writing {alias}; try again when it has finished")
    try:  # expired: its holder died (or stopped renewing); take it over, once
        r = client.index(index=name, id=LEASE_ID, body=body, if_seq_no=current["_seq_no"],
                         if_primary_term=current["_primary_term"], refresh=True)
    except oe.ConflictError:
        raise LeaseHeld(f"another build or add of {alias} took over an expired lease first; try again when it has finished") from None
    return Lease(client, alias, r["_seq_no"], r["_primary_term"], body)


@contextmanager
def held(client, alias: str, what: str) -> Iterator[Lease]:
    lease = acquire(client, alias, what)
    try:
        yield lease
    finally:
        lease.release()
