"""Ranking policy: how candidates the engine found are ordered. Pure functions, no index.

The engine finds every matching article and scores it with BM25 over jieba words of
the title (boosted; whole words only, so 白俄罗斯 does not count as 俄罗斯) and body, plus
boosts for the query's literal string in the body and title bigrams. That score is good at
"which body is about this" and poor at what readers notice first: the headline. The best
RERANK_DEPTH candidates are therefore re-scored here::

    score = headline + body

    headline = 3.0 × whole-word coverage   share of the query's words that stand in the title
                                           (or kicker/deck) as whole words
             + 1.0 × partial coverage      share found only inside a longer word (俄罗斯 in 白俄罗斯)
             + 1.5 × literal               a multi-word term appears in the title as typed (太原疫情)
             + 1.0 × order                 share of the query's neighbouring word pairs that stand
                                           side by side, in order, in the title
             + 0.3 × proximity             … side by side in either order
             + 0.2 × focus                 share of the title's characters the query words cover
    body     = 1.0 × engine score / best engine score among the candidates (BM25 over the
                                           whole article, with its literal-string boosts)
             + 0.5 × best paragraphs       (best paragraph's score + half the second's) / the most
                                           among the candidates: an article is about the query where
                                           a paragraph or two hold it, not where it is spread thin

Coverage dominates, so a headline holding all the words beats one holding two of three; whole
words beat fragments; the engine's BM25 decides among headlines that tie. Recency only breaks
exact ties (the sort then is score, then newest); sorting by date is the reader's choice.

Above all that, what the article itself prints (title, kicker, deck, byline, body, captions: not
the page's labels, which every article of the page shares) comes first::

    lead = 16 × the query's literal strings printed in the article (党员志愿者 as typed)
         +  8 × whether the article prints the query's words at all (apart, in any order)

Each step is larger than everything else together (at most 7.5), so an article printing the
string typed comes before one holding its words apart, and that before one matching only through
a page label (无疫社区(村)创建在行动 over every article of the page). A known item's headline
prints its words, so this never lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Sequence

import rjieba

from .analysis import compact

if TYPE_CHECKING:
    from .query import ParsedQuery

RERANK_DEPTH = 20  # the first page and the next: depths 10 to 60 score alike on xwlb

W_WHOLE = 3.0
W_PARTIAL = 1.0
W_LITERAL = 1.5
W_ORDER = 1.0
W_PROXIMITY = 0.3
W_FOCUS = 0.2
W_ENGINE = 1.0
W_PARAGRAPHS = 0.5
W_PRINTED_WORDS = 8.0  # more than the headline and body parts can add up to (7.5)
W_PRINTED_LITERAL = 16.0  # more than that and the words together


@dataclass(frozen=True)
class QueryShape:
    """What ranking needs from a parsed query: its words in typed order and its literal strings."""

    words: tuple[str, ...]  # positive words (compacted), in the order typed, once each
    literals: tuple[str, ...]  # multi-word terms and phrases as typed (compacted)
    # The parts that must all match, each as its alternatives' words: (("党员", "志愿者"),) for
    # 党员志愿者, (("太原",), ("晋中",)) and (("疫情",),) for "太原 OR 晋中" and 疫情.
    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One article the engine found, with what the re-scoring looks at."""

    key: object  # the caller's handle (a document address)
    engine_score: float
    title: str
    head: str = ""  # kicker and deck
    date_ord: int = 0  # yyyymmdd, 0 when unknown
    paragraph_score: float = 0.0  # from its best matching paragraphs (best + half the second)
    printed: str = ""  # compacted: everything the article prints besides title and head (body
    # paragraphs holding a query word, byline, credits, captions); not the page's labels


@lru_cache(maxsize=4096)
def _boundaries(text: str) -> frozenset[int]:
    """Offsets in compacted text where jieba (accurate mode) puts a word boundary."""
    cuts = {0}
    at = 0
    for token in rjieba.cut(text):
        at += len(token)
        cuts.add(at)
    return frozenset(cuts)


def word_match(text: str, word: str) -> float:
    """1.0 where `word` stands in `text` (compacted) as a whole word, 0.5 only inside a longer one, else 0."""
    start = text.find(word)
    if start < 0:
        return 0.0
    if len(word) == 1 and not ("\u3400" <= word <= "\u9fff"):
        return 1.0
    cuts = _boundaries(text)
    while start >= 0:
        if start in cuts and start + len(word) in cuts:
            return 1.0
        start = text.find(word, start + 1)
    return 0.5


def _pairs(words: Sequence[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:]))


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return compact(text)  # headlines recur from query to query: fold each once


def headline_score(shape: QueryShape, title: str, head: str = "") -> float:
    """The headline part of the score (see the module docstring): coverage, literal, order, focus."""
    text = _folded(title)
    extra = _folded(head) if head else ""
    if not shape.words or not (text or extra):
        return 0.0
    matches = [max(word_match(text, w), 0.8 * word_match(extra, w)) for w in shape.words]
    n = len(shape.words)
    whole = sum(1 for m in matches if m >= 0.8) / n
    partial = sum(1 for m in matches if 0 < m < 0.8) / n
    score = W_WHOLE * whole + W_PARTIAL * partial
    if any(lit in text for lit in shape.literals):
        score += W_LITERAL
    pairs = _pairs(shape.words)
    if pairs:
        in_order = sum(1 for a, b in pairs if a + b in text) / len(pairs)
        either = sum(1 for a, b in pairs if a + b in text or b + a in text) / len(pairs)
        score += W_ORDER * in_order + W_PROXIMITY * either
    if text:
        covered = sum(len(w) for w, m in zip(shape.words, matches) if m and w in text)
        score += W_FOCUS * min(1.0, covered / len(text))
    return score


def printed_lead(shape: QueryShape, title: str, head: str, printed: str) -> float:
    """The lead part of the score (see the module docstring): the literal strings the article
    prints, and whether it prints the query's words at all (every group by one alternative)."""
    text = "\n".join((_folded(title), _folded(head) if head else "", printed))
    lead = W_PRINTED_LITERAL * sum(1 for lit in shape.literals if lit in text)
    if shape.groups and all(any(all(w in text for w in alt) for alt in group) for group in shape.groups):
        lead += W_PRINTED_WORDS
    return lead


def rerank(shape: QueryShape, candidates: Sequence[Candidate]) -> list[tuple[float, Candidate]]:
    """Candidates re-scored and sorted best first; exact ties go to the newer article."""
    if not candidates:
        return []
    top = max(c.engine_score for c in candidates) or 1.0
    top_paragraphs = max(c.paragraph_score for c in candidates) or 1.0
    scored = []
    for c in candidates:
        score = headline_score(shape, c.title, c.head) + W_ENGINE * c.engine_score / top
        score += W_PARAGRAPHS * c.paragraph_score / top_paragraphs
        score += printed_lead(shape, c.title, c.head, c.printed)
        scored.append((score, c))
    scored.sort(key=lambda sc: (-sc[0], -sc[1].date_ord))
    return scored


# ---------------------------------------------------------------- the policy, as the flow applies it


def shape_of(parsed: "ParsedQuery") -> QueryShape:
    """What ranking needs: the positive words in typed order, the multi-word terms and phrases,
    and the groups that must match (a group holding a byline: clause is left out: the article's
    byline is searched for it, and is no sign of what the article is about)."""
    literals = tuple(dict.fromkeys(c.text for c in parsed.clauses if len(c.words) > 1 or c.phrase))
    groups = tuple(
        tuple(c.words for c in group) for group in parsed.groups if not any(c.field == "byline" for c in group)
    )
    return QueryShape(words=parsed.words, literals=literals, groups=groups)


def reranks(sort: str, parsed: "ParsedQuery") -> bool:
    """Whether a search is re-scored by rerank: by relevance, two or more words. With one word the
    engine's whole-word title boost already is the headline coverage, and order, adjacency and
    literal strings need two words: nothing to re-score."""
    return sort == "relevance" and len(parsed.words) >= 2


def rerank_candidate(
    key, engine_score: float, meta: Mapping, date_ord: int, paragraph_scores, paragraphs: Sequence[str] = ()
) -> Candidate:
    """One engine hit as rerank sees it: title, kicker and deck from its metadata, its best
    matching paragraphs' scores (best + half the second), and what it prints besides: `paragraphs`
    (compacted: its body paragraphs holding a query word, the only ones a literal can be in),
    byline, credits and captions -- never the page's labels."""
    head = " ".join(x for x in (meta.get("kicker"), meta.get("deck")) if x)
    best = sorted(paragraph_scores, reverse=True)[:2]
    around = [meta.get("byline") or "", *(meta.get("credits") or ()), *(meta.get("captions") or ())]
    printed = "\n".join([*paragraphs, *(_folded(x) for x in around if x)])
    return Candidate(
        key=key, engine_score=engine_score, title=meta["title"], head=head, date_ord=int(date_ord or 0),
        paragraph_score=sum(s * w for s, w in zip(best, (1.0, 0.5))), printed=printed,
    )


def reranked_window(parsed: "ParsedQuery", hits: list, candidates, offset: int, limit: int) -> list[tuple[float, object]]:
    """[(score, key)] of hits[offset:offset+limit] where `hits` are the engine's [(score, key)] from
    the first, best first: the best RERANK_DEPTH re-scored by rerank (`candidates` makes their
    Candidates), the rest in the engine's order after them."""
    first = hits[:RERANK_DEPTH]
    head = [(score, c.key) for score, c in rerank(shape_of(parsed), candidates(first))] if first else []
    # Past the re-scored head the engine's order goes on; its scores are put on the head's
    # scale (engine / best engine score, the share every head score includes), so they fall.
    top = max((score for score, _ in first), default=1.0) or 1.0
    tail = [(score / top, key) for score, key in hits[RERANK_DEPTH:]]
    return (head + tail)[offset : offset + limit]
