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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator, Mapping, Sequence

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
        self._parts_of: tuple[tantivy.Searcher, list | None, list[int]] | None = None  # (searcher, parts, articles a part)
        self._pool: tuple[int, ThreadPoolExecutor] | None = None
        self.fallbacks = 0  # aggregations counted again in one call (_merge could not prove them exact)
        self.loose_misses = 0  # loose counts that found more articles than the match (counted again)
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

    def _literal(self, field: str, text: str, loose: bool = False) -> Query:
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
        if loose and _loosens(text):
            return _all([Query.term_query(self.schema, ix.BODY_PAIRS, p) for p in pairs])
        narrowed = Query.boost_query(_all([Query.term_query(self.schema, ix.BODY_PAIRS, p) for p in pairs]), 0.0)
        return Query.boolean_query([(Occur.Must, Query.phrase_query(self.schema, field, list(text))), (Occur.Must, narrowed)])

    def _clause(self, clause: Clause, loose: bool = False) -> Query:
        """Every word of the clause appears (each in any of the fields the clause may look in)."""
        fields = FIELD_TARGETS[clause.field]
        return _all([_any([self._literal(f, w, loose) for f in fields]) for w in clause.words])

    def _node(self, node: Node, loose: bool = False) -> Query:
        """`loose`: see compile; what a NOT excludes is never loosened (it would find fewer)."""
        if isinstance(node, Clause):
            return self._clause(node, loose)
        if isinstance(node, Not):
            return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self._node(node.child))])
        if isinstance(node, Or):
            return _any([self._node(c, loose) for c in node.children])
        parts = [
            (Occur.MustNot, self._node(c.child)) if isinstance(c, Not) else (Occur.Must, self._node(c, loose))
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

    def compile(self, match: Match, loose: bool = False) -> Query:
        """The match as a Tantivy query. `loose`: a body literal of three or more Chinese
        characters is only its character pairs, without reading positions for the phrase: the
        articles it finds include all those the exact query finds, and are the same articles
        exactly when there are as many of them (see aggregate)."""
        parts: list[tuple[Occur, Query]] = [
            (Occur.Must, self._node(match.root, loose) if match.root is not None else Query.all_query())
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

    def aggregate(self, match: Match, aggregations: Mapping[str, Any], total: Callable[[], int | None] | None = None) -> dict[str, Any]:
        """Counted segment by segment where the index allows it (see _parts), exactly, large
        segments side by side; else in one call, each segment counting SHARD_TERMS values of a Terms.

        Given `total` (the caller's exact count of the match, when it has one coming), a match
        with a long body literal is counted first with the loose query (compile): 习近平 reads
        the positions of three of the commonest characters in a hundred thousand articles to
        confirm a phrase its two pairs already imply. The loose query finds a superset of the
        articles, so the same articles when it finds as many: then its counts are the answer,
        else the match is counted again exactly."""
        searcher = self._current()
        if not searcher.num_docs:
            return {name: _empty(a) for name, a in aggregations.items()}
        if total is not None and match.root is not None and _loosened(match.root):
            loose = self.compile(match.unscored(), loose=True)
            counted = self._aggregate(searcher, loose, {**aggregations, _ARTICLES: Stat("count", ix.ARTICLE_ORD)})
            articles = counted.pop(_ARTICLES)
            if articles is not None and int(articles) == total():
                return counted
            self.loose_misses += 1
        return self._aggregate(searcher, self.compile(match.unscored()), aggregations)

    def _aggregate(self, searcher: tantivy.Searcher, query: Query, aggregations: Mapping[str, Any]) -> dict[str, Any]:
        parts = self._parts(searcher)
        if parts is not None:
            queries = [query if part is None else Query.boolean_query([
                (Occur.Must, query),
                (Occur.Must, Query.range_query(self.schema, ix.ARTICLE_ORD, _U64, lower_bound=part[0], upper_bound=part[1])),
            ]) for part in parts]
            # A segment below PART_MIN_DOCS counts all its values (few: nothing left out to settle).
            sizes = self._parts_of[2] if self._parts_of else [searcher.num_docs] * len(parts)
            depths = [{name: part_terms(a.size) if n >= PART_MIN_DOCS else max(SHARD_TERMS, a.size)
                       for name, a in aggregations.items() if isinstance(a, Terms)} for n in sizes]
            # Side by side only where two segments are large: a small one is counted after the
            # large one on this thread (a third thread beside the ranking gains nothing there).
            parallel = sum(n >= PART_MIN_DOCS for n in sizes) > 1
            counted = self._map(lambda i: _collect(searcher, queries[i], aggregations, depths[i]), list(range(len(parts))), parallel)
            for _ in range(PART_ROUNDS):
                merged, missing = _merge(counted, aggregations)
                if missing is None:
                    break  # a value left out everywhere could reach the top: count in one call
                if not missing:
                    return merged
                if sum(len(pairs) for pairs in missing.values()) > PART_EXACT_MAX:
                    break
                # Values the top needs that a part left out: counted there exactly, among the
                # articles holding one of them (one call a part: a few postings beside the query).
                wanted: dict[int, dict[str, list[str]]] = {}
                for name, pairs in missing.items():
                    for key, i in pairs:
                        wanted.setdefault(i, {}).setdefault(name, []).append(key)

                def settle(item: tuple[int, dict[str, list[str]]]) -> dict[str, dict[str, int]]:
                    i, names = item
                    holders = _any([Query.term_query(self.schema, aggregations[n].field, k) for n, keys in names.items() for k in keys])
                    every = {n: Terms(aggregations[n].field, SETTLE_TERMS) for n in names}
                    found = _collect(searcher, Query.boolean_query([(Occur.Must, queries[i]), (Occur.Must, holders)]), every, None)[0]
                    return {n: {k: found[n].get(k, 0) for k in keys} for n, keys in names.items()}

                jobs = sorted(wanted.items())
                for (i, _), settled in zip(jobs, self._map(settle, jobs, parallel)):
                    for name, values in settled.items():
                        counted[i][0][name].update(values)
            self.fallbacks += 1
        return _collect(searcher, query, aggregations, None)[0]

    def aggregate_in_one_call(self, match: Match, aggregations: Mapping[str, Any]) -> dict[str, Any]:
        """aggregate as one call over every segment (what it falls back to; for tests and benchmarks)."""
        searcher = self._current()
        if not searcher.num_docs:
            return {name: _empty(a) for name, a in aggregations.items()}
        return _collect(searcher, self.compile(match.unscored()), aggregations, None)[0]

    def _map(self, fn, items: list, parallel: bool = True) -> list:
        """fn over items: the first on this thread, the rest on the engine's threads (Tantivy
        releases the GIL while it counts), or all on this thread."""
        if len(items) == 1 or not parallel:
            return [fn(item) for item in items]
        if self._pool is None or self._pool[0] != os.getpid():  # a forked server worker makes its own
            self._pool = (os.getpid(), ThreadPoolExecutor(max_workers=PART_THREADS, thread_name_prefix="searchapp-parts"))
        rest = [self._pool[1].submit(fn, item) for item in items[1:]]
        return [fn(items[0])] + [f.result() for f in rest]

    def _parts(self, searcher: tantivy.Searcher) -> list[tuple[int, int] | None] | None:
        """The index's segments as article-ordinal ranges (None for an index of one segment), or
        None where their ranges overlap or all are small (PART_MIN_DOCS): then aggregate counts
        in one call.

        Within one segment a Terms aggregation's counts are exact for every value it returns, and
        a value it leaves out has at most the count of the first one cut off; counted segment by
        segment, the flow's top values are provably exact (see _merge) with a few hundred values
        per segment instead of SHARD_TERMS, and the segments are counted side by side. A fresh
        build writes articles in ordinal order, so its segments hold ordinal ranges that do not
        overlap (so do the segments an `add` writes). Computed once per generation of the index.
        """
        if self._parts_of is not None and self._parts_of[0] is searcher:
            return self._parts_of[1]
        parts: list[tuple[int, int] | None] | None
        sizes = [searcher.num_docs]
        if searcher.num_segments == 1:
            parts = [None]
        else:
            hits = searcher.search(Query.all_query(), limit=searcher.num_docs, order_by_field=ix.ARTICLE_ORD,
                                   order=tantivy.Order.Asc).hits
            runs: list[tuple[int, int, int, int]] = []  # (segment, first ordinal, last ordinal, articles)
            for value, addr in hits:
                seg = addr.segment_ord
                if runs and runs[-1][0] == seg:
                    runs[-1] = (seg, runs[-1][1], int(value), runs[-1][3] + 1)
                else:
                    runs.append((seg, int(value), int(value), 1))
            if max(r[3] for r in runs) < PART_MIN_DOCS:
                parts = None  # small segments: one call costs less than one a segment
            elif len({r[0] for r in runs}) != len(runs) or any(a[2] >= b[1] for a, b in zip(runs, runs[1:])):
                # a segment in two places (or an ordinal in two segments): the ranges overlap
                parts = None
            else:
                # Whole segments: a range holding every value of a segment costs nothing there and
                # excludes the others at once, where one cutting a segment reads its ordinals (a
                # segment cut in two cost more than it saved: 习近平 at x5 35 + 33 ms against 41).
                parts = [(first, last) for _, first, last, _ in runs]
                sizes = [n for _, _, _, n in runs]
        self._parts_of = (searcher, parts, sizes)
        return parts

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


PART_THREADS = 2  # segments counted side by side (the flow ranks on another thread meanwhile)
# Segments are counted one by one where one holds at least this many articles: resolving
# SHARD_TERMS values there costs 5 ms a name facet on a common word, more than a call a segment
# costs (at x1, two segments of 44K and 32K articles, one call cost less over the bench's mix:
# 373 ms of CPU against 413). An index of one segment is always counted with few values.
PART_MIN_DOCS = 100_000
PART_TERMS_MIN = 500  # values a part counts for a Terms aggregation: max(this, 10 x its size)


PART_EXACT_MAX = 256  # values parts left out, counted exactly (more: the aggregation is counted in one call)
SETTLE_TERMS = 1_000_000  # every value of the articles holding one of them
PART_ROUNDS = 3


def part_terms(size: int) -> int:
    """Values a part counts for a Terms of `size`: ten times as many, at least PART_TERMS_MIN,
    at most what a segment counts in one call."""
    return min(max(PART_TERMS_MIN, 10 * size), max(SHARD_TERMS, size))


def _collect(searcher: tantivy.Searcher, query: Query, aggregations: Mapping[str, Any],
             depths: Mapping[str, int] | None) -> tuple[dict, dict]:
    """One aggregation call: ({name: result}, {name: error bound of a Terms}). In a part
    (`depths` given), a Terms counts and returns depths[name] values (see _merge); else each
    segment counts max(SHARD_TERMS, size) values (as OpenSearch's shards do) and the top `size`
    come back."""
    spec = {}
    for name, a in aggregations.items():
        if isinstance(a, Terms):
            counted = depths[name] if depths is not None else max(SHARD_TERMS, a.size)
            spec[name] = {"terms": {"field": a.field, "size": counted if depths is not None else a.size,
                                    "segment_size": counted, "show_term_doc_count_error": True}}
        elif isinstance(a, Histogram):
            spec[name] = {"histogram": {"field": a.field, "interval": a.interval, "min_doc_count": 1,
                                        "hard_bounds": {"min": a.lower, "max": a.upper}}}
        elif isinstance(a, Stat):
            spec[name] = {"value_count" if a.kind == "count" else a.kind: {"field": a.field}}
    raw = searcher.aggregate(query, spec)
    out: dict[str, Any] = {}
    bounds: dict[str, int] = {}
    for name, a in aggregations.items():
        if isinstance(a, Terms):
            buckets = buckets_of(raw, name)
            bounds[name] = int((raw.get(name) or {}).get("doc_count_error_upper_bound") or 0)
            out[name] = buckets
        elif isinstance(a, Histogram):
            out[name] = {int(b["key"]): int(b["doc_count"]) for b in (raw.get(name) or {}).get("buckets", [])
                         if int(b["doc_count"]) and a.lower <= int(b["key"]) + a.interval - 1 and int(b["key"]) <= a.upper}
        else:
            value = (raw.get(name) or {}).get("value")
            out[name] = None if value is None else float(value)
    return out, bounds


def _merge(counted: list[tuple[dict, dict]], aggregations: Mapping[str, Any]) -> tuple[dict[str, Any], dict | None]:
    """The parts' counts as one answer, and what keeps a Terms top from being proven exact:
    {name: [(value, part)]} of the values the top needs that a part left out ({} when none), or
    None where no count of single values can settle it.

    A part lies in one segment: every value it returns has its exact count there, and one it
    left out has at most its bound (the count of the first value cut off; 0 when none was). So
    a value's total is exact where every part that left it out had bound 0, and at most its
    counted total plus those parts' bounds otherwise. The top `size` by count is exact when
    each of its counts is exact and no other value can exceed the last of them (ties at that
    count are the flow's to resolve, as for any engine: archive.name_depth)."""
    out: dict[str, Any] = {}
    missing: dict[str, list[tuple[str, int]]] = {}
    for name, a in aggregations.items():
        results = [c[name] for c, _ in counted]
        if isinstance(a, Terms):
            bounds = [b[name] for _, b in counted]
            total: dict[str, int] = {}
            for r in results:
                for k, v in r.items():
                    total[k] = total.get(k, 0) + v
            if not any(bounds) and len(total) <= a.size:
                out[name] = total
                continue
            ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
            top = ranked[: a.size]
            if any(bounds):
                cut = top[-1][1] if len(top) == a.size else 0
                if len(top) < a.size or sum(bounds) > cut:
                    return out, None
                slack = sum(bounds)
                needed = [k for k, _ in top] + [k for k, v in ranked[a.size :] if v + slack > cut and v + sum(
                    b for r, b in zip(results, bounds) if b and k not in r) > cut]
                pairs = [(k, i) for k in needed for i, (r, b) in enumerate(zip(results, bounds)) if b and k not in r]
                if pairs:
                    missing[name] = pairs
            out[name] = dict(top)
        elif isinstance(a, Histogram):
            merged: dict[int, int] = {}
            for r in results:
                for k, v in r.items():
                    merged[k] = merged.get(k, 0) + v
            out[name] = merged
        else:
            values = [v for v in results if v is not None]
            out[name] = {"min": min, "max": max, "sum": sum, "count": sum}[a.kind](values) if values else None
    return out, missing


_ARTICLES = "\0articles"  # the articles a loose aggregation counted (aggregate)


def _loosened(node: Node) -> bool:
    """Whether the loose query differs from the exact one: a body literal it takes as its pairs,
    outside a NOT."""
    if isinstance(node, Clause):
        return ix.BODY_CHARS in FIELD_TARGETS[node.field] and any(len(w) > 2 and _loosens(w) for w in node.words)
    if isinstance(node, Not):
        return False
    return any(_loosened(c) for c in node.children)


LOOSE_MAX = 4  # characters of a literal the loose query takes as its pairs


def _loosens(text: str) -> bool:
    """A literal the loose query takes as its pairs: three or four Chinese characters, where the
    pairs nearly always mean the literal (习近平's are in the same 99,815 articles at x5, 一带一路's
    in the same 21,785); a count that differs costs the facets twice. Not digits (2020年's pairs
    20, 02, 0年 are in four times the articles that print it), nor longer literals (人类命运共同体's
    six pairs are in 1,644 articles at x1, the phrase in 1,640)."""
    return len(text) <= LOOSE_MAX and all("\u4e00" <= c <= "\u9fff" for c in text)


def _empty(a: Any) -> Any:
    return {} if isinstance(a, (Terms, Histogram)) else None


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])


def _all(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, q) for q in queries])
