"""OpenSearch at cluster scale: the alias switch, idempotent add, the site over OpenSearch,
a node stopped and brought back under load, and rebuilds under load, all with 0 failed requests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import quote

import pytest

from conftest import SEEDS, serving
from searchapp import opensearch_node
from searchapp.settings import load_settings
from searchapp.ingest import iter_parsed, parse_paths

LATE_PAGE = "004_a6aa8a94161520a7.txt"  # 消费券: only in the full seeds
LATE_WORD = "消费券"
CLIENTS = 6


def _settings(cluster, alias):
    return load_settings(env={}, engine="opensearch", opensearch_url=",".join(cluster.urls), opensearch_index=alias)


@pytest.fixture
def early_pages(tmp_path):
    """The seeds without LATE_PAGE."""
    early = tmp_path / "early"
    early.mkdir()
    for page in SEEDS.glob("*.txt"):
        if page.name != LATE_PAGE:
            shutil.copy(page, early / page.name)
    shutil.copy(SEEDS / "manifest.csv", early / "manifest.csv")
    return early


def test_build_moves_the_alias_and_keeps_one_previous_index(opensearch_cluster, early_pages):
    from searchapp.archive import Archive as OpenSearchArchive
    from searchapp.opensearch_index import build_index, connect, current_index

    settings = _settings(opensearch_cluster, "lifecycle-alias")
    client = connect(settings)
    made = []
    for sources in ([str(early_pages)], [str(SEEDS)], [str(SEEDS)]):
        build_index(iter_parsed(sources), settings, jobs=1, shards=2, replicas=1)
        made.append(current_index(client, "lifecycle-alias"))
    assert len(set(made)) == 3
    left = sorted(client.indices.get(index="lifecycle-alias-*"))
    assert left == made[1:]  # the current one and the one before it
    assert list(client.indices.get_alias(name="lifecycle-alias")) == [made[-1]]
    index_settings = client.indices.get_settings(index=made[-1])[made[-1]]["settings"]["index"]
    assert (index_settings["number_of_shards"], index_settings["number_of_replicas"]) == ("2", "1")
    mapping = client.indices.get_mapping(index=made[-1])[made[-1]]["mappings"]
    assert mapping["properties"]["body_bigrams"]["analyzer"] == "searchapp_pretokenized"
    archive = OpenSearchArchive.open(settings)
    from searchapp.params import request_from_args

    assert archive.search(request_from_args({"q": LATE_WORD})).total_articles > 0


def test_add_twice_equals_a_build_of_everything(opensearch_cluster, early_pages, seed_archive):
    from searchapp.archive import Archive as OpenSearchArchive
    from searchapp.opensearch_index import add_pages, build_index
    from searchapp.params import request_from_args

    settings = _settings(opensearch_cluster, "lifecycle-add")
    build_index(iter_parsed([str(early_pages)]), settings, jobs=1, replicas=1)
    archive = OpenSearchArchive.open(settings)
    assert archive.search(request_from_args({"q": LATE_WORD})).total_articles == 0
    for _ in range(2):
        add_pages(iter_parsed([str(SEEDS / LATE_PAGE)]), settings)
        stats, expected = archive.stats(), seed_archive.stats()
        assert (stats.pages, stats.articles, stats.paragraphs) == (expected.pages, expected.articles, expected.paragraphs)
    for q in (LATE_WORD, "疫情", "", "太原 OR 晋中"):
        request = request_from_args({"q": q})
        assert {h.id for h in archive.export(request)} == {h.id for h in seed_archive.export(request)}, q
    late_ids = [a.id for p in parse_paths([str(SEEDS / LATE_PAGE)]) for a in p.articles]
    assert all(archive.article(i) is not None for i in late_ids)


def test_add_without_an_index_says_to_build(opensearch_cluster):
    from searchapp.index import IndexMissing
    from searchapp.opensearch_index import add_pages

    with pytest.raises(IndexMissing, match="searchapp build"):
        add_pages(iter_parsed([str(SEEDS / LATE_PAGE)]), _settings(opensearch_cluster, "never-built"))


def test_cli_build_and_search_over_opensearch(opensearch_cluster):
    from click.testing import CliRunner

    from searchapp.cli import main

    flags = ["--engine", "opensearch", "--opensearch-url", opensearch_cluster.url, "--opensearch-index", "lifecycle-cli"]
    built = CliRunner().invoke(main, ["build", "--jobs", "1", "--shards", "2", "--replicas", "1", *flags])
    assert built.exit_code == 0, built.output
    assert "33 articles" in built.output
    found = CliRunner().invoke(main, ["search", "太原 OR 晋中", "--json", *flags])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["total_articles"] == 14
    bad = CliRunner().invoke(main, ["search", "太原", "--engine", "opensearch", "--opensearch-url", "ftp://x"])
    assert bad.exit_code != 0 and "http://" in bad.output
    down = CliRunner().invoke(main, ["search", "太原", "--engine", "opensearch", "--opensearch-url", "http://127.0.0.1:9"])
    assert down.exit_code != 0 and "does not answer" in down.output
    assert "Traceback" not in down.output


def test_the_site_over_opensearch(opensearch_cluster, seed_index_dir):
    from bs4 import BeautifulSoup

    from searchapp.opensearch_index import build_index
    from searchapp.web import create_app

    settings = _settings(opensearch_cluster, "lifecycle-site")
    build_index(iter_parsed([str(SEEDS)]), settings, jobs=1)
    over_os = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    embedded = create_app({"TESTING": True, "INDEX": seed_index_dir}).test_client()
    for path in ("/api/search?q=疫情防控&district=山西省", "/api/search?q=太原&sort=newest", "/api/search?q=疫&date=2022-11"):
        a, b = embedded.get(path).get_json(), over_os.get(path).get_json()
        assert (b["total_articles"], b["facets"]) == (a["total_articles"], a["facets"])
    for path in ("/api/papers", "/api/trends?q=疫情&q=核酸", "/api/trends?q=太原&district=山西省"):
        a, b = embedded.get(path), over_os.get(path)
        assert (b.status_code, b.get_json()) == (a.status_code, a.get_json()), path
    papers = embedded.get("/api/papers").get_json()
    for path in ("/papers", "/trends?q=疫情", "/search.atom?q=太原", "/opensearch.xml"):
        assert over_os.get(path).status_code == embedded.get(path).status_code == 200, path
    assert papers, "the seeds hold dated newspapers"
    page = over_os.get("/search?q=太原")
    assert page.status_code == 200
    soup = BeautifulSoup(page.data, "html.parser")
    marks = [m.get_text() for m in soup.select("mark")]
    assert marks and set(marks) <= {"太原"}
    first = soup.select_one("a[href^='/articles/']")["href"]
    article = over_os.get(first + "?q=太原")
    assert article.status_code == 200 and b"<mark>" in article.data
    assert over_os.get("/articles/no-such-id").status_code == 404
    assert over_os.get("/healthz").status_code == 200
    csv = over_os.get("/search.csv?q=太原")
    assert csv.status_code == 200 and csv.data.decode("utf-8-sig").count("\n") == 1 + 11
    down = create_app({"TESTING": True, "SETTINGS": load_settings(
        env={}, engine="opensearch", opensearch_url="http://127.0.0.1:9", opensearch_index="x")}).test_client()
    assert down.get("/healthz").status_code == 503
    assert down.get("/search?q=太原").status_code == 503


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class _Load:
    """CLIENTS threads reading the site in a loop; counts requests, keeps every failure."""

    def __init__(self, base: str, urls: list[str]):
        self.urls = [base + u for u in urls]
        self.stop = threading.Event()
        self.failures: list[str] = []
        self.statuses: Counter = Counter()
        self.done = 0
        self.lock = threading.Lock()
        self.totals: set[int] = set()
        self.threads = [threading.Thread(target=self._client, args=(k,)) for k in range(CLIENTS)]

    def _client(self, k: int) -> None:
        n = k
        while not self.stop.is_set():
            url = self.urls[n % len(self.urls)]
            n += 1
            try:
                status, body = _get(url)
            except OSError as e:
                self.failures.append(f"{url}: {e}")
                continue
            with self.lock:
                self.statuses[status] += 1
                self.done += 1
            if status != 200:
                text = body.decode("utf-8", "replace")
                said = re.search(r"索引不可用：[^<]*|\"error\": *\"[^\"]*", text)  # the page's or the API's message
                self.failures.append(f"{url}: {status} {said.group(0) if said else text[:200]}")
            elif "/api/search?q=%E7%96%AB%E6%83%85&" in url + "&":
                self.totals.add(json.loads(body)["total_articles"])

    def wait_for(self, more: int) -> None:
        """Block until `more` further requests have completed (progress, not time)."""
        target = self.done + more
        while self.done < target and not self.stop.wait(0.05):
            pass

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)


def _reader_urls(ids: list[str]) -> list[str]:
    return [
        f"/search?q={quote('疫情防控')}",
        f"/api/search?q={quote('疫情')}",
        f"/search?q={quote('小店区')}&district={quote('山西省/太原市')}",
        f"/api/search?q={quote('疫')}&sort=oldest",
        "/",
    ] + [f"/articles/{i}" for i in ids[:5]]


def test_a_node_stops_under_load_and_the_cluster_heals(opensearch_cluster, seed_index_dir, monkeypatch):
    from searchapp.opensearch_index import build_index

    settings = _settings(opensearch_cluster, "failover")
    # Two shards with a replica each: every shard has a copy on both nodes.
    build_index(iter_parsed([str(SEEDS)]), settings, jobs=1, shards=2, replicas=1)
    for key, value in settings.to_env().items():
        monkeypatch.setenv(key, value)
    ids = [a.id for p in parse_paths([str(SEEDS)]) for a in p.articles]
    with serving(seed_index_dir) as base, _Load(base, _reader_urls(ids)) as load:
        load.wait_for(50)
        stopped = opensearch_node.stop(opensearch_cluster.data_dir, only=["node-2"], log=lambda m: None)
        assert stopped == 1
        load.wait_for(150)  # served by node-1 alone, from the promoted replicas
        one = opensearch_node.cluster_health(opensearch_cluster.url)
        opensearch_node.start(2, opensearch_cluster.data_dir, only=["node-2"], log=lambda m: None)
        load.wait_for(100)
    assert one["number_of_nodes"] == 1
    assert load.failures == [], load.failures[:10]
    assert load.totals and len(load.totals) == 1, load.totals  # the same answer throughout
    healed = opensearch_node.wait_green(opensearch_node.read_cluster(opensearch_cluster.data_dir))
    assert healed["status"] == "green" and healed["number_of_nodes"] == 2 and healed["unassigned_shards"] == 0


def test_rebuild_under_load_loses_no_request(opensearch_cluster, early_pages, seed_index_dir, monkeypatch):
    from searchapp.opensearch_index import build_index

    settings = _settings(opensearch_cluster, "rebuild")
    build_index(iter_parsed([str(early_pages)]), settings, jobs=1, shards=2, replicas=1)
    for key, value in settings.to_env().items():
        monkeypatch.setenv(key, value)
    early_ids = [a.id for p in parse_paths([str(early_pages)]) for a in p.articles]
    with serving(seed_index_dir) as base, _Load(base, _reader_urls(early_ids)) as load:
        _, body = _get(f"{base}/api/search?q={quote('疫情')}")
        before = json.loads(body)["total_articles"]
        load.wait_for(30)
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-m", "searchapp.cli", "build", "--source", str(SEEDS), "--jobs", "1", "--shards", "2"],
                capture_output=True, text=True, timeout=600,
            )
            assert done.returncode == 0, done.stderr[-2000:]
            # The alias moved before build returned: the very next request sees the new archive.
            _, body = _get(f"{base}/api/search?q={quote(LATE_WORD)}")
            assert json.loads(body)["total_articles"] > 0
            load.wait_for(30)
        _, body = _get(f"{base}/api/search?q={quote('疫情')}")
        after = json.loads(body)["total_articles"]
    assert load.failures == [], load.failures[:10]
    assert load.totals <= {before, after}, (load.totals, before, after)


def test_a_much_smaller_build_is_refused_unless_forced(opensearch_cluster):
    from searchapp.index import BuildRefused
    from searchapp.opensearch_index import add_pages, build_index, connect, current_index

    settings = _settings(opensearch_cluster, "lifecycle-refuse")
    client = connect(settings)
    build_index(iter_parsed([str(SEEDS)]), settings, jobs=1, replicas=0)
    live = current_index(client, "lifecycle-refuse")
    one_page = [str(SEEDS / LATE_PAGE)]
    with pytest.raises(BuildRefused, match="--force"):
        build_index(iter_parsed(one_page), settings, jobs=1, replicas=0)
    assert current_index(client, "lifecycle-refuse") == live  # the live archive kept serving
    assert sorted(client.indices.get(index="lifecycle-refuse-*")) == [live]  # the refused build is gone
    with pytest.raises(BuildRefused, match="no articles"):
        add_pages(iter_parsed([]), settings)
    build_index(iter_parsed(one_page), settings, jobs=1, replicas=0, force=True)
    assert current_index(client, "lifecycle-refuse") != live
