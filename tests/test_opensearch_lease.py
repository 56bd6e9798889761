"""One build or add at a time per OpenSearch alias, from any machine (opensearch_lease.py), on a
real cluster: an add during a build is refused with a message instead of going into the index
the build is about to replace; a dead build's lease runs out; a build that lost its lease never
moves the alias."""

from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from searchapp import opensearch_lease
from searchapp.ingest import iter_parsed, parse_paths
from searchapp.settings import load_settings

LATE_PAGE = "004_a6aa8a94161520a7.txt"


def _settings(cluster, alias):
    return load_settings(env={}, engine="opensearch", opensearch_url=",".join(cluster.urls), opensearch_index=alias)


def _held_open(pages, started: threading.Event, go_on: threading.Event):
    """The pages, pausing after the first until `go_on`: a build caught in the middle."""
    for n, page in enumerate(pages):
        yield page
        if n == 0:
            started.set()
            assert go_on.wait(60)


def _lease(client, alias):
    from opensearchpy import exceptions as oe

    try:
        return client.get(index=opensearch_lease.lease_index(alias), id=opensearch_lease.LEASE_ID)["_source"]
    except oe.NotFoundError:
        return None


def test_an_add_during_a_build_is_refused_and_loses_nothing(opensearch_cluster):
    from searchapp.archive import Archive
    from searchapp.opensearch_index import add_pages, build_index, connect
    from searchapp.params import request_from_args

    settings = _settings(opensearch_cluster, "lease-add")
    client = connect(settings)
    early = [p for p in parse_paths([str(SEEDS)]) if LATE_PAGE not in p.source]
    build_index(iter(early), settings, jobs=1, replicas=0)
    started, go_on = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def rebuild():
        try:
            build_index(_held_open(early, started, go_on), settings, jobs=1, replicas=0)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:
        assert started.wait(60)
        holder = _lease(client, "lease-add")
        assert holder is not None and holder["what"] == "a build"
        with pytest.raises(opensearch_lease.LeaseHeld, match=r"a build by process \d+ on .*, is writing lease-add"):
            add_pages(iter_parsed([str(SEEDS / LATE_PAGE)]), settings)
        # The CLI says the same, in one line, without a traceback.
        from searchapp.cli import main

        result = CliRunner().invoke(main, ["add", str(SEEDS / LATE_PAGE), "--engine", "opensearch",
                                           "--opensearch-url", ",".join(opensearch_cluster.urls), "--opensearch-index", "lease-add"])
        assert result.exit_code != 0 and "is writing lease-add" in result.output and "Traceback" not in result.output
    finally:
        go_on.set()
        thread.join(120)
    assert not errors, errors
    assert _lease(client, "lease-add") is None  # released
    # Now the add goes in, and stays: it was never written into the index the build replaced.
    add_pages(iter_parsed([str(SEEDS / LATE_PAGE)]), settings)
    assert Archive.open(settings).search(request_from_args({"q": "消费券"})).total_articles > 0


def test_a_dead_builds_lease_runs_out(opensearch_cluster, monkeypatch):
    from searchapp.opensearch_index import build_index, connect, current_index

    settings = _settings(opensearch_cluster, "lease-dead")
    client = connect(settings)
    opensearch_lease._ensure_index(client, "lease-dead")
    # What a build killed with kill -9 leaves: a lease nobody renews.
    dead = {"host": "elsewhere", "pid": 4242, "what": "a build", "started": "2026-12-07T00:00:00+00:00",
            "expires": time.time() + 2}
    client.index(index=opensearch_lease.lease_index("lease-dead"), id=opensearch_lease.LEASE_ID, body=dead, refresh=True)
    with pytest.raises(opensearch_lease.LeaseHeld, match="a build by process 4242 on elsewhere"):
        build_index(iter_parsed([str(SEEDS)]), settings, jobs=1, replicas=0)
    time.sleep(2.5)
    build_index(iter_parsed([str(SEEDS)]), settings, jobs=1, replicas=0)
    assert current_index(client, "lease-dead").startswith("lease-dead-")
    assert _lease(client, "lease-dead") is None


def test_a_build_that_lost_its_lease_never_moves_the_alias(opensearch_cluster, monkeypatch):
    from searchapp.opensearch_index import build_index, connect, current_index

    settings = _settings(opensearch_cluster, "lease-lost")
    client = connect(settings)
    build_index(iter_parsed([str(SEEDS)]), settings, jobs=1, replicas=0)
    live = current_index(client, "lease-lost")
    monkeypatch.setattr(opensearch_lease, "RENEW_SECONDS", 0.2)
    started, go_on = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def rebuild():
        try:
            build_index(_held_open(parse_paths([str(SEEDS)]), started, go_on), settings, jobs=1, replicas=0)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:
        assert started.wait(60)
        # Another machine took the lease over (as after a pause longer than the lease).
        other = {"host": "elsewhere", "pid": 7, "what": "an add", "started": "now", "expires": time.time() + 60}
        client.index(index=opensearch_lease.lease_index("lease-lost"), id=opensearch_lease.LEASE_ID, body=other, refresh=True)
        time.sleep(1.0)  # a renewal or more: it finds the lease changed
    finally:
        go_on.set()
        thread.join(120)
    assert len(errors) == 1 and isinstance(errors[0], opensearch_lease.LeaseHeld) and "was lost" in str(errors[0])
    assert current_index(client, "lease-lost") == live  # readers never saw the build
    assert _lease(client, "lease-lost")["host"] == "elsewhere"  # the new holder's lease untouched
    assert sorted(client.indices.get(index="lease-lost-*")) == [live]  # the lost build's index is gone
