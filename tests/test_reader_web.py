"""The reader's archive through Flask's client: browse, cite, feeds, trends, date inputs, exports, pager."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, quote, unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from searchapp.web import create_app

HTMX = {"HX-Request": "true"}
ARTICLE = "001_d80b19d43e3d5215-03"  # 小店区扎实筑牢疫情防控“隔离墙”, 太原日报 2022-11-22


@pytest.fixture(scope="module")
def client(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True}).test_client()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def total(page) -> int:
    return int(page.select_one(".total-articles").text)


# ---------------------------------------------------------------- browse


def test_home_lists_papers_with_spans_as_links(client):
    page = soup(client.get("/"))
    links = {a.get_text(): a["href"] for a in page.select(".papers li > a:first-child")}
    assert set(links) == {"太原日报", "晋中日报"}
    item = page.find("a", string="太原日报").parent.get_text()
    assert "2022-03-04 至 2022-11-22" in item


def test_paper_year_calendar_issue_and_pages(client):
    paper = soup(client.get("/papers?paper=太原日报"))
    assert "2022年" in paper.select_one("h1").get_text() and "4 期" in paper.select_one("h1").get_text()
    days = {a.get_text(): a["href"] for a in paper.select(".month a.issue-day")}
    assert sorted(days) == ["15", "22", "27", "4"]
    november = [t for t in paper.select("table.month") if t.caption.get_text().startswith("11月")][0]
    assert len(november.select("a.issue-day")) == 2 and "2期" in november.caption.get_text()

    issue = soup(client.get(days["22"]))
    assert "2022-11-22" in issue.select_one("h1").get_text()
    assert issue.select_one("a.prev-issue")["href"].startswith("/issues/2022-11-15?")
    assert issue.select_one("a.next-issue") is None  # the last issue in the archive
    pages = issue.select("a.page-link")
    assert [a.get_text() for a in pages] == ["第1个版面（版次不详）"]  # the seeds record no 版次

    printed = soup(client.get(pages[0]["href"]))
    titles = [a.get_text() for a in printed.select("ol.reading-order a")]
    assert titles[:3] == ["迎泽区创建“无疫社区”守护群众平安", "杏花岭区桃园二巷西社区居民在志愿者引导下…", "小店区扎实筑牢疫情防控“隔离墙”"]
    assert printed.select_one(".printed .prev-issue")["href"].startswith("/issues/2022-11-15?")
    assert "已是第一版" in printed.select_one(".printed").get_text()


def test_browse_bad_input_is_a_clear_message(client):
    assert client.get("/issues/2022-11-22").status_code == 400
    assert "paper" in soup(client.get("/issues/2022-11-22")).select_one(".message").get_text()
    r = client.get("/issues/2022-13-01?paper=太原日报")
    assert r.status_code == 400 and "YYYY-MM-DD" in soup(r).select_one(".message").get_text()
    assert client.get("/issues/2022-11-23?paper=太原日报").status_code == 404
    assert client.get("/issues/2022-11-22/9?paper=太原日报").status_code == 404
    assert client.get("/papers?paper=人民日报").status_code == 404
    for year in ("二〇二二", "0000", "２０２２", "99999", "-202"):
        assert client.get(f"/papers?paper=太原日报&year={year}").status_code == 400, year
    assert client.get("/papers?paper=太原日报&year=1949").status_code == 200  # no issues that year: an empty calendar
    assert client.get("/api/issues/2022-11-22").get_json()["error"]
    assert client.get("/papers?paper=" + quote("</b>{{7*7}}")).status_code == 404


def test_api_issue_and_papers(client):
    issue = client.get("/api/issues/2022-11-15?paper=太原日报").get_json()
    assert issue["previous"] == "2022-08-27" and issue["next"] == "2022-11-22"
    assert issue["pages"][0]["articles"][0]["url"].startswith("/articles/002_")
    papers = client.get("/api/papers").get_json()
    assert {p["name"]: p["first"] for p in papers} == {"太原日报": "2022-03-04", "晋中日报": "2021-08-07"}


# ---------------------------------------------------------------- newspaper facet and filter


def test_newspaper_facet_filters_and_chip_removes(client):
    page = soup(client.get("/search?q=疫情"))
    everything = total(page)
    facet = {a.get_text(): a["href"] for a in page.select(".facets .newspapers a")}
    assert set(facet) == {"太原日报", "晋中日报"}
    narrowed = soup(client.get(facet["晋中日报"]))
    assert 0 < total(narrowed) < everything
    assert all("晋中日报" in h.select_one(".meta").get_text() for h in narrowed.select(".hit"))
    chip = narrowed.select_one(".chips.selected a.chip")
    assert chip.get_text().startswith("报纸：晋中日报")
    assert total(soup(client.get(chip["href"]))) == everything
    api = client.get("/api/search?q=疫情&newspaper=晋中日报").get_json()
    assert api["total_articles"] == total(narrowed) and api["filters"]["newspaper"] == "晋中日报"


# ---------------------------------------------------------------- article: printed nav and cite box


def test_article_has_printed_nav_cite_box_and_meta_tags(client):
    page = soup(client.get(f"/articles/{ARTICLE}"))
    nav = page.select_one("nav.printed")
    assert "太原日报" in nav.get_text() and "2022-11-22" in nav.get_text()
    assert nav.select_one(".prev-issue")["href"].startswith("/issues/2022-11-15?")
    permalink = page.select_one("#permalink")["value"]
    assert permalink == f"http://localhost/articles/{ARTICLE}"
    refs = [p.get_text() for p in page.select(".cite .ref-text")]
    assert refs[0] == "闫勇. 小店区扎实筑牢疫情防控“隔离墙”[N]. 太原日报, 2022-11-22."
    assert refs[1].startswith("闫勇. (2022年11月22日). 小店区扎实筑牢疫情防控“隔离墙”.") and refs[1].endswith(permalink)
    meta = {m["name"]: m["content"] for m in page.select("meta[name^=citation_]")}
    assert meta["citation_title"] == "小店区扎实筑牢疫情防控“隔离墙”"
    assert meta["citation_publication_date"] == "2022/11/22" and meta["citation_journal_title"] == "太原日报"
    assert meta["citation_author"] == "闫勇"
    assert page.select_one("link[rel=canonical]")["href"] == permalink
    same_page = page.select(".neighbours li")
    assert len(same_page) == 8 and same_page[2].select_one("[aria-current=page]")


def test_ris_and_bibtex_downloads(client):
    r = client.get(f"/articles/{ARTICLE}.ris")
    assert r.mimetype == "application/x-research-info-systems" and "attachment" in r.headers["Content-Disposition"]
    lines = r.get_data(as_text=True).split("\r\n")
    assert lines[0] == "TY  - NEWS" and "TI  - 小店区扎实筑牢疫情防控“隔离墙”" in lines and "DA  - 2022/11/22/" in lines
    b = client.get(f"/articles/{ARTICLE}.bib").get_data(as_text=True)
    assert b.startswith(f"@article{{{ARTICLE},") and "journal = {太原日报}" in b
    assert client.get("/articles/nope.ris").status_code == 404
    assert client.get("/articles/nope.bib").status_code == 404


def test_api_article_has_absolute_permalink_and_issue(client):
    data = client.get(f"/api/articles/{ARTICLE}").get_json()
    assert data["permalink"] == f"http://localhost/articles/{ARTICLE}"
    assert data["issue"]["date"] == "2022-11-22" and data["issue"]["url"].startswith("http://localhost/issues/2022-11-22?")
    assert data["citation"]["gbt7714"] == "闫勇. 小店区扎实筑牢疫情防控“隔离墙”[N]. 太原日报, 2022-11-22."
    assert data["citation"]["ris"] == f"http://localhost/articles/{ARTICLE}.ris"


# ---------------------------------------------------------------- feeds


def test_search_feed_parses_newest_first(client):
    r = client.get("/search.atom?q=疫情&district=山西省/太原市/小店区")
    assert r.mimetype == "application/atom+xml"
    feed = feedparser.parse(r.get_data())
    assert not feed.bozo, feed.bozo_exception
    api = client.get("/api/search?q=疫情&district=山西省/太原市/小店区&sort=newest").get_json()
    assert [e.link for e in feed.entries] == ["http://localhost" + h["url"] for h in api["hits"]]
    dates = [e.published[:10] for e in feed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) == api["total_articles"]
    assert "疫情" in feed.feed.title and "小店区" in feed.feed.title
    assert "<mark>" not in r.get_data(as_text=True)
    page = soup(client.get("/search?q=疫情"))
    assert page.select_one("a.feed")["href"].startswith("/search.atom?q=")
    alternate = page.select_one('link[rel=alternate][type="application/atom+xml"]')
    assert alternate["href"] == page.select_one("a.feed")["href"]


def test_opensearch_is_linked_from_every_page(client):
    for url in ("/", "/search?q=醋", f"/articles/{ARTICLE}", "/papers"):
        link = soup(client.get(url)).select_one('link[rel=search]')
        assert link["type"] == "application/opensearchdescription+xml" and link["href"] == "/opensearch.xml"
    xml = client.get("/opensearch.xml").get_data(as_text=True)
    assert 'template="http://localhost/search?q={searchTerms}"' in xml


# ---------------------------------------------------------------- trends and the histogram


def test_trends_compare_two_queries(client):
    page = soup(client.get("/trends?q=疫情&q=核酸检测"))
    series = page.select("svg.trend-chart g.series")
    assert [g["data-query"] for g in series] == ["疫情", "核酸检测"]
    rows = page.select(".trend-table tbody tr")
    periods = [r.th.get_text() for r in rows]
    assert periods[0] == "2021年8月" and periods[-1] == "2022年11月" and len(periods) == 16  # empty months included
    api = client.get("/api/trends?q=疫情&q=核酸检测").get_json()
    assert api["level"] == "month" and len(api["periods"]) == 16
    # The same aggregation as the facets: each month's count is what a date filter finds.
    for period, count in zip(api["periods"], api["series"][0]["counts"]):
        if count:
            assert client.get(f"/api/search?q=疫情&date={period}").get_json()["total_articles"] == count
    assert 0 in api["series"][0]["counts"]
    csv_text = client.get(page.select_one("a.trend-csv")["href"]).get_data(as_text=True)
    table = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert table[0] == ["period", "疫情", "核酸检测"] and len(table) == 17
    assert [int(r[1]) for r in table[1:]] == api["series"][0]["counts"]


def test_trends_by_year_and_day_and_bad_input(client):
    years = client.get("/api/trends?q=疫情&q=复工&by=year").get_json()
    assert years["periods"] == ["2021", "2022"]
    days = client.get("/api/trends?q=疫情&by=day&from=2022-11-01&to=2022-11-30").get_json()
    # Cut at the archive's last date (2022-11-22): nothing to count after it.
    assert days["periods"][0] == "2022-11-01" and days["periods"][-1] == "2022-11-22" and sum(days["series"][0]["counts"]) == client.get(
        "/api/search?q=疫情&from=2022-11-01&to=2022-11-30").get_json()["total_articles"]
    wide = client.get("/api/trends?q=疫情&from=0001-01-01&to=9999-12-31").get_json()
    assert wide["periods"][0] == "2021-08" and wide["periods"][-1] == "2022-11"  # cut to the archive's dates
    outside = client.get("/trends?q=疫情&from=1950-01-01&to=1950-12-31")
    assert outside.status_code == 200 and "没有带日期的文章" in soup(outside).select_one(".none").get_text()
    assert client.get("/trends?q=疫情&by=week").status_code == 400
    assert client.get("/api/trends?" + "&".join(f"q=词{n}" for n in range(7))).status_code == 400
    assert client.get("/trends.csv").status_code == 400
    assert client.get("/trends").status_code == 200


def test_histogram_labels_keep_context_and_counts_and_zeros(client):
    page = soup(client.get("/search?q=疫情&date=2022"))
    context = page.select_one(".histogram-context").get_text()
    assert "2022年" in context and "各月" in context
    bars = page.select(".histogram li")
    assert len(bars) == 12  # every month of the year, empty ones as zero
    assert [b.select_one(".bar-label").get_text() for b in bars][:3] == ["1", "2", "3"]
    counts = [int(b.select_one(".bar-count").get_text()) for b in bars]
    assert 0 in counts and sum(counts) == total(page)
    assert all(b.select_one("a") is None for b, c in zip(bars, counts) if c == 0)


# ---------------------------------------------------------------- date inputs, pager, exports


def test_date_inputs_are_in_the_form_and_kept(client):
    page = soup(client.get("/search?q=疫情&from=2022-03-01&to=2022-09-30&newspaper=太原日报"))
    form = page.select_one("form.searchbox")
    assert form.select_one("input[type=date][name=from]")["value"] == "2022-03-01"
    assert form.select_one("input[type=date][name=to]")["value"] == "2022-09-30"
    assert form.select_one("input[type=hidden][name=newspaper]")["value"] == "太原日报"
    # Blank date inputs from a plain form submit are dropped from the URL.
    r = client.get("/search?q=疫情&from=&to=&newspaper=太原日报")
    assert r.status_code == 302 and parse_qs(urlsplit(r.headers["Location"]).query) == {"q": ["疫情"], "newspaper": ["太原日报"]}


def test_partial_carries_the_filters_out_of_band_and_a_title(client):
    partial = soup(client.get("/search?q=疫情&district=山西省/太原市/小店区", headers=HTMX))
    assert partial.find("title").get_text() == "疫情 - 报纸档案检索"
    oob = partial.select_one("#search-filters[hx-swap-oob]")
    assert {i["name"]: i.get("value") for i in oob.select("input[type=hidden]")} == {"district": "山西省/太原市/小店区"}
    full = soup(client.get("/search?q=疫情"))
    assert full.select_one("#search-filters").get("hx-swap-oob") is None and full.select("title") and len(full.select("title")) == 1


def test_out_of_range_page_says_so_and_links_to_the_last(client):
    page = soup(client.get("/search?q=疫情&page=9"))
    pages = client.get("/api/search?q=疫情").get_json()["pages"]
    assert "第 9 /" not in page.get_text()
    warning = page.select_one(".warning").get_text()
    assert f"只有 {pages} 页结果" in warning
    last = page.select_one("a.last-page")["href"]
    assert soup(client.get(last)).select(".hit") and "page=9" not in last
    assert page.select(".hit") == []


def test_json_export_absolute_urls_plain_snippets_offsets_and_names(client):
    r = client.get("/search.json?q=小店区")
    disposition = r.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name.startswith("报纸档案-小店区-") and name.endswith(".json")
    data = json.loads(r.get_data(as_text=True))
    for item in data["articles"]:
        assert item["url"].startswith("http://localhost/articles/")
        assert all("<" not in s and "&lt;" not in s for s in item["snippets"])
        for text, marks in zip(item["snippets"], item["highlights"]):
            assert marks and all(text[a:b] == "小店区" for a, b in marks)
    csv_name = unquote(client.get("/search.csv?q=疫情防控").headers["Content-Disposition"].split("''")[1])
    assert csv_name.startswith("报纸档案-疫情防控-") and csv_name.endswith(".csv")


# ---------------------------------------------------------------- hostile input on the new routes

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_hostile import FUZZ, NASTY_VALUES, _check_answer, _encode  # noqa: E402

READER_ROUTES = ["/papers", "/api/papers", "/issues/2022-11-22", "/issues/2022-11-22/1", "/api/issues/2022-11-22",
                 "/issues/2022-02-30", "/issues/x/1", "/trends", "/trends.csv", "/api/trends", "/search.atom",
                 "/opensearch.xml", f"/articles/{ARTICLE}.ris", f"/articles/{ARTICLE}.bib", "/articles/nope.ris"]
READER_NAMES = ["q", "paper", "year", "by", "newspaper", "district", "from", "to", "date", "page", "sort"]
READER_VALUES = NASTY_VALUES + ["太原日报", "晋中日报", "2022", "0", "0000", "0001", "9999", "year", "month", "day", "</b>{{7*7}}"]

reader_query = st.lists(
    st.tuples(st.sampled_from(READER_NAMES), st.one_of(st.sampled_from(READER_VALUES), st.text(max_size=30)))
    .map(lambda kv: f"{kv[0]}={_encode(kv[1])}"),
    max_size=8,
).map("&".join)


@settings(max_examples=1500, **FUZZ)
@given(route=st.sampled_from(READER_ROUTES), query=reader_query, htmx=st.booleans())
def test_reader_routes_answer_any_parameters(client, route, query, htmx):
    response = client.get(f"{route}?{query}", headers=HTMX if htmx else {})
    _check_answer(response, route)
    if response.status_code == 200 and route == "/search.atom":
        assert not feedparser.parse(response.get_data()).bozo


def test_markup_in_a_paper_name_is_text_everywhere_it_is_browsed(hostile_index_dir):
    client = create_app({"INDEX": hostile_index_dir, "TESTING": True}).test_client()
    home = soup(client.get("/"))
    link = home.select_one(".papers li > a")
    assert link.get_text() == "<b>太原日报</b>{{7*7}}"
    paper = client.get(link["href"])
    assert paper.status_code == 200 and "<b>太原日报</b>" not in paper.get_data(as_text=True)
    day = soup(paper).select_one("a.issue-day")["href"]
    issue = soup(client.get(day))
    assert issue.select_one("h1").get_text().startswith("<b>太原日报</b>{{7*7}}") and not issue.select("h1 b")
    article = soup(client.get(issue.select_one(".page-articles a")["href"]))
    assert "<b>太原日报</b>{{7*7}}" in article.select_one(".ref-text").get_text() and not article.select(".cite b")
    bib = client.get(article.select_one("a.bib")["href"]).get_data(as_text=True)
    assert "journal = {<b>太原日报</b>\\{\\{7*7\\}\\}}" in bib


@pytest.mark.parametrize("query", ["醋", "小店区", "核酸检测"])
def test_trend_spans_first_to_last_match(client, query):
    data = client.get(f"/api/trends?q={query}&by=day").get_json()
    # Articles are counted under their issue date (the date the archive files them under).
    def filed(sort: str) -> str:
        hit = client.get(f"/api/search?q={query}&sort={sort}").get_json()["hits"][0]
        return client.get(f"/api/articles/{hit['id']}").get_json()["issue_date"]

    oldest, newest = filed("oldest"), filed("newest")
    assert data["level"] in ("day", "month")
    assert data["periods"][0] == oldest[: len(data["periods"][0])] and data["periods"][-1] == newest[: len(data["periods"][-1])]
    assert data["series"][0]["total"] == client.get(f"/api/search?q={query}").get_json()["total_articles"]


def test_each_trend_count_links_to_the_articles_it_counts(client):
    page = soup(client.get("/trends?q=疫情&q=核酸检测&newspaper=太原日报"))
    links = page.select(".trend-table td a")
    assert len(links) >= 4
    for a in links:
        query = urlsplit(a["href"]).query
        assert "newspaper=" in query
        assert client.get("/api/search?" + query).get_json()["total_articles"] == int(a.get_text())


@pytest.mark.parametrize("url", ["/papers", "/papers?paper=太原日报", "/issues/2022-11-22?paper=太原日报",
                                 "/issues/2022-11-22/1?paper=太原日报", f"/articles/{ARTICLE}", "/trends?q=疫情&q=复工"])
def test_reader_pages_keep_the_csp_promise(client, url):
    r = client.get(url)
    assert r.status_code == 200 and "script-src 'self'" in r.headers["Content-Security-Policy"]
    page = soup(r)
    assert all(s.get("src", "").startswith("/static/") for s in page.find_all("script"))
    assert not page.find_all(style=True) and not page.find_all("style")
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
