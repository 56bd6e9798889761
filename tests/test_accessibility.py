"""axe-core on every page type, at desktop and phone widths (issue 21, item 12): no serious or
critical WCAG 2.1 A/AA violation. axe-core comes from npm (tests/run installs it); without it
these tests skip, saying so."""

from __future__ import annotations


import pytest

from browser_support import axe_source, watched, browser, server  # noqa: F401  (fixtures)
from test_phone import _page_types

pytestmark = pytest.mark.browser


def _violations(page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)  # Playwright injects it past the page's CSP
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
    }""")
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violation_on_any_page(server, browser, width):
    axe = axe_source()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = watched(context.new_page())
    failures = []
    for name, path in _page_types(server).items():
        page.goto(server + path)
        for v in _violations(page, axe):
            failures.append(f"{name} ({path}): {v}")
    context.close()
    assert failures == [], "\n".join(failures)


def test_live_results_stay_accessible(server, browser):
    """After results change in place (typing, a facet), the page still passes, and the count is in a live region."""
    axe = axe_source()
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    page = watched(context.new_page())
    page.goto(server + "/")
    page.fill("#q", "疫情")
    page.wait_for_selector(".hit")
    page.locator(".facets .tree a", has_text="小店区").first.click()
    page.wait_for_url("**district=*")
    page.wait_for_function("() => document.querySelector('#results-status').textContent.includes('篇')")
    total = page.locator(".total-articles").inner_text()
    assert f"共 {total} 篇" in page.locator("#results-status").inner_text()
    assert page.locator("#results-status").get_attribute("role") == "status"
    assert _violations(page, axe) == []
    context.close()
