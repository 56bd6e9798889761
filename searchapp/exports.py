"""Downloads of search results: plain-text snippets with highlight offsets, file names, spreadsheet safety."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import quote

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def plain_snippet(snippet_html: str) -> tuple[str, list[list[int]]]:
    """A highlighted snippet as plain text and the [start, end) character offsets of its highlights."""
    text: list[str] = []
    marks: list[list[int]] = []
    length = 0
    pos = 0
    for m in _MARK.finditer(snippet_html):
        before = html.unescape(snippet_html[pos : m.start()])
        inside = html.unescape(m.group(1))
        text += [before, inside]
        length += len(before)
        marks.append([length, length + len(inside)])
        length += len(inside)
        pos = m.end()
    text.append(html.unescape(snippet_html[pos:]))
    return "".join(text), marks


def export_filename(query: str, ext: str, today: dt.date | None = None) -> str:
    """报纸档案-疫情防控-2026-11-30.csv: the query (made safe for a file name) and the day of the export."""
    today = today or dt.date.today()
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', "_", query).strip("._")[:40] or "全部文章"
    return f"报纸档案-{safe}-{today.isoformat()}.{ext}"


def content_disposition(filename: str) -> str:
    """attachment with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987)."""
    if filename.isascii():
        fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)
    else:  # 报纸档案-疫情-2026-11-30.csv -> searchapp-2026-11-30.csv for clients that ignore filename*
        fallback = "searchapp-" + re.sub(r"[^A-Za-z0-9._-]+", "", filename).lstrip("-_.")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def spreadsheet_cell(value: str) -> str:
    """A cell that starts like a formula would run in a spreadsheet: make it text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
