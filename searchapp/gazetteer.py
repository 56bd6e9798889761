"""The gazetteer: what a division's name means as of a date, and what that unit is today.

Data: `data/areacodes.tsv`, built by `python -m searchapp.gazetteer_build` from the CC0
areacodes history (every division code used since 1980, the years each name was valid, the
codes that replaced it; source and licence in `data/areacodes.SOURCE.md`). This module only
answers questions about names and codes; finding names in text is `districts.py`.

* `units_named(name, year, month)`: the units that bore a name then (延庆县 in 1998: 110229).
* `today(unit)`: the unit that holds that place now, following successors (延庆县 -> 延庆区,
  榆次市 -> 榆次区; a unit split in several goes to the first the source lists).
* `district_for(unit)`: a `District` placed in today's province > city > unit.

What a reader types in a district filter is resolved above this module and districts.py, in
`place_filter.py` (it needs both).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import District

DATA = Path(__file__).parent / "data" / "areacodes.tsv"
MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: their counties sit directly under them
PROVINCE_DIRECT = "省直辖"  # the "city" of county-level units a province administers directly (济源市)
LEVEL_NAMES = {"p": "province", "c": "city", "x": "county"}
NO_PLACE = "未标注地区"  # index value and facet bucket of articles that name no place
HISTORICAL_MARK = "="  # last path segment "=延庆县": a historical name beneath today's unit
# Division suffixes, longest first, so the short name drops the whole of it.
SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "自治县", "自治旗",
    "地区", "林区", "特区", "新区", "省", "市", "盟", "县", "区", "旗",
)
# The peoples named in autonomous units' names, dropped from short names (恭城瑶族自治县 -> 恭城).
PEOPLES = sorted(
    (
        "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
        "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
        "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
    ).split(),
    key=len,
    reverse=True,
)


@dataclass(frozen=True)
class Unit:
    """One division under one name for the years it bore it."""

    code: str  # 110229
    name: str  # 延庆县
    level: str  # "province" | "city" | "county"
    start: int  # first year
    end: int | None  # last year; None while in use
    successors: tuple[str, ...] = ()  # codes of the units that took it over

    def valid_in(self, year: int) -> bool:
        return self.start <= year <= (self.end if self.end is not None else 9999)

    @property
    def in_use(self) -> bool:
        return self.end is None


def short_name(name: str) -> str:
    """The name without its division suffix (山西省 -> 山西, 张北县 -> 张北, 延边朝鲜族自治州 -> 延边)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return _drop_peoples(name[: -len(suffix)])
    return name


def _drop_peoples(stem: str) -> str:
    """延边朝鲜族 -> 延边, 双江拉祜族佤族布朗族傣族 -> 双江; 鄂温克族 stays 鄂温克 (nothing before it)."""
    while stem.endswith("族"):
        people = next((p for p in PEOPLES if stem.endswith(p + "族")), None)
        if people is None or len(stem) - len(people) - 1 < 2:
            return stem[:-1] if people is not None and len(stem) - 1 >= 2 and stem == people + "族" else stem
        stem = stem[: -len(people) - 1]
    return stem


class Gazetteer:
    """Every division since 1980 by code and by name, with today's unit for each."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_short: dict[str, list[Unit]] = {}
        for u in units:
            self.by_code.setdefault(u.code, []).append(u)
            self.by_name.setdefault(u.name, []).append(u)
            stem = short_name(u.name)
            if stem != u.name and len(stem) >= 2:
                self.by_short.setdefault(stem, []).append(u)
        self.max_len = max(len(n) for n in self.by_name)
        self._today: dict[Unit, Unit] = {}
        self._districts: dict[Unit, District] = {}

    # -- names as of a date

    def units_named(self, name: str, year: int | None = None, month: int | None = None) -> list[Unit]:
        """Units that bore `name` in `year` (any year when None; the nearest in time when none did).

        In a year of change both the old and the new unit bore the name (吴忠市, a county-level
        city until 1998, a prefecture-level one since): the month picks one, the old one in the
        first half of the year (the source gives years only).
        """
        units = self.by_name.get(name, [])
        if year is None or not units:
            return units
        valid = [u for u in units if u.valid_in(year)]
        if len(valid) > 1 and month is not None:
            ending = [u for u in valid if u.end == year]
            starting = [u for u in valid if u.start == year]
            if ending and starting:
                return ending if month <= 6 else starting
        if valid:
            return valid

        def distance(u: Unit) -> int:
            return year - u.end if u.end is not None and year > u.end else abs(u.start - year)

        nearest = min(distance(u) for u in units)
        return [u for u in units if distance(u) == nearest]

    def units_short(self, stem: str, year: int | None = None) -> list[Unit]:
        """Units whose name without suffix is `stem` (张北 -> 张北县), as of `year` when given."""
        units = self.by_short.get(stem, [])
        if year is None:
            return [u for u in units if u.in_use] or units
        return [u for u in units if u.valid_in(year)]

    def current(self, code: str) -> Unit | None:
        """The unit bearing `code` now (or last, when the code was retired)."""
        units = self.by_code.get(code)
        if not units:
            return None
        return next((u for u in units if u.in_use), max(units, key=lambda u: (u.end or 9999, u.start)))

    def today(self, unit: Unit) -> Unit:
        """The unit in use that holds the place now: successors followed to the end.

        A prefecture abolished without a named successor (张家口地区, merged into 张家口市 in
        1993) goes to the city that holds most of its counties today.
        """
        cached = self._today.get(unit)
        if cached is not None:
            return cached
        seen = set()
        u = unit
        while not u.in_use and u.code not in seen:
            seen.add(u.code)
            if u.successors:
                nxt = self.current(u.successors[0])
            elif u.level == "city":
                nxt = self._city_holding(u)
            else:
                nxt = None
            if nxt is None or nxt == u:
                break
            u = nxt
        self._today[unit] = u
        return u

    def _city_holding(self, prefecture: Unit) -> Unit | None:
        year = prefecture.end or prefecture.start
        counts: dict[str, int] = {}
        for code, units in self.by_code.items():
            if code[:4] != prefecture.code[:4] or code == prefecture.code:
                continue
            for u in units:
                if u.level == "county" and u.valid_in(year):
                    now = self.today(u)
                    if now.level == "county" and now.code[:4] != prefecture.code[:4]:
                        counts[now.code[:4]] = counts.get(now.code[:4], 0) + 1
        if not counts:
            return None
        best = max(counts, key=lambda k: counts[k])
        # 万县市 (1992-1997) is in 重庆 now: a municipality is its counties' city.
        return self.current(best[:2] + "0000" if best[:2] in MUNICIPALITIES else best + "00")

    # -- today's hierarchy

    def province_of(self, unit: Unit) -> str:
        p = self.current(unit.code[:2] + "0000")
        return p.name if p else ""

    def city_of(self, unit: Unit) -> str:
        """Today's prefecture-level city of a county-level unit (the municipality for 北京's districts)."""
        if unit.code[:2] in MUNICIPALITIES:
            return self.province_of(unit)
        city = self.current(unit.code[:4] + "00")
        return city.name if city is not None and city.level == "city" else PROVINCE_DIRECT

    def district_for(self, unit: Unit) -> District:
        """The District an article mentioning `unit` (as it was named then) is tagged with."""
        cached = self._districts.get(unit)
        if cached is None:
            cached = self._districts[unit] = self._district_for(unit)
        return cached

    def _district_for(self, unit: Unit) -> District:
        now = self.today(unit)
        level = now.level
        province = self.province_of(now)
        if level == "province":
            city = ""
        elif level == "city":
            city = now.name
            if now.code[:2] in MUNICIPALITIES:  # 北京市 as a city is the municipality itself
                level, city = "province", ""
        else:
            city = self.city_of(now)
        return District(
            name=unit.name,
            city=city,
            province=province,
            code=now.code,
            level=level,
            today=now.name if now.name != unit.name else "",
            printed_code=unit.code if unit.code != now.code else "",
        )

    def contains(self, outer: Unit, inner: Unit) -> bool:
        """Whether `inner` lies in `outer` (by code prefix, the way codes nest)."""
        if outer.level == "province":
            return inner.code[:2] == outer.code[:2]
        if outer.level == "city":
            return inner.code[:4] == outer.code[:4]
        return inner.code == outer.code


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    units = []
    with open(DATA, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            code, name, level, start, end, successors = line.rstrip("\n").split("\t")
            units.append(
                Unit(
                    code=code,
                    name=name,
                    level=LEVEL_NAMES[level],
                    start=int(start),
                    end=int(end) if end else None,
                    successors=tuple(s for s in successors.split(";") if s),
                )
            )
    return Gazetteer(units)
