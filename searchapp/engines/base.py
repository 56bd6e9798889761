"""What an engine is asked for, in plain data, and the protocol every engine implements.

The reader-facing flow (archive.py) is written once, above the engines. It describes what it
wants in the terms below (a query tree with filters and ranking hints, an order, aggregations)
using the field names of index.py, and an engine does only what only it can: compile that into
its own query, return a page of candidate hits with scores, count aggregation buckets, read
stored articles, and say when the archive changed. (Wagtail's search backends and
django-haystack's are the model: the flow runs the search, each backend compiles the query.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterator, Mapping, Protocol, Sequence

from .. import index as ix
from ..query import Node

# Where a clause of the query tree looks, by the field the reader asked for (query.Clause.field):
# the characters fields of index.py, which every engine indexes in its own way.
FIELD_TARGETS = {
    "": (ix.TITLE_CHARS, ix.HEAD_CHARS, ix.BODY_CHARS, ix.BYLINE_CHARS, ix.EXTRA_CHARS),
    "title": (ix.TITLE_CHARS, ix.HEAD_CHARS),
    "byline": (ix.BYLINE_CHARS,),
}
WORD_FIELDS = (ix.TITLE_WORDS, ix.BODY_WORDS)  # jieba words, for ranking (Boost)

# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class AnyOf:
    """The field holds one of the values (a keyword field); no values matches nothing."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Between:
    """A numeric field (a yyyymmdd date or an ordinal) within [lower, upper], both inclusive."""

    field: str
    lower: int
    upper: int


Filter = AnyOf | Between


@dataclass(frozen=True)
class Boost:
    """A ranking hint: a document holding `text` in `field` scores higher (BM25 times `boost`).

    `field` is a words field (index.TITLE_WORDS, BODY_WORDS: `text` is one jieba word) or a
    characters field (TITLE_CHARS, BODY_CHARS: `text` must appear literally)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Match:
    """The articles to find: those matching the query tree (None: all) and every filter, ranked
    by BM25 of the boosts where the order is by relevance."""

    root: Node | None = None
    filters: tuple[Filter, ...] = ()
    boosts: tuple[Boost, ...] = ()

    def narrowed(self, *more: Filter) -> "Match":
        return Match(self.root, self.filters + tuple(more), self.boosts)

    def unscored(self) -> "Match":
        return Match(self.root, self.filters, ())


# ---------------------------------------------------------------- order


@dataclass(frozen=True)
class SortKey:
    field: str  # a numeric fast field of index.py
    descending: bool = False


# None as an order means by relevance (score, best first).
Order = tuple[SortKey, ...]


# ---------------------------------------------------------------- aggregations


@dataclass(frozen=True)
class Terms:
    """Articles per value of a keyword field -> {value: count}."""

    field: str
    size: int = 50_000  # more than any archive's districts; sources ask for all their values


@dataclass(frozen=True)
class Histogram:
    """Articles per interval of a numeric yyyymmdd field within [lower, upper] -> {bucket key: count}
    (interval 10000: years, 100: months, 1: days; keys are the interval's first value)."""

    field: str
    interval: int
    lower: int
    upper: int


@dataclass(frozen=True)
class Stat:
    """min, max or sum of a numeric field over the articles -> a number, or None where none."""

    kind: str  # "min" | "max" | "sum"
    field: str


Aggregation = Terms | Histogram | Stat


# ---------------------------------------------------------------- what comes back


@dataclass
class Stored:
    """An article as the engine stored it: its fields (index.article_meta), its paragraphs (None
    where not asked for), and its numeric fields (index.DATE_ORD, ISSUE_ORD, ARTICLE_ORD)."""

    meta: dict
    paragraphs: list[str] | None
    date_ord: int
    issue_ord: int
    article_ord: int


@dataclass
class Ranked:
    """A page of hits: (score, key) best first, and how many articles match in all. A key is the
    engine's own handle on a document, given back to it in `stored`."""

    total: int
    hits: list[tuple[float, Any]] = field(default_factory=list)


class Engine(Protocol):
    """What the flow asks of an engine."""

    name: str  # "tantivy" | "opensearch"

    def generation(self) -> Hashable:
        """Changes whenever the archive changes (a rebuild, a commit): what the flow's caches key on."""

    def count(self, match: Match) -> int:
        """How many articles match."""

    def top(self, match: Match, order: Order | None, offset: int, limit: int) -> Ranked:
        """Hits [offset, offset+limit) by `order` (None: relevance), with the total. Ties of the
        order are broken by the keys that follow it, exactly; relevance ties as the engine likes."""

    def stored(self, keys: Sequence[Any], paragraphs: bool = True) -> list[Stored]:
        """The stored articles of these keys, in the same order."""

    def scan(self, match: Match, order: Order, paragraphs: bool = False) -> Iterator[Stored]:
        """Every matching article in order, read in pages (no window limit)."""

    def aggregate(self, match: Match, aggregations: Mapping[str, Aggregation],
                  total: Callable[[], int | None] | None = None) -> dict[str, Any]:
        """Each named aggregation over the matching articles (see Terms, Histogram, Stat).
        `total`, where the caller will know it anyway: returns how many articles `match` finds
        (None if it could not tell); an engine may count with a cheaper query it can prove finds
        the same articles (Tantivy: a superset of as many), and never answers without that proof."""

    def word_frequencies(self, field: str, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        """(articles in the archive, {word: articles holding it in `field`}), for idf weights."""
