"""What every page says, through Flask's client (issue 21, items 4, 12 and 13)."""

from __future__ import annotations

from urllib.parse import quote

import feedparser
import pytest
from bs4 import BeautifulSoup

from searchapp.query import MAX_QUERY_CHARS
from searchapp.web import create_app

HTMX = {"HX-Request": "true"}
PASSAGE = ("本报讯 11月21日,小店区召开疫情防控工作推进会,传达学习省、市疫情防控工作会议精神,安排部署下一阶段重点工作。"
           "会议指出,当前疫情防控形势严峻复杂,全区上下要坚决克服麻痹思想、厌战情绪、侥幸心理、松劲心态。") * 40


@pytest.fixture(scope="module")
def client(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True}).test_client()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


# ---------------------------------------------------------------- item 4: long queries


@pytest.mark.parametrize("length", [460, 3000])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "live"])
def test_a_long_query_is_cut_to_the_limit_and_the_page_says_so(client, length, headers):
    text = PASSAGE[:length]
    response = client.get("/search?q=" + quote(text), headers=headers)
    assert response.status_code == 200
    page = soup(response)
    note = page.select_one(".query-cut").get_text()
    assert f"检索词共 {length} 字" in note and f"只检索了前 {MAX_QUERY_CHARS} 字" in note
    # Every link on the page carries the cut query, so none is longer than the server reads.
    hrefs = [a["href"] for a in page.select("a[href]")]
    assert max(len(h.encode()) for h in hrefs) < 4094
    assert page.select_one("[data-query]")["data-query"] == text[:MAX_QUERY_CHARS].strip()
    if not headers:
        assert page.select_one("#q")["value"] == text[:MAX_QUERY_CHARS].strip()


def test_the_box_limit_is_the_servers(client):
    """Without JavaScript the box's maxlength is the limit; app.js reads it from there."""
    box = soup(client.get("/")).select_one("#q")
    assert int(box["maxlength"]) == MAX_QUERY_CHARS
    assert box["aria-describedby"] == "q-note"
    assert "256" in soup(client.get("/search?q=" + quote(PASSAGE[:300]))).select_one(".query-cut").get_text()
    assert MAX_QUERY_CHARS == 256  # the template's wording says 256


def test_gunicorn_reads_the_longest_request_line_and_answers_past_it_in_chinese():
    import inspect

    from searchapp import web

    source = inspect.getsource(web.run_server)
    assert '"limit_request_line", 8190' in source and "searchapp.web._Worker" in source
    assert "网址太长" in web._TOO_LONG and "Request-URI" not in web._TOO_LONG


# ---------------------------------------------------------------- item 12: what a screen reader is told


def test_live_results_update_a_status_region_outside_them(client):
    page = soup(client.get("/search?q=疫情"))
    status = page.select_one("#results-status")
    assert status["role"] == "status" and status.find_parent(id="results") is None
    assert "共 15 篇文章" in status.get_text() or "篇文章" in status.get_text()
    partial = soup(client.get("/search?q=疫情&district=" + quote("山西省/太原市/小店区"), headers=HTMX))
    oob = partial.select_one("#results-status")
    assert oob["hx-swap-oob"] == "innerHTML"
    assert f"共 {partial.select_one('.total-articles').get_text()} 篇文章" in oob.get_text()
    # The results themselves are not one big live region (it would read every snippet aloud).
    assert partial.select_one(".hits").get("aria-live") is None


def test_every_histogram_link_names_what_it_shows(client):
    for url in ("/search?q=疫情", "/search?q=疫情&date=2022", "/search?q=疫情防控&date=2022-11"):
        for a in soup(client.get(url)).select(".histogram a"):
            shown = a.get_text(" ", strip=True)
            assert shown and shown in a["aria-label"], (url, shown, a["aria-label"])


# ---------------------------------------------------------------- item 13


def test_the_district_hint_only_beside_a_tree_that_can_open(client):
    page = soup(client.get("/search?q=疫情"))
    tree = page.select_one("#facet-district").find_parent("section")
    assert tree.select(".tree ul")  # provinces drawn with their cities: the tree is whole
    assert "选择省份可展开" not in tree.get_text()


def test_day_bars_show_their_counts(client):
    page = soup(client.get("/search?q=醋"))
    days = page.select(".histogram.days li")
    assert "各日" in page.select_one(".histogram-context").get_text()
    assert len(days) == 30 and all(d.select_one(".bar-count").get_text().strip().isdigit() for d in days)
    assert sum(int(d.select_one(".bar-count").get_text()) for d in days) == int(page.select_one(".total-articles").get_text())
    assert "dense" not in page.select_one(".histogram")["class"]


def test_a_year_without_issues_says_so_and_links_the_years_there_are(client):
    page = soup(client.get("/papers?paper=" + quote("太原日报") + "&year=1999"))
    note = page.select_one(".no-issues-year").get_text()
    assert "1999 年没有收录任何一期" in note
    links = [a["href"] for a in page.select(".no-issues-year a")]
    assert links and all("year=2022" in h or "year=" in h for h in links) and any("2022" in h for h in links)
    assert page.select("table.month") == []


def test_the_paper_calendar_names_the_empty_months_in_a_line(client):
    page = soup(client.get("/papers?paper=" + quote("太原日报")))
    drawn = page.select("table.month")
    assert 0 < len(drawn) < 12 and all("期" in t.caption.get_text() for t in drawn)
    assert "其余月份没有收录的期次" in page.select_one(".no-issue-months").get_text()


def test_apa_in_the_cite_box_uses_chinese_dates(client):
    page = soup(client.get("/articles/001_d80b19d43e3d5215-03"))
    apa = page.select(".cite .ref-text")[1].get_text()
    assert "(2022年11月22日)" in apa and "November" not in apa and "&" not in apa


def test_atom_entries_are_written_by_their_writers_not_the_paper(client):
    feed = feedparser.parse(client.get("/search.atom?q=" + quote("疫情")).get_data())
    assert not feed.bozo and feed.entries
    papers = {"太原日报", "晋中日报"}
    for entry in feed.entries:
        names = [a.get("name") for a in entry.get("authors", []) if a]
        assert not papers & set(names), names
    by_writer = [e for e in feed.entries if e.get("author") == "郭娟"]
    assert by_writer, [e.get("authors") for e in feed.entries]
    assert any(t.term in papers for t in by_writer[0].tags)  # the paper is still said, as a category
