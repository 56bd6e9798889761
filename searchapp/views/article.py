"""The permalink page of one article: text, where it was printed, how to cite it."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request

from ..cite import apa, citation_of, gbt7714, meta_tags
from ..params import request_from_args
from ..results import BadRequest, SearchRequest
from . import PARAMS, absolute, archive

bp = Blueprint("article", __name__)
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,96}$")


def find_article(article_id: str, q: str = "", related: bool = False):
    """The article's view (with its related articles where asked) and the issue it was printed in; 404 for an unknown id."""
    view = archive().article(article_id, q=q, related=related) if ARTICLE_ID.match(article_id) else None
    if view is None:
        abort(404, f"没有编号为“{article_id[:60]}”的文章")
    return view, archive().issue_of(article_id)


@bp.get("/articles/<article_id>")
def article(article_id: str):
    q = request.args.get("q", "")[:256]
    view, issue = find_article(article_id, q, related=True)
    back = None
    if q:
        try:
            back = request_from_args({k: v for k, v in request.args.items() if k in PARAMS})
        except BadRequest:
            back = SearchRequest(q=q)
    page = issue.page_holding(article_id) if issue else None
    previous_page, next_page = issue.neighbours(page) if page else (None, None)
    citation = citation_of(view.article, absolute(f"/articles/{article_id}"), issue.date if issue else None)
    came_from, goes_on = archive().continuations(view.article)
    return render_template(
        "article.html", view=view, a=view.article, q=q, back=back, req=back, issue=issue, page=page,
        came_from=came_from, goes_on=goes_on,
        previous_page=previous_page, next_page=next_page, citation=citation,
        references=[("GB/T 7714-2015", gbt7714(citation)), ("APA 第7版", apa(citation))],
        meta_tags=meta_tags(citation),
    )
