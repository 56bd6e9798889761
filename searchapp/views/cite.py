"""Citing and following: RIS and BibTeX downloads of an article, Atom feeds of a search, OpenSearch."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, request

from ..cite import authors_of, bibtex, citation_of, ris
from ..exports import plain_snippet
from ..feeds import Entry, atom, opensearch_description
from ..params import request_from_args
from . import absolute, archive, download, request_params, search_url
from .article import find_article

bp = Blueprint("cite", __name__)
FEED_SIZE = 50


def _citation(article_id: str):
    view, issue = find_article(article_id)
    return citation_of(view.article, absolute(f"/articles/{article_id}"), issue.date if issue else None)


@bp.get("/articles/<article_id>.ris")
def article_ris(article_id: str):
    c = _citation(article_id)
    return download(ris(c), "application/x-research-info-systems", f"{article_id}.ris")


@bp.get("/articles/<article_id>.bib")
def article_bibtex(article_id: str):
    c = _citation(article_id)
    return download(bibtex(c), "application/x-bibtex", f"{article_id}.bib")


@bp.get("/search.atom")
def search_feed():
    """The newest FEED_SIZE matching articles, whatever sort the page was showing."""
    req = replace(request_from_args({**request.args.to_dict(), "sort": "newest", "page": "1"}), per_page=FEED_SIZE)
    result = archive().search(req)

    def authors(article_id: str) -> tuple[str, ...]:
        view = archive().article(article_id)
        return authors_of(view.article) if view else ()

    entries = [
        Entry(
            url=absolute(hit.url),
            title=hit.title,
            date=hit.date,
            summary=" … ".join(plain_snippet(s)[0] for s in hit.snippets),
            newspaper=hit.newspaper,
            categories=tuple(d.name for d in hit.districts),
            authors=authors(hit.id),
            people=hit.people,
            organisations=hit.organisations,
        )
        for hit in result.hits
    ]
    label = "、".join(f"{k}：{v}" for k, v in request_params(req).items() if k not in ("q", "sort"))
    title = f"“{req.q}”的新文章" if req.q else "新文章"
    title = f"{title}（{label}）" if label else title
    title += " - 报纸档案检索"
    body = atom(title, absolute(search_url(req, path="/search.atom", sort=None)), absolute(search_url(req, sort="newest")), entries)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/opensearch.xml")
def opensearch():
    return Response(opensearch_description(request.host_url), mimetype="application/opensearchdescription+xml")
