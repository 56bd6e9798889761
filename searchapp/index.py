"""The Tantivy index: schema, the one function that opens it, building and adding pages.

Layout of an index directory (default ``index/``)::

    index/
      current -> builds/20261122-101500-1234   symlink, switched atomically (os.replace)
      builds/<stamp>/                           a complete Tantivy index + searchapp.json
      .build.lock                               flock held while a build or add runs

A build writes a fresh ``builds/<stamp>`` and only then points ``current`` at it, so a server
reading the old index never sees a half-built one, and a build that dies leaves the old index
serving. The lock is an flock that only the building process holds (its workers let go of it
and die with it; a dead build's orphans are ended: see build_lock.py), so a killed build
never blocks the next, whatever --jobs; its half-written directory is removed by the next build.

One document per **article**: the characters of its title, of its paragraphs (a break token
between them, so no phrase spans two) and of the rest of the printed article in three fields
(kicker+deck, byline+credits, captions+dateline+page labels); jieba words of title and body for
ranking; its metadata as fast fields (date, districts, newspaper, page, order) for filters, facets
and sorting; and, stored, its fields as JSON and its paragraphs as a JSON list.

Paragraphs are not documents of their own. Which paragraphs of a hit hold the query, and which
to show as snippets, is worked out from its stored paragraphs for the hits a page shows
(search.py): indexing every paragraph a second time, as documents, cost half the build and
half the index for a figure (paragraphs matched over all results) that no reader acts on.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections import deque
from contextlib import contextmanager
import dataclasses
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Iterator

import tantivy

from . import analysis
from .build_lock import build_lock, die_with_parent, record_workers
from .browse import issue_date_of
from .gazetteer import HISTORICAL_MARK, NO_PLACE
from .entities import with_entities
from .ingest import PageStream, PendingPage, parse_pending
from .models import Article, District, ParsedPage

SCHEMA_VERSION = 8  # 3: issue_ord (browsing the paper by issue); 4: head, byline and extra bigrams;
# 5: one document per article, character tokens, paragraphs stored with the article;
# 6: person, org and author keyword fields (facets and filters of the people an article names);
# 7: body_pairs, the body's character pairs (frequencies, no positions): literals of 2+ characters
# 8: body_pairs cut by Tantivy (PAIR_TOKENIZER) from each compacted paragraph: the same terms

# Field names, defined once (the OpenSearch mirror shares them, see opensearch_index.py).
ARTICLE_ID = "article_id"
ARTICLE_ORD = "article_ord"
SOURCE = "source"
TITLE_CHARS = "title_chars"
BODY_CHARS = "body_chars"
# The rest of the printed article, one field per role so each can be weighted and asked for:
HEAD_CHARS = "head_chars"  # kicker (引题) and deck (副题): part of the headline block
BYLINE_CHARS = "byline_chars"  # byline and credits: 本报记者 郭娟, (闫勇), 记者 王勇 摄
EXTRA_CHARS = "extra_chars"  # captions, dateline, the page's labels
# The body's overlapping character pairs (analysis.pair_tokens), within each paragraph, with their
# frequencies but no positions: a literal of two characters is one term here (exact, no phrase
# over two of the commonest characters), and a longer literal's pairs narrow its phrase over
# BODY_CHARS to the articles holding all of them (engines/tantivy_engine.py).
BODY_PAIRS = "body_pairs"
TITLE_WORDS = "title_words"
BODY_WORDS = "body_words"
DATE_ORD = "date_ord"  # yyyymmdd as an integer, 0 when unknown
DATE_PATH = "date_path"  # "2022", "2022-11", "2022-11-21": facet and drill-down filter
DISTRICT = "district"  # "山西省", "山西省/太原市", "山西省/太原市/小店区", "…/延庆区/=延庆县", "未标注地区"
NEWSPAPER = "newspaper"
ISSUE_ORD = "issue_ord"  # yyyymmdd of the issue the article's page belongs to, 0 when unknown (browse)
PARAGRAPH_COUNT = "paragraph_count"  # summed for the archive's paragraph total
# The article's entities (entities.py) as raw keywords, one value per name: facets and filters.
PERSON = "person"  # 林武: Article.people, as printed (folded)
ORG = "org"  # 太原市委: Article.organisations, relative names resolved
AUTHOR = "author"  # 郭娟: Article.authors (byline, credits), kept apart from PERSON
META = "meta"  # the article's fields as JSON, without its paragraphs (stored only)
PARAGRAPHS = "paragraphs"  # its paragraphs as a JSON list (stored only)

# Bounded writer memory: Tantivy flushes a segment when the heap fills, so a build's memory does
# not grow with the archive. 256 MB indexed the 0.1 xwlb sample with a third less CPU than 1 GB
# (less arena to fault in), in one segment. Facets cost per segment (terms are counted per
# segment, then merged): at 450 MB the whole xwlb corpus is one segment (mix p95 14.9 ms, 18.8 at
# two), but five times the corpus stayed five segments (p95 55 ms) where 256 MB made ten that
# Tantivy's merge policy (eight of a size) merged to two (p95 31 ms). Kept at 256 MB.
WRITER_HEAP = 256_000_000
IN_FLIGHT = 2048  # pages read ahead of the indexer during a parallel build
MAX_WARNINGS = 1000

def stored_text(doc: tantivy.Document, field: str) -> str:
    """A stored-only text value (kept as UTF-8 bytes, see build_schema)."""
    return bytes(doc.get_first(field)).decode("utf-8")


class IndexMissing(RuntimeError):
    """No usable index where one was expected."""


class BuildRefused(RuntimeError):
    """A build or add that would replace a good archive with a worse one; the live index is untouched."""


# A new build holding fewer than this share of the live index's articles needs --force.
MIN_SHARE_OF_LIVE = 0.5


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field(ARTICLE_ID, stored=True, tokenizer_name="raw", fast=True)
    sb.add_unsigned_field(ARTICLE_ORD, indexed=True, fast=True)
    sb.add_text_field(SOURCE, stored=True, tokenizer_name="raw", fast=True)
    for name in (TITLE_CHARS, BODY_CHARS, HEAD_CHARS, BYLINE_CHARS, EXTRA_CHARS):
        sb.add_text_field(name, tokenizer_name=analysis.CHAR_TOKENIZER, index_option="position")
    sb.add_text_field(BODY_PAIRS, tokenizer_name=analysis.PAIR_TOKENIZER, index_option="freq")
    sb.add_text_field(TITLE_WORDS, tokenizer_name=analysis.WORD_TOKENIZER, index_option="freq")
    sb.add_text_field(BODY_WORDS, tokenizer_name=analysis.WORD_TOKENIZER, index_option="freq")
    sb.add_unsigned_field(DATE_ORD, indexed=True, fast=True)
    sb.add_text_field(DATE_PATH, tokenizer_name="raw", fast=True)
    sb.add_text_field(DISTRICT, tokenizer_name="raw", fast=True)
    sb.add_text_field(NEWSPAPER, tokenizer_name="raw", fast=True)
    sb.add_unsigned_field(ISSUE_ORD, indexed=True, fast=True)
    sb.add_unsigned_field(PARAGRAPH_COUNT, fast=True)
    for name in (PERSON, ORG, AUTHOR):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    # Stored only, as bytes: a stored text field would also be indexed as one raw term.
    sb.add_bytes_field(META, stored=True, indexed=False)
    sb.add_bytes_field(PARAGRAPHS, stored=True, indexed=False)
    return sb.build()


def _register_tokenizers(index: tantivy.Index) -> None:
    # Tantivy does not store analyzers in the index: whoever opens it must register them.
    # Text arrives already cut by analysis.py into space-separated tokens.
    ws = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(analysis.CHAR_TOKENIZER, ws)
    index.register_tokenizer(analysis.WORD_TOKENIZER, ws)
    # BODY_PAIRS gets each compacted paragraph as a value of its own: Tantivy cuts its pairs (the
    # terms analysis.pair_tokens makes, none across paragraphs, as the values are apart) and counts
    # the field's tokens over all values, so frequencies and lengths are those of the pair string
    # the build used to make in Python (a third of the analysis time, and the largest string sent
    # back from the workers).
    index.register_tokenizer(analysis.PAIR_TOKENIZER, pair_analyzer())


def pair_analyzer() -> tantivy.TextAnalyzer:
    """BODY_PAIRS's analyzer: a text's overlapping pairs of characters (n-grams of 2)."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False)).build()


def open_index(path: str | os.PathLike, create: bool = False) -> tantivy.Index:
    """Open (or create) a Tantivy index directory and register searchapp's analyzers on it."""
    path = Path(path)
    if create:
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(build_schema(), path=str(path), reuse=False)
    else:
        if not tantivy.Index.exists(str(path)):
            raise IndexMissing(f"no index at {path}")
        index = tantivy.Index.open(str(path))
    _register_tokenizers(index)
    return index


def current_build(index_dir: str | os.PathLike) -> Path:
    """The build directory `index_dir/current` points at; IndexMissing if there is none."""
    link = Path(index_dir) / "current"
    try:
        target = os.readlink(link)
    except OSError:
        raise IndexMissing(f"no index in {index_dir} (run `searchapp build`)") from None
    build = (link.parent / target).resolve()
    info = build / "searchapp.json"
    if not info.exists():
        raise IndexMissing(f"index {build} is incomplete")
    version = json.loads(info.read_text("utf-8")).get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexMissing(f"index {build} has schema {version}, this searchapp needs {SCHEMA_VERSION}: rebuild it")
    return build


def commit_stamp(build: Path) -> int:
    """Changes whenever a commit lands in the build (Tantivy rewrites meta.json)."""
    try:
        return (build / "meta.json").stat().st_mtime_ns
    except OSError:
        return 0


def index_exists(index_dir: str | os.PathLike) -> bool:
    try:
        current_build(index_dir)
        return True
    except IndexMissing:
        return False


# ---------------------------------------------------------------- documents


def _date_fields(date: str | None) -> tuple[int, list[str]]:
    if not date:
        return 0, []
    return int(date.replace("-", "")), [date[:4], date[:7], date]


def _district_paths(districts: Iterable[District]) -> list[str]:
    """What the district field holds: today's unit at each level, the printed name under it where
    it differs (北京市/北京市/延庆区/=延庆县), or 未标注地区 when the article names no place."""
    paths: list[str] = []
    for d in districts:
        path = d.path
        values = ["/".join(path[: i + 1]) for i in range(len(path))]
        if d.today:
            values.append("/".join(path) + "/" + HISTORICAL_MARK + d.name)
        for value in values:
            if value not in paths:
                paths.append(value)
    return paths or [NO_PLACE]


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("paragraphs", "districts"))
_DISTRICT_FIELDS = tuple(f.name for f in fields(District))


def article_meta(article: Article) -> dict:
    """The article's fields for the stored JSON, without its paragraphs (stored one per document).

    Field by field rather than dataclasses.asdict, whose deep copy of every value was a tenth of
    the build's analysis time.
    """
    meta = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    meta["districts"] = [{name: getattr(d, name) for name in _DISTRICT_FIELDS} for d in article.districts]
    meta["paragraph_count"] = len(article.paragraphs)
    return meta


def stored_paragraphs(doc: tantivy.Document) -> list[str]:
    """An article document's paragraphs, in order."""
    return json.loads(stored_text(doc, PARAGRAPHS))


@dataclass
class PreparedArticle:
    """An article turned into field values: plain data, so it can be made in worker processes.

    Its paragraphs travel as the JSON the index stores (made by the worker, sent back as one
    string), with their count and characters: the process that indexes only copies them.
    """

    id: str
    source: str
    title: str
    paragraphs_json: str  # json.dumps(the paragraphs, ensure_ascii=False): the stored PARAGRAPHS
    paragraph_count: int
    characters: int  # of the title and the paragraphs (the build summary's figure)
    date_ord: int
    date_path: list[str]
    districts: list[str]
    newspaper: str
    meta_json: str
    title_chars: str
    body_chars: str  # every paragraph's characters, a break between paragraphs (analysis.split_paragraphs)
    body_compact: tuple[str, ...]  # every paragraph's characters without whitespace: BODY_PAIRS's values
    title_words: str
    body_words: str
    issue_ord: int = 0
    head_chars: str = ""
    byline_chars: str = ""
    extra_chars: str = ""
    people: tuple[str, ...] = ()  # the PERSON, ORG and AUTHOR keyword values
    organisations: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    position: int = 0  # on its page; a JSONL article's line
    origin: str = ""  # the source as given plus the page's path in it (reports only; "" when not known)

    @property
    def paragraphs(self) -> list[str]:
        return json.loads(self.paragraphs_json)


def prepare_article(article: Article, page_date: str | None = None) -> PreparedArticle:
    date_ord, date_path = _date_fields(article.issue_date or article.date)  # filed under the issue date
    issue_ord, _ = _date_fields(issue_date_of(article.issue_date, page_date, article.date))
    compacted, body_words = analysis.analyze_body(article.paragraphs)
    title_chars, title_words = analysis.analyze_title(article.title)
    return PreparedArticle(
        id=article.id,
        source=article.source,
        title=article.title,
        paragraphs_json=json.dumps(article.paragraphs, ensure_ascii=False),
        paragraph_count=len(article.paragraphs),
        characters=len(article.title) + sum(map(len, article.paragraphs)),
        date_ord=date_ord,
        date_path=date_path,
        districts=_district_paths(article.districts),
        newspaper=article.newspaper or "",
        meta_json=json.dumps(article_meta(article), ensure_ascii=False),
        title_chars=title_chars,
        body_chars=analysis.join_paragraphs([" ".join(c) for c in compacted]),
        body_compact=tuple(compacted),
        title_words=title_words,
        body_words=body_words,
        issue_ord=issue_ord,
        head_chars=analysis.char_text(article.kicker, article.deck),
        byline_chars=analysis.char_text(article.byline, *article.credits),
        extra_chars=analysis.char_text(*article.captions, article.dateline, *article.page_labels),
        people=tuple(article.people),
        organisations=tuple(article.organisations),
        authors=tuple(article.authors),
        position=article.position,
    )


def prepare_page(page: ParsedPage) -> list[PreparedArticle]:
    return [prepare_article(a, page.date) for a in page.articles]


def document(p: PreparedArticle, ordinal: int) -> tantivy.Document:
    """The article's one document."""
    doc = tantivy.Document()
    doc.add_text(ARTICLE_ID, p.id)
    doc.add_unsigned(ARTICLE_ORD, ordinal)
    doc.add_text(SOURCE, p.source)
    doc.add_unsigned(DATE_ORD, p.date_ord)
    doc.add_unsigned(ISSUE_ORD, p.issue_ord)
    doc.add_unsigned(PARAGRAPH_COUNT, p.paragraph_count)
    for value in p.date_path:
        doc.add_text(DATE_PATH, value)
    for value in p.districts:
        doc.add_text(DISTRICT, value)
    if p.newspaper:
        doc.add_text(NEWSPAPER, p.newspaper)
    for name, values in ((PERSON, p.people), (ORG, p.organisations), (AUTHOR, p.authors)):
        for value in values:
            doc.add_text(name, value)
    doc.add_text(TITLE_CHARS, p.title_chars)
    doc.add_text(BODY_CHARS, p.body_chars)
    for compacted in p.body_compact:
        if len(compacted) > 1:  # a single character has no pair
            doc.add_text(BODY_PAIRS, compacted)
    for name, value in ((HEAD_CHARS, p.head_chars), (BYLINE_CHARS, p.byline_chars), (EXTRA_CHARS, p.extra_chars)):
        if value:
            doc.add_text(name, value)
    doc.add_text(TITLE_WORDS, p.title_words)
    doc.add_text(BODY_WORDS, p.body_words)
    doc.add_bytes(META, p.meta_json.encode("utf-8"))
    doc.add_bytes(PARAGRAPHS, p.paragraphs_json.encode("utf-8"))
    return doc


# ---------------------------------------------------------------- building


DUPLICATE_EXAMPLES = 5  # duplicate ids named in the build's warning


JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz", ".ndjson")


def _where(place: str, position: int) -> str:
    """Where an article was read, for a person: the source as given and the page in it, with the
    line for JSONL (a JSONL article's position is its line)."""
    return f"{place}:{position}" if place.endswith(JSONL_SUFFIXES) else place


@dataclass
class BuildSummary:
    pages: int = 0
    articles: int = 0
    paragraphs: int = 0
    characters: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # the first MAX_WARNINGS kept
    warning_count: int = 0
    path: str = ""
    duplicate_ids: int = 0  # articles skipped because an earlier one in this build had their id
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # the first few: (id, where skipped, where kept)
    # Every id written so far -> where it was read (its place's number in _places << 32 | its
    # position): about 120 bytes an article, the one part of a build's memory that grows with
    # the archive (75,806 articles of 新闻联播: 9 MB).
    _ids: dict[str, int] = field(default_factory=dict, repr=False)
    _places: dict[str, int] = field(default_factory=dict, repr=False)

    def admit(self, p: "PreparedArticle") -> bool:
        """Whether to write this article, counting it if so. Both engines ask, so one rule holds
        for both: **within one build (or one add) the first article read with an id is kept**; a
        later one with the same id is skipped, counted in `duplicate_ids`, and reported in one
        warning (how many, the first DUPLICATE_EXAMPLES ids with where each copy came from).
        Before, nothing said so, and which copy a reader got depended on the engine (OpenSearch
        kept the later under the shared document id; Tantivy kept both, one permalink)."""
        place = p.origin or p.source
        kept = self._ids.get(p.id)
        if kept is not None:
            self._duplicate(p.id, _where(place, p.position), kept)
            return False
        self._ids[p.id] = self._places.setdefault(place, len(self._places)) << 32 | p.position
        self.count(p)
        return True

    def _duplicate(self, article_id: str, skipped: str, kept: int) -> None:
        self.duplicate_ids += 1
        if len(self.duplicates) < DUPLICATE_EXAMPLES:
            place = next(name for name, n in self._places.items() if n == kept >> 32)
            self.duplicates.append((article_id, skipped, _where(place, kept & 0xFFFFFFFF)))
        named = "; ".join(f"{i} in {at} (kept: {kept_at})" for i, at, kept_at in self.duplicates)
        more = f"; and {self.duplicate_ids - len(self.duplicates)} more" if self.duplicate_ids > len(self.duplicates) else ""
        line = (f"{self.duplicate_ids} article{'s' if self.duplicate_ids > 1 else ''} skipped: an article read "
                f"earlier in this build has the same id (the first one read is kept): {named}{more}")
        # One warning, first in the list (the summary shows the first few warnings), kept up to date.
        if self.duplicate_ids == 1:
            self.warnings.insert(0, line)
            self.warning_count += 1
            del self.warnings[MAX_WARNINGS:]
        else:
            self.warnings[0] = line

    def count(self, p: "PreparedArticle") -> None:
        """One more article written (both engines count the same way)."""
        self.articles += 1
        self.paragraphs += p.paragraph_count
        self.characters += p.characters

    def add_warnings(self, warnings: Iterable[str]) -> None:
        # A broken archive can warn on every page: count them all, keep a bounded number.
        for w in warnings:
            self.warning_count += 1
            if len(self.warnings) < MAX_WARNINGS:
                self.warnings.append(w)


def warm_up() -> None:
    """Load what parsing and analysis need (gazetteer and place finder, OpenCC, the fold table,
    jieba's dictionary) in this process: forked workers then share one copy instead of each
    spending half a second loading its own."""
    from .districts import finder
    from .entities import warm_up as entities_warm_up

    finder()
    analysis.words(analysis.normalize("太原市小店區ＧＤＰ"))
    entities_warm_up()  # the people and organisation models (entities.py decides what to load)


def _freeze_what_is_loaded() -> None:
    """Keep what warm_up loaded (jieba's tags, the gazetteer and its finder, the fold table, the
    entity models: objects that live as long as the build) out of the garbage collector's scans.
    Each full collection walked all of them: the reading process of a parallel build spent a
    tenth of its CPU there (py-spy, 0.1 xwlb sample, --jobs 2: 93 of 815 samples; after: 7 of
    711; 38% while it held the entity models too), the many short-lived objects of the pages it
    indexes triggering collections; and a worker's collections wrote into the pages it shares
    with the build after the fork, copying them. (gc.freeze: what exists now is never collected,
    which these never would be anyway.)"""
    import gc

    gc.collect()
    gc.freeze()


def parse_and_prepare(pendings: list[PendingPage]) -> list[tuple[ParsedPage, list[PreparedArticle]]]:
    """A worker's share of a build: read pages cut into articles, and those made into field values."""
    out = []
    for page, prepared in zip(*parse_pages(pendings)):
        if not any(a.continued_from or a.continued_to for a in page.articles):
            # Nothing on this page continues elsewhere (almost every page): the reader needs only its
            # warnings and how many articles it had (one prepared each), not the articles again;
            # sending them back cost it a tenth of its CPU time.
            page = dataclasses.replace(page, articles=())
        out.append((page, prepared))
    return out


def parse_pages(pendings: list[PendingPage]) -> tuple[list[ParsedPage], list[list[PreparedArticle]]]:
    """Read pages parsed, their articles' people and organisations found, and the articles
    prepared, each stage over all the pages in turn: the people of a run of articles are found
    in one pass (entities.with_entities), and each stage's tables stay in the processor's
    caches while it runs (stage by stage per article, the parse ran a fifth slower)."""
    pages = [parse_pending(p, entities=False) for p in pendings]
    articles = with_entities([a for page in pages for a in page.articles])
    at = 0
    for k, page in enumerate(pages):
        if page.articles:
            pages[k] = dataclasses.replace(page, articles=tuple(articles[at : at + len(page.articles)]))
            at += len(page.articles)
    return pages, [prepare_page(page) for page in pages]


def _with_origin(prepared: list[PreparedArticle], given: str, relative: str) -> list[PreparedArticle]:
    """Note where each article was read, as a person gave it (for the duplicate-id report): the
    source as given, and the page's path inside it where the source is a folder."""
    if prepared and relative != os.path.basename(given.rstrip("/")) and relative != given:
        given = f"{given.rstrip('/')}/{relative}"
    for p in prepared:
        p.origin = given
    return prepared


BATCH = 64  # read pages a worker parses together (parse_pages); well under IN_FLIGHT, as the
# reader holds a whole batch of read pages before a worker takes it
assert BATCH < IN_FLIGHT


def _batches(items: Iterable) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def preparer(jobs: int) -> Iterator[Callable[[Iterable[ParsedPage]], Iterator[tuple[ParsedPage, list[PreparedArticle]]]]]:
    """Turn pages into prepared articles, spread over `jobs` processes.

    Given a PageStream (what iter_parsed returns), workers parse the pages as well as analyse
    them: this process only reads the sources in order and indexes what comes back, in order
    (headlines of continued parts and the per-source tally are settled here, as the results
    arrive). Given parsed pages, workers analyse them. The pool is forked before any Tantivy
    writer exists, so no writer thread is forked with it.
    """
    if jobs <= 1:

        def serial(pages: Iterable[ParsedPage]) -> Iterator[tuple[ParsedPage, list[PreparedArticle]]]:
            if not isinstance(pages, PageStream):
                yield from ((page, prepare_page(page)) for page in pages)
                return
            for batch in _batches(pages.pending()):  # as PageStream.__iter__, knowing each page's source as given
                for item, page, prepared in zip(batch, *parse_pages(batch)):
                    final = pages.finish(item.given, page, len(prepared))
                    if final is not page:  # a continued part took its headline: analyse it again
                        prepared = prepare_page(final)
                    yield final, _with_origin(prepared, item.given, item.relative)

        yield serial
        return
    import multiprocessing as mp

    warm_up()
    _freeze_what_is_loaded()
    # Workers die with this process (die_with_parent) and hold no build lock (build_lock.py).
    with mp.get_context("fork").Pool(jobs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        record_workers(child.pid for child in mp.active_children())

        def stream(pages: Iterable[ParsedPage]) -> Iterator[tuple[ParsedPage, list[PreparedArticle]]]:
            # imap keeps the workers busy while this process indexes what they returned; the
            # semaphore bounds how far reading runs ahead (imap's feeder would read everything).
            in_flight = threading.BoundedSemaphore(IN_FLIGHT)
            fed: deque = deque()
            finish = pages.finish if isinstance(pages, PageStream) else None
            work = parse_and_prepare if finish else prepare_page
            items = pages.pending() if finish else pages

            def feed() -> Iterator:
                for item in items:
                    in_flight.acquire()
                    fed.append((item.given, item.relative) if finish else item)
                    yield item

            for results in pool.imap(work, _batches(feed()) if finish else feed(), chunksize=1 if finish else 64):
                for result in results if finish else (results,):
                    if finish:
                        page, prepared = result
                        given, relative = fed.popleft()
                        final = finish(given, page, len(prepared))
                        if final is not page:  # a continued part took its headline: analyse it again
                            prepared = prepare_page(final)
                        yield final, _with_origin(prepared, given, relative)
                    else:
                        yield fed.popleft(), result
                    in_flight.release()

        yield stream


def _write(
    index: tantivy.Index,
    prepared_pages: Iterable[tuple[ParsedPage, list[PreparedArticle]]],
    summary: BuildSummary,
    first_ordinal: int,
    threads: int,
    progress: Callable[[ParsedPage], None] | None,
    replace: bool,
    check: Callable[[BuildSummary, int], None] | None = None,
) -> int:
    # One indexing thread: the cores are busy parsing and analysing anyway (two threads were no
    # faster), and fewer, larger segments mean fewer copies of the term dictionary.
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
    ordinal = first_ordinal
    replaced: set[str] = set()
    removed = 0  # articles of replaced pages (add), for the check before the commit
    searcher = index.searcher() if replace else None
    for page, prepared in prepared_pages:
        summary.add_warnings(page.warnings)
        if replace and page.source not in replaced:
            removed += searcher.search(
                tantivy.Query.term_query(index.schema, SOURCE, page.source), limit=1, count=True).count or 0
            writer.delete_documents_by_term(SOURCE, page.source)
            replaced.add(page.source)
        if prepared or not page.warnings:
            summary.pages += 1
        for p in prepared:
            if not summary.admit(p):  # an id already written in this build: the first one is kept
                continue
            writer.add_document(document(p, ordinal))
            ordinal += 1
        if progress:
            progress(page)
    if check:
        try:
            check(summary, removed)
        except BaseException:
            writer.rollback()
            raise
    writer.commit()
    writer.wait_merging_threads()
    return ordinal


def build_index(
    pages: Iterable[ParsedPage],
    index_dir: str | os.PathLike,
    jobs: int | None = None,
    progress: Callable[[ParsedPage], None] | None = None,
    force: bool = False,
    check: Callable[[BuildSummary], None] | None = None,
) -> BuildSummary:
    """Build a fresh index from parsed pages and switch `index_dir/current` to it atomically.

    Before the switch the new build must hold articles, and (unless `force`) at least half as
    many as the live index; `check` may refuse it too (BuildRefused). A refused or failed build is
    deleted and the live index keeps serving.
    """
    index_dir = Path(index_dir)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    summary = BuildSummary()
    with build_lock(index_dir):
        builds = index_dir / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(index_dir)
        live = live_article_count(index_dir)
        stamp = build_stamp()
        target = builds / stamp

        def verify(summary: BuildSummary, _removed: int) -> None:
            if check:  # first: it names the source at fault
                check(summary)
            refuse_worse(summary.articles, live, force, "the new build")

        try:
            with preparer(jobs) as prepare:
                index = open_index(target, create=True)
                ordinal = _write(index, prepare(pages), summary, 0, jobs, progress, replace=False, check=verify)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        summary.seconds = time.perf_counter() - started
        summary.path = str(target)
        _write_info(target, summary, ordinal)
        _switch(index_dir, target)
        _remove_stale_builds(index_dir)
    return summary


def build_stamp() -> str:
    """A new build's name: when it began, to the microsecond and zero-padded, so that names sort
    in the order builds began (two builds within one second included), then the process id."""
    now = time.time_ns() // 1000
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**6)) + f"-{now % 10**6:06d}-{os.getpid()}"


def live_article_count(index_dir: str | os.PathLike) -> int | None:
    """Articles in the live index, None when there is none. A live index made by an older
    searchapp (another schema) counts too, from its build record: a build over it is held to
    the same rule as over a current one."""
    try:
        build = current_build(index_dir)
    except IndexMissing:
        outdated = outdated_build(index_dir)
        return int(outdated.get("articles") or 0) if outdated else None
    return open_index(build).searcher().num_docs


def outdated_build(index_dir: str | os.PathLike) -> dict | None:
    """The build record (searchapp.json) of a live index made by an older searchapp, whose schema
    this one cannot read; None when the live index is current or there is none."""
    link = Path(index_dir) / "current"
    try:
        info = json.loads(((link.parent / os.readlink(link)).resolve() / "searchapp.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and info.get("schema_version") != SCHEMA_VERSION else None


def refuse_worse(new: int, live: int | None, force: bool, what: str) -> None:
    if new == 0:
        raise BuildRefused(f"{what} would hold no articles: the live index is unchanged")
    if live and not force and new < live * MIN_SHARE_OF_LIVE:
        raise BuildRefused(
            f"{what} would hold {new} articles against {live} in the live index "
            f"({(live - new) / live:.0%} fewer): the live index is unchanged; use --force to switch anyway"
        )


def add_pages(
    pages: Iterable[ParsedPage],
    index_dir: str | os.PathLike,
    jobs: int = 1,
    progress: Callable[[ParsedPage], None] | None = None,
    force: bool = False,
    check: Callable[[BuildSummary], None] | None = None,
) -> BuildSummary:
    """Add pages to the current index; a page already there (same source) is replaced.

    The same rules as a build, checked before the commit: the add must bring articles, and
    (unless `force`) leave at least half of the articles the index held; `check` may refuse it.
    """
    index_dir = Path(index_dir)
    started = time.perf_counter()
    summary = BuildSummary()
    with build_lock(index_dir):
        build = current_build(index_dir)
        info = json.loads((build / "searchapp.json").read_text("utf-8"))
        live = live_article_count(index_dir)

        def verify(summary: BuildSummary, removed: int) -> None:
            if check:  # first: it names the source at fault
                check(summary)
            if summary.articles == 0:
                raise BuildRefused("nothing to add: the sources hold no articles; the index is unchanged")
            refuse_worse((live or 0) - removed + summary.articles, live, force, "the index after this add")

        with preparer(jobs) as prepare:
            index = open_index(build)
            ordinal = _write(index, prepare(pages), summary, info.get("next_ordinal", 0), jobs, progress, replace=True, check=verify)
        summary.seconds = time.perf_counter() - started
        summary.path = str(build)
        info["next_ordinal"] = ordinal
        _atomic_write(build / "searchapp.json", json.dumps(info, ensure_ascii=False, indent=2))
    return summary


def _write_info(target: Path, summary: BuildSummary, next_ordinal: int) -> None:
    info = {
        "schema_version": SCHEMA_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "next_ordinal": next_ordinal,
        "pages": summary.pages,
        "articles": summary.articles,
        "paragraphs": summary.paragraphs,
        "seconds": round(summary.seconds, 3),
        "warning_count": summary.warning_count,
        "duplicate_ids": summary.duplicate_ids,
        "warnings": summary.warnings,
    }
    _atomic_write(target / "searchapp.json", json.dumps(info, ensure_ascii=False, indent=2))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _switch(index_dir: Path, target: Path) -> None:
    tmp = index_dir / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, index_dir), tmp)
    os.replace(tmp, index_dir / "current")


def _remove_stale_builds(index_dir: Path) -> None:
    """Delete builds other than the current one and the one before it (readers may still hold it)."""
    builds = index_dir / "builds"
    try:
        current = current_build(index_dir).name
    except IndexMissing:
        current = None
    complete = sorted(
        (p for p in builds.iterdir() if (p / "searchapp.json").exists()), key=lambda p: p.stat().st_mtime
    )
    keep = {current}
    older = [p.name for p in complete if p.name != current]
    if older:
        keep.add(older[-1])
    for p in builds.iterdir():
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
