"""query.py: what people type becomes a query structure; malformed input is repaired, never raised."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.query import MAX_QUERY_CHARS, parse_query


def test_space_separated_words_all_required():
    q = parse_query("山西 太原")
    assert [[c.text for c in g] for g in q.groups] == [["山西"], ["太原"]]


def test_unquoted_term_is_cut_into_words():
    q = parse_query("太原疫情")
    assert q.groups[0][0].words == ("太原", "疫情")
    assert "太原疫情" in q.needles  # the literal is also marked as one span


def test_phrase_in_ascii_and_chinese_quotes():
    for text in ('"以快制快"', "“以快制快”", "＂以快制快＂"):
        (clause,), = parse_query(text).groups
        assert clause.phrase and clause.text == "以快制快" and clause.words == ("以快制快",)


def test_exclusion_or_and_fields():
    q = parse_query('疫情 -太原 -"小店区" 晋中 OR 昔阳 title:会议 district:小店区')
    assert [c.text for c in q.excluded] == ["太原", "小店区"]
    assert [[c.text for c in g] for g in q.groups] == [["疫情"], ["晋中", "昔阳"], ["会议"]]
    assert q.groups[2][0].title_only
    assert q.districts == ("小店区",)


def test_chinese_field_names_and_fullwidth_colon():
    q = parse_query("标题：会议 地区:昔阳县")
    assert q.groups[0][0].title_only and q.districts == ("昔阳县",)


def test_repairs_leave_warnings():
    assert parse_query('"以快制快').warnings and parse_query('"以快制快').groups[0][0].text == "以快制快"
    assert parse_query("-").is_empty and parse_query("-").warnings
    assert parse_query("title:").is_empty and parse_query("title:").warnings
    assert parse_query("OR 疫情").groups and parse_query("OR 疫情").warnings
    assert parse_query("疫情 OR").warnings
    punct = parse_query("，。！" * 700)
    assert punct.is_empty and punct.warnings


def test_long_query_is_cut():
    q = parse_query("疫情" * 5000)
    assert len(q.groups[0][0].raw) <= MAX_QUERY_CHARS and q.warnings


def test_single_character_is_literal():
    (clause,), = parse_query("疫").groups
    assert clause.words == ("疫",)


def test_quoted_punctuation_is_searchable():
    (clause,), = parse_query('"，"').groups
    assert clause.text == ","  # full-width punctuation folds too: the OCR mixes ，and ,


def test_traditional_and_fullwidth_fold():
    assert parse_query("核酸檢測").groups[0][0].text == "核酸检测"
    assert parse_query("ＧＤＰ").groups[0][0].text == "gdp"


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises(text):
    q = parse_query(text)
    for clause in q.clauses + q.excluded:
        assert clause.text and clause.words and all(clause.words)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(['"', "“", "”", "-", "OR", "title:", "标题：", "district:", " ", "疫情", "醋", "|", "－"]), max_size=20))
def test_parser_never_raises_on_operator_soup(parts):
    parse_query("".join(parts))
    parse_query(" ".join(parts))
