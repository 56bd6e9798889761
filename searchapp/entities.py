"""People, organisations and authors of one article, found at build time (pure, no I/O but the model file).

One stage of the pipeline in four modules: `people.py` finds the people named in the text and
the titles printed beside them, `organisations.py` the organisations, `bylines.py` the authors
credited; this module runs them over an article (`entities_of`) and gives the fields the index
keeps (`entity_fields`). What names mean (surnames, titles, organisation words, the trained
model) is `names.py`.

* **Text is folded first**: traditional characters to simplified (韋韜 is 韦韬), full-width
  Latin and digits to half-width, as places are; half-width punctuation read as the full-width
  the model was trained on.
* **An author is not a person in the news**: a name found both in the credits and in the story is
  an author only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import Sequence

from .bylines import _credit_of_lead, _photo_credit, _trailing_credit, authors_in, byline_paragraph
from .districts import _fold, _when
from .models import Article
from .organisations import _home, organisation_finder
from .people import people_finder, title_before

_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
_FULLWIDTH_TABLE = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH_TABLE[0x3000] = 0x20


# Half-width punctuation as the training days print it (full-width): modern papers print
# 林武指出,… with an ASCII comma, People's Daily 1998 林武指出，…; same length, so positions hold.
_WIDE_PUNCTUATION = tuple(zip(",;:!?()", "，；：！？（）"))


def _wide_punctuation(text: str) -> str:
    """`text` with half-width punctuation made full-width (str.replace: str.translate with a table
    walks every character in Python's slow path, a tenth of the extraction's time)."""
    for narrow, wide in _WIDE_PUNCTUATION:
        if narrow in text:
            text = text.replace(narrow, wide)
    return text


def _ends_mid_sentence(text: str) -> bool:
    return "\u4e00" <= text[-1:] <= "\u9fff"


def fold(text: str) -> str:
    """Traditional to simplified and full-width Latin/digits to half-width, character for character."""
    text = _fold(text)
    return text.translate(_FULLWIDTH_TABLE) if _FULLWIDTH.search(text) else text


def name_form(name: str) -> str:
    """A name as the build keeps it: folded, its punctuation full-width (中科院(山西)科技园管理有限公司
    is 中科院（山西）科技园管理有限公司, as the papers that print full-width brackets have it): one
    facet value and one filter whatever brackets a paper or a reader typed."""
    return _wide_punctuation(fold(name))


@dataclass(frozen=True)
class Entities:
    """What `entities_of` finds in one article; each tuple in order of first appearance."""

    people: tuple[str, ...] = ()
    people_titles: tuple[tuple[str, str], ...] = ()  # (name, title printed beside it)
    organisations: tuple[str, ...] = ()
    organisation_forms: tuple[tuple[str, str], ...] = ()  # (as printed, as resolved) where they differ
    authors: tuple[str, ...] = ()


def entities_of(title: str = "", paragraphs: tuple[str, ...] | list[str] = (), **article) -> Entities:
    """People, their printed titles, organisations and authors of one article; `article` holds
    what else it prints and where (`_read`'s keywords: kicker, deck, byline, credits, captions,
    newspaper, date)."""
    reading = _read(title, paragraphs, **article)
    return _entities(reading, people_finder().find(reading.wide, reading.cut))


def entities_of_many(articles: list[dict]) -> list[Entities]:
    """`entities_of(**a)` for each of `articles` (each a dict of its arguments), the same to the
    letter, found together: where a name may start is scored once over all their texts
    (`PeopleFinder.candidates_many`), one pass of numpy instead of one per article; and the
    models are read for a run of articles before the build's other stages read theirs (one
    article at a time, each stage pushed the other's tables out of the processor's caches:
    the parse around extraction ran a fifth slower)."""
    readings = [_read(**a) for a in articles]
    finder = people_finder()
    starts = finder.candidates_many([r.wide for r in readings])
    return [_entities(r, finder.find(r.wide, r.cut, c)) for r, c in zip(readings, starts)]


@dataclass(frozen=True)
class _Reading:
    """An article as the finders read it: `text` folded, its credits blanked (people are found
    there; `wide` as the people model reads it), `full_text` folded whole (organisations)."""

    authors: list[str]
    text: str
    wide: str  # text with half-width punctuation full-width, as the people model was trained
    full_text: str  # folded whole, punctuation full-width
    cut: int | None
    newspaper: str | None
    date: str | None


def _read(
    title: str = "",
    paragraphs: tuple[str, ...] | list[str] = (),
    *,
    kicker: str | None = None,
    deck: str | None = None,
    byline: str | None = None,
    credits: tuple[str, ...] | list[str] = (),
    captions: tuple[str, ...] | list[str] = (),
    newspaper: str | None = None,
    date: str | None = None,
) -> _Reading:
    # Authors first: their names are then kept out of the people.
    authors: list[str] = []
    credit_texts = [*(byline.split("\n") if byline else ()), *credits]
    lead = fold(paragraphs[0]) if paragraphs else ""
    note = _credit_of_lead(lead)
    if note:
        credit_texts.append(note)
    tail_note = _trailing_credit(fold(paragraphs[-1])) if paragraphs else None
    if tail_note:
        credit_texts.append(tail_note)
    story_captions = []
    for caption in captions:
        credit = _photo_credit(fold(caption))
        if credit is not None:
            credit_texts.append(credit)
            caption = caption[: len(caption) - len(credit)] if caption.endswith(credit) else caption
        story_captions.append(caption)
    for credit in credit_texts:
        for name in authors_in(fold(credit)):
            if name not in authors:
                authors.append(name)
    by_paragraph = byline_paragraph(lead) if len(paragraphs) >= 2 else []
    for name in by_paragraph:
        if name not in authors:
            authors.append(name)

    pieces = [p for p in (kicker, title, deck, *paragraphs, *story_captions) if p]
    text = full_text = fold("\n".join(pieces))
    if note:
        at = text.find(note)
        text = text[:at] + " " * len(note) + text[at + len(note) :] if at >= 0 else text
    if by_paragraph:  # 吴冠中 under the title: read as its writer only (not 吴冠 of it)
        at = text.find(lead)
        text = text[:at] + " " * len(lead) + text[at + len(lead) :] if at >= 0 else text
    if tail_note:  # (王彦田周亮) closing the story: its writers, read as authors only
        at = text.rfind(tail_note)
        text = text[:at] + " " * len(tail_note) + text[at + len(tail_note) :] if at >= 0 else text
    # Where the story breaks off mid-sentence, its last paragraph ending in a Han character (the
    # column ended): a name the finder is unsure of is not trusted there (PeopleFinder.find).
    body_end = len("\n".join(p for p in (kicker, title, deck, *paragraphs) if p))
    cut = body_end if paragraphs and _ends_mid_sentence(text[:body_end]) else None
    # Organisations are read with full-width punctuation too, as the model was trained (a
    # bracket inside a name, 中科院（山西）科技园管理有限公司; a comma before one), and kept so.
    return _Reading(authors, text, _wide_punctuation(text), _wide_punctuation(full_text), cut, newspaper, date)


def _entities(reading: _Reading, spans: list[tuple[int, int]]) -> Entities:
    """The article's Entities from its people's spans: titles beside them, its organisations."""
    text, full_text, authors, newspaper, date = reading.text, reading.full_text, reading.authors, reading.newspaper, reading.date
    people: list[str] = []
    titles: list[tuple[str, str]] = []
    skip = set(authors)
    for start, end in spans:
        name = text[start:end]
        if name in skip:
            continue
        if name not in people:
            people.append(name)
        title_ = title_before(text, start)
        if title_ and (name, title_) not in titles:
            titles.append((name, title_))

    year = _when(date)[0]
    home = _home(newspaper, year)
    organisations: list[str] = []
    forms: list[tuple[str, str]] = []
    for _, printed, resolved in organisation_finder().find(full_text, home, _when(date)):
        if resolved in people:
            continue
        if resolved not in organisations:
            organisations.append(resolved)
        if printed != resolved and (printed, resolved) not in forms:
            forms.append((printed, resolved))
    return Entities(
        people=tuple(people),
        people_titles=tuple(titles),
        organisations=tuple(organisations),
        organisation_forms=tuple(forms),
        authors=tuple(authors),
    )


def warm_up() -> None:
    """Load the models (people, organisations, jieba's word lists) in this process where
    extraction is on: forked build workers then share one copy instead of each loading its own."""
    if enabled():
        entities_of("林武", ["省委书记林武出席太原市委会议。"], newspaper="太原日报", date="2022-01-01")


def enabled() -> bool:
    """Extraction runs unless SEARCHAPP_ENTITIES=0 (to time the build without it)."""
    return os.environ.get("SEARCHAPP_ENTITIES", "1") != "0"


def entity_fields(title: str, paragraphs, **article) -> dict:
    """The Article fields of `entities_of` (people, people_titles, organisations, organisation_forms,
    authors), or none where extraction is switched off."""
    if not enabled():
        return {}
    return _fields(entities_of(title, paragraphs, **article))


def _fields(e: Entities) -> dict:
    return {
        "people": e.people,
        "people_titles": e.people_titles,
        "organisations": e.organisations,
        "organisation_forms": e.organisation_forms,
        "authors": e.authors,
    }


def with_entities(articles: Sequence[Article]) -> list[Article]:
    """The articles with their people, organisations and authors found (`entities_of_many`: many
    at once cost less than one by one), as parsed where extraction is switched off. Read from
    what the article prints: kicker, title, deck, paragraphs, byline, credits, captions; its
    paper and date place relative names (市委)."""
    if not enabled():
        return list(articles)
    found = entities_of_many([
        dict(title=a.title, paragraphs=a.paragraphs, kicker=a.kicker, deck=a.deck, byline=a.byline,
             credits=a.credits, captions=a.captions, newspaper=a.newspaper, date=a.date)
        for a in articles
    ])
    return [replace(a, **_fields(e)) for a, e in zip(articles, found)]


def label(name: str, title: str) -> str:
    """How the article page shows a person with the title printed beside the name: 林武（省委书记）."""
    return f"{name}（{title}）" if title else name
