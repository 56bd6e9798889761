"""Facets: aggregation buckets become ready-to-render FacetValues (date drill-down, district tree)."""

from __future__ import annotations

from .gazetteer import HISTORICAL_MARK, NO_PLACE
from .results import FacetValue
from .trends import period_label, periods

DATE_LEVELS = ("year", "month", "day")
INTERVALS = {"year": 10000, "month": 100, "day": 1}  # histogram intervals over a yyyymmdd number


def date_bounds(selected: str | None, first: str | None, last: str | None) -> tuple[int, int] | None:
    """yyyymmdd bounds of the dates to count: the selected year/month/day, else the archive's range."""
    if selected:  # "2022" -> 20220000..20229999, "2022-11" -> 20221100..20221199, a day -> itself
        digits = selected.replace("-", "")
        width = 10 ** (8 - len(digits))
        return int(digits) * width, int(digits) * width + width - 1
    if not first or not last:
        return None
    return int(first[:4]) * 10000, int(last[:4]) * 10000 + 9999


def period_counts(buckets: dict[int, int], level: str) -> dict[str, int]:
    """Histogram buckets (yyyymmdd keys) as periods: "2022", "2022-11" or "2022-11-21" -> articles."""
    out = {}
    for key, count in buckets.items():
        if key <= 0 or not count:
            continue
        y, m, d = key // 10000, key // 100 % 100, key % 100
        out[{"year": f"{y:04d}", "month": f"{y:04d}-{m:02d}", "day": f"{y:04d}-{m:02d}-{d:02d}"}[level]] = count
    return out


def date_level_for(selected: str | None) -> str:
    """The level the date facet is drawn at: one below the selected value."""
    if not selected:
        return "year"
    return "month" if len(selected) == 4 else "day"


def date_facet(buckets: dict[str, int], selected: str | None) -> tuple[str, tuple[FacetValue, ...]]:
    """Counts at the right level for the drill-down; skips levels where everything is in one value.

    `buckets` maps "2022", "2022-11" and "2022-11-21" to article counts (one mixed dict).
    """
    level = date_level_for(selected)
    prefix = selected[:7] if selected and len(selected) == 10 else (selected or "")
    while True:
        length = {"year": 4, "month": 7, "day": 10}[level]
        values = sorted(v for v in buckets if len(v) == length and v.startswith(prefix))
        if len(values) == 1 and level != "day" and not selected:
            # One year (or month) only: a bar chart of one bar says nothing; show the next level.
            prefix = values[0]
            level = DATE_LEVELS[DATE_LEVELS.index(level) + 1]
            continue
        break
    # Empty periods are drawn as zero bars: within the drilled-down year or month every period,
    # else from the first to the last period with articles.
    if values:
        keys = periods(level, prefix, prefix) if prefix else periods(level, values[0], values[-1])
    else:
        keys = []
    facet = tuple(
        FacetValue(value=v, label=period_label(v), count=buckets.get(v, 0), selected=(v == selected)) for v in keys
    )
    return level, facet


def district_tree(buckets: dict[str, int], selected: str | None, limit: int = 60) -> tuple[FacetValue, ...]:
    """Province > city > county tree from path buckets ("山西省/太原市/小店区": n), largest first.

    An article counts once at each level (太原市 11, of which 小店区 3). A historical name the
    articles printed hangs under today's unit ("…/延庆区/=延庆县", note 旧名); articles naming
    no place are the last top-level bucket, 未标注地区.

    Whole when it has at most `limit` nodes. A national archive matches thousands of counties,
    which nobody reads in a sidebar and which cost more to build and render than the search
    itself; past `limit` it drills down instead: every province, and cities and counties only
    under the selected province and city (or under the only one at its level).
    """
    children: dict[str, list[str]] = {}
    for path in buckets:
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        children.setdefault(parent, []).append(path)
    on_path = set()
    if selected:
        parts = selected.split("/")
        on_path = {"/".join(parts[: i + 1]) for i in range(len(parts))}
    whole = len(buckets) <= limit

    def order(path: str) -> tuple:
        # Today's units by count; historical names after them; the no-place bucket last.
        return (path == NO_PLACE, _is_historical(path), -buckets[path], path)

    def level(paths: list[str]) -> tuple[FacetValue, ...]:
        ranked = sorted(paths, key=order)
        return tuple(
            FacetValue(
                value=path,
                label=path.rsplit("/", 1)[-1].lstrip(HISTORICAL_MARK),
                count=buckets[path],
                selected=path in on_path,
                children=level(children.get(path, [])) if whole or path in on_path or len(ranked) == 1 else (),
                note="旧名" if _is_historical(path) else "",
            )
            for path in ranked
        )

    return level(children.get("", []))


def newspaper_facet(buckets: dict[str, int], selected: str | None) -> tuple[FacetValue, ...]:
    """Newspapers, largest first; the selected one is kept even when the count puts it last."""
    return tuple(
        FacetValue(value=name, label=name, count=count, selected=(name == selected))
        for name, count in sorted(buckets.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def name_facet(buckets: dict[str, int], selected: list[str], size: int) -> tuple[tuple[FacetValue, ...], bool]:
    """People, organisations or authors: the `size` names most articles hold (ties by name), a
    selected name kept even past them; and whether there were more to show."""
    ranked = sorted(buckets.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ranked[:size] + [kv for kv in ranked[size:] if kv[0] in selected]
    return tuple(FacetValue(value=k, label=k, count=v, selected=k in selected) for k, v in shown), len(ranked) > size


def _is_historical(path: str) -> bool:
    return path.rsplit("/", 1)[-1].startswith(HISTORICAL_MARK)


def buckets_of(aggregation: dict, name: str) -> dict[str, int]:
    return {b["key"]: int(b["doc_count"]) for b in aggregation.get(name, {}).get("buckets", [])}

