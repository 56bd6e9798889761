"""Home page and search results (the whole page, or the results partial for htmx)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request

from ..archive import last_page
from ..params import request_from_args
from ..query import MAX_QUERY_CHARS
from ..results import SearchRequest
from . import archive, is_partial

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    return render_template("index.html", stats=archive().stats(), papers=archive().papers(), req=SearchRequest())


@bp.get("/search")
def search():
    if not request.htmx and any(v == "" for k, v in request.args.items(multi=True) if k != "q"):
        # A plain form submit sends its blank date inputs (from=&to=): keep them out of the URL.
        return redirect("/search?" + urlencode([(k, v) for k, v in request.args.items(multi=True) if v or k == "q"]))
    req = request_from_args(request.args)
    # A pasted passage: search (and link, and show) only what is searched, so that no link on the page
    # is longer than the server accepts; the page says how long the query was.
    cut_from = len(req.q) if len(req.q) > MAX_QUERY_CHARS else None
    if cut_from:
        req = replace(req, q=req.q[:MAX_QUERY_CHARS].strip())
    result = archive().search(req)
    partial = is_partial()
    template = "_results.html" if partial else "search.html"
    response = Response(render_template(
        template, result=result, req=req, partial=partial, cut_from=cut_from, last_page=last_page(result.pages),
    ))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/help")
def help_page():
    """The query language, with examples that are links."""
    return render_template("help.html", req=None)
