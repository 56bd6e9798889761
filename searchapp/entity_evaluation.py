"""People and organisations measured against People's Daily 1998's own name tags.

    searchapp evaluate --people ../shared/corpora/pd1998/199801.utf8.txt.xz --dates 01-20
    searchapp evaluate --orgs ../shared/corpora/pd1998/199801.utf8.txt.xz --dates 21-31

The corpus tags every person's name `/nr`, a Chinese name as two tokens (江/nr 泽民/nr: one
name, 江泽民), a foreign one as one (克林顿/nr), reporters in bylines included; organisations
`/nt` (新华社/nt) or as a bracketed compound (`[中央/n 电视台/n]nt`: 中央电视台). The gold of an
article is the set of its names; ours is `entities_of(first line as title, the other lines as
paragraphs, "人民日报", date)`: people and authors together against `/nr` (a byline is a
paragraph there), organisations against `/nt`. A name counts where it is the same string
(full-width forms folded). Recall is the share of gold names found, precision the share of ours
that are gold, both counted per article. Days 01-20 are for tuning and training, 21-31 the
held-out check.

Abbreviations are a category of their own in the corpus (`/j`: 欧盟/j, 北约/j, 国家教委/j,
中宣部/j), whatever they abbreviate, so it does not say whether one is an organisation. An
organisation of ours printed in the article only as such a token is left unjudged: counted
neither right nor wrong (precision leaves it out; the report says how many, and gives the strict
precision that counts them wrong). Everything else the corpus does type (解放军/n) is judged.
"""

from __future__ import annotations

import gc
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .entities import entities_of, fold, warm_up
from .place_evaluation import parse_days, read_corpus  # noqa: F401  (parse_days re-exported for the CLI)

_ID = re.compile(r"^(\d{8})-(\d{2})-(\d{3})-(\d{3})/m$")
_TOKEN = re.compile(r"^(\[?)(.+?)/([A-Za-z]+)(\][A-Za-z]+)?$")
NEWSPAPER = "人民日报"


@dataclass
class GoldArticle:
    """One article of the corpus: its lines, and its names with where they stand."""

    key: str  # 19980105-04-002
    date: str  # 1998-01-05
    lines: list[str] = field(default_factory=list)
    people: list[tuple[int, int, int]] = field(default_factory=list)  # (line, start, end) of each /nr name
    organisations: list[tuple[int, int, int]] = field(default_factory=list)
    compound_tails: list[str] = field(default_factory=list)  # last word of each [..]nt compound (for training only)
    abbreviations: set[str] = field(default_factory=set)  # words tagged /j on their own (欧盟): untyped by the corpus

    def names(self, spans: list[tuple[int, int, int]]) -> set[str]:
        return {fold(self.lines[n][s:e]) for n, s, e in spans}

    @property
    def gold_people(self) -> set[str]:
        return self.names(self.people)

    @property
    def gold_organisations(self) -> set[str]:
        return self.names(self.organisations)


def _line(parts: list[str], tails: list[str] | None = None, abbreviations: set[str] | None = None) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """A paragraph's text with the spans of its person and organisation names (and, into
    `tails`, the last word of each bracketed organisation; into `abbreviations`, each word tagged
    /j outside a bracketed name)."""
    text = ""
    people: list[tuple[int, int]] = []
    orgs: list[tuple[int, int]] = []
    compound_start: int | None = None
    prev_nr: tuple[int, int, int] | None = None  # (start, end, tokens) of the name being read
    for raw in parts:
        t = _TOKEN.match(raw)
        if not t:
            continue
        opening, word, tag, closing = t.groups()
        word = re.sub(r"\{[a-z]+[0-9]?\}", "", word)
        start = len(text)
        if opening:
            compound_start = start
        text += word
        if tag == "nr":
            # Surname and given name are two tokens: one name (江/nr 泽民/nr).
            if prev_nr is not None and prev_nr[1] == start and prev_nr[2] == 1 and len(text[prev_nr[0] : start]) <= 2:
                people[-1] = (prev_nr[0], len(text))
                prev_nr = (prev_nr[0], len(text), 2)
            else:
                people.append((start, len(text)))
                prev_nr = (start, len(text), 1)
        else:
            prev_nr = None
        if tag == "nt" and compound_start is None:
            orgs.append((start, len(text)))
        if tag == "j" and compound_start is None and abbreviations is not None:
            abbreviations.add(fold(word))
        if closing:
            if closing == "]nt" and compound_start is not None:
                orgs.append((compound_start, len(text)))
                if tails is not None:
                    tails.append(word)
            compound_start = None
    return text, people, orgs


def gold_articles(path: str | Path, days: tuple[int, int] = (1, 31)) -> list[GoldArticle]:
    """The corpus's articles on the given days of the month, with their names."""
    articles: dict[str, GoldArticle] = {}
    for raw in read_corpus(path).split("\n"):
        parts = raw.split()
        if not parts:
            continue
        m = _ID.match(parts[0])
        if not m or not days[0] <= int(m.group(1)[6:8]) <= days[1]:
            continue
        key = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        a = articles.setdefault(key, GoldArticle(key=key, date=f"{key[:4]}-{key[4:6]}-{key[6:8]}"))
        text, people, orgs = _line(parts[1:], a.compound_tails, a.abbreviations)
        n = len(a.lines)
        a.lines.append(text)
        a.people += [(n, s, e) for s, e in people]
        a.organisations += [(n, s, e) for s, e in orgs]
    return list(articles.values())


def found_in(a: GoldArticle):
    """Our entities of a corpus article."""
    return entities_of(a.lines[0] if a.lines else "", a.lines[1:], newspaper=NEWSPAPER, date=a.date)


def evaluate_entities(path: str | Path, days: tuple[int, int] = (1, 20), examples: int = 15, articles: list[GoldArticle] | None = None,
                      errors: list | None = None) -> dict:
    """Article-level recall and precision of people (with authors) and of organisations; each
    organisation missed or wrong appended to `errors` where given (`organisation_errors`)."""
    started = time.perf_counter()
    articles = gold_articles(path, days) if articles is None else articles
    tallies = {kind: {"gold": 0, "found": 0, "ours": 0, "right": 0, "unjudged": 0, "missed": Counter(), "wrong": Counter()} for kind in ("people", "organisations")}
    chars = 0
    extract_seconds = 0.0
    warm_up()  # the models loaded before the clock starts: the cost per character, not per process
    gc.collect()  # and what came before collected (train_entities --dev trains in this process): not charged to extraction
    for a in articles:
        chars += sum(len(line) for line in a.lines)
        t0 = time.process_time()  # CPU time: the machine may be shared
        e = found_in(a)
        extract_seconds += time.process_time() - t0
        ours = {"people": set(e.people) | set(e.authors), "organisations": set(e.organisations)}
        gold = {"people": a.gold_people, "organisations": a.gold_organisations}
        for kind, t in tallies.items():
            t["gold"] += len(gold[kind])
            t["ours"] += len(ours[kind])
            t["found"] += len(gold[kind] & ours[kind])
            if kind == "people":
                # A lone surname (江/nr in 江主席) is the person the article names in full: found
                # where one of our names opens with it (江泽民); ours never holds a lone surname.
                lone = {g for g in gold[kind] - ours[kind] if len(g) == 1}
                hit = {g for g in lone if any(o.startswith(g) for o in ours[kind])}
                t["found"] += len(hit)
                t["lone"] = t.get("lone", 0) + len(lone)
                t["lone_hit"] = t.get("lone_hit", 0) + len(hit)
                gold[kind] = gold[kind] - hit
            else:
                # An abbreviation the corpus leaves untyped (欧盟/j) and ours calls an organisation.
                unjudged = {o for o in ours[kind] - gold[kind] if o in a.abbreviations}
                t["unjudged"] += len(unjudged)
                ours[kind] = ours[kind] - unjudged
            t["right"] += len(ours[kind] & gold[kind])
            t["missed"].update(gold[kind] - ours[kind])
            t["wrong"].update(ours[kind] - gold[kind])
        if errors is not None:
            errors += organisation_errors(a, gold["organisations"], ours["organisations"])
    result = {"days": f"{days[0]:02d}-{days[1]:02d}", "articles": len(articles), "chars": chars}
    for kind, t in tallies.items():
        recall = t["found"] / t["gold"] if t["gold"] else 0.0
        precision = t["right"] / (t["ours"] - t["unjudged"]) if t["ours"] > t["unjudged"] else 0.0
        result[kind] = {
            "gold": t["gold"],
            "ours": t["ours"],
            "recall": recall,
            "precision": precision,
            "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
            "lone_surnames": (t.get("lone", 0), t.get("lone_hit", 0)),
            "unjudged": t["unjudged"],
            "strict_precision": t["right"] / t["ours"] if t["ours"] else 0.0,
            "missed": t["missed"].most_common(examples),
            "wrong": t["wrong"].most_common(examples),
        }
    result["seconds_per_million_chars"] = extract_seconds / chars * 1e6 if chars else 0.0
    result["seconds"] = time.perf_counter() - started
    return result


def _context(text: str, name: str, width: int = 12) -> str:
    """`name` where first printed in `text`, bracketed, with `width` characters either side."""
    at = text.find(name)
    if at < 0:
        return ""
    return (text[max(0, at - width) : at] + "[" + name + "]" + text[at + len(name) : at + len(name) + width]).replace("\n", "/")


def organisation_errors(a: GoldArticle, gold: set[str], ours: set[str]) -> list[tuple[str, str, str, str, str]]:
    """(article key, "missed" or "wrong", the name, where printed, the names of the other side
    overlapping it) for each organisation of one article found on one side only: what the
    error listing of `train_entities --dev --errors` prints."""
    text = "\n".join(fold(line) for line in a.lines)
    out = []
    for how, names, other in (("missed", gold - ours, ours), ("wrong", ours - gold, gold)):
        for name in sorted(names):
            near = sorted(o for o in other if o in name or name in o)
            out.append((a.key, how, name, _context(text, name), "、".join(near)))
    return out


def format_errors(errors: list[tuple[str, str, str, str, str]]) -> str:
    """One line an error, missed ones first: `missed 汇丰银行  香港[汇丰银行]的  (ours: 香港汇丰银行)`."""
    lines = []
    for key, how, name, context, near in sorted(errors, key=lambda e: (e[1], e[0])):
        lines.append(f"{how}\t{key}\t{name}\t{context}" + (f"\t(other side: {near})" if near else ""))
    return "\n".join(lines)


TARGETS = {"people": (0.90, 0.95), "organisations": (0.80, 0.90)}  # (recall, precision) on days 21-31


def format_report(r: dict, kinds: tuple[str, ...] = ("people", "organisations")) -> str:
    """The figures as printed by `searchapp evaluate --people / --orgs`."""
    lines = [f"days {r['days']}: {r['articles']} articles, {r['chars']:,} characters"]
    for kind in kinds:
        k = r[kind]
        goal = TARGETS[kind]
        lines += [
            f"{kind}: recall {k['recall']:.3f}  precision {k['precision']:.3f}  F1 {k['f1']:.3f}"
            f"  ({k['gold']} gold, {k['ours']} ours; held-out goal recall >= {goal[0]:.2f}, precision >= {goal[1]:.2f})",
            *([f"  abbreviations the corpus tags /j, not judged: {k['unjudged']} of ours (strict precision, counting them wrong: {k['strict_precision']:.3f})"] if k.get("unjudged") else []),
            *([f"  lone surnames (江 of 江主席): {k['lone_surnames'][0]} gold, {k['lone_surnames'][1]} found as a full name opening with them"] if k.get("lone_surnames", (0,))[0] else []),
            "  missed: " + ("、".join(f"{n}×{c}" for n, c in k["missed"]) or "-"),
            "  wrong:  " + ("、".join(f"{n}×{c}" for n, c in k["wrong"]) or "-"),
        ]
    lines.append(f"extraction {r['seconds_per_million_chars']:.2f} CPU s per million characters ({r['seconds']:.1f} s in all)")
    return "\n".join(lines)
