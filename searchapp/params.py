"""URL and CLI parameters become a SearchRequest: checked once, with a message that says what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

from .results import FACET_SIZE, MAX_FACET_SIZE, SORTS, BadRequest, SearchRequest

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,96}$")  # a permalink's id
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PAGE = re.compile(r"^[+-]?[0-9]+$")
MAX_PARAM = 512
MAX_NAME = 64  # a person's, organisation's or author's name
# What the site calls each parameter: messages name both (起始日期（from）), for the site's reader and
# for whoever typed the URL or the CLI's --from.
PARAM_LABELS = {"from": "起始日期", "to": "结束日期", "date": "日期", "district": "地区", "newspaper": "报纸", "person": "人物",
                "org": "机构", "author": "作者", "sort": "排序", "page": "页码", "facet_size": "分面条数", "by": "时间粒度"}


def labelled(name: str) -> str:
    """A parameter as messages name it: 起始日期（from）; the name alone where it has no label."""
    label = PARAM_LABELS.get(name)
    return f"{label}（{name}）" if label else name


def _valid_date(value: str, name: str) -> str:
    if not _DATE.match(value):
        raise BadRequest(f"{labelled(name)}应为 YYYY-MM-DD 格式的日期，收到 {value[:40]!r}", name)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{labelled(name)}不是有效日期：{value}", name) from None
    return value


def request_from_args(args: Mapping[str, str]) -> SearchRequest:
    """Build a SearchRequest from URL/CLI parameters (q, district, date, from, to, sort, page); BadRequest if invalid."""

    def get(name: str) -> str | None:
        value = args.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            value = str(value)
        if len(value) > MAX_PARAM and name != "q":
            raise BadRequest(f"参数{labelled(name)}太长", name)
        value = value.strip()
        return value or None

    q = get("q") or ""
    page_text = get("page") or "1"
    if not _PAGE.match(page_text):
        raise BadRequest(f"{labelled('page')}应为正整数，收到 {page_text[:40]!r}", "page")
    # A page past the results, or past MAX_PAGE, is not a bad request: the search answers it
    # with a message and a link to the last page (archive.past_the_end), keeping the query.
    page = int(page_text)
    if page < 1:
        raise BadRequest(f"{labelled('page')}应为正整数，收到 {page_text[:40]!r}", "page")
    sort = get("sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"{labelled('sort')}应为 {' / '.join(SORTS)} 之一，收到 {sort[:40]!r}", "sort")
    date_from = get("from")
    date_to = get("to")
    if date_from:
        _valid_date(date_from, "from")
    if date_to:
        _valid_date(date_to, "to")
    if date_from and date_to and date_from > date_to:
        raise BadRequest(f"起始日期 {date_from} 晚于结束日期 {date_to}", "from", "to")
    date = get("date")
    if date:
        if not _DATE_PREFIX.match(date):
            raise BadRequest(f"{labelled('date')}应为 YYYY、YYYY-MM 或 YYYY-MM-DD，收到 {date[:40]!r}", "date")
        try:
            dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date)
        except ValueError:
            raise BadRequest(f"{labelled('date')}不是有效日期：{date}", "date") from None
    district = get("district")
    if district and (any(ord(c) < 32 for c in district) or district.count("/") > 3 or "//" in district):
        raise BadRequest(f"{labelled('district')}应为地区名（小店区、小店、延庆县、太原市、山西）、代码（140105）或 省/市/县 路径", "district")
    newspaper = get("newspaper")
    if newspaper and "\x00" in newspaper:
        raise BadRequest(f"{labelled('newspaper')}应为报纸名称", "newspaper")
    names = {}
    for name, what in (("person", "人名"), ("org", "机构名"), ("author", "作者姓名")):
        value = get(name)
        if value and (any(ord(c) < 32 for c in value) or len(value) > MAX_NAME):
            raise BadRequest(f"{labelled(name)}应为{what}（最多 {MAX_NAME} 字）", name)
        names[name] = value
    size_text = get("facet_size") or str(FACET_SIZE)
    try:
        facet_size = int(size_text)
    except ValueError:
        raise BadRequest(f"{labelled('facet_size')}应为正整数，收到 {size_text[:40]!r}", "facet_size") from None
    if facet_size < 1 or facet_size > MAX_FACET_SIZE:
        raise BadRequest(f"{labelled('facet_size')}应在 1 到 {MAX_FACET_SIZE} 之间，收到 {facet_size}", "facet_size")
    return SearchRequest(
        q=q, district=district, date=date, date_from=date_from, date_to=date_to, sort=sort, page=page,
        newspaper=newspaper, facet_size=facet_size, **names,
    )
