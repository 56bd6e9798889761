"""The paper as printed: papers, a year's calendar of issues, an issue's pages, a page's articles."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request

from ..browse import valid_issue_date, year_calendar
from ..results import BadRequest
from . import archive

bp = Blueprint("browse", __name__)


def _paper(required: bool = True) -> str | None:
    paper = (request.args.get("paper") or "").strip()[:200]
    if not paper and required:
        raise BadRequest("请用 paper 参数指明报纸，例如 ?paper=太原日报")
    return paper or None


def _issue(date: str):
    if not valid_issue_date(date):
        raise BadRequest(f"日期应为 YYYY-MM-DD，收到 {date[:40]!r}")
    paper = _paper()
    issue = archive().issue(paper, date)
    if issue is None:
        abort(404, f"档案中没有{paper} {date} 这一期")
    return issue


@bp.get("/papers")
def papers():
    paper = _paper(required=False)
    if paper is None:
        return render_template("papers.html", papers=archive().papers(), req=None)
    found = next((p for p in archive().papers() if p.name == paper), None)
    if found is None:
        abort(404, f"档案中没有报纸“{paper}”")
    years = archive().paper_days(paper, level="year")
    year = request.args.get("year") or found.last[:4]
    if not (year.isascii() and year.isdigit() and len(year) == 4 and year != "0000"):
        raise BadRequest(f"year 应为四位数年份，收到 {year[:40]!r}")
    days = archive().paper_days(paper, year)
    return render_template(
        "paper.html", paper=found, years=years, year=int(year), months=year_calendar(int(year), days),
        issues=len(days), req=None,
    )


@bp.get("/issues/<date>")
def issue(date: str):
    found = _issue(date)
    return render_template("issue.html", issue=found, req=None)


@bp.get("/issues/<date>/<int:number>")
def page(date: str, number: int):
    found = _issue(date)
    printed = found.page(number)
    if printed is None:
        abort(404, f"{found.paper} {date} 没有第{number}版")
    previous_page, next_page = found.neighbours(printed)
    return render_template(
        "page.html", issue=found, page=printed, previous_page=previous_page, next_page=next_page, req=None
    )


@bp.get("/api/papers")
def api_papers():
    return jsonify([
        {"name": p.name, "first": p.first, "last": p.last, "articles": p.articles, "url": p.url}
        for p in archive().papers()
    ])


@bp.get("/api/issues/<date>")
def api_issue(date: str):
    return jsonify(_issue(date).to_api())
