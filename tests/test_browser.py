"""Real headless Chromium (Debian's, driven by Playwright) against a real `searchapp serve`."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from conftest import serving

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def server(seed_index_dir):
    with serving(seed_index_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: tests/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (tests/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    context.close()
    assert problems == [], problems


def _total(pg) -> int:
    return int(pg.locator(".total-articles").inner_text())


def test_type_to_search_then_narrow_open_and_go_back(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    page.evaluate("window.notReloaded = true")
    page.fill("#q", "疫情")
    page.wait_for_selector(".hit mark")
    assert page.evaluate("window.notReloaded") is True  # results came in place, no reload
    page.wait_for_url("**/search?q=*")
    assert "q=%E7%96%AB%E6%83%85" in page.url
    total = _total(page)
    assert page.locator(".hit mark").first.inner_text() == "疫情"
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    page.locator(".facets .tree a", has_text="小店区").first.click()
    page.wait_for_url("**district=*")
    page.wait_for_function(f"Number(document.querySelector('.total-articles').innerText) < {total}")
    narrowed = _total(page)
    assert page.locator(".chips.selected a.chip").first.inner_text().startswith("地区：")
    assert page.evaluate("window.notReloaded") is True

    bar = page.locator(".histogram a").first
    expected = int(bar.get_attribute("aria-label").split("：")[1].rstrip("篇"))
    bar.click()
    page.wait_for_url("**date=*")
    page.wait_for_function(f"Number(document.querySelector('.total-articles').innerText) == {expected}")
    assert _total(page) <= narrowed
    results_url = page.url

    page.locator(".hit h2 a").first.click()
    page.wait_for_url("**/articles/**")
    hit = page.locator(".para mark").first
    hit.wait_for()
    assert hit.inner_text() == "疫情" and hit.is_visible()
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    page.go_back()
    page.wait_for_url(results_url)
    page.wait_for_selector(".hit")
    assert _total(page) == expected
    assert page.input_value("#q") == "疫情"


def test_traditional_query_highlights_simplified(server, page):
    page.goto(server + "/search?q=" + "核酸檢測")
    assert page.locator(".hit mark", has_text="核酸检测").count() > 0


def test_phone_width(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/search?q=小店区")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "phone.png"))
    context.close()


def test_everything_works_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/")
    pg.fill("#q", "小店区")
    pg.press("#q", "Enter")
    pg.wait_for_url("**/search?q=*")
    assert pg.locator(".hit mark").first.inner_text() == "小店区"
    total = _total(pg)
    pg.locator(".facets .histogram a").first.click()
    pg.wait_for_url("**date=*")
    assert _total(pg) <= total
    pg.locator(".chips.selected a.chip").first.click()
    pg.wait_for_load_state()
    assert "date=" not in pg.url and _total(pg) == total
    pg.locator(".hit h2 a").first.click()
    pg.wait_for_url("**/articles/**")
    assert pg.locator(".para mark").count() > 0
    pg.go_back()
    assert _total(pg) == total
    context.close()


def test_markup_in_a_query_never_runs(server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for q in ("<script>alert(1)</script>", '"><svg onload=alert(2)>', "<img src=x onerror=alert(3)>"):
        page.goto(server + "/search?q=" + urllib.request.quote(q))
        assert page.input_value("#q") == q
    assert dialogs == []


def test_markup_in_the_archive_never_runs(hostile_index_dir, page):
    """A page whose text holds <script>, onerror and onload payloads: shown as text, never run."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serving(hostile_index_dir) as base:
        page.goto(base + "/search?q=小店区")
        page.wait_for_selector(".hit")
        assert "<script>alert(1)</script>" in page.locator(".hit h2").inner_text()
        page.click(".hit h2 a")
        page.wait_for_selector("h1")
        assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
        assert "onerror" in page.locator("article").inner_text()
        # The payloads would have changed the title, opened dialogs or created elements.
        assert page.evaluate("document.querySelectorAll('svg, img[src=x], b').length") == 0
        assert "pwned" not in page.title()
        page.fill("#q", '"><svg onload=alert(3)>')
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.querySelectorAll('svg').length") == 0
        page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)
    assert dialogs == []
