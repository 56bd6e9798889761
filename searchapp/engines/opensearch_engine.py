"""The cluster engine: an OpenSearch alias (opensearch_index.py), searched over HTTP.

It compiles the flow's Match into OpenSearch's query DSL, field for field as the Tantivy engine
does, on bigram fields (analysis.bigram_text_of) rather than characters:

* a literal of one character is a prefix query on a bigram field (its terms are one or two
  characters); of two, a term; longer, a phrase of its bigrams;
* aggregations are ``terms`` (by composite pages past OpenSearch's bucket limit), ``histogram``
  over the yyyymmdd fields within bounds, and ``min``/``max``/``sum``.

It asks again, briefly backing off, while the cluster is between states (a node leaving makes
shards fail until their replicas are promoted): a partial answer would make counts silently
short. Nothing here decides what a reader sees.
"""

from __future__ import annotations

import json
import time
from typing import Any, Hashable, Iterator, Mapping, Sequence

from .. import index as ix
from ..analysis import bigrams
from ..index import IndexMissing
from ..opensearch_index import (
    BODY_BIGRAMS,
    BYLINE_BIGRAMS,
    EXTRA_BIGRAMS,
    HEAD_BIGRAMS,
    LAYOUT,
    TITLE_BIGRAMS,
    OpenSearchUnavailable,
    connect,
    current_index,
)
from ..query import Clause, Node, Not, Or
from ..results import BadRequest
from ..settings import EngineSettings
from .base import FIELD_TARGETS, WORD_FIELDS, Between, Boost, Filter, Histogram, Match, Order, Ranked, Stat, Stored, Terms

BIGRAMS_OF = {
    ix.TITLE_CHARS: TITLE_BIGRAMS, ix.HEAD_CHARS: HEAD_BIGRAMS, ix.BODY_CHARS: BODY_BIGRAMS,
    ix.BYLINE_CHARS: BYLINE_BIGRAMS, ix.EXTRA_CHARS: EXTRA_BIGRAMS,
}
MATCH_NONE: dict = {"match_none": {}}
PAGE_SIZE = 2000  # documents per search_after page when reading many
SOURCE_INLINE = 1000  # hits up to this many come back with their stored article; more, by mget later
MAX_BUCKETS = 60000
SHARD_TERMS = 10000  # values each shard (Tantivy: each segment) counts for a Terms aggregation  # below search.max_buckets (65535); more values are read by composite pages
SEARCH_ATTEMPTS = 6  # with pauses of 0.1, 0.2 … 1.6 s: about 3 s for replicas to be promoted
RETRY_PAUSE = 0.1
ALIAS_TTL = 2.0  # seconds the alias's index name is reused before it is asked again
_STORED = [ix.META, ix.DATE_ORD, ix.ISSUE_ORD, ix.ARTICLE_ORD]


class OpenSearchEngine:
    """An OpenSearch alias. Holds a client; cheap to keep."""

    name = "opensearch"

    def __init__(self, settings: EngineSettings):
        self.settings = settings
        self.alias = settings.opensearch_index
        self.client = connect(settings)
        self._index: tuple[float, str] | None = None
        self._layouts: dict[str, int] = {}

    # -- plumbing

    def generation(self) -> Hashable:
        now = time.monotonic()
        if self._index is None or now - self._index[0] > ALIAS_TTL:
            name = current_index(self.client, self.alias)
            if name not in self._layouts:
                mapping = self.client.indices.get_mapping(index=name)
                self._layouts[name] = int(((mapping.get(name) or {}).get("mappings") or {}).get("_meta", {}).get("layout", 1))
            if self._layouts[name] != LAYOUT:
                raise IndexMissing(f"OpenSearch index {name} was built by an older searchapp: rebuild it with `searchapp build`")
            self._index = (now, name)
        # An `add` writes into the same index: its article count tells the flow's caches (one
        # cheap request; the alias is looked up again only every ALIAS_TTL seconds).
        return self._index[1], int(self.client.count(index=self._index[1])["count"])

    def _search(self, body: dict) -> dict:
        """One search against the alias, asked again while the cluster is between states."""
        from opensearchpy import exceptions as oe

        error: Exception | None = None
        for attempt in range(SEARCH_ATTEMPTS):
            try:
                found = self.client.search(index=self.alias, body=body)
            except oe.NotFoundError:
                # While a node leaves, the new master's first cluster state can lack the alias for
                # a moment. Still missing after the retries, it is really missing.
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
        assert error is not None
        raise error

    # -- compiling

    @staticmethod
    def _literal(field: str, text: str) -> dict:
        """Documents whose characters field holds `text` literally, via its bigrams."""
        grams_field = BIGRAMS_OF[field]
        if len(text) == 1:
            return {"prefix": {grams_field: {"value": text}}}
        if len(text) == 2:
            return {"term": {grams_field: text}}
        grams = [g for g in bigrams(text) if len(g) == 2]
        return {"match_phrase": {grams_field: {"query": " ".join(grams), "analyzer": "searchapp_pretokenized"}}}

    def _clause(self, clause: Clause) -> dict:
        return _all([_any([self._literal(f, w) for f in FIELD_TARGETS[clause.field]]) for w in clause.words])

    def _node(self, node: Node) -> dict:
        if isinstance(node, Clause):
            return self._clause(node)
        if isinstance(node, Not):
            return {"bool": {"must_not": [self._node(node.child)]}}
        if isinstance(node, Or):
            return _any([self._node(c) for c in node.children])
        must = [self._node(c) for c in node.children if not isinstance(c, Not)]
        must_not = [self._node(c.child) for c in node.children if isinstance(c, Not)]
        return {"bool": {"filter": must or [{"match_all": {}}], "must_not": must_not}}

    @staticmethod
    def _filter(f: Filter) -> dict:
        if isinstance(f, Between):
            return {"range": {f.field: {"gte": f.lower, "lte": f.upper}}}
        return {"terms": {f.field: list(f.values)}} if f.values else MATCH_NONE

    def _boost(self, b: Boost) -> dict:
        if b.field in WORD_FIELDS:
            return {"term": {b.field: {"value": b.text, "boost": b.boost}}}
        (kind, body), = self._literal(b.field, b.text).items()
        (field, value), = body.items()
        value = dict(value) if isinstance(value, dict) else {"value": value}
        value["boost"] = b.boost
        return {kind: {field: value}}

    def compile(self, match: Match) -> dict:
        must = [self._node(match.root)] if match.root is not None else [{"match_all": {}}]
        return {"bool": {
            "filter": [self._filter(f) for f in match.filters],
            "must": must,
            "should": [self._boost(b) for b in match.boosts],
        }}

    # -- the protocol

    def count(self, match: Match) -> int:
        found = self._search({"query": self.compile(match.unscored()), "size": 0, "track_total_hits": True})
        return int(found["hits"]["total"]["value"])

    def top(self, match: Match, order: Order | None, offset: int, limit: int) -> Ranked:
        query = self.compile(match if order is None else match.unscored())
        sort = _sort(order)
        want = offset + limit
        if want <= PAGE_SIZE:
            found = self._search({
                "query": query, "from": offset, "size": max(0, limit), "sort": sort, "track_total_hits": True,
                "track_scores": order is None, "_source": _STORED + [ix.PARAGRAPHS],
            })
            hits = found["hits"]["hits"]
            return Ranked(total=int(found["hits"]["total"]["value"]), hits=[(_score(h), h) for h in hits])
        total = self.count(match)
        inline = want <= SOURCE_INLINE
        hits = []
        for n, h in enumerate(self._pages(query, sort, _STORED + [ix.PARAGRAPHS] if inline else False, order is None)):
            if n >= want:
                break
            if n >= offset:
                hits.append((_score(h), h))
        return Ranked(total=total, hits=hits)

    def _pages(self, query: dict, sort: list, source, scores: bool = False) -> Iterator[dict]:
        """Every hit of a query in sort order, by search_after pages (no from/size window limit)."""
        after = None
        while True:
            body = {"query": query, "size": PAGE_SIZE, "sort": sort, "_source": source,
                    "track_total_hits": False, "track_scores": scores}
            if after is not None:
                body["search_after"] = after
            hits = self._search(body)["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE_SIZE:
                return
            after = hits[-1]["sort"]

    def stored(self, keys: Sequence[Any], paragraphs: bool = True) -> list[Stored]:
        missing = [h["_id"] for h in keys if not _has_source(h, paragraphs)]
        fetched = {}
        for start in range(0, len(missing), PAGE_SIZE):
            docs = self.client.mget(index=self.alias, body={"ids": missing[start : start + PAGE_SIZE]},
                                    _source=_STORED + ([ix.PARAGRAPHS] if paragraphs else []))
            fetched.update({d["_id"]: d for d in docs["docs"] if d.get("found")})
        return [_stored(h if _has_source(h, paragraphs) else fetched[h["_id"]], paragraphs) for h in keys]

    def scan(self, match: Match, order: Order, paragraphs: bool = False) -> Iterator[Stored]:
        source = _STORED + ([ix.PARAGRAPHS] if paragraphs else [])
        for h in self._pages(self.compile(match.unscored()), _sort(order), source):
            yield _stored(h, paragraphs)

    def aggregate(self, match: Match, aggregations: Mapping[str, Any], total: Any = None) -> dict[str, Any]:
        # `total` (the match's count, see Engine.aggregate) is not used: OpenSearch counts phrases as cheaply.
        query = self.compile(match.unscored())
        spec: dict = {}
        out: dict[str, Any] = {}
        for name, a in aggregations.items():
            if isinstance(a, Terms) and a.size > MAX_BUCKETS:
                out[name] = self._all_terms(query, a.field)
            elif isinstance(a, Terms):
                # Each shard sends many more values than asked for, so that counts of a long tail
                # (names) are exact rather than summed from each shard's own top few.
                spec[name] = {"terms": {"field": a.field, "size": a.size, "shard_size": max(SHARD_TERMS, a.size)}}
            elif isinstance(a, Histogram):
                spec[name] = {"filter": {"range": {a.field: {"gte": a.lower, "lte": a.upper}}},
                              "aggs": {"h": {"histogram": {"field": a.field, "interval": a.interval, "min_doc_count": 1}}}}
            elif isinstance(a, Stat):
                spec[name] = {a.kind: {"field": a.field}}
        raw = self._search({"query": query, "size": 0, "aggs": spec}).get("aggregations", {}) if spec else {}
        for name, a in aggregations.items():
            if name in out:
                continue
            if isinstance(a, Terms):
                out[name] = {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])}
            elif isinstance(a, Histogram):
                out[name] = {int(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("h", {}).get("buckets", [])
                             if b["doc_count"]}
            else:
                value = raw.get(name, {}).get("value")
                out[name] = None if value is None else float(value)
        return out

    def _all_terms(self, query: dict, field: str) -> dict[str, int]:
        """Every value of a keyword field with its count, by composite aggregation pages."""
        out: dict[str, int] = {}
        after = None
        while True:
            composite: dict = {"size": 10000, "sources": [{"v": {"terms": {"field": field}}}]}
            if after:
                composite["after"] = after
            agg = self._search({"query": query, "size": 0, "aggs": {"all": {"composite": composite}}})["aggregations"]["all"]
            out.update({str(b["key"]["v"]): int(b["doc_count"]) for b in agg["buckets"]})
            after = agg.get("after_key")
            if not after or not agg["buckets"]:
                return out

    def word_frequencies(self, field: str, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        aggs = {f"w{n}": {"filter": {"term": {field: w}}} for n, w in enumerate(words)}
        found = self._search({"query": {"match_all": {}}, "size": 0, "track_total_hits": True, "aggs": aggs})
        raw = found.get("aggregations", {})
        return int(found["hits"]["total"]["value"]), {w: int(raw[f"w{n}"]["doc_count"]) for n, w in enumerate(words)}


def _sort(order: Order | None) -> list:
    if order is None:
        return ["_score", {ix.ARTICLE_ORD: "asc"}]
    return [{k.field: "desc" if k.descending else "asc"} for k in order]


def _score(hit: dict) -> float:
    score = hit.get("_score")
    return float(score or 0.0)


def _has_source(hit: dict, paragraphs: bool) -> bool:
    source = hit.get("_source")
    return bool(source) and ix.META in source and (not paragraphs or ix.PARAGRAPHS in source)


def _stored(hit: dict, paragraphs: bool) -> Stored:
    source = hit["_source"]
    return Stored(
        meta=json.loads(source[ix.META]),
        paragraphs=list(source.get(ix.PARAGRAPHS) or []) if paragraphs else None,
        date_ord=int(source.get(ix.DATE_ORD) or 0),
        issue_ord=int(source.get(ix.ISSUE_ORD) or 0),
        article_ord=int(source.get(ix.ARTICLE_ORD) or 0),
    )


def _any(queries: list[dict]) -> dict:
    return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}


def _all(queries: list[dict]) -> dict:
    return queries[0] if len(queries) == 1 else {"bool": {"filter": queries}}


def _reason(error) -> str:
    """The root cause OpenSearch gave for a failed request, short."""
    info = getattr(error, "info", None)
    if isinstance(info, dict):
        causes = info.get("error", {}).get("root_cause") or [info.get("error", {})]
        if causes and isinstance(causes[0], dict):
            return str(causes[0].get("reason", ""))[:200]
    return str(error)[:200]
