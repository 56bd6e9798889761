"""A word over time: periods with zeros filled in, series per query, and the chart's geometry.

Pure functions over date-histogram buckets ("2022", "2022-11", "2022-11-21" -> count), the
same buckets the date facet is built from; the Archive does the counting (Archive.trend).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

LEVELS = ("year", "month", "day")
KEY_LENGTH = {"year": 4, "month": 7, "day": 10}
MAX_PERIODS = 400  # more points than a chart can show apart: a coarser level is used instead
MAX_SERIES = 6


def periods(level: str, first: str, last: str) -> list[str]:
    """Every period from the one holding `first` to the one holding `last`, inclusive."""
    first, last = _start(first), _end(last)
    if first > last:
        return []
    if level == "year":
        return [f"{y:04d}" for y in range(first.year, last.year + 1)]
    if level == "month":
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def count_periods(level: str, first: str, last: str) -> int:
    """How many periods `periods` would return, without listing them."""
    a, b = _start(first), _end(last)
    if a > b:
        return 0
    if level == "year":
        return b.year - a.year + 1
    if level == "month":
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return (b - a).days + 1


def _start(value: str) -> dt.date:
    """The first day of a year, month or day value."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _end(value: str) -> dt.date:
    """The last day of a year, month or day value."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


def fill(buckets: dict[str, int], keys: list[str]) -> list[tuple[str, int]]:
    """(period, count) for every period in `keys`, zero where nothing was counted."""
    return [(k, buckets.get(k, 0)) for k in keys]


def choose_level(first: str, last: str, requested: str | None = None) -> str:
    """The requested level (else auto_level), coarsened until the span has at most MAX_PERIODS periods."""
    level = requested or auto_level(first, last)
    while level != "year" and count_periods(level, first, last) > MAX_PERIODS:
        level = LEVELS[LEVELS.index(level) - 1]
    return level


def auto_level(first: str, last: str) -> str:
    """By day for up to two months, by month for up to five years, else by year."""
    days = (_end(last) - _start(first)).days + 1
    if days <= 62:
        return "day"
    if days <= 5 * 366:
        return "month"
    return "year"


def period_label(key: str) -> str:
    """2022 -> 2022年, 2022-11 -> 2022年11月, 2022-11-21 -> 2022年11月21日."""
    parts = key.split("-")
    if len(parts) == 1:
        return f"{parts[0]}年"
    if len(parts) == 2:
        return f"{parts[0]}年{int(parts[1])}月"
    return f"{parts[0]}年{int(parts[1])}月{int(parts[2])}日"


@dataclass(frozen=True)
class Series:
    """One query's counts, one per period of the Trend."""

    query: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Trend:
    """Two or more queries counted over the same periods."""

    level: str  # year | month | day
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    warnings: tuple[str, ...] = ()

    def to_api(self) -> dict:
        return {
            "level": self.level,
            "periods": list(self.periods),
            "series": [{"query": s.query, "counts": list(s.counts), "total": s.total} for s in self.series],
            "warnings": list(self.warnings),
        }

    def rows(self) -> list[list[str]]:
        """The table as CSV rows: a header, then one row per period."""
        out = [["period"] + [s.query for s in self.series]]
        for n, period in enumerate(self.periods):
            out.append([period] + [str(s.counts[n]) for s in self.series])
        return out


# How the lines tell themselves apart besides colour (colour alone fails a reader who cannot see
# it, and a line equal to another is hidden beneath it): a dash pattern and a marker shape each.
DASHES = ("", "7 3", "2 3", "9 3 2 3", "4 4", "12 3 2 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
SAME_SHIFT = 3.0  # px: a line equal to an earlier one is drawn this much higher per earlier twin


def marker_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path for one data point's marker: circle, square, triangle, diamond, triangle-down, cross."""
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f},{y - 1.2 * r:.1f}L{x + 1.2 * r:.1f},{y + r:.1f}L{x - 1.2 * r:.1f},{y + r:.1f}z"
    if shape == "triangle-down":
        return f"M{x:.1f},{y + 1.2 * r:.1f}L{x + 1.2 * r:.1f},{y - r:.1f}L{x - 1.2 * r:.1f},{y - r:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f},{y - 1.3 * r:.1f}L{x + 1.3 * r:.1f},{y:.1f}L{x:.1f},{y + 1.3 * r:.1f}L{x - 1.3 * r:.1f},{y:.1f}z"
    if shape == "cross":
        w = r / 2.5
        return (f"M{x - r:.1f},{y - w:.1f}h{r - w:.1f}v{-(r - w):.1f}h{2 * w:.1f}v{r - w:.1f}h{r - w:.1f}v{2 * w:.1f}"
                f"h{-(r - w):.1f}v{r - w:.1f}h{-2 * w:.1f}v{-(r - w):.1f}h{-(r - w):.1f}z")
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0z"


@dataclass(frozen=True)
class Line:
    query: str
    points: str  # SVG polyline points "x,y x,y …"
    dots: tuple[tuple[float, float, str, int], ...]  # x, y, period, count (for titles)
    dash: str = ""  # SVG stroke-dasharray ("" solid)
    marker: str = "circle"  # MARKERS
    marks: tuple[str, ...] = ()  # one marker path per dot
    same_as: str | None = None  # the earlier query whose counts this line repeats (drawn SAME_SHIFT px higher)

    @property
    def key(self) -> str:
        """The legend's sample of this line: a short stretch with its dash and one marker."""
        return marker_path(self.marker, 14, 6, 3.5)


@dataclass(frozen=True)
class Chart:
    """An SVG line chart's geometry, ready for a template (no script, no inline style)."""

    width: int
    height: int
    left: int
    bottom: int
    top: int
    right: int
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, int], ...]  # y, value
    x_ticks: tuple[tuple[float, str], ...]  # x, label


def chart(trend: Trend, width: int = 720, height: int = 300) -> Chart:
    """Lines over the trend's periods, y from 0 to a round maximum, a readable number of x labels."""
    left, right, top, bottom = 48, 16, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(trend.periods)
    peak = max((c for s in trend.series for c in s.counts), default=0)
    ceiling = _nice_ceiling(peak)

    def x(i: int) -> float:
        return round(left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2), 1)

    def y(v: int) -> float:
        return round(top + plot_h - plot_h * v / ceiling, 1)

    lines = []
    radius = 3.0 if n <= 60 else 1.5
    for k, s in enumerate(trend.series):
        twins = [earlier for earlier in trend.series[:k] if earlier.counts == s.counts]
        shift = SAME_SHIFT * len(twins)
        dots = tuple((x(i), round(max(1.0, y(c) - shift), 1), trend.periods[i], c) for i, c in enumerate(s.counts))
        lines.append(Line(
            query=s.query, points=" ".join(f"{dx},{dy}" for dx, dy, _, _ in dots), dots=dots,
            dash=DASHES[k % len(DASHES)], marker=MARKERS[k % len(MARKERS)],
            marks=tuple(marker_path(MARKERS[k % len(MARKERS)], dx, dy, radius) for dx, dy, _, _ in dots),
            same_as=twins[0].query if twins else None,
        ))
    steps = 4
    y_ticks = tuple((y(ceiling * k // steps), ceiling * k // steps) for k in range(steps + 1))
    every = max(1, -(-n // 8))
    x_ticks = tuple((x(i), _short_label(p, trend.level, i == 0)) for i, p in enumerate(trend.periods) if i % every == 0)
    return Chart(width, height, left, bottom, top, right, tuple(lines), y_ticks, x_ticks)


def date_span(prefix: str) -> tuple[str, str]:
    """The first and last day of a year, month or day (2022-11 -> 2022-11-01, 2022-11-30)."""
    return _start(prefix).isoformat(), _end(prefix).isoformat()


def _nice_ceiling(peak: int) -> int:
    """A round number at or above peak (4 ticks of whole numbers)."""
    if peak <= 4:
        return 4
    magnitude = 10 ** (len(str(peak)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= peak and top % 4 == 0:
            return top
    return -(-peak // 4) * 4


def _short_label(key: str, level: str, first: bool) -> str:
    """x-axis labels keep their year: 2022, 2022-11, 11-21 (the first day label carries the year)."""
    if level == "day" and not first:
        return key[5:]
    return key


@dataclass(frozen=True)
class TrendSpan:
    """The periods one trend chart counts over, whatever the engine."""

    level: str
    keys: tuple[str, ...]
    bounds: tuple[int, int]  # yyyymmdd, inclusive
    warnings: tuple[str, ...] = ()


def _yyyymmdd_start(value: str) -> str:
    """yyyymmdd of the first day of a YYYY[-MM[-DD]] value."""
    return (value + "-01-01")[:10].replace("-", "") if len(value) < 10 else value.replace("-", "")


def _yyyymmdd_end(value: str) -> str:
    """yyyymmdd of the last day of a YYYY[-MM[-DD]] value (day 31 of any month is a safe bound)."""
    return (value + "-12-31")[:10].replace("-", "") if len(value) == 4 else (value + "-31")[:10].replace("-", "")


def iso_date(yyyymmdd: int) -> str:
    return f"{yyyymmdd // 10000:04d}-{yyyymmdd // 100 % 100:02d}-{yyyymmdd % 100:02d}"


def trend_span(
    asked_from: str | None,
    asked_to: str | None,
    matches: list[tuple[int, int]],
    archive_first: str | None,
    archive_last: str | None,
    level: str | None,
) -> TrendSpan | None:
    """Where a trend chart starts and ends, at which level: the filter's from/to where given, else
    the first to the last matching article of any query (`matches`: each query's (min, max)
    yyyymmdd), cut to the archive's dates; None when there is nothing to draw."""
    first = asked_from or (iso_date(min(m[0] for m in matches)) if matches else archive_first)
    last = asked_to or (iso_date(max(m[1] for m in matches)) if matches else archive_last)
    # A range asked for beyond the archive's dates (from=0001-01-01) is cut to them: there is
    # nothing to count outside, and a chart of centuries of zeros says nothing.
    if first and archive_first and _yyyymmdd_start(first) < archive_first.replace("-", ""):
        first = archive_first
    if last and archive_last and _yyyymmdd_end(last) > archive_last.replace("-", ""):
        last = archive_last
    if not first or not last or _yyyymmdd_start(first) > _yyyymmdd_end(last):
        return None
    chosen = choose_level(first, last, level)
    warnings = ()
    if level and chosen != level:
        names = {"day": "日", "month": "月", "year": "年"}
        warnings = (f"时间跨度太长，无法按{names[level]}画出，已改为按{names[chosen]}",)
    return TrendSpan(
        level=chosen,
        keys=tuple(periods(chosen, first, last)),
        bounds=(int(_yyyymmdd_start(first)), int(_yyyymmdd_end(last))),
        warnings=warnings,
    )
