"""The OpenSearch engine gives the same answers as the embedded Tantivy index.

A query mix (words, phrases, exclusions, OR, single characters, Latin and digits, traditional
and full-width forms, each filter, each sort) runs through both engines on the seeds and on a
People's Daily slice (days 05-06, inside the tuning range 01-20); the matching article ids,
the counts, the facets and the matching paragraphs must be the same. Scores differ between the
engines, so full relevance order is not compared (date order is); the headline-driven re-ranking
both apply (ranking.rerank) is: a known item leads in both.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CORPORA, SEEDS, need_corpus
from searchapp.settings import load_settings
from searchapp.ingest import iter_parsed
from searchapp.archive import Archive
from searchapp.params import request_from_args

SEED_QUERIES = [
    "", "太原", "疫情防控", "太原疫情", '"以快制快"', "“核酸检测”", "疫情 -太原", '疫情 -"以快制快"',
    "太原 OR 晋中", "小店 | 迎泽", "疫", "醋", "的", "太原的疫情", "核酸檢測", "ＧＤＰ", "２０２２", "2022年",
    "11月", "title:会议", "标题:疫情 太原", "district:小店区", "地区:太原 核酸", "district:火星",
    "不存在的词语组合", '"检测 核酸"', "新冠肺炎疫情", "-疫情", "太原 OR",
    "作者:记者", "byline:本报", "日期:2022-11 疫情", "date:2022-11-22", "(太原 OR 晋中) -核酸", "疫情 (核酸 OR 检测)",
    "记者", "摄",
]
SEED_FILTERS = [
    {}, {"district": "山西省"}, {"district": "山西省/太原市"}, {"date": "2022"}, {"date": "2022-11"},
    {"from": "2022-11-22", "to": "2022-12-31"}, {"sort": "newest"}, {"sort": "oldest"},
    {"newspaper": "太原日报"}, {"newspaper": "不存在的报纸"},
    {"district": "小店"}, {"district": "140105"}, {"district": "太原"}, {"district": "山西省/太原市/不存在区"},
    {"district": "未标注地区"}, {"district": "朝阳区"},
]


def _os_settings(cluster, alias: str):
    return load_settings(env={}, engine="opensearch", opensearch_url=",".join(cluster.urls), opensearch_index=alias)


def _build_opensearch(cluster, alias: str, sources: list[str], shards: int = 2, replicas: int = 1):
    from searchapp.archive import Archive as OpenSearchArchive
    from searchapp.opensearch_index import build_index

    settings = _os_settings(cluster, alias)
    build_index(iter_parsed(sources), settings, jobs=1, shards=shards, replicas=replicas)
    return OpenSearchArchive.open(settings)


def _flat(values) -> list[tuple[str, int]]:
    out = []
    for v in values:
        out.append((v.value, v.count))
        out.extend(_flat(v.children))
    return out


def _assert_same(tantivy_archive, os_archive, args: dict) -> None:
    request = request_from_args(args)
    a, b = tantivy_archive.search(request), os_archive.search(request)
    where = f"query {args}"
    assert b.total_articles == a.total_articles, where
    matched = {h.id: h.matched_paragraphs for h in a.hits}
    assert {h.id: h.matched_paragraphs for h in b.hits if h.id in matched} == {h.id: matched[h.id] for h in b.hits if h.id in matched}, where
    assert b.words == a.words and b.warnings == a.warnings, where
    assert (b.date_level, _flat(b.date_facet)) == (a.date_level, _flat(a.date_facet)), where
    assert _flat(b.district_facet) == _flat(a.district_facet), where
    assert _flat(b.newspaper_facet) == _flat(a.newspaper_facet), where
    assert _flat(b.district_choices) == _flat(a.district_choices), where
    assert b.pages == a.pages, where
    exported_a, exported_b = list(tantivy_archive.export(request)), list(os_archive.export(request))
    assert {h.id for h in exported_b} == {h.id for h in exported_a}, where
    assert len(exported_b) == len(exported_a) == a.total_articles, where
    if request.sort != "relevance" or not request.q.strip():
        # Date order is the engines' shared promise (ties may be broken differently).
        assert [h.date for h in exported_b] == [h.date for h in exported_a], where
    assert sorted(os_archive.matching_paragraphs(request)) == sorted(tantivy_archive.matching_paragraphs(request)), where
    assert [(r.label, r.count) for r in b.relaxations] == [(r.label, r.count) for r in a.relaxations], where
    # Snippets come from the same highlighter: every hit shows marks in both engines or in neither.
    by_id = {h.id: h for h in exported_a}
    for hit in exported_b:
        other = by_id[hit.id]
        assert hit.title_html == other.title_html, where
        assert hit.matched_paragraphs == other.matched_paragraphs, where
        assert bool(hit.snippets) == bool(other.snippets), where


@pytest.fixture(scope="module")
def seeds_pair(opensearch_cluster, seed_archive):
    return seed_archive, _build_opensearch(opensearch_cluster, "parity-seeds", [str(SEEDS)])


@pytest.mark.parametrize("q", SEED_QUERIES)
def test_seed_queries_match_tantivy(seeds_pair, q):
    tantivy_archive, os_archive = seeds_pair
    _assert_same(tantivy_archive, os_archive, {"q": q})


@pytest.mark.parametrize("filters", SEED_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("q", ["", "太原", "疫情 -太原", "疫", '"核酸检测"', "太原 OR 晋中"])
def test_seed_filters_match_tantivy(seeds_pair, q, filters):
    tantivy_archive, os_archive = seeds_pair
    _assert_same(tantivy_archive, os_archive, {"q": q, **filters})


def test_seed_stats_and_article_views_match(seeds_pair):
    tantivy_archive, os_archive = seeds_pair
    a, b = tantivy_archive.stats(), os_archive.stats()
    assert (b.pages, b.articles, b.paragraphs, b.date_min, b.date_max) == (a.pages, a.articles, a.paragraphs, a.date_min, a.date_max)
    assert _flat(b.newspapers) == _flat(a.newspapers)
    assert _flat(b.districts) == _flat(a.districts)
    for hit in tantivy_archive.export(request_from_args({"q": ""})):
        va, vb = tantivy_archive.article(hit.id, q="太原 疫情"), os_archive.article(hit.id, q="太原 疫情")
        assert vb is not None, hit.id
        assert vb.article == va.article
        assert vb.paragraphs_html == va.paragraphs_html and vb.title_html == va.title_html
        assert vb.first_hit == va.first_hit
        assert vb.neighbours == va.neighbours
    assert os_archive.article("no-such-article") is None
    assert os_archive.article("../../etc/passwd") is None


def _same_browse_and_trends(tantivy_archive, os_archive, trend_queries: list[list[str]], named_papers: bool = True) -> None:
    papers = tantivy_archive.papers()
    assert bool(papers) == named_papers  # the PD slice's pages carry no newspaper name
    assert os_archive.papers() == papers
    for paper in papers:
        assert os_archive.paper_days(paper.name, level="year") == tantivy_archive.paper_days(paper.name, level="year")
        year = paper.first[:4]
        days = tantivy_archive.paper_days(paper.name, year)
        assert os_archive.paper_days(paper.name, year) == days
        for day in list(days)[:3]:
            assert os_archive.issue(paper.name, day) == tantivy_archive.issue(paper.name, day)
        assert os_archive.issue(paper.name, "1900-01-01") is None
    for hit in list(tantivy_archive.export(request_from_args({"q": ""})))[:12]:
        assert os_archive.issue_of(hit.id) == tantivy_archive.issue_of(hit.id)
        view = tantivy_archive.article(hit.id)
        assert os_archive.continuations(view.article) == tantivy_archive.continuations(view.article)
    for queries in trend_queries:
        for base in ({}, {"district": "山西省"}, {"from": "1998-01-05", "to": "2022-12-31"}):
            request = request_from_args({"q": "", **base})
            for level in (None, "year", "month", "day"):
                assert os_archive.trend(queries, request, level) == tantivy_archive.trend(queries, request, level), (queries, base, level)


def test_seed_browse_and_trends_match(seeds_pair):
    tantivy_archive, os_archive = seeds_pair
    _same_browse_and_trends(tantivy_archive, os_archive, [["疫情"], ["太原", "晋中", "核酸"], ["不存在的词语组合"]])


def test_page_beyond_the_last_and_deep_pages(seeds_pair):
    tantivy_archive, os_archive = seeds_pair
    for args in ({"q": "", "page": "4"}, {"q": "太原", "page": "3"}, {"q": "太原", "page": "1000"}):
        a, b = tantivy_archive.search(request_from_args(args)), os_archive.search(request_from_args(args))
        assert (b.page, b.pages, b.warnings, len(b.hits)) == (a.page, a.pages, a.warnings, len(a.hits)), args


# ---------------------------------------------------------------- People's Daily slice

PD_QUERIES = [
    "", "经济", "改革开放", "江泽民", '"中国共产党"', "中国 -美国", "北京 OR 上海", "党", "港", "1998年",
    "ＷＴＯ", "国內生產總值", "title:会议", "经济 发展 -农村", "两岸关系", '"一国两制"', "科技兴农",
]
PD_FILTERS = [{}, {"date": "1998-01-05"}, {"from": "1998-01-06", "to": "1998-01-06"}, {"sort": "oldest"}]


@pytest.fixture(scope="module")
def pd_pair(opensearch_cluster, tmp_path_factory):
    src = need_corpus(CORPORA / "pd1998" / "199801.utf8.txt.xz")
    out = tmp_path_factory.mktemp("pd-slice")
    subprocess.run(
        [sys.executable, str(CORPORA / "pd1998" / "make_pages.py"), "--src", str(src), "--out", str(out),
         "--dates", "19980105,19980106"],
        check=True, capture_output=True,
    )
    from searchapp.index import build_index

    build_index(iter_parsed([str(out / "pages")]), out / "index", jobs=1)
    return Archive.open(out / "index"), _build_opensearch(opensearch_cluster, "parity-pd", [str(out / "pages")], shards=3)


@pytest.mark.corpus
@pytest.mark.parametrize("filters", PD_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("q", PD_QUERIES)
def test_pd1998_queries_match_tantivy(pd_pair, q, filters):
    tantivy_archive, os_archive = pd_pair
    _assert_same(tantivy_archive, os_archive, {"q": q, **filters})


@pytest.mark.corpus
def test_pd1998_browse_and_trends_match(pd_pair):
    tantivy_archive, os_archive = pd_pair
    _same_browse_and_trends(tantivy_archive, os_archive, [["经济", "改革"], ["江泽民"]], named_papers=False)


@pytest.mark.corpus
def test_pd1998_district_filters_match_tantivy(pd_pair):
    tantivy_archive, os_archive = pd_pair
    stats = tantivy_archive.stats()
    assert _flat(os_archive.stats().districts) == _flat(stats.districts)
    paths = [v for v, _ in _flat(stats.districts)][:6]
    assert paths, "the slice should name some districts"
    for path in paths:
        _assert_same(tantivy_archive, os_archive, {"q": "", "district": path})
        _assert_same(tantivy_archive, os_archive, {"q": "经济", "district": path})


def test_long_and_hostile_queries_answer_or_say_why(seeds_pair):
    """The longest query the parser lets through, markup, and query syntax of OpenSearch's own:
    the same answer as Tantivy, or a BadRequest that says the query is too complex, never a crash."""
    from searchapp.results import BadRequest

    tantivy_archive, os_archive = seeds_pair
    many = "".join(chr(0x4E00 + 37 * k) for k in range(256))  # 256 unrelated characters: ~256 one-character words
    for q in [many, " ".join(many[i : i + 16] for i in range(0, 256, 16)), "<script>alert(1)</script> 太原",
              '{"match_all": {}}', "title:* OR district:*", "太原 AND NOT 晋中 ~2 ^3 \\"]:
        request = request_from_args({"q": q})
        try:
            b = os_archive.search(request)
        except BadRequest as e:
            assert "查询太复杂" in str(e)
            continue
        a = tantivy_archive.search(request)
        assert b.total_articles == a.total_articles, q


# ---------------------------------------------------------------- relevance order (ranking.rerank)

KNOWN_ITEM_MARGIN = 1.6  # > W_ENGINE + W_PARAGRAPHS: the most the engine-dependent part can add


def _known_items(tantivy_archive, limit: int) -> list[tuple[str, str]]:
    """(query, article id) pairs: two or three words of an article's headline whose matches'
    headlines score, by ranking.headline_score, at least KNOWN_ITEM_MARGIN below it. The headline
    part of the re-ranking is the same in both engines and the engine part (BM25 over the best, plus
    the best paragraphs) adds at most W_ENGINE + W_PARAGRAPHS, so that article must come first in both
    where every match is re-scored (at most RERANK_DEPTH matches: the candidates are the same)."""
    import rjieba

    from searchapp.ranking import RERANK_DEPTH
    from searchapp.ranking import shape_of as _shape
    from searchapp.query import parse_query

    out = []
    for article in tantivy_archive.export(request_from_args({"q": ""})):
        words = list(dict.fromkeys(w for w in rjieba.cut(article.title) if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)))
        for n in (2, 3):
            if len(words) < n:
                continue
            q = " ".join(words[:n])
            shape = _shape(parse_query(q))
            matches = list(tantivy_archive.export(request_from_args({"q": q})))
            scores = {h.id: _headline(tantivy_archive, shape, h.id) for h in matches}
            if len(matches) > RERANK_DEPTH:  # both engines re-score every match only up to here
                continue
            mine = scores.pop(article.id, None)
            if mine is not None and all(mine - s > KNOWN_ITEM_MARGIN for s in scores.values()):
                out.append((q, article.id))
                break
        if len(out) >= limit:
            break
    return out


def _headline(archive, shape, article_id: str) -> float:
    """ranking.headline_score of an article as the re-ranking sees it (title, kicker and deck)."""
    from searchapp.ranking import headline_score

    article = archive.article(article_id).article
    return headline_score(shape, article.title, " ".join(x for x in (article.kicker, article.deck) if x))


def _same_relevance_head(tantivy_archive, os_archive, known: list[tuple[str, str]]) -> None:
    assert len(known) >= 5, known  # the corpus should offer several
    for q, article_id in known:
        request = request_from_args({"q": q})
        a, b = tantivy_archive.search(request), os_archive.search(request)
        assert a.hits[0].id == article_id, (q, [h.title for h in a.hits])
        assert b.hits[0].id == article_id, (q, [h.title for h in b.hits])
        assert b.hits[0].score == pytest.approx(a.hits[0].score, abs=W_BODY_MAX), q
        if a.total_articles <= request.per_page:  # the first page is every match
            assert {h.id for h in b.hits} == {h.id for h in a.hits}, q
        # Export puts the re-scored head first too.
        assert next(iter(os_archive.export(request))).id == article_id, q


W_BODY_MAX = 1.5  # W_ENGINE + W_PARAGRAPHS


def test_seed_relevance_order_matches_tantivy_on_headlines(seeds_pair):
    tantivy_archive, os_archive = seeds_pair
    _same_relevance_head(tantivy_archive, os_archive, _known_items(tantivy_archive, 12))


@pytest.mark.parametrize("q", ["太原 疫情", "疫情 防控 太原", "核酸 检测", "太原 晋中", "疫情 核酸"])
def test_seed_multiword_first_page_sets_match(seeds_pair, q):
    """Where every match fits on the first page both engines show the same articles; where the
    re-scored head holds every match, its best headline leads in both."""
    from searchapp.ranking import RERANK_DEPTH
    from searchapp.ranking import shape_of as _shape
    from searchapp.query import parse_query

    tantivy_archive, os_archive = seeds_pair
    request = request_from_args({"q": q})
    a, b = tantivy_archive.search(request), os_archive.search(request)
    assert b.total_articles == a.total_articles
    if a.total_articles <= request.per_page:
        assert {h.id for h in b.hits} == {h.id for h in a.hits}, q
    if a.hits and a.total_articles <= RERANK_DEPTH:
        shape = _shape(parse_query(q))
        best = max(_headline(tantivy_archive, shape, h.id) for h in a.hits)
        for result in (a, b):  # the first hit's headline is within the engine part of the best one
            assert _headline(tantivy_archive, shape, result.hits[0].id) >= best - W_BODY_MAX, q
    # Scores fall down the page in both engines (re-ranked head, then the engine's order).
    for result in (a, b):
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True), q


@pytest.mark.corpus
def test_pd1998_relevance_order_matches_tantivy_on_headlines(pd_pair):
    tantivy_archive, os_archive = pd_pair
    _same_relevance_head(tantivy_archive, os_archive, _known_items(tantivy_archive, 25))


@pytest.mark.corpus
@pytest.mark.parametrize("q", ["中国 经济", "经济 发展 改革", "发展 工作"])
def test_pd1998_relevance_pages_past_the_rerank_depth(pd_pair, q):
    """Pages 1-2 are the re-scored head (RERANK_DEPTH = 20 at 10 a page), page 3 on the engine's
    order after it, its scores on the head's scale (engine / best engine score, at most 1): in both
    engines every match shows once across the pages and scores fall from page to page."""
    from searchapp.ranking import RERANK_DEPTH

    for archive in pd_pair:
        first = archive.search(request_from_args({"q": q}))
        assert first.total_articles > RERANK_DEPTH, q
        pages = [first] + [archive.search(request_from_args({"q": q, "page": str(p)})) for p in range(2, first.pages + 1)]
        ids = [h.id for r in pages for h in r.hits]
        assert len(ids) == len(set(ids)) == first.total_articles, q
        scores = [h.score for r in pages for h in r.hits]
        assert scores == sorted(scores, reverse=True), q
        assert 0 < scores[-1] and scores[RERANK_DEPTH] <= 1.0, q
