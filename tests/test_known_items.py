"""Known-item search: the evaluation itself, and the ranking cases it found, on 新闻联播 headlines."""

from __future__ import annotations

import json
import lzma

import pytest
from click.testing import CliRunner

from conftest import XWLB, need_corpus
from searchapp import known_items as ki
from searchapp.cli import main
from searchapp.models import Article

TITLES = [
    "习近平会见俄罗斯总统",
    "习近平会见白俄罗斯总统",
    "赵乐际会见所罗门群岛总理",
    "赵乐际会见埃及总理",
    "【央视快评】推动共建“一带一路”走深走实",
    "全球累计新冠确诊病例超过1亿1996万例",
    "国内联播快讯",
    "国内联播快讯",
]


def _articles(titles=TITLES) -> list[Article]:
    return [Article(id=f"a{i}", source="x.jsonl", position=i, title=t, paragraphs=(t,)) for i, t in enumerate(titles)]


def test_queries_are_two_to_four_words_of_the_title_and_repeatable():
    items = ki.make_items(_articles(), n=6, seed=7)
    assert items == ki.make_items(_articles(), n=6, seed=7)
    assert len(items) == 6
    for item in items:
        words = item.query.split()
        assert 2 <= len(words) <= 4
        assert all(w in item.title for w in words)
    assert [i.shuffled for i in items] == [False, True] * 3


def test_the_rarest_words_are_chosen_and_an_ambiguous_pair_grows():
    items = {i.title: i for i in ki.make_items(_articles(), n=8, seed=1)}
    # 所罗门群岛 is in one headline only: a reader remembers it, not 会见.
    assert "所罗门群岛" in items["赵乐际会见所罗门群岛总理"].query
    # 俄罗斯 总统 also names the 白俄罗斯 headline, so more words are taken.
    assert len(items["习近平会见俄罗斯总统"].query.split()) >= 3


def test_same_title_articles_are_one_known_item():
    twins = ki.same_title_groups(_articles())
    assert twins["a6"] == twins["a7"] == {"a6", "a7"}
    assert twins["a0"] == {"a0"}


def test_report_figures():
    item = ki.KnownItem("a b", "x", "t", False)
    report = ki.Report([ki.Outcome(item, 1, "t"), ki.Outcome(item, 2, "u"), ki.Outcome(item, None, "v"), ki.Outcome(item, 1, "t")])
    assert report.mrr == pytest.approx((1 + 0.5 + 0 + 1) / 4)
    assert report.success_at(1) == 0.5 and report.success_at(10) == 0.75
    text = ki.format_report(report)
    assert "MRR@10: 0.6250" in text and "success@1: 0.5000" in text and ">10" in text


def test_cli_needs_a_corpus():
    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code != 0 and "--known-items" in result.output
    result = CliRunner().invoke(main, ["evaluate", "--known-items", "/nonexistent/x.jsonl"])
    assert result.exit_code != 0 and "no such file" in result.output


# ---------------------------------------------------------------- on 新闻联播


def _xwlb_lines(keep) -> list[str]:
    lines = []
    with lzma.open(need_corpus(XWLB), "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if keep(n, json.loads(line)):
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def xwlb_sample(tmp_path_factory):
    """Every 新闻联播 item whose headline names 俄罗斯 or 总统, and every 40th item: ~2,500 articles."""
    lines = _xwlb_lines(lambda n, o: n % 40 == 0 or "俄罗斯" in o["title"] or "总统" in o["title"])
    folder = tmp_path_factory.mktemp("xwlb-sample")
    corpus = folder / "sample.jsonl"
    corpus.write_text("".join(lines), "utf-8")
    return str(corpus), str(folder / "index")


@pytest.mark.corpus
def test_evaluate_command_prints_the_figures(xwlb_sample):
    corpus, index = xwlb_sample
    result = CliRunner().invoke(main, ["evaluate", "--known-items", corpus, "--index", index, "--queries", "120"])
    assert result.exit_code == 0, result.output
    figures = dict(line.split(": ", 1) for line in result.output.splitlines() if line.startswith(("MRR", "success")))
    print(result.output)
    assert float(figures["MRR@10"]) >= 0.9
    assert float(figures["success@1"]) >= 0.85


@pytest.mark.corpus
def test_reranking_beats_the_engine_order(xwlb_sample, monkeypatch):
    import searchapp.ranking as search

    corpus, index = xwlb_sample
    ranked = ki.run_known_items(corpus, index, n=120)
    monkeypatch.setattr(search, "RERANK_DEPTH", 0)
    engine = ki.run_known_items(corpus, index, n=120)
    print(f"engine order MRR@10 {engine.mrr:.4f}, re-ranked {ranked.mrr:.4f}")
    assert ranked.mrr >= engine.mrr
    assert ranked.success_at(1) >= engine.success_at(1)


@pytest.mark.corpus
def test_a_whole_word_headline_beats_a_longer_word(xwlb_sample):
    """Failed before: 习近平会见白俄罗斯总统 came first for 习近平 会见 俄罗斯 总统."""
    from searchapp.archive import Archive
    from searchapp.results import SearchRequest

    corpus, index = xwlb_sample
    ki.run_known_items(corpus, index, n=1)  # builds the index where the fixture points
    from searchapp.ranking import RERANK_DEPTH

    result = Archive.open(index).search(SearchRequest(q="习近平 会见 俄罗斯 总统", per_page=100))
    assert any(h.title.startswith("习近平会见白俄罗斯总统") for h in result.hits)  # the trap is among the matches
    head = result.hits[:RERANK_DEPTH]
    assert head[0].title.startswith("习近平会见俄罗斯总统")
    whole = [i for i, h in enumerate(head) if h.title.startswith("习近平会见俄罗斯总统")]
    inside = [i for i, h in enumerate(head) if h.title.startswith("习近平会见白俄罗斯总统")]
    assert whole and (not inside or max(whole) < min(inside))
