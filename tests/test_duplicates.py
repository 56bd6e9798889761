"""The same article id twice in one build's sources (issue 22 B): the first one read is kept, the
later ones are skipped and reported (how many, the first few with where each copy came from), the
same way for the Tantivy build and the OpenSearch build (one rule, in index.BuildSummary.admit)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from searchapp import opensearch_index
from searchapp.index import DUPLICATE_EXAMPLES, preparer, build_index, current_build
from searchapp.ingest import iter_parsed
from searchapp.archive import Archive
from searchapp.results import SearchRequest


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _article(id_: str, title: str) -> dict:
    return {"id": id_, "title": title, "date": "2020-05-01", "paragraphs": [f"{title}。太原市小店区今天召开会议，研究{title}。"]}


@pytest.fixture
def jsonl_sources(tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [_article("A1", "第一篇"), _article("A2", "第二篇原稿"), _article("A3", "第三篇"),
                                      _article("A1", "第一篇重复")])  # line 4: A1 again, in the same file
    b = _jsonl(tmp_path / "src" / "b.jsonl", [_article("A2", "第二篇另稿"), _article("B1", "乙一"), _article("A3", "第三篇另稿")])
    return a, b.parent


def _titles(index_dir: Path) -> dict[str, str]:
    archive = Archive.open(index_dir)
    return {h.id: h.title for h in archive.export(SearchRequest())}


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_duplicate_ids_keep_the_first_and_are_reported(tmp_path, jsonl_sources, jobs):
    a, folder = jsonl_sources
    summary = build_index(iter_parsed([str(a), str(folder)]), tmp_path / "index", jobs=jobs)
    assert _titles(tmp_path / "index") == {"A1": "第一篇", "A2": "第二篇原稿", "A3": "第三篇", "B1": "乙一"}
    assert summary.articles == 4 and summary.duplicate_ids == 3
    assert summary.duplicates == [
        ("A1", f"{a}:4", f"{a}:1"),
        ("A2", f"{folder}/b.jsonl:1", f"{a}:2"),
        ("A3", f"{folder}/b.jsonl:3", f"{a}:3"),
    ]
    first = summary.warnings[0]
    assert first.startswith("3 articles skipped: an article read earlier in this build has the same id (the first one read is kept)")
    assert f"A2 in {folder}/b.jsonl:1 (kept: {a}:2)" in first
    assert summary.warning_count == len(summary.warnings) == 1
    info = json.loads((current_build(tmp_path / "index") / "searchapp.json").read_text("utf-8"))
    assert info["duplicate_ids"] == 3 and info["articles"] == 4


def test_the_report_names_the_first_few_and_counts_the_rest(tmp_path):
    rows = [_article(f"X{n}", f"标题{n}") for n in range(20)]
    source = _jsonl(tmp_path / "x.jsonl", rows + rows)  # every id twice
    summary = build_index(iter_parsed([str(source)]), tmp_path / "index", jobs=1)
    assert summary.articles == 20 and summary.duplicate_ids == 20
    assert len(summary.duplicates) == DUPLICATE_EXAMPLES
    assert summary.warnings[0].startswith("20 articles skipped") and summary.warnings[0].endswith(f"; and {20 - DUPLICATE_EXAMPLES} more")


def test_page_files_whose_ids_collide_keep_the_first_folder(tmp_path):
    """Two folders with a page file of the same name: page keys (so article ids) are made from the
    path inside the folder given, so they collide. The first folder's page is kept."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for folder, seed in (("x", seeds[0]), ("y", seeds[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(seed, tmp_path / folder / "01.txt")
    x_only = build_index(iter_parsed([str(tmp_path / "x")]), tmp_path / "x-index", jobs=1)
    expected = _titles(tmp_path / "x-index")
    y_articles = sum(len(p.articles) for p in iter_parsed([str(tmp_path / "y")]))
    assert set(expected) & {a.id for p in iter_parsed([str(tmp_path / "y")]) for a in p.articles}

    done = subprocess.run(
        [sys.executable, "-m", "searchapp.cli", "build", "--source", str(tmp_path / "x"), "--source", str(tmp_path / "y"),
         "--index", str(tmp_path / "index"), "--jobs", "2", "--force"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "articles skipped: an article read earlier in this build has the same id" in done.stdout
    assert f"in {tmp_path / 'y'}/01.txt (kept: {tmp_path / 'x'}/01.txt)" in done.stdout
    titles = _titles(tmp_path / "index")
    assert {k: titles[k] for k in expected} == expected  # x's articles, not y's
    info = json.loads((current_build(tmp_path / "index") / "searchapp.json").read_text("utf-8"))
    assert info["articles"] == len(titles)
    assert info["duplicate_ids"] == len(set(expected) & {a.id for p in iter_parsed([str(tmp_path / "y")]) for a in p.articles})
    assert info["articles"] + info["duplicate_ids"] == x_only.articles + y_articles


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_opensearch_build_applies_the_same_rule(tmp_path, jsonl_sources, jobs):
    """No cluster needed: the documents the OpenSearch build would send."""
    a, folder = jsonl_sources
    from searchapp.index import BuildSummary

    summary = BuildSummary()
    with preparer(jobs) as prepare:
        actions = list(opensearch_index._actions(prepare(iter_parsed([str(a), str(folder)])), "idx", summary, 0, None, None))
    articles = {x["_id"]: json.loads(x["_source"]["meta"])["title"] for x in actions}  # one document per article
    assert articles == {"A1": "第一篇", "A2": "第二篇原稿", "A3": "第三篇", "B1": "乙一"}
    assert len(actions) == len({x["_id"] for x in actions})  # no document id sent twice
    assert summary.articles == 4 and summary.duplicate_ids == 3
    assert [d[0] for d in summary.duplicates] == ["A1", "A2", "A3"]
