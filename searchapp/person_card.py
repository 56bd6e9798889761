"""Who a name is in the archive: the titles printed beside it, over time (issue 23, item 7).

The build keeps, for each article, the title printed right before each name (Article.people_titles:
林武 as 省长 one year, as 省委书记 the next). A search filtering on one person shows a card: how many
articles name them and from when to when (counted over all of them), and each title with the
articles printing it beside the name and the first and last issue dates it was printed, in the
order they were first printed: a person's offices in turn. Namesakes are not merged or told
apart: the card is of the name as printed, and two people of one name show both their titles.

Titles are read from the newest CARD_ARTICLES articles naming the person (all of them where
fewer; the card says how many were read otherwise). Part of the flow above the engines: it asks
the engine for a Match, an order, stored fields and two statistics, as the rest of archive.py does.
"""

from __future__ import annotations

from typing import Iterable

from . import index as ix
from .engines.base import AnyOf, Engine, Match, Order, Stat
from .results import PersonCard, TitleSpan
from .trends import iso_date

CARD_ARTICLES = 200  # newest articles naming the person whose printed titles the card reads
TITLES_SHOWN = 8  # titles listed: those printed in most articles, where there are more


def person_card(engine: Engine, name: str, newest: Order) -> PersonCard | None:
    """The card of one name (as the build keeps it), None where no article names it; `newest` is
    the archive's order by date, newest first (archive.NEWEST)."""
    match = Match(filters=(AnyOf(ix.PERSON, (name,)),))
    ranked = engine.top(match, newest, 0, CARD_ARTICLES)
    if not ranked.total:
        return None
    stored = engine.stored([key for _, key in ranked.hits], paragraphs=False)
    span = engine.aggregate(match, {"first": Stat("min", ix.DATE_ORD), "last": Stat("max", ix.DATE_ORD)})
    titles = titles_over_time(name, ((s.meta.get("people_titles") or (), s.date_ord) for s in stored))
    shown = _shown(titles)
    return PersonCard(
        name=name,
        articles=ranked.total,
        first=iso_date(int(span["first"])) if span.get("first") else None,
        last=iso_date(int(span["last"])) if span.get("last") else None,
        titles=shown,
        read=len(stored),
        more_titles=len(titles) - len(shown),
    )


def titles_over_time(name: str, articles: Iterable[tuple[Iterable, int]]) -> tuple[TitleSpan, ...]:
    """Each title printed beside `name` in `articles` ((people_titles, yyyymmdd issue date) each),
    with its articles and first and last dates, in the order first printed (then by title)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for pairs, date in articles:
        for title in {t for n, t in pairs if n == name and t}:
            counts[title] = counts.get(title, 0) + 1
            if date:
                first[title] = min(first.get(title, date), date)
                last[title] = max(last.get(title, date), date)
    order = sorted(counts, key=lambda t: (first.get(t, 99999999), t))
    return tuple(TitleSpan(t, counts[t], iso_date(first[t]) if t in first else None,
                           iso_date(last[t]) if t in last else None) for t in order)


def _shown(titles: tuple[TitleSpan, ...]) -> tuple[TitleSpan, ...]:
    """The TITLES_SHOWN titles printed in most articles, kept in the order first printed."""
    if len(titles) <= TITLES_SHOWN:
        return titles
    kept = set(sorted(titles, key=lambda t: (-t.articles, t.first or "", t.title))[:TITLES_SHOWN])
    return tuple(t for t in titles if t in kept)
