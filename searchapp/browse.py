"""The paper as printed: papers, a year's calendar of issues, an issue's pages, a page's articles.

Pure functions over the article metadata the index stores; the Archive fetches it
(Archive.papers, paper_days, issue). Where segmentation has not filled the page record yet, the
issue date falls back to the page's date, then the article's date, and the page name to 第N版
(issue_date_of, page_name): written once, here. The index keeps the issue date it chose in
the issue_ord field, so browsing and the article view agree on it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode


def issue_date_of(issue_date: str | None, page_date: str | None, date: str | None) -> str | None:
    """The date the archive files an article's page under: the page record's issue date, else the
    page's date (manifest, file name), else the article's own date."""
    return issue_date or page_date or date


UNKNOWN_PAGE_NAME = "版次不详"


def page_name(name: str | None, number: int, number_known: bool = True) -> str:
    """版名 as printed, else 第N版 (版次不详 where N is only the page's place among the files)."""
    return name or (f"第{number}版" if number_known else UNKNOWN_PAGE_NAME)


@dataclass(frozen=True)
class Paper:
    """A newspaper in the archive and the span of its issues."""

    name: str
    first: str  # YYYY-MM-DD
    last: str
    articles: int

    @property
    def url(self) -> str:
        return paper_url(self.name)


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str

    @property
    def url(self) -> str:
        return f"/articles/{self.id}"


@dataclass(frozen=True)
class PrintedPage:
    """One page of an issue: 版次, 版名 and its articles in reading order."""

    paper: str
    date: str
    number: int  # 版次 as printed, or the page's place in the issue when it was not recorded
    name: str  # 版名, or 第N版
    number_known: bool  # False: number is the page's place among the issue's files
    articles: tuple[ArticleRef, ...]

    @property
    def url(self) -> str:
        return page_url(self.paper, self.date, self.number)

    @property
    def label(self) -> str:
        """第3版 · 要闻 (the name alone when it is already 第N版). A page whose 版次 was not recorded
        claims none: 第2个版面（版次不详）, its place among the issue's page files (要闻 · … where
        its name is known). Its articles may say 上接第1版: it is not page 1 for being first."""
        if not self.number_known:
            where = f"第{self.number}个版面（版次不详）"
            return where if self.name == UNKNOWN_PAGE_NAME else f"{self.name} · {where}"
        plain = f"第{self.number}版"
        return plain if self.name == plain else f"{plain} · {self.name}"


@dataclass(frozen=True)
class Issue:
    """One day's paper: its pages in print order, and the issues before and after it."""

    paper: str
    date: str
    pages: tuple[PrintedPage, ...]
    previous: str | None  # date of the previous issue of this paper
    next: str | None

    @property
    def url(self) -> str:
        return issue_url(self.paper, self.date)

    def page(self, number: int) -> PrintedPage | None:
        return next((p for p in self.pages if p.number == number), None)

    def page_holding(self, article_id: str) -> PrintedPage | None:
        return next((p for p in self.pages if any(a.id == article_id for a in p.articles)), None)

    def neighbours(self, page: PrintedPage) -> tuple[PrintedPage | None, PrintedPage | None]:
        """The pages printed before and after `page` in this issue."""
        at = self.pages.index(page)
        return (self.pages[at - 1] if at > 0 else None, self.pages[at + 1] if at + 1 < len(self.pages) else None)

    def to_api(self) -> dict:
        return {
            "paper": self.paper,
            "date": self.date,
            "previous": self.previous,
            "next": self.next,
            "pages": [
                {
                    "number": p.number,
                    "number_known": p.number_known,
                    "name": p.name,
                    "url": p.url,
                    "articles": [{"id": a.id, "title": a.title, "url": a.url} for a in p.articles],
                }
                for p in self.pages
            ],
        }


def pages_of(paper: str, date: str, metas: list[dict]) -> tuple[PrintedPage, ...]:
    """Group an issue's articles into pages in print order, articles in reading order.

    `metas` are stored article metadata (id, title, source, position, page_no, page_name) in
    index order. Pages with a recorded 版次 come in its order; pages without one follow, one per
    page file, in file-name order (how the pages were delivered), numbered after the known ones.
    """
    groups: dict[tuple, list[dict]] = {}
    for meta in metas:
        key = (0, int(meta["page_no"]), "") if meta.get("page_no") else (1, 0, meta.get("source") or "")
        groups.setdefault(key, []).append(meta)
    known = [k[1] for k in groups if k[0] == 0]
    next_free = max(known, default=0) + 1
    out = []
    for key in sorted(groups):
        rows = sorted(groups[key], key=lambda m: int(m.get("position") or 0))
        if key[0] == 0:
            number, number_known = key[1], True
        else:
            number, number_known = next_free, False
            next_free += 1
        name = next((m.get("page_name") for m in rows if m.get("page_name")), None)
        out.append(
            PrintedPage(
                paper=paper,
                date=date,
                number=number,
                name=page_name(name, number, number_known),
                number_known=number_known,
                articles=tuple(ArticleRef(id=m["id"], title=m["title"]) for m in rows),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Day:
    day: int
    date: str
    articles: int  # 0: no issue that day


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: tuple[tuple[Day | None, ...], ...]  # Monday first; None pads the first and last week
    issues: int


def year_calendar(year: int, days: dict[str, int]) -> tuple[Month, ...]:
    """Twelve month grids (weeks from Monday) marking the days with an issue and its article count."""
    cal = calendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdayscalendar(year, month):
            row = []
            for d in week:
                if d == 0:
                    row.append(None)
                else:
                    date = f"{year:04d}-{month:02d}-{d:02d}"
                    row.append(Day(day=d, date=date, articles=days.get(date, 0)))
            weeks.append(tuple(row))
        issues = sum(1 for k in days if k.startswith(f"{year:04d}-{month:02d}-"))
        months.append(Month(year=year, month=month, weeks=tuple(weeks), issues=issues))
    return tuple(months)


def valid_issue_date(value: str) -> bool:
    try:
        return len(value) == 10 and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


# URLs: the paper's name is a query parameter, not a path segment (names may hold "/").


def paper_url(paper: str, year: int | str | None = None) -> str:
    params = {"paper": paper}
    if year:
        params["year"] = str(year)
    return "/papers?" + urlencode(params)


def issue_url(paper: str, date: str) -> str:
    return f"/issues/{date}?" + urlencode({"paper": paper})


def page_url(paper: str, date: str, number: int) -> str:
    return f"/issues/{date}/{number}?" + urlencode({"paper": paper})
