"""The search library over OpenSearch: the same public calls and result types as search.Archive.

Query parsing (query.py), facet shaping (facets.py), snippets and marks (highlight.py), request
validation and the result types are the very ones the Tantivy engine uses; only the engine
queries differ, and they are built from the parsed query the same way, field for field:

* a literal of one character: a prefix query on a bigram field (its terms are one or two
  characters, so this is Tantivy's regex ``X.?``); of two: a term; longer: a phrase of its bigrams;
* articles are matched on article documents, a hit's matching paragraphs found on paragraph
  documents (the Tantivy index has no paragraph documents: it finds them in the stored text);
* the date facet is a ``date_histogram`` at the level shown, the district facet a ``terms``
  aggregation; the best paragraphs per article and their count come from one ``terms``
  aggregation on ``article_id`` with ``top_hits`` under it (the equivalent of field collapsing).

Relevance order of two or more words is re-scored by ranking.rerank exactly as in search.Archive
(search.reranks, rerank_candidate, reranked_window); its input scores are OpenSearch's BM25 per
shard, so relevance order may still differ from Tantivy's where headlines tie; the sets of
matching articles and paragraphs, the counts and the facets are the same.
"""

from __future__ import annotations

import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from . import index as ix
from .analysis import bigrams
from .engine import EngineSettings
from .articles import jump_page
from .browse import Issue, Paper, pages_of
from .facets import DATE_LEVELS, buckets_of, date_facet, date_level_for, district_tree, newspaper_facet
from .highlight import find_spans, highlight, mark, snippet
from .index import IndexMissing
from .models import District
from .opensearch_index import (
    BODY_BIGRAMS,
    BYLINE_BIGRAMS,
    EXTRA_BIGRAMS,
    HEAD_BIGRAMS,
    KIND,
    KIND_ARTICLE,
    KIND_PARAGRAPH,
    PARA_NO,
    TEXT,
    TITLE_BIGRAMS,
    OpenSearchUnavailable,
    connect,
    current_index,
)
from .pages import is_jsonl
from .query import Clause, Node, Not, Or, ParsedQuery, parse_query
from .trends import Series, Trend, fill, trend_span
from .results import ArchiveStats, ArticleView, BadRequest, FacetValue, Hit, Relaxation, SearchRequest, SearchResult
from .snippets import choose_snippets, extra_blocks, matching_blocks
from .search import (
    _ARTICLE_ID,
    TITLE_WORD_BOOST,
    _body_words,
    _shape,
    effective_sort,
    rerank_candidate,
    reranked_window,
    reranks,
    RERANK_DEPTH,
    Archive,
    _date_bounds,
    _date_histogram,
    _date_keys as _histogram_keys,
    _iso,
    EXPORT_BATCH,
    EXPORT_MAX,
    SNIPPET_WIDTH,
    SNIPPETS_PER_HIT,
    _article_from_meta,
    _same_page,
    relaxation_candidates,
)

MATCH_NONE: dict = {"match_none": {}}
# Where a clause looks, by the field the reader asked for (query.Clause.field), as search.FIELD_TARGETS.
FIELD_TARGETS = {
    "": (TITLE_BIGRAMS, HEAD_BIGRAMS, BODY_BIGRAMS, BYLINE_BIGRAMS, EXTRA_BIGRAMS),
    "title": (TITLE_BIGRAMS, HEAD_BIGRAMS),
    "byline": (BYLINE_BIGRAMS,),
}
_FORMATS = {"year": ("year", "yyyy"), "month": ("month", "yyyy-MM"), "day": ("day", "yyyy-MM-dd")}
PAGE_SIZE = 5000  # documents per search_after page when reading every match
SEARCH_ATTEMPTS = 6  # with pauses of 0.1, 0.2 … 1.6 s: about 3 s for replicas to be promoted
RETRY_PAUSE = 0.1
STATS_TTL = 2.0
SNIPPET_CANDIDATES = 10  # best matching paragraphs fetched per article, for choose_snippets  # seconds a stats() answer is reused (home page, district names in queries)


def _counts_alone(parsed: ParsedQuery) -> bool:
    """True where every article holding a paragraph with a query word matches the query (one
    word, or alternatives of single words, anywhere): paragraphs can then be found directly,
    without first listing the matching articles."""
    root = parsed.root
    options = root.children if isinstance(root, Or) else (root,)
    return all(isinstance(c, Clause) and not c.field and len(c.words) == 1 for c in options)


def _literal(field: str, text: str) -> dict:
    """Documents whose field holds `text` (compacted) literally, via its bigrams (as search._literal)."""
    if len(text) == 1:
        return {"prefix": {field: {"value": text}}}
    if len(text) == 2:
        return {"term": {field: text}}
    grams = [g for g in bigrams(text) if len(g) == 2]
    return {"match_phrase": {field: {"query": " ".join(grams), "analyzer": "searchapp_pretokenized"}}}


def _any(queries: list[dict]) -> dict:
    return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}


def _all(queries: list[dict]) -> dict:
    return queries[0] if len(queries) == 1 else {"bool": {"filter": queries}}


def _clause_query(clause: Clause, fields: tuple[str, ...] | None = None) -> dict:
    """Every word of the clause appears (each in any of the fields the clause may look in)."""
    fields = FIELD_TARGETS[clause.field] if fields is None else fields
    return _all([_any([_literal(f, w) for f in fields]) for w in clause.words])


def _node_query(node: Node) -> dict:
    """The engine query for a query tree (as search._node_query): articles it matches."""
    if isinstance(node, Clause):
        return _clause_query(node)
    if isinstance(node, Not):
        return {"bool": {"filter": [_term(KIND, KIND_ARTICLE)], "must_not": [_node_query(node.child)]}}
    if isinstance(node, Or):
        return _any([_node_query(c) for c in node.children])
    must = [_node_query(c) for c in node.children if not isinstance(c, Not)]
    must_not = [_node_query(c.child) for c in node.children if isinstance(c, Not)]
    if not must:
        must = [_term(KIND, KIND_ARTICLE)]
    return {"bool": {"filter": must, "must_not": must_not}}


def _term(field: str, value) -> dict:
    return {"term": {field: value}}


def _boost(query: dict, boost: float) -> dict:
    """A term or phrase query with a boost (the ranking hints; never a one-character prefix)."""
    (kind, body), = query.items()
    (field, value), = body.items()
    value = dict(value) if isinstance(value, dict) else {"value": value}
    value["boost"] = boost
    return {kind: {field: value}}


class OpenSearchArchive:
    """An OpenSearch alias, searched like search.Archive. Holds a client; cheap to keep."""

    def __init__(self, settings: EngineSettings):
        self.settings = settings
        self.alias = settings.opensearch_index
        self.client = connect(settings)
        self._stats: tuple[float, str, ArchiveStats] | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._districts_known: frozenset[str] = frozenset()
        self._district_cache: dict = {}

    @classmethod
    def open(cls, settings: EngineSettings) -> "OpenSearchArchive":
        return cls(settings)

    # -- plumbing

    def _pool(self) -> ThreadPoolExecutor:
        """Threads for requests of one search that can run side by side; made on first use, so a
        gunicorn worker makes its own after the fork."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="searchapp-opensearch")
        return self._threads

    def _search(self, body: dict, **params) -> dict:
        """One search against the alias, asked again (briefly backing off) while the cluster is
        between states: a node leaving makes shards fail or be unavailable until their replicas
        are promoted (or the alias briefly unknown), and a partial answer would make counts and
        facets silently short."""
        from opensearchpy import exceptions as oe

        for attempt in range(SEARCH_ATTEMPTS):
            try:
                found = self.client.search(index=self.alias, body=body, **params)
            except oe.NotFoundError:
                # Also asked again: while a node leaves, the new master's first cluster state can
                # lack the alias for a moment (seen once in the failover test). Still missing after
                # the retries, it is really missing.
                error = IndexMissing(f"no OpenSearch index behind alias {self.alias!r} (run `searchapp build`)")
            except (oe.ConnectionError, oe.ConnectionTimeout) as e:
                error = OpenSearchUnavailable(f"OpenSearch at {self.settings.opensearch_url} does not answer: {e}")
            except (oe.AuthenticationException, oe.AuthorizationException):
                raise OpenSearchUnavailable("OpenSearch refused the credentials (check user/password or API key)") from None
            except oe.RequestError as e:
                # The cluster's own limits (e.g. indices.query.bool.max_clause_count) on a long query.
                raise BadRequest(f"查询太复杂，请减少词语：{_reason(e)}") from None
            except oe.TransportError as e:
                if "clause" in _reason(e).lower():  # too_many_(nested_)clauses: a limit, not an outage
                    raise BadRequest(f"查询太复杂，请减少词语：{_reason(e)}") from None
                if e.status_code not in (429, 500, 502, 503, 504, "N/A"):
                    raise OpenSearchUnavailable(f"OpenSearch could not answer: {_reason(e)}") from None
                error = OpenSearchUnavailable(f"OpenSearch could not answer: {_reason(e)}")
            else:
                if not found.get("_shards", {}).get("failed"):
                    return found
                reasons = json.dumps(found["_shards"].get("failures", [])[:1], ensure_ascii=False)[:300]
                error = OpenSearchUnavailable(f"{found['_shards']['failed']} shard(s) failed to answer: {reasons}")
            if attempt + 1 < SEARCH_ATTEMPTS:
                time.sleep(RETRY_PAUSE * 2**attempt)
        raise error

    def _count(self, query: dict) -> int:
        return int(self._search({"query": query, "size": 0, "track_total_hits": True})["hits"]["total"]["value"])

    def _filters(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[list[dict], list[str]]:
        filters: list[dict] = []
        warnings: list[str] = []
        if request.date:
            filters.append(_term(ix.DATE_PATH, request.date))
        if request.date_from or request.date_to:
            lower = int(request.date_from.replace("-", "")) if request.date_from else 1
            upper = int(request.date_to.replace("-", "")) if request.date_to else 99991231
            filters.append({"range": {ix.DATE_ORD: {"gte": lower, "lte": upper}}})
        names = ([request.district] if request.district else []) + list(parsed.districts)
        for name in names:
            resolved = self._resolve_district(name)
            warnings.extend(resolved.warnings)
            if not resolved.paths:
                filters.append(MATCH_NONE)
            else:
                filters.append(_any([_term(ix.DISTRICT, path) for path in resolved.paths]))
        if request.newspaper:
            filters.append(_term(ix.NEWSPAPER, request.newspaper))
        for d in parsed.dates:  # date: in the query means what the URL's date/from/to mean
            if d.prefix:
                filters.append(_term(ix.DATE_PATH, d.prefix))
            else:
                lower = int(d.date_from.replace("-", "")) if d.date_from else 1
                upper = int(d.date_to.replace("-", "")) if d.date_to else 99991231
                filters.append({"range": {ix.DATE_ORD: {"gte": lower, "lte": upper}}})
        return filters, warnings

    # District names are resolved exactly as search.Archive resolves them (gazetteer, the values the
    # archive holds, messages, choices): the very same function, over this engine's district values.
    _resolve_district = Archive._resolve_district

    def _district_values(self) -> frozenset[str]:
        """Every value of the district field in the index (read with the stats)."""
        self.stats()
        return self._districts_known

    def _article_query(self, parsed: ParsedQuery, filters: list[dict], scoring: bool = True) -> dict:
        """Articles matching the query tree and the filters; with scoring, BM25 parts that rank them."""
        must = [_node_query(parsed.root)] if parsed.root is not None else [{"match_all": {}}]
        should: list[dict] = []
        if scoring:
            for clause in parsed.clauses:
                for w in clause.words:
                    if clause.field in ("", "title"):
                        should.append({"term": {ix.TITLE_WORDS: {"value": w, "boost": TITLE_WORD_BOOST}}})
                    if not clause.field:
                        should.append(_term(ix.BODY_WORDS, w))
                if len(clause.words) > 1 and len(clause.text) > 1:
                    should.append(_boost(_literal(BODY_BIGRAMS, clause.text), 2.0))
                    should.append(_boost(_literal(TITLE_BIGRAMS, clause.text), 4.0))
        return {"bool": {"filter": [_term(KIND, KIND_ARTICLE), *filters], "must": must, "should": should}}

    def _paragraph_query(self, parsed: ParsedQuery, extra: list[dict], scoring: bool = True) -> dict:
        """Paragraphs that hold at least one of the query's words (or phrases); those holding a
        multi-word term or phrase literally score higher, so they come first as snippets."""
        words = _body_words(parsed)
        must: list[dict] = []
        should: list[dict] = []
        if words:
            must.append(_any([_literal(BODY_BIGRAMS, w) for w in words]))
            for literal in _shape(parsed).literals if scoring and len(words) > 1 else ():
                if len(literal) > 1:
                    should.append(_boost(_literal(BODY_BIGRAMS, literal), 10.0))
        else:
            must.append(MATCH_NONE)
        return {"bool": {"filter": [_term(KIND, KIND_PARAGRAPH), *extra], "must": must, "should": should}}

    @staticmethod
    def _sort(sort: str) -> list:
        if sort == "relevance":
            return ["_score", {ix.ARTICLE_ORD: "asc"}]
        return [{ix.DATE_ORD: "desc" if sort == "newest" else "asc"}, {ix.ARTICLE_ORD: "asc"}]

    # -- the public calls

    def search(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> SearchResult:
        """Answer a request; `parsed` overrides parsing request.q (for callers that build queries)."""
        started = time.perf_counter()
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, warnings = self._filters(request, parsed)
        warnings = list(parsed.warnings) + warnings
        query = self._article_query(parsed, filters)
        sort = effective_sort(request, parsed)
        per_page = max(1, min(request.per_page, 100))
        offset = (request.page - 1) * per_page
        level = date_level_for(request.date)
        # Re-ranked (relevance, two or more words): the best RERANK_DEPTH from the first, as
        # search.Archive reads them; a page wholly past them keeps the engine's order.
        rerank_head = reranks(sort, parsed) and offset < RERANK_DEPTH
        body = {
            "query": query,
            "from": 0 if rerank_head else offset,
            "size": max(RERANK_DEPTH, offset + per_page) if rerank_head else per_page,
            "sort": self._sort(sort),
            "track_total_hits": True,
            "track_scores": reranks(sort, parsed),
            "_source": [ix.META, ix.DATE_ORD],
            "aggs": {
                "district": {"terms": {"field": ix.DISTRICT, "size": 65000}},
                "newspaper": {"terms": {"field": ix.NEWSPAPER, "size": 1000}},
                "date": self._date_histogram(level),
            },
        }
        found = self._search(body)
        total = int(found["hits"]["total"]["value"])
        pages = max(1, math.ceil(total / per_page))
        if total and request.page > pages:
            warnings.append(f"只有 {pages} 页结果，没有第 {request.page} 页")
        page, scores, paragraphs_of = self._relevance_page(parsed, found["hits"], sort, offset, per_page, rerank_head)
        hits = self._hits(parsed, page, sort, scores, paragraphs_of)
        district = self._resolve_district(request.district) if request.district else None
        selected = district.paths[0] if district and len(district.paths) == 1 else None
        date_level, dates, districts, newspapers = self._facets(query, request, found.get("aggregations", {}), total, level, selected)
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
            newspaper_facet=newspapers,
            district_choices=tuple(
                c for name in ([request.district] if request.district else []) + list(parsed.districts)
                for c in self._resolve_district(name).choices
            ),
            page=request.page,
            pages=pages,
            warnings=tuple(dict.fromkeys(warnings)),
            relaxations=relaxations,
        )

    @staticmethod
    def _date_histogram(level: str) -> dict:
        interval, fmt = _FORMATS[level]
        return {"date_histogram": {"field": "date", "calendar_interval": interval, "format": fmt, "min_doc_count": 1}}

    def _facets(self, query: dict, request: SearchRequest, aggs: dict, total: int, level: str, district: str | None):
        """Date facet at the drill-down level and district tree; where every match falls in one
        year (or month) the next level is counted too, as search.Archive does."""
        if not total:
            return date_facet({}, request.date) + (district_tree({}, district), ())
        buckets = current = _date_keys(aggs)
        while not request.date and len(current) == 1 and level != "day":
            level = DATE_LEVELS[DATE_LEVELS.index(level) + 1]
            more = self._search({"query": query, "size": 0, "aggs": {"date": self._date_histogram(level)}})
            current = _date_keys(more.get("aggregations", {}))
            buckets = {**buckets, **current}
        date_level, dates = date_facet(buckets, request.date)
        newspapers = newspaper_facet(buckets_of(aggs, "newspaper"), request.newspaper)
        return date_level, dates, district_tree(buckets_of(aggs, "district"), district), newspapers

    def _matching_article_ords(self, article_query: dict) -> list[int]:
        """Ordinals of every article the query matches (read in pages)."""
        return [int(h["sort"][0]) for h in self._scan(article_query, [{ix.ARTICLE_ORD: "asc"}], [])]

    def _scan(self, query: dict, sort: list, source: list[str] | bool) -> Iterator[dict]:
        """Every hit of a query in sort order, by search_after pages (no from/size window limit)."""
        after = None
        while True:
            body = {"query": query, "size": PAGE_SIZE, "sort": sort, "_source": source, "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self._search(body)["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE_SIZE:
                return
            after = hits[-1]["sort"]

    def _matching_paragraphs_query(self, parsed: ParsedQuery, filters: list[dict], article_query: dict) -> dict:
        """The paragraphs that hold a query word, within the articles that match the whole query."""
        if _counts_alone(parsed):
            return self._paragraph_query(parsed, filters, scoring=False)
        # Words may sit in different paragraphs, or the article is ruled out by an exclusion:
        # only paragraphs of the matching articles count.
        ordinals = self._matching_article_ords(article_query)
        return self._paragraph_query(parsed, [{"terms": {ix.ARTICLE_ORD: ordinals}}], scoring=False)


    def _relevance_page(
        self, parsed: ParsedQuery, found: dict, sort: str, offset: int, limit: int, rerank_head: bool
    ) -> tuple[list[dict], list[float] | None, dict | None]:
        """The page's hits, their scores and (where read) their matched paragraphs. Relevance order
        of two or more words follows search.Archive: the best RERANK_DEPTH re-scored by
        ranking.rerank with the same candidates (search.rerank_candidate, search.reranked_window),
        the rest in the engine's order after them, scores on the head's scale."""
        hits = found["hits"]
        if not reranks(sort, parsed):
            return hits, None, None
        if not rerank_head:  # a page past the re-scored head: the engine's order, on the head's scale
            top = float(found.get("max_score") or 1.0) or 1.0
            return hits, [_engine_score(h) / top for h in hits], None
        paragraphs_of: dict = {}

        def candidates(first: list[tuple[float, int]]):
            metas = [json.loads(hits[i]["_source"][ix.META]) for _, i in first]
            paragraphs_of.update(self._paragraphs(parsed, [m["id"] for m in metas]))
            return [
                rerank_candidate(i, score, meta, hits[i]["_source"].get(ix.DATE_ORD),
                                 paragraphs_of.get(meta["id"], (0, [], []))[2])
                for (score, i), meta in zip(first, metas)
            ]

        engine = [(_engine_score(h), i) for i, h in enumerate(hits)]
        window = reranked_window(parsed, engine, candidates, offset, limit)
        return [hits[i] for _, i in window], [score for score, _ in window], paragraphs_of

    def _paragraphs(self, parsed: ParsedQuery, ids: list[str]) -> dict[str, tuple[int, list[tuple[int, str]], list[float]]]:
        """Per article id: (matched paragraphs, the best few as (number, text), their scores)."""
        out: dict[str, tuple[int, list[tuple[int, str]], list[float]]] = {i: (0, [], []) for i in ids}
        if not parsed.clauses or not ids:
            return out
        # One pass over the paragraphs of these articles that match: grouped by article, how
        # many matched and the best few (a terms aggregation with top hits; field collapsing
        # with inner hits gives the same but runs one more search per article).
        para = self._search({
            "query": self._paragraph_query(parsed, [{"terms": {ix.ARTICLE_ID: ids}}]),
            "size": 0,
            "aggs": {"per_article": {
                "terms": {"field": ix.ARTICLE_ID, "size": len(ids)},
                # A few more than shown: choose_snippets skips repeated texts.
                "aggs": {"best": {"top_hits": {"size": SNIPPET_CANDIDATES, "_source": [PARA_NO, TEXT]}}},
            }},
        })
        for bucket in para.get("aggregations", {}).get("per_article", {}).get("buckets", []):
            inner = bucket["best"]["hits"]["hits"]
            out[bucket["key"]] = (
                int(bucket["doc_count"]),
                [(int(i["_source"][PARA_NO]), i["_source"][TEXT]) for i in inner],
                [float(i.get("_score") or 0.0) for i in inner],
            )
        return out

    def _hits(
        self, parsed: ParsedQuery, found: list[dict], sort: str, scores: list[float] | None = None, known: dict | None = None
    ) -> list[Hit]:
        """Hits of engine documents; `scores` replaces the engine's (re-ranked), `known` holds
        paragraphs already read by _paragraphs for some of them."""
        if not found:
            return []
        metas = [json.loads(h["_source"][ix.META]) for h in found]
        ids = [m["id"] for m in metas]
        needles = parsed.needles
        paragraphs = {i: known[i] for i in ids if known and i in known}
        if known is None or any(i not in known for i in ids):
            paragraphs.update(self._paragraphs(parsed, [i for i in ids if not known or i not in known]))
        best = {i: p[1] for i, p in paragraphs.items()}
        matched = {i: p[0] for i, p in paragraphs.items()}
        if scores is None:
            scores = [_engine_score(h) for h in found]
        literals = _shape(parsed).literals
        blocks_of = {m["id"]: matching_blocks(extra_blocks(m), needles) if needles and not matched.get(m["id"]) else []
                     for m in metas}
        missing = [i for i in ids if not best.get(i) and not blocks_of[i]]
        firsts = self._first_paragraphs(missing) if missing else {}
        hits = []
        for meta, score in zip(metas, scores):
            # The same choice and fallbacks as search.Archive._hits.
            chosen = choose_snippets(best.get(meta["id"]) or [], literals, SNIPPETS_PER_HIT)
            blocks = blocks_of[meta["id"]]
            if chosen:
                snippets = tuple(snippet(text, needles, SNIPPET_WIDTH) for _, text in chosen)
                numbers = tuple(n for n, _ in chosen)
            elif blocks:  # matched outside the body: show where (作者：本报记者 <mark>郭娟</mark>)
                snippets = tuple(f"{label}：{html}" for label, html in blocks[:SNIPPETS_PER_HIT])
                numbers = (0,) * len(snippets)
            else:
                first = firsts.get(meta["id"])
                snippets = (snippet(first, needles, SNIPPET_WIDTH),) if first else ()
                numbers = (1,) if first else ()
            count = matched.get(meta["id"], 0) or len(blocks) or (1 if parsed.clauses and find_spans(meta["title"], needles) else 0)
            hits.append(
                Hit(
                    id=meta["id"],
                    title=meta["title"],
                    title_html=highlight(meta["title"], needles),
                    date=meta.get("date"),
                    districts=tuple(District(**d) for d in meta.get("districts", [])),
                    newspaper=meta.get("newspaper"),
                    page_no=meta.get("page_no"),
                    snippets=snippets,
                    snippet_paragraphs=numbers,
                    matched_paragraphs=int(count),
                    score=score if sort == "relevance" else 0.0,
                )
            )
        return hits

    def _first_paragraphs(self, article_ids: list[str]) -> dict[str, str]:
        """The first paragraph of each article, by document id (``<id>/1``)."""
        docs = self.client.mget(index=self.alias, body={"ids": [f"{i}/1" for i in article_ids]}, _source=[TEXT])
        return {d["_id"].rsplit("/", 1)[0]: d["_source"][TEXT] for d in docs["docs"] if d.get("found")}

    def _relaxations(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[Relaxation, ...]:
        """Zero results: what would find something (drop a filter, a shorter query)."""
        candidates = relaxation_candidates(request, parsed)
        out = []
        for label, looser in candidates:
            looser_parsed = parse_query(looser.q)
            filters, _ = self._filters(looser, looser_parsed)
            count = self._count(self._article_query(looser_parsed, filters, scoring=False))
            if count:
                out.append(Relaxation(label=label, request=looser, count=count))
        return tuple(out)

    def article(self, article_id: str, q: str = "") -> ArticleView | None:
        if not _ARTICLE_ID.match(article_id or ""):
            return None
        found = self._search({
            "query": {"bool": {"filter": [_term(ix.ARTICLE_ID, article_id), _term(KIND, KIND_ARTICLE)]}},
            "size": 1, "_source": [ix.META, ix.ARTICLE_ORD],
        })["hits"]["hits"]
        if not found:
            return None
        meta = json.loads(found[0]["_source"][ix.META])
        ordinal = int(found[0]["_source"][ix.ARTICLE_ORD])
        count = max(1, int(meta.get("paragraph_count", 0)))
        paras = self._search({
            "query": {"bool": {"filter": [_term(ix.ARTICLE_ID, article_id), _term(KIND, KIND_PARAGRAPH)]}},
            "size": count, "sort": [{PARA_NO: "asc"}], "_source": [TEXT],
        })["hits"]["hits"]
        paragraphs = tuple(h["_source"][TEXT] for h in paras)
        article = _article_from_meta(meta, paragraphs)
        needles = parse_query(q).needles if q else ()
        spans = [find_spans(p, needles) if needles else [] for p in paragraphs]
        first_hit = next((i + 1 for i, s in enumerate(spans) if s), None)
        return ArticleView(
            article=article,
            title_html=highlight(article.title, needles),
            paragraphs_html=tuple(mark(p, s) for p, s in zip(paragraphs, spans)),
            first_hit=first_hit,
            neighbours=self._neighbours(meta, ordinal),
        )

    def _neighbours(self, meta: dict, ordinal: int) -> tuple[tuple[str, str], ...]:
        """The other articles of the same page, in page order (looked for among the nearest ordinals)."""
        found = self._search({
            "query": {"bool": {"filter": [
                _term(ix.SOURCE, meta["source"]),
                _term(KIND, KIND_ARTICLE),
                {"range": {ix.ARTICLE_ORD: {"gte": max(0, ordinal - 30), "lte": ordinal + 30}}},
            ]}},
            "size": 60, "sort": [{ix.ARTICLE_ORD: "asc"}], "_source": [ix.META],
        })["hits"]["hits"]
        out = []
        for h in found:
            other = json.loads(h["_source"][ix.META])
            if other["id"] != meta["id"] and _same_page(meta, other):
                out.append((other["id"], other["title"]))
        return tuple(out)

    def export(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> Iterator[Hit]:
        """Every matching article (up to EXPORT_MAX), in the request's order, in batches."""
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, _ = self._filters(request, parsed)
        query = self._article_query(parsed, filters)
        sort = effective_sort(request, parsed)
        found = self._scan(query, self._sort(sort), [ix.META, ix.DATE_ORD])
        top = 1.0
        if reranks(sort, parsed):  # the re-scored head first, as search.Archive.export
            first = [h for _, h in zip(range(min(RERANK_DEPTH, EXPORT_MAX)), found)]
            if first:
                top = max(_engine_score(h) for h in first) or 1.0
                page, scores, known = self._relevance_page(parsed, {"hits": first}, sort, 0, len(first), True)
                yield from self._hits(parsed, page, sort, scores, known)
            start = len(first)
        else:
            start = 0
        batch: list[dict] = []
        for n, hit in enumerate(found, start):
            if n >= EXPORT_MAX:
                break
            batch.append(hit)
            if len(batch) == EXPORT_BATCH:
                yield from self._hits(parsed, batch, sort, self._scaled(batch, sort, parsed, top))
                batch = []
        if batch:
            yield from self._hits(parsed, batch, sort, self._scaled(batch, sort, parsed, top))

    @staticmethod
    def _scaled(hits: list[dict], sort: str, parsed: ParsedQuery, top: float) -> list[float] | None:
        """Scores past the re-scored head on its scale (engine / best engine score), else None."""
        return [_engine_score(h) / top for h in hits] if reranks(sort, parsed) else None

    def matching_paragraphs(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> list[tuple[str, int]]:
        """(article id, paragraph number) of every paragraph that holds a query word, in every
        matching article (search.Archive.matching_paragraphs)."""
        parsed = parsed if parsed is not None else parse_query(request.q)
        filters, _ = self._filters(request, parsed)
        article_query = self._article_query(parsed, filters, scoring=False)
        if not self._count(article_query):
            return []
        query = self._matching_paragraphs_query(parsed, filters, article_query)
        return [
            (h["_source"][ix.ARTICLE_ID], int(h["_source"][PARA_NO]))
            for h in self._scan(query, [{ix.ARTICLE_ORD: "asc"}, {PARA_NO: "asc"}], [ix.ARTICLE_ID, PARA_NO])
        ]

    def stats(self) -> ArchiveStats:
        name = current_index(self.client, self.alias)
        if self._stats and self._stats[1] == name and time.monotonic() - self._stats[0] < STATS_TTL:
            return self._stats[2]
        articles_q = _term(KIND, KIND_ARTICLE)
        found = self._search({
            "query": articles_q, "size": 0, "track_total_hits": True,
            "aggs": {
                "newspapers": {"terms": {"field": ix.NEWSPAPER, "size": 1000}},
                "district": {"terms": {"field": ix.DISTRICT, "size": 65000}},
                "first": {"min": {"field": "date", "format": "yyyy-MM-dd"}},
                "last": {"max": {"field": "date", "format": "yyyy-MM-dd"}},
            },
        })
        aggs = found.get("aggregations", {})
        articles = int(found["hits"]["total"]["value"])
        paragraphs = self._count(_term(KIND, KIND_PARAGRAPH))
        stats = ArchiveStats(
            # Printed pages: page files. An article JSONL file is a source, not a page.
            pages=sum(1 for source in self._sources() if not is_jsonl(Path(source))),
            articles=articles,
            paragraphs=paragraphs,
            date_min=aggs.get("first", {}).get("value_as_string") if articles else None,
            date_max=aggs.get("last", {}).get("value_as_string") if articles else None,
            newspapers=tuple(
                FacetValue(value=k, label=k, count=v)
                for k, v in sorted(buckets_of(aggs, "newspapers").items(), key=lambda kv: -kv[1])
            ),
            districts=district_tree(buckets_of(aggs, "district"), None),
        )
        self._districts_known = frozenset(buckets_of(aggs, "district"))
        self._stats = (time.monotonic(), name, stats)
        return stats

    def continuations(self, article) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """(id, title) of the part this article continues from and of the part it continues on (as search.Archive)."""
        if not (article.continued_from or article.continued_to) or not article.issue_date or article.page_no is None:
            return None, None
        must = [_term(KIND, KIND_ARTICLE), _term(ix.DATE_PATH, article.issue_date)]
        if article.newspaper:
            must.append(_term(ix.NEWSPAPER, article.newspaper))
        found = self._search({"query": {"bool": {"filter": must}}, "size": 2000, "sort": [{ix.ARTICLE_ORD: "asc"}],
                              "_source": [ix.META]})["hits"]["hits"]
        links: dict[str, tuple[str, str]] = {}
        want_from, want_to = jump_page(article.continued_from), jump_page(article.continued_to)
        for h in found:
            other = json.loads(h["_source"][ix.META])
            if other["id"] == article.id or other.get("newspaper") != article.newspaper:
                continue
            if "from" not in links and want_from is not None and other.get("page_no") == want_from and jump_page(other.get("continued_to")) == article.page_no:
                links["from"] = (other["id"], other["title"])
            if "to" not in links and want_to is not None and other.get("page_no") == want_to and jump_page(other.get("continued_from")) == article.page_no:
                links["to"] = (other["id"], other["title"])
        return links.get("from"), links.get("to")

    # -- the paper as printed (browse) and a word over time (trends)

    def _histogram(self, query: dict, level: str, bounds: tuple[int, int], field: str) -> dict:
        """search._date_histogram over the yyyymmdd field, values outside bounds left out.

        Tantivy's hard_bounds drop values outside them; OpenSearch's drop bucket keys outside
        them (a year bucket 20070000 falls below a start of 20070101), so the bounds are a filter here.
        """
        histogram = _date_histogram(level, bounds, field)
        histogram["histogram"].pop("hard_bounds", None)
        bounded = {"bool": {"filter": [query, {"range": {field: {"gte": bounds[0], "lte": bounds[1]}}}]}}
        return self._search({"query": bounded, "size": 0, "aggs": {"date": histogram}}).get("aggregations", {})

    def _paper_query(self, paper: str, extra: list[dict] | None = None) -> dict:
        """Dated articles of one newspaper."""
        dated = {"range": {ix.ISSUE_ORD: {"gte": 1, "lte": 99991231}}}
        return {"bool": {"filter": [_term(KIND, KIND_ARTICLE), _term(ix.NEWSPAPER, paper), dated, *(extra or [])]}}

    def papers(self) -> tuple[Paper, ...]:
        """Every newspaper with dated articles, with its first and last issue date, largest first."""
        out = []
        for name in (n.value for n in self.stats().newspapers):
            found = self._search({"query": self._paper_query(name), "size": 0, "track_total_hits": True, "aggs": {
                "first": {"min": {"field": ix.ISSUE_ORD}}, "last": {"max": {"field": ix.ISSUE_ORD}}}})
            count = int(found["hits"]["total"]["value"])
            aggs = found.get("aggregations", {})
            first, last = aggs.get("first", {}).get("value"), aggs.get("last", {}).get("value")
            if count and first and last:
                out.append(Paper(name=name, first=_iso(int(first)), last=_iso(int(last)), articles=count))
        return tuple(out)

    def paper_days(self, paper: str, year: str | None = None, level: str = "day") -> dict[str, int]:
        """Articles per year (level="year") or per issue day of one year (the same histogram as search.Archive)."""
        bounds = _date_bounds(year, None, None) if year else (1, 99991231)
        if level == "year":
            bounds = (10000, 99991231)
        return _histogram_keys(self._histogram(self._paper_query(paper), level, bounds, ix.ISSUE_ORD), level)

    def issue(self, paper: str, date: str) -> Issue | None:
        """One day's paper: its pages in print order with their articles, and the issues either side."""
        day = int(date.replace("-", ""))
        query = self._paper_query(paper, [{"range": {ix.ISSUE_ORD: {"gte": day, "lte": day}}}])
        metas = [json.loads(h["_source"][ix.META]) for h in self._scan(query, [{ix.ARTICLE_ORD: "asc"}], [ix.META])]
        if not metas:
            return None
        return Issue(
            paper=paper,
            date=date,
            pages=pages_of(paper, date, metas),
            previous=self._adjacent_issue(paper, 1, day - 1, "desc"),
            next=self._adjacent_issue(paper, day + 1, 99991231, "asc"),
        )

    def _adjacent_issue(self, paper: str, lower: int, upper: int, order: str) -> str | None:
        if lower > upper:
            return None
        found = self._search({"query": self._paper_query(paper, [{"range": {ix.ISSUE_ORD: {"gte": lower, "lte": upper}}}]),
                              "size": 1, "sort": [{ix.ISSUE_ORD: order}], "_source": [ix.ISSUE_ORD]})["hits"]["hits"]
        return _iso(int(found[0]["_source"][ix.ISSUE_ORD])) if found else None

    def issue_of(self, article_id: str) -> Issue | None:
        """The issue an article was printed in (None for an article without newspaper or date)."""
        if not _ARTICLE_ID.match(article_id or ""):
            return None
        found = self._search({
            "query": {"bool": {"filter": [_term(ix.ARTICLE_ID, article_id), _term(KIND, KIND_ARTICLE)]}},
            "size": 1, "_source": [ix.META, ix.ISSUE_ORD],
        })["hits"]["hits"]
        if not found:
            return None
        meta = json.loads(found[0]["_source"][ix.META])
        day = int(found[0]["_source"].get(ix.ISSUE_ORD) or 0)
        if not meta.get("newspaper") or not day:
            return None
        return self.issue(meta["newspaper"], _iso(day))

    def trend(self, queries: list[str], base: SearchRequest, level: str | None = None) -> Trend:
        """Each query's matching articles per period (as search.Archive.trend: same span rules, same histogram)."""
        warnings: list[str] = []
        engine_queries = []
        for q in queries:
            parsed = parse_query(q)
            filters, more = self._filters(replace(base, q=q, page=1), parsed)
            warnings.extend(more)
            engine_queries.append(self._article_query(parsed, filters, scoring=False))
        dated = {"range": {ix.DATE_ORD: {"gte": 1, "lte": 99991231}}}
        matches = []
        for query in engine_queries:
            span = self._search({"query": {"bool": {"filter": [query, dated]}}, "size": 0, "aggs": {
                "first": {"min": {"field": ix.DATE_ORD}}, "last": {"max": {"field": ix.DATE_ORD}}}}).get("aggregations", {})
            if span.get("first", {}).get("value"):
                matches.append((int(span["first"]["value"]), int(span["last"]["value"])))
        stats = self.stats()
        plan = trend_span(base.date_from or base.date, base.date_to or base.date, matches, stats.date_min, stats.date_max, level)
        if plan is None:
            return Trend(level=level or "year", periods=(), series=tuple(Series(q, ()) for q in queries))
        series = []
        for q, query in zip(queries, engine_queries):
            counts = dict(fill(_histogram_keys(self._histogram(query, plan.level, plan.bounds, ix.DATE_ORD), plan.level), list(plan.keys)))
            series.append(Series(query=q, counts=tuple(counts[k] for k in plan.keys)))
        return Trend(level=plan.level, periods=plan.keys, series=tuple(series),
                     warnings=tuple(dict.fromkeys(warnings + list(plan.warnings))))

    def _sources(self) -> Iterator[str]:
        """Every distinct source (page file or JSONL), by composite aggregation pages."""
        after = None
        while True:
            composite: dict = {"size": 10000, "sources": [{"s": {"terms": {"field": ix.SOURCE}}}]}
            if after:
                composite["after"] = after
            agg = self._search({"query": _term(KIND, KIND_ARTICLE), "size": 0,
                                "aggs": {"sources": {"composite": composite}}})["aggregations"]["sources"]
            yield from (b["key"]["s"] for b in agg["buckets"])
            after = agg.get("after_key")
            if not after or not agg["buckets"]:
                return


def _engine_score(hit: dict) -> float:
    """A hit's BM25 score: _score, or the first sort value where the score was not tracked."""
    score = hit.get("_score")
    if score is None and hit.get("sort"):
        score = hit["sort"][0]
    return float(score or 0.0)


def _reason(error) -> str:
    """The root cause OpenSearch gave for a failed request, short."""
    info = getattr(error, "info", None)
    if isinstance(info, dict):
        causes = info.get("error", {}).get("root_cause") or [info.get("error", {})]
        if causes and isinstance(causes[0], dict):
            return str(causes[0].get("reason", ""))[:200]
    return str(error)[:200]


def _date_keys(aggs: dict) -> dict[str, int]:
    """date_histogram buckets as facet values ("2022", "2022-11" or "2022-11-21" -> articles)."""
    return {b["key_as_string"]: int(b["doc_count"]) for b in aggs.get("date", {}).get("buckets", []) if b["doc_count"]}
