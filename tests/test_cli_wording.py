"""What the command line says (issue 21, item 11): English of its own, the archive's text as printed."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from searchapp.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_counts_agree_with_their_nouns(runner, seed_index_dir):
    one = runner.invoke(main, ["search", "醋", "--index", seed_index_dir])
    assert one.exit_code == 0, one.output
    assert one.output.startswith("1 article (")
    many = runner.invoke(main, ["search", "疫情", "--index", seed_index_dir])
    assert re.match(r"\d+ articles \(", many.output)
    for output in (one.output, many.output):
        assert not re.search(r"\b1 (paragraphs|articles|pages|warnings)\b", output), output
    # A hit with one matching paragraph, somewhere in the seeds' results.
    lines = [l for r in ("醋", "疫情", "核酸", "小店区") for l in runner.invoke(main, ["search", r, "--index", seed_index_dir]).output.splitlines()]
    assert any(l.endswith("1 paragraph matched") for l in lines) or not any("paragraph matched" in l for l in lines)


def test_no_doubled_ellipsis_and_no_chinese_labels(runner, seed_index_dir):
    out = runner.invoke(main, ["search", "疫情", "--index", seed_index_dir]).output
    assert "… …" not in out
    assert "日期不详" not in out and "（今" not in out and "understood as" not in out
    facts = [l for l in out.splitlines() if l.startswith("   date ")]
    assert facts and all("; paper " in l for l in facts)


def test_a_refused_build_into_a_new_folder_does_not_speak_of_a_live_index(runner, tmp_path):
    result = runner.invoke(main, ["build", "--index", str(tmp_path / "new"), "--source", str(tmp_path / "seedz")])
    assert result.exit_code != 0
    assert "live index" not in result.output
    assert "nothing was built" in result.output and "no such file or folder" in result.output


def test_serve_says_what_it_builds_first(tmp_path, monkeypatch):
    """The start-up line names the folder as a folder ("index/"), not "no index in index"."""
    import searchapp.web

    monkeypatch.setattr(searchapp.web, "run_server", lambda **kw: None)
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "index"), "--port", "0"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"No index at {tmp_path / 'index'}/ yet: building one from the demo pages in ")
    assert "1 pages" not in result.output


def test_pytest_prints_skip_reasons_by_default():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))
    assert "-rs" in config["tool"]["pytest"]["ini_options"]["addopts"].split()
