"""The JSON API, result downloads (CSV, JSON) and the health check."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from flask import Blueprint, Response, jsonify, request

from ..cite import apa, citation_of, gbt7714
from ..exports import export_filename, plain_snippet, spreadsheet_cell
from ..index import IndexMissing
from ..params import request_from_args
from . import absolute, archive, download, request_params
from .article import find_article

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def api_search():
    req = request_from_args(request.args)
    return jsonify(archive().search(req).to_api())


@bp.get("/api/articles/<article_id>")
def api_article(article_id: str):
    view, issue = find_article(article_id, request.args.get("q", "")[:256], related=True)
    data = view.to_api()
    data["permalink"] = absolute(f"/articles/{article_id}")
    data["issue"] = {"date": issue.date, "url": absolute(issue.url)} if issue else None
    citation = citation_of(view.article, data["permalink"], issue.date if issue else None)
    data["citation"] = {
        "gbt7714": gbt7714(citation),
        "apa": apa(citation),
        "ris": absolute(f"/articles/{article_id}.ris"),
        "bibtex": absolute(f"/articles/{article_id}.bib"),
    }
    return jsonify(data)


@bp.get("/search.csv")
def export_csv():
    req = request_from_args(request.args)
    hits = archive().export(req)

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "title", "date", "dateline_date", "districts", "newspaper", "page", "url", "snippet",
                         "people", "organisations", "authors"])
        yield "\ufeff" + buffer.getvalue()
        for hit in hits:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(
                [
                    hit.id,
                    spreadsheet_cell(hit.title),
                    hit.date or "",
                    hit.dateline_date or "",
                    "、".join("/".join(d.path) for d in hit.districts),
                    spreadsheet_cell(hit.newspaper or ""),
                    hit.page_no or "",
                    absolute(hit.url),
                    spreadsheet_cell(plain_snippet(hit.snippets[0])[0] if hit.snippets else ""),
                    spreadsheet_cell("、".join(hit.people)),
                    spreadsheet_cell("、".join(hit.organisations)),
                    spreadsheet_cell("、".join(hit.authors)),
                ]
            )
            yield buffer.getvalue()

    return download(rows(), "text/csv", export_filename(req.q, "csv"))


@bp.get("/search.json")
def export_json():
    """Every match: absolute URLs, snippets as plain text with their highlights as offsets."""
    req = request_from_args(request.args)
    hits = archive().export(req)

    def chunks() -> Iterator[str]:
        head = {"query": req.q, "filters": request_params(req, page=None), "search_url": absolute(request.full_path.replace(".json", "", 1))}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": ['
        for n, hit in enumerate(hits):
            item = hit.to_api()
            item["url"] = absolute(hit.url)
            plain = [plain_snippet(s) for s in hit.snippets]
            item["snippets"] = [text for text, _ in plain]
            item["highlights"] = [marks for _, marks in plain]
            yield ("," if n else "") + json.dumps(item, ensure_ascii=False)
        yield "]}"

    return download(chunks(), "application/json", export_filename(req.q, "json"))


@bp.get("/healthz")
def healthz():
    try:
        stats = archive().stats()
    except IndexMissing as e:
        return Response(f"index unavailable: {e}\n", status=503, mimetype="text/plain")
    return Response(f"ok {stats.articles} articles\n", mimetype="text/plain")
