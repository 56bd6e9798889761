"""Periods, zero filling, level choice and the chart's geometry, without an index."""

from __future__ import annotations

from searchapp.trends import MAX_PERIODS, Series, Trend, chart, choose_level, count_periods, fill, periods


def test_periods_cover_the_span_inclusive():
    assert periods("year", "1998-01-05", "2001-02-01") == ["1998", "1999", "2000", "2001"]
    assert periods("month", "2021-11-30", "2022-02-01") == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert periods("day", "2024-02-27", "2024-03-01") == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]
    assert periods("day", "2022-11", "2022-11") == [f"2022-11-{d:02d}" for d in range(1, 31)]
    assert periods("month", "2022", "2022")[-1] == "2022-12"
    for level in ("year", "month", "day"):
        assert count_periods(level, "1998-01-01", "2022-11-22") == len(periods(level, "1998-01-01", "2022-11-22"))


def test_empty_periods_are_zero():
    assert fill({"2022-03": 5, "2022-11": 2}, periods("month", "2022-02", "2022-11"))[:3] == [
        ("2022-02", 0), ("2022-03", 5), ("2022-04", 0)]


def test_level_is_coarsened_past_the_limit():
    assert choose_level("2022-11-01", "2022-11-30") == "day"
    assert choose_level("2021-08-07", "2022-11-22") == "month"
    assert choose_level("1949-10-01", "2022-11-22") == "year"
    assert choose_level("1998-01-01", "1998-12-31", "day") == "day"
    assert count_periods("day", "1990-01-01", "1999-12-31") > MAX_PERIODS
    assert choose_level("1990-01-01", "1999-12-31", "day") == "month"


def test_chart_geometry_is_within_the_frame():
    trend = Trend(level="month", periods=tuple(periods("month", "2022-01", "2022-12")),
                  series=(Series("疫情", (0, 1, 3, 0, 0, 0, 0, 5, 0, 0, 7, 0)), Series("复工", (2,) * 12)))
    c = chart(trend)
    assert len(c.lines) == 2
    for line in c.lines:
        xs = [x for x, _, _, _ in line.dots]
        assert xs == sorted(xs) and xs[0] == c.left and xs[-1] == c.width - c.right
        assert all(c.top <= y <= c.height - c.bottom for _, y, _, _ in line.dots)
    peak = max(c.y_ticks, key=lambda t: t[1])
    assert peak[1] >= 7 and peak[0] == c.top
    zero = [d for d in c.lines[0].dots if d[3] == 0][0]
    assert zero[1] == c.height - c.bottom
    assert trend.rows()[0] == ["period", "疫情", "复工"] and trend.rows()[11] == ["2022-11", "7", "2"]


def test_equal_lines_are_told_apart():
    """Issue 21 item 8: a line equal to another was hidden beneath it; now each line has its own
    dash and marker, and a twin is drawn a little higher and names the line it repeats."""
    trend = Trend(level="year", periods=("2021", "2022"), series=(Series("核酸", (1, 5)), Series("核酸检测", (1, 5)), Series("疫情", (2, 13))))
    first, twin, other = chart(trend).lines
    assert twin.same_as == "核酸" and first.same_as is None and other.same_as is None
    assert twin.points != first.points and all(b[1] < a[1] for a, b in zip(first.dots, twin.dots))
    assert len({first.dash, twin.dash, other.dash}) == 3 and len({first.marker, twin.marker, other.marker}) == 3
    assert all(m.startswith("M") and m.endswith("z") for m in twin.marks) and len(twin.marks) == 2
