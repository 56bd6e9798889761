"""The wheel is a whole site: built from the repo, installed outside the checkout, it serves.

The wheel is built from a copy of the checkout (no stale build/ directory, no egg-info of the
editable install), installed into a fresh virtualenv in a temporary directory (its dependencies
from the registry, at the versions this environment runs, so pip's cache serves them), and
`searchapp serve` runs from another temporary directory: the index must build itself there, in
./index, from the seeds the wheel carries, and the site must render from the wheel's templates
and static files. Nothing here is timed: every wait polls against a generous deadline.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

INSTALL_TIMEOUT = 1800  # building the wheel, installing it with its dependencies: seconds, not a test
SERVE_TIMEOUT = 600  # the first start builds the index from the seeds before it answers
# Not copied: what the checkout's own tools leave at its top (the virtualenv, the index, builds).
TOP_LEVEL_SKIP = {".venv", ".git", "index", "build", "dist", ".pytest_cache", ".hypothesis", ".ci"}


def _copy_ignore(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    if Path(folder).resolve() == ROOT:
        skip |= TOP_LEVEL_SKIP & set(names)
    if Path(folder).resolve() == ROOT / "tests":
        skip |= {"artifacts"} & set(names)
    return skip


def _clean_env() -> dict[str, str]:
    """This environment without what points at the checkout or its virtualenv or its settings.

    PIP_* stays (a CI's index mirror, its cache directory)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SEARCHAPP_", "PYTHON")) and k not in ("VIRTUAL_ENV", "__PYVENV_LAUNCHER__")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, **kwargs)
    assert done.returncode == 0, f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def workspace():
    # Outside the checkout by construction: the system's temporary directory.
    with tempfile.TemporaryDirectory(prefix="searchapp-wheel-") as tmp:
        path = Path(tmp).resolve()
        assert not path.is_relative_to(ROOT)
        yield path


@pytest.fixture(scope="module")
def wheel(workspace) -> Path:
    source = workspace / "source"
    shutil.copytree(ROOT, source, ignore=_copy_ignore, symlinks=True)
    dist = workspace / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--wheel-dir", str(dist)],
         env=_clean_env(), cwd=workspace)
    wheels = list(dist.glob("searchapp-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(workspace, wheel) -> Path:
    """A fresh virtualenv (no system or checkout site-packages) with the wheel installed; its bin/."""
    venv = workspace / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env=_clean_env(), cwd=workspace)
    # The versions this environment runs (and the rest of the suite tests), as constraints: pip's
    # cache then holds them all. Only registry packages: not the checkout itself, no local paths.
    frozen = _run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], env=_clean_env()).stdout.splitlines()
    constraints = workspace / "constraints.txt"
    constraints.write_text("\n".join(
        line for line in frozen
        if "==" in line and " @ " not in line and not line.lower().startswith(("searchapp", "-", "#"))) + "\n")
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--constraint", str(constraints), str(wheel)],
         env=_clean_env(), cwd=workspace)
    return venv / "bin"


def test_wheel_holds_the_views_templates_seeds_and_static_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "views": [p for p in (ROOT / "searchapp" / "views").glob("*.py")],
        "templates": [p for p in (ROOT / "templates").iterdir() if p.is_file()],
        "seeds": [p for p in (ROOT / "seeds").iterdir() if p.is_file()],
        "static": [p for p in (ROOT / "searchapp" / "static").iterdir() if p.is_file()],
        "data": [p for p in (ROOT / "searchapp" / "data").iterdir() if p.is_file()],
    }
    # Every module of every subpackage (views/, engines/ …): a package left out of pyproject's list
    # imports in the checkout and fails installed.
    modules = {f"searchapp/{p.relative_to(ROOT / 'searchapp').as_posix()}" for p in (ROOT / "searchapp").rglob("*.py")}
    assert not sorted(modules - names), f"the wheel lacks {sorted(modules - names)}"
    for folder, files in expected.items():
        assert files, folder
        missing = sorted({f"searchapp/{folder}/{p.name}" for p in files} - names)
        assert not missing, f"the wheel lacks {missing}"
    for must in ("searchapp/templates/base.html", "searchapp/templates/article.html", "searchapp/seeds/manifest.csv",
                 "searchapp/static/htmx.min.js", "searchapp/static/style.css", "searchapp/views/api.py",
                 "searchapp/resources.py"):
        assert must in names
    # The README's screenshots are not the site's: they stay out of the wheel.
    assert not any(n.startswith("searchapp/static/screenshots/") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "searchapp = searchapp.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


def test_installed_wheel_serves_the_seeds_from_any_directory(workspace, installed):
    site = workspace / "site"  # where a user runs `searchapp serve`: not the checkout, no seeds, no index
    site.mkdir()
    env = _clean_env()

    where = _run([str(installed / "python"), "-c", "import searchapp.resources as r; print(r.__file__); print(r.TEMPLATES); print(r.SEEDS)"],
                 env=env, cwd=site).stdout.split()
    venv = installed.parent
    assert all(Path(p).resolve().is_relative_to(venv) for p in where), f"not the installed package: {where}"

    port = _free_port()
    log = (workspace / "serve.log").open("w+b")
    server = subprocess.Popen([str(installed / "searchapp"), "serve", "--port", str(port)], cwd=site, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")[-4000:]

    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, f"searchapp serve exited ({server.returncode}):\n{output()}"
            assert time.monotonic() < deadline, f"searchapp serve did not answer /healthz:\n{output()}"
            time.sleep(0.5)

        assert (site / "index").is_dir(), f"no ./index in {site}:\n{output()}"
        assert (site / "index" / "current").exists()

        status, html = _get(base + "/search?q=" + urllib.parse.quote("太原"))
        assert status == 200, html[:2000]
        page = BeautifulSoup(html, "html.parser")
        hits = page.select("li.hit h2 a")
        assert hits, f"no results rendered:\n{html[:2000]}"
        title = hits[0].get_text().strip()
        assert title and "太原" in page.select_one("li.hit").get_text()
        assert int(page.select_one(".total-articles").get_text()) >= len(hits)

        link = urllib.parse.urljoin(base + "/search", hits[0]["href"])
        assert urllib.parse.urlparse(link).path.startswith("/articles/")
        status, html = _get(link)
        assert status == 200, html[:2000]
        assert BeautifulSoup(html, "html.parser").find("h1").get_text().strip() == title

        # The stylesheet and htmx come from the wheel's static folder.
        for asset in ("/static/style.css", "/static/htmx.min.js"):
            status, body = _get(base + asset)
            assert status == 200 and body, asset
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # gunicorn's master and its worker: the group we started
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()
