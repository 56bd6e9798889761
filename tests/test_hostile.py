"""Hostile input over HTTP: every route with random and nasty parameters, markup in the archive,
paths that try to leave the index. Never a 500; always a page or JSON error that says what was wrong.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HOSTILE
from searchapp.web import create_app

ROUTES = ["/", "/search", "/api/search", "/search.csv", "/search.json", "/healthz",
          "/articles/001_d80b19d43e3d5215-03", "/api/articles/001_d80b19d43e3d5215-03"]
NAMES = ["q", "district", "date", "from", "to", "sort", "page", "per_page", "x"]
NASTY_VALUES = [
    '"', '""', "“", "-", "--", "OR", "OR OR", "|", "title:", "标题：", "district:", "-title:", "\x00", "\x1f",
    "\ud800", "\udfff", "\u202e", "😀", "🇨🇳", "<script>alert(1)</script>", "{{7*7}}", "%", "%zz", "%e4%b8",
    "疫", "山西", "小店区", "核酸檢測", "ＧＤＰ", "2020年", "-1", "0", "999999999", "1e9", "2022-13-45",
    "2022-02-30", "9999-12-31", "0000-01-01", "火星", "山西省/太原市/小店区", "a/b/c/d", "，" * 50, "疫" * 10000,
]


def _value() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=40), st.integers(-10**12, 10**12).map(str))


def _encode(value: str) -> str:
    """Percent-encode as a browser would, lone surrogates included (as their UTF-8-ish bytes)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


# A raw query string: pairs (repeats allowed), some raw fragments with broken percent-encoding.
raw_query = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(NAMES), _value()).map(lambda kv: f"{kv[0]}={_encode(kv[1])}"),
        st.sampled_from(["q=%", "q=%zz", "q=%e4%b8", "page=%ff", "&&", "=", "q", "q=%00", "from=%2F..%2F"]),
    ),
    max_size=6,
).map("&".join)


@pytest.fixture(scope="module")
def client(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def hostile_client(hostile_index_dir):
    return create_app({"INDEX": hostile_index_dir, "TESTING": True}).test_client()


def _check_answer(response, route: str) -> None:
    if response.status_code in (302, 308):  # 308: Werkzeug folds doubled slashes (/articles//x); 302: blank
        # date inputs of a plain form submit are dropped from /search's URL. Same site only.
        assert response.headers["Location"].startswith(("/", "http://localhost/")), response.headers["Location"]
        return
    assert response.status_code in (200, 400, 404), (route, response.status_code, response.get_data(as_text=True)[:300])
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    kind = response.mimetype
    if response.status_code != 200:
        if kind == "application/json":
            assert json.loads(body)["error"]
        else:
            message = BeautifulSoup(body, "html.parser").select_one(".message")
            assert message is not None and message.get_text(strip=True)
    elif kind == "application/json":
        json.loads(body)
    elif kind == "text/html":
        assert BeautifulSoup(body, "html.parser").find(["main", "section", "div"]) is not None


def _any_request(client, route: str, query: str, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"{route}?{query}", headers=headers)
    _check_answer(response, route)


FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=3000, **FUZZ)
@given(route=st.sampled_from(ROUTES), query=raw_query, htmx=st.booleans())
def test_every_route_answers_any_parameters(client, route, query, htmx):
    _any_request(client, route, query, htmx)


@pytest.mark.slow
@settings(max_examples=30000, **FUZZ)
@given(route=st.sampled_from(ROUTES), query=raw_query, htmx=st.booleans())
def test_every_route_answers_any_parameters_long(client, route, query, htmx):
    _any_request(client, route, query, htmx)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article_id=st.one_of(st.text(max_size=200), st.sampled_from(["..", "../..", ".", "%2e%2e", "a" * 97, "-", "_"])),
       api=st.booleans())
def test_any_article_id_is_an_article_or_a_404(client, article_id, api):
    route = ("/api/articles/" if api else "/articles/") + _encode(article_id)
    response = client.get(route)
    _check_answer(response, route)


@pytest.mark.parametrize(
    "path",
    [
        "/articles/..%2f..%2fetc%2fpasswd",
        "/articles/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/articles/..%2f..%2fsearchapp.json",
        "/articles/%2e%2e%2fcurrent",
        "/articles/....//....//etc/passwd",
        "/static/..%2f..%2fpyproject.toml",
        "/static/../../pyproject.toml",
        "/static/%2e%2e/web.py",
        "/articles/001_d80b19d43e3d5215-03%00",
        "/articles/%c0%ae%c0%ae%2fetc%2fpasswd",
    ],
)
def test_paths_never_leave_the_index(client, path):
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    body = response.get_data(as_text=True)
    assert "root:" not in body and "[project]" not in body and "import" not in body


def test_the_served_app_never_runs_the_debugger(seed_index_dir):
    app = create_app({"INDEX": seed_index_dir})
    assert not app.debug and not app.config["PROPAGATE_EXCEPTIONS"]


# ---------------------------------------------------------------- markup in the archive


def _no_live_markup(html: str) -> BeautifulSoup:
    page = BeautifulSoup(html, "html.parser")
    assert all(s.get("src", "").startswith("/static/") for s in page.find_all("script")), "an inline or foreign script"
    assert not page.find_all("svg") and not page.find_all("img", src="x") and not page.find_all("b")
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    return page


def test_markup_in_pages_is_text_on_every_page(hostile_client, hostile_index_dir):
    results = hostile_client.get("/search?q=小店区")
    page = _no_live_markup(results.get_data(as_text=True))
    hit = page.select_one(".hit")
    assert HOSTILE["script"] in hit.select_one("h2").get_text()
    snippets = " ".join(s.get_text() for s in hit.select(".snippet"))
    assert HOSTILE["svg"] in snippets or HOSTILE["img"] in snippets
    assert "<b>太原日报</b>{{7*7}}" in hit.get_text() and "49" not in hit.get_text()
    facets = page.select_one(".facets").get_text()
    assert "小店区" in facets

    article_id = hit.select_one("h2 a")["href"].split("?")[0].rsplit("/", 1)[1]
    article = _no_live_markup(hostile_client.get(f"/articles/{article_id}?q=会议").get_data(as_text=True))
    text = article.get_text()
    for payload in (HOSTILE["script"], HOSTILE["img"], HOSTILE["svg"], HOSTILE["template"]):
        assert payload in text
    assert HOSTILE["script"] in article.title.get_text()

    _no_live_markup(hostile_client.get("/").get_data(as_text=True))
    assert "<b>太原日报</b>{{7*7}}" in BeautifulSoup(hostile_client.get("/").get_data(as_text=True), "html.parser").get_text()
    # The htmx partial, the error page with the query echoed, and the zero-results page too.
    _no_live_markup(hostile_client.get("/search?q=小店区", headers={"HX-Request": "true"}).get_data(as_text=True))
    _no_live_markup(hostile_client.get("/search?q=" + quote(HOSTILE["img"])).get_data(as_text=True))
    _no_live_markup(hostile_client.get("/search?q=" + quote(HOSTILE["svg"]) + "&page=x").get_data(as_text=True))


def test_markup_in_pages_is_data_in_the_api_and_exports(hostile_client):
    api = hostile_client.get("/api/search?q=小店区").get_json()
    assert api["hits"][0]["title"] == f"小店区通报{HOSTILE['script']}"
    assert all("<script>" not in s and "<img" not in s and "<svg" not in s for s in api["hits"][0]["snippets"])
    rows = list(csv.reader(io.StringIO(hostile_client.get("/search.csv?q=小店区").get_data(as_text=True).lstrip("\ufeff"))))
    header, first = rows[0], rows[1]
    cells = dict(zip(header, first))
    assert HOSTILE["script"] in cells["title"]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in first), "a cell a spreadsheet would run"
    exported = json.loads(hostile_client.get("/search.json?q=小店区").get_data(as_text=True))
    assert HOSTILE["script"] in json.dumps(exported, ensure_ascii=False)
