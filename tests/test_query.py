"""query.py: what people type becomes a query structure; malformed input is repaired, never raised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.query import MAX_QUERY_CHARS, And, Clause, DateFilter, Not, Or, parse_query


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


@pytest.mark.parametrize("text", ["太原|晋中", "太原 | 晋中", "太原 OR 晋中", "太原｜晋中", "太原 或 晋中"])
def test_or_with_and_without_spaces(text):
    q = parse_query(text)
    assert q.root == Or((Clause("太原", "太原", ("太原",)), Clause("晋中", "晋中", ("晋中",))))
    assert not q.warnings


def test_or_binds_tighter_than_the_implied_and():
    q = parse_query("核酸检测 太原|晋中")
    assert [[c.text for c in g] for g in q.groups] == [["核酸检测"], ["太原", "晋中"]]


@pytest.mark.parametrize("text", ["疫情 AND 太原", "疫情 太原", "疫情  AND  太原"])
def test_and_is_the_same_as_a_space(text):
    assert [[c.text for c in g] for g in parse_query(text).groups] == [["疫情"], ["太原"]]


@pytest.mark.parametrize("text", ["疫情 NOT 演练", "疫情 -演练", "疫情 －演练", "NOT 演练 疫情"])
def test_not_is_the_same_as_minus(text):
    q = parse_query(text)
    assert [c.text for c in q.clauses] == ["疫情"] and [c.text for c in q.excluded] == ["演练"]


def test_lower_case_and_or_not_stay_words():
    q = parse_query("rock and roll or not")
    assert [c.text for c in q.clauses] == ["rock", "and", "roll", "or", "not"]


def test_parentheses_group():
    q = parse_query("(太原 OR 晋中) 核酸 -(演练 OR 模拟)")
    assert isinstance(q.root, And)
    first, second, third = q.root.children
    assert isinstance(first, Or) and [c.text for c in first.children] == ["太原", "晋中"]
    assert second == Clause("核酸", "核酸", ("核酸",))
    assert isinstance(third, Not) and [c.text for c in q.excluded] == ["演练", "模拟"]
    assert q.display_words == ("太原 或 晋中", "核酸", "-(演练 或 模拟)")


def test_fullwidth_parentheses_and_nesting():
    q = parse_query("（太原 (小店区 OR 迎泽区)）")
    assert [c.text for c in q.clauses] == ["太原", "小店区", "迎泽区"] and not q.warnings


@pytest.mark.parametrize("text, warned", [("(太原 OR 晋中", "括号未闭合"), ("太原) 晋中", "多余的右括号"), ("((((", "")])
def test_unbalanced_parentheses_are_repaired(text, warned):
    q = parse_query(text)
    assert all(c.text for c in q.clauses)
    if warned:
        assert any(warned in w for w in q.warnings)


def test_unknown_field_searches_its_words_and_says_so():
    q = parse_query("writer:郭娟 疫情")
    assert [c.text for c in q.clauses] == ["郭娟", "疫情"]
    assert any("writer" in w for w in q.warnings)


def test_byline_fields():
    for text in ("byline:郭娟", "作者:郭娟", "作者：郭娟", "BYLINE:郭娟"):
        (clause,) = parse_query(text).clauses
        assert clause.field == "byline" and clause.text == "郭娟"


def test_field_applies_to_a_group():
    q = parse_query('title:(疫情 OR "核酸检测") 太原')
    assert [(c.text, c.field) for c in q.clauses] == [("疫情", "title"), ("核酸检测", "title"), ("太原", "")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("date:2021", DateFilter(prefix="2021")),
        ("date:2021-08", DateFilter(prefix="2021-08")),
        ("日期：2021-8-1", DateFilter(prefix="2021-08-01")),
        ("date:2021-08-01..2021-09-30", DateFilter(date_from="2021-08-01", date_to="2021-09-30")),
        ("date:2021-08..2021-09", DateFilter(date_from="2021-08-01", date_to="2021-09-30")),
        ("date:2022-02..", DateFilter(date_from="2022-02-01")),
        ("date:..2020", DateFilter(date_to="2020-12-31")),
        ("日期:2021年8月", DateFilter(prefix="2021-08")),
        ("date:2021年8月1日..2021年9月30日", DateFilter(date_from="2021-08-01", date_to="2021-09-30")),
    ],
)
def test_date_field(text, expected):
    q = parse_query(text + " 疫情")
    assert q.dates == (expected,) and [c.text for c in q.clauses] == ["疫情"] and not q.warnings


@pytest.mark.parametrize("text", ["date:2021-13", "date:昨天", "date:2021-02-30", "date:.."])
def test_bad_date_is_ignored_with_a_warning(text):
    q = parse_query(text + " 疫情")
    assert not q.dates and q.warnings and [c.text for c in q.clauses] == ["疫情"]


def test_lone_operators_are_dropped_with_warnings():
    assert parse_query("NOT").is_empty and parse_query("NOT").warnings
    for text in ("疫情 NOT", "AND 疫情", "疫情 AND", "| 疫情", "疫情 |", "疫情 OR OR 太原"):
        q = parse_query(text)
        assert q.warnings, text
        assert "疫情" in [c.text for c in q.clauses], text


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises(text):
    q = parse_query(text)
    for clause in q.clauses + q.excluded:
        assert clause.text and clause.words and all(clause.words)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "-", "OR", "AND", "NOT", "(", ")", "（", "）", "title:", "标题：", "byline:", "作者:",
             "district:", "date:", "2021-08", "..", "foo:", " ", "疫情", "醋", "|", "－"]
        ),
        max_size=20,
    )
)
def test_parser_never_raises_on_operator_soup(parts):
    for text in ("".join(parts), " ".join(parts)):
        q = parse_query(text)
        for clause in q.clauses + q.excluded:
            assert clause.text and clause.words and all(clause.words)
        q.display_words, q.needles, q.groups  # every view of the tree works
