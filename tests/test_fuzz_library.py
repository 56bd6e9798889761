"""Hostile input to the search library: any text and any parameters answer or raise BadRequest."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.params import request_from_args
from searchapp.results import BadRequest

NASTY = [
    '"', "“", "-", "OR", "title:", "标题：", "district:", "地区:", "|", "\x00", "\ud800", "\u202e", "😀",
    "<script>alert(1)</script>", "{{7*7}}", "疫情", "醋", "山西", "小店区", "核酸檢測", "ＧＤＰ", "2020年", " ", "，",
]

query_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(NASTY), max_size=30).map("".join),
    st.lists(st.sampled_from(NASTY), max_size=30).map(" ".join),
    st.just("，" * 2000),
    st.just("疫" * 10000),
)

params = st.fixed_dictionaries(
    {},
    optional={
        "q": query_text,
        "page": st.one_of(st.integers(-5, 2000).map(str), st.text(max_size=5), st.just("999999999")),
        "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(max_size=8)),
        "from": st.one_of(st.dates().map(str), st.just("2022-13-45"), st.text(max_size=12)),
        "to": st.one_of(st.dates().map(str), st.text(max_size=12)),
        "date": st.one_of(st.sampled_from(["2022", "2022-11", "2022-11-21", "2021-08-06"]), st.text(max_size=10)),
        "district": st.one_of(
            st.sampled_from(["山西省", "山西省/太原市", "山西省/太原市/小店区", "火星", "a/b/c/d"]), st.text(max_size=20)
        ),
    },
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=params)
def test_any_parameters_answer_or_say_what_is_wrong(seed_archive, args):
    try:
        request = request_from_args(args)
    except BadRequest as e:
        assert str(e)
        return
    result = seed_archive.search(request)
    assert result.total_articles >= 0 and result.page >= 1
    for hit in result.hits:
        assert "<script>" not in hit.title_html and all("<script>" not in s for s in hit.snippets)
    result.to_api()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article_id=st.text(max_size=120), q=query_text)
def test_any_article_id_is_found_or_none(seed_archive, article_id, q):
    view = seed_archive.article(article_id, q=q)
    assert view is None or view.article.id == article_id
