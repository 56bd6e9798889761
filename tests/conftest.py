"""Shared fixtures: one index of seeds/ per test session, and corpus locations."""

from __future__ import annotations

import lzma
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPORA = ROOT.parent / "shared" / "corpora"
PD1998 = CORPORA / "pd1998" / "199801.utf8.txt.xz"
XWLB = CORPORA / "xwlb" / "xwlb_articles.jsonl.xz"


def need_corpus(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/corpora holds the test corpora; CI has it)")
    return path


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> str:
    """An index of the seed pages, built once through the real ingest stage."""
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    target = tmp_path_factory.mktemp("seed-index")
    build_index(iter_parsed([str(SEEDS)]), target, jobs=1)
    return str(target)


@pytest.fixture(scope="session")
def seed_archive(seed_index_dir):
    from searchapp.archive import Archive

    return Archive.open(seed_index_dir)


_TOKEN = re.compile(r"(\S+?)/[a-zA-Z]+")


def pd1998_paragraphs(limit: int | None = None) -> list[tuple[str, str]]:
    """(id, text) of People's Daily 1998-01 paragraphs, POS tags and brackets removed."""
    out = []
    with lzma.open(need_corpus(PD1998), "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            pid, _, rest = line.partition("  ")
            text = "".join(_TOKEN.findall(rest.replace("[", "").replace("]", " ")))
            if text:
                out.append((pid.split("/")[0], text))
            if limit and len(out) >= limit:
                break
    return out


# Text that looks like markup or a template, on a page, in a title and in the manifest.
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="document.title=\'pwned\'">',
    "svg": '"><svg onload=alert(2)>',
    "template": "{{7*7}}",
    "formula": "=HYPERLINK(\"http://evil\",\"x\")",
}


@pytest.fixture(scope="session")
def hostile_pages_dir(tmp_path_factory) -> Path:
    """A page whose title, paragraphs and newspaper name hold markup, templates and a formula."""
    folder = tmp_path_factory.mktemp("hostile-pages")
    title = f"小店区通报{HOSTILE['script']}"
    body = [
        f"本报讯 11月21日,小店区召开会议{HOSTILE['img']}，研究疫情防控工作。",
        f"会议指出{HOSTILE['svg']}，要把各项措施落到实处{HOSTILE['template']}。",
        f"{HOSTILE['formula']} 小店区各街道继续做好核酸检测。",
    ]
    (folder / "2022-11-22_hostile_01.txt").write_text(title + "\n\n" + "\n\n".join(body) + "\n", "utf-8")
    (folder / "manifest.csv").write_text(
        "file,newspaper,date,page\n"
        f"2022-11-22_hostile_01.txt,\"<b>太原日报</b>{HOSTILE['template']}\",2022-11-22,1\n",
        "utf-8",
    )
    return folder


@pytest.fixture(scope="session")
def hostile_index_dir(tmp_path_factory, hostile_pages_dir) -> str:
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    target = tmp_path_factory.mktemp("hostile-index")
    summary = build_index(iter_parsed([str(hostile_pages_dir)]), target, jobs=1)
    assert summary.articles >= 1
    return str(target)


@contextmanager
def serving(index_dir: str):
    """`searchapp serve --workers 2` on a free port; yields its base URL once /healthz answers."""
    from searchapp.web import serving_in_background

    with serving_in_background(index_dir, workers=2, timeout=60) as (base, _):
        yield base


@pytest.fixture(scope="session")
def opensearch_cluster(tmp_path_factory):
    """A two-node OpenSearch cluster on loopback (started once), or a skip saying what is missing."""
    from searchapp import opensearch_node

    if missing := opensearch_node.missing_tools():
        pytest.skip(f"OpenSearch tests need {' and '.join(missing)} (tests/run installs maven where java is present)")
    opensearch_node.fetch(log=lambda m: None)  # cached after the first run
    data = tmp_path_factory.mktemp("opensearch-cluster")
    try:
        yield opensearch_node.start(2, data, log=lambda m: None)
    finally:
        opensearch_node.stop(data, log=lambda m: None)


def _opensearch_build(cluster, alias: str, sources: list[str], shards: int):
    """Settings of an OpenSearch index of these sources, built on the cluster under this alias."""
    from searchapp.ingest import iter_parsed
    from searchapp.opensearch_index import build_index
    from searchapp.settings import load_settings

    settings = load_settings(env={}, engine="opensearch", opensearch_url=",".join(cluster.urls), opensearch_index=alias)
    build_index(iter_parsed(sources), settings, jobs=1, shards=shards, replicas=1)
    return settings


@pytest.fixture(scope="session")
def seeds_opensearch_settings(opensearch_cluster):
    """The seed pages in OpenSearch (2 shards, 1 replica), built once: the twin of seed_index_dir."""
    return _opensearch_build(opensearch_cluster, "seeds", [str(SEEDS)], shards=2)


@pytest.fixture(scope="session")
def pd_slice_pages(tmp_path_factory) -> Path:
    """People's Daily 1998-01-05 and -06 as page files (the corpus's own make_pages.py): two days
    of a national daily, for comparing the engines beyond the five seed pages."""
    src = need_corpus(PD1998)
    out = tmp_path_factory.mktemp("pd-slice")
    subprocess.run(
        [sys.executable, str(CORPORA / "pd1998" / "make_pages.py"), "--src", str(src), "--out", str(out),
         "--dates", "19980105,19980106"],
        check=True, capture_output=True,
    )
    return out / "pages"


@pytest.fixture(scope="session")
def pd_slice_index_dir(pd_slice_pages, tmp_path_factory) -> str:
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    target = tmp_path_factory.mktemp("pd-slice-index")
    build_index(iter_parsed([str(pd_slice_pages)]), target, jobs=1)
    return str(target)


@pytest.fixture(scope="session")
def pd_slice_opensearch_settings(opensearch_cluster, pd_slice_pages):
    """The same slice in OpenSearch over 3 shards (statistics per shard differ from Tantivy's)."""
    return _opensearch_build(opensearch_cluster, "pd-slice", [str(pd_slice_pages)], shards=3)
