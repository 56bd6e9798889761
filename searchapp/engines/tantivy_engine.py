"""The embedded engine: a Tantivy index directory (index.py), opened in this process.

It compiles the flow's Match into Tantivy queries (a literal of one character is a term of the
characters field, a longer one the phrase of its characters; in the body, a literal of two
characters is a term of its character pairs and a longer one that phrase narrowed to the articles
holding all its pairs), runs them, and reads the stored articles. Nothing here decides what a
reader sees.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Hashable, Iterator, Mapping, Sequence

import tantivy
from tantivy import Occur, Query

from .. import index as ix
from ..facets import buckets_of
from ..query import Clause, Node, Not, Or
from .base import FIELD_TARGETS, WORD_FIELDS, Between, Boost, Filter, Histogram, Match, Order, Ranked, Stat, Stored, Terms

_U64 = tantivy.FieldType.Unsigned
SHARD_TERMS = 10000  # values each segment counts for a Terms aggregation (see opensearch_engine)


class TantivyEngine:
    """An index directory; follows `current` to a rebuilt index and reloads after an `add`."""

    name = "tantivy"

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._build: Path | None = None
        self._index: tantivy.Index | None = None
        self._committed = 0
        self._searcher: tantivy.Searcher | None = None
        self.generation()

    # -- plumbing

    def generation(self) -> Hashable:
        build = ix.current_build(self.index_dir)
        stamp = ix.commit_stamp(build)
        if build != self._build:
            self._index = ix.open_index(build)
            self._build, self._committed, self._searcher = build, stamp, None
        elif stamp != self._committed:
            assert self._index is not None
            self._index.reload()
            self._committed, self._searcher = stamp, None
        if self._searcher is None:
            assert self._index is not None
            self._searcher = self._index.searcher()
        return (str(self._build), self._committed, self._searcher.num_docs)

    def _current(self) -> tantivy.Searcher:
        if self._searcher is None:
            self.generation()
        assert self._searcher is not None
        return self._searcher

    @property
    def schema(self) -> tantivy.Schema:
        assert self._index is not None
        return self._index.schema

    # -- compiling

    def _literal(self, field: str, text: str) -> Query:
        """Documents whose characters field holds `text` literally: a character is a term, a
        longer text the phrase of its characters.

        In the body, the phrase of two of the commonest characters (发展, 经济) reads their
        positions in nearly every article: BODY_PAIRS answers instead, exactly, as a paragraph
        holds 发展 where it holds the pair 发展. A longer literal is its phrase, intersected with
        all of its pairs (scored 0, so the phrase alone scores): the pairs, far rarer than the
        characters, lead the intersection, and positions are read only where all of them are."""
        if len(text) == 1:
            return Query.term_query(self.schema, field, text)
        if field != ix.BODY_CHARS:
            return Query.phrase_query(self.schema, field, list(text))
        if len(text) == 2:
            return Query.term_query(self.schema, ix.BODY_PAIRS, text)
        pairs = dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1))
        narrowed = Query.boost_query(_all([Query.term_query(self.schema, ix.BODY_PAIRS, p) for p in pairs]), 0.0)
        return Query.boolean_query([(Occur.Must, Query.phrase_query(self.schema, field, list(text))), (Occur.Must, narrowed)])

    def _clause(self, clause: Clause) -> Query:
        """Every word of the clause appears (each in any of the fields the clause may look in)."""
        fields = FIELD_TARGETS[clause.field]
        return _all([_any([self._literal(f, w) for f in fields]) for w in clause.words])

    def _node(self, node: Node) -> Query:
        if isinstance(node, Clause):
            return self._clause(node)
        if isinstance(node, Not):
            return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self._node(node.child))])
        if isinstance(node, Or):
            return _any([self._node(c) for c in node.children])
        parts = [
            (Occur.MustNot, self._node(c.child)) if isinstance(c, Not) else (Occur.Must, self._node(c))
            for c in node.children
        ]
        if all(occur == Occur.MustNot for occur, _ in parts):
            parts.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(parts)

    def _filter(self, f: Filter) -> Query:
        if isinstance(f, Between):
            cover = date_cover(f.lower, f.upper) if f.field == ix.DATE_ORD else None
            if cover:
                # The same articles as the range, by their years, months and days (DATE_PATH):
                # a range over a fast field reports every document as a candidate, so a phrase
                # beside it was read in every article of the archive; these terms' postings lead
                # the intersection instead. Scored 1.0, as the range is.
                terms = [Query.term_query(self.schema, ix.DATE_PATH, v) for v in cover]
                return Query.const_score_query(_any(terms), 1.0)
            return Query.range_query(self.schema, f.field, _U64, lower_bound=f.lower, upper_bound=f.upper)
        if not f.values:
            return Query.empty_query()
        return _any([Query.term_query(self.schema, f.field, v) for v in f.values])

    def _boost(self, b: Boost) -> Query:
        inner = Query.term_query(self.schema, b.field, b.text) if b.field in WORD_FIELDS else self._literal(b.field, b.text)
        return Query.boost_query(inner, b.boost) if b.boost != 1.0 else inner

    def compile(self, match: Match) -> Query:
        parts: list[tuple[Occur, Query]] = [
            (Occur.Must, self._node(match.root) if match.root is not None else Query.all_query())
        ]
        parts.extend((Occur.Should, self._boost(b)) for b in match.boosts)
        parts.extend((Occur.Must, self._filter(f)) for f in match.filters)
        return parts[0][1] if len(parts) == 1 else Query.boolean_query(parts)

    # -- the protocol

    def count(self, match: Match) -> int:
        return self._current().search(self.compile(match.unscored()), limit=1, count=True).count or 0

    def top(self, match: Match, order: Order | None, offset: int, limit: int) -> Ranked:
        searcher = self._current()
        query = self.compile(match if order is None else match.unscored())
        if limit <= 0:
            return Ranked(total=searcher.search(query, limit=1, count=True).count or 0)
        if order is None:
            found = searcher.search(query, limit=limit, offset=offset, count=True)
            return Ranked(total=found.count or 0, hits=[(float(s), (searcher, a)) for s, a in found.hits])
        return self._ordered(searcher, query, order, offset, limit)

    def _ordered(self, searcher: tantivy.Searcher, query: Query, order: Order, offset: int, limit: int) -> Ranked:
        """By the first sort key, ties broken exactly by the second (Tantivy sorts by one field):
        the window's boundary value is read again, ordered by the second key."""
        first = order[0]
        direction = tantivy.Order.Desc if first.descending else tantivy.Order.Asc
        want = offset + limit
        found = searcher.search(query, limit=want, count=True, order_by_field=first.field, order=direction)
        total = found.count or 0
        addrs = [a for _, a in found.hits]
        if not addrs:
            return Ranked(total=total)
        values = searcher.fast_field_values(first.field, addrs)
        if len(order) > 1:
            second = order[1]
            if len(addrs) == want:
                # Documents sharing the last value may go on past the window: take that value's
                # best by the second key, and every document strictly before it.
                boundary = values[-1]
                keep = [(a, v) for a, v in zip(addrs, values) if v != boundary]
                tied = Query.boolean_query([
                    (Occur.Must, query),
                    (Occur.Must, Query.range_query(self.schema, first.field, _U64, lower_bound=boundary, upper_bound=boundary)),
                ])
                rest = searcher.search(
                    tied, limit=want - len(keep), order_by_field=second.field,
                    order=tantivy.Order.Desc if second.descending else tantivy.Order.Asc,
                ).hits
                addrs = [a for a, _ in keep] + [a for _, a in rest]
                values = [v for _, v in keep] + [boundary] * len(rest)
            seconds = searcher.fast_field_values(second.field, addrs)
            sign1, sign2 = (-1 if first.descending else 1), (-1 if second.descending else 1)
            ranked = sorted(zip(values, seconds, addrs), key=lambda t: (sign1 * t[0], sign2 * t[1]))
            addrs = [a for _, _, a in ranked]
        return Ranked(total=total, hits=[(0.0, (searcher, a)) for a in addrs[offset:want]])

    def stored(self, keys: Sequence[Any], paragraphs: bool = True) -> list[Stored]:
        out: list[Stored] = []
        by_searcher: dict[int, list[int]] = {}
        for n, (searcher, _) in enumerate(keys):
            by_searcher.setdefault(id(searcher), []).append(n)
        slots: list[Stored | None] = [None] * len(keys)
        for positions in by_searcher.values():
            searcher = keys[positions[0]][0]
            addrs = [keys[n][1] for n in positions]
            dates = searcher.fast_field_values(ix.DATE_ORD, addrs)
            issues = searcher.fast_field_values(ix.ISSUE_ORD, addrs)
            ords = searcher.fast_field_values(ix.ARTICLE_ORD, addrs)
            for n, addr, d, i, o in zip(positions, addrs, dates, issues, ords):
                doc = searcher.doc(addr)
                slots[n] = Stored(
                    meta=json.loads(ix.stored_text(doc, ix.META)),
                    paragraphs=ix.stored_paragraphs(doc) if paragraphs else None,
                    date_ord=int(d or 0), issue_ord=int(i or 0), article_ord=int(o or 0),
                )
        out.extend(s for s in slots if s is not None)
        return out

    def scan(self, match: Match, order: Order, paragraphs: bool = False) -> Iterator[Stored]:
        total = self.count(match)
        if not total:
            return
        ranked = self.top(match, order, 0, total)
        for start in range(0, len(ranked.hits), 500):
            yield from self.stored([k for _, k in ranked.hits[start : start + 500]], paragraphs)

    def aggregate(self, match: Match, aggregations: Mapping[str, Any]) -> dict[str, Any]:
        searcher = self._current()
        if not searcher.num_docs:
            return {name: _empty(a) for name, a in aggregations.items()}
        spec = {}
        for name, a in aggregations.items():
            if isinstance(a, Terms):
                # Each segment counts many more values than asked for (as OpenSearch's shards do).
                spec[name] = {"terms": {"field": a.field, "size": a.size, "segment_size": max(SHARD_TERMS, a.size)}}
            elif isinstance(a, Histogram):
                spec[name] = {"histogram": {"field": a.field, "interval": a.interval, "min_doc_count": 1,
                                            "hard_bounds": {"min": a.lower, "max": a.upper}}}
            elif isinstance(a, Stat):
                spec[name] = {a.kind: {"field": a.field}}
        raw = searcher.aggregate(self.compile(match.unscored()), spec)
        out: dict[str, Any] = {}
        for name, a in aggregations.items():
            if isinstance(a, Terms):
                out[name] = buckets_of(raw, name)
            elif isinstance(a, Histogram):
                out[name] = {int(b["key"]): int(b["doc_count"]) for b in (raw.get(name) or {}).get("buckets", [])
                             if int(b["doc_count"]) and a.lower <= int(b["key"]) + a.interval - 1 and int(b["key"]) <= a.upper}
            else:
                value = (raw.get(name) or {}).get("value")
                out[name] = None if value is None else float(value)
        return out

    def word_frequencies(self, field: str, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        searcher = self._current()
        return searcher.num_docs, {w: searcher.doc_freq(field, w) for w in words}


DATE_COVER_MAX = 64  # DATE_PATH terms a date range may become (else it stays a range)


def date_cover(lower: int, upper: int) -> list[str] | None:
    """The fewest DATE_PATH values (years, months, days) whose articles are exactly those dated
    from `lower` to `upper` (yyyymmdd, inclusive); None when unbounded, not dates, or more than
    DATE_COVER_MAX values (2019-01-01..2020-12-31 is 2019, 2020; 2021-08-30..2021-10-02 is
    2021-08-30, 2021-08-31, 2021-09, 2021-10-01, 2021-10-02)."""
    try:
        lo = dt.date(lower // 10000, lower // 100 % 100, lower % 100)
        hi = dt.date(upper // 10000, upper // 100 % 100, upper % 100)
    except ValueError:
        return None
    out: list[str] = []
    day = lo
    try:
        while day <= hi:
            next_month = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            if day.month == 1 and day.day == 1 and dt.date(day.year, 12, 31) <= hi:
                out.append(f"{day.year:04d}")
                day = dt.date(day.year + 1, 1, 1)
            elif day.day == 1 and next_month - dt.timedelta(days=1) <= hi:
                out.append(f"{day.year:04d}-{day.month:02d}")
                day = next_month
            else:
                out.append(day.isoformat())
                day += dt.timedelta(days=1)
            if len(out) > DATE_COVER_MAX:
                return None
    except (ValueError, OverflowError):  # the year 9999's end: left to the range
        return None
    return out


def _empty(a: Any) -> Any:
    return {} if isinstance(a, (Terms, Histogram)) else None


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])


def _all(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, q) for q in queries])
