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

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _packaged_or_checkout(name: str) -> Path:
    inside = PACKAGE / name  # the installed wheel
    return inside if inside.is_dir() else PACKAGE.parent / name  # the checkout


TEMPLATES = _packaged_or_checkout("templates")  # Jinja templates of the site
SEEDS = _packaged_or_checkout("seeds")  # the demo archive `serve` and `build` index by default
STATIC = PACKAGE / "static"  # served at /static/ (htmx, the stylesheet, the script)
DATA = PACKAGE / "data"  # the gazetteer, the segmenter's weights, the OpenSearch template
DEFAULT_INDEX = "index"  # relative to the current directory
