"""The archive as a reader sees it: one flow above the engines.

Everything a reader is shown is decided here, once, whatever answers: how a request becomes a
Match (filters, date bounds, ranking boosts), relaxations, re-ranking, which paragraphs match
and which become snippets (from the stored text), counts, facets, trends, continuations, the
article view, browsing the printed paper and exports. An engine (engines/) only compiles a
Match, returns candidate hits with scores, counts aggregation buckets and reads stored articles.

A request handler is three steps: parameters become a SearchRequest (params.request_from_args),
the Archive answers it (Archive.search), and the caller renders the SearchResult.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from . import index as ix
from .articles import jump_page
from .browse import Issue, Paper, pages_of
from .engines.base import AnyOf, Between, Boost, Engine, Filter, Histogram, Match, Order, SortKey, Stat, Stored, Terms
from .entities import name_form
from .facets import DATE_LEVELS, INTERVALS, date_bounds, date_facet, date_level_for, district_tree, name_facet, newspaper_facet, period_counts
from .highlight import find_spans, highlight, mark, snippet
from .models import Article, District
from .pages import is_jsonl
from .params import ARTICLE_ID
from .person_card import person_card
from .place_filter import DistrictFilter, resolve_district
from .related import related_articles
from .query import ParsedQuery, parse_query, typed_filters, without_filters
from .ranking import RERANK_DEPTH, rerank_candidate, reranked_window, reranks, shape_of
from .settings import EngineSettings
from .results import MAX_PAGE, ArchiveStats, ArticleView, FacetValue, Hit, Related, Relaxation, SearchRequest, SearchResult
from .snippets import SNIPPETS_PER_HIT, choose_snippets, extra_blocks, matched_paragraphs, matching_blocks
from .snippets import _folded as fold  # cached: matched_paragraphs has just folded these paragraphs
from .trends import Series, Trend, fill, iso_date, trend_span

SNIPPET_WIDTH = 120
# Ranking hints (engines.base.Boost): BM25 of a word in the title counts this much more than in
# the body; the query's multi-word term printed literally in the body, and in the title.
TITLE_WORD_BOOST = 3.0
BODY_LITERAL_BOOST = 2.0
TITLE_LITERAL_BOOST = 4.0
EXPORT_BATCH = 200
EXPORT_MAX = 100_000
NEIGHBOUR_WINDOW = 30  # articles of one page sit within this many ordinals of each other
ALL_DATES = (1, 99991231)
# Words the trends page may take its example from (Archive.trend_examples): the ones the archive holds.
TREND_EXAMPLES = ("疫情", "复工", "核酸", "经济", "改革", "发展", "会议", "防控", "教育", "农业", "科技", "文化", "环境", "扶贫", "香港", "世界")

# The people, organisation and author facets: (result key, index field, request field, the query's names).
NAME_FACETS = (
    ("people_facet", ix.PERSON, "person", "people"),
    ("organisation_facet", ix.ORG, "org", "organisations"),
    ("author_facet", ix.AUTHOR, "author", "authors"),
)
# Names counted per facet: the engine's top name_depth(facet_size) by count; the flow orders them
# (count, then name) and shows the request's facet_size. Where the names shown could be ties cut at
# that depth, every name is counted instead, so both engines show the same names. (Asking for 1000
# names cost 3-9 ms a search on the xwlb 0.1 sample; 50, 0.2 ms more than 11.)
NAME_DEPTH_MIN = 50
NAME_DEPTH_FACTOR = 5


def name_depth(facet_size: int) -> int:
    return max(NAME_DEPTH_MIN, NAME_DEPTH_FACTOR * facet_size)



# The one order of the archive: by the date it files an article under (the issue date), then
# in the order it was read (page by page, top to bottom) -- the tie-break for every engine.
NEWEST: Order = (SortKey(ix.DATE_ORD, descending=True), SortKey(ix.ARTICLE_ORD))
OLDEST: Order = (SortKey(ix.DATE_ORD), SortKey(ix.ARTICLE_ORD))
READING: Order = (SortKey(ix.ARTICLE_ORD),)
ORDERS: dict[str, Order | None] = {"relevance": None, "newest": NEWEST, "oldest": OLDEST}


def body_words(parsed: ParsedQuery) -> tuple[str, ...]:
    """The words a body paragraph can hold: every positive word not restricted to another field."""
    return tuple(dict.fromkeys(w for c in parsed.clauses if not c.field for w in c.words))


def boosts_of(parsed: ParsedQuery) -> tuple[Boost, ...]:
    """The ranking hints of a query: each word in the title's and the body's jieba words, and a
    multi-word term printed literally in the body and in the title."""
    out: list[Boost] = []
    for clause in parsed.clauses:
        for w in clause.words:
            if clause.field in ("", "title"):
                out.append(Boost(ix.TITLE_WORDS, w, TITLE_WORD_BOOST))
            if not clause.field:
                out.append(Boost(ix.BODY_WORDS, w))
        if len(clause.words) > 1 and len(clause.text) > 1:
            out.append(Boost(ix.BODY_CHARS, clause.text, BODY_LITERAL_BOOST))
            out.append(Boost(ix.TITLE_CHARS, clause.text, TITLE_LITERAL_BOOST))
    return tuple(out)


def effective_sort(request: SearchRequest, parsed: ParsedQuery) -> str:
    """The order results come in: an empty query browses newest first whatever was asked."""
    return request.sort if (request.sort != "relevance" or not parsed.is_empty) else "newest"


def _date_range(date_from: str | None, date_to: str | None) -> Between:
    lower = int(date_from.replace("-", "")) if date_from else ALL_DATES[0]
    upper = int(date_to.replace("-", "")) if date_to else ALL_DATES[1]
    return Between(ix.DATE_ORD, lower, upper)


class _Read:
    """What one call has read already, by engine key: stored articles and matched paragraphs."""

    def __init__(self, archive: "Archive", parsed: ParsedQuery):
        self.archive, self.parsed = archive, parsed
        self.stored: dict[int, Stored] = {}
        self.matched: dict[int, list[tuple[float, int, str]]] = {}
        self.weights: dict[str, float] | None = None

    def load(self, keys: list) -> list[Stored]:
        missing = [k for k in keys if id(k) not in self.stored]
        if missing:
            for key, stored in zip(missing, self.archive.engine.stored(missing)):
                self.stored[id(key)] = stored
        return [self.stored[id(k)] for k in keys]

    def paragraphs(self, keys: list) -> list[list[tuple[float, int, str]]]:
        """Each article's paragraphs holding a query word, as (score, number, text), best first."""
        words = body_words(self.parsed)
        if not words:
            return [[] for _ in keys]
        if self.weights is None:
            self.weights = self.archive.word_weights(words)
        literals = shape_of(self.parsed).literals
        out = []
        for key, stored in zip(keys, self.load(keys)):
            if id(key) not in self.matched:
                self.matched[id(key)] = matched_paragraphs(stored.paragraphs or [], words, literals, self.weights)
            out.append(self.matched[id(key)])
        return out

    def forget(self) -> None:
        self.stored.clear()
        self.matched.clear()


class Archive:
    """The archive a reader searches, over one engine. Cheap to keep; follows a rebuilt index."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._threads: ThreadPoolExecutor | None = None
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._districts: dict[str, DistrictFilter] = {}

    @classmethod
    def open(cls, where: "EngineSettings | str | os.PathLike") -> "Archive":
        """The Archive for these settings, over the engine they name; a directory is a Tantivy index."""
        from .engines import open_engine

        settings = where if isinstance(where, EngineSettings) else EngineSettings(index=str(where))
        return cls(open_engine(settings))

    def _pool(self) -> ThreadPoolExecutor:
        """Threads for the parts of one search that can run side by side; made on first use, so a
        gunicorn worker makes its own after the fork."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="searchapp-search")
        return self._threads

    def _cached(self, name: str, make):
        """A value computed once per generation of the archive (a rebuild or commit makes it anew)."""
        generation = self.engine.generation()
        found = self._cache.get(name)
        if found and found[0] == generation:
            return found[1]
        value = make()
        self._cache[name] = (generation, value)
        if name == "stats":
            self._districts.clear()
        return value

    # -- requests become matches

    def resolve_district(self, name: str) -> DistrictFilter:
        known = self._known_districts()
        found = self._districts.get(name)
        if found is None:
            found = self._districts[name] = resolve_district(name, known)
            if len(self._districts) > 1000:
                self._districts.clear()
        return found

    def _known_districts(self) -> dict[str, int]:
        """The archive's district values with their article counts (what place suggestions offer)."""
        return self._cached("district_values", lambda: dict(
            self.engine.aggregate(Match(), {"d": Terms(ix.DISTRICT)})["d"]))

    def _filters(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[tuple[Filter, ...], list[str]]:
        filters: list[Filter] = []
        warnings: list[str] = []
        if request.date:
            filters.append(AnyOf(ix.DATE_PATH, (request.date,)))
        if request.date_from or request.date_to:
            filters.append(_date_range(request.date_from, request.date_to))
        for d in parsed.dates:  # date: in the query means what the URL's date/from/to mean
            filters.append(AnyOf(ix.DATE_PATH, (d.prefix,)) if d.prefix else _date_range(d.date_from, d.date_to))
        for name in ([request.district] if request.district else []) + list(parsed.districts):
            resolved = self.resolve_district(name)
            warnings.extend(resolved.warnings)
            filters.append(AnyOf(ix.DISTRICT, resolved.paths))
        if request.newspaper:
            filters.append(AnyOf(ix.NEWSPAPER, (request.newspaper,)))
        filters.extend(AnyOf(field, (name,)) for field, name in names_of(request, parsed))
        return tuple(filters), warnings

    def _match(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[Match, list[str]]:
        filters, warnings = self._filters(request, parsed)
        return Match(parsed.root, filters, boosts_of(parsed)), warnings

    def word_weights(self, words: tuple[str, ...]) -> dict[str, float]:
        """Each word's inverse document frequency (BM25's), from how many articles hold it as a
        jieba word: what makes one matching paragraph score above another."""
        n, freqs = self.engine.word_frequencies(ix.BODY_WORDS, words)
        n = max(1, n)
        return {w: math.log(1 + (n - freqs.get(w, 0) + 0.5) / (freqs.get(w, 0) + 0.5)) for w in words}

    # -- search

    def search(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> SearchResult:
        """Answer a request; `parsed` overrides parsing request.q (for callers that build queries)."""
        started = time.perf_counter()
        self.engine.generation()
        parsed = parsed if parsed is not None else parse_query(request.q)
        match, warnings = self._match(request, parsed)
        warnings = list(parsed.warnings) + warnings
        sort = effective_sort(request, parsed)
        per_page = max(1, min(request.per_page, 100))
        offset = (request.page - 1) * per_page
        district = self.resolve_district(request.district) if request.district else None
        selected = district.paths[0] if district and len(district.paths) == 1 else None
        # Facets are counted on another thread while this one ranks and builds the snippets
        # (Tantivy releases the GIL while it searches; OpenSearch is a request away). The total
        # the ranking finds is handed over: an engine may count the facets with a cheaper query
        # it proves by that total to find the same articles (Engine.aggregate).
        counted_total: Future = Future()
        facets = self._pool().submit(self._facets, match, request, selected, _waiter(counted_total))
        people = [name for field, name in names_of(request, parsed) if field == ix.PERSON]
        card = self._pool().submit(person_card, self.engine, people[0], NEWEST) if len(people) == 1 else None
        read = _Read(self, parsed)
        total: int | None = None
        try:
            if request.page > MAX_PAGE:  # past what can be paged to: count, rank nothing
                total, ranked = self.engine.count(match), []
            else:
                total, ranked = self._ranked(match, sort, offset, per_page, parsed, read)
        finally:
            counted_total.set_result(total)
        hits = self._hits(parsed, ranked, sort, read)
        date_level, dates, districts, newspapers, names = facets.result()
        pages = max(1, math.ceil(total / per_page))
        warnings.extend(past_the_end(total, pages, request.page))
        if not total and (request.date or request.date_from or request.date_to or parsed.dates):
            stats = self.stats()
            if stats.date_min:
                warnings.append(f"档案收录的文章日期为 {stats.date_min} 至 {stats.date_max}")
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
            relaxations=self._relaxations(request, parsed) if total == 0 else (),
            newspaper_facet=newspapers,
            district_choices=tuple(
                c for name in ([request.district] if request.district else []) + list(parsed.districts)
                for c in self.resolve_district(name).choices
            ),
            sort=sort,
            person_card=card.result() if card is not None else None,
            **names,
        )

    def _facets(self, match: Match, request: SearchRequest, district: str | None, total=None):
        """Date facet (at the drill-down level), district tree and newspapers, from one aggregation.

        Dates are counted with a histogram over the numeric yyyymmdd field at the level shown,
        bounded to the archive's (or the selected) date range. Where every match falls in one
        year (or month), the next level is counted too.
        """
        level = date_level_for(request.date)
        stats = self.stats()
        bounds = date_bounds(request.date, stats.date_min, stats.date_max)
        aggregations: dict = {"district": Terms(ix.DISTRICT), "newspaper": Terms(ix.NEWSPAPER, 1000)}
        aggregations.update({key: Terms(field, name_depth(request.facet_size)) for key, field, _, _ in NAME_FACETS})
        if bounds:
            aggregations["date"] = Histogram(ix.DATE_ORD, INTERVALS[level], *bounds)
        counted = self.engine.aggregate(match, aggregations, total)
        if not counted["district"]:  # every article has a district value (未标注地区 at least): no match
            return date_facet({}, request.date) + (district_tree({}, district), (), {})
        buckets = current = period_counts(counted.get("date", {}), level)
        while not request.date and len(current) == 1 and level != "day":
            (only,) = current
            level = DATE_LEVELS[DATE_LEVELS.index(level) + 1]
            inner = date_bounds(only, None, None)
            assert inner is not None
            more = self.engine.aggregate(match, {"date": Histogram(ix.DATE_ORD, INTERVALS[level], *inner)}, total)
            current = period_counts(more["date"], level)
            buckets = {**buckets, **current}
        date_level, dates = date_facet(buckets, request.date)
        newspapers = newspaper_facet(counted["newspaper"], request.newspaper)
        return date_level, dates, district_tree(counted["district"], district), newspapers, self._name_facets(match, request, counted, total)

    def _name_facets(self, match: Match, request: SearchRequest, counted: dict, total=None) -> dict:
        """The people, organisation and author facets (SearchResult fields), from counted buckets."""
        selected = [name for _, name in names_of(request, parse_query(request.q))]
        out: dict = {}
        more = []
        for key, field, _, _ in NAME_FACETS:
            buckets = counted[key]
            if len(buckets) >= name_depth(request.facet_size):
                counts = sorted(buckets.values(), reverse=True)
                if counts[min(request.facet_size, len(counts) - 1)] <= counts[-1]:
                    buckets = self.engine.aggregate(match, {key: Terms(field)}, total)[key]  # ties at the cut: count all
            out[key], cut = name_facet(buckets, selected, request.facet_size)
            if cut:
                more.append({"people_facet": "people", "organisation_facet": "organisations", "author_facet": "authors"}[key])
        out["more_names"] = tuple(more)
        return out

    def _ranked(
        self, match: Match, sort: str, offset: int, limit: int, parsed: ParsedQuery, read: _Read
    ) -> tuple[int, list[tuple[float, Any]]]:
        """(total, [(score, key)] of the window): by date, or by relevance with the best
        RERANK_DEPTH re-scored by ranking.rerank and the rest in the engine's order after them."""
        if not reranks(sort, parsed):
            found = self.engine.top(match, ORDERS[sort], offset, limit)
            return found.total, found.hits
        found = self.engine.top(match, None, 0, max(RERANK_DEPTH, offset + limit))

        def candidates(first):
            keys = [k for _, k in first]
            stored = read.load(keys)
            return [
                rerank_candidate(key, score, s.meta, s.date_ord, [p for p, _, _ in matched], [fold(t) for _, _, t in matched])
                for (score, key), s, matched in zip(first, stored, read.paragraphs(keys))
            ]

        return found.total, reranked_window(parsed, found.hits, candidates, offset, limit)

    def _hits(self, parsed: ParsedQuery, ranked: list[tuple[float, Any]], sort: str, read: _Read) -> list[Hit]:
        if not ranked:
            return []
        keys = [k for _, k in ranked]
        needles = parsed.needles
        literals = shape_of(parsed).literals
        hits = []
        for (score, _), stored, matched in zip(ranked, read.load(keys), read.paragraphs(keys)):
            meta = stored.meta
            best = choose_snippets([(number, text) for _, number, text in matched], literals, SNIPPETS_PER_HIT)
            snippets = [snippet(text, needles, SNIPPET_WIDTH) for _, text in best]
            numbers = [n for n, _ in best]
            blocks = matching_blocks(extra_blocks(meta), needles) if needles and not matched else []
            if not best and blocks:  # matched outside the body: show where (作者：本报记者 <mark>郭娟</mark>)
                snippets = [f"{label}：{html}" for label, html in blocks[:SNIPPETS_PER_HIT]]
                numbers = [0] * len(snippets)
            elif not best:
                first = next(iter(stored.paragraphs or ()), None)
                snippets = [snippet(first, needles, SNIPPET_WIDTH)] if first else []
                numbers = [1] if first else []
            # Never "0 paragraphs matched" for a hit: a match outside the body counts its blocks.
            count = len(matched) or len(blocks) or (1 if parsed.clauses and find_spans(meta["title"], needles) else 0)
            date = iso_date(stored.date_ord) if stored.date_ord else None
            hits.append(Hit(
                id=meta["id"],
                title=meta["title"],
                title_html=highlight(meta["title"], needles),
                date=date,
                districts=tuple(District(**d) for d in meta.get("districts", [])),
                newspaper=meta.get("newspaper"),
                page_no=meta.get("page_no"),
                snippets=tuple(snippets),
                snippet_paragraphs=tuple(numbers),
                matched_paragraphs=count,
                score=float(score) if sort == "relevance" else 0.0,
                dateline_date=meta.get("date") if meta.get("date") != date else None,
                people=tuple(meta.get("people") or ()),
                organisations=tuple(meta.get("organisations") or ()),
                authors=tuple(meta.get("authors") or ()),
            ))
        return hits

    def _relaxations(self, request: SearchRequest, parsed: ParsedQuery) -> tuple[Relaxation, ...]:
        """Zero results: what would find something (drop a filter, a shorter query)."""
        out = []
        for label, looser in relaxation_candidates(request, parsed):
            looser_parsed = parse_query(looser.q)
            match, _ = self._match(looser, looser_parsed)
            count = self.engine.count(match)
            if count:
                out.append(Relaxation(label=label, request=looser, count=count))
        return tuple(out)

    def export(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> Iterator[Hit]:
        """Every matching article (up to EXPORT_MAX), in the request's order, for CSV/JSON download:
        one ranked pass, then hits built in batches (no facets, no re-running the query per page)."""
        self.engine.generation()
        parsed = parsed if parsed is not None else parse_query(request.q)
        match, _ = self._match(request, parsed)
        sort = effective_sort(request, parsed)
        read = _Read(self, parsed)
        _, ranked = self._ranked(match, sort, 0, EXPORT_MAX, parsed, read)
        for start in range(0, len(ranked), EXPORT_BATCH):
            yield from self._hits(parsed, ranked[start : start + EXPORT_BATCH], sort, read)
            read.forget()  # each article is in one batch only: what the export holds stays one batch's

    def matching_paragraphs(self, request: SearchRequest, parsed: ParsedQuery | None = None) -> list[tuple[str, int]]:
        """(article id, paragraph number) of every paragraph that holds a query word, in every
        matching article: what a hit's matched count counts, over all results. For checks against
        a brute-force scan (tests, the benchmark's recall), not for pages: it reads every match."""
        self.engine.generation()
        parsed = parsed if parsed is not None else parse_query(request.q)
        match, _ = self._match(request, parsed)
        words = body_words(parsed)
        if not words:
            return []
        out = []
        for stored in self.engine.scan(match, READING, paragraphs=True):
            out.extend((stored.meta["id"], n) for _, n, _ in matched_paragraphs(stored.paragraphs or [], words, (), {}))
        return out

    # -- the archive as a whole

    def stats(self) -> ArchiveStats:
        return self._cached("stats", self._stats)

    def _stats(self) -> ArchiveStats:
        counted = self.engine.aggregate(Match(), {
            "paragraphs": Stat("sum", ix.PARAGRAPH_COUNT),
            "sources": Terms(ix.SOURCE, 10**9),
            "newspapers": Terms(ix.NEWSPAPER, 1000),
            "district": Terms(ix.DISTRICT),
        })
        span = self.engine.aggregate(Match(filters=(Between(ix.DATE_ORD, 10000101, ALL_DATES[1]),)), {
            "first": Stat("min", ix.DATE_ORD), "last": Stat("max", ix.DATE_ORD),
        })
        return ArchiveStats(
            # Printed pages: page files. An article JSONL file is a source, not a page.
            pages=sum(1 for source in counted["sources"] if not is_jsonl(Path(source))),
            articles=self.engine.count(Match()),
            paragraphs=int(counted["paragraphs"] or 0),
            date_min=iso_date(int(span["first"])) if span["first"] else None,
            date_max=iso_date(int(span["last"])) if span["last"] else None,
            newspapers=tuple(
                FacetValue(value=k, label=k, count=v)
                for k, v in sorted(counted["newspapers"].items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            districts=district_tree(counted["district"], None),
        )

    # -- one article

    def lookup(self, article_id: str, paragraphs: bool = True) -> Stored | None:
        """An article by its id (permalink); None for an id not in the archive."""
        if not ARTICLE_ID.match(article_id or ""):
            return None
        self.engine.generation()
        found = self.engine.top(Match(filters=(AnyOf(ix.ARTICLE_ID, (article_id,)),)), READING, 0, 1)
        return self.engine.stored([found.hits[0][1]], paragraphs)[0] if found.hits else None

    def article(self, article_id: str, q: str = "", related: bool = False) -> ArticleView | None:
        """The article as its page shows it; with `related`, the articles related to it (Archive.related)."""
        stored = self.lookup(article_id)
        if stored is None:
            return None
        paragraphs = tuple(stored.paragraphs or ())
        article = article_from_meta(stored.meta, paragraphs)
        needles = parse_query(q).needles if q else ()
        spans = [find_spans(p, needles) if needles else [] for p in paragraphs]
        return ArticleView(
            article=article,
            title_html=highlight(article.title, needles),
            paragraphs_html=tuple(mark(p, s) for p, s in zip(paragraphs, spans)),
            first_hit=next((i + 1 for i, s in enumerate(spans) if s), None),
            kicker_html=highlight(article.kicker or "", needles),
            deck_html=highlight(article.deck or "", needles),
            byline_html=highlight(article.byline or "", needles),
            captions_html=tuple(highlight(c, needles) for c in article.captions),
            credits_html=tuple(highlight(c, needles) for c in article.credits),
            neighbours=self._neighbours(stored),
            related=self.related(article) if related else (),
        )

    def related(self, article: Article) -> tuple[Related, ...]:
        """Up to five other articles near this one (related.related_articles)."""
        return related_articles(self, article)

    def _neighbours(self, stored: Stored) -> tuple[tuple[str, str], ...]:
        """The other articles of the same page, in page order (looked for among the nearest ordinals)."""
        meta, ordinal = stored.meta, stored.article_ord
        window = Match(filters=(
            AnyOf(ix.SOURCE, (meta["source"],)),
            Between(ix.ARTICLE_ORD, max(0, ordinal - NEIGHBOUR_WINDOW), ordinal + NEIGHBOUR_WINDOW),
        ))
        return tuple(
            (other.meta["id"], other.meta["title"]) for other in self.engine.scan(window, READING)
            if other.meta["id"] != meta["id"] and _same_page(meta, other.meta)
        )

    def continuations(self, article: Article) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """(id, title) of the part this article continues from and of the part it continues on, where archived.

        The other part is on the named page of the same paper's same issue, and its own jump
        note names this article's page (上接第1版 on page 2 answers 下转第2版 on page 1).
        """
        if not (article.continued_from or article.continued_to) or not article.issue_date or article.page_no is None:
            return None, None
        filters: list[Filter] = [AnyOf(ix.DATE_PATH, (article.issue_date,))]
        if article.newspaper:
            filters.append(AnyOf(ix.NEWSPAPER, (article.newspaper,)))
        links: dict[str, tuple[str, str]] = {}
        want_from, want_to = jump_page(article.continued_from), jump_page(article.continued_to)
        for stored in self.engine.scan(Match(filters=tuple(filters)), READING):
            other = stored.meta
            if other["id"] == article.id or other.get("newspaper") != article.newspaper:
                continue
            if "from" not in links and want_from is not None and other.get("page_no") == want_from and jump_page(other.get("continued_to")) == article.page_no:
                links["from"] = (other["id"], other["title"])
            if "to" not in links and want_to is not None and other.get("page_no") == want_to and jump_page(other.get("continued_from")) == article.page_no:
                links["to"] = (other["id"], other["title"])
        return links.get("from"), links.get("to")

    # -- the paper as printed (browse)

    @staticmethod
    def _paper(paper: str, *more: Filter) -> Match:
        """Dated articles of one newspaper."""
        return Match(filters=(AnyOf(ix.NEWSPAPER, (paper,)), Between(ix.ISSUE_ORD, *ALL_DATES), *more))

    def papers(self) -> tuple[Paper, ...]:
        """Every newspaper with dated articles, with its first and last issue date, largest first."""
        return self._cached("papers", self._papers)

    def _papers(self) -> tuple[Paper, ...]:
        out = []
        for name in (n.value for n in self.stats().newspapers):
            match = self._paper(name)
            span = self.engine.aggregate(match, {"first": Stat("min", ix.ISSUE_ORD), "last": Stat("max", ix.ISSUE_ORD)})
            count = self.engine.count(match)
            if count and span["first"] and span["last"]:
                out.append(Paper(name=name, first=iso_date(int(span["first"])), last=iso_date(int(span["last"])), articles=count))
        return tuple(out)

    def paper_days(self, paper: str, year: str | None = None, level: str = "day") -> dict[str, int]:
        """Articles per year (level="year") or per issue day of one year."""
        bounds = date_bounds(year, None, None) if year else ALL_DATES
        if level == "year":
            bounds = (10000, ALL_DATES[1])
        assert bounds is not None
        counted = self.engine.aggregate(self._paper(paper), {"date": Histogram(ix.ISSUE_ORD, INTERVALS[level], *bounds)})
        return period_counts(counted["date"], level)

    def issue(self, paper: str, date: str) -> Issue | None:
        """One day's paper: its pages in print order with their articles, and the issues either side."""
        self.engine.generation()
        day = int(date.replace("-", ""))
        metas = [s.meta for s in self.engine.scan(self._paper(paper, Between(ix.ISSUE_ORD, day, day)), READING)]
        if not metas:
            return None
        return Issue(
            paper=paper,
            date=date,
            pages=pages_of(paper, date, metas),
            previous=self._adjacent_issue(paper, ALL_DATES[0], day - 1, descending=True),
            next=self._adjacent_issue(paper, day + 1, ALL_DATES[1], descending=False),
        )

    def _adjacent_issue(self, paper: str, lower: int, upper: int, descending: bool) -> str | None:
        if lower > upper:
            return None
        order = (SortKey(ix.ISSUE_ORD, descending), SortKey(ix.ARTICLE_ORD))
        found = self.engine.top(self._paper(paper, Between(ix.ISSUE_ORD, lower, upper)), order, 0, 1)
        if not found.hits:
            return None
        return iso_date(self.engine.stored([found.hits[0][1]], paragraphs=False)[0].issue_ord)

    def issue_of(self, article_id: str) -> Issue | None:
        """The issue an article was printed in (None for an article without newspaper or date)."""
        stored = self.lookup(article_id, paragraphs=False)
        if stored is None or not stored.meta.get("newspaper") or not stored.issue_ord:
            return None
        return self.issue(stored.meta["newspaper"], iso_date(stored.issue_ord))

    # -- a word over time (trends)

    def trend(self, queries: list[str], base: SearchRequest, level: str | None = None) -> Trend:
        """Each query's matching articles per period (base's filters apply to all), zeros filled in.

        The same histogram as the date facet, over one shared span: the filter's from/to where
        given, else from the first to the last matching article of any query (a stray early date
        elsewhere in the archive does not stretch the chart).
        """
        self.engine.generation()
        warnings: list[str] = []
        matches = []
        for q in queries:
            match, more = self._match(replace(base, q=q, page=1), parse_query(q))
            warnings.extend(more)
            matches.append(match.unscored())
        spans = []
        for match in matches:
            span = self.engine.aggregate(match.narrowed(Between(ix.DATE_ORD, *ALL_DATES)),
                                         {"first": Stat("min", ix.DATE_ORD), "last": Stat("max", ix.DATE_ORD)})
            if span["first"]:
                spans.append((int(span["first"]), int(span["last"])))
        stats = self.stats()
        plan = trend_span(base.date_from or base.date, base.date_to or base.date, spans, stats.date_min, stats.date_max, level)
        if plan is None:
            return Trend(level=level or "year", periods=(), series=tuple(Series(q, ()) for q in queries))
        series = []
        for q, match in zip(queries, matches):
            counted = self.engine.aggregate(match, {"date": Histogram(ix.DATE_ORD, INTERVALS[plan.level], *plan.bounds)})
            counts = dict(fill(period_counts(counted["date"], plan.level), list(plan.keys)))
            series.append(Series(query=q, counts=tuple(counts[k] for k in plan.keys)))
        filtered = bool(base.district or base.newspaper or base.date or base.date_from or base.date_to)
        for s in series:  # a flat zero line says nothing by itself: say the term was not found
            if not s.total:
                where = "所选范围内" if filtered or parse_query(s.query).dates or parse_query(s.query).districts else "档案中"
                warnings.append(f"{where}没有含“{s.query}”的文章，它的线为 0")
        return Trend(level=plan.level, periods=plan.keys, series=tuple(series),
                     warnings=tuple(dict.fromkeys(warnings + list(plan.warnings))))

    def trend_examples(self) -> tuple[str, ...]:
        """Two words to show the trends page with: the first TREND_EXAMPLES the archive holds (an
        example drawn as a flat zero teaches nothing); fewer where it holds fewer."""
        def make() -> tuple[str, ...]:
            _, held = self.engine.word_frequencies(ix.BODY_WORDS, TREND_EXAMPLES)
            return tuple(w for w in TREND_EXAMPLES if held.get(w))[:2]

        return self._cached("trend_examples", make)


def _waiter(future: Future):
    """The engine's `total` (Engine.aggregate): the count the ranking thread sets (None if it failed)."""
    return future.result


def last_page(pages: int) -> int:
    """The last page a reader can go to: the last page of results, at most MAX_PAGE."""
    return max(1, min(pages, MAX_PAGE))


def past_the_end(total: int, pages: int, page: int) -> list[str]:
    """What to say for a page number past the results (or past MAX_PAGE); the page links to last_page."""
    if not total or page <= last_page(pages):
        return []
    if pages > MAX_PAGE:
        return [f"结果共 {pages} 页，只能翻到第 {MAX_PAGE} 页，没有第 {page} 页；可加筛选缩小范围"]
    return [f"只有 {pages} 页结果，没有第 {page} 页"]


def relaxation_candidates(request: SearchRequest, parsed: ParsedQuery) -> list[tuple[str, SearchRequest]]:
    """Looser requests to try when nothing matched: drop a filter, all filters, or search one of
    the words alone. A filter typed in the query (date:2099, 地区:火星区) is a filter like the
    URL's: dropping it is offered the same way, as the query without it."""
    candidates: list[tuple[str, SearchRequest]] = []
    typed_dates, typed_districts = bool(parsed.dates), bool(parsed.districts)
    no_date_q = without_filters(request.q, ("date",)) if typed_dates else request.q
    no_district_q = without_filters(request.q, ("district",)) if typed_districts else request.q
    bare_q = without_filters(request.q, ("date", "district")) if typed_dates or typed_districts else request.q
    has_date = bool(request.date or request.date_from or request.date_to or typed_dates)
    has_district = bool(request.district or typed_districts)
    districts = ([request.district] if request.district else []) + list(parsed.districts)
    if has_district and no_district_q is not None:
        label = "、".join(f"“{d}”" for d in dict.fromkeys(districts))
        candidates.append((f"去掉地区筛选{label}", replace(request, q=no_district_q, district=None, page=1)))
    if request.newspaper:
        candidates.append((f"去掉报纸筛选“{request.newspaper}”", replace(request, newspaper=None, page=1)))
    for attr, what in (("person", "人物"), ("org", "机构"), ("author", "作者")):
        if getattr(request, attr):
            candidates.append((f"去掉{what}筛选“{getattr(request, attr)}”", replace(request, page=1, **{attr: None})))
    if has_date and no_date_q is not None:
        candidates.append(("去掉日期筛选", replace(request, q=no_date_q, date=None, date_from=None, date_to=None, page=1)))
    if has_district and has_date and bare_q is not None:
        candidates.append(("去掉所有筛选", SearchRequest(q=bare_q, sort=request.sort)))
    words = [w for c in parsed.clauses for w in c.words]
    if len(words) > 1 or parsed.excluded:
        typed = " ".join(typed_filters(request.q, "date") + typed_filters(request.q, "district"))
        for w in words[:4]:  # the word alone, under the same filters (typed or in the URL)
            candidates.append((f"只搜“{w}”", replace(request, q=f"{w} {typed}".strip(), page=1)))
    return candidates


def names_of(request: SearchRequest, parsed: ParsedQuery) -> list[tuple[str, str]]:
    """(index field, name) of each person, organisation and author filter, from the URL and the
    query (person:, org:, author:), folded as the build folds names (韋韜 is 韦韬; brackets full-width)."""
    out: list[tuple[str, str]] = []
    for _, field, attr, query_attr in NAME_FACETS:
        for name in ([getattr(request, attr)] if getattr(request, attr) else []) + list(getattr(parsed, query_attr)):
            folded = name_form(name.strip())
            if folded and (field, folded) not in out:
                out.append((field, folded))
    return out


def _same_page(a: dict, b: dict) -> bool:
    """A page file is one page; a JSONL file holds many, told apart by date and page number."""
    if not is_jsonl(Path(a["source"])):
        return True
    return (a.get("date"), a.get("page_no"), a.get("newspaper")) == (b.get("date"), b.get("page_no"), b.get("newspaper")) and abs(
        a["position"] - b["position"]
    ) <= NEIGHBOUR_WINDOW


def article_from_meta(meta: dict, paragraphs: tuple[str, ...]) -> Article:
    """The Article an engine stored (index.article_meta), with its paragraphs."""
    fields = {k: v for k, v in meta.items() if k in Article.__dataclass_fields__}
    fields["districts"] = tuple(District(**d) for d in meta.get("districts", []))
    for name in ("credits", "captions", "subheads", "page_labels", "people", "organisations", "authors"):
        fields[name] = tuple(fields.get(name) or ())
    for name in ("people_titles", "organisation_forms"):  # pairs, stored as JSON lists
        fields[name] = tuple(tuple(pair) for pair in fields.get(name) or ())
    fields["paragraphs"] = paragraphs
    return Article(**fields)
