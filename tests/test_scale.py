"""What keeps answers fast as the archive grows (issue 22): the corpus N times over for the
benchmark, Tantivy's character pairs and date covers, each checked for exactness, never timed."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from searchapp import index as ix
from searchapp.analysis import compact, pair_tokens
from searchapp.archive import Archive, _date_range
from searchapp.bench import scaled_lines
from searchapp.engines.base import Match
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
