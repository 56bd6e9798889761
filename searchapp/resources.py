"""Where searchapp's files live, in a checkout and in an installed wheel alike.

The repository keeps the templates and the demo seeds at its top (`templates/`, `seeds/`); the
wheel maps them into the package (`searchapp/templates`, `searchapp/seeds`; see pyproject.toml).
Each location is looked up inside the package first, then at the top of the checkout, so a
`pip install .`, a pipx install, a container image and an editable install (`pip install -e .`,
which runs from the checkout) all find them. Static files and `data/` always live in the package.

The index is not package data: it goes to `./index` (relative to the current directory) unless
`--index` or `SEARCHAPP_INDEX` says otherwise, so an installed searchapp writes where it is run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).resolve().parent


def _packaged_or_checkout(name: str) -> Path:
    inside = PACKAGE / name  # the installed wheel
    return inside if inside.is_dir() else PACKAGE.parent / name  # the checkout


TEMPLATES = _packaged_or_checkout("templates")  # Jinja templates of the site
SEEDS = _packaged_or_checkout("seeds")  # the demo archive `serve` and `build` index by default
STATIC = PACKAGE / "static"  # served at /static/ (htmx, the stylesheet, the script)
DATA = PACKAGE / "data"  # the gazetteer, the segmenter's weights, the OpenSearch template
DEFAULT_INDEX = "index"  # relative to the current directory


def user_cache() -> Path:
    """searchapp's folder in the user's cache directory ($XDG_CACHE_HOME, else ~/.cache)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "searchapp"


KEPT_ENTRIES = 3  # entries of one table kept in the user's cache (the most recently used)


def derived(name: str, sources: tuple[Path, ...], key: str, make: Callable[[], T]) -> T:
    """make(), a table derived from installed files, kept pickled in the user's cache under a key
    of the files (path, size, time) and `key` (what else the table depends on), so a new file or
    key makes a new entry. `sources` are every file the table comes from: the data (jieba's
    dictionary, the people model) and the modules whose code makes it, so that a changed
    derivation is never answered from an entry the old code made. Reading jieba's
    349,000 lines again took every build a few tenths of a second before its workers could fork.
    An unreadable or damaged entry is made again; without a writable cache the table is made
    every time. Each install (a checkout, a virtual environment) has its own files, so its own
    entries: of one table the KEPT_ENTRIES most recently used are kept, the others removed when
    a new one is written (and the JSON entries of earlier versions with them)."""
    try:
        stamps = [(str(source), os.stat(source)) for source in sources]
    except (OSError, TypeError):
        return make()
    files = "".join(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0" for path, st in stamps)
    digest = hashlib.sha1(f"{files}{key}".encode()).hexdigest()[:16]
    path = user_cache() / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
    except Exception:  # missing, truncated, or written by another Python: made again below
        pass
    else:
        try:
            os.utime(path)  # used now: kept before entries unused longer
        except OSError:
            pass  # a cache the user may read and not write
        return value
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        _forget_old(path.parent, name)
    except OSError:
        pass
    return value


def _forget_old(folder: Path, name: str) -> None:
    """Remove the entries of `name` beyond the KEPT_ENTRIES most recently used."""
    entries = []
    for entry in (*folder.glob(f"{name}-*.pickle"), *folder.glob(f"{name}-*.json")):
        try:
            entries.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            continue  # removed by another process meanwhile
    for _, entry in sorted(entries, reverse=True)[KEPT_ENTRIES:]:
        entry.unlink(missing_ok=True)
