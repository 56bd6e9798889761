"""The ingest stage's entry points: paths in, ParsedPages out (streamed), plus their renderings.

Page identity and article ids: an article's id is its page key and its 1-based position,
`000_7ada219afce00ec3-04`. The page key is the file's path relative to the folder given (or
its name, for a file given directly), slugged to `[A-Za-z0-9_-]`, with a short stable hash
where the name is not ASCII. So ids depend only on the page and position: rebuilding the
archive, or giving the same folder by another absolute path, keeps every permalink.
JSONL articles keep their own `id` (slugged), else `<file key>-L<line>`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import lzma
import re
from dataclasses import dataclass
from pathlib import Path
from dataclasses import replace
from typing import Iterable, Iterator, Sequence

from .articles import articles_of, jump_page
from .dates import lead_date
from .districts import districts_in
from .entities import with_entities
from .models import Article, Page, ParsedPage
from .pages import PAGE_SUFFIXES, is_jsonl, read_manifest, read_page

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_KEY = 80


def page_key(relative: str) -> str:
    """A URL-safe, stable key for a page from its path relative to the folder given."""
    stem = relative.rsplit(".", 1)[0] if relative.endswith(PAGE_SUFFIXES) else relative
    for suffix in (".jsonl.gz", ".jsonl.xz", ".jsonl", ".ndjson"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    slug = _UNSAFE.sub("-", stem.replace("/", "_")).strip("-") or "page"
    if not stem.isascii() or len(slug) > MAX_KEY:
        digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[: MAX_KEY - 9].strip('-')}-{digest}".strip("-")
    return slug


def _page_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and (p.suffix in PAGE_SUFFIXES or is_jsonl(p)))


class SourceError(ValueError):
    """A source given to build, add or parse that holds nothing to read (named in the message)."""


def check_sources(paths: Sequence[str]) -> None:
    """Fail fast, before any work: every source exists, and a folder holds page files or JSONL."""
    if not paths:
        raise SourceError("no source given")
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise SourceError(f"{given}: no such file or folder")
        if path.is_dir() and not _page_files(path):
            raise SourceError(f"{given}: no page files ({', '.join(PAGE_SUFFIXES)}) or article JSONL in this folder")


@dataclass
class SourceTally:
    """What one given source yielded: checked after a build, before it may replace the live index."""

    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    first_problem: str | None = None


def sources_without_articles(tally: dict[str, SourceTally]) -> list[str]:
    """One line per source that yielded no article (and not because every page was a duplicate)."""
    out = []
    for given, t in tally.items():
        if t.articles == 0 and not (t.pages and t.duplicates == t.pages):
            reason = t.first_problem or "no articles found in it"
            out.append(f"{given}: no articles ({reason})")
    return out


@dataclass
class PendingPage:
    """A page read but not yet cut into articles. Reading is cheap and must run in order (a
    duplicate is a page whose text an earlier one had); cutting into articles and finding their
    places is the costly part, and may run in another process (`parse_pending`)."""

    given: str  # the source named on the command line, for the tally
    relative: str
    page: Page | None = None  # a page file read, or
    obj: dict | None = None  # one JSONL article, at line `line`, or
    text: str | None = None  # one JSONL line not yet decoded (decoding it is the parser's work, see _read_file)
    line: int = 0
    done: ParsedPage | None = None  # nothing to parse: a warning, a duplicate page


def read_pending(paths: Sequence[str]) -> Iterator[PendingPage]:
    """Every page of the sources, in order, read but not parsed (see PendingPage)."""
    seen: dict[bytes, str] = {}  # digest of a page's text -> the page that had it first
    for given in paths:
        for pending in _read_source(given, seen):
            pending.given = given
            yield pending


def parse_pending(p: PendingPage, entities: bool = True) -> ParsedPage:
    """The costly step: a read page cut into articles (picklable in, picklable out). Without
    `entities`, the articles' people, organisations and authors are left for the caller to find
    (`with_entities`, over many pages' articles at once)."""
    page = _parse_pending(p)
    if entities and page.articles:
        page = replace(page, articles=tuple(with_entities(page.articles)))
    return page


def _parse_pending(p: PendingPage) -> ParsedPage:
    if p.done is not None:
        return p.done
    if p.text is not None:
        obj, problem = _decode_jsonl_line(p.text, p.relative, p.line)
        if obj is None:
            return ParsedPage(source=p.relative, articles=(), warnings=(problem,))
        # A lone surrogate can come only from a \ud800-style escape (the line was decoded from
        # UTF-8, where none can stand): without one, no need to walk every string of the object.
        return _jsonl_page(obj, p.relative, p.line, surrogates=bool(_ESCAPED_SURROGATE.search(p.text)))
    if p.obj is not None:
        return _jsonl_page(p.obj, p.relative, p.line)
    return articles_of(p.page, page_key(p.relative))


class PageFinisher:
    """What runs on parsed pages in order, after parsing: headlines of continued parts taken from
    the part they continue (Continuations), and, with `tally`, what each source yielded."""

    def __init__(self, tally: dict[str, SourceTally] | None = None) -> None:
        self.tally = tally
        self.jumps = Continuations()

    def __call__(self, given: str, page: ParsedPage, articles: int | None = None) -> ParsedPage:
        """The page settled; `articles` counts its articles where they were left out of it (a
        parallel build sends back only pages whose articles continue elsewhere in full)."""
        page = self.jumps.resolve(page)
        if self.tally is not None:
            found = len(page.articles) if articles is None else articles
            counts = self.tally.setdefault(given, SourceTally())
            counts.pages += 1
            counts.articles += found
            if not found and page.warnings:
                if page.warnings[0].endswith("skipped as a duplicate page"):
                    counts.duplicates += 1
                elif counts.first_problem is None:
                    counts.first_problem = page.warnings[0]
        return page


class PageStream:
    """The pages of some sources, read lazily: iterating parses them here, in order (iter_parsed);
    a parallel build instead sends `pending()` to worker processes for `parse_pending` and hands
    each result back to `finish`, in order."""

    def __init__(self, paths: Sequence[str], tally: dict[str, SourceTally] | None = None) -> None:
        self.paths = list(paths)
        self.finish = PageFinisher(tally)
        if tally is not None:
            for given in self.paths:
                tally.setdefault(given, SourceTally())

    def pending(self) -> Iterator[PendingPage]:
        return read_pending(self.paths)

    def __iter__(self) -> Iterator[ParsedPage]:
        for p in self.pending():
            yield self.finish(p.given, parse_pending(p))


def iter_parsed(paths: Sequence[str], tally: dict[str, SourceTally] | None = None) -> PageStream:
    """Page folders, page files and article JSONL in; one ParsedPage per page (per JSONL line) out.

    A page file whose text (whitespace aside) equals an earlier one's is reported and skipped:
    the same page scanned twice would otherwise show every article twice. With `tally`, what
    each given source yielded is counted as the pages stream past.
    """
    return PageStream(paths, tally)


class Continuations:
    """Articles that jump to a later page (下转第2版), remembered so the part there takes their headline."""

    def __init__(self) -> None:
        self._waiting: dict[tuple, list[Article]] = {}  # (newspaper, issue date, page it jumps to) -> articles

    def resolve(self, page: ParsedPage) -> ParsedPage:
        """The page with each headline-less continued part titled after the article it continues, where found."""
        articles = list(page.articles)
        for n, a in enumerate(articles):
            if a.continued_from and a.title_derived and a.issue_date and a.page_no is not None:
                came_from = jump_page(a.continued_from)
                for other in self._waiting.get((a.newspaper, a.issue_date, a.page_no), []):
                    if other.page_no == came_from:
                        articles[n] = replace(a, title=other.title)
                        self._waiting[(a.newspaper, a.issue_date, a.page_no)].remove(other)
                        break
        for a in articles:
            target = jump_page(a.continued_to)
            if target is not None and a.issue_date:
                self._waiting.setdefault((a.newspaper, a.issue_date, target), []).append(a)
        return replace(page, articles=tuple(articles)) if articles != list(page.articles) else page


def count_pages(paths: Sequence[str]) -> int:
    """How many ParsedPages iter_parsed will yield (JSONL: its non-blank lines), for a progress bar."""
    total = 0
    for given in paths:
        path = Path(given)
        files = _page_files(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if is_jsonl(file):
                total += _count_lines(file)
            else:
                total += 1
    return total


def _count_lines(file: Path) -> int:
    opener = gzip.open if file.name.endswith(".gz") else lzma.open if file.name.endswith(".xz") else open
    try:
        with opener(file, "rb") as fh:  # type: ignore[operator]
            return sum(1 for line in fh if line.strip())
    except (OSError, EOFError, lzma.LZMAError):
        return 0


def _read_source(given: str, seen: dict[bytes, str]) -> Iterator[PendingPage]:
    path = Path(given)
    if path.is_dir():
        manifest, warnings = read_manifest(path)
        if warnings:
            yield _done(ParsedPage(source=str(path), articles=(), warnings=tuple(warnings)))
        for file in _page_files(path):
            relative = file.relative_to(path).as_posix()
            yield from _read_file(file, relative, manifest.get(relative) or manifest.get(file.name), seen)
    elif path.is_file():
        manifest, _ = read_manifest(path.parent)
        yield from _read_file(path, path.name, manifest.get(path.name), seen)
    else:
        yield _done(ParsedPage(source=given, articles=(), warnings=(f"{given}: no such file or folder",)))


def _done(page: ParsedPage) -> PendingPage:
    return PendingPage(given="", relative=page.source, done=page)


def _read_file(file: Path, relative: str, meta, seen: dict[bytes, str]) -> Iterator[PendingPage]:
    if is_jsonl(file):
        # Lines are handed on undecoded: json.loads runs where the article is parsed (a worker in a
        # parallel build), not in the one process that reads the sources in order.
        for n, line, problem in _jsonl_lines(file, relative):
            if line is None:
                yield _done(ParsedPage(source=relative, articles=(), warnings=(problem,) if problem else ()))
            else:
                yield PendingPage(given="", relative=relative, text=line, line=n)
        return
    page, warnings = read_page(file, relative, meta)
    if page is None:
        yield _done(ParsedPage(source=relative, articles=(), warnings=tuple(warnings)))
        return
    text = "".join(page.text.split())
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    if text and digest in seen:
        yield _done(ParsedPage(source=relative, articles=(), warnings=(f"{relative}: same text as {seen[digest]}: skipped as a duplicate page",)))
        return
    seen.setdefault(digest, relative)
    yield PendingPage(given="", relative=relative, page=page)


def _jsonl_lines(path: Path, source: str) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, line, problem) for each non-blank line of an article JSONL file: pages.iter_jsonl
    without the decoding (_decode_jsonl_line, the same checks and messages)."""
    opener = gzip.open if path.name.endswith(".gz") else lzma.open if path.name.endswith(".xz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
            for n, line in enumerate(fh, start=1):
                if line.strip():
                    yield n, line, None
    except (OSError, EOFError, lzma.LZMAError) as e:
        yield 0, None, f"{source}: cannot be read ({e}): rest of file skipped"


def _decode_jsonl_line(line: str, source: str, n: int) -> tuple[dict | None, str | None]:
    """One JSONL line's object, or why there is none (as pages.iter_jsonl words it)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return None, f"{source}:{n}: not JSON ({e.msg}): line skipped"
    if not isinstance(obj, dict):
        return None, f"{source}:{n}: not a JSON object: line skipped"
    return obj, None


def _iso_date(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()[:10]
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # \ud800 to \udfff as written in JSON


def _json_text(value) -> str:
    """Every string in a decoded JSON value, joined (to look for surrogates once)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "".join(_json_text(k) + _json_text(v) for k, v in value.items())
    if isinstance(value, list):
        return "".join(map(_json_text, value))
    return ""


def _without_surrogates(value):
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def _jsonl_page(obj: dict, relative: str, n: int, surrogates: bool = True) -> ParsedPage:
    """One JSONL article as a page of its own (`surrogates`: whether its strings may hold lone
    surrogates; False where its line held no escape of one)."""
    key = page_key(relative)
    notes: list[str] = []
    if surrogates and _SURROGATE.search(_json_text(obj)):
        # "\ud800" is valid JSON but not text: it would fail the build when the article is
        # stored. Each becomes U+FFFD, as an undecodable byte in a page file does.
        obj = _without_surrogates(obj)
        notes.append(f"{relative}:{n}: lone surrogate escapes (\\ud800-\\udfff) replaced by U+FFFD")
    paragraphs = obj.get("paragraphs")
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    if not isinstance(paragraphs, list):
        paragraphs = []
    paragraphs = tuple(str(p).strip() for p in paragraphs if str(p).strip())
    title = str(obj.get("title") or "").strip()
    if not paragraphs and not title:
        return ParsedPage(source=relative, articles=(), warnings=(*notes, f"{relative}:{n}: no title and no paragraphs: skipped"))
    date = _iso_date(obj.get("date"))
    if obj.get("date") and not date:
        notes.append(f"{relative}:{n}: date {str(obj.get('date'))[:20]!r} is not YYYY-MM-DD, ignored")
    warnings = tuple(notes)
    given_id = _UNSAFE.sub("-", str(obj.get("id") or "")).strip("-")[:96]
    newspaper = str(obj["newspaper"]) if obj.get("newspaper") else None
    page_no = obj.get("page") if isinstance(obj.get("page"), int) else None
    article = Article(
        id=given_id or f"{key}-L{n}",
        source=relative,
        position=n,
        title=title or (paragraphs[0][:24] + "…"),
        title_derived=not title,
        paragraphs=paragraphs,
        date=date or (lead_date(paragraphs[0], None) if paragraphs else None),
        districts=districts_in("\n".join((title, *paragraphs)), newspaper, date=date),
        newspaper=newspaper,
        page_no=page_no,
        issue_date=date,
        url=str(obj["url"]) if obj.get("url") else None,
    )
    return ParsedPage(source=relative, articles=(article,), newspaper=newspaper, date=date, page_no=page_no, warnings=warnings)


def parse_paths(paths: Sequence[str]) -> list[ParsedPage]:
    return list(iter_parsed(paths))


def article_json(a: Article) -> dict:
    return {
        "id": a.id,
        "source": a.source,
        "position": a.position,
        "title": a.title,
        "title_derived": a.title_derived,
        "kicker": a.kicker,
        "deck": a.deck,
        "byline": a.byline,
        "dateline": a.dateline,
        "date": a.date,
        "date_inferred": a.date_inferred,
        "issue_date": a.issue_date,
        "newspaper": a.newspaper,
        "page_no": a.page_no,
        "page_name": a.page_name,
        "page": a.page_no,
        "districts": [d.to_api() for d in a.districts],
        "paragraphs": list(a.paragraphs),
        "subheads": list(a.subheads),
        "captions": list(a.captions),
        "credits": list(a.credits),
        "continued_from": a.continued_from,
        "continued_to": a.continued_to,
        "page_labels": list(a.page_labels),
        "url": a.url,
        "people": list(a.people),
        "people_titles": [list(pair) for pair in a.people_titles],
        "organisations": list(a.organisations),
        "organisation_forms": [list(pair) for pair in a.organisation_forms],
        "authors": list(a.authors),
    }


def parsed_to_json(pages: Iterable[ParsedPage]) -> dict:
    pages = list(pages)
    return {
        "articles": [article_json(a) for p in pages for a in p.articles],
        "pages": [
            {
                "source": p.source,
                "newspaper": p.newspaper,
                "date": p.date,
                "date_inferred": p.date_inferred,
                "issue_date": p.date,
                "page_no": p.page_no,
                "page_name": p.page_name,
                "page": p.page_no,
                "articles": len(p.articles),
                "labels": list(p.labels),
                "warnings": list(p.warnings),
            }
            for p in pages
        ],
    }


def render_listing(pages: Iterable[ParsedPage]) -> str:
    """A readable listing for a person."""
    out: list[str] = []
    for p in pages:
        date = f"{p.date}{' (inferred)' if p.date_inferred else ''}" if p.date else "date unknown"
        where = " ".join(x for x in (f"第{p.page_no}版" if p.page_no is not None else "", p.page_name or "") if x)
        out.append(f"== {p.source}  {p.newspaper or ''}  {date}  {where}  {len(p.articles)} articles")
        for a in p.articles:
            places = "、".join(d.name for d in a.districts) or "-"
            title = f"[{a.title}]" if a.title_derived else a.title
            out.append(f"  {a.id}  {title}")
            if a.kicker:
                out.append(f"      kicker: {a.kicker.replace(chr(10), ' / ')}")
            if a.deck:
                out.append(f"      deck: {a.deck}")
            if a.byline:
                out.append(f"      byline: {a.byline}")
            if a.dateline:
                out.append(f"      dateline: {a.dateline}")
            if a.continued_from:
                out.append(f"      continued from: {a.continued_from}")
            if a.continued_to:
                out.append(f"      continued to: {a.continued_to}")
            out.append(f"      {a.date or '-'}  {places}  {len(a.paragraphs)} paragraphs")
            for i in a.subheads:
                out.append(f"      subhead: {a.paragraphs[i][:40]}")
            if a.paragraphs:
                out.append(f"      first: {a.paragraphs[0][:40]}")
                out.append(f"      last:  {a.paragraphs[-1][-40:]}")
            for c in a.captions:
                out.append(f"      caption: {c[:40]}")
            for c in a.credits:
                out.append(f"      credit: {c}")
        for label in p.labels:
            out.append(f"  label: {label}")
        for w in p.warnings:
            out.append(f"  warning: {w}")
    return "\n".join(out)
