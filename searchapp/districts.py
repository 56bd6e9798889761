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
* **Traditional characters** are folded first (延慶縣 is 延庆县), as the index folds them.
* **Shared names** (朝阳区 in Beijing and Changchun, 城区 in many cities) are resolved by the city
  or province right before them, then by the places the article (or its page, or the paper's
  home) names; still ambiguous: dropped rather than guessed.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rjieba

from .analysis import normalize
from .gazetteer import NO_PLACE, SUFFIXES, Gazetteer, Unit, gazetteer, short_name  # noqa: F401  (NO_PLACE re-exported)
from .models import District
from .resources import derived

SUFFIX_CHARS = frozenset(s[-1] for s in SUFFIXES)
# Two-character names that are ordinary words wherever no city stands before them.
GENERIC_SHORT = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "新区", "市区"})
# jieba tags of words that are places or names of people: a common stem with another tag is an
# ordinary word (会同 n, 平安 a, 和平 nz, 解放 v); jieba's tags of whole county names are too noisy
# to use (古交市 n, 交口县 n).
PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg"})
ORDINARY_FREQ = 300  # jieba frequency above which a non-place stem is a word people use
# Tags of single characters that cannot start a two-character place name on their own
# (和县 in 村集体和县、乡; 万县, 任县, 代县 in 一万县, 任县里): those need their city before them.
FUNCTION_TAGS = frozenset({"c", "p", "u", "r", "d", "m", "q", "f"})
# Second characters of words that begin with a division suffix and still speak of the division
# (延庆县城, 县委, 区长, 市民): 江南区域 and 海城市场 are other words.
DIVISION_WORD_SECOND = frozenset("委长城里级直民区市县政府人大境内属辖")
# Single characters that may stand right before a two-character county (到易县, 赴涉县).
MOTION_CHARS = frozenset("到赴去来回往至抵离出进入驻住留经")
LIST_SEPARATORS = "、"  # between members; the last may be joined by 和 / 与 / 及
LIST_LAST_SEPARATORS = "、和与及"
_COUNT_SUFFIX = re.compile(r"([两三四五六七八九十几]|等)(县|区|市|旗)")
# A city's short name before these is a street, a community or an institution named after it
# (辽阳路 in 晋中, 朝阳社区 in 太原, 北京交通大学, 北京冬奥会), not the city itself.
LOCAL_HEADS = ("路", "街", "巷", "社区", "小区", "村", "大道", "胡同", "广场", "公园", "桥", "里")
_INSTITUTION = re.compile(r"^[\u4e00-\u9fff]{0,4}?(大学|学院|中学|小学|医院|银行|冬奥会|奥运会|日报|晚报|电视台|电台)")
HOME_WORDS = {"city": ("全市", "我市", "本市"), "province": ("全省", "我省", "本省")}
WINDOW = 8  # characters of context either side of a name when jieba cuts around it
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@lru_cache(maxsize=1)
def jieba_tags() -> dict[str, tuple[str, int]]:
    """jieba's (part-of-speech tag, frequency) of every word that is a division name, its stem or a single character.

    Reading them from jieba's dictionary (349,000 lines) took 0.3-0.45 s, before any build could
    fork its workers: they are kept in the user's cache directory (`resources.derived`), keyed by
    the words wanted too, so a new jieba or gazetteer makes a new entry.
    """
    g = gazetteer()
    wanted = set(g.by_name) | set(g.by_short) | {n[:-1] for n in g.by_name if len(n) == 2}
    wanted |= {n[:-len(s)] for n in g.by_name for s in SUFFIXES if n.endswith(s) and len(n) > len(s)}

    def read() -> dict[str, tuple[str, int]]:
        tags: dict[str, tuple[str, int]] = {}
        with source.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3 and (parts[0] in wanted or len(parts[0]) == 1):
                    tags[parts[0]] = (parts[2], int(parts[1]))
        return tags

    source = _jieba_dictionary()
    return derived("jieba-tags", (source, Path(__file__)), "\n".join(sorted(wanted)), read)


def _jieba_dictionary():
    """jieba's dict.txt, found without importing jieba (its import alone took a tenth of a second)."""
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
        if path.exists():
            return path
    return importlib.resources.files("jieba").joinpath("dict.txt")


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


def _when(date: str | None) -> tuple[int | None, int | None]:
    """(year, month) of a YYYY-MM-DD date, None where unknown."""
    m = _DATE.match(date or "")
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


class Finder:
    """Finds division names in text with the rules above, over one gazetteer."""

    def __init__(self, g: Gazetteer):
        self.g = g
        self.tags = jieba_tags()
        self.max_len = g.max_len
        # Candidate lengths by a name's last two characters (full names) and first two (short
        # names): one dictionary probe per character of text instead of one per possible length.
        self.full_lengths = _lengths_by(g.by_name, lambda n: n[-2:])
        # Only cities and provinces are found by short name (counties only inside lists).
        upper = {stem for stem, units in g.by_short.items() if any(u.level != "county" for u in units)}
        self.short_lengths = _lengths_by(upper, lambda n: n[:2])
        # Positions where a short name may start: its first character followed by a possible second.
        firsts = "".join(sorted({n[0] for n in upper}))
        seconds = "".join(sorted({n[1] for n in upper}))
        self.short_heads = re.compile(f"(?=[{firsts}][{seconds}])")
        self.suffixes = re.compile("[" + "".join(sorted(SUFFIX_CHARS)) + "]")
        # Names of cities and provinces, full or short, by their last two characters (the place before a name).
        upper_names = {n for n, units in g.by_name.items() if any(u.level != "county" for u in units)}
        self.before_lengths = _lengths_by(upper_names | upper, lambda n: n[-2:])

    # -- what kind of word a name is

    def _ordinary(self, name: str) -> bool:
        """Whether the name's stem is a common word that is not a place (会同县, 平安县, 和平区, 解放区)."""
        stem = short_name(name)
        if stem == name:
            return False
        tag, freq = self.tags.get(stem, ("ns", 0))
        return tag not in PLACE_TAGS and freq >= ORDINARY_FREQ

    def _generic_two(self, name: str) -> bool:
        """Two-character names that are words or start with a function character (城区, 和县, 万县)."""
        if name in GENERIC_SHORT:
            return True
        tag, _ = self.tags.get(name, ("ns", 0))
        first, _ = self.tags.get(name[0], ("ns", 0))
        return tag not in PLACE_TAGS or first in FUNCTION_TAGS

    def _function_head(self, text: str, start: int, cuts: set[int]) -> bool:
        """向山区 in 开始向/山区, 万山区 in 254万/山区: the name's first character is a word of its own
        that cannot begin a place name (a preposition, a number)."""
        if start + 1 not in cuts:
            return False
        tag, _ = self.tags.get(text[start], ("ns", 0))
        return tag in FUNCTION_TAGS

    def _bound_to_previous(self, text: str, start: int, cuts: set[int]) -> bool:
        """A single character word right before (扎/达县): likely the head of a name jieba does not know."""
        if start == 0 or start - 1 not in cuts or not _HAN.fullmatch(text[start - 1]):
            return False
        tag, _ = self.tags.get(text[start - 1], ("x", 0))
        return tag not in FUNCTION_TAGS and text[start - 1] not in MOTION_CHARS

    def _units(self, name: str, when: tuple[int | None, int | None]) -> list[Unit]:
        return self.g.units_named(name, when[0], when[1])

    # -- context: the place a name follows

    def _place_before(self, text: str, start: int, when: tuple[int | None, int | None]) -> list[Unit]:
        """Province or city units whose name (full or short) ends right before `start`."""
        if start < 2:
            return []
        for length in self.before_lengths.get(text[start - 2 : start], ()):
            if length > start:
                continue
            piece = text[start - length : start]
            units = [u for u in self._units(piece, when) if u.level != "county"]
            units += [u for u in self.g.units_short(piece, when[0]) if u.level != "county"]
            if units:
                return units
        return []

    def _contained(self, outer: list[Unit], inner: list[Unit]) -> list[Unit]:
        g = self.g
        return [u for u in inner if any(g.contains(g.today(o), g.today(u)) or g.contains(o, u) for o in outer)]

    # -- full names

    def full_mentions(self, text: str, when: tuple[int | None, int | None]) -> tuple[list[Mention], list[Mention]]:
        """(accepted, deferred) full names: deferred ones are ordinary words that need the article's context."""
        accepted: list[Mention] = []
        deferred: list[Mention] = []
        by_name = self.g.by_name
        for m in self.suffixes.finditer(text, 1):
            i = m.start()
            for length in self.full_lengths.get(text[i - 1 : i + 1], ()):
                start = i - length + 1
                if start < 0:
                    continue
                name = text[start : i + 1]
                if name not in by_name:
                    continue
                # The longest name ending here is the one printed (扎达县, not 达县): judge it alone.
                verdict, mention = self._judge_full(text, start, i + 1, name, self._units(name, when), when)
                if verdict == "accept":
                    accepted.append(mention)
                elif verdict == "defer":
                    deferred.append(mention)
                break
        return _without_overlaps(accepted), deferred

    def _judge_full(
        self, text: str, start: int, end: int, name: str, units: list[Unit], when: tuple[int | None, int | None]
    ) -> tuple[str, Mention]:
        mention = Mention(start, end, name, units)
        before = self._place_before(text, start, when)
        if before:
            inside = self._contained(before, units)
            if inside and all(u.level == "county" for u in inside):
                return "accept", Mention(start, end, name, inside)
            if not inside and all(u.level == "county" for u in units):
                return "reject", mention  # 山东解放区: a place before it that does not hold it
        cuts = _boundaries(text, start, end)
        if start not in cuts or self._function_head(text, start, cuts):
            return "reject", mention  # 海城市 in 上海/城市, 向山区 in 向/山区
        if len(name) == 2:
            # 易县 as a word of its own (not 新/县城, not 牵涉/县里, not 扎/达县 of 扎达县);
            # 城区 and 矿区 need their city; 和县 its province in the article.
            if name in GENERIC_SHORT or end not in cuts or self._bound_to_previous(text, start, cuts):
                return "reject", mention
            return ("defer" if self._generic_two(name) else "accept"), mention
        if end not in cuts:
            token = _token_at(text, cuts, end - 1)
            if len(token) > 1 and token[1] not in DIVISION_WORD_SECOND:
                return "reject", mention  # 江南区 in 江南/区域
        if self._ordinary(name):
            return "defer", mention  # 会同县, 平遥县: only where the article is about its province
        return "accept", mention

    # -- lists whose suffix is written once

    def list_mentions(self, text: str, anchors: list[Mention], when: tuple[int | None, int | None]) -> list[Mention]:
        """张北、尚义、万全、康保县 and 张北、尚义两县: the members that share a suffix written once."""
        found: list[Mention] = []
        for anchor in anchors:
            county = [u for u in anchor.units if u.level == "county"]
            if not county:
                continue
            suffix = anchor.name[-1]
            found.extend(self._members_before(text, anchor.start, suffix, county, when, LIST_LAST_SEPARATORS))
        for m in _COUNT_SUFFIX.finditer(text):
            members = self._members_before(text, m.start(), m.group(2), None, when, "", first_without_separator=True)
            if len(members) >= 2:
                found.extend(members)
        return found

    def _member_units(self, stem: str, suffix: str, year: int | None) -> list[Unit]:
        """County-level units of that year named stem + suffix (张北县), else with that stem (景宁畲族自治县;
        醴陵市 in 湘乡、醴陵、临澧三县（市）)."""
        units = [u for u in self.g.by_name.get(stem + suffix, []) if u.level == "county" and (year is None or u.valid_in(year))]
        if not units:
            units = [u for u in self.g.units_short(stem, year) if u.level == "county"]
            units = [u for u in units if u.name.endswith(suffix)] or units
        return units

    def _members_before(
        self,
        text: str,
        pos: int,
        suffix: str,
        same_as: list[Unit] | None,
        when: tuple[int | None, int | None],
        first_separators: str,
        first_without_separator: bool = False,
    ) -> list[Mention]:
        members: list[Mention] = []
        separators = first_separators
        provinces = {self.g.today(u).code[:2] for u in same_as} if same_as else None
        while True:
            if first_without_separator and not members:
                end = pos
            else:
                if pos == 0 or text[pos - 1] not in separators:
                    break
                end = pos - 1
            member = None
            for length in (4, 3, 2):
                stem = text[end - length : end] if end >= length else ""
                if not stem or not all(_HAN.fullmatch(c) for c in stem):
                    continue
                units = self._member_units(stem, suffix, when[0])
                if provinces is not None:
                    units = [u for u in units if self.g.today(u).code[:2] in provinces]
                if units:
                    member = Mention(end - length, end, units[0].name, units, how="list")
                    break
            if member is None:
                break
            members.append(member)
            if provinces is None:
                provinces = {self.g.today(u).code[:2] for u in member.units}
            pos = member.start
            separators = LIST_SEPARATORS
            first_without_separator = False
        return members

    # -- cities and provinces by short name, and the paper's home

    def short_mentions(self, text: str, when: tuple[int | None, int | None]) -> list[Mention]:
        """太原, 山西, 北京: short names of cities and provinces where jieba reads a place name.

        Not where the name is a street's, a community's or an institution's (辽阳路, 朝阳社区,
        北京交通大学): an article that names a 朝阳社区 means the community by every 朝阳 in it.
        """
        found: list[Mention] = []
        local: set[str] = set()
        by_short = self.g.by_short
        lengths = self.short_lengths
        after = 0
        for m in self.short_heads.finditer(text):
            i = m.start()
            if i < after:
                continue
            hit = None
            for length in lengths.get(text[i : i + 2], ()):
                stem = text[i : i + length]
                if len(stem) != length or stem not in by_short:
                    continue
                units = [u for u in self.g.units_short(stem, when[0]) if u.level != "county"]
                if not units or self.tags.get(stem, ("ns", 0))[0] != "ns":
                    continue
                cuts = _boundaries(text, i, i + length)
                if i in cuts and i + length in cuts:
                    following = _token_at(text, cuts, i + length)
                    if following.startswith(LOCAL_HEADS):
                        local.add(stem)
                    elif not _INSTITUTION.match(text[i + length : i + length + 8]):
                        provinces = [u for u in units if u.level == "province"]
                        hit = Mention(i, i + length, stem, provinces or units, how="short")
                    break
            if hit is not None:
                found.append(hit)
                after = hit.end
        return [m for m in found if m.name not in local]

    def home_of(self, newspaper: str | None, when: tuple[int | None, int | None]) -> list[Unit]:
        """The city or province a paper's name points at (太原日报 -> 太原市, 山西日报 -> 山西省)."""
        if not newspaper:
            return []
        for i in range(len(newspaper)):
            for length in range(min(self.max_len, len(newspaper) - i), 1, -1):
                piece = newspaper[i : i + length]
                units = [u for u in self._units(piece, when) + self.g.units_short(piece, when[0]) if u.level != "county"]
                units = _unique_today(self.g, units)
                provinces = [u for u in units if u.level == "province"]
                if len(units) == 1 or len(provinces) == 1:
                    return provinces or units
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
        when = _when(date)
        g = self.g
        full, deferred = self.full_mentions(text, when)
        county_full = [m for m in full if any(u.level == "county" for u in m.units)]
        mentions = _without_overlaps(full + self.list_mentions(text, county_full, when))
        shorts = [m for m in self.short_mentions(text, when) if not _overlaps(m, mentions)]
        home_units = self.home_of(home or newspaper, when)
        home_mentions = []
        for unit in home_units:
            for word in HOME_WORDS["city" if unit.level == "city" else "province"]:
                at = text.find(word)
                if at >= 0:
                    home_mentions.append(Mention(at, at + len(word), unit.name, [unit], how="home"))
                    break

        # Context: the unambiguous places of the article, its page and its paper.
        context = [m.units[0] for m in mentions + shorts if len(_today_codes(g, m.units)) == 1]
        context += home_units
        if page_text:
            context += [m.units[0] for m in self.short_mentions(page_text[:4000], when) if len(m.units) == 1]
        provinces = {g.today(u).code[:2] for u in context}
        # Ordinary-word names count where the article is about their province (同心县 beside 西吉县).
        for m in deferred:
            inside = [u for u in m.units if g.today(u).code[:2] in provinces]
            if inside and not _overlaps(m, mentions):
                mentions.append(Mention(m.start, m.end, m.name, inside))

        everything = sorted(mentions + shorts + home_mentions, key=lambda m: m.start)
        chosen: list[Unit] = []
        for m in everything:
            units = _unique_today(g, m.units)
            if len(units) > 1:
                units = self._by_context(units, context)
                if len(units) != 1:
                    continue
            chosen.append(units[0])
        return _levels(g, chosen)

    def _by_context(self, units: list[Unit], context: list[Unit]) -> list[Unit]:
        """Narrow a shared name by the places around it: a county of the same city, then city, then province."""
        g = self.g
        for level in ("county", "city", "province"):
            outer = [c for c in context if c.level == level]
            if level == "county":
                hits = [u for u in units if any(g.today(u).code[:4] == g.today(c).code[:4] for c in outer)]
            else:
                hits = self._contained(outer, units)
            hits = _unique_today(g, hits)
            if len(hits) == 1:
                return hits
        return units


def _lengths_by(names, key) -> dict[str, tuple[int, ...]]:
    """Name lengths (longest first) by a two-character key of the name."""
    out: dict[str, set[int]] = {}
    for n in names:
        if len(n) >= 2:
            out.setdefault(key(n), set()).add(len(n))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def _overlaps(m: Mention, others: list[Mention]) -> bool:
    return any(o.start < m.end and m.start < o.end for o in others)


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
        if not _overlaps(m, kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _levels(g: Gazetteer, chosen: list[Unit]) -> tuple[District, ...]:
    """Districts in order of first mention; a city or province is dropped where a place under it is named."""
    districts: list[District] = []
    for unit in chosen:
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
    return finder().resolve(_fold(text), newspaper and _fold(newspaper), _fold(page_text), date, home)


def _fold(text: str) -> str:
    """Traditional characters to simplified, character for character (延慶縣 -> 延庆县), as the index
    folds them; a translate table, since place finding reads every article at build time."""
    table, changing = _t2s_table()
    return text.translate(table) if text and changing.search(text) else text


@lru_cache(maxsize=1)
def _t2s_table() -> tuple[dict[int, str], re.Pattern]:
    """OpenCC t2s for every CJK character it changes into one character, and lone surrogates to spaces."""
    chars = [chr(c) for c in range(0x3400, 0xA000) if not 0x4DC0 <= c < 0x4E00]
    # One character a line, so OpenCC converts characters, not phrases.
    folded = normalize("\n".join(chars)).split("\n")
    table: dict[int, str] = {0xD800 + i: " " for i in range(0x800)}
    for ch, out in zip(chars, folded):
        if out != ch and len(out) == 1:
            table[ord(ch)] = out
    # Most text is simplified: a scan for a character to change is cheaper than translating.
    changing = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table) if not 0xD800 <= c < 0xE000) + "\ud800-\udfff]")
    return table, changing
