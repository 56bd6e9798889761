"""Real headless Chromium (Debian's, driven by Playwright) against a real `searchapp serve`."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from browser_support import browser, server  # noqa: F401  (fixtures)
from conftest import serving

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


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


# wait_for_function takes functions ("() => …"), never bare expressions: Playwright polls a bare
# expression with eval() inside the page, which the site's CSP (no 'unsafe-eval') refuses.


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
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) < {total}")
    narrowed = _total(page)
    assert page.locator(".chips.selected a.chip").first.inner_text().startswith("地区：")
    assert page.evaluate("window.notReloaded") is True

    bar = page.locator(".histogram a").first
    expected = int(bar.get_attribute("aria-label").split("：")[1].rstrip("篇"))
    bar.click()
    page.wait_for_url("**date=*")
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) == {expected}")
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


# ---------------------------------------------------------------- the reader's archive (issue 15)

# The README's two screenshots are committed copies of these (searchapp/static/screenshots/):
# a test run never changes tracked files; refresh them by copying desktop-results.png and phone-results.png.
SCREENSHOTS = ARTIFACTS

# Two issues of a paper, three and two pages, each page a file named after date, paper and 版次.
PRINTED = {
    "2022-11-21_太原日报_01.txt": ["太原市召开疫情防控工作会议", "本报讯(记者 殷雪莺)11月20日,太原市召开疫情防控工作会议,部署下一阶段工作。", "会议要求,各区要压紧压实责任。"],
    "2022-11-21_太原日报_02.txt": ["小店区开展核酸检测", "本报讯 小店区各街道有序开展核酸检测,群众排队井然有序。"],
    "2022-11-21_太原日报_03.txt": ["晋祠博物馆恢复开放", "本报讯 晋祠博物馆今日起恢复开放,游客须预约入馆。"],
    "2022-11-22_太原日报_01.txt": ["全市复工复产有序推进", "本报讯(记者 梁涛)11月21日,全市重点企业复工复产有序推进。"],
    "2022-11-22_太原日报_02.txt": ["迎泽区保障居民生活物资供应", "本报讯 迎泽区多措并举保障居民生活物资供应,菜价总体平稳。"],
}


@pytest.fixture(scope="module")
def printed_server(tmp_path_factory):
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    pages = tmp_path_factory.mktemp("printed-pages")
    for name, (title, *paras) in PRINTED.items():
        (pages / name).write_text(title + "\n\n" + "\n\n".join(paras) + "\n", "utf-8")
    index = tmp_path_factory.mktemp("printed-index")
    build_index(iter_parsed([str(pages)]), index, jobs=1)
    with serving(str(index)) as base:
        yield base


def test_browse_an_issue_page_by_page(printed_server, page):
    page.goto(printed_server + "/")
    page.get_by_role("link", name="太原日报").first.click()
    page.wait_for_url("**/papers?paper=*")
    assert page.locator("a.issue-day").count() == 2
    page.locator("a.issue-day", has_text="21").click()
    page.wait_for_url("**/issues/2022-11-21?*")
    assert page.locator("a.page-link").all_inner_texts() == ["第1版", "第2版", "第3版"]
    page.locator("a.page-link").first.click()
    page.wait_for_url("**/issues/2022-11-21/1?*")
    seen = [page.locator(".reading-order a").first.inner_text()]
    while page.locator(".printed a.next-page").count():
        page.locator(".printed a.next-page").click()
        page.wait_for_load_state()
        seen.append(page.locator(".reading-order a").first.inner_text())
    assert seen == ["太原市召开疫情防控工作会议", "小店区开展核酸检测", "晋祠博物馆恢复开放"]
    assert "已是最后一版" in page.locator(".printed").inner_text()
    page.locator(".printed a.next-issue").click()
    page.wait_for_url("**/issues/2022-11-22?*")
    page.locator("a.page-link", has_text="第2版").click()
    page.locator(".reading-order a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == "迎泽区保障居民生活物资供应"
    nav = page.locator("nav.printed")
    assert "第2版" in nav.locator(".this-page").inner_text()
    nav.locator("a.prev-page").click()
    page.wait_for_url("**/issues/2022-11-22/1?*")
    page.locator(".printed a.prev-issue").click()
    page.wait_for_url("**/issues/2022-11-21?*")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue.png"), full_page=True)


def test_cite_box_copy_and_downloads(printed_server, browser):
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.goto(printed_server + "/issues/2022-11-21/1?paper=" + urllib.request.quote("太原日报"))
    pg.locator(".reading-order a").first.click()
    pg.wait_for_url("**/articles/**")
    permalink = pg.input_value("#permalink")
    assert permalink.startswith(printed_server + "/articles/") and permalink == pg.url.split("?")[0]
    pg.click("button.copy[data-copy=permalink]")
    pg.wait_for_selector("button.copy.copied")
    assert pg.evaluate("navigator.clipboard.readText()") == permalink
    gbt = pg.locator("#ref-1").inner_text()
    assert gbt == "殷雪莺. 太原市召开疫情防控工作会议[N]. 太原日报, 2022-11-21(1)."
    pg.click("button.copy[data-copy=ref-1]")
    pg.wait_for_function("() => document.querySelector('button.copy[data-copy=ref-1]').textContent === '已复制'")
    assert pg.evaluate("navigator.clipboard.readText()") == gbt
    with pg.expect_download() as ris:
        pg.click("a.ris")
    text = Path(ris.value.path()).read_text("utf-8")
    assert ris.value.suggested_filename.endswith(".ris") and "TY  - NEWS" in text and "AU  - 殷雪莺" in text
    with pg.expect_download() as bib:
        pg.click("a.bib")
    assert "journal = {太原日报}" in Path(bib.value.path()).read_text("utf-8")
    # What Zotero's embedded-metadata translator reads.
    assert pg.locator('meta[name="citation_title"]').get_attribute("content") == "太原市召开疫情防控工作会议"
    assert pg.locator('meta[name="citation_firstpage"]').get_attribute("content") == "1"
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "cite.png"), full_page=True)
    context.close()


def test_feed_of_a_search(server, page):
    import feedparser

    page.goto(server + "/search?q=疫情&district=" + urllib.request.quote("山西省/太原市/小店区"))
    href = page.locator("a.feed").get_attribute("href")
    assert "district=" in href
    body = page.request.get(server + href)
    assert body.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(body.body())
    assert not feed.bozo and feed.entries
    dates = [e.published[:10] for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    page.goto(feed.entries[0].link)
    assert page.locator("h1").inner_text() == feed.entries[0].title
    assert page.locator('link[rel="search"]').get_attribute("href") == "/opensearch.xml"


def test_trends_chart(server, page):
    page.goto(server + "/trends")
    inputs = page.locator(".trend-form input[name=q]")
    inputs.nth(0).fill("疫情")
    inputs.nth(1).fill("核酸检测")
    page.locator(".trend-form button").click()
    page.wait_for_url("**/trends?q=*")
    lines = page.locator("svg.trend-chart polyline")
    assert lines.count() == 2 and all(lines.nth(i).is_visible() for i in range(2))
    box = page.locator("svg.trend-chart").bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    colours = {lines.nth(i).evaluate("e => getComputedStyle(e).stroke") for i in range(2)}
    assert len(colours) == 2  # two distinguishable lines
    assert page.locator(".legend li").all_inner_texts()[0].startswith("疫情")
    with page.expect_download() as csv_download:
        page.click("a.trend-csv")
    rows = Path(csv_download.value.path()).read_text("utf-8-sig").splitlines()
    assert rows[0] == "period,疫情,核酸检测" and len(rows) == page.locator(".trend-table tbody tr").count() + 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trends.png"), full_page=True)


def test_date_inputs_filter_and_stay_in_the_url(server, page):
    page.goto(server + "/search?q=疫情")
    everything = _total(page)
    page.fill("input[name=from]", "2022-03-01")
    page.fill("input[name=to]", "2022-08-31")
    page.press("input[name=to]", "Enter")
    page.wait_for_url("**to=2022-08-31*")
    assert "from=2022-03-01" in page.url
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) < {everything}")
    narrowed = _total(page)
    api = page.request.get(server + "/api/search?q=疫情&from=2022-03-01&to=2022-08-31").json()
    assert narrowed == api["total_articles"] > 0
    assert [c for c in page.locator(".chips.selected a.chip").all_inner_texts() if c.startswith("起：2022-03-01")]
    page.locator(".chips.selected a.chip", has_text="起：").click()
    page.wait_for_url(lambda url: "from=" not in url)
    page.wait_for_function("() => document.querySelector('input[name=from]').value === ''")
    assert page.input_value("input[name=to]") == "2022-08-31"


def test_a_bad_date_range_says_why_in_place(server, page):
    page.goto(server + "/search?q=疫情")
    page.evaluate("() => { window.notReloaded = true; }")
    page.fill("input[name=from]", "2022-09-01")
    page.fill("input[name=to]", "2022-03-01")
    page.press("input[name=to]", "Enter")
    message = page.locator("#results .message")
    message.wait_for()
    assert "起始日期 2022-09-01 晚于结束日期 2022-03-01" in message.inner_text()
    assert page.evaluate("window.notReloaded") is True and page.locator("header.site").count() == 1
    # Chromium logs every 4xx response to the console; that one is expected here, nothing else is.
    assert all("status of 400" in p for p in page.problems), page.problems
    page.problems.clear()


def test_live_search_keeps_exactly_the_filters_shown(server, page):
    page.goto(server + "/search?q=疫情")
    page.locator(".facets .tree a", has_text="小店区").first.click()  # in place, by htmx
    page.wait_for_url("**district=*")
    page.fill("#q", "疫情防控")
    page.wait_for_url("**q=%E7%96%AB%E6%83%85%E9%98%B2%E6%8E%A7*")
    assert "district=" in page.url  # the filter chosen on the page is kept while typing
    assert page.locator(".chips.selected a.chip", has_text="地区").count() == 1
    page.locator(".chips.selected a.chip", has_text="地区").click()  # removed, in place
    page.wait_for_url(lambda url: "district=" not in url)
    page.fill("#q", "核酸检测")
    page.wait_for_url("**q=%E6%A0%B8%E9%85%B8%E6%A3%80%E6%B5%8B*")
    page.wait_for_selector(".hit mark")
    assert "district=" not in page.url  # the removed filter does not come back
    assert page.locator(".chips.selected").count() == 0


def test_a_slow_facet_never_overwrites_newer_typed_results(server, page):
    """Results arrive in the order asked, not the order the server answers: a facet click whose
    answer is slow, then a search typed in the box, ends on the typed search (URL, box, results)."""
    held: list = []
    page.goto(server + "/search?q=疫情")
    # When the facet's answer has been handled: htmx swaps (or not) in the request's load event,
    # before loadend. (Its own events fire on the link, gone from the page by then.)
    page.evaluate("""() => {
      window.facetEnded = false;
      const open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (method, url) {
        if (String(url).includes('district=')) this.addEventListener('loadend', () => setTimeout(() => { window.facetEnded = true; }, 0));
        return open.apply(this, arguments);
      };
    }""")
    page.route("**/search?*district=*", lambda route: held.append(route))  # answered only after the typed search settled
    with page.expect_request(lambda r: "district=" in r.url):
        page.locator(".facets .tree a", has_text="小店区").first.click()
    page.fill("#q", "核酸检测")
    page.wait_for_url("**q=%E6%A0%B8%E9%85%B8%E6%A3%80%E6%B5%8B*")
    page.wait_for_function("() => document.querySelector('#results [data-query]').dataset.query === '核酸检测'")
    assert held, "the facet request never reached the server"
    for route in held:  # now the stale answer arrives
        route.continue_()
    page.wait_for_function("() => window.facetEnded")
    assert page.evaluate("() => document.querySelector('#results [data-query]').dataset.query") == "核酸检测"
    assert page.input_value("#q") == "核酸检测"
    assert "district=" not in page.url and "%E6%A0%B8%E9%85%B8" in page.url
    assert page.locator(".chips.selected").count() == 0


def test_one_history_entry_per_settled_search_and_the_title_follows(server, page):
    page.goto(server + "/search?q=醋")
    start = page.evaluate("history.length")
    page.click("#q")
    page.fill("#q", "")
    for typed in ("小", "小店", "小店区"):
        page.fill("#q", typed)
        page.wait_for_function(
            "q => new URLSearchParams(location.search).get('q') === q && document.title.startsWith(q + ' - ')", arg=typed)
        page.wait_for_selector(".summary")
    assert page.title() == "小店区 - 报纸档案检索"
    assert page.evaluate("history.length") == start + 1  # three results while typing, one entry
    page.evaluate("() => { window.settled = 0; document.addEventListener('htmx:afterSettle', () => window.settled++); }")
    page.press("#q", "Enter")  # the same search again: no second entry
    page.wait_for_function("() => window.settled > 0")
    assert page.evaluate("history.length") == start + 1
    page.locator(".facets .histogram a").first.click()  # a new, deliberate step: its own entry
    page.wait_for_url("**date=*")
    assert page.evaluate("history.length") == start + 2
    page.go_back()
    page.wait_for_url(lambda url: "date=" not in url and "q=%E5%B0%8F%E5%BA%97%E5%8C%BA" in url)
    page.go_back()
    page.wait_for_url("**q=%E9%86%8B")
    page.wait_for_function("() => document.title.startsWith('醋')")


def test_pager_never_passes_the_last_page(server, page):
    page.goto(server + "/search?q=的")
    pages = page.request.get(server + "/api/search?q=的").json()["pages"]
    assert f"第 1 / {pages} 页" in page.locator(".pages").inner_text()
    page.goto(server + f"/search?q=的&page={pages + 7}")
    assert f"/ {pages} 页" not in page.locator("main").inner_text()
    assert f"只有 {pages} 页结果" in page.locator(".warning").inner_text()
    page.click("a.last-page")
    page.wait_for_url(f"**page={pages}")
    page.wait_for_selector(".hit")
    assert f"第 {pages} / {pages} 页" in page.locator(".pages").inner_text()
    assert page.locator(".pages a[rel=next]").count() == 0


def test_phone_results_first_facets_one_tap_away(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    pg = context.new_page()
    pg.goto(server + "/search?q=疫情")
    first_hit = pg.locator(".hit").first.bounding_box()
    facets = pg.locator(".facets").bounding_box()
    assert first_hit["y"] < 844 and first_hit["y"] < facets["y"]  # a result on the first screen, before the facets
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SCREENSHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / "phone-results.png"))
    toggle = pg.locator(".to-facets a")
    assert toggle.is_visible() and toggle.bounding_box()["y"] < 844
    toggle.click()
    pg.wait_for_function("() => Math.abs(document.querySelector('#facets').getBoundingClientRect().top) < 5")
    assert pg.locator("#facet-date").is_visible()
    context.close()


def test_exports_from_the_page_are_named_and_absolute(server, page):
    page.goto(server + "/search?q=小店区")
    with page.expect_download() as download:
        page.click(".downloads a:has-text('JSON')")
    name = download.value.suggested_filename
    assert name.startswith("报纸档案-小店区-") and name.endswith(".json")
    import json

    data = json.loads(Path(download.value.path()).read_text("utf-8"))
    hit = data["articles"][0]
    assert hit["url"].startswith(server + "/articles/")
    assert "<mark>" not in json.dumps(data, ensure_ascii=False)
    assert [hit["snippets"][0][a:b] for a, b in hit["highlights"][0]] == ["小店区"] * len(hit["highlights"][0])
    with page.expect_download() as csv_download:
        page.click(".downloads a:has-text('CSV')")
    assert csv_download.value.suggested_filename.startswith("报纸档案-小店区-")


def test_histogram_has_context_counts_and_empty_months(server, page):
    page.goto(server + "/search?q=疫情")
    page.locator(".facets .histogram a", has_text="2022").click()  # drill into a year, in place
    page.wait_for_url("**date=2022*")
    page.wait_for_selector(".histogram-context")
    assert page.locator(".histogram-context").inner_text().startswith("2022年 各月")
    bars = page.locator(".histogram li")
    assert bars.count() == 12  # January to December, months without articles included
    labels = bars.locator(".bar-label").all_inner_texts()
    assert labels == [str(m) for m in range(1, 13)]
    counts = [int(c) for c in bars.locator(".bar-count").all_inner_texts()]
    assert all(bars.nth(i).locator(".bar-count").is_visible() for i in range(12))
    assert 0 in counts and sum(counts) == _total(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("() => window.scrollTo(0, 0)")  # htmx scrolled the results into view; show the header too
    page.screenshot(path=str(SCREENSHOTS / "desktop-results.png"))


def test_newspaper_facet_narrows_in_place(server, page):
    page.goto(server + "/search?q=疫情")
    page.evaluate("() => { window.notReloaded = true; }")
    everything = _total(page)
    page.locator(".facets .newspapers a", has_text="晋中日报").click()
    page.wait_for_url("**newspaper=*")
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) < {everything}")
    assert page.evaluate("window.notReloaded") is True
    assert set(page.locator(".hit .meta a:first-child").all_inner_texts()) == {"晋中日报"}
    assert page.locator("#search-filters input[name=newspaper]").get_attribute("value") == "晋中日报"


def test_a_person_in_the_facet_narrows_and_says_who_the_name_is(server, browser):
    """Issue 23 item 7 in Chromium: choosing 林武 in the 人物 facet narrows in place and shows the
    card (the titles printed beside the name, with dates) above the results, at phone width too,
    without widening the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    pg = context.new_page()
    pg.goto(server + "/search?q=疫情")
    assert pg.locator(".person-card").count() == 0
    pg.locator(".facets a", has_text="林武").first.click()
    pg.wait_for_url("**person=*")
    card = pg.locator(".person-card")
    card.wait_for()
    assert card.locator("h2").inner_text() == "林武"
    assert "省委书记" in card.locator(".person-titles").inner_text() and "2022-11-15" in card.inner_text()
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SCREENSHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / "person-card-phone.png"))
    card.locator("a.person-title", has_text="省委书记").click()  # the articles printing that title beside the name
    pg.wait_for_url("**q=*")
    pg.wait_for_function("() => document.querySelector('.total-articles').innerText === '1'")
    assert "林武主持召开省委第118次疫情防控专题会" in pg.locator(".hit h2").first.inner_text()
    context.close()
