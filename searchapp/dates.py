"""Article dates: from the dateline or the lead, completed with the year of the page's issue.

Only the opening of an article counts (a dateline such as 11月21日小店区消息, or a date in the
first sentences of the lead), not every date the body mentions. Relative words (近日, 当日,
日前, 即日起) never invent a date: such an article takes the page's issue date.
"""

from __future__ import annotations

import datetime as dt
import re

from .analysis import normalize

LEAD_WINDOW = 120
_DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:[\u4e00-\u9fff]{1,12})?(?:消息|电)")
_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_RELATIVE = re.compile(r"近日|日前|当日|当天|即日起|昨日|今日|连日来|近期")
_LEAD_PREFIX = re.compile(r"^\s*本报讯\s*(?:[(（][^)）]{0,40}[)）])?\s*")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def complete_year(month: int, day: int, issue: str | None) -> str | None:
    """M月D日 in a paper of `issue`: the same year, or the year before if that would be far ahead."""
    if not issue:
        return None
    issued = dt.date.fromisoformat(issue)
    candidate = _valid(issued.year, month, day)
    if candidate and dt.date.fromisoformat(candidate) > issued + dt.timedelta(days=31):
        candidate = _valid(issued.year - 1, month, day)
    return candidate


def lead_date(lead: str, issue: str | None) -> str | None:
    """The date an article's opening gives, or None (then the page's issue date applies)."""
    text = normalize(lead[:400])  # full-width digits (１月１日) become ASCII, offsets kept
    m = _DATELINE.search(text)
    if m:
        return complete_year(int(m.group(1)), int(m.group(2)), issue)
    body = _LEAD_PREFIX.sub("", text)[:LEAD_WINDOW]
    full = _FULL.search(body)
    first = _MONTH_DAY.search(body)
    relative = _RELATIVE.search(body)
    if full and (not first or full.start() <= first.start()):
        if relative and relative.start() < full.start():
            return None
        return _valid(int(full.group(1)), int(full.group(2)), int(full.group(3)))
    if first:
        if relative and relative.start() < first.start():
            return None
        return complete_year(int(first.group(1)), int(first.group(2)), issue)
    return None
