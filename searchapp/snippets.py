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
