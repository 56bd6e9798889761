"""analysis.py: normalisation keeps offsets; bigrams; jieba engine parity; query words."""

from __future__ import annotations

import itertools
import json
import lzma
import re

import jieba
import pytest
import rjieba

from conftest import SEEDS, XWLB, need_corpus, pd1998_paragraphs
from searchapp import analysis

HAN = re.compile(r"[\u4e00-\u9fff]+")


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("核酸檢測", "核酸检测"),
        ("ＧＤＰ增長２０２２年", "gdp增长2022年"),
        ("銀海心悅社區", "银海心悦社区"),
        ("5G　網絡", "5g 网络"),
        ("\x01控制\x7f字符", " 控制 字符"),
    ],
)
def test_normalize_folds_and_keeps_length(raw, folded):
    assert analysis.normalize(raw) == folded
    assert len(analysis.normalize(raw)) == len(raw)


def test_normalize_keeps_length_on_real_text():
    texts = [p for p in SEEDS.glob("*.txt")]
    for path in texts:
        text = path.read_text("utf-8")
        assert len(analysis.normalize(text)) == len(text)


def test_bigrams_one_token_per_character():
    assert analysis.bigrams("以快制快") == ["以快", "快制", "制快", "快"]
    assert analysis.bigrams("醋") == ["醋"]
    assert analysis.bigrams("") == []


def test_paragraphs_are_separated_by_a_break_token():
    text = analysis.join_paragraphs([analysis.analyze(p)[0] for p in ["全面启动应急预案,各", "专班进入"]])
    assert f" {analysis.PARAGRAPH_BREAK} " in text
    assert "各专" not in text.split()  # no bigram across a paragraph break


def test_compact_drops_whitespace_and_folds():
    assert analysis.compact("通 讯 员 尚晓佳\n刘丹") == "通讯员尚晓佳刘丹"
    assert analysis.compact("２０２２ 年") == "2022年"


def test_words_are_jieba_search_words_plus_latin_runs():
    assert analysis.words("迎泽区创建无疫社区") == ["迎泽", "迎泽区", "创建", "无疫", "社区"]
    assert analysis.words("5G基站2020年") == ["5g", "基站", "2020", "年"]


def test_query_words_drop_stop_words_and_punctuation():
    assert analysis.query_words("太原的疫情") == ["太原", "疫情"]
    assert analysis.query_words("的") == ["的"]  # only stop words: kept, searched as typed
    assert analysis.query_words("，。") == []


def _han_runs(texts):
    for text in texts:
        yield from HAN.findall(text)


def _assert_same_cut(runs):
    jieba.setLogLevel(60)
    checked = 0
    for run in runs:
        assert rjieba.cut_for_search(run) == jieba.lcut_for_search(run), run
        checked += 1
    assert checked > 0


def test_rjieba_matches_jieba_on_seeds():
    _assert_same_cut(_han_runs(p.read_text("utf-8") for p in SEEDS.glob("*.txt")))


@pytest.mark.corpus
def test_rjieba_matches_jieba_on_pd1998():
    _assert_same_cut(_han_runs(text for _, text in pd1998_paragraphs(limit=4000)))


@pytest.mark.corpus
def test_rjieba_matches_jieba_on_xwlb_sample():
    with lzma.open(need_corpus(XWLB), "rt", encoding="utf-8") as fh:
        sample = [p for line in itertools.islice(fh, 0, 20000, 20) for p in json.loads(line)["paragraphs"]]
    _assert_same_cut(_han_runs(sample))


from hypothesis import given, settings, strategies as st


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(blacklist_categories=()), max_size=40))
def test_fold_by_table_equals_fold_by_character(text):
    """The translate table is only a faster way of applying _fold_char: any Unicode text, same result."""
    assert analysis.fold(text) == "".join(map(analysis._fold_char, text))


def test_fold_on_real_mixed_text():
    raw = "ＧＤＰ增长５．２％，Ｘｉ’ａｎ西安\u3000太原ＡＢＣ\x07𠀀字"
    assert analysis.fold(raw) == "gdp增长5.2%,xi’an西安 太原abc 𠀀字"


def test_lone_surrogates_become_spaces():
    assert analysis.normalize("\ud800太原\udfff") == " 太原 "


# ---------------------------------------------------------------- the build's shortcuts


def _opencc_t2s(folded: str) -> str:
    """normalize's conversion without the shortcut: OpenCC on every text."""
    converter = analysis._t2s()
    converted = converter.convert(folded)
    if len(converted) != len(folded):
        converted = "".join(c if len(c) == 1 else o for o, c in ((o, converter.convert(o)) for o in folded))
    return converted


def test_t2s_changes_file_is_the_installed_opencc_s():
    """The characters OpenCC's t2s can change, as shipped, are those of the installed OpenCC's
    dictionaries (after an OpenCC upgrade: regenerate the file, see analysis.T2S_CHANGES)."""
    version, chars = analysis.T2S_CHANGES.read_text("utf-8").split("\n")[:2]
    assert version == f"opencc {analysis._opencc_version()}", "the file is for another OpenCC: every text is converted"
    try:
        fresh = analysis.t2s_changing_characters()
    except (OSError, FileNotFoundError) as e:
        pytest.skip(f"OpenCC's opencc_dict tool is not available: {e}")
    assert chars == fresh
    assert analysis._t2s_changing() is not None


@pytest.mark.parametrize(
    "text",
    ["核酸檢測", "乾隆年間", "書中自有千鍾粟", "穿著", "發展經濟", "发展经济", "太原市小店区", "𠀀丟", "憑藉", "深沈", "ABC 123", ""],
)
def test_normalize_skips_opencc_only_where_it_would_change_nothing(text):
    folded = analysis.fold(text)
    assert analysis.normalize(text) == _opencc_t2s(folded)


def test_normalize_equals_opencc_on_traditional_and_simplified_seeds():
    import opencc

    s2t = opencc.OpenCC("s2t")
    texts = [line for p in SEEDS.glob("*.txt") for line in p.read_text("utf-8").splitlines()]
    texts += [s2t.convert(t) for t in texts]
    for text in texts:
        assert analysis.normalize(text) == _opencc_t2s(analysis.fold(text))


def _body_as_before(paragraphs):
    """What the build made of a body before analyze_body: per paragraph, then joined."""
    analysed = [analysis.analyze(p) for p in paragraphs]
    return [chars.replace(" ", "") for chars, _ in analysed], [w for _, ws in analysed for w in ws]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("太原市小店区2022年GDP增长5.2%，ＡＢＣ。", "雄安新区　建设 1.5 万人", "2-3 g7"),
        ("發展經濟，核酸檢測。",),
        ("疫",),
        (),
    ],
)
def test_analyze_body_gives_the_paragraphs_characters_and_their_words(paragraphs):
    compacted, words = analysis.analyze_body(paragraphs)
    before_chars, before_words = _body_as_before(paragraphs)
    assert compacted == before_chars
    assert sorted(words.split()) == sorted(before_words)  # the field keeps no positions: a multiset


def test_analyze_body_on_seeds():
    for path in SEEDS.glob("*.txt"):
        paragraphs = [p for p in path.read_text("utf-8").split("\n") if p.strip()]
        compacted, words = analysis.analyze_body(paragraphs)
        before_chars, before_words = _body_as_before(paragraphs)
        assert compacted == before_chars
        assert sorted(words.split()) == sorted(before_words)


@pytest.mark.parametrize("compacted", ["太原市小店区", "疫", "", "a发展𠀀x", "2022年gdp增长5.2%"])
def test_tantivy_pair_tokenizer_cuts_pair_tokens(compacted):
    """BODY_PAIRS is cut by Tantivy's n-gram tokenizer (2 to 2): the same terms as pair_tokens."""
    from searchapp.index import pair_analyzer

    assert pair_analyzer().analyze(compacted) == analysis.pair_tokens(compacted).split()
