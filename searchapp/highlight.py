"""Highlighting as pure functions over the original text: escape first, mark second.

Matching is done on the normalised text (analysis.normalize keeps offsets), ignoring whitespace,
so a traditional-character query marks the simplified text it matched, and a phrase split by a
space or line break on the page is still one mark.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable, Sequence

from .analysis import normalize

Span = tuple[int, int]

ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s")


def find_spans(text: str, needles: Iterable[str]) -> list[Span]:
    """Offsets in `text` of every occurrence of each needle (compacted form), merged."""
    folded = normalize(text)
    if _WHITESPACE.search(folded):
        positions = [i for i, ch in enumerate(folded) if not ch.isspace()]
        squeezed = "".join(folded[i] for i in positions)
    else:  # most Chinese paragraphs: offsets in the squeezed text are offsets in the text
        positions, squeezed = None, folded
    spans: list[Span] = []
    for needle in {n for n in needles if n}:
        start = squeezed.find(needle)
        while start != -1:
            last = start + len(needle) - 1
            spans.append((positions[start], positions[last] + 1) if positions else (start, last + 1))
            start = squeezed.find(needle, start + 1)
    return merge_spans(spans)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and join those that overlap or touch, so a phrase is one mark."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> str:
    """HTML of text[start:end], escaped, with the spans wrapped in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = []
    cursor = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, needles: Iterable[str]) -> str:
    """The whole text, escaped, with every needle marked."""
    return mark(text, find_spans(text, needles))


def snippet(text: str, needles: Sequence[str], width: int = 120) -> str:
    """A window of about `width` characters around the best match, escaped and marked.

    The best window is the one holding the most distinct needles, earliest first; it starts a
    little before its first match so the reader sees the context.
    """
    spans = find_spans(text, needles)
    if len(text) <= width:
        return mark(text, spans)
    if not spans:
        return escape(text[:width]) + ELLIPSIS
    folded = normalize(text)
    best_start, best_score = spans[0][0], -1
    for s, _ in spans:
        window = folded[s : s + width]
        score = sum(1 for n in set(needles) if n and n in window.replace(" ", ""))
        if score > best_score:
            best_start, best_score = s, score
    lead = min(width // 5, best_start)
    start = best_start - lead
    end = min(len(text), start + width)
    start = max(0, end - width)
    html = mark(text, spans, start, end)
    return (ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else "")
