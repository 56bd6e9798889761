"""What keeps answers fast as the archive grows (issue 22): the corpus N times over for the
benchmark, Tantivy's character pairs, date covers and facets counted segment by segment, each
checked for exactness, never timed."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from searchapp import index as ix
from searchapp.analysis import compact, pair_tokens
from searchapp.archive import Archive, _date_range
from searchapp.bench import scaled_lines
from searchapp.engines.base import Between, Histogram, Match, Stat, Terms
from searchapp.engines.tantivy_engine import date_cover
from searchapp.query import phrase_query
from searchapp.results import SearchRequest


def test_scaled_copies_are_other_articles_on_other_days():
    line = json.dumps({"id": "A1", "date": "2020-02-29", "pub_date": "2020-02-29 19:00:00", "title": "标题",
                       "paragraphs": ["正文"], "url": "https://example.org/a1"}, ensure_ascii=False).encode() + b"\n"
    out = [json.loads(x) for x in scaled_lines([line], 3)]
    assert [o["id"] for o in out] == ["A1", "A1-1", "A1-2"]
    assert [o["date"] for o in out] == ["2020-02-29", "2008-02-29", "1996-02-29"]  # 12 years: 29 Feb stays a day
    assert out[2]["pub_date"] == "1996-02-29 19:00:00" and len({o["url"] for o in out}) == 3
    assert all(o["paragraphs"] == ["正文"] for o in out)


def test_pair_tokens():
    assert pair_tokens("太原市") == "太原 原市"
    assert pair_tokens("疫") == "" and pair_tokens("") == ""


def test_date_cover_is_exactly_the_range():
    assert date_cover(20190101, 20201231) == ["2019", "2020"]
    assert date_cover(20210830, 20211002) == ["2021-08-30", "2021-08-31", "2021-09", "2021-10-01", "2021-10-02"]
    assert date_cover(1, 99991231) is None  # unbounded: stays a range
    assert date_cover(99991201, 99991231) is None
    rng = random.Random(3)
    for _ in range(300):
        lo = dt.date(2000, 1, 1) + dt.timedelta(rng.randrange(9000))
        hi = lo + dt.timedelta(rng.randrange(800))
        cover = date_cover(int(lo.strftime("%Y%m%d")), int(hi.strftime("%Y%m%d")))
        if cover is None:
            continue
        day = lo - dt.timedelta(40)
        while day <= hi + dt.timedelta(40):
            iso = day.isoformat()
            inside = any(iso == v or (len(v) < 10 and iso.startswith(v + "-")) for v in cover)
            assert inside == (lo <= day <= hi), (lo, hi, cover, day)
            day += dt.timedelta(1)


def _phrase_by_positions(archive: Archive, text: str) -> set[str]:
    """Articles whose body holds `text`, found the old way: a phrase of characters, no pairs."""
    import tantivy

    engine = archive.engine
    searcher = engine._current()
    query = tantivy.Query.phrase_query(engine.schema, ix.BODY_CHARS, list(text)) if len(text) > 1 else \
        tantivy.Query.term_query(engine.schema, ix.BODY_CHARS, text)
    found = searcher.search(query, limit=100000)
    return {json.loads(ix.stored_text(searcher.doc(a), ix.META))["id"] for _, a in found.hits}


def test_body_literals_by_pairs_find_what_phrases_find(seed_archive):
    texts = []
    for hit in seed_archive.search(SearchRequest(q="", per_page=20)).hits:
        article = seed_archive.article(hit.id)
        for p in article.article.paragraphs[:3]:
            c = compact(p)
            for n in (2, 3, 5):
                if len(c) > n:
                    i = random.Random(len(c)).randrange(len(c) - n)
                    texts.append(c[i : i + n])
    assert texts
    engine = seed_archive.engine
    for text in texts + ["会议", "发展", "的的", "太原市委"]:
        query = engine._literal(ix.BODY_CHARS, text)
        searcher = engine._current()
        found = {json.loads(ix.stored_text(searcher.doc(a), ix.META))["id"] for _, a in searcher.search(query, limit=100000).hits}
        assert found == _phrase_by_positions(seed_archive, text), text


def test_a_date_range_finds_what_the_range_found(seed_archive):
    import tantivy

    engine = seed_archive.engine
    searcher = engine._current()
    for lo, hi in (("2022-01-01", "2022-12-31"), ("2022-11-20", "2022-11-23"), ("2021-12-30", "2022-02-02")):
        between = _date_range(lo, hi)
        old = tantivy.Query.range_query(engine.schema, ix.DATE_ORD, tantivy.FieldType.Unsigned, lower_bound=between.lower,
                                        upper_bound=between.upper)
        new = engine.compile(Match(filters=(between,)))
        assert searcher.search(new, limit=1, count=True).count == searcher.search(old, limit=1, count=True).count
        assert {(a.segment_ord, a.doc) for _, a in searcher.search(new, limit=10000).hits} == \
            {(a.segment_ord, a.doc) for _, a in searcher.search(old, limit=10000).hits}


# ---------------------------------------------------------------- facets counted segment by segment


@pytest.fixture
def segmented_archive(_segmented, monkeypatch):
    """The seed pages in three segments, counted segment by segment however small they are."""
    from searchapp.engines import tantivy_engine as te

    monkeypatch.setattr(te, "PART_MIN_DOCS", 0)
    _segmented.engine._parts_of = None
    yield _segmented
    _segmented.engine._parts_of = None


@pytest.fixture(scope="module")
def _segmented(tmp_path_factory):
    """The seed pages in three segments: a build of a third of them, then two adds."""
    from pathlib import Path

    from searchapp.index import add_pages, build_index
    from searchapp.ingest import iter_parsed

    files = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    target = tmp_path_factory.mktemp("segmented") / "ix"
    third = max(1, len(files) // 3)
    build_index(iter_parsed(files[:third]), target, jobs=1)
    add_pages(iter_parsed(files[third : 2 * third]), target, jobs=1)
    add_pages(iter_parsed(files[2 * third :]), target, jobs=1)
    return Archive.open(target)


FACETS = {
    "district": Terms(ix.DISTRICT),
    "newspaper": Terms(ix.NEWSPAPER, 1000),
    "people": Terms(ix.PERSON, 3),
    "orgs": Terms(ix.ORG, 4),
    "authors": Terms(ix.AUTHOR, 2),
    "date": Histogram(ix.DATE_ORD, 100, 20000000, 20301299),
    "first": Stat("min", ix.DATE_ORD),
    "last": Stat("max", ix.DATE_ORD),
    "paragraphs": Stat("sum", ix.PARAGRAPH_COUNT),
}


def _exact(engine, match: Match) -> dict:
    """Every value of every facet counted in one call: the truth a top is checked against."""
    everything = {k: Terms(a.field, 10**6) if isinstance(a, Terms) else a for k, a in FACETS.items()}
    return engine.aggregate_in_one_call(match, everything)


def _check_top(got: dict, exact: dict, size: int) -> None:
    """`got` is a top `size` of `exact`: its counts exact, and nothing left out counts more."""
    assert all(exact[k] == v for k, v in got.items()), got
    assert len(got) == min(size, len(exact))
    if got:
        cut = min(got.values())
        assert all(v <= cut for k, v in exact.items() if k not in got)


@pytest.mark.parametrize("q", ["", "太原", "疫情", "会议", "市委"])
@pytest.mark.parametrize("depth", [None, 1, 2])
def test_facets_counted_segment_by_segment_are_exact(segmented_archive, monkeypatch, q, depth):
    """Each segment counts a few values (`depth` forces it down to one or two, so that values
    are left out and counted apart, or the whole falls back to one call); the result is the
    exact top whatever happened."""
    from searchapp.engines import tantivy_engine as te
    from searchapp.query import parse_query

    engine = segmented_archive.engine
    searcher = engine._current()
    assert searcher.num_segments == 3
    parts = engine._parts(searcher)
    assert parts is not None and len(parts) == 3
    assert sum(engine.count(Match(filters=(Between(ix.ARTICLE_ORD, lo, hi),))) for lo, hi in parts) == searcher.num_docs
    if depth is not None:
        monkeypatch.setattr(te, "part_terms", lambda size: depth)
    match = Match(parse_query(q).root if q else None)
    got = engine.aggregate(match, FACETS)
    exact = _exact(engine, match)
    for name, a in FACETS.items():
        if isinstance(a, Terms):
            _check_top(got[name], exact[name], a.size)
        else:
            assert got[name] == exact[name], name


def test_facets_by_segment_settle_left_out_values_without_falling_back(segmented_archive, monkeypatch):
    """Three districts a segment: 晋中市 is in the top three but two segments left it out (each
    cut off at a count of 1): it is counted there among the articles holding it, in one call a
    segment, not by falling back to one call for all."""
    from searchapp.engines import tantivy_engine as te

    engine = segmented_archive.engine
    monkeypatch.setattr(te, "part_terms", lambda size: size)
    collected, merged = [], []
    real_collect, real_merge = te._collect, te._merge
    monkeypatch.setattr(te, "_collect", lambda *a: collected.append(a[3]) or real_collect(*a))
    monkeypatch.setattr(te, "_merge", lambda *a: merged.append(real_merge(*a)[1]) or real_merge(*a))
    before = engine.fallbacks
    facets = {"district": Terms(ix.DISTRICT, 3)}
    got = engine.aggregate(Match(), facets)
    assert collected[:3] == [{"district": 3}] * 3 and engine.fallbacks == before  # a call a segment, no fallback
    assert collected[3:] == [None, None]  # 晋中市 in the two segments that left it out
    assert merged[0] and merged[-1] == {}  # values left out, then settled
    _check_top(got["district"], _exact(engine, Match())["district"], 3)


def test_small_segments_are_counted_in_one_call(_segmented):
    from searchapp.engines import tantivy_engine as te

    engine = _segmented.engine
    engine._parts_of = None
    assert te.PART_MIN_DOCS > engine._current().num_docs and engine._parts(engine._current()) is None
    facets = {k: Terms(a.field, 10**6) if isinstance(a, Terms) else a for k, a in FACETS.items()}
    assert engine.aggregate(Match(), facets) == engine.aggregate_in_one_call(Match(), facets)


def test_merge_proves_a_top_or_asks_for_what_it_misses():
    from searchapp.engines.tantivy_engine import _merge

    terms = {"t": Terms(ix.PERSON, 2)}
    # Two segments, neither cut off: the sums are exact.
    out, missing = _merge([({"t": {"a": 5, "b": 1}}, {"t": 0}), ({"t": {"b": 3, "c": 1}}, {"t": 0})], terms)
    assert out["t"] == {"a": 5, "b": 4} and missing == {}
    # The second segment cut off after b (first left-out value: 1): a's count there is unknown.
    out, missing = _merge([({"t": {"a": 5, "b": 1}}, {"t": 0}), ({"t": {"b": 3}}, {"t": 1})], terms)
    assert missing == {"t": [("a", 1)]}
    # A value every segment left out could have up to 2 + 2 = 4 > 2, the top's last count: unsettled.
    out, missing = _merge([({"t": {"a": 9, "b": 1}}, {"t": 2}), ({"t": {"a": 9, "b": 1}}, {"t": 2})], terms)
    assert missing is None
    # Left-out values reach at most 1 + 1 = 2 <= 6: the top is exact.
    out, missing = _merge([({"t": {"a": 9, "b": 3}}, {"t": 1}), ({"t": {"a": 9, "b": 3}}, {"t": 1})], terms)
    assert out["t"] == {"a": 18, "b": 6} and missing == {}


# ---------------------------------------------------------------- facets by the loose query


def _phrase_not_implied_by_pairs(archive: Archive) -> str | None:
    """Three Chinese characters whose two pairs some article's body holds without the three
    together: the loose query finds more articles than the exact one for it."""
    import re

    from searchapp.query import parse_query

    engine = archive.engine
    searcher = engine._current()
    for hit in archive.search(SearchRequest(q="", per_page=50)).hits:
        body = "".join(archive.article(hit.id).article.paragraphs)
        chars = re.sub(r"[^\u4e00-\u9fff]", "", body)
        pairs = {chars[i : i + 2] for i in range(len(chars) - 1)}
        for a in pairs:
            for b in pairs:
                if a[1] == b[0] and a + b[1] not in chars:
                    text = a + b[1]
                    exact = searcher.search(engine.compile(Match(parse_query(text).root)), limit=1, count=True).count
                    loose = searcher.search(engine.compile(Match(parse_query(text).root), loose=True), limit=1, count=True).count
                    if loose > exact:
                        return text
    return None


@pytest.mark.parametrize("q", ["太原市", "疫情防控", "市委书记", "太原 -疫情防控", "2022年", "新冠肺炎疫情"])
def test_facets_of_the_loose_query_are_those_of_the_match(segmented_archive, q):
    """Counted with the loose query and checked by the total, or again exactly: the same facets."""
    from searchapp.query import parse_query

    engine = segmented_archive.engine
    match = Match(parse_query(q).root)
    facets = {k: a for k, a in FACETS.items() if not isinstance(a, Terms)} | {
        k: Terms(a.field, 10**6) for k, a in FACETS.items() if isinstance(a, Terms)}
    assert engine.aggregate(match, facets, total=lambda: engine.count(match)) == engine.aggregate_in_one_call(match, facets)


def test_a_loose_count_that_finds_more_is_counted_again(segmented_archive):
    from searchapp.query import parse_query

    engine = segmented_archive.engine
    text = _phrase_not_implied_by_pairs(segmented_archive)
    assert text, "the seeds hold such a phrase"
    match = Match(parse_query(text).root)
    facets = {"district": Terms(ix.DISTRICT), "n": Stat("sum", ix.PARAGRAPH_COUNT)}
    misses = engine.loose_misses
    got = engine.aggregate(match, facets, total=lambda: engine.count(match))
    assert engine.loose_misses == misses + 1
    assert got == engine.aggregate_in_one_call(match, facets)
    # Told a wrong total, the engine never keeps the loose counts either.
    assert engine.aggregate(match, facets, total=lambda: None) == got and engine.loose_misses == misses + 2


def test_search_hands_its_total_to_the_facets(segmented_archive, monkeypatch):
    engine = segmented_archive.engine
    seen = []
    real = engine.aggregate
    monkeypatch.setattr(engine, "aggregate", lambda m, a, total=None: seen.append(total and total()) or real(m, a, total))
    result = segmented_archive.search(SearchRequest(q="疫情防控"))
    assert seen and seen[0] == result.total_articles
