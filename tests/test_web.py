"""Every route through Flask's test client, with the HTML parsed (not grepped)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from searchapp.web import create_app

HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def app(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_home_shows_what_the_archive_holds(client):
    r = client.get("/")
    page = soup(r)
    assert r.status_code == 200
    assert page.find("form", attrs={"action": "/search", "method": "get"}).find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": "q"})
    text = page.get_text()
    assert "5 个版面" in text and "2021-08-07" in text  # the earliest issue date (facets file by issue date) and "太原日报" in text and "小店区" in text


def test_search_full_page_and_htmx_partial(client):
    full = client.get("/search?q=疫情防控")
    partial = client.get("/search?q=疫情防控", headers=HTMX)
    restore = client.get("/search?q=疫情防控", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert full.headers["Vary"] == partial.headers["Vary"] == "HX-Request"
    assert soup(full).find("html") and soup(restore).find("html")
    assert soup(partial).find("html") is None and soup(partial).select(".hit")
    assert len(soup(full).select(".hit")) == len(soup(partial).select(".hit")) > 0


def test_results_show_highlighted_snippets_counts_and_links(client):
    page = soup(client.get("/search?q=小店区"))
    hits = page.select(".hit")
    assert hits
    total = int(page.select_one(".total-articles").text)
    assert total == len(hits)
    for hit in hits:
        link = hit.select_one("h2 a")["href"]
        assert link.startswith("/articles/") and "q=" in link
        assert hit.select("mark")
        assert all(m.get_text() == "小店区" for m in hit.select("mark"))


def test_traditional_query_marks_simplified_text(client):
    page = soup(client.get("/search?q=核酸檢測"))
    assert {m.get_text() for m in page.select(".hit mark")} >= {"核酸检测"}


def test_facets_narrow_and_chips_remove(client):
    page = soup(client.get("/search?q=疫情"))
    total = int(page.select_one(".total-articles").text)
    county = next(a for a in page.select(".facets .tree a") if a.get_text() == "小店区")
    narrowed = soup(client.get(county["href"]))
    n = int(narrowed.select_one(".total-articles").text)
    assert 0 < n < total
    assert "district=" in county["href"] and "page=" not in county["href"]
    chip = narrowed.select_one(".chips.selected a.chip")
    assert "小店区" in chip.get_text()
    restored = soup(client.get(chip["href"]))
    assert int(restored.select_one(".total-articles").text) == total
    bar = page.select_one(".histogram a")
    by_date = soup(client.get(bar["href"]))
    assert int(by_date.select_one(".total-articles").text) == int(bar["aria-label"].split("：")[1].rstrip("篇"))


def test_pagination_and_sort_links(client):
    page = soup(client.get("/search?q=的"))
    assert page.select_one(".pages a[rel=next]")
    second = soup(client.get(page.select_one(".pages a[rel=next]")["href"]))
    assert second.select_one(".pages a[rel=prev]")
    first_ids = {a["href"] for a in page.select(".hit h2 a")}
    second_ids = {a["href"] for a in second.select(".hit h2 a")}
    assert first_ids.isdisjoint(second_ids)
    # Newest first by the issue date, the date the archive files a page under (not the dateline's).
    newest = client.get("/api/search?q=的&sort=newest").get_json()["hits"]
    dates = [client.get(f"/api/articles/{h['id']}").get_json()["issue_date"] for h in newest]
    assert len(dates) > 3 and dates == sorted(dates, reverse=True)


def test_zero_results_explain_and_offer(client):
    page = soup(client.get("/search?q=山西 量子纠缠"))
    empty = page.select_one(".empty")
    assert "没有找到" in empty.get_text()
    assert [c.get_text() for c in empty.select("code")][:2] == ["山西", "量子 纠缠"]
    offers = empty.select(".relaxations a")
    assert offers and any("山西" in a.get_text() for a in offers)


def test_query_is_escaped_everywhere(client):
    r = client.get("/search?q=<script>alert(1)</script>")
    html = r.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    page = soup(r)
    assert page.find("input", attrs={"name": "q"})["value"] == "<script>alert(1)</script>"
    assert not [s for s in page.find_all("script") if "alert" in (s.string or "")]


def test_article_permalink(client):
    r = client.get("/articles/001_d80b19d43e3d5215-03?q=小店区")
    page = soup(r)
    assert r.status_code == 200
    assert page.find("h1").get_text() == "小店区扎实筑牢疫情防控“隔离墙”"
    assert page.select_one(".kicker").get_text() == "以快制快 从严从紧"
    paras = page.select("p.para")
    assert [p["id"] for p in paras] == [f"p{i}" for i in range(1, len(paras) + 1)]
    assert page.select_one(".first-hit mark").get_text() == "小店区"
    assert page.select_one(".back a")["href"].startswith("/search?q=")
    district = page.select_one(".meta a")
    assert "district=" in district["href"]
    neighbours = [a["href"] for a in page.select(".neighbours a")]
    assert "/articles/001_d80b19d43e3d5215-01" in neighbours and "/articles/001_d80b19d43e3d5215-03" not in neighbours


@pytest.mark.parametrize(
    "url", ["/articles/nope", "/articles/..%2f..%2fetc%2fpasswd", "/articles/%00", "/articles/" + "x" * 200, "/no/such/page"]
)
def test_unknown_pages_are_404_in_chinese(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "找不到" in soup(r).find("h1").get_text()


@pytest.mark.parametrize(
    "query", ["page=-1", "page=abc", "page=0", "from=2022-13-45", "sort=bogus", "from=2022-02-01&to=2022-01-01", "date=2022-02-30"]
)
def test_bad_parameters_are_400_with_a_message(client, query):
    r = client.get(f"/search?q=醋&{query}")
    assert r.status_code == 400
    page = soup(r)
    assert page.select_one(".message").get_text()
    assert page.find("input", attrs={"name": "q"})["value"] == "醋"
    api = client.get(f"/api/search?q=醋&{query}")
    assert api.status_code == 400 and api.get_json()["error"]


@pytest.mark.parametrize("query, dropped, label", [
    ("from=2022-13-45&to=2022-12-01", ("from",), "“起始日期”"),
    ("from=2022-12-01&to=2022-01-01", ("from", "to"), "“起始日期”、“结束日期”"),
    ("person=" + "林" * 80, ("person",), "“人物”"),
    ("sort=bogus&page=2", ("sort", "page"), "“排序”"),
])
def test_a_bad_parameter_offers_the_search_without_it(client, query, dropped, label):
    """A hand-edited or cut link with one bad parameter loses nothing else: the 400 page links to
    the same search without that parameter (and from its first page), keeping the query, the
    paper, the place and the other filters."""
    r = client.get(f"/search?q=疫情&newspaper=太原日报&district=小店区&{query}")
    assert r.status_code == 400
    link = soup(r).select_one("a.search-without")
    assert label in link.get_text()
    retry = client.get(link["href"])
    assert retry.status_code == 200
    page = soup(retry)
    assert page.find("input", attrs={"name": "q"})["value"] == "疫情"
    chips = " ".join(c.get_text(" ", strip=True) for c in page.select(".chip, .chips a, .chips span"))
    assert "太原日报" in chips and "小店区" in chips, chips
    assert not any(f"{name}=" in link["href"] for name in dropped)
    # The API names the parameters at fault.
    api = client.get(f"/api/search?q=疫情&{query}")
    assert api.status_code == 400 and tuple(api.get_json()["params"]) == tuple(d for d in dropped if d != "page")
    # Live search (htmx) shows the same link in place of the results.
    partial = client.get(f"/search?q=疫情&{query}", headers=HTMX)
    assert partial.status_code == 400 and soup(partial).select_one("a.search-without")


def test_api_search_shape(client):
    data = client.get("/api/search?q=疫情防控").get_json()
    assert set(data) >= {"query", "total_articles", "took_ms", "page", "hits", "facets"}
    assert set(data["facets"]) == {"date", "district", "newspaper", "people", "organisations", "authors"}
    assert {f["value"] for f in data["facets"]["newspaper"]} <= {"太原日报", "晋中日报"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "date", "districts", "url", "snippets"}
    assert isinstance(hit["districts"], list) and hit["url"] == f"/articles/{hit['id']}"


def test_api_article(client):
    data = client.get("/api/articles/001_d80b19d43e3d5215-03").get_json()
    assert data["title"] == "小店区扎实筑牢疫情防控“隔离墙”" and data["paragraphs"]
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/articles/nope").get_json()["error"]


def test_exports_hold_every_match(client):
    api = client.get("/api/search?q=的").get_json()
    assert api["total_articles"] > 10  # more than one page
    r = client.get("/search.csv?q=的")
    text = r.get_data(as_text=True)
    assert text.startswith("\ufeff") and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == api["total_articles"]
    assert set(rows[0]) == {"id", "title", "date", "dateline_date", "districts", "newspaper", "page", "url", "snippet",
                            "people", "organisations", "authors"}
    assert "<mark>" not in text
    data = json.loads(client.get("/search.json?q=的").get_data(as_text=True))
    assert len(data["articles"]) == api["total_articles"]


def test_security_headers(client):
    for url in ("/", "/search?q=醋", "/api/search?q=醋", "/articles/nope"):
        r = client.get(url)
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_scripts_or_styles(client):
    for url in ("/", "/search?q=疫情", "/articles/001_d80b19d43e3d5215-03?q=小店区"):
        page = soup(client.get(url))
        assert all(s.get("src") for s in page.find_all("script"))
        assert not page.find_all(style=True) and not page.find_all("style")


def test_healthz(client, tmp_path):
    assert client.get("/healthz").status_code == 200
    empty = create_app({"INDEX": str(tmp_path), "TESTING": True}).test_client()
    assert empty.get("/healthz").status_code == 503
    r = empty.get("/search?q=醋")
    assert r.status_code == 503 and "索引不可用" in soup(r).get_text()


def test_htmx_is_served_locally(client):
    page = soup(client.get("/"))
    srcs = [s["src"] for s in page.find_all("script")]
    assert "/static/htmx.min.js" in srcs and all(s.startswith("/static/") for s in srcs)
    assert client.get("/static/htmx.min.js").status_code == 200


def test_home_of_a_jsonl_archive_counts_articles_not_pages(tmp_path):
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    rows = [{"title": f"第{n}条新闻", "date": "2020-05-0%d" % (n + 1), "paragraphs": ["雄安新区建设稳步推进。"]} for n in range(3)]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    build_index(iter_parsed([str(tmp_path / "news.jsonl")]), tmp_path / "index", jobs=1)
    text = soup(create_app({"INDEX": str(tmp_path / "index"), "TESTING": True}).test_client().get("/")).get_text()
    assert "3 篇文章" in " ".join(text.split()) and "版面" not in text


def test_help_page_is_linked_from_the_search_box(client):
    home = soup(client.get("/"))
    link = home.select_one("form.searchbox a[href='/help']")
    assert link is not None
    page = soup(client.get("/help"))
    text = page.get_text()
    for operator in ('"', "-", "OR", "|", "AND", "NOT", "(", "title:", "byline:", "district:", "date:"):
        assert operator in text
    # every example on the page is a working search
    for a in page.select("table.syntax a")[:5]:
        assert client.get(a["href"]).status_code == 200


def test_browsing_says_newest_first(client):
    page = soup(client.get("/search"))
    current = page.select_one(".sort [aria-current]")
    assert current.get_text() == "最新"
    assert "相关度" not in page.select_one(".sort").get_text()
    assert client.get("/api/search").get_json()["sort"] == "newest"
    ranked = soup(client.get("/search?q=疫情"))
    assert ranked.select_one(".sort [aria-current]").get_text() == "相关度"


def test_search_urls_quote_exactly_as_urlencode():
    """Links are built with cached quoting; they must equal urlencode's for any value."""
    from urllib.parse import urlencode

    from searchapp.results import SearchRequest
    from searchapp.views import search_url

    req = SearchRequest(q='太原 疫情 & "以快制快" +5G/１００％', district="山西省/太原市/小店区", page=3)
    assert search_url(req, page=4) == "/search?" + urlencode(
        {"q": req.q, "district": req.district, "page": "4"})
    assert search_url(req, district=None) == "/search?" + urlencode({"q": req.q})
    assert search_url(SearchRequest()) == "/search"


def test_a_name_filter_is_shown_as_it_is_matched(client):
    """習近平 typed in traditional characters matches 习近平 (names are folded as the build folds
    them): the chip and the card say 习近平, not one form above and another below."""
    page = soup(client.get("/search?person=習近平"))
    chips = [c.get_text(" ", strip=True) for c in page.select(".chips.selected .chip")]
    assert chips == ["人物：习近平 ×"], chips
    assert page.select_one("#person-card-name").get_text() == "习近平"
    removed = page.select_one(".chips.selected .chip")["href"]
    assert "person" not in removed
