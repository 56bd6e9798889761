"""Home page and search results (the whole page, or the results partial for htmx)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ..search import SearchRequest, request_from_args
from . import archive, is_partial

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    return render_template("index.html", stats=archive().stats(), papers=archive().papers(), req=SearchRequest())


@bp.get("/search")
def search():
    req = request_from_args(request.args)
    result = archive().search(req)
    partial = is_partial()
    template = "_results.html" if partial else "search.html"
    response = Response(render_template(template, result=result, req=req, partial=partial))
    response.headers["Vary"] = "HX-Request"
    return response
