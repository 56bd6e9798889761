"""The query language: user text becomes a small query structure. Never raises on user input.

What people type:

* words separated by spaces: every one must appear somewhere in the article;
* an unquoted word is cut by jieba into words that must all appear (太原疫情 = 太原 + 疫情),
  and articles holding it literally rank first; a single character is searched literally;
* ``"exact phrase"`` (also “…” or ＂…＂): the characters in that order, spaces ignored;
* ``-word`` or ``-"phrase"``: articles holding it are left out;
* ``A OR B``: either (``|`` works too);
* ``title:word`` / ``标题:word``: in the title; ``district:小店区`` / ``地区:小店区``: a district filter.

Repairs rather than errors: an unbalanced quote is closed, a lone ``-`` or ``OR`` or an empty
``title:`` is dropped, a term of only punctuation is dropped unless quoted, and an overlong query
is cut; each repair leaves a warning the user sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import compact, is_punctuation, query_words

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 16

QUOTES = {'"': '"', "“": "”", "＂": "＂", "”": "”"}
FIELD_ALIASES = {"title": "title", "标题": "title", "district": "district", "地区": "district"}
_FIELD_PREFIX = re.compile(r"^(title|标题|district|地区)[:：]", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """One thing that must (or must not) appear: a phrase, or the words of an unquoted term."""

    raw: str  # as typed, for display
    text: str  # compacted (normalised, no whitespace): the literal string
    words: tuple[str, ...]  # what must all appear; (text,) for a phrase
    phrase: bool = False
    title_only: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Clause, ...], ...] = ()  # all groups must match; any clause of a group
    excluded: tuple[Clause, ...] = ()
    districts: tuple[str, ...] = ()  # names from district: filters
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for group in self.groups for c in group)

    @property
    def needles(self) -> tuple[str, ...]:
        """The strings to highlight: each clause's words, and each phrase whole."""
        out: list[str] = []
        for clause in self.clauses:
            out.extend(clause.words)
            if len(clause.words) > 1:
                out.append(clause.text)
        return tuple(dict.fromkeys(out))

    @property
    def display_words(self) -> tuple[str, ...]:
        """How the query was understood, for the reader: words, "phrases", -exclusions."""
        shown: list[str] = []
        for group in self.groups:
            alternatives = []
            for c in group:
                label = f"“{c.text}”" if c.phrase else " ".join(c.words)
                alternatives.append(("标题:" if c.title_only else "") + label)
            shown.append(" 或 ".join(alternatives))
        shown.extend(f"-{c.text}" for c in self.excluded)
        shown.extend(f"地区:{d}" for d in self.districts)
        return tuple(shown)


def _lex(text: str, warnings: list[str]) -> list[tuple[str, bool]]:
    """Split into (token, quoted) pairs, honouring quotes; close an unbalanced quote."""
    tokens: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    buf = ""
    while i < n:
        ch = text[i]
        if ch in QUOTES:
            closing = QUOTES[ch]
            j = i + 1
            while j < n and text[j] != closing and not (closing == "”" and text[j] == '"'):
                j += 1
            if j >= n:
                warnings.append("引号未闭合，已自动补全")
            tokens.append((buf + "\x00" + text[i + 1 : j], True))  # prefix such as -, title:
            buf = ""
            i = j + 1
            continue
        if ch.isspace():
            if buf:
                tokens.append((buf, False))
                buf = ""
        else:
            buf += ch
        i += 1
    if buf:
        tokens.append((buf, False))
    return tokens


def _clause(raw: str, quoted: bool, title_only: bool, warnings: list[str]) -> Clause | None:
    text = compact(raw)
    if not text:
        return None
    if quoted:
        return Clause(raw=raw, text=text, words=(text,), phrase=True, title_only=title_only)
    if len(text) == 1:
        return Clause(raw=raw, text=text, words=(text,), title_only=title_only)
    if is_punctuation(text):
        warnings.append(f"忽略了只含标点的“{raw}”（要搜标点请加引号）")
        return None
    words = tuple(query_words(text)) or (text,)
    return Clause(raw=raw, text=text, words=words, title_only=title_only)


def parse_query(text: str) -> ParsedQuery:
    """Parse what the user typed; repairs go into warnings, nothing raises."""
    warnings: list[str] = []
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        warnings.append(f"查询过长，只用了前{MAX_QUERY_CHARS}个字符")
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    districts: list[str] = []
    pending_or = False

    for token, quoted in _lex(text, warnings):
        prefix, _, body = token.partition("\x00") if quoted else ("", "", token)
        head = prefix if quoted else body
        if not quoted and head in ("OR", "|", "或"):
            if not groups:
                warnings.append("开头的 OR 没有前项，已忽略")
            else:
                pending_or = True
            continue
        negate = head.startswith(("-", "－"))
        if negate:
            head = head[1:]
        field_name = None
        m = _FIELD_PREFIX.match(head)
        if m:
            field_name = FIELD_ALIASES[m.group(1).lower()]
            head = head[m.end() :]
        value = body if quoted else head
        if quoted and head:
            value = head + body  # text glued before the quote, e.g. abc"def"
        if not value.strip():
            if field_name:
                warnings.append(f"“{m.group(0)}”后面没有内容，已忽略")
            elif negate:
                warnings.append("单独的“-”没有要排除的词，已忽略")
            continue
        if field_name == "district":
            districts.append(value.strip())
            continue
        clause = _clause(value, quoted, field_name == "title", warnings)
        if clause is None:
            continue
        if negate:
            excluded.append(clause)
            pending_or = False
        elif pending_or and groups:
            groups[-1].append(clause)
            pending_or = False
        else:
            groups.append([clause])
    if pending_or:
        warnings.append("结尾的 OR 没有后项，已忽略")
    if len(groups) > MAX_CLAUSES:
        groups = groups[:MAX_CLAUSES]
        warnings.append(f"词太多，只用了前{MAX_CLAUSES}个")
    return ParsedQuery(
        groups=tuple(tuple(g) for g in groups),
        excluded=tuple(excluded[:MAX_CLAUSES]),
        districts=tuple(districts),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def phrase_query(text: str) -> ParsedQuery:
    """A query for exactly this literal string (used by tests and exact-match callers)."""
    c = compact(text)
    if not c:
        return ParsedQuery()
    return ParsedQuery(groups=((Clause(raw=text, text=c, words=(c,), phrase=True),),))
