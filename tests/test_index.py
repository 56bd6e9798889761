"""Building, switching, adding and surviving kill -9: the index's promises."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from searchapp.index import add_pages, build_index, current_build, index_exists
from searchapp.ingest import iter_parsed, parse_paths
from searchapp.archive import Archive
from searchapp.results import SearchRequest


def _all_ids(archive: Archive) -> list[str]:
    return [h.id for h in archive.export(SearchRequest())]


def test_build_switches_atomically_and_keeps_ids(tmp_path):
    index_dir = tmp_path / "index"
    assert not index_exists(index_dir)
    first = build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    archive = Archive.open(index_dir)
    ids_before = sorted(_all_ids(archive))
    assert len(ids_before) == first.articles == len(set(ids_before))
    old_build = current_build(index_dir)

    second = build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=2)
    assert current_build(index_dir) != old_build
    assert sorted(_all_ids(archive)) == ids_before  # the open Archive picked up the new build
    assert second.articles == first.articles
    for article_id in ids_before:
        assert archive.article(article_id) is not None

    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    kept = sorted(p.name for p in (index_dir / "builds").iterdir())
    assert len(kept) == 2  # the current build and the one before it (readers may hold it)


def test_ids_do_not_depend_on_how_the_folder_is_named(tmp_path):
    relative = {a.id for p in parse_paths(["seeds"]) for a in p.articles} if Path("seeds").exists() else None
    absolute = {a.id for p in parse_paths([str(SEEDS)]) for a in p.articles}
    copy = tmp_path / "elsewhere" / "seeds"
    shutil.copytree(SEEDS, copy)
    moved = {a.id for p in parse_paths([str(copy)]) for a in p.articles}
    assert absolute == moved
    if relative is not None:
        assert relative == absolute


def test_add_replaces_a_page_already_there(tmp_path):
    index_dir = tmp_path / "index"
    pages = sorted(SEEDS.glob("*.txt"))
    build_index(iter_parsed([str(p) for p in pages[:3]]), index_dir, jobs=1)
    archive = Archive.open(index_dir)
    before = sorted(_all_ids(archive))

    add_pages(iter_parsed([str(pages[0])]), index_dir)  # again: replaced, not duplicated
    assert sorted(_all_ids(archive)) == before

    summary = add_pages(iter_parsed([str(pages[3])]), index_dir)
    after = _all_ids(archive)
    assert len(after) == len(before) + summary.articles == len(set(after))
    assert set(before) <= set(after)


COPIES = 120


def _many_pages(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for k in range(copies):  # distinct pages: identical ones would be skipped as duplicates
        for page in SEEDS.glob("*.txt"):
            (folder / f"c{k:03d}_{page.name}").write_text(page.read_text("utf-8") + f"\n\n第{k}次印刷\n", "utf-8")
    return folder


def _build_cmd(source: Path, index_dir: Path) -> list[str]:
    return [sys.executable, "-m", "searchapp.cli", "build", "--source", str(source), "--index", str(index_dir), "--jobs", "1"]


# A build that stops after indexing `pages_before_pause` pages and waits on its stdin, so that the
# test kills it at a known point, whatever the machine's speed (a timed kill raced a fast build).
PAUSED_BUILD = """
import sys
import searchapp.index as ix
from searchapp.ingest import iter_parsed

source, index_dir, pause_after = sys.argv[1], sys.argv[2], int(sys.argv[3])

def pages():
    for n, page in enumerate(iter_parsed([source])):
        if n == pause_after:
            print("paused", flush=True)
            sys.stdin.readline()  # never answered: the test kills this process here
        yield page

ix.build_index(pages(), index_dir, jobs=int(sys.argv[4]))
print("finished", flush=True)
"""


@pytest.mark.parametrize("pages_before_pause,jobs", [(0, 1), (40, 1), (COPIES * 5 - 1, 2)])
def test_kill_9_mid_build_leaves_the_old_index_serving(tmp_path, pages_before_pause, jobs):
    index_dir = tmp_path / "index"
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    archive = Archive.open(index_dir)
    served = archive.search(SearchRequest(q="疫情")).total_articles
    ids = sorted(_all_ids(archive))

    big = _many_pages(tmp_path / "big", copies=COPIES)
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(big), str(index_dir), str(pages_before_pause), str(jobs)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "paused"
        # The build is mid-way (its new directory exists, pages are indexed) and cannot finish.
        assert any(p.name != current_build(index_dir).name for p in (index_dir / "builds").iterdir())
        assert archive.search(SearchRequest(q="疫情")).total_articles == served
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    assert archive.search(SearchRequest(q="疫情")).total_articles == served
    assert sorted(_all_ids(Archive.open(index_dir))) == ids

    # The next build needs no cleanup by hand, and holds every page exactly once.
    done = subprocess.run(_build_cmd(big, index_dir), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rebuilt = Archive.open(index_dir)
    all_ids = _all_ids(rebuilt)
    expected = [a.id for p in parse_paths([str(big)]) for a in p.articles]
    assert len(all_ids) == len(set(all_ids)) == len(expected)
    assert set(all_ids) == set(expected)
    assert rebuilt.stats().pages == COPIES * 5
    assert archive.search(SearchRequest(q="疫情")).total_articles == served * COPIES  # the open Archive follows
    leftovers = [p for p in (index_dir / "builds").iterdir() if not (p / "searchapp.json").exists()]
    assert leftovers == []


FAILING_BUILD = """
import sys
import searchapp.index as ix
from searchapp.ingest import iter_parsed

real, made = ix.document, [0]

def failing(prepared, ordinal):
    made[0] += 1
    if made[0] == 500:
        raise OSError(28, "No space left on device")
    return real(prepared, ordinal)

ix.document = failing
from dataclasses import replace
seeds = list(iter_parsed([sys.argv[1]]))
pages = [replace(p, articles=tuple(replace(a, id=f"{a.id}-{k}") for a in p.articles))  # distinct ids: a
         for k in range(ix.IN_FLIGHT // 2) for p in seeds]  # repeated id is skipped; more than can be read ahead
try:
    ix.build_index(iter(pages), sys.argv[2], jobs=2)
except OSError as e:
    print("failed:", e)
"""


def test_a_build_failing_mid_way_stops_cleanly_and_the_old_index_serves(tmp_path):
    index_dir = tmp_path / "index"
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    ids = sorted(_all_ids(Archive.open(index_dir)))
    done = subprocess.run([sys.executable, "-c", FAILING_BUILD, str(SEEDS), str(index_dir)],
                          capture_output=True, text=True, timeout=120)
    assert "failed: [Errno 28]" in done.stdout, done.stderr[-2000:]
    assert sorted(_all_ids(Archive.open(index_dir))) == ids
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=2)  # and the next build just works
    assert sorted(_all_ids(Archive.open(index_dir))) == ids


def test_build_names_sort_in_the_order_builds_began():
    """Two builds within one second must still sort in order: OpenSearch keeps 'the one before the
    current' by name (the old pid-and-random suffix broke that once builds took under a second)."""
    from searchapp.index import build_stamp

    names = [build_stamp() for _ in range(200)]
    assert names == sorted(names) and len(set(names)) > 1
