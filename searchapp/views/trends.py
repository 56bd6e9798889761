"""A word over time: /trends?q=疫情&q=复工 draws each query's articles per period; CSV and JSON too."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, request

from ..params import labelled, request_from_args
from ..results import FACET_SIZE, MORE_FACET_SIZE, BadRequest, SearchRequest
from ..trends import LEVELS, MAX_SERIES, chart, date_span, period_label
from ..exports import export_filename, spreadsheet_cell
from . import archive, download

bp = Blueprint("trends", __name__)
_NEEDS_QUOTES = re.compile(r"[\s()（）|｜\"“”＂:：]")
FILTERS = ("district", "newspaper", "date", "from", "to", "person", "org", "author")  # what a trend's queries share


@bp.app_template_filter("name_query")
def name_query(name: str, field: str) -> str:
    """The query for one name: person:林武, org:"中国（山西）自由贸易试验区" (quoted where the name
    holds what the query language reads as syntax)."""
    return f'{field}:"{name.replace(chr(34), "")}"' if _NEEDS_QUOTES.search(name) else f"{field}:{name}"


@bp.app_template_global()
def trends_url(queries) -> str:
    """The trends page comparing these queries."""
    return "/trends?" + urlencode([("q", q) for q in queries])


@bp.app_context_processor
def _facet_sizes() -> dict:
    return {"FACET_SIZE": FACET_SIZE, "MORE_FACET_SIZE": MORE_FACET_SIZE}


def _trend():
    """The queries (q, repeated), the filters they share, the level asked for, and the Trend."""
    queries = [q.strip()[:256] for q in request.args.getlist("q") if q.strip()]
    queries = list(dict.fromkeys(queries))
    if len(queries) > MAX_SERIES:
        raise BadRequest(f"最多比较 {MAX_SERIES} 个检索词，收到 {len(queries)} 个")
    level = request.args.get("by") or None
    if level and level not in LEVELS:
        raise BadRequest(f"{labelled('by')}应为 {' / '.join(LEVELS)} 之一，收到 {level[:40]!r}", "by")
    base = request_from_args({k: v for k, v in request.args.items() if k in FILTERS})
    if base.date:  # the results' date facet (2022-11): the same days as from/to, which the form shows
        first, last = date_span(base.date)
        base = replace(base, date=None, date_from=max(first, base.date_from or first), date_to=min(last, base.date_to or last))
        if base.date_from > base.date_to:
            raise BadRequest(f"{labelled('date')}{request.args.get('date')}与起始、结束日期（from、to）没有共同的日期", "date")
    trend = archive().trend(queries, base, level) if queries else None
    return queries, base, level, trend


@bp.get("/trends")
def trends():
    queries, base, level, trend = _trend()
    return render_template(
        "trends.html", queries=queries, base=base, level=level, trend=trend,
        chart=chart(trend) if trend and trend.periods else None, period_label=period_label,
        req=SearchRequest(q=queries[0]) if queries else None,
        stats_span=_span(), examples=archive().trend_examples() if not queries else (),
    )


def _span() -> str:
    stats = archive().stats()
    return f"{stats.date_min} 至 {stats.date_max}" if stats.date_min else "无日期"


@bp.get("/trends.csv")
def trends_csv():
    queries, _, _, trend = _trend()
    if not queries:
        raise BadRequest("请至少给出一个检索词：/trends.csv?q=疫情&q=复工")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[spreadsheet_cell(cell) for cell in row] for row in trend.rows()])
    return download("\ufeff" + buffer.getvalue(), "text/csv", export_filename("趋势-" + "-".join(queries), "csv"))


@bp.get("/api/trends")
def api_trends():
    queries, _, _, trend = _trend()
    if not queries:
        raise BadRequest("请至少给出一个检索词：/api/trends?q=疫情&q=复工")
    return jsonify(trend.to_api())
