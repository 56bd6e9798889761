"""The places evaluation: its gold from PD 1998's /ns tags, and the targets on the tuning days."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import PD1998, need_corpus
from searchapp.cli import main
from searchapp.place_evaluation import evaluate_places, gold_names, parse_days


def tokens(tagged: str) -> list[tuple[str, str]]:
    return [tuple(t.rsplit("/", 1)) for t in tagged.split()]


def test_gold_counts_full_county_names_tagged_as_places():
    assert gold_names(tokens("延庆县/ns 今冬/t 农田/n"), 1998) == {"延庆县"}
    assert gold_names(tokens("北京/ns 郊区/n"), 1998) == set()  # 郊区 not tagged a place


def test_gold_joins_a_suffix_the_corpus_cut_off():
    assert gold_names(tokens("上海/ns 浦东/ns 新区/n"), 1998) == {"浦东新区"}
    assert gold_names(tokens("乐平/ns 市委/n 、/w 市政府/n"), 1998) == {"乐平市"}


def test_gold_lists_whose_suffix_is_written_once():
    assert gold_names(tokens("张北/ns 、/w 尚义/ns 、/w 万全/ns 、/w 康保县/ns"), 1998) == {"张北县", "尚义县", "万全县", "康保县"}
    assert gold_names(tokens("张北/ns 、/w 尚义/ns 两/m 县/q"), 1998) == {"张北县", "尚义县"}


def test_days_option():
    assert parse_days("01-20") == (1, 20) and parse_days("21") == (21, 21)
    for bad in ("0-5", "20-01", "x", "1-40"):
        with pytest.raises(ValueError):
            parse_days(bad)


@pytest.mark.corpus
def test_targets_on_the_tuning_days():
    r = evaluate_places(need_corpus(PD1998), (1, 20))
    assert r["articles"] > 1500 and r["gold"] > 300
    assert r["recall"] >= 0.95 and r["precision"] >= 0.97


@pytest.mark.corpus
def test_command_prints_the_figures():
    out = CliRunner().invoke(main, ["evaluate", "--places", str(need_corpus(PD1998)), "--dates", "05-06"])
    assert out.exit_code == 0, out.output
    assert "county level: recall" in out.output and "precision" in out.output
