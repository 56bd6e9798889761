"""The Flask + htmx site: thin views over the search library, an app factory, and gunicorn.

Each view is three steps: request parameters become a SearchRequest, the Archive answers, a
template renders. The same URL renders the whole page, or only the results partial for an htmx
request (`Vary: HX-Request`); a history-restore request gets the whole page.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request, stream_with_context
from htmx_flask import Htmx
from werkzeug.exceptions import HTTPException

from .articles import jump_page
from .index import IndexMissing
from .search import Archive, BadRequest, SearchRequest, request_from_args

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,96}$")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PARAMS = ("q", "district", "date", "from", "to", "sort")

bp = Blueprint("site", __name__)


def create_app(test_config: dict | None = None) -> Flask:
    """The app factory: settings from defaults, then SEARCHAPP_* environment, then test_config."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static")
    app.config.from_mapping(INDEX=os.environ.get("SEARCHAPP_INDEX", "index"), JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    Htmx(app)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(search_url=search_url, request_params=request_params)
    app.jinja_env.filters["jump_page"] = jump_page  # 下转第2版 -> 2, for the continuation links
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def archive() -> Archive:
    """This process's Archive, opened on first use (after a gunicorn fork, never at import)."""
    opened = current_app.extensions.get("searchapp.archive")
    if opened is None:
        opened = Archive.open(current_app.config["INDEX"])
        current_app.extensions["searchapp.archive"] = opened
    return opened


# ---------------------------------------------------------------- URL helpers for templates


def request_params(req: SearchRequest, **changes) -> dict[str, str]:
    """URL parameters of a request with some changed; a change of filter goes back to page 1."""
    params = {
        "q": req.q,
        "district": req.district,
        "date": req.date,
        "from": req.date_from,
        "to": req.date_to,
        "sort": req.sort if req.sort != "relevance" else None,
        "page": str(req.page) if req.page != 1 else None,
    }
    if changes and "page" not in changes:
        params["page"] = None
    for key, value in changes.items():
        params[key] = None if value in (None, "", "relevance") else str(value)
    return {k: v for k, v in params.items() if v}


def search_url(req: SearchRequest, path: str = "/search", **changes) -> str:
    params = request_params(req, **changes)
    return f"{path}?{urlencode(params)}" if params else path


# ---------------------------------------------------------------- views


def _is_partial() -> bool:
    return bool(request.htmx) and request.headers.get("HX-History-Restore-Request") != "true"


@bp.get("/")
def home():
    return render_template("index.html", stats=archive().stats(), req=SearchRequest())


@bp.get("/search")
def search():
    req = request_from_args(request.args)
    result = archive().search(req)
    template = "_results.html" if _is_partial() else "search.html"
    response = Response(render_template(template, result=result, req=req))
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/articles/<article_id>")
def article(article_id: str):
    if not ARTICLE_ID.match(article_id):
        abort(404, f"没有编号为“{article_id[:60]}”的文章")
    q = request.args.get("q", "")[:256]
    view = archive().article(article_id, q=q)
    if view is None:
        abort(404, f"没有编号为“{article_id}”的文章")
    back = SearchRequest(q=q) if q else None
    if back is not None:
        try:
            back = request_from_args({k: v for k, v in request.args.items() if k in PARAMS})
        except BadRequest:
            back = SearchRequest(q=q)
    came_from, goes_on = archive().continuations(view.article)
    return render_template("article.html", view=view, a=view.article, q=q, back=back, req=back, came_from=came_from, goes_on=goes_on)


@bp.get("/api/search")
def api_search():
    req = request_from_args(request.args)
    return jsonify(archive().search(req).to_api())


@bp.get("/api/articles/<article_id>")
def api_article(article_id: str):
    view = archive().article(article_id, q=request.args.get("q", "")[:256]) if ARTICLE_ID.match(article_id) else None
    if view is None:
        abort(404, f"没有编号为“{article_id[:60]}”的文章")
    return jsonify(view.to_api())


def _plain(snippet_html: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", snippet_html))


def _cell(value: str) -> str:
    # A cell that starts like a formula would run in a spreadsheet: make it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@bp.get("/search.csv")
def export_csv():
    req = request_from_args(request.args)
    hits = archive().export(req)

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "title", "date", "districts", "newspaper", "page", "url", "snippet"])
        yield "\ufeff" + buffer.getvalue()
        for hit in hits:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(
                [
                    hit.id,
                    _cell(hit.title),
                    hit.date or "",
                    "、".join("/".join(d.path) for d in hit.districts),
                    _cell(hit.newspaper or ""),
                    hit.page_no or "",
                    request.host_url.rstrip("/") + hit.url,
                    _cell(_plain(hit.snippets[0]) if hit.snippets else ""),
                ]
            )
            yield buffer.getvalue()

    return _download(rows(), "text/csv", "searchapp-results.csv")


@bp.get("/search.json")
def export_json():
    req = request_from_args(request.args)
    hits = archive().export(req)

    def chunks() -> Iterator[str]:
        head = {"query": req.q, "filters": request_params(req, page=None)}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": ['
        for n, hit in enumerate(hits):
            item = hit.to_api()
            item["snippets_text"] = [_plain(s) for s in hit.snippets]
            yield ("," if n else "") + json.dumps(item, ensure_ascii=False)
        yield "]}"

    return _download(chunks(), "application/json", "searchapp-results.json")


def _download(chunks: Iterator[str], mimetype: str, filename: str) -> Response:
    """A streamed attachment: every matching article, written as the export reads it."""
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/healthz")
def healthz():
    try:
        stats = archive().stats()
    except IndexMissing as e:
        return Response(f"index unavailable: {e}\n", status=503, mimetype="text/plain")
    return Response(f"ok {stats.articles} articles\n", mimetype="text/plain")


# ---------------------------------------------------------------- errors and headers


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def _error(status: int, message: str, req: SearchRequest | None = None):
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message, req=req or SearchRequest()), status


def _http_error(e: HTTPException):
    messages = {404: "找不到这个页面", 405: "不支持这种请求方法", 400: "请求有误"}
    description = e.description if isinstance(e.description, str) and not e.description.startswith("The ") else None
    return _error(e.code or 500, description or messages.get(e.code or 500, "请求有误"))


@bp.app_errorhandler(BadRequest)
def _bad_request(e: BadRequest):
    q = request.args.get("q", "")[:256]
    return _error(400, str(e), SearchRequest(q=q))


@bp.app_errorhandler(IndexMissing)
def _index_missing(e: IndexMissing):
    return _error(503, f"索引不可用：{e}")


def _unexpected_error(e: Exception):
    current_app.logger.exception("unexpected error")
    return _error(500, "服务器出错了，请稍后再试")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# ---------------------------------------------------------------- serving


def run_server(index_dir: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve with gunicorn; each worker opens the index after the fork (no preload)."""
    from gunicorn.app.base import BaseApplication

    os.environ["SEARCHAPP_INDEX"] = index_dir

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("preload_app", False)
            self.cfg.set("accesslog", None)
            self.cfg.set("timeout", 120)

        def load(self):
            return create_app({"INDEX": index_dir})

    Server().run()


@contextmanager
def serving_in_background(index_dir: str, workers: int = 2, timeout: float = 120) -> Iterator[tuple[str, subprocess.Popen]]:
    """`searchapp serve` on a free loopback port, for tests, the benchmark and the load test.

    Yields (base URL, process) once /healthz answers; raises RuntimeError with the server's
    last output if it does not within `timeout` seconds. Stops the server on exit.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tempfile.TemporaryFile()  # not a pipe: a server that logs a lot must never block on it
    proc = subprocess.Popen(
        [sys.executable, "-m", "searchapp.cli", "serve", "--index", index_dir, "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=5).status == 200:
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"searchapp serve did not answer /healthz: {output}") from None
                time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        log.close()
