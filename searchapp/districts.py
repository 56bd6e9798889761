"""Districts: the places an article names, found in its text and resolved as of its date.

What a name means (which unit bore it in 1998, what that unit is today) is `gazetteer.py`;
this module finds the names. Rules, each pinned by tests/test_districts.py:

* **Full names** (小店区, 延庆县, 古交市) count where they start a word: 海城市 inside 上海城市
  does not (jieba cuts 上海/城市), nor 江南区 inside 江南区域 (the suffix starts another word).
* **Names as of the date**: a 1998 article's 延庆县 is the 延庆县 of 1998, placed under today's
  延庆区 (`District.today`); names no longer in use are found as well as today's.
* **Two-character names** (易县, 雄县, 新县) count where jieba reads them as one word (新县城 is a
  new county seat: 新/县城), after their province or city, or in a list of places. The ones that
  are ordinary words (城区, 郊区, 矿区, 东区) count only right after their own city's name.
* **Names whose stem is an ordinary word** (会同县: 会同 "together with", 平安县, 和平区,
  新华区) count only after their province or city, or in a list of places.
* **Lists whose suffix is written once**: 张北、尚义、万全、康保县 is four counties; so is 张北、
  尚义两县. Each member must be a county of the same province then.
* **Cities and provinces**: 太原市, 山西省, and short forms jieba reads as place names (太原, 山西)
  tag the article at city or province level where no county under them is named; 全市 / 我市 /
  本市 (全省 / 我省 …) stand for the paper's home city (province), known from its name
  (太原日报 -> 太原市, 山西日报 -> 山西省).
* **Shared names** (朝阳区 in Beijing and Changchun, 城区 in many cities) are resolved by the city
  or province right before them, then by the places the article (or its page, or the paper's
  home) names; still ambiguous: dropped rather than guessed.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from .gazetteer import NO_PLACE, SUFFIXES, Gazetteer, Unit, gazetteer, short_name  # noqa: F401  (NO_PLACE re-exported)
from .models import District

SUFFIX_CHARS = frozenset(s[-1] for s in SUFFIXES)
# Two-character names that are ordinary words wherever no city stands before them.
GENERIC_SHORT = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "新区", "市区"})
# jieba tags of words that are places or names of people: a stem with another tag is an ordinary word.
PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt"})
# Second characters of words that begin with a division suffix and still speak of the division
# (延庆县城, 县委, 区长, 市民): 江南区域 and 海城市场 are other words.
DIVISION_WORD_SECOND = frozenset("委长城里级直民区市县政府人大境内属辖")
LIST_SEPARATORS = "、"
LIST_LAST_SEPARATORS = "、和与及"
_COUNT_SUFFIX = re.compile(r"([两三四五六七八九十几]|等)(县|区|市|旗)")
HOME_WORDS = {"city": ("全市", "我市", "本市"), "province": ("全省", "我省", "本省")}
WINDOW = 8
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"^(\d{4})")


@lru_cache(maxsize=1)
def jieba_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of every word that is a division name or its stem."""
    g = gazetteer()
    wanted = set(g.by_name) | set(g.by_short) | {n[:-1] for n in g.by_name if len(n) == 2}
    wanted |= {n[:-len(s)] for n in g.by_name for s in SUFFIXES if n.endswith(s) and len(n) > len(s)}
    tags: dict[str, str] = {}
    with importlib.resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and parts[0] in wanted:
                tags[parts[0]] = parts[2]
    return tags


@dataclass
class Mention:
    """A name found in the text, with the units it may mean."""

    start: int
    end: int
    name: str  # the unit's full name (张北县 for 张北 in a list)
    units: list[Unit]
    how: str = "full"  # full | list | short | home


def _boundaries(text: str, start: int, end: int) -> set[int]:
    """Word boundaries (text offsets) of jieba's cut of a window around text[start:end]."""
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    cuts = {lo}
    pos = lo
    for token in rjieba.cut(text[lo:hi]):
        pos += len(token)
        cuts.add(pos)
    return cuts


def _token_at(text: str, cuts: set[int], pos: int) -> str:
    """The jieba word that starts at `pos` (cuts are its window's boundaries)."""
    following = [c for c in cuts if c > pos]
    return text[pos : min(following)] if following else text[pos:]


def _year(date: str | None) -> int | None:
    m = _YEAR.match(date or "")
    return int(m.group(1)) if m else None


class Finder:
    """Finds division names in text with the rules above, over one gazetteer."""

    def __init__(self, g: Gazetteer):
        self.g = g
        self.tags = jieba_tags()
        self.max_len = g.max_len
        self.max_short = max(len(s) for s in g.by_short)

    # -- context: what places a piece of text points at

    def _ordinary(self, name: str) -> bool:
        """Whether the name, or its stem, is an ordinary word in jieba's dictionary (会同县, 和平区)."""
        tag = self.tags.get(name)
        if tag is not None and tag not in PLACE_TAGS:
            return True
        stem = short_name(name)
        stem_tag = self.tags.get(stem)
        return stem != name and stem_tag is not None and stem_tag not in PLACE_TAGS and tag is None

    def _place_before(self, text: str, start: int, year: int | None) -> list[Unit]:
        """Province or city units whose name (full or short) ends right before `start`."""
        found: list[Unit] = []
        for length in range(min(start, self.max_len), 1, -1):
            piece = text[start - length : start]
            units = [u for u in self.g.units_named(piece, year) if u.level != "county"]
            units += [u for u in self.g.units_short(piece, year) if u.level != "county"]
            if units:
                found.extend(units)
                break
        return found

    def _contained(self, outer: list[Unit], inner: list[Unit]) -> list[Unit]:
        g = self.g
        return [u for u in inner if any(g.contains(g.today(o), g.today(u)) or g.contains(o, u) for o in outer)]

    # -- full names

    def full_mentions(self, text: str, year: int | None) -> list[Mention]:
        """Every full name the rules accept, places of all levels, longest first where they overlap."""
        found: list[Mention] = []
        by_name = self.g.by_name
        for i, ch in enumerate(text):
            if ch not in SUFFIX_CHARS:
                continue
            for length in range(min(self.max_len, i + 1), 1, -1):
                start = i - length + 1
                name = text[start : i + 1]
                if name not in by_name:
                    continue
                units = self.g.units_named(name, year)
                mention = self._accept_full(text, start, i + 1, name, units, year)
                if mention is not None:
                    found.append(mention)
                    break
        return _without_overlaps(found)

    def _accept_full(self, text: str, start: int, end: int, name: str, units: list[Unit], year: int | None) -> Mention | None:
        before = self._place_before(text, start, year)
        inside = self._contained(before, units) if before else []
        if inside and all(u.level == "county" for u in inside):
            return Mention(start, end, name, inside)
        cuts = _boundaries(text, start, end)
        if len(name) == 2:
            # 易县 as a word of its own (not 新/县城, not 牵涉/县里); 城区 and 矿区 need their city.
            if name in GENERIC_SHORT or self.tags.get(name, "ns") not in PLACE_TAGS:
                return None
            if start not in cuts or end not in cuts:
                return None
            return Mention(start, end, name, units)
        if start not in cuts:
            return None  # 海城市 in 上海/城市
        if end not in cuts and len(_token_at(text, cuts, end - 1)) > 1:
            token = _token_at(text, cuts, end - 1)
            if token[1] not in DIVISION_WORD_SECOND:
                return None  # 江南区 in 江南/区域
        if self._ordinary(name):
            return None  # 会同县: only after its city or in a list (added there)
        return Mention(start, end, name, units)

    # -- lists whose suffix is written once

    def list_mentions(self, text: str, anchors: list[Mention], year: int | None) -> list[Mention]:
        """张北、尚义、万全、康保县: the members before a full county name that share its suffix."""
        found: list[Mention] = []
        for anchor in anchors:
            county = [u for u in anchor.units if u.level == "county"]
            if not county:
                continue
            suffix = next(s for s in SUFFIXES if anchor.name.endswith(s) or s == anchor.name[-1:])
            found.extend(self._members_before(text, anchor.start, suffix, county, year, LIST_LAST_SEPARATORS))
        for m in _COUNT_SUFFIX.finditer(text):
            members = self._members_before(text, m.start(), m.group(2), None, year, "", first_without_separator=True)
            if len(members) >= 2:
                found.extend(members)
        return found

    def _members_before(
        self,
        text: str,
        pos: int,
        suffix: str,
        same_as: list[Unit] | None,
        year: int | None,
        first_separators: str,
        first_without_separator: bool = False,
    ) -> list[Mention]:
        members: list[Mention] = []
        separators = first_separators
        province_codes = {self.g.today(u).code[:2] for u in same_as} if same_as else None
        while True:
            if first_without_separator and not members:
                end = pos
            else:
                if pos == 0 or text[pos - 1] not in separators:
                    break
                end = pos - 1
            member = None
            for length in (4, 3, 2):
                stem = text[end - length : end] if end - length >= 0 else ""
                if len(stem) != length or not _HAN.fullmatch(stem[0]):
                    continue
                units = [u for u in self.g.units_named(stem + suffix, year) if u.level == "county"]
                if province_codes is not None:
                    units = [u for u in units if self.g.today(u).code[:2] in province_codes]
                if units:
                    member = Mention(end - length, end, stem + suffix, units, how="list")
                    break
            if member is None:
                break
            members.append(member)
            if province_codes is None:
                province_codes = {self.g.today(u).code[:2] for u in member.units}
            pos = member.start
            separators = LIST_SEPARATORS
            first_without_separator = False
        return members

    # -- cities and provinces by short name, and the paper's home

    def short_mentions(self, text: str, year: int | None) -> list[Mention]:
        """太原, 山西, 北京: short names of cities and provinces where jieba reads a place name."""
        found: list[Mention] = []
        by_short = self.g.by_short
        i = 0
        while i < len(text):
            hit = None
            for length in range(min(self.max_short, len(text) - i), 1, -1):
                stem = text[i : i + length]
                if stem not in by_short:
                    continue
                units = [u for u in self.g.units_short(stem, year) if u.level != "county"]
                if not units or self.tags.get(stem) not in ("ns", None):
                    continue
                cuts = _boundaries(text, i, i + length)
                if i in cuts and i + length in cuts:
                    provinces = [u for u in units if u.level == "province"]
                    hit = Mention(i, i + length, stem, provinces or units, how="short")
                    break
            if hit is not None:
                found.append(hit)
                i = hit.end
            else:
                i += 1
        return found

    def home_of(self, newspaper: str | None, year: int | None) -> list[Unit]:
        """The city or province a paper's name points at (太原日报 -> 太原市, 山西日报 -> 山西省)."""
        if not newspaper:
            return []
        for i in range(len(newspaper)):
            for length in range(min(self.max_len, len(newspaper) - i), 1, -1):
                piece = newspaper[i : i + length]
                units = [u for u in self.g.units_named(piece, year) + self.g.units_short(piece, year) if u.level != "county"]
                units = _unique_today(self.g, units)
                if len(units) == 1:
                    return units
        return []

    # -- everything together

    def resolve(
        self,
        text: str,
        newspaper: str | None = None,
        page_text: str = "",
        date: str | None = None,
        home: str | None = None,
    ) -> tuple[District, ...]:
        """The places named in `text`, in order of first mention, at the lowest level named."""
        year = _year(date)
        g = self.g
        full = self.full_mentions(text, year)
        county_full = [m for m in full if any(u.level == "county" for u in m.units)]
        mentions = _without_overlaps(full + self.list_mentions(text, county_full, year))
        shorts = [m for m in self.short_mentions(text, year) if not any(o.start < m.end and m.start < o.end for o in mentions)]
        home_units = self.home_of(home or newspaper, year)
        home_mentions = []
        for unit in home_units:
            for word in HOME_WORDS["city" if unit.level == "city" else "province"]:
                at = text.find(word)
                if at >= 0:
                    home_mentions.append(Mention(at, at + len(word), unit.name, [unit], how="home"))
                    break
        everything = sorted(mentions + shorts + home_mentions, key=lambda m: m.start)

        # Context for shared names: the unambiguous places of the article, its page, its paper.
        context = [u for m in everything if len(_today_codes(g, m.units)) == 1 for u in m.units[:1]]
        context += home_units
        if page_text:
            context += [m.units[0] for m in self.short_mentions(page_text[:4000], year) if len(m.units) == 1]
        chosen: list[tuple[Mention, Unit]] = []
        for m in everything:
            units = _unique_today(g, m.units)
            if len(units) > 1:
                narrowed = self._by_context(units, context)
                if len(narrowed) != 1:
                    continue
                units = narrowed
            chosen.append((m, units[0]))
        return _levels(g, chosen)

    def _by_context(self, units: list[Unit], context: list[Unit]) -> list[Unit]:
        g = self.g
        for level in ("county", "city", "province"):
            outer = [c for c in context if c.level == level]
            if level == "county":
                # A county named beside a shared name points at its own city (小店区 … 城区? no;
                # 北京市's 东城区 … 朝阳区: Beijing's).
                hits = [u for u in units if any(g.today(u).code[:4] == g.today(c).code[:4] for c in outer)]
            else:
                hits = self._contained(outer, units)
            hits = _unique_today(g, hits)
            if len(hits) == 1:
                return hits
        return units


def _today_codes(g: Gazetteer, units: list[Unit]) -> set[str]:
    return {g.today(u).code for u in units}


def _unique_today(g: Gazetteer, units: list[Unit]) -> list[Unit]:
    """One unit per unit of today (a name valid in a year of change appears under two codes)."""
    seen: dict[str, Unit] = {}
    for u in units:
        seen.setdefault(g.today(u).code, u)
    return list(seen.values())


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest first where two mentions share characters; then in text order."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _levels(g: Gazetteer, chosen: list[tuple[Mention, Unit]]) -> tuple[District, ...]:
    """Districts in order of first mention; a city or province is dropped where a place under it is named."""
    districts: list[District] = []
    for _, unit in chosen:
        d = g.district_for(unit)
        if d not in districts:
            districts.append(d)
    out = []
    for d in districts:
        if d.level == "province" and any(o.level != "province" and o.province == d.province for o in districts):
            continue
        if d.level == "city" and any(o.level == "county" and (o.province, o.city) == (d.province, d.city) for o in districts):
            continue
        out.append(d)
    return tuple(out)


@lru_cache(maxsize=1)
def finder() -> Finder:
    """The finder over the shipped gazetteer, built once per process."""
    return Finder(gazetteer())


def districts_in(
    text: str,
    newspaper: str | None = None,
    page_text: str = "",
    date: str | None = None,
    home: str | None = None,
) -> tuple[District, ...]:
    """Every place the text names, as of `date` (YYYY-MM-DD), at county, city or province level.

    `newspaper` (or `home`, a city or province name) gives the paper's home for 全市 / 我市 and
    for shared names; `page_text` is context from the rest of the page.
    """
    return finder().resolve(text, newspaper, page_text, date, home)
