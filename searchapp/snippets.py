"""Which passages of an article a result shows. Pure functions over plain text, no index.

A reader who types a phrase expects to see it: paragraphs holding a multi-word term or phrase
literally come first, then the others in the engine's order; OCR often repeats a paragraph, so
no two snippets of one result may show the same text. An article matched only outside its body
(byline, kicker, caption) shows that block, labelled, instead of an unrelated first paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from .analysis import compact
from .highlight import find_spans, highlight

SNIPPETS_PER_HIT = 3

# Paragraph scores: BM25 over the paragraph's compacted text. A paragraph holding a multi-word
# term or phrase literally scores LITERAL_BOOST times that literal's weight more, so literal
# matches lead the snippets and count most in ranking's "best paragraphs".
BM25_K1 = 1.2
BM25_B = 0.75
TYPICAL_PARAGRAPH = 100  # characters: BM25's average length (People's Daily ~110, 新闻联播 ~90)
LITERAL_BOOST = 10.0
_WHITESPACE = re.compile(r"\s+")

# The printed blocks outside the body, as stored in an article's metadata, with their labels.
BLOCKS = (
    ("kicker", "引题"),
    ("deck", "副题"),
    ("byline", "作者"),
    ("credits", "署名"),
    ("dateline", "电头"),
    ("captions", "图片说明"),
    ("page_labels", "版面"),
)


def matched_paragraphs(
    paragraphs: Sequence[str], words: Sequence[str], literals: Iterable[str], weights: dict[str, float]
) -> list[tuple[float, int, str]]:
    """(score, number, text) of the paragraphs that hold at least one of `words` (compacted),
    best first (ties in printed order). `weights` gives each word's and literal's idf (1.0 where
    missing; a literal's defaults to the sum of its words')."""
    if not words:
        return []
    literals = [x for x in literals if x]
    out = []
    for number, text in enumerate(paragraphs, start=1):
        folded = _folded(text)
        if not any(w in folded for w in words):
            continue
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(folded) / TYPICAL_PARAGRAPH)
        score = 0.0
        for w in words:
            tf = folded.count(w)
            if tf:
                score += weights.get(w, 1.0) * tf * (BM25_K1 + 1) / (tf + norm)
        for lit in literals:
            tf = folded.count(lit)
            if tf:
                weight = weights.get(lit) or sum(weights.get(w, 1.0) for w in words if w in lit) or 1.0
                score += LITERAL_BOOST * weight * tf * (BM25_K1 + 1) / (tf + norm)
        out.append((score, number, text))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def choose_snippets(
    paragraphs: Sequence[tuple[int, str]], literals: Iterable[str], limit: int = SNIPPETS_PER_HIT
) -> list[tuple[int, str]]:
    """The paragraphs to show, from (number, text) in the engine's order, best first.

    Paragraphs holding one of `literals` (compacted) come first; a paragraph whose text equals
    one already chosen, whitespace ignored (and, when literals are given, width and traditional
    forms too), is skipped.
    """
    literals = [x for x in literals if x]
    # Folding (OpenCC) costs more than the rest of a snippet: only where a literal is looked for.
    fold = _folded if literals else _squeeze
    keyed = [(fold(text), number, text) for number, text in paragraphs]
    if literals:
        keyed.sort(key=lambda k: not any(x in k[0] for x in literals))  # stable: engine order within
    chosen: list[tuple[int, str]] = []
    seen: set[str] = set()
    for key, number, text in keyed:
        if key in seen:
            continue
        seen.add(key)
        chosen.append((number, text))
        if len(chosen) == limit:
            break
    return chosen


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return compact(text)  # the same paragraphs come back page after page: fold each once


def _squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def extra_blocks(meta: dict) -> list[tuple[str, str]]:
    """(label, text) of an article's printed blocks outside title and body, from its stored fields."""
    out = []
    for name, label in BLOCKS:
        value = meta.get(name)
        for text in [value] if isinstance(value, str) else (value or ()):
            if text:
                out.append((label, text))
    return out


def matching_blocks(blocks: Sequence[tuple[str, str]], needles: Sequence[str]) -> list[tuple[str, str]]:
    """The blocks holding a needle, each as (label, escaped HTML with the needles marked)."""
    return [(label, highlight(text, needles)) for label, text in blocks if find_spans(text, needles)]
