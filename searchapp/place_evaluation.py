"""Places measured against People's Daily 1998's own place-name tags.

    searchapp evaluate --places ../shared/corpora/pd1998/199801.utf8.txt.xz --dates 01-20

The corpus (PFR, one paragraph a line, `word/tag`, ids date-page-article-paragraph) tags place
names `/ns`. The gold of an article is its county-level names as the corpus tags them:

* an `/ns` word (or bracketed `[…]ns` compound) that is the full name of a county-level unit in
  the article's year (延庆县, 易县, 白沙黎族自治县) — or in another year where no unit bore it
  then (汾阳县, a 市 since 1996, printed in 1998) — or is one with what follows it (浦东/ns
  新区/n, 松桃/ns 苗族/nz 自治县/n, 乐平/ns 市委/n);
* the members of a coordinated list of `/ns` words whose suffix is written once: 张北/ns 、
  尚义/ns 、 万全/ns 、 康保县/ns gives 张北县, 尚义县, 万全县 and 康保县, and so does
  张北/ns 、 尚义/ns 两/m 县/q — where the member plus the suffix is a county-level name then.

Our tags are `districts_in(title and paragraphs, "人民日报", date)` at county level. A gold name
is found when the article is tagged with it (as printed) or with the unit that holds it today
(its successor); a tag is right when it is, or holds today, a gold name of the article.
Days 01-20 are for tuning, 21-31 the held-out check.
"""

from __future__ import annotations

import gzip
import lzma
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .districts import districts_in
from .gazetteer import gazetteer

_ID = re.compile(r"^(\d{8})-(\d{2})-(\d{3})-(\d{3})/m$")
_TOKEN = re.compile(r"^(\[?)(.+?)/([A-Za-z]+)(\][A-Za-z]+)?$")
_COUNT = set("两三四五六七八九十几等")
_LAST_SEPARATORS = {"和", "与", "及"}
SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗")
NEWSPAPER = "人民日报"


@dataclass
class GoldArticle:
    """One article of the corpus: its text as printed and the county-level names it tags."""

    key: str  # 19980105-04-002
    date: str  # 1998-01-05
    text: str
    gold: set[str] = field(default_factory=set)


def read_corpus(path: str | Path) -> str:
    """The corpus as text (.xz, .gz or plain UTF-8)."""
    p = str(path)
    opener = lzma.open if p.endswith(".xz") else gzip.open if p.endswith(".gz") else open
    with opener(p, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return fh.read()


def _county_then(name: str, year: int) -> bool:
    """A county-level name in that year; or one in another year, where nothing else bore it then (汾阳县 in 1998), the nearest in time."""
    return any(u.level == "county" for u in gazetteer().units_named(name, year))


def _county_valid(name: str, year: int) -> bool:
    return any(u.level == "county" and u.valid_in(year) for u in gazetteer().by_name.get(name, ()))


def gold_names(tokens: list[tuple[str, str]], year: int) -> set[str]:
    """County-level names a paragraph's (word, tag) tokens name, by the rules above."""
    names: set[str] = set()
    for i, (w, tag) in enumerate(tokens):
        if tag != "ns":
            continue
        if _county_then(w, year):
            names.add(w)
            continue
        # 乐平/ns 市委/n: the suffix begins the next word.
        if i + 1 < len(tokens) and tokens[i + 1][0][:1] in "县区市旗" and _county_then(w + tokens[i + 1][0][0], year):
            names.add(w + tokens[i + 1][0][0])
            continue
        # 浦东/ns 新区/n, 松桃/ns 苗族/nz 自治县/n: the place tagged, its suffix a word of its own.
        joined = w
        for following, _ in tokens[i + 1 : i + 4]:
            joined += following
            if _county_then(joined, year):
                names.add(joined)
                break
    # Coordinated lists: ns 、 ns 、 … ns+suffix, or ns 、 ns 两县.
    i = 0
    while i < len(tokens):
        if tokens[i][1] != "ns":
            i += 1
            continue
        j = i
        members = [tokens[i][0]]
        while j + 2 < len(tokens) and (tokens[j + 1][0] == "、" or tokens[j + 1][0] in _LAST_SEPARATORS) and tokens[j + 2][1] == "ns":
            members.append(tokens[j + 2][0])
            j += 2
        suffix = None
        last = members[-1]
        full = [s for s in SUFFIXES if last.endswith(s) and _county_then(last, year)]
        if full and len(members) > 1:
            suffix = full[0]
            members = members[:-1]
        elif j + 2 < len(tokens) and tokens[j + 1][0] in _COUNT and tokens[j + 2][0] in SUFFIXES and len(members) > 1:
            suffix = tokens[j + 2][0]
        if suffix:
            for m in members:
                if _county_then(m, year):
                    continue
                if _county_valid(m + suffix, year):
                    names.add(m + suffix)
                else:  # 湘乡、醴陵、临澧三县（市）: 湘乡市 and 醴陵市 too
                    same_stem = {u.name for u in gazetteer().units_short(m, year) if u.level == "county"}
                    if len(same_stem) == 1:
                        names |= same_stem
        i = j + 1
    return names


def _tokens(line: str) -> tuple[str | None, list[tuple[str, str]], list[str]]:
    """(article key, flat (word, tag) tokens with [..]ns compounds joined as ns, the words)."""
    parts = line.split()
    if not parts:
        return None, [], []
    m = _ID.match(parts[0])
    if not m:
        return None, [], []
    key = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    tokens: list[tuple[str, str]] = []
    words: list[str] = []
    compound: list[str] | None = None
    for raw in parts[1:]:
        t = _TOKEN.match(raw)
        if not t:
            continue
        opening, word, tag, closing = t.groups()
        word = re.sub(r"\{[a-z]+[0-9]?\}", "", word)
        words.append(word)
        if opening:
            compound = []
        if compound is not None:
            compound.append(word)
            tokens.append((word, tag))
            if closing:
                whole = "".join(compound)
                if closing == "]ns":
                    tokens.append((whole, "ns"))
                compound = None
        else:
            tokens.append((word, tag))
    return key, tokens, words


def gold_articles(path: str | Path, days: tuple[int, int] = (1, 31)) -> list[GoldArticle]:
    """The corpus's articles on the given days of the month, with their gold names."""
    articles: dict[str, GoldArticle] = {}
    for line in read_corpus(path).split("\n"):
        key, tokens, words = _tokens(line)
        if key is None or not days[0] <= int(key[6:8]) <= days[1]:
            continue
        date = f"{key[:4]}-{key[4:6]}-{key[6:8]}"
        a = articles.setdefault(key, GoldArticle(key=key, date=date, text=""))
        a.text += ("\n" if a.text else "") + "".join(words)
        a.gold |= gold_names(tokens, int(key[:4]))
    return list(articles.values())


def _today_name(name: str, year: int) -> set[str]:
    g = gazetteer()
    return {g.today(u).name for u in g.units_named(name, year) if u.level == "county"}


def evaluate_places(path: str | Path, days: tuple[int, int] = (1, 20), examples: int = 12) -> dict:
    """County-level recall and precision of `districts_in` against the corpus's /ns tags."""
    started = time.perf_counter()
    found = gold_total = right = tagged = 0
    missed: Counter = Counter()
    wrong: Counter = Counter()
    articles = gold_articles(path, days)
    for a in articles:
        year = int(a.date[:4])
        ours = [d for d in districts_in(a.text, NEWSPAPER, date=a.date) if d.level == "county"]
        gold_today = {t: g for g in a.gold for t in _today_name(g, year)}
        for g in a.gold:
            gold_total += 1
            if any(d.name == g or d.current in _today_name(g, year) for d in ours):
                found += 1
            else:
                missed[g] += 1
        for d in ours:
            tagged += 1
            if d.name in a.gold or d.current in gold_today:
                right += 1
            else:
                wrong[d.name] += 1
    recall = found / gold_total if gold_total else 0.0
    precision = right / tagged if tagged else 0.0
    return {
        "days": f"{days[0]:02d}-{days[1]:02d}",
        "articles": len(articles),
        "gold": gold_total,
        "tagged": tagged,
        "recall": recall,
        "precision": precision,
        "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        "missed": missed.most_common(examples),
        "wrong": wrong.most_common(examples),
        "seconds": time.perf_counter() - started,
    }


def parse_days(text: str) -> tuple[int, int]:
    """"01-20" -> (1, 20); "21" -> (21, 21). ValueError on anything else."""
    m = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", text.strip())
    if not m:
        raise ValueError(f"--dates 应为 DD-DD（如 01-20），收到 {text!r}")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    if not 1 <= lo <= hi <= 31:
        raise ValueError(f"--dates 应为 01 到 31 之间的日期范围，收到 {text!r}")
    return lo, hi


def format_report(r: dict) -> str:
    """The figures as printed by `searchapp evaluate --places`."""
    lines = [
        f"days {r['days']}: {r['articles']} articles, {r['gold']} gold county-level names, {r['tagged']} tagged",
        f"county level: recall {r['recall']:.3f}  precision {r['precision']:.3f}  F1 {r['f1']:.3f}",
        "missed: " + ("、".join(f"{n}×{c}" for n, c in r["missed"]) or "-"),
        "wrong:  " + ("、".join(f"{n}×{c}" for n, c in r["wrong"]) or "-"),
        f"({r['seconds']:.1f} s)",
    ]
    return "\n".join(lines)
