"""A district filter as a reader typed it, resolved against the places the archive holds.

Pure: `resolve_district(name, known)` takes the archive's district values (every path the index
holds, with its article count: the district facet's buckets) and returns the paths to match, what
to tell the reader, and the places to choose from (places the archive holds, with their counts).
The flow (archive.py) calls it for the URL's `district` and for `地区:` in the query, whatever
the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from .analysis import normalize
from .districts import districts_in
from .gazetteer import HISTORICAL_MARK, NO_PLACE, Gazetteer, Unit, gazetteer, short_name
from .results import FacetValue


@dataclass(frozen=True)
class DistrictFilter:
    """A district filter resolved: index paths to match (any of), messages, places to choose from."""

    paths: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    choices: tuple[FacetValue, ...] = ()


def place_label(path: str) -> str:
    """山西省/太原市/小店区 -> 山西省 太原市 小店区 (北京市/北京市/朝阳区 -> 北京市 朝阳区)."""
    parts = [p.lstrip(HISTORICAL_MARK) for p in path.split("/")]
    return " ".join(dict.fromkeys(parts))


def former_name(name: str) -> bool:
    """Whether `name` is a name no division bears now (延庆县, now 延庆区): only then is the reader
    told "今为 …". A name in use (小店, 太原市) or a place written out (山西 太原) is not one."""
    from .analysis import normalize
    from .gazetteer import gazetteer

    g = gazetteer()
    text = normalize(name.strip())
    units = g.by_name.get(text, []) or g.by_short.get(text, [])
    if not units and text[-1:] in "省市县区旗":
        units = g.by_short.get(text[:-1], [])
    return bool(units) and not any(u.in_use for u in units)


def _likeness(typed: str, name: str) -> tuple[int, int]:
    """How much a place name looks like a typed one: characters in common (its short name's, a
    shared suffix counting less), then the closest length; (0, …) shares nothing."""
    stem = set(short_name(typed)) - set("省市县区旗")
    shared = len(stem & set(short_name(name)))
    if not shared:
        return 0, 0
    return 2 * shared + (name[-1:] == typed[-1:]), -abs(len(name) - len(typed))


def nearest_held(name: str, known: Mapping[str, int] | frozenset[str], nearest: tuple[str, ...], limit: int = 5) -> list[str]:
    """The places to offer for a name no division bears: places the archive holds, most alike first
    (by their own name), then the gazetteer's nearest where the archive holds them. A place the
    archive holds nothing on is never offered: it would only find nothing again."""
    scored = []
    for path in known:
        if path == NO_PLACE:
            continue
        last = path.rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK)
        score = _likeness(name, last)
        if score[0]:
            scored.append((score, _count(known, path), path))
    scored.sort(key=lambda t: (-t[0][0], -t[0][1], -t[1], t[2]))
    out = [path for _, _, path in scored]
    out.extend(p for p in nearest if p in known)
    return list(dict.fromkeys(out))[:limit]


def _count(known: Mapping[str, int] | frozenset[str], path: str) -> int:
    return int(known.get(path, 0)) if isinstance(known, Mapping) else 0


def resolve_district(name: str, known: Mapping[str, int] | frozenset[str]) -> DistrictFilter:
    """A district filter as typed, as index paths (see gazetteer.resolve_filter), with what to tell
    the reader. `known`: the archive's district values with their article counts (the district
    facet's buckets), or just the values."""
    match = resolve_filter(name)
    paths = list(match.paths)
    if not paths:
        # Not a division's name: a path segment or label the archive itself holds (省直辖 …).
        paths = [p for p in known if p.rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK) == name]
    present = [p for p in paths if p in known]
    warnings: list[str] = []
    choices: tuple[FacetValue, ...] = ()

    def offered(values) -> tuple[FacetValue, ...]:
        return tuple(FacetValue(value=p, label=place_label(p), count=_count(known, p)) for p in values)

    if "/" in name and not present:
        # A path no article holds (typed, or from an old link): a real place the archive has
        # nothing on, or not a place, with the places its last part may mean.
        last = name.rstrip("/").rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK)
        by_last = resolve_filter(last) if last else match
        if name in by_last.paths:
            warnings.append(f"档案中没有关于“{place_label(name)}”的文章")
        else:
            paths = []
            match = type(match)(paths=(), nearest=tuple(by_last.paths or by_last.nearest))
    if not paths:
        typed = name.rstrip("/").rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK) or name
        choices = offered(nearest_held(typed, known, tuple(match.nearest)))
        # The places are offered once, as choices with their counts (not again in the message).
        warnings.append(f"没有名为“{name}”的地区" + ("；档案中相近的地区见下" if choices else "；档案中也没有相近的地区"))
    elif len(paths) > 1:
        if len(present) == 1:
            paths = present
        else:
            shown = present or paths
            warnings.append(f"“{name}”指{len(shown)}个地区，已合并显示；请选择其一")
            choices = offered(shown)
            paths = shown
    if len(paths) == 1 and "/" not in name and name != NO_PLACE and not name.isdigit():
        label = paths[0].rsplit("/", 1)[-1]
        if former_name(name):
            warnings.append(f"“{name}”今为 {place_label(paths[0])}，按今日的地区筛选")
        elif not label.startswith(name):  # written out (山西 太原, 太原市小店区): say how it was read
            warnings.append(f"“{name}”按 {place_label(paths[0])} 筛选")
    return DistrictFilter(paths=tuple(paths), warnings=tuple(warnings), choices=choices)


# ---------------------------------------------------------------- what a typed name means


@dataclass(frozen=True)
class FilterMatch:
    """What a district filter typed by a reader means: index paths, or the nearest names."""

    paths: tuple[str, ...]  # today's units as index paths; several when the name is shared (朝阳区)
    nearest: tuple[str, ...] = ()  # when nothing matched: names that look alike, as paths


def _path_of(g: Gazetteer, unit: Unit) -> str:
    return "/".join(g.district_for(unit).path)


def resolve_filter(text: str) -> FilterMatch:
    """A district filter as typed: a path (山西省/太原市/小店区), a name (小店区), a short name
    (小店, 山西), a historical name (延庆县 -> today's 延庆区), a city or province, or a code (140105)."""
    g = gazetteer()
    text = normalize(text.strip())  # 延慶縣 -> 延庆县, full-width digits -> 140105
    if not text:
        return FilterMatch(())
    if text == NO_PLACE or "/" in text:
        return FilterMatch((text,))
    if text.isdigit() and len(text) == 6:
        unit = g.current(text)
        return FilterMatch((_path_of(g, unit),) if unit else (), () if unit else _nearest(g, text))
    units = g.by_name.get(text, []) or g.by_short.get(text, [])
    if not units and text[-1:] in "省市县区旗":  # 太原 typed as 太原县? try the stem's units
        units = g.by_short.get(text[:-1], [])
    if not units:
        # 太原市小店区, 北京朝阳区: a place written out with its city, found as in an article.
        found = districts_in(text)
        if len(found) == 1:
            return FilterMatch(("/".join(found[0].path),))
        return FilterMatch((), _nearest(g, text))
    # A name in use now means today's unit; a name no longer used means the unit that took it over.
    current = [u for u in units if u.in_use] or units
    paths = tuple(dict.fromkeys(_path_of(g, u) for u in current))
    return FilterMatch(paths)


@lru_cache(maxsize=1)
def _current_names(g: Gazetteer) -> tuple[tuple[str, frozenset[str]], ...]:
    """Names in use now, with the characters of their short names (for _nearest)."""
    return tuple((n, frozenset(short_name(n))) for n in sorted({u.name for u in g.units if u.in_use}))


def _nearest(g: Gazetteer, text: str, limit: int = 5) -> tuple[str, ...]:
    """Today's units whose names look most like `text`: most characters in common (a shared
    suffix counts less), then the closest length."""
    stem = set(short_name(text))
    suffix = text[-1:]
    scored = []
    for name, chars in _current_names(g):
        shared = len(stem & chars)
        if shared:
            scored.append((-(2 * shared + (name[-1:] == suffix)), abs(len(name) - len(text)), name))
    out: list[str] = []
    for _, _, name in sorted(scored)[:limit]:
        out.extend(_path_of(g, u) for u in g.by_name[name] if u.in_use)
    return tuple(dict.fromkeys(out))[:limit]
