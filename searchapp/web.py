"""The Flask + htmx site: the app factory, errors and headers, and serving with gunicorn.

The views live in searchapp/views/, one blueprint per thing the reader does. Each is three
steps: request parameters become a request object, the Archive answers, a template renders. The
same URL renders the whole page, or only the results partial for an htmx request
(`Vary: HX-Request`); a history-restore request gets the whole page.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.sync import SyncWorker
from htmx_flask import Htmx
from werkzeug.exceptions import HTTPException

from .articles import jump_page
from .browse import issue_url, paper_url
from .entities import name_form
from .index import IndexMissing
from .resources import STATIC, TEMPLATES
from .params import PARAM_LABELS
from .results import BadRequest, SearchRequest
from .settings import EngineSettings, load_settings
from .views import is_partial, request_params, search_url

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

bp = Blueprint("site", __name__)  # error handlers shared by every view


def create_app(test_config: dict | None = None) -> Flask:
    """The app factory: settings from defaults, then SEARCHAPP_* environment, then test_config.

    test_config may give SETTINGS (an EngineSettings: what the CLI passes) or only INDEX (a
    Tantivy index directory; the rest from the environment).
    """
    from .views import api, article, browse, cite, search, trends

    # Found in the installed package or in the checkout (resources.py): `pip install .` renders too.
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=str(STATIC))
    app.config.from_mapping(JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    if "SETTINGS" not in app.config:
        app.config["SETTINGS"] = load_settings(index=app.config.get("INDEX"))
    app.json.ensure_ascii = False
    Htmx(app)
    app.register_blueprint(bp)
    for module in (search, article, browse, cite, trends, api):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(
        search_url=search_url, request_params=request_params, paper_url=paper_url, issue_url=issue_url,
    )
    app.jinja_env.filters["jump_page"] = jump_page  # 下转第2版 -> 2, for the continuation links
    app.jinja_env.filters["name_form"] = name_form  # 習近平 -> 习近平: a name filter shown as it is matched
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


# ---------------------------------------------------------------- errors and headers


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def _error(status: int, message: str, req: SearchRequest | None = None, without: tuple[str, str] | None = None,
           params: tuple[str, ...] = ()):
    """The error as JSON for the API (with the parameters at fault, where known), else a page;
    `without`: (those parameters' names, the same address without them), offered as a link so a
    hand-edited or truncated link loses nothing else."""
    if _wants_json():
        return jsonify({"error": message, "status": status, **({"params": list(params)} if params else {})}), status
    if is_partial():  # live search: the message replaces the results (htmx swaps 4xx, see base.html)
        return render_template("_error.html", status=status, message=message, without=without), status
    return render_template("error.html", status=status, message=message, req=req or SearchRequest(), without=without), status


def _http_error(e: HTTPException):
    messages = {404: "找不到这个页面", 405: "不支持这种请求方法", 400: "请求有误"}
    description = e.description if isinstance(e.description, str) and not e.description.startswith("The ") else None
    return _error(e.code or 500, description or messages.get(e.code or 500, "请求有误"))


@bp.app_errorhandler(BadRequest)
def _bad_request(e: BadRequest):
    q = request.args.get("q", "")[:256]
    without = None
    if e.params:  # the same address without them (and from the first page): nothing else is lost
        kept = [(k, v) for k, v in request.args.items(multi=True) if k not in e.params and k != "page"]
        labels = "、".join(f"“{PARAM_LABELS.get(p, p)}”" for p in e.params)
        without = (labels, request.path + ("?" + urlencode(kept) if kept else ""))
    return _error(400, str(e), SearchRequest(q=q), without, e.params)


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


def run_server(settings: EngineSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve with gunicorn; each worker opens the index after the fork (no preload)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            # The longest request line gunicorn takes (its default, 4094 bytes, is ~450 Chinese
            # characters of query); past it the reader gets a page in Chinese, not gunicorn's (_Worker).
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("worker_class", "searchapp.web._Worker")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("preload_app", False)
            self.cfg.set("accesslog", None)
            self.cfg.set("timeout", 120)

        def load(self):
            # Runs in each worker after the fork (no preload): load the gazetteer, OpenCC, the fold
            # table and jieba's dictionary here, so that the first readers do not wait for them
            # (the gazetteer alone was the benchmark's /search p99: ~60 ms once per worker).
            from . import analysis
            from .gazetteer import gazetteer

            gazetteer()
            analysis.words(analysis.normalize("太原市小店區ＧＤＰ"))
            return create_app({"SETTINGS": settings})

    Server().run()


# What a reader sees for a URL longer than gunicorn reads (a hand-made link; the site's own forms send
# at most 256 characters of query): the site's look and a way on, instead of "Request-URI Too Long".
_TOO_LONG = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>网址太长 - 报纸档案检索</title><link rel="stylesheet" href="/static/style.css"></head>
<body><header class="site"><a class="brand" href="/">报纸档案检索</a></header>
<main id="main"><section class="error"><h1>网址太长</h1>
<p class="message">这个网址超过了 8190 字节，服务器无法读取。检索词最多 256 字：请缩短后重新检索。</p>
<form class="searchbox" method="get" action="/search" role="search"><div class="searchrow">
<label for="q" class="visually-hidden">检索词</label><input id="q" name="q" type="search" maxlength="256">
<button type="submit">检索</button></div></form>
<p><a href="/">回到首页</a></p></section></main></body></html>
"""


class _Worker(SyncWorker):
    """gunicorn's sync worker, answering a request line over limit_request_line with _TOO_LONG."""

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        body = _TOO_LONG.encode("utf-8")
        head = (
            "HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nContent-Security-Policy: {CSP}\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n"
        )
        try:
            client.sendall(head.encode("ascii") + body)
        except OSError:
            pass


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
