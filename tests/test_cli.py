"""The CLI is a thin skin: every command has help; search --json is the API's shape."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from searchapp.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_every_command_has_help(runner):
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_search_json_is_the_api_shape(runner, seed_index_dir):
    result = runner.invoke(main, ["search", "疫情防控", "--json", "--index", seed_index_dir])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("query", "total_articles", "took_ms", "page", "hits", "facets"):
        assert key in data
    assert data["query"] == "疫情防控" and data["total_articles"] > 0
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "date", "districts", "url", "snippets"}
    assert set(data["facets"]) == {"date", "district", "newspaper", "people", "organisations", "authors"}


def test_search_reads_index_from_environment(runner, seed_index_dir, monkeypatch):
    monkeypatch.setenv("SEARCHAPP_INDEX", seed_index_dir)
    result = runner.invoke(main, ["search", "醋"])
    assert result.exit_code == 0 and "【醋】" in result.output


def test_search_bad_parameter_is_a_clear_message(runner, seed_index_dir):
    result = runner.invoke(main, ["search", "醋", "--from", "2022-13-45", "--index", seed_index_dir])
    assert result.exit_code != 0 and "from" in result.output and "Traceback" not in result.output


def test_search_without_index_is_a_clear_message(runner, tmp_path):
    result = runner.invoke(main, ["search", "醋", "--index", str(tmp_path / "none")])
    assert result.exit_code != 0 and "searchapp build" in result.output


def test_build_and_add_print_summaries(runner, tmp_path):
    from conftest import SEEDS

    pages = sorted(SEEDS.glob("*.txt"))
    index_dir = str(tmp_path / "index")
    built = runner.invoke(main, ["build", "--source", str(pages[0]), "--index", index_dir, "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert "1 page," in built.output and "articles" in built.output
    added = runner.invoke(main, ["add", str(pages[1]), "--index", index_dir])
    assert added.exit_code == 0 and "1 page," in added.output


def test_parse_json_lists_articles(runner):
    from conftest import SEEDS

    result = runner.invoke(main, ["parse", str(sorted(SEEDS.glob("*.txt"))[1]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["articles"][0]
    assert set(first) >= {"id", "source", "title", "date", "date_inferred", "districts", "paragraphs"}


# ---------------------------------------------------------------- refused builds and clear failures


@pytest.fixture
def live_index(tmp_path):
    """A live index of the seeds, and a function that says what it answers (to compare after)."""
    from conftest import SEEDS

    from searchapp.index import build_index, current_build
    from searchapp.ingest import iter_parsed
    from searchapp.archive import Archive
    from searchapp.results import SearchRequest

    index_dir = tmp_path / "index"
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)

    def answers():
        archive = Archive.open(index_dir)
        return (
            current_build(index_dir),
            archive.stats().articles,
            [h.id for h in archive.search(SearchRequest(q="疫情防控")).hits],
            archive.search(SearchRequest(q="醋")).total_articles,
        )

    return index_dir, answers


def _one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = [l for l in result.output.splitlines() if l.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_missing_source_is_refused_and_the_live_index_untouched(runner, live_index, tmp_path, command):
    index_dir, answers = live_index
    before = answers()
    missing = str(tmp_path / "seeds" / "typo")
    args = ["build", "--source", missing] if command == "build" else ["add", missing]
    error = _one_line_error(runner.invoke(main, args + ["--index", str(index_dir)]))
    assert missing in error and "no such file or folder" in error
    assert answers() == before


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_folder_without_pages_is_refused(runner, live_index, tmp_path, command):
    index_dir, answers = live_index
    before = answers()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "说明.md").write_text("这里没有版面文件", "utf-8")
    args = ["build", "--source", str(empty)] if command == "build" else ["add", str(empty)]
    error = _one_line_error(runner.invoke(main, args + ["--index", str(index_dir)]))
    assert str(empty) in error and "no page files" in error
    assert answers() == before


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_source_that_cannot_be_decoded_is_refused(runner, live_index, tmp_path, command):
    index_dir, answers = live_index
    before = answers()
    broken = tmp_path / "2022-11-22_太原日报_03.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    args = ["build", "--source", str(broken)] if command == "build" else ["add", str(broken)]
    error = _one_line_error(runner.invoke(main, args + ["--index", str(index_dir)]))
    assert str(broken) in error and "no articles" in error and "not a text file" in error
    assert answers() == before


def test_one_broken_source_among_good_ones_refuses_the_whole_build(runner, live_index, tmp_path):
    from conftest import SEEDS

    index_dir, answers = live_index
    before = answers()
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00" * 4000)
    result = runner.invoke(main, ["build", "--source", str(SEEDS), "--source", str(broken), "--index", str(index_dir)])
    assert str(broken) in _one_line_error(result)
    assert answers() == before
    assert len(list((index_dir / "builds").iterdir())) == 1  # the refused build was deleted


def test_a_much_smaller_build_needs_force(runner, live_index):
    from conftest import SEEDS

    from searchapp.index import current_build

    index_dir, answers = live_index
    before = answers()
    one_page = str(sorted(SEEDS.glob("*.txt"))[1])
    error = _one_line_error(runner.invoke(main, ["build", "--source", one_page, "--index", str(index_dir)]))
    assert "--force" in error and f"against {before[1]} in the live index" in error and "fewer" in error
    assert answers() == before

    forced = runner.invoke(main, ["build", "--source", one_page, "--index", str(index_dir), "--force"])
    assert forced.exit_code == 0, forced.output
    assert current_build(index_dir) != before[0]
    assert answers()[1] < before[1] / 2


def test_an_add_that_would_empty_the_index_needs_force(runner, tmp_path):
    """Re-adding a page as a broken file would delete its articles: refused, nothing committed."""
    from conftest import SEEDS

    from searchapp.archive import Archive
    from searchapp.results import SearchRequest

    folder = tmp_path / "pages"
    folder.mkdir()
    page = sorted(SEEDS.glob("*.txt"))[1]
    (folder / page.name).write_text(page.read_text("utf-8"), "utf-8")
    index_dir = str(tmp_path / "index")
    assert runner.invoke(main, ["build", "--source", str(folder), "--index", index_dir]).exit_code == 0
    total = Archive.open(index_dir).search(SearchRequest()).total_articles
    (folder / page.name).write_text("版面\n", "utf-8")  # the page now yields one short article at most
    result = runner.invoke(main, ["add", str(folder / page.name), "--index", index_dir])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert Archive.open(index_dir).search(SearchRequest()).total_articles == total


def test_parse_of_a_missing_file_is_one_message(runner, tmp_path):
    missing = str(tmp_path / "missing.txt")
    result = runner.invoke(main, ["parse", missing])
    error = _one_line_error(result)
    assert missing in error
    assert result.output.count(missing) == 1


def test_parse_of_a_binary_file_warns_once_and_fails(runner, tmp_path):
    broken = tmp_path / "scan.txt"
    broken.write_bytes(b"\x00\x01\x02" * 1000)
    result = runner.invoke(main, ["parse", str(broken)])
    assert result.exit_code != 0
    assert result.output.count("not a text file") == 2  # once in the listing, once in the error line
    assert "Traceback" not in result.output


def test_serve_on_a_taken_port_names_it_and_the_flag(runner, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port), "--index", str(tmp_path / "index")])
    error = _one_line_error(result)
    assert f"port {port}" in error and "--port" in error
    assert not (tmp_path / "index").exists()  # failed before building anything


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(runner, live_index):
    from searchapp.index import current_build

    index_dir, _ = live_index
    (current_build(index_dir) / "meta.json").write_text("{ this is not json", "utf-8")  # a corrupted index
    result = runner.invoke(main, ["search", "疫情", "--index", str(index_dir)])
    error = _one_line_error(result)
    assert "--debug" in error
    debug = runner.invoke(main, ["search", "疫情", "--index", str(index_dir), "--debug"])
    assert debug.exit_code != 0 and debug.exception is not None and not isinstance(debug.exception, SystemExit)


def test_the_progress_bar_knows_the_total_up_front(tmp_path):
    """The build's progress bar (with its time left) counts what iter_parsed will yield, before parsing."""
    import gzip

    from conftest import SEEDS

    from searchapp.ingest import count_pages, iter_parsed

    jsonl = tmp_path / "articles.jsonl.gz"
    lines = [json.dumps({"title": f"太原新闻{i}", "date": "2022-11-22", "paragraphs": ["小店区开展核酸检测。"]}, ensure_ascii=False)
             for i in range(7)]
    jsonl.write_bytes(gzip.compress(("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n").encode("utf-8")))
    sources = [str(SEEDS), str(jsonl)]
    assert count_pages(sources) == len(list(iter_parsed(sources))) == 5 + 7


@pytest.mark.parametrize("name", ["郭娟", "王勇"])
def test_a_reporter_printed_in_a_byline_is_found_and_highlighted(runner, seed_index_dir, name):
    result = runner.invoke(main, ["search", name, "--index", seed_index_dir])
    assert result.exit_code == 0, result.output
    assert f"【{name}】" in result.output
    assert "0 paragraphs" not in result.output and "matched outside body paragraphs" in result.output


def test_output_cut_short_by_a_pipe_ends_quietly(seed_index_dir):
    """`searchapp search 疫情 | head -1`: the reader goes away; no error line, no traceback."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "searchapp.cli", "search", "疫情", "--index", seed_index_dir],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the only reader is gone before anything is written: every write fails
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 141
    assert err == "", err


def test_jsonl_with_lone_surrogate_escapes_builds_with_a_warning(runner, tmp_path):
    """"\\ud800" is valid JSON but not text: it used to fail the whole build when the article was stored."""
    jsonl = tmp_path / "broken.jsonl"
    jsonl.write_text(
        '{"title": "测试\\ud800标题", "date": "2022-01-01", "paragraphs": ["太原\\udc00市小店区开展核酸检测。"]}\n'
        '{"title": "正常的标题", "date": "2022-01-02", "paragraphs": ["小店区的另一篇。"]}\n', "utf-8")
    index_dir = str(tmp_path / "index")
    built = runner.invoke(main, ["build", "--source", str(jsonl), "--index", index_dir, "--jobs", "2"])
    assert built.exit_code == 0, built.output
    assert "2 articles" in built.output and "lone surrogate escapes" in built.output
    found = runner.invoke(main, ["search", "小店区", "--json", "--index", index_dir])
    data = json.loads(found.output)
    assert data["total_articles"] == 2
    assert {h["title"] for h in data["hits"]} == {"测试\ufffd标题", "正常的标题"}


def _outdated_index(tmp_path, articles: int):
    """A seed index whose build record says an older searchapp made it (schema 4), holding `articles`."""
    from conftest import SEEDS
    from searchapp.index import build_index, current_build
    from searchapp.ingest import iter_parsed

    index_dir = tmp_path / "index"
    build_index(iter_parsed([str(SEEDS)]), index_dir, jobs=1)
    info_path = current_build(index_dir) / "searchapp.json"
    info = json.loads(info_path.read_text("utf-8"))
    info.update(schema_version=4, articles=articles)
    info_path.write_text(json.dumps(info), "utf-8")
    return index_dir


@pytest.mark.parametrize("articles, replaced", [(5000, False), (10, True)])
def test_serve_over_an_index_from_an_older_searchapp(runner, tmp_path, monkeypatch, articles, replaced):
    """An older schema is rebuilt from the seeds only where the seeds would not replace an archive
    much larger than they are: a reader's own archive is never swapped for the demo pages."""
    import os
    import socket

    import searchapp.web

    served = []
    monkeypatch.setattr(searchapp.web, "run_server", lambda **kw: served.append(kw))
    index_dir = _outdated_index(tmp_path, articles)
    before = os.readlink(index_dir / "current")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(main, ["serve", "--port", str(port), "--index", str(index_dir)])
    assert "built by an older searchapp" in result.output
    if replaced:
        assert result.exit_code == 0 and served, result.output
        assert os.readlink(index_dir / "current") != before
    else:
        error = _one_line_error(result)
        assert "5000" in error and "searchapp build --source" in error and not served
        assert os.readlink(index_dir / "current") == before
