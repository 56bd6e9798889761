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

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from htmx_flask import Htmx
from werkzeug.exceptions import HTTPException

from .articles import jump_page
from .browse import issue_url, paper_url
from .index import IndexMissing
from .resources import STATIC, TEMPLATES
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
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


# ---------------------------------------------------------------- errors and headers


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def _error(status: int, message: str, req: SearchRequest | None = None):
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    if is_partial():  # live search: the message replaces the results (htmx swaps 4xx, see base.html)
        return render_template("_error.html", status=status, message=message), status
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


def run_server(settings: EngineSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve with gunicorn; each worker opens the index after the fork (no preload)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
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
