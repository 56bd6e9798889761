"""What the reader sees in Debian's Chromium against `searchapp serve` (issue 21, items 3, 4, 12, 13):
Back shows the query of the results, a pasted passage is searched as far as the limit and says so,
everything works from the keyboard."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from browser_support import watched, browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# A real passage of the kind a reader pastes (about 460 characters; repeated for 3000).
PASSAGE = (
    "本报讯 11月21日,小店区召开疫情防控工作推进会,传达学习省、市疫情防控工作会议精神,安排部署下一阶段重点工作。"
    "会议指出,当前疫情防控形势严峻复杂,全区上下要坚决克服麻痹思想、厌战情绪、侥幸心理、松劲心态,以快制快、"
    "以严对严,坚决打赢疫情防控阻击战。会议要求,要严格落实核酸检测各项要求,科学合理设置采样点位,优化采样流程,"
    "加强现场秩序维护,确保应检尽检、不漏一人;要严格落实社区管控措施,压紧压实街道、社区、小区、楼栋四级责任,"
    "做好封控区、管控区居民生活物资保障,畅通就医渠道,及时回应群众关切;要严格落实重点场所防控措施,商场、超市、"
    "农贸市场等人员密集场所要严格执行扫码、测温、戴口罩等措施,做到应查尽查;要加强宣传引导,广泛宣传疫情防控知识,"
    "引导群众做好个人防护,营造群防群控良好氛围。会上,各街道、各部门分别汇报了近期疫情防控工作情况。会议强调,"
    "各级各部门要坚持人民至上、生命至上,以更坚决的态度、更有力的举措、更扎实的作风,全力以赴做好疫情防控各项工作,"
    "切实守护好人民群众生命安全和身体健康。"
)
MAX = 256


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    pg = watched(context.new_page())
    yield pg
    context.close()
    assert pg.problems == [], pg.problems


def _q(url: str) -> str:
    return parse_qs(urlparse(url).query).get("q", [""])[0]


def _shown_query(page) -> str:
    return page.locator("#results [data-query]").get_attribute("data-query")


# ---------------------------------------------------------------- item 3: Back shows the right query


def test_back_after_typing_and_a_facet_shows_the_query_of_the_results(server, page):
    page.goto(server + "/search?q=" + quote("太原"))
    page.click("#q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type("疫情", delay=60)  # results update live
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '疫情'")
    page.wait_for_function("() => document.querySelector('#results [data-query]').dataset.query === '疫情'")
    page.locator(".facets .tree a", has_text="小店区").first.click()
    page.wait_for_url("**district=*")
    page.wait_for_selector(".chips.selected")
    assert page.input_value("#q") == "疫情"
    page.go_back()
    page.wait_for_url(lambda url: "district=" not in url)
    page.wait_for_selector("#results [data-query]")
    assert _q(page.url) == "疫情" and _shown_query(page) == "疫情"
    assert page.input_value("#q") == "疫情"  # was 太原
    # Typing on goes on from what the box shows: "疫情 核酸", never "太原 核酸".
    page.click("#q")
    page.keyboard.press("End")
    page.keyboard.type(" 核酸", delay=60)
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '疫情 核酸'")
    page.wait_for_function("() => document.querySelector('#results [data-query]').dataset.query === '疫情 核酸'")
    assert page.input_value("#q") == "疫情 核酸"


def test_back_from_a_facet_after_typing_on_the_home_page(server, page):
    page.goto(server + "/")
    page.click("#q")
    page.keyboard.type("疫情", delay=60)
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '疫情'")
    page.wait_for_selector(".facets .tree a")
    page.locator(".facets .tree a", has_text="小店区").first.click()
    page.wait_for_url("**district=*")
    page.go_back()
    page.wait_for_url(lambda url: "district=" not in url and "/search" in url)
    page.wait_for_selector("#results [data-query]")
    assert page.input_value("#q") == "疫情"  # was empty
    page.go_back()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    page.wait_for_selector(".intro")
    assert page.input_value("#q") == ""
    page.go_forward()
    page.wait_for_selector("#results [data-query]")
    assert page.input_value("#q") == "疫情"


def test_back_when_the_history_cache_is_gone(server, page):
    """A restore the cache no longer holds is asked of the server: the box still follows the URL."""
    page.goto(server + "/search?q=" + quote("疫情"))
    page.locator(".facets .tree a", has_text="小店区").first.click()
    page.wait_for_url("**district=*")
    page.evaluate("() => sessionStorage.removeItem('htmx-history-cache')")  # as when evicted
    page.go_back()
    page.wait_for_url(lambda url: "district=" not in url)
    # The page being left also shows 疫情 in the box and results: wait for the restore itself
    # (the district chip gone), which times out, failing, if the server's page never arrives.
    page.wait_for_function("() => !document.querySelector('.chips.selected')")
    page.wait_for_selector("#results [data-query]")
    assert page.input_value("#q") == "疫情"


# ---------------------------------------------------------------- item 4: a pasted passage


def _paste(page, text: str) -> None:
    page.click("#q")
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)  # one input event, as a paste makes


@pytest.mark.parametrize("length", [460, 3000])
def test_a_pasted_passage_is_searched_as_far_as_the_limit_while_typing(server, page, length):
    text = (PASSAGE * 8)[:length]
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/search" in r.url else None)
    page.goto(server + "/search?q=" + quote("疫情"))
    _paste(page, text)
    page.wait_for_function("() => (new URLSearchParams(location.search).get('q') || '').length > 200")
    page.wait_for_selector(".summary")
    sent = _q(page.url)
    assert sent == text[:MAX].strip()
    assert page.input_value("#q") == text  # the box keeps what was pasted …
    note = page.locator("#q-note").inner_text()
    assert f"检索词共 {length} 字" in note and f"只检索前 {MAX} 字" in note  # … and says what is searched
    assert 414 not in statuses and "Request-URI" not in page.content()
    assert page.locator(".hit").count() > 0 or page.locator(".empty").count() == 1


@pytest.mark.parametrize("length", [460, 3000])
def test_a_pasted_passage_and_enter_never_reach_a_414(server, page, length):
    text = (PASSAGE * 8)[:length]
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/search" in r.url else None)
    # From a page without live search: the form is submitted by the browser itself.
    page.goto(server + "/help")
    _paste(page, text)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?*")
    page.wait_for_selector(".summary")
    assert _q(page.url) == text[:MAX].strip()
    assert f"检索词共 {length} 字" in page.locator("#q-note").inner_text()
    assert page.input_value("#q") == text[:MAX].strip()
    # From a results page: Enter searches in place.
    page.goto(server + "/search?q=" + quote("疫情"))
    _paste(page, text)
    page.keyboard.press("Enter")
    page.wait_for_function("() => (new URLSearchParams(location.search).get('q') || '').length > 200")
    page.wait_for_selector(".summary")
    assert _q(page.url) == text[:MAX].strip()
    assert page.input_value("#q") == text
    assert 414 not in statuses and all(s < 400 for s in statuses), statuses
    # Every link on the results page is within what the server reads.
    longest = page.evaluate("() => Math.max(...[...document.querySelectorAll('a[href]')].map(a => a.href.length))")
    assert longest < 4094


def test_a_url_past_the_limit_says_so_on_the_page(server, page):
    text = (PASSAGE * 8)[:460]  # 4,140 bytes of URL: past gunicorn's default request line
    page.goto(server + "/search?q=" + quote(text))
    assert "检索词共 460 字" in page.locator(".query-cut").inner_text()
    assert page.input_value("#q") == text[:MAX].strip()
    too_long = page.request.get(server + "/search?q=" + quote(PASSAGE * 8))  # ~27 kB: past any request line
    assert too_long.status == 414 and "网址太长" in too_long.text() and "Request-URI" not in too_long.text()


# ---------------------------------------------------------------- item 12: the keyboard


def _tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_facet_by_keyboard(server, page):
    page.goto(server + "/search?q=" + quote("疫情"))
    total = int(page.locator(".total-articles").inner_text())
    _tab_to(page, ".facets .tree a")
    focused = page.evaluate("() => document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "newspaper=" in url or "district=" in url)
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) < {total}")
    assert focused in page.locator(".chips.selected").inner_text()
    # The count is said: the live region outside the swapped results holds the new one.
    status = page.locator("#results-status")
    assert status.get_attribute("role") == "status"
    assert page.locator(".total-articles").inner_text() in status.inner_text()
    # The chip removes the filter from the keyboard too.
    _tab_to(page, ".chips.selected a.chip")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "newspaper=" not in url and "district=" not in url)
    page.wait_for_function(f"() => Number(document.querySelector('.total-articles').innerText) === {total}")


def test_the_pager_by_keyboard(server, page):
    page.goto(server + "/search?q=" + quote("的"))
    _tab_to(page, ".pages a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2*")
    page.wait_for_function("() => document.querySelector('.page-of').innerText.includes('第 2 ')")
    _tab_to(page, ".pages a[rel=prev]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "page=2" not in url)
    page.wait_for_function("() => document.querySelector('.page-of').innerText.includes('第 1 ')")


def test_the_cite_box_copy_button_by_keyboard(server, page):
    page.goto(server + "/search?q=" + quote("疫情"))
    page.locator(".hit h2 a").first.click()
    page.wait_for_url("**/articles/**")
    _tab_to(page, "button.copy[data-copy=permalink]")
    page.keyboard.press("Enter")
    page.wait_for_selector("button.copy.copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#permalink")
    _tab_to(page, "button.copy[data-copy=ref-2]")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('button.copy[data-copy=ref-2]').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#ref-2").inner_text()
