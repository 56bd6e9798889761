"""Every page type on a 390 px phone in Debian's Chromium (issue 21, item 2): never wider than the
screen, no visible text under 11 px."""

from __future__ import annotations

import urllib.request
from urllib.parse import quote

import pytest

from browser_support import MEASURE, watched, browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN")
    page = watched(context.new_page())
    yield page
    context.close()


def _json(url):
    import json

    return json.loads(urllib.request.urlopen(url).read())


def _page_types(base: str) -> dict[str, str]:
    hit = _json(base + "/api/search?q=" + quote("疫情"))["hits"][0]
    issue = _json(base + "/api/issues/2022-11-22?paper=" + quote("太原日报"))
    page_no = issue["pages"][0]["number"] if "number" in issue["pages"][0] else 1
    paper = quote("太原日报")
    return {
        "home": "/",
        "search, day histogram": "/search?q=" + quote("醋"),
        "search, a month's days": "/search?q=" + quote("疫情防控") + "&date=2022-11",
        "search, a place chosen": "/search?q=" + quote("疫情") + "&district=" + quote("山西省/太原市/小店区"),
        "search, years": "/search?q=" + quote("疫情"),
        "search, nothing found": "/search?q=" + quote("没有这个词语的文章"),
        "article": f"/articles/{hit['id']}?q=" + quote("疫情"),
        "issue": f"/issues/2022-11-22?paper={paper}",
        "page": f"/issues/2022-11-22/{page_no}?paper={paper}",
        "papers": "/papers",
        "paper calendar": f"/papers?paper={paper}",
        "paper, a year without issues": f"/papers?paper={paper}&year=1999",
        "trends": "/trends?q=" + quote("疫情") + "&q=" + quote("核酸检测"),
        "trends, empty form": "/trends",
        "help": "/help",
        "error 404": "/articles/nope",
        "error 400": "/search?q=" + quote("疫情") + "&from=2022-09-01&to=2022-01-01",
    }


def test_no_page_is_wider_than_a_phone_and_text_stays_readable(server, phone):
    failures = []
    for name, path in _page_types(server).items():
        phone.goto(server + path)
        measured = phone.evaluate(MEASURE)
        if measured["width"] > PHONE["width"]:
            failures.append(f"{name} ({path}): {measured['width']} px wide")
        if measured["small"]:
            failures.append(f"{name} ({path}): text under 11 px: {measured['small'][:5]}")
    # Chromium logs the 404 and 400 responses themselves; nothing else may be logged.
    assert [p for p in phone.problems if "status of 40" not in p] == []
    assert failures == [], "\n".join(failures)


def test_tapping_a_place_keeps_the_page_within_the_screen(server, phone):
    phone.goto(server + "/search?q=" + quote("疫情"))
    phone.locator(".facets .tree a", has_text="小店区").first.tap()
    phone.wait_for_url("**district=*")
    phone.wait_for_selector(".chips.selected")
    measured = phone.evaluate(MEASURE)
    assert measured["width"] <= PHONE["width"] and measured["small"] == []
    # The snippets are whole: every one ends inside the screen.
    rights = phone.evaluate("() => [...document.querySelectorAll('.snippet')].map(e => e.getBoundingClientRect().right)")
    assert rights and max(rights) <= PHONE["width"]
    assert phone.problems == []


def test_a_months_days_show_every_count_on_a_phone(server, phone):
    phone.goto(server + "/search?q=" + quote("疫情防控") + "&date=2022-11")
    days = phone.locator(".histogram.days li")
    assert days.count() == 30
    counts = days.locator(".bar-count")
    assert all(counts.nth(i).is_visible() for i in range(30))
    assert sum(int(t) for t in counts.all_inner_texts()) == int(phone.locator(".total-articles").inner_text())
    # Weeks from Monday: 2022-11-01 was a Tuesday.
    first = days.first.bounding_box()
    header = phone.locator(".weekdays span").nth(1).bounding_box()
    assert abs(first["x"] - header["x"]) < 2


def test_the_paper_calendar_draws_only_months_with_issues(server, phone):
    phone.goto(server + "/papers?paper=" + quote("太原日报"))
    months = phone.locator("table.month")
    assert 0 < months.count() < 12
    assert all("期" in c for c in months.locator("caption").all_inner_texts())
    assert "其余月份没有收录的期次" in phone.locator(".no-issue-months").inner_text()
    assert phone.evaluate("document.documentElement.scrollHeight") < 4 * PHONE["height"]
