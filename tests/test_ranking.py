"""ranking.py: the headline-aware re-scoring, on real 新闻联播 headlines, without an index."""

from __future__ import annotations

from searchapp.query import parse_query
from searchapp.ranking import Candidate, QueryShape, headline_score, rerank, word_match
from searchapp.ranking import shape_of as _shape


def shape(text: str) -> QueryShape:
    return _shape(parse_query(text))


def order(query: str, titles: list[str], engine: list[float] | None = None, dates: list[int] | None = None) -> list[str]:
    engine = engine or [1.0] * len(titles)
    dates = dates or [0] * len(titles)
    cands = [Candidate(key=t, engine_score=e, title=t, date_ord=d) for t, e, d in zip(titles, engine, dates)]
    return [c.key for _, c in rerank(shape(query), cands)]


def test_whole_word_beats_a_word_inside_a_longer_one():
    assert word_match("习近平会见俄罗斯总统", "俄罗斯") == 1.0
    assert word_match("白俄罗斯总统卢卡申科将访华", "俄罗斯") == 0.5
    assert word_match("白俄罗斯总统卢卡申科将访华", "日本") == 0.0
    titles = ["白俄罗斯总统卢卡申科将对中国进行国事访问", "俄罗斯总统普京将出席上合组织峰会"]
    # The engine liked the 白俄罗斯 headline better (its body says 俄罗斯 more often): headline wins.
    assert order("俄罗斯 总统", titles, engine=[9.0, 5.0])[0] == titles[1]


def test_all_query_words_in_the_headline_beat_two_of_three():
    titles = ["赵乐际会见埃及总理", "赵乐际会见所罗门群岛总理"]
    assert order("赵乐际 所罗门群岛 总理", titles, engine=[12.0, 8.0])[0] == titles[1]


def test_words_side_by_side_in_order_are_boosted():
    titles = ["乡村振兴 产业 发展新动能", "产业发展 助力乡村振兴"]
    assert order("产业 发展", titles)[0] == titles[1]
    # Shuffled query: side by side in either order still counts, a little.
    assert headline_score(shape("发展 产业"), titles[1]) > headline_score(shape("发展 产业"), titles[0])


def test_the_literal_multiword_term_in_the_headline_counts():
    assert headline_score(shape("太原疫情"), "太原疫情防控工作会议召开") > headline_score(shape("太原疫情"), "疫情防控 太原在行动")


def test_kicker_and_deck_count_as_headline_but_below_the_title():
    s = shape("脱贫攻坚")
    in_title = headline_score(s, "决战决胜脱贫攻坚")
    in_deck = headline_score(s, "山西：一村一策", head="——脱贫攻坚一线见闻")
    nowhere = headline_score(s, "山西：一村一策")
    assert in_title > in_deck > nowhere == 0.0


def test_recency_only_breaks_exact_ties():
    titles = ["国内联播快讯", "国内联播快讯 "]
    assert order("联播快讯", titles, dates=[20130101, 20240101])[0] == titles[1]
    # A better match stays ahead of a newer one.
    better = ["习近平会见俄罗斯总统普京", "李强同俄罗斯总理通电话"]
    assert order("俄罗斯 总统", better, dates=[20150101, 20240101])[0] == better[0]


def test_traditional_and_fullwidth_query_match_the_headline():
    assert headline_score(shape("俄羅斯 總統"), "习近平会见俄罗斯总统") == headline_score(shape("俄罗斯 总统"), "习近平会见俄罗斯总统")
    assert headline_score(shape("ＧＤＰ"), "一季度GDP同比增长5.3%") > 0


def test_no_words_no_headline_score():
    assert headline_score(QueryShape(words=(), literals=()), "任何标题") == 0.0
    assert rerank(shape("疫情"), []) == []


def test_reranked_window_shared_by_both_engines():
    """search.reranked_window: the first RERANK_DEPTH hits re-scored, the rest after them in the
    engine's order with scores on the head's scale, then the page cut out; both engines use it."""
    from searchapp.ranking import RERANK_DEPTH
    from searchapp.ranking import rerank_candidate, reranked_window

    titles = {0: "白俄罗斯总统卢卡申科将访华", 1: "俄罗斯总统普京将出席峰会"}
    hits = [(10.0 - k * 0.1, k) for k in range(RERANK_DEPTH + 5)]  # engine order: 0, 1, 2 …

    def candidates(first):
        assert [k for _, k in first] == list(range(RERANK_DEPTH))
        return [rerank_candidate(k, s, {"title": titles.get(k, "无关标题")}, 0, []) for s, k in first]

    window = reranked_window(parse_query("俄罗斯 总统"), hits, candidates, 0, RERANK_DEPTH + 5)
    keys = [k for _, k in window]
    assert keys[:2] == [1, 0]  # the whole-word headline first
    assert keys[RERANK_DEPTH:] == list(range(RERANK_DEPTH, RERANK_DEPTH + 5))
    scores = [s for s, _ in window]
    assert scores == sorted(scores, reverse=True)
    assert window[RERANK_DEPTH][0] == (10.0 - RERANK_DEPTH * 0.1) / 10.0
    assert reranked_window(parse_query("俄罗斯 总统"), hits, candidates, 2, 3) == window[2:5]
    assert reranked_window(parse_query("俄罗斯 总统"), [], candidates, 0, 10) == []


def test_rerank_candidate_reads_headline_and_best_two_paragraphs():
    from searchapp.ranking import rerank_candidate

    c = rerank_candidate("k", 2.0, {"title": "标题", "kicker": "引题", "deck": "——副题"}, "20221122", [1.0, 4.0, 2.0])
    assert (c.title, c.head, c.date_ord, c.paragraph_score) == ("标题", "引题 ——副题", 20221122, 4.0 + 0.5 * 2.0)
    assert rerank_candidate("k", 1.0, {"title": "标题"}, None, []).paragraph_score == 0.0


def test_the_string_typed_printed_in_the_body_leads():
    """Issue 21 item 10: 退休党员有了“暖心的家” (党员 in the headline, 志愿者 far off in the body)
    came before articles printing 党员志愿者 as typed."""
    s = shape("党员志愿者")
    apart = Candidate(key="apart", engine_score=9.0, title="退休党员有了“暖心的家”", printed="社区招募志愿者，退休老人踊跃报名")
    literal = Candidate(key="literal", engine_score=3.0, title="迎泽区创建无疫社区守护群众平安", printed="社区党员志愿者24小时值守")
    assert [c.key for _, c in rerank(s, [apart, literal])] == ["literal", "apart"]


def test_a_match_only_through_the_page_label_comes_last():
    """无疫社区(村)创建在行动 labels every article of its page: an article holding 无疫 only there
    comes after one printing the words itself, even apart, and after one printing the string."""
    s = shape("无疫社区")
    label_only = Candidate(key="label", engine_score=9.0, title="杏花岭区桃园二巷西社区居民在志愿者引导下有序检测", printed="社区居民排队")
    apart = Candidate(key="apart", engine_score=2.0, title="小店区社区防控", printed="争创无疫小区")
    literal = Candidate(key="literal", engine_score=1.0, title="省委疫情防控专题会", printed="深入开展无疫社区创建")
    assert [c.key for _, c in rerank(s, [label_only, apart, literal])] == ["literal", "apart", "label"]


def test_the_lead_counts_every_group_and_ignores_byline_fields():
    from searchapp.ranking import printed_lead

    s = shape("太原 OR 晋中 疫情")
    assert printed_lead(s, "晋中疫情防控", "", "") > printed_lead(s, "晋中防控", "", "") == 0.0
    assert shape("疫情 作者:郭娟").groups == ((("疫情",),),)  # one group, one alternative, one word
