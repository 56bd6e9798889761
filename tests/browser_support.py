"""What the browser test files share: Debian's Chromium, a page that records console errors, axe-core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
# tests/run installs axe-core here (npm), so the accessibility tests run on a clean machine too.
AXE_CACHE = Path(os.environ.get("SEARCHAPP_AXE", Path.home() / ".cache" / "searchapp" / "axe"))
AXE_JS = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"


def launch(playwright):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: tests/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (tests/run installs it)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


def watched(page):
    """Record console errors and uncaught exceptions on page.problems."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    return page


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not at {AXE_JS}: tests/run installs it with npm "
                    f"(npm install --prefix {AXE_CACHE} axe-core@4.14.1)")
    return AXE_JS.read_text("utf-8")


# Every text element the reader can see: its computed size (SVG text scaled as drawn), and the page's width.
MEASURE = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('.visually-hidden, [hidden]')) continue;
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); if (m) size *= Math.hypot(m.a, m.b); }
    if (size < 11) small.push(`${el.tagName}.${el.getAttribute('class') || ''} "${node.textContent.trim().slice(0, 20)}" ${size.toFixed(1)}px`);
  }
  return {width: document.documentElement.scrollWidth, small};
}"""


# The fixtures the browser test files share (imported by each: module scope, one per file).


@pytest.fixture(scope="module")
def server(seed_index_dir):
    """`searchapp serve --workers 2` on the seeds, on a free port."""
    from conftest import serving

    with serving(seed_index_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
