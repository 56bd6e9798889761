"""The query language: user text becomes a small query tree. Never raises on user input.

What people type (the site's /help page says the same to readers):

* words separated by spaces: every one must appear somewhere in the article (``AND`` between
  them says the same);
* an unquoted word is cut by jieba into words that must all appear (太原疫情 = 太原 + 疫情),
  and articles holding it literally rank first; a single character is searched literally;
* ``"exact phrase"`` (also “…” or ＂…＂): the characters in that order, spaces ignored;
* ``-word``, ``-"phrase"``, ``NOT word``: articles holding it are left out;
* ``A OR B``, ``A|B``, ``A | B``: either; OR binds tighter than the implied AND, so
  ``疫情 太原|晋中`` is 疫情 and (太原 or 晋中);
* parentheses group: ``(太原 OR 晋中) -演练``;
* fields: ``title:`` / ``标题:`` (headline, kicker and deck), ``byline:`` / ``作者:`` (byline and
  credits), ``district:`` / ``地区:`` (a district filter), ``date:2021-08`` / ``日期:`` (a year,
  month or day, or a range ``2021-08-01..2021-09-30``), ``person:`` / ``人物:`` (the articles
  naming a person, as the build found them: ``person:林武``), ``org:`` / ``机构:`` (an
  organisation) and ``author:`` / ``署名:`` (a writer's normalised name, where ``byline:``
  searches the byline's text): filters, as ``district:`` is.

Only upper-case ``OR``/``AND``/``NOT`` are operators: lower-case and/or stay words.

Repairs rather than errors: an unbalanced quote or parenthesis is closed, a stray ``)`` or a
lone ``-``, ``OR``, ``NOT`` or an empty ``title:`` is dropped, an unknown field ``foo:bar`` is
searched as the words it holds, a term of only punctuation is dropped unless quoted, and an
overlong query is cut; each repair leaves a warning the reader sees.

Limits, so that no query ties up a server (each cut says why, in a warning): a word typed again
(中国 中国 中国 …, or the same alternative twice) counts once; at most MAX_CLAUSES distinct terms,
MAX_WORDS words in all (a pasted passage is cut into many), MAX_SINGLE_CHARS unquoted single
characters (each is in nearly every article: 的 OR 是 OR 在 … matches the whole archive) and
MAX_ALTERNATIVES alternatives joined by OR.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator, Union

from .analysis import compact, is_punctuation, query_words

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 16
MAX_WORDS = 24  # words of all terms together (a pasted passage is one term of many words)
MAX_SINGLE_CHARS = 4  # unquoted single characters
MAX_ALTERNATIVES = 8  # alternatives of one A OR B OR … term
MAX_DEPTH = 8

QUOTES = {'"': '"', "“": "”", "＂": "＂", "”": "”"}
FIELD_ALIASES = {
    "title": "title",
    "标题": "title",
    "byline": "byline",
    "作者": "byline",
    "district": "district",
    "地区": "district",
    "date": "date",
    "日期": "date",
    "person": "person",
    "人物": "person",
    "org": "org",
    "机构": "org",
    "author": "author",
    "署名": "author",
}
FIELD_LABELS = {"title": "标题", "byline": "作者", "district": "地区", "date": "日期", "person": "人物", "org": "机构", "author": "署名"}
# Fields that filter on a name the build found (entities.py), each a keyword field of the index.
NAME_FIELDS = ("person", "org", "author")
_FIELD_PREFIX = re.compile(r"^([A-Za-z]+|标题|作者|地区|日期|人物|机构|署名)[:：]")
_OR_WORDS = ("OR", "或")
_OPEN = "(（"
_CLOSE = ")）"
_BAR = "|｜"
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Clause:
    """One thing that must (or must not) appear: a phrase, or the words of an unquoted term."""

    raw: str  # as typed, for display
    text: str  # compacted (normalised, no whitespace): the literal string
    words: tuple[str, ...]  # what must all appear; (text,) for a phrase
    phrase: bool = False
    field: str = ""  # "" (anywhere), "title" or "byline"

    @property
    def title_only(self) -> bool:
        return self.field == "title"

    @property
    def label(self) -> str:
        shown = f"“{self.text}”" if self.phrase else " ".join(self.words)
        return (FIELD_LABELS[self.field] + ":" if self.field else "") + shown


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Union[Clause, And, Or, Not]


@dataclass(frozen=True)
class DateFilter:
    """A date: filter from the query: a facet prefix (2021, 2021-08, 2021-08-01) or a range."""

    prefix: str | None = None
    date_from: str | None = None  # YYYY-MM-DD inclusive
    date_to: str | None = None


@dataclass(frozen=True)
class ParsedQuery:
    root: Node | None = None
    districts: tuple[str, ...] = ()  # names from district: filters
    dates: tuple[DateFilter, ...] = ()  # from date: filters
    people: tuple[str, ...] = ()  # from person: filters
    organisations: tuple[str, ...] = ()  # from org: filters
    authors: tuple[str, ...] = ()  # from author: filters
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """No positive clause: the query browses (exclusions and filters may still apply)."""
        return not self.clauses

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """The positive clauses (not under a NOT), in the order typed."""
        return tuple(c for c, negated in _walk(self.root, False) if not negated)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(c for c, negated in _walk(self.root, False) if negated)

    @property
    def groups(self) -> tuple[tuple[Clause, ...], ...]:
        """The top-level parts that must all match, each as its alternatives' clauses."""
        out = []
        for child in _top_level(self.root):
            if isinstance(child, Not):
                continue
            found = tuple(c for c, negated in _walk(child, False) if not negated)
            if found:
                out.append(found)
        return tuple(out)

    @property
    def words(self) -> tuple[str, ...]:
        """Every positive word, once: what ranking and paragraph counts look for."""
        return tuple(dict.fromkeys(w for c in self.clauses for w in c.words))

    @property
    def needles(self) -> tuple[str, ...]:
        """The strings to highlight: each clause's words, and each multi-word term whole."""
        out: list[str] = []
        for clause in self.clauses:
            out.extend(clause.words)
            if len(clause.words) > 1:
                out.append(clause.text)
        return tuple(dict.fromkeys(out))

    @property
    def display_words(self) -> tuple[str, ...]:
        """How the query was understood, for the reader: words, "phrases", 或, -exclusions."""
        shown = [_display(child) for child in _top_level(self.root)]
        shown.extend(f"地区:{d}" for d in self.districts)
        shown.extend(f"日期:{_date_label(d)}" for d in self.dates)
        shown.extend(f"人物:{n}" for n in self.people)
        shown.extend(f"机构:{n}" for n in self.organisations)
        shown.extend(f"署名:{n}" for n in self.authors)
        return tuple(s for s in shown if s)


def _top_level(root: Node | None) -> tuple[Node, ...]:
    if root is None:
        return ()
    return root.children if isinstance(root, And) else (root,)


def _walk(node: Node | None, negated: bool) -> Iterator[tuple[Clause, bool]]:
    if node is None:
        return
    if isinstance(node, Clause):
        yield node, negated
    elif isinstance(node, Not):
        yield from _walk(node.child, not negated)
    else:
        for child in node.children:
            yield from _walk(child, negated)


def _display(node: Node, nested: bool = False) -> str:
    if isinstance(node, Clause):
        return node.label
    if isinstance(node, Not):
        return "-" + _display(node.child, True)
    joiner = " 或 " if isinstance(node, Or) else " "
    text = joiner.join(_display(c, True) for c in node.children)
    return f"({text})" if nested else text


def _date_label(d: DateFilter) -> str:
    return d.prefix or f"{d.date_from or ''}..{d.date_to or ''}"


# ---------------------------------------------------------------- lexing

# Token kinds: WORD (value), PHRASE (value), OR, AND, NOT, NEG ("-" before a term),
# FIELD (name), OPEN, CLOSE.
Token = tuple[str, str]


def _split_word(word: str, tokens: list[Token], warnings: list[str]) -> None:
    """A run of non-space, non-quote characters: operators, a leading -, a field prefix, a word."""
    if word in _OR_WORDS:
        tokens.append(("OR", word))
        return
    if word in ("AND", "&&"):
        tokens.append(("AND", word))
        return
    if word == "NOT":
        tokens.append(("NOT", word))
        return
    while word[:1] in ("-", "－"):
        tokens.append(("NEG", word[0]))
        word = word[1:]
    m = _FIELD_PREFIX.match(word)
    if m:
        name = m.group(1)
        known = FIELD_ALIASES.get(name.lower())
        if known:
            tokens.append(("FIELD", known))
            word = word[m.end() :]
        elif word[m.end() :]:
            # An unknown field: search what follows the colon, as words.
            warnings.append(f"没有“{name}:”这个字段，已按普通词搜索；可用字段见帮助")
            word = word[m.end() :]
    if word:
        tokens.append(("WORD", word))


def _lex(text: str, warnings: list[str]) -> list[Token]:
    """Split into tokens, honouring quotes; close an unbalanced quote."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    buf = ""

    def flush() -> None:
        nonlocal buf
        if buf:
            _split_word(buf, tokens, warnings)
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
            flush()  # a prefix such as - or title: becomes its own token; other text a word
            tokens.append(("PHRASE", text[i + 1 : j]))
            i = j + 1
            continue
        if ch.isspace() or ch in _OPEN or ch in _CLOSE or ch in _BAR:
            flush()
            if ch in _OPEN:
                tokens.append(("OPEN", ch))
            elif ch in _CLOSE:
                tokens.append(("CLOSE", ch))
            elif ch in _BAR:
                tokens.append(("OR", ch))
        else:
            buf += ch
        i += 1
    flush()
    return tokens


# ---------------------------------------------------------------- parsing


class _Parser:
    """Recursive descent over the tokens: query := term+ ; term := unary (OR unary)* ;
    unary := (- | NOT) unary | FIELD unary | ( query ) | WORD | PHRASE."""

    def __init__(self, tokens: list[Token], warnings: list[str]):
        self.tokens = tokens
        self.pos = 0
        self.warnings = warnings
        self.districts: list[str] = []
        self.dates: list[DateFilter] = []
        self.names: dict[str, list[str]] = {name: [] for name in NAME_FIELDS}
        self.clause_count = 0
        self.word_count = 0
        self.single_count = 0
        self.made: dict[tuple, Clause] = {}  # every distinct clause made, by what it searches

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def query(self, depth: int = 0, closing: bool = False) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            kind = self.peek()
            if kind == "CLOSE":
                if closing:
                    break
                self.take()
                self.warnings.append("多余的右括号，已忽略")
                continue
            if kind == "AND":
                self.take()
                if not parts:
                    self.warnings.append("开头的 AND 没有前项，已忽略")
                elif self.peek() in (None, "CLOSE"):
                    self.warnings.append("结尾的 AND 没有后项，已忽略")
                continue
            if kind == "OR":
                self.take()
                self.warnings.append(("开头的 OR 没有前项，已忽略" if not parts else "多余的 OR，已忽略"))
                continue
            node = self.term(depth)
            if node is not None:
                parts.append(node)
        flat = [c for p in parts for c in (p.children if isinstance(p, And) else (p,))]
        return _and(self.fold(flat))

    def fold(self, nodes: list[Node]) -> list[Node]:
        """Each distinct node once (中国 中国 中国 is 中国), with a warning naming what was folded."""
        seen: dict[tuple, Node] = {}
        for node in nodes:
            key = _key(node)
            if key in seen:
                self.warnings.append(f"重复的“{_display(node, True)}”只算一次")
            else:
                seen[key] = node
        return list(seen.values())

    def term(self, depth: int) -> Node | None:
        options: list[Node] = []
        first = self.unary(depth, "")
        if first is not None:
            options.append(first)
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, "CLOSE", "OR", "AND"):
                self.warnings.append("结尾的 OR 没有后项，已忽略")
                break
            if not options:
                self.warnings.append("开头的 OR 没有前项，已忽略")
            nxt = self.unary(depth, "")
            if nxt is not None:
                options.append(nxt)
        if not options:
            return None
        options = self.fold(options)
        if len(options) > MAX_ALTERNATIVES:
            self.warnings.append(f"“或”连接的选项太多，只用了前{MAX_ALTERNATIVES}个")
            options = options[:MAX_ALTERNATIVES]
        return options[0] if len(options) == 1 else Or(tuple(options))

    def unary(self, depth: int, field_name: str) -> Node | None:
        kind = self.peek()
        if kind is None:
            return None
        if kind in ("NEG", "NOT"):
            self.take()
            if self.peek() in (None, "CLOSE", "OR", "AND"):
                self.warnings.append("单独的“-”或 NOT 没有要排除的词，已忽略")
                return None
            child = self.unary(depth, field_name)
            return Not(child) if child is not None else None
        if kind == "FIELD":
            _, name = self.take()
            if self.peek() not in ("WORD", "PHRASE", "OPEN"):
                self.warnings.append(f"“{FIELD_LABELS[name]}:”后面没有内容，已忽略")
                return None
            if name in ("district", "date") or name in NAME_FIELDS:
                self.filter(name)
                return None
            return self.unary(depth, name)
        if kind == "OPEN":
            self.take()
            if depth >= MAX_DEPTH:
                self.warnings.append("括号嵌套太深，内层括号已忽略")
                inner = self.query(depth, closing=True)
            else:
                inner = self.query(depth + 1, closing=True)
            if self.peek() == "CLOSE":
                self.take()
            else:
                self.warnings.append("括号未闭合，已自动补全")
            if inner is not None and field_name:
                inner = _with_field(inner, field_name)
            return inner
        if kind in ("WORD", "PHRASE"):
            _, value = self.take()
            return self.clause(value, kind == "PHRASE", field_name)
        self.take()  # an operator where a term was expected: dropped by the caller's warnings
        return None

    def filter(self, name: str) -> None:
        kind, value = self.take()
        if kind == "OPEN":  # district:(…) makes no sense: read the words up to the bracket
            words = []
            while self.peek() not in (None, "CLOSE"):
                words.append(self.take()[1])
            if self.peek() == "CLOSE":
                self.take()
            value = " ".join(words)
        value = value.strip()
        if not value:
            self.warnings.append(f"“{FIELD_LABELS[name]}:”后面没有内容，已忽略")
        elif name == "district":
            self.districts.append(value)
        elif name in NAME_FIELDS:
            if value not in self.names[name]:
                self.names[name].append(value)
        else:
            parsed = parse_date_filter(value)
            if parsed is None:
                self.warnings.append(
                    f"日期“{value[:20]}”看不懂，已忽略（可写 2021、2021-08、2021-08-01 或 2021-08-01..2021-09-30）"
                )
            else:
                self.dates.append(parsed)

    def clause(self, raw: str, quoted: bool, field_name: str) -> Clause | None:
        text = compact(raw)
        if not text:
            return None
        if quoted:
            made = Clause(raw=raw, text=text, words=(text,), phrase=True, field=field_name)
        elif len(text) == 1:
            made = Clause(raw=raw, text=text, words=(text,), field=field_name)
        elif is_punctuation(text):
            self.warnings.append(f"忽略了只含标点的“{raw}”（要搜标点请加引号）")
            return None
        else:
            words = tuple(query_words(text)) or (text,)
            made = Clause(raw=raw, text=text, words=words, field=field_name)
        key = _key(made)
        if key in self.made:  # typed again: the same clause, folded where it repeats (fold)
            return self.made[key]
        if self.clause_count >= MAX_CLAUSES:
            self.warnings.append(f"词太多，只用了前{MAX_CLAUSES}个")
            return None
        if not quoted and len(text) == 1:
            if self.single_count >= MAX_SINGLE_CHARS:
                self.warnings.append(
                    f"单字太多，只用了前{MAX_SINGLE_CHARS}个（单字几乎每篇文章都有；请输入词语，或给连在一起的字加引号）")
                return None
            self.single_count += 1
        room = MAX_WORDS - self.word_count
        if len(made.words) > room:
            self.warnings.append(f"查询的词语太多，只用了前{MAX_WORDS}个（长段落请摘几个关键词，或给一句话加引号）")
            if room <= 0:
                return None
            made = Clause(raw=made.raw, text=made.text, words=made.words[:room], field=made.field)
        self.word_count += len(made.words)
        self.clause_count += 1
        self.made[key] = made
        return made


def _and(parts: list[Node]) -> Node | None:
    flat: list[Node] = []
    for p in parts:
        flat.extend(p.children if isinstance(p, And) else (p,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _key(node: Node) -> tuple:
    """What a node searches, whatever way it was typed: equal keys find the same articles."""
    if isinstance(node, Clause):
        return ("clause", node.text, node.words, node.phrase, node.field)
    if isinstance(node, Not):
        return ("not", _key(node.child))
    return (type(node).__name__, tuple(_key(c) for c in node.children))


def _with_field(node: Node, name: str) -> Node:
    """title:(a OR b): the field applies to every clause inside that has none of its own."""
    if isinstance(node, Clause):
        return node if node.field else Clause(node.raw, node.text, node.words, node.phrase, name)
    if isinstance(node, Not):
        return Not(_with_field(node.child, name))
    return type(node)(tuple(_with_field(c, name) for c in node.children))


def _date_prefix(value: str) -> tuple[str, str, str] | None:
    """'2021', '2021-8', '2021-08-01' -> (prefix, first day, last day); None if not a date."""
    # 2021-08-01, 2021/8/1, 2021.8.1 and 2021年8月1日 alike
    value = value.strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").replace("日", "")
    m = _DATE_VALUE.match(value.rstrip("-"))
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            d = dt.date(int(year), int(month), int(day))
            iso = d.isoformat()
            return iso, iso, iso
        if month:
            first = dt.date(int(year), int(month), 1)
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first.isoformat()[:7], first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()
        return year, f"{year}-01-01", f"{year}-12-31"
    except ValueError:
        return None


def parse_date_filter(value: str) -> DateFilter | None:
    """A date: value: 2021, 2021-08, 2021-08-01, or a range a..b (either end may be left open)."""
    if ".." in value:
        start, _, end = value.partition("..")
        lo = _date_prefix(start) if start.strip() else None
        hi = _date_prefix(end) if end.strip() else None
        if (start.strip() and lo is None) or (end.strip() and hi is None) or (lo is None and hi is None):
            return None
        date_from, date_to = (lo[1] if lo else None), (hi[2] if hi else None)
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return DateFilter(date_from=date_from, date_to=date_to)
    found = _date_prefix(value)
    return DateFilter(prefix=found[0]) if found else None


def parse_query(text: str) -> ParsedQuery:
    """Parse what the user typed; repairs go into warnings, nothing raises."""
    warnings: list[str] = []
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        warnings.append(f"查询过长，只用了前{MAX_QUERY_CHARS}个字符")
    parser = _Parser(_lex(text, warnings), warnings)
    root = parser.query()
    return ParsedQuery(
        root=root,
        districts=tuple(parser.districts),
        dates=tuple(parser.dates),
        people=tuple(parser.names["person"]),
        organisations=tuple(parser.names["org"]),
        authors=tuple(parser.names["author"]),
        warnings=tuple(dict.fromkeys(warnings)),
    )


# A date: or district: filter as typed in the query, with its value (quoted, bracketed or up to the
# next space), at the start of the query or after a space, bracket or bar; a leading - is part of it.
_TYPED_FILTER = re.compile(
    r"(?<![^\s(（|｜])[-－]*(?P<name>date|日期|district|地区)[:：]"
    r"(?:\s*)(?:“[^”]*”?|\"[^\"]*\"?|＂[^＂]*＂?|[(（][^)）]*[)）]?|[^\s()（）|｜\"“＂]+)",
    re.IGNORECASE,
)


def typed_filters(text: str, kind: str) -> list[str]:
    """The date: (kind "date") or district: ("district") filters typed in a query, as typed."""
    return [m.group(0) for m in _TYPED_FILTER.finditer(text or "") if FIELD_ALIASES[m.group("name").lower()] == kind]


def without_filters(text: str, kinds: tuple[str, ...]) -> str | None:
    """The query as typed without its date: and/or district: filters (what a looser search
    types); None where that cannot be done cleanly (the shortened query still holds one)."""
    def drop(m: re.Match) -> str:
        return " " if FIELD_ALIASES[m.group("name").lower()] in kinds else m.group(0)

    shorter = " ".join(_TYPED_FILTER.sub(drop, text or "").split())
    parsed = parse_query(shorter)
    if ("date" in kinds and parsed.dates) or ("district" in kinds and parsed.districts):
        return None
    return shorter


def phrase_query(text: str, field_name: str = "") -> ParsedQuery:
    """A query for exactly this literal string (used by tests and exact-match callers)."""
    c = compact(text)
    if not c:
        return ParsedQuery()
    return ParsedQuery(root=Clause(raw=text, text=c, words=(c,), phrase=True, field=field_name))
