"""Result types of the search library: plain frozen dataclasses the CLI, web and API render."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Article, District

SORTS = ("relevance", "newest", "oldest")
PER_PAGE = 10
FACET_SIZE = 10  # names shown per people/organisation/author facet; 更多 asks for MORE_FACET_SIZE
MORE_FACET_SIZE = 50
MAX_FACET_SIZE = 200
MAX_PAGE = 1000


class BadRequest(ValueError):
    """A request parameter that cannot be understood; the message says which and why, and
    `params` names them where the request would be good without them (the site offers it)."""

    def __init__(self, message: str, *params: str):
        super().__init__(message)
        self.params = params


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    district: str | None = None  # as typed: a path "山西省/太原市/小店区", a name 小店区 / 小店 / 延庆县, 山西, a code 140105
    date: str | None = None  # date facet drill-down: "2022", "2022-11" or "2022-11-21"
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    sort: str = "relevance"  # one of SORTS
    page: int = 1
    per_page: int = PER_PAGE
    newspaper: str | None = None  # exact newspaper name: 太原日报
    person: str | None = None  # a name the build found (Article.people): 林武
    org: str | None = None  # an organisation (Article.organisations): 太原市委
    author: str | None = None  # a writer's normalised name (Article.authors): 郭娟
    facet_size: int = FACET_SIZE  # names shown in each of the people, organisation and author facets


@dataclass(frozen=True)
class FacetValue:
    """One facet entry, ready for a template: value to put in the URL, label to show."""

    value: str  # "2022-11" / "山西省/太原市"
    label: str  # "2022年11月" / "太原市"
    count: int  # matching articles
    selected: bool = False
    children: tuple["FacetValue", ...] = ()
    note: str = ""  # "旧名": a historical name beneath today's unit in the district tree


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    title_html: str  # escaped, query words in <mark>
    date: str | None  # the issue date: what the date facet, date=, from/to and the sort use
    districts: tuple[District, ...]
    newspaper: str | None
    page_no: int | None
    snippets: tuple[str, ...]  # escaped HTML with <mark>, best 1-3 paragraphs
    snippet_paragraphs: tuple[int, ...]  # 1-based paragraph numbers of the snippets (for #pN links); 0 for a byline/caption block
    matched_paragraphs: int  # body paragraphs holding a query word; a hit matched only in its
    # title, byline, kicker/deck or captions counts those blocks (never 0 for a query)
    score: float
    dateline_date: str | None = None  # the date written in the article (its dateline), where it differs
    people: tuple[str, ...] = ()  # the people in the news (entities.py), as printed
    organisations: tuple[str, ...] = ()  # organisations, relative names resolved to the paper's home
    authors: tuple[str, ...] = ()  # the writers and photographers (byline, credits), kept apart from people

    @property
    def url(self) -> str:
        return f"/articles/{self.id}"

    def to_api(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "dateline_date": self.dateline_date,
            "people": list(self.people),
            "organisations": list(self.organisations),
            "authors": list(self.authors),
            "districts": [d.name for d in self.districts],  # as printed
            "district_paths": ["/".join(d.path) for d in self.districts],  # today's units
            "places": [d.to_api() for d in self.districts],
            "newspaper": self.newspaper,
            "page": self.page_no,
            "url": self.url,
            "snippets": list(self.snippets),
            "snippet_paragraphs": list(self.snippet_paragraphs),
            "matched_paragraphs": self.matched_paragraphs,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Relaxation:
    """A zero-results suggestion: a looser request and how many articles it finds."""

    label: str  # "去掉地区筛选 山西省/太原市" / "只搜 疫情"
    request: SearchRequest
    count: int


@dataclass(frozen=True)
class TitleSpan:
    """One title printed beside a name (PersonCard): in how many articles, first and last issue date."""

    title: str
    articles: int
    first: str | None
    last: str | None

    def to_api(self) -> dict:
        return {"title": self.title, "articles": self.articles, "first": self.first, "last": self.last}


@dataclass(frozen=True)
class PersonCard:
    """Who a name is in the archive (person_card.py): its articles and the titles printed beside it."""

    name: str
    articles: int  # articles naming the person, in the whole archive
    first: str | None  # the first and last issue dates among them
    last: str | None
    titles: tuple[TitleSpan, ...]  # in the order first printed
    read: int  # articles the titles were read from (person_card.CARD_ARTICLES newest, or all)
    more_titles: int = 0  # titles read but not listed (beyond person_card.TITLES_SHOWN)

    @property
    def complete(self) -> bool:
        """Whether the titles were read from every article naming the person."""
        return self.read >= self.articles

    def to_api(self) -> dict:
        return {"name": self.name, "articles": self.articles, "first": self.first, "last": self.last,
                "titles": [t.to_api() for t in self.titles], "titles_read_from": self.read,
                "more_titles": self.more_titles}


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    words: tuple[str, ...]  # how the query was understood (the words it was cut into)
    total_articles: int
    took_ms: float
    hits: tuple[Hit, ...]
    date_level: str  # "year" | "month" | "day": the level date_facet is drawn at
    date_facet: tuple[FacetValue, ...]
    district_facet: tuple[FacetValue, ...]  # tree: province > city > county
    page: int
    pages: int
    warnings: tuple[str, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()  # filled only when total_articles == 0
    newspaper_facet: tuple[FacetValue, ...] = ()  # largest first
    district_choices: tuple[FacetValue, ...] = ()  # a shared or unknown district name: the places to choose from
    sort: str = ""  # the order the hits are in: request.sort, except newest for an empty query
    people_facet: tuple[FacetValue, ...] = ()  # the names most matching articles name, most first
    organisation_facet: tuple[FacetValue, ...] = ()
    author_facet: tuple[FacetValue, ...] = ()
    more_names: tuple[str, ...] = ()  # the name facets with more names than shown: "people", "organisations", "authors"
    person_card: PersonCard | None = None  # where the request filters on one person: the titles printed beside the name

    def to_api(self) -> dict:
        """The JSON shape of GET /api/search and `searchapp search --json`."""
        r = self.request
        return {
            "query": r.q,
            "words": list(self.words),
            "warnings": list(self.warnings),
            "filters": {"district": r.district, "date": r.date, "from": r.date_from, "to": r.date_to, "newspaper": r.newspaper,
                        "person": r.person, "org": r.org, "author": r.author},
            "sort": self.sort or r.sort,
            "total_articles": self.total_articles,
            "took_ms": round(self.took_ms, 2),
            "page": self.page,
            "pages": self.pages,
            "per_page": r.per_page,
            "hits": [hit.to_api() for hit in self.hits],
            "date_level": self.date_level,
            "facets": {
                "date": [_facet_api(f) for f in self.date_facet],
                "district": [_facet_api(f) for f in self.district_facet],
                "newspaper": [_facet_api(f) for f in self.newspaper_facet],
                "people": [_facet_api(f) for f in self.people_facet],
                "organisations": [_facet_api(f) for f in self.organisation_facet],
                "authors": [_facet_api(f) for f in self.author_facet],
            },
            "facet_size": r.facet_size,
            "more_facets": list(self.more_names),
            "relaxations": [{"label": x.label, "count": x.count} for x in self.relaxations],
            "district_choices": [_facet_api(f) for f in self.district_choices],
            "person_card": self.person_card.to_api() if self.person_card else None,
        }


@dataclass(frozen=True)
class ArticleView:
    article: Article
    title_html: str
    paragraphs_html: tuple[str, ...]  # escaped; query words in <mark> when a query was given
    first_hit: int | None  # 1-based paragraph number of the first highlighted paragraph
    neighbours: tuple[tuple[str, str], ...]  # (id, title) of the articles on the same page, in page order
    # The rest of the printed article, escaped, query words marked (issue 12: all printed text is searched).
    kicker_html: str = ""
    deck_html: str = ""
    byline_html: str = ""
    captions_html: tuple[str, ...] = ()
    credits_html: tuple[str, ...] = ()
    related: tuple["Related", ...] = ()  # other articles sharing its rarest words, people, organisations and places

    @property
    def people_labels(self) -> tuple[tuple[str, str], ...]:
        """(name, label) of each person, the titles printed beside the name in the label: 林武（省委书记）."""
        titles: dict[str, list[str]] = {}
        for name, title in self.article.people_titles:
            titles.setdefault(name, []).append(title)
        return tuple((n, f"{n}（{'；'.join(titles[n])}）" if titles.get(n) else n) for n in self.article.people)

    def to_api(self) -> dict:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "kicker": a.kicker,
            "deck": a.deck,
            "byline": a.byline,
            "date": a.date,
            "date_inferred": a.date_inferred,
            "districts": [d.to_api() for d in a.districts],
            "newspaper": a.newspaper,
            "page": a.page_no,
            "source": a.source,
            "url": a.url,
            "paragraphs": list(a.paragraphs),
            "paragraphs_html": list(self.paragraphs_html),
            "captions": list(a.captions),
            "credits": list(a.credits),
            "continued_from": a.continued_from,
            "continued_to": a.continued_to,
            "issue_date": a.issue_date,
            "page_no": a.page_no,
            "page_name": a.page_name,
            "dateline": a.dateline,
            "subheads": list(a.subheads),
            "page_labels": list(a.page_labels),
            "people": list(a.people),
            "people_titles": [list(pair) for pair in a.people_titles],
            "organisations": list(a.organisations),
            "authors": list(a.authors),
            "first_hit": self.first_hit,
            "neighbours": [{"id": i, "title": t, "url": f"/articles/{i}"} for i, t in self.neighbours],
            "related": [r.to_api() for r in self.related],
        }


@dataclass(frozen=True)
class Related:
    """An article related to another (Archive.related): its other part first, then by what they share."""

    id: str
    title: str
    date: str | None  # the issue date
    newspaper: str | None
    page_no: int | None
    continuation: bool = False  # the other part of a continued article (上接 / 下转)
    shared: tuple[str, ...] = ()  # what it shares, best first: people, organisations, places, words

    @property
    def url(self) -> str:
        return f"/articles/{self.id}"

    def to_api(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date, "newspaper": self.newspaper,
                "page": self.page_no, "url": self.url, "continuation": self.continuation, "shared": list(self.shared)}


@dataclass(frozen=True)
class ArchiveStats:
    pages: int
    articles: int
    paragraphs: int
    date_min: str | None
    date_max: str | None
    newspapers: tuple[FacetValue, ...]
    districts: tuple[FacetValue, ...]  # tree, as in SearchResult.district_facet




def _facet_api(f: FacetValue) -> dict:
    out = {"value": f.value, "label": f.label, "count": f.count, "selected": f.selected}
    if f.note:
        out["note"] = f.note
    if f.children:
        out["children"] = [_facet_api(c) for c in f.children]
    return out
