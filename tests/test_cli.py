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
    for key in ("query", "total_articles", "total_paragraphs", "took_ms", "page", "hits", "facets"):
        assert key in data
    assert data["query"] == "疫情防控" and data["total_articles"] > 0
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "date", "districts", "url", "snippets"}
    assert set(data["facets"]) == {"date", "district"}


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
    assert "1 pages" in built.output and "articles" in built.output
    added = runner.invoke(main, ["add", str(pages[1]), "--index", index_dir])
    assert added.exit_code == 0 and "1 pages" in added.output


def test_parse_json_lists_articles(runner):
    from conftest import SEEDS

    result = runner.invoke(main, ["parse", str(sorted(SEEDS.glob("*.txt"))[1]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["articles"][0]
    assert set(first) >= {"id", "source", "title", "date", "date_inferred", "districts", "paragraphs"}
