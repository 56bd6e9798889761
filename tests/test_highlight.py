"""highlight.py as pure functions: escaping, phrases, overlaps, traditional queries, snippets."""

from __future__ import annotations

from searchapp.analysis import compact
from searchapp.highlight import find_spans, highlight, merge_spans, snippet


def test_escapes_before_marking():
    html = highlight("<script>alert(1)</script> 疫情 & 防控", ["疫情"])
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>疫情</mark> &amp; 防控"


def test_markup_in_the_needle_is_escaped_inside_the_mark():
    assert highlight("a<b>c", [compact("<b>")]) == "a<mark>&lt;b&gt;</mark>c"


def test_phrase_is_one_span_even_across_whitespace():
    text = "全面启动应急预案,各\n专班进入工作状态"
    assert highlight(text, [compact("各专班")]) == "全面启动应急预案,<mark>各\n专班</mark>进入工作状态"


def test_overlapping_and_touching_terms_merge():
    assert merge_spans([(0, 2), (1, 3), (5, 6), (6, 8)]) == [(0, 3), (5, 8)]
    assert highlight("疫情防控工作", ["疫情", "情防", "防控"]) == "<mark>疫情防控</mark>工作"


def test_traditional_query_marks_simplified_text():
    assert highlight("加密核酸检测频次", [compact("核酸檢測")]) == "加密<mark>核酸检测</mark>频次"


def test_fullwidth_query_marks_halfwidth_text_and_back():
    assert highlight("2022年GDP", [compact("２０２２")]) == "<mark>2022</mark>年GDP"
    assert highlight("１９９８年", [compact("1998")]) == "<mark>１９９８</mark>年"


def test_every_occurrence_is_found():
    assert find_spans("醋醋 醋", ["醋"]) == [(0, 2), (3, 4)]


def test_snippet_cuts_around_the_match_with_ellipses():
    text = "甲" * 300 + "以快制快" + "乙" * 300
    html = snippet(text, [compact("以快制快")], width=60)
    assert "<mark>以快制快</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_snippet_prefers_the_window_with_most_words():
    text = "太原" + "。" * 200 + "太原市疫情防控" + "。" * 200
    html = snippet(text, ["太原", "疫情"], width=40)
    assert "<mark>疫情</mark>" in html and "<mark>太原</mark>" in html


def test_snippet_without_match_shows_the_start():
    assert snippet("短文本", ["无关"]) == "短文本"
