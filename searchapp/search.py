"""The search library: what the CLI and the web views call.

A request handler is three steps: parameters become a SearchRequest (`request_from_args`), the
Archive answers it (`Archive.search`), and the caller renders the SearchResult.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
import json
import math
import os
import re
import time
from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, Mapping

import tantivy
from tantivy import Occur, Query

from . import index as ix
from .articles import jump_page
from .browse import Issue, Paper, pages_of
from .facets import DATE_LEVELS, buckets_of, date_facet, date_level_for, district_tree, newspaper_facet
from .gazetteer import HISTORICAL_MARK, NO_PLACE, resolve_filter
from .highlight import find_spans, highlight, mark, snippet
from .models import Article, District
from .pages import is_jsonl
from .query import Clause, Node, Not, Or, ParsedQuery, parse_query
from .ranking import RERANK_DEPTH, Candidate, QueryShape, rerank
from .snippets import SNIPPETS_PER_HIT, choose_snippets, extra_blocks, matched_paragraphs, matching_blocks
from .trends import Series, Trend, fill, iso_date, trend_span
from .results import (  # noqa: F401  (re-exported: the web layer imports them from here)
    MAX_PAGE,
    PER_PAGE,
    SORTS,
    ArchiveStats,
    ArticleView,
    BadRequest,
    FacetValue,
    Hit,
    Relaxation,
    SearchRequest,
    SearchResult,
)

SNIPPET_WIDTH = 120
TITLE_WORD_BOOST = 3.0  # BM25 of a word in the title counts this much more than in the body
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,96}$")
MAX_PARAM = 512
EXPORT_BATCH = 200
EXPORT_MAX = 100_000


def _valid_date(value: str, name: str) -> str:
    if not _DATE.match(value):
        raise BadRequest(f"{name} 应为 YYYY-MM-DD 格式的日期，收到 {value[:40]!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} 不是有效日期：{value}") from None
    return value


def request_from_args(args: Mapping[str, str]) -> SearchRequest:
    """Build a SearchRequest from URL/CLI parameters (q, district, date, from, to, sort, page); BadRequest if invalid."""

    def get(name: str) -> str | None:
        value = args.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            value = str(value)
        if len(value) > MAX_PARAM and name != "q":
            raise BadRequest(f"参数 {name} 太长")
        value = value.strip()
        return value or None

    q = get("q") or ""
    page_text = get("page") or "1"
    try:
        page = int(page_text)
    except ValueError:
        raise BadRequest(f"page 应为正整数，收到 {page_text[:40]!r}") from None
    if page < 1 or page > MAX_PAGE:
        raise BadRequest(f"page 应在 1 到 {MAX_PAGE} 之间，收到 {page}")
    sort = get("sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort 应为 {' / '.join(SORTS)} 之一，收到 {sort[:40]!r}")
    date_from = get("from")
    date_to = get("to")
    if date_from:
        _valid_date(date_from, "from")
    if date_to:
        _valid_date(date_to, "to")
    if date_from and date_to and date_from > date_to:
        raise BadRequest(f"起始日期 {date_from} 晚于结束日期 {date_to}")
    date = get("date")
    if date:
        if not _DATE_PREFIX.match(date):
            raise BadRequest(f"date 应为 YYYY、YYYY-MM 或 YYYY-MM-DD，收到 {date[:40]!r}")
        try:
            dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date)
        except ValueError:
            raise BadRequest(f"date 不是有效日期：{date}") from None
    district = get("district")
    if district and (any(ord(c) < 32 for c in district) or district.count("/") > 3 or "//" in district):
        raise BadRequest("district 应为地区名（小店区、小店、延庆县、太原市、山西）、代码（140105）或 省/市/县 路径")
    newspaper = get("newspaper")
    if newspaper and "\x00" in newspaper:
        raise BadRequest("newspaper 应为报纸名称")
    return SearchRequest(
        q=q, district=district, date=date, date_from=date_from, date_to=date_to, sort=sort, page=page,
        newspaper=newspaper,
    )


# ---------------------------------------------------------------- engine queries

# Where a clause looks, by the field the reader asked for (query.Clause.field).
FIELD_TARGETS = {
    "": (ix.TITLE_CHARS, ix.HEAD_CHARS, ix.BODY_CHARS, ix.BYLINE_CHARS, ix.EXTRA_CHARS),
    "title": (ix.TITLE_CHARS, ix.HEAD_CHARS),
    "byline": (ix.BYLINE_CHARS,),
}


def _literal(schema: tantivy.Schema, field: str, text: str) -> Query:
    """Documents whose field holds `text` (compacted) literally: a character is a term, a longer
    text the phrase of its characters."""
    if len(text) == 1:
        return Query.term_query(schema, field, text)
    return Query.phrase_query(schema, field, list(text))


def _any(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])


def _all(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Must, q) for q in queries])


def _clause_query(schema: tantivy.Schema, clause: Clause, fields: tuple[str, ...] | None = None) -> Query:
    """Every word of the clause appears (each in any of the fields the clause may look in)."""
    fields = FIELD_TARGETS[clause.field] if fields is None else fields
    return _all([_any([_literal(schema, f, w) for f in fields]) for w in clause.words])


def _node_query(schema: tantivy.Schema, node: Node) -> Query:
    """The engine query for a query tree: articles it matches (no scoring parts)."""
    if isinstance(node, Clause):
        return _clause_query(schema, node)
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, _node_query(schema, node.child))])
    if isinstance(node, Or):
        return _any([_node_query(schema, c) for c in node.children])
    parts = [
        (Occur.MustNot, _node_query(schema, c.child)) if isinstance(c, Not) else (Occur.Must, _node_query(schema, c))
        for c in node.children
    ]
    if all(occur == Occur.MustNot for occur, _ in parts):
        parts.append((Occur.Must, Query.all_query()))
    return Query.boolean_query(parts)


def _term(schema: tantivy.Schema, field: str, value: str) -> Query:
    return Query.term_query(schema, field, value)


def _shape(parsed: ParsedQuery) -> QueryShape:
    """What ranking needs: the positive words in typed order, and the multi-word terms and phrases."""
    literals = tuple(dict.fromkeys(c.text for c in parsed.clauses if len(c.words) > 1 or c.phrase))
    return QueryShape(words=parsed.words, literals=literals)


def reranks(sort: str, parsed: ParsedQuery) -> bool:
    """Whether a search is re-scored by ranking.rerank: by relevance, two or more words. With one
    word the engine's whole-word title boost already is the headline coverage, and order,
    adjacency and literal strings need two words: nothing to re-score."""
    return sort == "relevance" and len(parsed.words) >= 2


def rerank_candidate(key, engine_score: float, meta: Mapping, date_ord: int, paragraph_scores) -> Candidate:
    """One engine hit as ranking.rerank sees it: title, kicker and deck from its metadata, and its
    best matching paragraphs' scores (best + half the second). Shared by both engines."""
    head = " ".join(x for x in (meta.get("kicker"), meta.get("deck")) if x)
    best = sorted(paragraph_scores, reverse=True)[:2]
    return Candidate(
        key=key, engine_score=engine_score, title=meta["title"], head=head, date_ord=int(date_ord or 0),
        paragraph_score=sum(s * w for s, w in zip(best, (1.0, 0.5))),
    )


def reranked_window(parsed: ParsedQuery, hits: list, candidates, offset: int, limit: int) -> list[tuple[float, object]]:
    """[(score, key)] of hits[offset:offset+limit] where `hits` are the engine's [(score, key)] from
    the first, best first: the best RERANK_DEPTH re-scored by ranking.rerank (`candidates` makes
    their Candidates), the rest in the engine's order after them. Shared by both engines."""
    first = hits[:RERANK_DEPTH]
    head = [(score, c.key) for score, c in rerank(_shape(parsed), candidates(first))] if first else []
    # Past the re-scored head the engine's order goes on; its scores are put on the head's
    # scale (engine / best engine score, the share every head score includes), so they fall.
    top = max((score for score, _ in first), default=1.0) or 1.0
    tail = [(score / top, key) for score, key in hits[RERANK_DEPTH:]]
    return (head + tail)[offset : offset + limit]


def _body_words(parsed: ParsedQuery) -> tuple[str, ...]:
    """The words a body paragraph can hold: every positive word not restricted to another field."""
    return tuple(dict.fromkeys(w for c in parsed.clauses if not c.field for w in c.words))


@dataclass
class _Memo:
    """What one search has read already, for the hits, by document address ((segment, doc)):
    the stored article (-> (metadata dict, paragraphs)) and its matched paragraphs
    (-> [(score, number, text)]). Each article is read from the store once per search."""

    stored: dict = field(default_factory=dict)
    paragraphs: dict = field(default_factory=dict)

    def clear(self) -> None:
        self.stored.clear()
        self.paragraphs.clear()


def effective_sort(request: SearchRequest, parsed: ParsedQuery) -> str:
    """The order results come in: an empty query browses newest first whatever was asked."""
    return request.sort if (request.sort != "relevance" or not parsed.is_empty) else "newest"


class Archive:
    """An open index. Cheap to keep; picks up a rebuilt index on the next call."""

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._build: Path | None = None
        self._index: tantivy.Index | None = None
        self._stats: tuple[object, ArchiveStats] | None = None
        self._districts_known: frozenset[str] = frozenset()
        self._district_cache: dict[tuple[int, str], DistrictFilter] = {}
        self._committed: int = 0
        self._threads: ThreadPoolExecutor | None = None
        self._refresh()

    @classmethod
    def open(cls, index_dir: str | os.PathLike) -> "Archive":
        return cls(index_dir)

    # -- plumbing

    def _pool(self) -> ThreadPoolExecutor:
        """Threads for the parts of one search that can run side by side; made on first use, so a
        gunicorn worker makes its own after the fork."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="searchapp-search")
        return self._threads

    def _refresh(self) -> None:
        """Follow `current` to a rebuilt index; reload after an `add` committed to this one."""
        build = ix.current_build(self.index_dir)
        if build != self._build:
            self._index = ix.open_index(build)
            self._build = build
            self._stats = None
            self._committed = ix.commit_stamp(build)
            return
        stamp = ix.commit_stamp(build)
        if stamp != self._committed:
            self._index.reload()
            self._committed = stamp

    @property
    def schema(self) -> tantivy.Schema:
        assert self._index is not None
        return self._index.schema

    def _searcher(self) -> tantivy.Searcher:
        self._refresh()
        assert self._index is not None
        return self._index.searcher()

    def _filters(self, request: SearchRequest, parsed: ParsedQuery, searcher: tantivy.Searcher) -> tuple[list[Query], list[str]]:
        schema = self.schema
        filters: list[Query] = []
        warnings: list[str] = []
        if request.date:
            filters.append(_term(schema, ix.DATE_PATH, request.date))
        if request.date_from or request.date_to:
            lower = int(request.date_from.replace("-", "")) if request.date_from else 1
            upper = int(request.date_to.replace("-", "")) if request.date_to else 99991231
            filters.append(
                Query.range_query(schema, ix.DATE_ORD, tantivy.FieldType.Unsigned, lower_bound=lower, upper_bound=upper)
            )
        for d in parsed.dates:  # date: in the query means what the URL's date/from/to mean
            if d.prefix:
                filters.append(_term(schema, ix.DATE_PATH, d.prefix))
            else:
                lower = int(d.date_from.replace("-", "")) if d.date_from else 1
                upper = int(d.date_to.replace("-", "")) if d.date_to else 99991231
                filters.append(
                    Query.range_query(schema, ix.DATE_ORD, tantivy.FieldType.Unsigned, lower_bound=lower, upper_bound=upper)
                )
        names = ([request.district] if request.district else []) + list(parsed.districts)
        for name in names:
            resolved = self._resolve_district(name)
            warnings.extend(resolved.warnings)
            if not resolved.paths:
                filters.append(Query.empty_query())
            else:
                filters.append(_any([_term(schema, ix.DISTRICT, path) for path in resolved.paths]))
        if request.newspaper:
            filters.append(_term(schema, ix.NEWSPAPER, request.newspaper))
        return filters, warnings

    def _resolve_district(self, name: str) -> "DistrictFilter":
        """A district filter as typed, as index paths (see gazetteer.resolve_filter), with what to tell the reader."""
        known = self._district_values()
        cache_key = (id(known), name)
        cached = self._district_cache.get(cache_key)
        if cached is not None:
            return cached
        match = resolve_filter(name)
        paths = list(match.paths)
        if not paths:
            # Not a division's name: a path segment or label the archive itself holds (省直辖 …).
            paths = [p for p in known if p.rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK) == name]
        present = [p for p in paths if p in known]
        warnings: list[str] = []
        choices: tuple[FacetValue, ...] = ()
        if "/" in name and not present:
            # A path no article holds (typed, or from an old link): a real place the archive has
            # nothing on, or not a place, with the places its last part may mean.
            last = name.rstrip("/").rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK)
            by_last = resolve_filter(last) if last else match
            if name in by_last.paths:
                warnings.append(f"档案中没有关于“{_place_label(name)}”的文章")
            else:
                paths = []
                match = type(match)(paths=(), nearest=tuple(by_last.paths or by_last.nearest))
        if not paths:
            nearest = [p for p in match.nearest]
            warnings.append(f"没有名为“{name}”的地区" + (f"；相近的有：{'、'.join(_place_label(p) for p in nearest)}" if nearest else ""))
            choices = tuple(FacetValue(value=p, label=_place_label(p), count=0) for p in nearest)
        elif len(paths) > 1:
            if len(present) == 1:
                paths = present
            else:
                shown = present or paths
                warnings.append(f"“{name}”指{len(shown)}个地区，已合并显示；请选择其一：{'、'.join(_place_label(p) for p in shown)}")
                choices = tuple(FacetValue(value=p, label=_place_label(p), count=0) for p in shown)
                paths = shown
        if len(paths) == 1 and "/" not in name and name != NO_PLACE:
            label = paths[0].rsplit("/", 1)[-1]
            if not label.startswith(name) and not name.isdigit():
                warnings.append(f"“{name}”今为 {_place_label(paths[0])}，按今日的地区筛选")
        resolved = DistrictFilter(paths=tuple(paths), warnings=tuple(warnings), choices=choices)
        if len(self._district_cache) > 1000:
            self._district_cache.clear()
        self._district_cache[cache_key] = resolved
        return resolved

    def _district_values(self) -> frozenset[str]:
        """Every value of the district field in the index (today's units at each level, historical names)."""
        self.stats()
        return self._districts_known

    def _article_query(self, parsed: ParsedQuery, filters: list[Query], scoring: bool = True) -> Query:
        """Articles matching the query tree and the filters; with scoring, BM25 parts that rank them."""
        schema = self.schema
        matching = _node_query(schema, parsed.root) if parsed.root is not None else Query.all_query()
        parts: list[tuple[Occur, Query]] = [(Occur.Must, matching)]
        if scoring:
            for clause in parsed.clauses:
                for w in clause.words:
                    if clause.field in ("", "title"):
                        parts.append((Occur.Should, Query.boost_query(_term(schema, ix.TITLE_WORDS, w), TITLE_WORD_BOOST)))
                    if not clause.field:
                        parts.append((Occur.Should, _term(schema, ix.BODY_WORDS, w)))
                if len(clause.words) > 1 and len(clause.text) > 1:
                    parts.append((Occur.Should, Query.boost_query(_literal(schema, ix.BODY_CHARS, clause.text), 2.0)))
                    parts.append((Occur.Should, Query.boost_query(_literal(schema, ix.TITLE_CHARS, clause.text), 4.0)))
        parts.extend((Occur.Must, f) for f in filters)
        return Query.boolean_query(parts)

    # -- the public calls

    def search(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> SearchResult:
        """Answer a request; `parsed` overrides parsing request.q (for callers that build queries)."""
        started = time.perf_counter()
        searcher = self._searcher()
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, warnings = self._filters(request, parsed, searcher)
        warnings = list(parsed.warnings) + warnings
        query = self._article_query(parsed, filters)
        sort = effective_sort(request, parsed)

        per_page = max(1, min(request.per_page, 100))
        offset = (request.page - 1) * per_page
        memo = _Memo()
        total, ranked = self._ranked(searcher, query, sort, per_page, offset, parsed, memo)
        pages = max(1, math.ceil(total / per_page))
        if total and request.page > pages:
            warnings.append(f"只有 {pages} 页结果，没有第 {request.page} 页")

        # Tantivy releases the GIL while it searches: aggregate facets on another thread while
        # this one builds the snippets.
        district = self._resolve_district(request.district) if request.district else None
        selected = district.paths[0] if district and len(district.paths) == 1 else None
        facets = self._pool().submit(self._facets, searcher, query, request, total, selected)
        hits = self._hits(searcher, parsed, [addr for _, addr in ranked], [s for s, _ in ranked], sort, memo)
        date_level, dates, districts, newspapers = facets.result()
        relaxations = self._relaxations(request, parsed) if total == 0 else ()
        return SearchResult(
            request=request,
            words=parsed.display_words,
            total_articles=total,
            took_ms=(time.perf_counter() - started) * 1000,
            hits=tuple(hits),
            date_level=date_level,
            date_facet=dates,
            district_facet=districts,
            page=request.page,
            pages=pages,
            warnings=tuple(dict.fromkeys(warnings)),
            relaxations=relaxations,
            newspaper_facet=newspapers,
            district_choices=tuple(
                c for name in ([request.district] if request.district else []) + list(parsed.districts)
                for c in self._resolve_district(name).choices
            ),
            sort=sort,
        )

    def _facets(
        self, searcher: tantivy.Searcher, query: Query, request: SearchRequest, total: int, district: str | None = None
    ):
        """Date facet (at the drill-down level) and district tree, from one aggregation pass.

        Dates are counted with a histogram over the numeric yyyymmdd field at the level shown
        (interval 10000 = years, 100 = months, 1 = days), bounded to the archive's (or the
        selected) date range: several times cheaper than counting every year, month and day
        term. Where every match falls in one year (or month), the next level is counted too.
        """
        if not total:
            return date_facet({}, request.date) + (district_tree({}, district), ())
        level = date_level_for(request.date)
        stats = self.stats()
        bounds = _date_bounds(request.date, stats.date_min, stats.date_max)
        aggs = {
            "district": {"terms": {"field": ix.DISTRICT, "size": 100000}},
            "newspaper": {"terms": {"field": ix.NEWSPAPER, "size": 1000}},
        }
        if bounds:
            aggs["date"] = _date_histogram(level, bounds)
        agg = searcher.aggregate(query, aggs)
        buckets = current = _date_keys(agg, level)
        while not request.date and len(current) == 1 and level != "day":
            (only,) = current
            level = DATE_LEVELS[DATE_LEVELS.index(level) + 1]
            more = searcher.aggregate(query, {"date": _date_histogram(level, _date_bounds(only, None, None))})
            current = _date_keys(more, level)
            buckets = {**buckets, **current}
        date_level, dates = date_facet(buckets, request.date)
        newspapers = newspaper_facet(buckets_of(agg, "newspaper"), request.newspaper)
        return date_level, dates, district_tree(buckets_of(agg, "district"), district), newspapers

    def _ranked(
        self, searcher: tantivy.Searcher, query: Query, sort: str, limit: int, offset: int, parsed: ParsedQuery,
        memo: _Memo | None = None,
    ) -> tuple[int, list[tuple[float, object]]]:
        """(total, [(score, address)] of the page): by date, or by relevance with the best
        RERANK_DEPTH re-scored by ranking.rerank and the rest in the engine's order after them.
        What is read on the way (metadata, matched paragraphs) is left in `memo` for the hits."""
        memo = memo or _Memo()
        if sort != "relevance":
            order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
            found = searcher.search(query, limit=limit, offset=offset, count=True, order_by_field=ix.DATE_ORD, order=order)
            return found.count or 0, list(found.hits)
        if not reranks(sort, parsed):
            found = searcher.search(query, limit=limit, offset=offset, count=True)
            return found.count or 0, list(found.hits)
        found = searcher.search(query, limit=max(RERANK_DEPTH, offset + limit), count=True)
        window = reranked_window(parsed, list(found.hits), lambda first: self._candidates(searcher, parsed, first, memo), offset, limit)
        return found.count or 0, window

    def _candidates(self, searcher: tantivy.Searcher, parsed: ParsedQuery, hits: list, memo: _Memo) -> list[Candidate]:
        addrs = [a for _, a in hits]
        dates = searcher.fast_field_values(ix.DATE_ORD, addrs)
        paragraphs = self._matched_paragraphs(searcher, parsed, addrs, memo)  # the hits reuse them
        return [
            rerank_candidate(addr, score, self._stored(searcher, addr, memo)[0], date_ord, [s for s, _, _ in matched])
            for (score, addr), date_ord, matched in zip(hits, dates, paragraphs)
        ]

    @staticmethod
    def _stored(searcher: tantivy.Searcher, addr, memo: _Memo) -> tuple[dict, list[str]]:
        """An article document's stored metadata and paragraphs, read once per search (`memo`)."""
        key = (addr.segment_ord, addr.doc)
        found = memo.stored.get(key)
        if found is None:
            doc = searcher.doc(addr)
            found = memo.stored[key] = (json.loads(ix.stored_text(doc, ix.META)), ix.stored_paragraphs(doc))
        return found

    def _matched_paragraphs(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, addrs: list, memo: _Memo
    ) -> list[list[tuple[float, int, str]]]:
        """Each article's paragraphs holding a query word, as (score, number, text), best first:
        found in its stored paragraphs (snippets.matched_paragraphs), each article read once."""
        words = _body_words(parsed)
        literals = _shape(parsed).literals
        out = []
        weights = None
        for addr in addrs:
            key = (addr.segment_ord, addr.doc)
            matched = memo.paragraphs.get(key)
            if matched is None:
                if words and weights is None:
                    weights = self._word_weights(searcher, words)
                paragraphs = self._stored(searcher, addr, memo)[1] if words else []
                matched = memo.paragraphs[key] = matched_paragraphs(paragraphs, words, literals, weights or {})
            out.append(matched)
        return out

    def _word_weights(self, searcher: tantivy.Searcher, words: tuple[str, ...]) -> dict[str, float]:
        """Each word's inverse document frequency (BM25's), from how many articles hold it as a
        jieba word: what makes one matching paragraph score above another."""
        n = max(1, searcher.num_docs)
        out = {}
        for w in words:
            df = searcher.doc_freq(ix.BODY_WORDS, w)
            out[w] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return out

    def _hits(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, addrs: list, scores: list, sort: str, memo: _Memo | None = None
    ) -> list[Hit]:
        if not addrs:
            return []
        memo = memo or _Memo()
        metas = [self._stored(searcher, a, memo)[0] for a in addrs]
        needles = parsed.needles
        literals = _shape(parsed).literals
        hits = []
        for addr, meta, score, matched in zip(addrs, metas, scores, self._matched_paragraphs(searcher, parsed, addrs, memo)):
            best = choose_snippets([(number, text) for _, number, text in matched], literals, SNIPPETS_PER_HIT)
            snippets = [snippet(text, needles, SNIPPET_WIDTH) for _, text in best]
            numbers = [n for n, _ in best]
            blocks = matching_blocks(extra_blocks(meta), needles) if needles and not matched else []
            if not best and blocks:  # matched outside the body: show where (作者：本报记者 <mark>郭娟</mark>)
                snippets = [f"{label}：{html}" for label, html in blocks[:SNIPPETS_PER_HIT]]
                numbers = [0] * len(snippets)
            elif not best:
                first = next(iter(self._stored(searcher, addr, memo)[1]), None)
                snippets = [snippet(first, needles, SNIPPET_WIDTH)] if first else []
                numbers = [1] if first else []
            # Never "0 paragraphs matched" for a hit: a match outside the body counts its blocks.
            count = len(matched) or len(blocks) or (1 if parsed.clauses and find_spans(meta["title"], needles) else 0)
            hits.append(
                Hit(
                    id=meta["id"],
                    title=meta["title"],
                    title_html=highlight(meta["title"], needles),
                    date=meta.get("date"),
                    districts=tuple(District(**d) for d in meta.get("districts", [])),
                    newspaper=meta.get("newspaper"),
                    page_no=meta.get("page_no"),
                    snippets=tuple(snippets),
                    snippet_paragraphs=tuple(numbers),
                    matched_paragraphs=count,
                    score=float(score) if sort == "relevance" else 0.0,
                )
            )
        return hits

    def _relaxations(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[Relaxation, ...]:
        """Zero results: what would find something (drop a filter, a shorter query)."""
        candidates = relaxation_candidates(request, parsed)
        out = []
        for label, looser in candidates:
            looser_parsed = parse_query(looser.q)
            filters, _ = self._filters(looser, looser_parsed, None)  # type: ignore[arg-type]
            count = self._searcher().search(self._article_query(looser_parsed, filters, scoring=False), limit=1).count or 0
            if count:
                out.append(Relaxation(label=label, request=looser, count=count))
        return tuple(out)

    def _article_address(self, searcher: tantivy.Searcher, article_id: str):
        """The document address of an article by its id (permalink); None for an id not in the archive."""
        if not _ARTICLE_ID.match(article_id or ""):
            return None
        found = searcher.search(_term(self.schema, ix.ARTICLE_ID, article_id), limit=1)
        return found.hits[0][1] if found.hits else None

    def article(self, article_id: str, q: str = "") -> ArticleView | None:
        searcher = self._searcher()
        addr = self._article_address(searcher, article_id)
        if addr is None:
            return None
        doc = searcher.doc(addr)
        meta = json.loads(ix.stored_text(doc, ix.META))
        paragraphs = tuple(ix.stored_paragraphs(doc))
        article = _article_from_meta(meta, paragraphs)
        needles = parse_query(q).needles if q else ()
        spans = [find_spans(p, needles) if needles else [] for p in paragraphs]
        first_hit = next((i + 1 for i, s in enumerate(spans) if s), None)
        return ArticleView(
            article=article,
            title_html=highlight(article.title, needles),
            paragraphs_html=tuple(mark(p, s) for p, s in zip(paragraphs, spans)),
            first_hit=first_hit,
            kicker_html=highlight(article.kicker or "", needles),
            deck_html=highlight(article.deck or "", needles),
            byline_html=highlight(article.byline or "", needles),
            captions_html=tuple(highlight(c, needles) for c in article.captions),
            credits_html=tuple(highlight(c, needles) for c in article.credits),
            neighbours=self._neighbours(searcher, meta, searcher.fast_field_values(ix.ARTICLE_ORD, [addr])[0]),
        )

    def _neighbours(self, searcher: tantivy.Searcher, meta: dict, ordinal: int) -> tuple[tuple[str, str], ...]:
        """The other articles of the same page, in page order (looked for among the nearest ordinals)."""
        schema = self.schema
        window = Query.range_query(
            schema, ix.ARTICLE_ORD, tantivy.FieldType.Unsigned, lower_bound=max(0, ordinal - 30), upper_bound=ordinal + 30
        )
        found = searcher.search(
            Query.boolean_query(
                [
                    (Occur.Must, _term(schema, ix.SOURCE, meta["source"])),
                    (Occur.Must, window),
                ]
            ),
            limit=60,
            order_by_field=ix.ARTICLE_ORD,
            order=tantivy.Order.Asc,
        )
        out = []
        for _, addr in found.hits:
            other = json.loads(ix.stored_text(searcher.doc(addr), ix.META))
            if other["id"] != meta["id"] and _same_page(meta, other):
                out.append((other["id"], other["title"]))
        return tuple(out)

    def export(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> Iterator[Hit]:
        """Every matching article (not only one page), in the request's order, for CSV/JSON download.

        One ranked pass over all matches (up to EXPORT_MAX), then hits built in batches: no
        facets, no re-running the query per page.
        """
        searcher = self._searcher()
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, _ = self._filters(request, parsed, searcher)
        query = self._article_query(parsed, filters)
        sort = effective_sort(request, parsed)
        memo = _Memo()
        _, ranked = self._ranked(searcher, query, sort, EXPORT_MAX, 0, parsed, memo)
        for start in range(0, len(ranked), EXPORT_BATCH):
            batch = ranked[start : start + EXPORT_BATCH]
            yield from self._hits(searcher, parsed, [a for _, a in batch], [s for s, _ in batch], sort, memo)
            memo.clear()  # each article is in one batch only: what the export holds stays one batch's

    def matching_paragraphs(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> list[tuple[str, int]]:
        """(article id, paragraph number) of every paragraph that holds a query word, in every
        matching article: what a hit's matched count counts, over all results.

        For checks against a brute-force scan (tests, the benchmark's recall), not for pages: it
        reads every matching article.
        """
        searcher = self._searcher()
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, _ = self._filters(request, parsed, searcher)
        article_query = self._article_query(parsed, filters, scoring=False)
        total = searcher.search(article_query, limit=1, count=True).count or 0
        words = _body_words(parsed)
        if not total or not words:
            return []
        out = []
        for _, addr in searcher.search(article_query, limit=total, count=False, order_by_field=ix.ARTICLE_ORD).hits:
            doc = searcher.doc(addr)
            article_id = doc.get_first(ix.ARTICLE_ID)
            out.extend((article_id, number) for _, number, _ in matched_paragraphs(ix.stored_paragraphs(doc), words, (), {}))
        return out

    def stats(self) -> ArchiveStats:
        searcher = self._searcher()
        key = (self._build, searcher.num_docs)
        if self._stats and self._stats[0] == key:
            return self._stats[1]
        articles = searcher.num_docs
        agg = searcher.aggregate(
            Query.all_query(),
            {
                "paragraphs": {"sum": {"field": ix.PARAGRAPH_COUNT}},
                "sources": {"terms": {"field": ix.SOURCE, "size": 1000000}},
                "newspapers": {"terms": {"field": ix.NEWSPAPER, "size": 1000}},
                "district": {"terms": {"field": ix.DISTRICT, "size": 100000}},
                "dates": {"terms": {"field": ix.DATE_PATH, "size": 1000000}},
            },
        ) if articles else {}
        days = sorted(k for k in buckets_of(agg, "dates") if len(k) == 10)
        self._districts_known = frozenset(buckets_of(agg, "district"))
        stats = ArchiveStats(
            # Printed pages: page files. An article JSONL file is a source, not a page.
            pages=sum(1 for source in buckets_of(agg, "sources") if not is_jsonl(Path(source))),
            articles=articles,
            paragraphs=int((agg.get("paragraphs") or {}).get("value") or 0),
            date_min=days[0] if days else None,
            date_max=days[-1] if days else None,
            newspapers=tuple(
                FacetValue(value=k, label=k, count=v)
                for k, v in sorted(buckets_of(agg, "newspapers").items(), key=lambda kv: -kv[1])
            ),
            districts=district_tree(buckets_of(agg, "district"), None),
        )
        self._stats = (key, stats)
        return stats

    def continuations(self, article: Article) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """(id, title) of the part this article continues from and of the part it continues on, where archived.

        The other part is on the named page of the same paper's same issue, and its own jump
        note names this article's page (上接第1版 on page 2 answers 下转第2版 on page 1).
        """
        if not (article.continued_from or article.continued_to) or not article.issue_date or article.page_no is None:
            return None, None
        schema = self.schema
        searcher = self._searcher()
        must = [(Occur.Must, _term(schema, ix.DATE_PATH, article.issue_date))]
        if article.newspaper:
            must.append((Occur.Must, _term(schema, ix.NEWSPAPER, article.newspaper)))
        found = searcher.search(Query.boolean_query(must), limit=2000)
        links: dict[str, tuple[str, str]] = {}
        want_from, want_to = jump_page(article.continued_from), jump_page(article.continued_to)
        for _, addr in found.hits:
            other = json.loads(ix.stored_text(searcher.doc(addr), ix.META))
            if other["id"] == article.id or other.get("newspaper") != article.newspaper:
                continue
            if "from" not in links and want_from is not None and other.get("page_no") == want_from and jump_page(other.get("continued_to")) == article.page_no:
                links["from"] = (other["id"], other["title"])
            if "to" not in links and want_to is not None and other.get("page_no") == want_to and jump_page(other.get("continued_from")) == article.page_no:
                links["to"] = (other["id"], other["title"])
        return links.get("from"), links.get("to")

    # -- the paper as printed (browse) and a word over time (trends)

    def _paper_query(self, paper: str, extra: list[Query] | None = None) -> Query:
        """Dated articles of one newspaper."""
        schema = self.schema
        dated = Query.range_query(schema, ix.ISSUE_ORD, tantivy.FieldType.Unsigned, lower_bound=1, upper_bound=99991231)
        parts = [_term(schema, ix.NEWSPAPER, paper), dated] + (extra or [])
        return _all(parts)

    def papers(self) -> tuple[Paper, ...]:
        """Every newspaper with dated articles, with its first and last issue date, largest first."""
        searcher = self._searcher()
        key = (self._build, self._committed, searcher.num_docs)
        cached = self.__dict__.get("_papers")
        if cached and cached[0] == key:
            return cached[1]
        out = []
        for name in (n.value for n in self.stats().newspapers):
            query = self._paper_query(name)
            agg = searcher.aggregate(
                query, {"first": {"min": {"field": ix.ISSUE_ORD}}, "last": {"max": {"field": ix.ISSUE_ORD}}}
            )
            count = searcher.search(query, limit=1, count=True).count or 0
            first, last = agg.get("first", {}).get("value"), agg.get("last", {}).get("value")
            if count and first and last:
                out.append(Paper(name=name, first=_iso(int(first)), last=_iso(int(last)), articles=count))
        self.__dict__["_papers"] = (key, tuple(out))
        return tuple(out)

    def paper_days(self, paper: str, year: str | None = None, level: str = "day") -> dict[str, int]:
        """Articles per year (level="year") or per issue day of one year, from the facets' date histogram."""
        searcher = self._searcher()
        bounds = _date_bounds(year, None, None) if year else (1, 99991231)
        if level == "year":
            bounds = (10000, 99991231)
        agg = searcher.aggregate(self._paper_query(paper), {"date": _date_histogram(level, bounds, ix.ISSUE_ORD)})
        return _date_keys(agg, level)

    def issue(self, paper: str, date: str) -> Issue | None:
        """One day's paper: its pages in print order with their articles, and the issues either side."""
        searcher = self._searcher()
        schema = self.schema
        day = int(date.replace("-", ""))
        on_day = Query.range_query(schema, ix.ISSUE_ORD, tantivy.FieldType.Unsigned, lower_bound=day, upper_bound=day)
        query = self._paper_query(paper, [on_day])
        found = searcher.search(query, limit=EXPORT_MAX, order_by_field=ix.ARTICLE_ORD, order=tantivy.Order.Asc)
        if not found.hits:
            return None
        metas = [json.loads(ix.stored_text(searcher.doc(a), ix.META)) for _, a in found.hits]
        return Issue(
            paper=paper,
            date=date,
            pages=pages_of(paper, date, metas),
            previous=self._adjacent_issue(searcher, paper, 1, day - 1, tantivy.Order.Desc),
            next=self._adjacent_issue(searcher, paper, day + 1, 99991231, tantivy.Order.Asc),
        )

    def _adjacent_issue(self, searcher: tantivy.Searcher, paper: str, lower: int, upper: int, order) -> str | None:
        if lower > upper:
            return None
        window = Query.range_query(self.schema, ix.ISSUE_ORD, tantivy.FieldType.Unsigned, lower_bound=lower, upper_bound=upper)
        found = searcher.search(self._paper_query(paper, [window]), limit=1, order_by_field=ix.ISSUE_ORD, order=order)
        if not found.hits:
            return None
        return _iso(int(searcher.fast_field_values(ix.ISSUE_ORD, [found.hits[0][1]])[0]))

    def issue_of(self, article_id: str) -> Issue | None:
        """The issue an article was printed in (None for an article without newspaper or date)."""
        searcher = self._searcher()
        addr = self._article_address(searcher, article_id)
        if addr is None:
            return None
        meta = json.loads(ix.stored_text(searcher.doc(addr), ix.META))
        day = int(searcher.fast_field_values(ix.ISSUE_ORD, [addr])[0])
        if not meta.get("newspaper") or not day:
            return None
        return self.issue(meta["newspaper"], _iso(day))

    def trend(self, queries: list[str], base: SearchRequest, level: str | None = None) -> Trend:
        """Each query's matching articles per period (base's filters apply to all), zeros filled in.

        The same histogram aggregation as the date facet, over one shared span: the filter's
        from/to where given, else from the first to the last matching article of any query (a
        stray early date elsewhere in the archive does not stretch the chart).
        """
        searcher = self._searcher()
        schema = self.schema
        warnings: list[str] = []
        engine_queries = []
        for q in queries:
            parsed = parse_query(q)
            filters, more = self._filters(replace(base, q=q, page=1), parsed, searcher)
            warnings.extend(more)
            engine_queries.append(self._article_query(parsed, filters, scoring=False))
        dated = Query.range_query(schema, ix.DATE_ORD, tantivy.FieldType.Unsigned, lower_bound=1, upper_bound=99991231)
        matches = []
        for query in engine_queries:
            span = searcher.aggregate(
                _all([query, dated]), {"first": {"min": {"field": ix.DATE_ORD}}, "last": {"max": {"field": ix.DATE_ORD}}}
            )
            if span.get("first", {}).get("value"):
                matches.append((int(span["first"]["value"]), int(span["last"]["value"])))
        stats = self.stats()
        plan = trend_span(base.date_from or base.date, base.date_to or base.date, matches, stats.date_min, stats.date_max, level)
        if plan is None:
            return Trend(level=level or "year", periods=(), series=tuple(Series(q, ()) for q in queries))
        series = []
        for q, query in zip(queries, engine_queries):
            agg = searcher.aggregate(query, {"date": _date_histogram(plan.level, plan.bounds)})
            counts = dict(fill(_date_keys(agg, plan.level), list(plan.keys)))
            series.append(Series(query=q, counts=tuple(counts[k] for k in plan.keys)))
        return Trend(level=plan.level, periods=plan.keys, series=tuple(series),
                     warnings=tuple(dict.fromkeys(warnings + list(plan.warnings))))


_INTERVALS = {"year": 10000, "month": 100, "day": 1}


def _date_bounds(selected: str | None, first: str | None, last: str | None) -> tuple[int, int] | None:
    """yyyymmdd bounds of the dates to count: the selected year/month/day, else the archive's range."""
    if selected:  # "2022" -> 20220000..20229999, "2022-11" -> 20221100..20221199, a day -> itself
        digits = selected.replace("-", "")
        width = 10 ** (8 - len(digits))
        return int(digits) * width, int(digits) * width + width - 1
    if not first or not last:
        return None
    return int(first[:4]) * 10000, int(last[:4]) * 10000 + 9999


def _date_histogram(level: str, bounds: tuple[int, int], field: str = ix.DATE_ORD) -> dict:
    return {"histogram": {"field": field, "interval": _INTERVALS[level], "min_doc_count": 1,
                          "hard_bounds": {"min": bounds[0], "max": bounds[1]}}}


def _date_keys(agg: dict, level: str) -> dict[str, int]:
    """Histogram buckets as facet values: "2022", "2022-11" or "2022-11-21" -> article count."""
    out = {}
    for b in agg.get("date", {}).get("buckets", []):
        key, count = int(b["key"]), int(b["doc_count"])
        if key <= 0 or not count:
            continue
        y, m, d = key // 10000, key // 100 % 100, key % 100
        out[{"year": f"{y:04d}", "month": f"{y:04d}-{m:02d}", "day": f"{y:04d}-{m:02d}-{d:02d}"}[level]] = count
    return out


def relaxation_candidates(request: SearchRequest, parsed: ParsedQuery) -> list[tuple[str, SearchRequest]]:
    """Looser requests to try when nothing matched (each engine counts them): drop a filter,
    all filters, or search one of the words alone."""
    from dataclasses import replace

    candidates: list[tuple[str, SearchRequest]] = []
    if request.district:
        candidates.append((f"去掉地区筛选“{request.district}”", replace(request, district=None, page=1)))
    if request.newspaper:
        candidates.append((f"去掉报纸筛选“{request.newspaper}”", replace(request, newspaper=None, page=1)))
    if request.date or request.date_from or request.date_to:
        candidates.append(("去掉日期筛选", replace(request, date=None, date_from=None, date_to=None, page=1)))
    if request.district and (request.date or request.date_from or request.date_to):
        candidates.append(("去掉所有筛选", SearchRequest(q=request.q, sort=request.sort)))
    words = [w for c in parsed.clauses for w in c.words]
    if len(words) > 1 or parsed.excluded:
        for w in words[:4]:
            candidates.append((f"只搜“{w}”", replace(request, q=w, page=1)))
    return candidates


_iso = iso_date


def _same_page(a: dict, b: dict) -> bool:
    """A page file is one page; a JSONL file holds many, told apart by date and page number."""
    if not is_jsonl(Path(a["source"])):
        return True
    return (a.get("date"), a.get("page_no"), a.get("newspaper")) == (b.get("date"), b.get("page_no"), b.get("newspaper")) and abs(
        a["position"] - b["position"]
    ) <= 30


@dataclass(frozen=True)
class DistrictFilter:
    """A district filter resolved: index paths to match (any of), messages, places to choose from."""

    paths: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    choices: tuple[FacetValue, ...] = ()


def _place_label(path: str) -> str:
    """山西省/太原市/小店区 -> 山西省 太原市 小店区 (北京市/北京市/朝阳区 -> 北京市 朝阳区)."""
    parts = [p.lstrip(HISTORICAL_MARK) for p in path.split("/")]
    return " ".join(dict.fromkeys(parts))


def _flatten(values: tuple[FacetValue, ...]) -> Iterator[FacetValue]:
    for v in values:
        yield v
        yield from _flatten(v.children)


def _article_from_meta(meta: dict, paragraphs: tuple[str, ...]) -> Article:
    fields = {k: v for k, v in meta.items() if k in Article.__dataclass_fields__}
    fields["districts"] = tuple(District(**d) for d in meta.get("districts", []))
    for name in ("credits", "captions", "subheads", "page_labels"):
        fields[name] = tuple(fields.get(name) or ())
    fields["paragraphs"] = paragraphs
    return Article(**fields)
