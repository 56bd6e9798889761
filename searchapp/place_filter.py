"""A district filter as a reader typed it, resolved against the places the archive holds.

Pure: `resolve_district(name, known)` takes the archive's district values (every path the index
holds) and returns the paths to match, what to tell the reader, and the places to choose from.
The flow (archive.py) calls it for the URL's `district` and for `地区:` in the query, whatever
the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import HISTORICAL_MARK, NO_PLACE, resolve_filter
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


def resolve_district(name: str, known: frozenset[str]) -> DistrictFilter:
    """A district filter as typed, as index paths (see gazetteer.resolve_filter), with what to tell the reader."""
    match = resolve_filter(name)
    paths = list(match.paths)
    if not paths:
        # Not a division's name: a path segment or label the archive itself holds (省直辖 …).
        paths = [p for p in known if p.rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK) == name]
    present = [p for p in paths if p in known]
    warnings: list[str] = []
    choices: tuple[FacetValue, ...] = ()
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
        nearest = list(match.nearest)
        warnings.append(f"没有名为“{name}”的地区" + (f"；相近的有：{'、'.join(place_label(p) for p in nearest)}" if nearest else ""))
        choices = tuple(FacetValue(value=p, label=place_label(p), count=0) for p in nearest)
    elif len(paths) > 1:
        if len(present) == 1:
            paths = present
        else:
            shown = present or paths
            warnings.append(f"“{name}”指{len(shown)}个地区，已合并显示；请选择其一：{'、'.join(place_label(p) for p in shown)}")
            choices = tuple(FacetValue(value=p, label=place_label(p), count=0) for p in shown)
            paths = shown
    if len(paths) == 1 and "/" not in name and name != NO_PLACE:
        label = paths[0].rsplit("/", 1)[-1]
        if not label.startswith(name) and not name.isdigit():
            warnings.append(f"“{name}”今为 {place_label(paths[0])}，按今日的地区筛选")
    return DistrictFilter(paths=tuple(paths), warnings=tuple(warnings), choices=choices)
