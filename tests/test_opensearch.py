"""Relevance under OpenSearch, and what only a cluster can refuse.

Whole outputs are compared between the engines in test_contract.py. Relevance order may differ
there (the scores do); what is held here is the headline-driven re-ranking both apply
(ranking.rerank): a known item leads in both, pages past the re-scored head go on in order, and
a query too complex for the cluster is refused with a message.
"""

from __future__ import annotations

import pytest

from searchapp.archive import Archive
from searchapp.params import request_from_args


def _flat(values) -> list[tuple[str, int]]:
    out = []
    for v in values:
        out.append((v.value, v.count))
        out.extend(_flat(v.children))
    return out


@pytest.fixture(scope="module")
def seeds_pair(seed_archive, seeds_opensearch_settings):
    return seed_archive, Archive.open(seeds_opensearch_settings)


def test_page_beyond_the_last_and_deep_pages(seeds_pair):
    tantivy_archive, os_archive = seeds_pair
    for args in ({"q": "", "page": "4"}, {"q": "太原", "page": "3"}, {"q": "太原", "page": "1000"}):
        a, b = tantivy_archive.search(request_from_args(args)), os_archive.search(request_from_args(args))
        assert (b.page, b.pages, b.warnings, len(b.hits)) == (a.page, a.pages, a.warnings, len(a.hits)), args


# ---------------------------------------------------------------- People's Daily slice

@pytest.fixture(scope="module")
def pd_pair(pd_slice_index_dir, pd_slice_opensearch_settings):
    return Archive.open(pd_slice_index_dir), Archive.open(pd_slice_opensearch_settings)


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
