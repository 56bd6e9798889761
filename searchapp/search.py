"""The search library: what the CLI and the web views call. (Interface first; body follows.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping

from .models import Article, District

SORTS = ("relevance", "newest", "oldest")
PER_PAGE = 10
MAX_PAGE = 1000


class BadRequest(ValueError):
    """A request parameter that cannot be understood; the message says which and why."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    district: str | None = None  # a district path: "山西省", "山西省/太原市" or "山西省/太原市/小店区"
    date: str | None = None  # date facet drill-down: "2022", "2022-11" or "2022-11-21"
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    sort: str = "relevance"  # one of SORTS
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class FacetValue:
    """One facet entry, ready for a template: value to put in the URL, label to show."""

    value: str  # "2022-11" / "山西省/太原市"
    label: str  # "2022年11月" / "太原市"
    count: int  # matching articles
    selected: bool = False
    children: tuple["FacetValue", ...] = ()


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    title_html: str  # escaped, query words in <mark>
    date: str | None
    districts: tuple[District, ...]
    newspaper: str | None
    page_no: int | None
    snippets: tuple[str, ...]  # escaped HTML with <mark>, best 1-3 paragraphs
    snippet_paragraphs: tuple[int, ...]  # 1-based paragraph numbers of the snippets (for #pN links)
    matched_paragraphs: int
    score: float


@dataclass(frozen=True)
class Relaxation:
    """A zero-results suggestion: a looser request and how many articles it finds."""

    label: str  # "去掉地区筛选 山西省/太原市" / "只搜 疫情"
    request: SearchRequest
    count: int


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    words: tuple[str, ...]  # how the query was understood (the words it was cut into)
    total_articles: int
    total_paragraphs: int
    took_ms: float
    hits: tuple[Hit, ...]
    date_level: str  # "year" | "month" | "day": the level date_facet is drawn at
    date_facet: tuple[FacetValue, ...]
    district_facet: tuple[FacetValue, ...]  # tree: province > city > county
    page: int
    pages: int
    warnings: tuple[str, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()  # filled only when total_articles == 0

    def to_api(self) -> dict:
        """The JSON shape of GET /api/search and `searchapp search --json`."""
        raise NotImplementedError


@dataclass(frozen=True)
class ArticleView:
    article: Article
    title_html: str
    paragraphs_html: tuple[str, ...]  # escaped; query words in <mark> when a query was given
    first_hit: int | None  # 1-based paragraph number of the first highlighted paragraph
    neighbours: tuple[tuple[str, str], ...]  # (id, title) of the articles on the same page, in page order

    def to_api(self) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class ArchiveStats:
    pages: int
    articles: int
    paragraphs: int
    date_min: str | None
    date_max: str | None
    newspapers: tuple[FacetValue, ...]
    districts: tuple[FacetValue, ...]  # tree, as in SearchResult.district_facet


def request_from_args(args: Mapping[str, str]) -> SearchRequest:
    """Build a SearchRequest from URL/CLI parameters (q, district, date, from, to, sort, page); BadRequest if invalid."""
    raise NotImplementedError


class Archive:
    """An open index. Cheap to keep; picks up a rebuilt index on the next call."""

    @classmethod
    def open(cls, index_dir: str) -> "Archive":
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchResult:
        raise NotImplementedError

    def article(self, article_id: str, q: str = "") -> ArticleView | None:
        raise NotImplementedError

    def export(self, request: SearchRequest) -> Iterator[Hit]:
        """Every matching article (not only one page), in the request's order, for CSV/JSON download."""
        raise NotImplementedError

    def stats(self) -> ArchiveStats:
        raise NotImplementedError
