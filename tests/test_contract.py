"""The contract: the site is the same whatever engine answers.

Two layers, on the seeds and on a People's Daily slice (days 05-06, inside the tuning range):

* what a reader must see, run against each engine (the `site` fixture is parameterised by
  engine): the article page's kicker, deck, byline and captions; an empty query labelled and
  sorted newest first; dates that agree with the date facet;
* whole outputs compared between the engines: every search result (less timings and raw scores),
  every export, every article view and its rendered page, issue and page HTML, the papers and their
  calendars, trends, Atom and the JSON API.

Relevance order may legitimately differ: the engines score different fields (characters in
Tantivy, bigrams in OpenSearch) and OpenSearch keeps term statistics per shard. That is the one
exception, and it is made here only (`_assert_same_hits`): relevance-sorted hits are compared as
sets of whole hits. Everything else is compared exactly, including the order by date, whose
tie-break (issue date, then reading order) is set once in archive.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from searchapp.archive import Archive
from searchapp.params import request_from_args
from searchapp.settings import EngineSettings
from searchapp.web import create_app

RELEVANCE_ORDER_MAY_DIFFER = "scores differ between engines (fields, per-shard statistics): hits compared as sets"


@dataclass
class Site:
    engine: str
    archive: Archive
    client: object


def _tantivy_site(index_dir: str) -> Site:
    settings = EngineSettings(index=str(index_dir))
    return Site("tantivy", Archive.open(settings), create_app({"SETTINGS": settings, "TESTING": True}).test_client())


def _opensearch_site(settings) -> Site:
    return Site("opensearch", Archive.open(settings), create_app({"SETTINGS": settings, "TESTING": True}).test_client())


@pytest.fixture(scope="module", params=["tantivy", "opensearch"])
def site(request, seed_index_dir) -> Site:
    """The seeds served by each engine in turn."""
    if request.param == "tantivy":
        return _tantivy_site(seed_index_dir)
    return _opensearch_site(request.getfixturevalue("seeds_opensearch_settings"))


@pytest.fixture(scope="module")
def seeds_pair(seed_index_dir, seeds_opensearch_settings) -> tuple[Site, Site]:
    return _tantivy_site(seed_index_dir), _opensearch_site(seeds_opensearch_settings)


@pytest.fixture(scope="module")
def pd_pair(pd_slice_index_dir, pd_slice_opensearch_settings) -> tuple[Site, Site]:
    return _tantivy_site(pd_slice_index_dir), _opensearch_site(pd_slice_opensearch_settings)


# ---------------------------------------------------------------- what a reader must see, on each engine


def test_the_article_page_shows_the_whole_printed_article(site):
    """The drift this suite was written for: under OpenSearch the kicker, deck, byline and
    captions of 全力以赴织牢疫情防控安全网 vanished."""
    view = site.archive.article("003_96c29c99dd28f042-01")
    assert view is not None and view.article.title == "坚决守住疫情防控底线"
    assert view.kicker_html == "全力以赴织牢疫情防控安全网"
    assert view.deck_html.startswith("——我市各部门各行业") and "郭娟" in view.byline_html
    html = site.client.get("/articles/003_96c29c99dd28f042-01").get_data(as_text=True)
    for printed in ("全力以赴织牢疫情防控安全网", "——我市各部门各行业", "本报记者", "郭娟"):
        assert printed in html, (site.engine, printed)
    assert view.article.captions and all(c[:12] in html for c in view.article.captions), site.engine


def test_an_empty_query_is_newest_first_and_says_so(site):
    """The other drift: OpenSearch labelled an empty query 相关度 while its hits were newest first."""
    result = site.archive.search(request_from_args({"q": ""}))
    assert result.sort == "newest"
    dates = [h.date for h in site.archive.export(request_from_args({"q": ""}))]
    assert dates == sorted(dates, reverse=True)
    html = site.client.get("/search?q=").get_data(as_text=True)
    assert '<strong aria-current="true">最新</strong>' in html, site.engine
    assert "相关度" not in html.split('aria-label="排序"', 1)[1].split("</nav>", 1)[0], site.engine


def test_a_hit_is_dated_as_the_date_facet_counts_it(site):
    """One date everywhere: the date a hit shows is the one the facet, date= and the sort use;
    the date written in the article is beside it where it differs (and in the exports)."""
    for q in ("醋", "细致入微的民生关怀", "疫情"):
        for hit in site.archive.export(request_from_args({"q": q})):
            assert hit.date, hit.id
            narrowed = site.archive.search(request_from_args({"q": q, "date": hit.date}))
            assert hit.id in {h.id for h in site.archive.export(request_from_args({"q": q, "date": hit.date}))}, (q, hit.id)
            assert narrowed.total_articles >= 1
    hit = next(site.archive.export(request_from_args({"q": "细致入微的民生关怀"})))
    assert (hit.date, hit.dateline_date) == ("2022-03-04", "2022-02-26")
    csv_text = site.client.get("/search.csv?q=" + quote("细致入微的民生关怀")).get_data(as_text=True)
    assert "2022-03-04,2022-02-26" in csv_text


def _soup(client, path: str):
    from bs4 import BeautifulSoup

    response = client.get(path)
    return response.status_code, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_a_continued_part_without_its_first_part_has_a_title_and_claims_no_page(site):
    """Issue 21 item 5: 太原日报 2022-03-04 listed three identical "(续)上接第1版", and a part that
    continues from 第1版 sat under a breadcrumb 第1版 (the page's place among the files)."""
    status, issue = _soup(site.client, "/issues/2022-03-04?paper=" + quote("太原日报"))
    titles = [a.get_text() for a in issue.select("ol.page-articles a")]
    continued = [t for t in titles if t.startswith("(续)")]
    assert len(continued) == 3 and len(set(titles)) == len(titles), (site.engine, titles)
    assert not any("上接" in t for t in continued), site.engine
    assert "第1版" not in issue.select_one("a.page-link").get_text(), site.engine
    view = site.archive.article("004_a6aa8a94161520a7-10")
    assert view.article.title.startswith("(续)林武在讲话中") and view.article.title_derived
    status, page = _soup(site.client, "/articles/004_a6aa8a94161520a7-10")
    where = page.select_one(".printed .where").get_text()
    assert "版次不详" in where and "第1版" not in where, (site.engine, where)
    assert "第1版" not in page.select_one("nav.neighbours h2").get_text(), site.engine
    assert "前文未收入档案" in page.select_one(".jump-from").get_text()


@pytest.mark.parametrize("q, dropped, left", [
    ("疫情 date:2099", "去掉日期筛选", "疫情"),
    ("疫情 日期:2099-01", "去掉日期筛选", "疫情"),
    ("疫情 地区:火星区", "去掉地区筛选“火星区”", "疫情"),
    ("疫情 district:火星区", "去掉地区筛选“火星区”", "疫情"),
    ("细致入微的民生关怀 date:2022-02-26", "去掉日期筛选", "细致入微的民生关怀"),
    ("疫情 地区:火星区 date:2099", "去掉所有筛选", "疫情"),
])
def test_no_result_advice_drops_filters_typed_in_the_query(site, q, dropped, left):
    """Issue 21 item 6: a filter typed in the query is offered for dropping as one in the URL is,
    as a link to the query without it; a date filter also says which dates the archive covers."""
    result = site.archive.search(request_from_args({"q": q}))
    assert result.total_articles == 0
    offered = {r.label: r for r in result.relaxations}
    assert dropped in offered, (site.engine, list(offered))
    assert offered[dropped].request.q == left and offered[dropped].count > 0
    assert offered[dropped].count == site.archive.search(request_from_args({"q": left})).total_articles
    stats = site.archive.stats()
    if "date" in q:
        assert f"档案收录的文章日期为 {stats.date_min} 至 {stats.date_max}" in result.warnings
    _, page = _soup(site.client, "/search?q=" + quote(q))
    links = {a.get_text(): a["href"] for a in page.select("ul.relaxations a")}
    assert dropped in links and parse_qs(urlsplit(links[dropped]).query).get("q") == [left], (site.engine, links)
    # The URL's filters, for comparison: the same way out.
    url_form = site.archive.search(request_from_args({"q": "疫情", "date": "2099"}))
    assert [r.label for r in url_form.relaxations] == ["去掉日期筛选"]


def test_only_one_word_keeps_the_typed_filters(site):
    result = site.archive.search(request_from_args({"q": "疫情 不存在的词语组合 date:2022"}))
    assert result.total_articles == 0
    alone = {r.label: r.request.q for r in result.relaxations}
    assert alone.get("只搜“疫情”") == "疫情 date:2022", (site.engine, alone)


@pytest.mark.parametrize("page", ["3", "1000", "1001", "99999", "123456789012345678901234567890"])
def test_a_page_past_the_end_keeps_the_search(site, page):
    """Issue 21 item 7: page=1001 and page=99999 were a bare 400 with only 回到首页."""
    response = site.client.get(f"/search?q={quote('疫情')}&page={page}")
    assert response.status_code == 200, (site.engine, page)
    _, html = _soup(site.client, f"/search?q={quote('疫情')}&page={page}")
    pages = site.archive.search(request_from_args({"q": "疫情"})).pages
    assert html.find("input", attrs={"name": "q"})["value"] == "疫情"
    assert f"只有 {pages} 页结果，没有第 {page} 页" in html.select_one(".warning").get_text()
    last = html.select_one("a.last-page")["href"]
    assert parse_qs(urlsplit(last).query) == {"q": ["疫情"], "page": [str(pages)]}
    assert site.client.get(last).status_code == 200 and not html.select(".hit")
    api = site.client.get(f"/api/search?q={quote('疫情')}&page={page}")
    assert api.status_code == 200 and api.get_json()["hits"] == [] and api.get_json()["total_articles"] > 0
    bad = site.client.get(f"/search?q={quote('疫情')}&page=abc")
    assert bad.status_code == 400
    _, html = _soup(site.client, f"/search?q={quote('疫情')}&page=abc")
    assert html.find("input", attrs={"name": "q"})["value"] == "疫情" and html.select_one("a.search-again")


def test_a_page_past_max_page_with_more_results_links_to_max_page():
    from searchapp.archive import last_page, past_the_end
    from searchapp.results import MAX_PAGE

    assert last_page(1500) == MAX_PAGE and last_page(2) == 2 and last_page(0) == 1
    (said,) = past_the_end(15000, 1500, MAX_PAGE + 1)
    assert f"只能翻到第 {MAX_PAGE} 页" in said and f"没有第 {MAX_PAGE + 1} 页" in said
    assert past_the_end(15000, 1500, MAX_PAGE) == [] and past_the_end(0, 1, 5) == []


def test_trends_keep_the_results_filters(site):
    """Issue 21 item 8: 看趋势 on a filtered result page dropped the district, date and newspaper."""
    args = {"q": "疫情", "district": "山西省/太原市", "date": "2022", "newspaper": "太原日报"}
    _, page = _soup(site.client, "/search?" + "&".join(f"{k}={quote(v)}" for k, v in args.items()))
    link = page.select_one("a.trend-link")["href"]
    assert {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()} == args, (site.engine, link)
    total = site.archive.search(request_from_args(args)).total_articles
    api = site.client.get(link.replace("/trends?", "/api/trends?")).get_json()
    assert 0 < sum(api["series"][0]["counts"]) == total < site.archive.search(request_from_args({"q": "疫情"})).total_articles
    assert api["periods"][0] >= "2022" and api["periods"][-1] <= "2022-12"
    _, trends = _soup(site.client, link)
    said = trends.select_one(".summary").get_text()
    assert "太原日报" in said and "山西省/太原市" in said and "2022-01-01" in said, said
    form = {i["name"]: i.get("value") for i in trends.select(".trend-form input") if i["name"] != "q"}
    assert form == {"from": "2022-01-01", "to": "2022-12-31", "newspaper": "太原日报", "district": "山西省/太原市"}
    for a in trends.select(".legend a") + trends.select(".trend-table td a"):
        got = parse_qs(urlsplit(a["href"]).query)
        assert got["district"] == ["山西省/太原市"] and got["newspaper"] == ["太原日报"] and got["from"] == ["2022-01-01"]
    # A typed filter rides in q, unchanged.
    _, typed = _soup(site.client, "/search?q=" + quote("疫情 date:2022"))
    assert parse_qs(urlsplit(typed.select_one("a.trend-link")["href"]).query) == {"q": ["疫情 date:2022"]}


def test_trends_example_is_held_and_a_missing_term_is_named(site):
    """Issue 21 item 8: the page's own example drew a flat zero (复工 is not in the seeds)."""
    _, page = _soup(site.client, "/trends")
    example = page.select_one("a.example")["href"]
    api = site.client.get(example.replace("/trends?", "/api/trends?")).get_json()
    assert len(api["series"]) == 2 and all(s["total"] > 0 for s in api["series"]), (site.engine, api["series"])
    trend = site.archive.trend(["疫情", "复工"], request_from_args({}))
    assert "档案中没有含“复工”的文章，它的线为 0" in trend.warnings
    narrowed = site.archive.trend(["疫情", "核酸"], request_from_args({"newspaper": "晋中日报"}))
    assert any("所选范围内没有含“核酸”的文章" in w for w in narrowed.warnings) == (narrowed.series[1].total == 0)


def test_trends_draw_equal_lines_apart(site):
    """Issue 21 item 8: a line equal to another was hidden beneath it."""
    _, page = _soup(site.client, "/trends?q=" + quote("核酸") + "&q=" + quote("核酸 -不存在的词语组合"))
    a, b = page.select("svg.trend-chart g.series")
    assert a.select_one("polyline")["points"] != b.select_one("polyline")["points"]
    assert a.select_one("polyline").get("stroke-dasharray") != b.select_one("polyline").get("stroke-dasharray")
    assert a.select_one("path.mark")["d"][0] == "M" and a.select_one("path.mark")["d"] != b.select_one("path.mark")["d"]
    note = page.select(".legend li")[1].select_one(".same-as").get_text()
    assert "与“核酸”的线重合" in note


def test_place_suggestions_are_places_the_archive_holds_with_counts_listed_once(site):
    """Issue 21 item 9: 火星区 suggested unrelated places from all over China with count 0, listed
    twice; 迎则区 put 安徽 迎江区 before 迎泽区, which is in the archive."""
    counts = {}
    def walk(nodes):
        for n in nodes:
            counts[n.value] = n.count
            walk(n.children)
    walk(site.archive.stats().districts)
    typo = site.archive.search(request_from_args({"q": "", "district": "迎则区"}))
    assert typo.district_choices[0].value == "山西省/太原市/迎泽区", (site.engine, typo.district_choices)
    assert all(c.value in counts and c.count == counts[c.value] > 0 for c in typo.district_choices)
    assert not any("迎江区" in c.label for c in typo.district_choices)
    for q, district in (("疫情", "火星区"), ("疫情 地区:火星区", None)):
        mars = site.archive.search(request_from_args({"q": q, "district": district}))
        assert mars.district_choices == () and any("没有名为“火星区”的地区" in w for w in mars.warnings)
    _, page = _soup(site.client, "/search?q=&district=" + quote("迎则区"))
    chips = [a.get_text(" ", strip=True) for a in page.select(".district-choices a")]
    assert chips[0] == f"山西省 太原市 迎泽区 （{counts['山西省/太原市/迎泽区']} 篇）", chips
    said = " ".join(w.get_text() for w in page.select(".warning"))
    assert "迎泽区" not in said, said  # the places are listed once: as choices, not again in the message
    written_out = site.archive.search(request_from_args({"q": "", "district": "山西 太原"}))
    assert written_out.total_articles == counts["山西省/太原市"]
    assert not any("今为" in w for w in written_out.warnings), written_out.warnings
    assert any("今为" in w for w in site.archive.search(request_from_args({"q": "", "district": "延庆县"})).warnings)


def _prints(site: Site, article_id: str, text: str) -> bool:
    from searchapp.analysis import compact

    a = site.archive.article(article_id).article
    return text in compact("\n".join([a.title, a.kicker or "", a.deck or "", a.byline or "", *a.paragraphs, *a.captions, *a.credits]))


@pytest.mark.parametrize("q", ["党员志愿者", "无疫社区", "疫情防控", "核酸检测"])
def test_the_string_typed_leads(site, q):
    """Issue 21 item 10: an article printing the string typed (in its title or body) comes before
    articles holding its words apart, or matching only through a page label (无疫社区(村)创建在行动
    labels every article of its page)."""
    ids = [h.id for h in site.archive.export(request_from_args({"q": q}))]
    printed = [_prints(site, i, q) for i in ids]
    assert any(printed) and printed == sorted(printed, reverse=True), (site.engine, list(zip(ids, printed)))
    first_page = site.archive.search(request_from_args({"q": q})).hits
    assert [h.id for h in first_page] == ids[: len(first_page)]


def test_people_organisations_and_authors_are_facets_and_filters(site):
    """Issue 23: on the seeds the 人物 facet of an empty query lists 林武, 韦韬, 张新伟 and 蓝佛安
    (as the extractor finds them), the 作者 facet 郭娟, and a name narrows the results to the
    articles naming it, whatever engine answers."""
    everything = site.archive.search(request_from_args({"q": "", "facet_size": "200"}))
    people = {f.value: f.count for f in everything.people_facet}
    assert {"林武", "韦韬", "张新伟", "蓝佛安"} <= set(people), site.engine
    assert (people["林武"], people["韦韬"], people["蓝佛安"]) == (2, 3, 2), site.engine  # 蓝佛安 in seeds 002 and 004
    assert "郭娟" in {f.value for f in everything.author_facet}, site.engine
    for args, name, field in (({"person": "林武"}, "林武", "people"), ({"q": "人物:蓝佛安"}, "蓝佛安", "people"),
                              ({"author": "郭娟"}, "郭娟", "authors"), ({"q": "org:太原市委"}, "太原市委", "organisations")):
        hits = list(site.archive.export(request_from_args(args)))
        assert 0 < len(hits) < everything.total_articles, (site.engine, args)
        assert all(name in getattr(h, field) for h in hits), (site.engine, args)
    html = site.client.get("/search?person=" + quote("林武")).get_data(as_text=True)
    assert 'aria-label="去掉 人物：林武"' in html and '<strong class="total-articles">2</strong>' in html, site.engine


def test_a_person_filter_shows_the_titles_printed_beside_the_name(site):
    """Issue 23 item 7 on each engine: a search on 林武 shows who the name is in the archive."""
    card = site.archive.search(request_from_args({"person": "林武"})).person_card
    assert (card.articles, card.first, card.last, card.read) == (2, "2022-03-04", "2022-11-15", 2), site.engine
    assert [(t.title, t.articles, t.first, t.last) for t in card.titles] == [("省委书记", 1, "2022-11-15", "2022-11-15")], site.engine
    html = site.client.get("/search?q=" + quote("人物:林武")).get_data(as_text=True)
    assert '>省委书记</a>' in html and 'class="person-title"' in html, site.engine


def test_the_article_page_lists_related_articles(site):
    """林武's meeting relates to 韦韬's (both name 韦韬), never to itself; a page with nothing
    related has no box."""
    view = site.archive.article("002_231c9b07cb5fc032-01", related=True)
    ids = [r.id for r in view.related]
    assert "000_7ada219afce00ec3-01" in ids and "002_231c9b07cb5fc032-01" not in ids and len(ids) <= 5, site.engine
    html = site.client.get("/articles/002_231c9b07cb5fc032-01").get_data(as_text=True)
    assert '<nav class="related"' in html and "2022-08-27 · 太原日报" in html, site.engine
    assert "相关文章" not in site.client.get("/articles/001_d80b19d43e3d5215-05").get_data(as_text=True), site.engine


# ---------------------------------------------------------------- whole outputs, compared between engines


def _without_timing(data: dict) -> dict:
    data = dict(data)
    data.pop("took_ms", None)
    data["hits"] = [{k: v for k, v in h.items() if k != "score"} for h in data["hits"]]
    return data


def _assert_same_hits(sort: str, a: list[dict], b: list[dict], everything_a: list[dict], where) -> None:
    """The one place relevance order is let differ (see the module's docstring)."""
    if sort != "relevance":
        assert b == a, where
        return
    by_id = {h["id"]: h for h in everything_a}
    assert len(b) == len(a), (where, RELEVANCE_ORDER_MAY_DIFFER)
    for hit in b:
        assert hit == by_id.get(hit["id"]), (where, hit["id"], RELEVANCE_ORDER_MAY_DIFFER)


def assert_same_search(a: Archive, b: Archive, args: dict) -> None:
    """Every field of the result, the export and the matching paragraphs, for one request."""
    request = request_from_args(args)
    ra, rb = a.search(request), b.search(request)
    da, db = _without_timing(ra.to_api()), _without_timing(rb.to_api())
    hits_a, hits_b = da.pop("hits"), db.pop("hits")
    assert db == da, args
    exported_a = [_without_timing({"hits": [h.to_api() for h in a.export(request)]})["hits"]][0]
    exported_b = [_without_timing({"hits": [h.to_api() for h in b.export(request)]})["hits"]][0]
    assert len(exported_a) == ra.total_articles, args
    _assert_same_hits(ra.sort, exported_a, exported_b, exported_a, args)
    _assert_same_hits(ra.sort, hits_a, hits_b, exported_a, args)
    assert sorted(b.matching_paragraphs(request)) == sorted(a.matching_paragraphs(request)), args


SEED_QUERIES = [
    "", "太原", "疫情防控", "太原疫情", '"以快制快"', "“核酸检测”", "疫情 -太原", '疫情 -"以快制快"',
    "太原 OR 晋中", "小店 | 迎泽", "疫", "醋", "的", "核酸檢測", "ＧＤＰ", "２０２２", "2022年",
    "title:会议", "标题:疫情 太原", "district:小店区", "地区:太原 核酸", "district:火星", "不存在的词语组合",
    "新冠肺炎疫情", "-疫情", "作者:记者", "byline:本报", "日期:2022-11 疫情", "date:2022-11-22",
    "(太原 OR 晋中) -核酸", "记者", "摄",
    # People, organisations and authors (issue 23): filters of the query language
    "person:林武", "人物:韋韜 疫情", "person:林武 person:韦韬", "org:太原市委", "机构:晋中市委 -疫情", "author:郭娟",
    "署名:闫勇", "person:不存在的人 疫情",
]
SEED_FILTERS = [
    {}, {"sort": "newest"}, {"sort": "oldest"}, {"district": "山西省/太原市"}, {"date": "2022-11"},
    {"from": "2022-11-22", "to": "2022-12-31"}, {"newspaper": "太原日报"}, {"district": "太原"},
    {"district": "山西省/太原市/不存在区"}, {"page": "2"}, {"page": "1000"},
    {"person": "林武"}, {"org": "太原市委"}, {"author": "郭娟"}, {"person": "韦韬", "sort": "oldest"}, {"facet_size": "50"},
    {"person": "不存在的人"},
]


@pytest.mark.parametrize("q", SEED_QUERIES)
def test_seed_searches_are_the_same(seeds_pair, q):
    a, b = seeds_pair
    assert_same_search(a.archive, b.archive, {"q": q})


@pytest.mark.parametrize("filters", SEED_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("q", ["", "太原", "疫情 -太原", "疫"])
def test_seed_filtered_searches_are_the_same(seeds_pair, q, filters):
    a, b = seeds_pair
    assert_same_search(a.archive, b.archive, {"q": q, **filters})


def _page(client, path: str) -> str:
    response = client.get(path)
    text = response.get_data(as_text=True)
    # The time a search took is the one thing a page may say differently.
    text = re.sub(r"（[\d.]+ 毫秒）", "", text)
    return f"{response.status_code}\n" + re.sub(r'"took_ms": ?[\d.]+', "", text)


def _same_pages(a: Site, b: Site, paths: list[str]) -> None:
    for path in paths:
        assert _page(b.client, path) == _page(a.client, path), path


def _article_paths(site: Site, limit: int | None = None) -> list[str]:
    ids = [h.id for h in site.archive.export(request_from_args({"q": "", "sort": "oldest"}))][:limit]
    paths = []
    for i in ids:
        paths += [f"/articles/{i}", f"/articles/{i}?q={quote('太原 疫情')}", f"/api/articles/{i}", f"/articles/{i}.ris"]
    return paths


def _browse_paths(site: Site) -> list[str]:
    paths = ["/", "/papers", "/api/papers"]
    for paper in site.archive.papers():
        paths += [f"/papers?paper={quote(paper.name)}", f"/papers?paper={quote(paper.name)}&year={paper.first[:4]}"]
        for day in list(site.archive.paper_days(paper.name, paper.first[:4]))[:4]:
            paths += [f"/issues/{day}?paper={quote(paper.name)}", f"/api/issues/{day}?paper={quote(paper.name)}",
                      f"/issues/{day}/1?paper={quote(paper.name)}", f"/issues/{day}/2?paper={quote(paper.name)}"]
    return paths


def _date_ordered_paths(queries: list[str]) -> list[str]:
    paths = []
    for q in queries:
        for sort in ("newest", "oldest"):
            args = f"q={quote(q)}&sort={sort}"
            paths += [f"/search?{args}", f"/api/search?{args}", f"/search.csv?{args}", f"/search.json?{args}",
                      f"/search.atom?{args}", f"/search?{args}&page=2"]
    return paths


def _trend_paths(queries: list[list[str]]) -> list[str]:
    paths = []
    for group in queries:
        qs = "&".join(f"q={quote(q)}" for q in group)
        for extra in ("", "&level=month", "&level=day", "&district=" + quote("山西省")):
            paths += [f"/trends?{qs}{extra}", f"/api/trends?{qs}{extra}", f"/trends.csv?{qs}{extra}"]
    return paths


def test_seed_pages_are_the_same(seeds_pair):
    """Article pages (and their API and citation), the paper as printed, date-ordered results with
    their exports and feeds, trends: byte for byte, but for the time a search took."""
    a, b = seeds_pair
    _same_pages(a, b, _article_paths(a) + _browse_paths(a))
    _same_pages(a, b, _date_ordered_paths(["", "太原", "疫情 -太原", "醋"]))
    _same_pages(a, b, _trend_paths([["疫情"], ["太原", "晋中", "核酸"], ["不存在的词语组合"], ["person:林武", "person:蓝佛安", "人物:韦韬"]]))
    _same_pages(a, b, _date_ordered_paths(["person:林武", "org:太原市委"]))
    _same_pages(a, b, [f"/search?person={quote('林武')}", "/search?q=&facet_size=50", f"/search?author={quote('郭娟')}&sort=newest",
                       f"/search.csv?org={quote('晋中市委')}&sort=oldest", f"/search.atom?person={quote('韦韬')}"])
    _same_pages(a, b, ["/articles/no-such-article", "/issues/1900-01-01?paper=" + quote("太原日报")])


def test_seed_relevance_exports_hold_the_same_rows(seeds_pair):
    a, b = seeds_pair
    for q in ("太原", "疫情 防控", "核酸 检测"):
        for path in (f"/search.csv?q={quote(q)}",):
            rows_a = _page(a.client, path).splitlines()
            rows_b = _page(b.client, path).splitlines()
            assert rows_b[:2] == rows_a[:2] or sorted(rows_b) == sorted(rows_a), (path, RELEVANCE_ORDER_MAY_DIFFER)
            assert sorted(rows_b) == sorted(rows_a), path
        exported = json.loads(_page(a.client, f"/search.json?q={quote(q)}").split("\n", 1)[1])
        other = json.loads(_page(b.client, f"/search.json?q={quote(q)}").split("\n", 1)[1])
        key = lambda item: item["id"]  # noqa: E731
        strip = lambda items: sorted(({k: v for k, v in i.items() if k != "score"} for i in items), key=key)  # noqa: E731
        assert strip(other["articles"]) == strip(exported["articles"]), (q, RELEVANCE_ORDER_MAY_DIFFER)


def test_seed_article_views_and_continuations_are_the_same(seeds_pair):
    a, b = seeds_pair
    for hit in a.archive.export(request_from_args({"q": ""})):
        for q in ("", "太原 疫情", "郭娟"):
            va, vb = a.archive.article(hit.id, q=q), b.archive.article(hit.id, q=q)
            assert vb == va, (hit.id, q)
        assert b.archive.continuations(va.article) == a.archive.continuations(va.article), hit.id
        assert b.archive.article(hit.id, related=True) == a.archive.article(hit.id, related=True), hit.id
        assert b.archive.issue_of(hit.id) == a.archive.issue_of(hit.id), hit.id
    assert a.archive.stats() == b.archive.stats()


# ---------------------------------------------------------------- the People's Daily slice

PD_QUERIES = [
    "", "经济", "改革开放", "江泽民", '"中国共产党"', "中国 -美国", "北京 OR 上海", "党", "港", "1998年",
    "ＷＴＯ", "国內生產總值", "title:会议", "经济 发展 -农村", '"一国两制"',
    "person:江泽民", "人物:李鹏 经济", "org:国务院", "机构:新华社 -北京",
]


@pytest.mark.corpus
@pytest.mark.parametrize("filters", [{}, {"date": "1998-01-05"}, {"sort": "oldest"}], ids=["none", "date", "oldest"])
@pytest.mark.parametrize("q", PD_QUERIES)
def test_pd1998_searches_are_the_same(pd_pair, q, filters):
    a, b = pd_pair
    assert_same_search(a.archive, b.archive, {"q": q, **filters})


@pytest.mark.corpus
def test_pd1998_pages_are_the_same(pd_pair):
    a, b = pd_pair
    assert a.archive.stats() == b.archive.stats()
    _same_pages(a, b, _article_paths(a, limit=25) + _browse_paths(a))
    _same_pages(a, b, _date_ordered_paths(["", "经济", "江泽民"]))
    _same_pages(a, b, _trend_paths([["经济", "改革"], ["江泽民"], ["person:江泽民", "person:李鹏"]]))
    paths = [v.value for v in a.archive.stats().districts][:4]
    for path in paths:
        assert_same_search(a.archive, b.archive, {"q": "", "district": path})
        assert_same_search(a.archive, b.archive, {"q": "经济", "district": path})
