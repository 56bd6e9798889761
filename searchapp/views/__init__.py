"""The site's views, grouped by what the reader does; each module is a thin Flask blueprint.

search (home, results), article (the permalink page), browse (papers, issues, pages),
cite (citation downloads, Atom feeds, OpenSearch), trends (a word over time), api (JSON and
exports). The helpers here are what they share: the open Archive, URLs and downloads.
"""

from __future__ import annotations

from typing import Iterator
from functools import lru_cache
from urllib.parse import quote_plus

from flask import Response, current_app, request, stream_with_context

from ..archive import Archive
from ..exports import content_disposition
from ..results import FACET_SIZE, SearchRequest

PARAMS = ("q", "district", "newspaper", "date", "from", "to", "sort", "person", "org", "author", "facet_size")


def archive() -> Archive:
    """This process's Archive, opened on first use (after a gunicorn fork, never at import).

    The engine comes from the app's SETTINGS (settings.EngineSettings), given by the CLI or a
    test, else read from the environment (SEARCHAPP_ENGINE …) by create_app.
    """
    opened = current_app.extensions.get("searchapp.archive")
    if opened is None:
        opened = Archive.open(current_app.config["SETTINGS"])
        current_app.extensions["searchapp.archive"] = opened
    return opened


def request_params(req: SearchRequest, **changes) -> dict[str, str]:
    """URL parameters of a request with some changed; a change of filter goes back to page 1."""
    params = {
        "q": req.q,
        "district": req.district,
        "newspaper": req.newspaper,
        "date": req.date,
        "from": req.date_from,
        "to": req.date_to,
        "sort": req.sort if req.sort != "relevance" else None,
        "person": req.person,
        "org": req.org,
        "author": req.author,
        "facet_size": str(req.facet_size) if req.facet_size != FACET_SIZE else None,
        "page": str(req.page) if req.page != 1 else None,
    }
    if changes and "page" not in changes:
        params["page"] = None
    for key, value in changes.items():
        params[key] = None if value in (None, "", "relevance") else str(value)
    return {k: v for k, v in params.items() if v}


@lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    return quote_plus(value, safe="")


def search_url(req: SearchRequest, path: str = "/search", **changes) -> str:
    """A URL for the request with some parameters changed (used by every facet, chip and pager link).

    The same as urlencode, with each value's quoting cached: a results page builds ~70 of these
    from the same few values, and quoting Chinese text was a third of its rendering time.
    """
    params = request_params(req, **changes)
    return f"{path}?" + "&".join(f"{k}={_quoted(v)}" for k, v in params.items()) if params else path


def absolute(path: str) -> str:
    """The absolute URL of a path on this site, as the request reached it."""
    return request.host_url.rstrip("/") + path


def is_partial() -> bool:
    """An htmx request for the results only (a history restore wants the whole page)."""
    return bool(request.htmx) and request.headers.get("HX-History-Restore-Request") != "true"


def download(chunks: Iterator[str] | str, mimetype: str, filename: str) -> Response:
    """An attachment named `filename`; an iterator is streamed as it is produced."""
    body = stream_with_context(chunks) if not isinstance(chunks, str) else chunks
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": content_disposition(filename)})
