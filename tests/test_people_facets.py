"""Issue 23 items 2-4 on the seeds (Tantivy): people, organisations and authors as facets and
filters everywhere a reader filters (URL, query language, CLI, exports, feeds), trends by
person, and related articles. Both engines are held to the same by tests/test_contract.py."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from click.testing import CliRunner

from searchapp.archive import relaxation_candidates
from searchapp.related import RELATED_SIZE
from searchapp.cli import main
from searchapp.params import request_from_args
from searchapp.query import parse_query
from searchapp.results import BadRequest, SearchRequest
from searchapp.web import create_app

LIN_WU = "002_231c9b07cb5fc032-01"  # 林武主持召开省委第118次疫情防控专题会: 林武, 蓝佛安, 韦韬 …
WEI_TAO = "000_7ada219afce00ec3-01"  # 韦韬主持召开市疫情防控工作领导小组第131次会议: 韦韬, 张新伟
VINEGAR = "001_d80b19d43e3d5215-05"  # 《山西食醋分类》团体标准: nothing rare in common with any other


@pytest.fixture(scope="module")
def client(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True}).test_client()


def search(archive, **args):
    return archive.search(request_from_args(args))


def test_the_query_language_has_person_org_and_author_filters():
    q = parse_query("人物:韋韜 person:林武 机构：太原市委 author:郭娟 署名:闫勇 byline:记者 疫情")
    assert q.people == ("韋韜", "林武") and q.organisations == ("太原市委",) and q.authors == ("郭娟", "闫勇")
    assert [c.text for c in q.clauses] == ["记者", "疫情"] and q.clauses[0].field == "byline"
    assert "人物:林武" in q.display_words and "署名:郭娟" in q.display_words
    assert parse_query("作者:郭娟").clauses[0].field == "byline"  # 作者: stays the byline's text
    assert parse_query("org:\"中国（山西）自由贸易试验区\"").organisations == ("中国（山西）自由贸易试验区",)


def test_url_parameters_are_checked():
    req = request_from_args({"person": " 林武 ", "org": "太原市委", "author": "郭娟", "facet_size": "50"})
    assert (req.person, req.org, req.author, req.facet_size) == ("林武", "太原市委", "郭娟", 50)
    for bad in ({"facet_size": "0"}, {"facet_size": "x"}, {"facet_size": "201"}, {"person": "林\x01武"}, {"org": "长" * 65}):
        with pytest.raises(BadRequest):
            request_from_args(bad)


def test_facets_list_the_names_the_extractor_found(seed_archive):
    everything = search(seed_archive, q="", facet_size="200")
    people = {f.value: f.count for f in everything.people_facet}
    assert {"林武", "韦韬", "张新伟", "蓝佛安"} <= set(people)
    # 蓝佛安 is printed in two articles (seeds 002 and 004's 蓝佛安强调).
    assert people["林武"] == 2 and people["韦韬"] == 3 and people["蓝佛安"] == 2
    assert "郭娟" in {f.value for f in everything.author_facet}
    assert {"太原市委", "晋中市委"} <= {f.value for f in everything.organisation_facet}
    counts = [f.count for f in everything.people_facet]
    assert counts == sorted(counts, reverse=True)
    top = search(seed_archive, q="")
    assert len(top.people_facet) == 10 and top.people_facet == everything.people_facet[:10]
    assert set(top.more_names) == {"people", "organisations", "authors"} and not everything.more_names
    api = top.to_api()
    # 习近平 (学习贯彻习近平总书记… in several seeds) leads; 韦韬 is there with his three articles.
    assert api["facets"]["people"][0]["value"] == "习近平"
    assert {"value": "韦韬", "label": "韦韬", "count": 3, "selected": False} in api["facets"]["people"]
    assert api["facet_size"] == 10 and api["filters"]["person"] is None


@pytest.mark.parametrize("args, name, field", [
    ({"person": "林武"}, "林武", "people"),
    ({"q": "person:蓝佛安"}, "蓝佛安", "people"),
    ({"q": "人物:韋韜"}, "韦韬", "people"),  # folded as the build folds names
    ({"org": "太原市委"}, "太原市委", "organisations"),
    ({"q": "机构:晋中市委"}, "晋中市委", "organisations"),
    ({"author": "郭娟"}, "郭娟", "authors"),
    ({"q": "author:闫勇"}, "闫勇", "authors"),
])
def test_a_name_filter_narrows_to_the_articles_naming_it(seed_archive, args, name, field):
    everything = search(seed_archive, q="").total_articles
    result = search(seed_archive, **args)
    hits = list(seed_archive.export(request_from_args(args)))
    assert 0 < result.total_articles == len(hits) < everything
    assert all(name in getattr(h, field) for h in hits)
    facet = {"people": result.people_facet, "organisations": result.organisation_facet, "authors": result.author_facet}[field]
    assert [(f.value, f.count, f.selected) for f in facet if f.selected] == [(name, len(hits), True)]


def test_filters_combine_and_a_missing_name_offers_to_drop_it(seed_archive):
    both = search(seed_archive, q="person:林武 person:韦韬")
    assert [h.id for h in both.hits] == [LIN_WU]
    none = search(seed_archive, q="疫情", person="不存在的人")
    assert none.total_articles == 0
    assert [(r.label, r.request.person) for r in none.relaxations][:1] == [("去掉人物筛选“不存在的人”", None)]
    labels = [label for label, _ in relaxation_candidates(SearchRequest(q="疫情", org="某机构", author="某人"), parse_query("疫情"))]
    assert "去掉机构筛选“某机构”" in labels and "去掉作者筛选“某人”" in labels


def test_the_results_page_has_the_facets_chips_and_more(client):
    html = client.get("/search?q=").get_data(as_text=True)
    for heading in ('id="facet-person">人物', 'id="facet-org">机构', 'id="facet-author">作者'):
        assert heading in html
    assert f'href="/search?person={quote("林武")}"' in html
    assert 'href="/search?facet_size=50">更多人物</a>' in html
    assert "比较前 3 位人物的趋势" in html
    more = client.get("/search?q=&facet_size=50").get_data(as_text=True)
    assert ">蓝佛安</a>" in more and ">张新伟</a>" in more and "收起" in more
    chosen = client.get("/search?person=" + quote("林武")).get_data(as_text=True)
    assert 'aria-label="去掉 人物：林武"' in chosen and 'class="selected" href="/search"' in chosen
    assert f'/trends?q=person%3A{quote("林武")}' in chosen  # 看“林武”的趋势
    assert '<input type="hidden" name="person" value="林武">' in chosen  # the live search keeps the filter
    assert client.get("/search?facet_size=0").status_code == 400


def test_exports_feeds_and_the_cli_carry_the_names(client, seed_index_dir):
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?author=" + quote("郭娟")).get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 and "郭娟" in rows[0]["authors"].split("、") and rows[0]["organisations"].startswith("晋中市委")
    data = json.loads(client.get("/search.json?person=" + quote("林武")).get_data(as_text=True))
    assert data["filters"] == {"person": "林武"} and all("林武" in a["people"] for a in data["articles"])
    feed = ET.fromstring(client.get("/search.atom?person=" + quote("林武")).get_data())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    terms = {(c.get("scheme"), c.get("term")) for c in feed.findall("a:entry/a:category", ns)}
    assert ("person", "林武") in terms and ("organisation", "山西省委") in terms
    out = CliRunner().invoke(main, ["search", "--person", "林武", "--index", seed_index_dir])
    assert out.exit_code == 0 and "2 articles" in out.output and "people 林武" in out.output
    assert "林武: named in 2 articles of the archive, 2022-03-04 to 2022-11-15" in out.output
    assert "  printed as 省委书记: 2022-11-15, 1 article\n" in out.output
    out = CliRunner().invoke(main, ["search", "--author", "郭娟", "--org", "晋中市委", "--json", "--index", seed_index_dir])
    assert json.loads(out.output)["total_articles"] == 1


def test_the_article_page_lists_its_people_with_titles_and_its_organisations(client):
    html = client.get(f"/articles/{LIN_WU}").get_data(as_text=True)
    assert f'<a href="/search?person={quote("林武")}">林武（省委书记）</a>' in html
    assert "蓝佛安（省委副书记、省长）</a>" in html
    assert f'<a href="/search?org={quote("山西省委")}">山西省委</a>' in html
    assert f'<a href="/search?author={quote("杨文")}">杨文</a>' in html
    assert "看这些人物的趋势" in html


def test_trends_compare_people(seed_archive, client):
    trend = seed_archive.trend(["person:林武", "person:蓝佛安", "人物:韦韬"], SearchRequest(), "year")
    assert [s.total for s in trend.series] == [2, 2, 3]
    assert [sum(s.counts) for s in trend.series] == [2, 2, 3]
    html = client.get("/trends?q=" + quote("person:林武") + "&q=" + quote("person:蓝佛安")).get_data(as_text=True)
    assert 'data-query="person:林武"' in html and "共 2 篇" in html
    api = client.get("/api/trends?q=" + quote("person:韦韬") + "&person=" + quote("蓝佛安")).get_json()
    assert api["series"][0]["total"] == 1  # the shared filter applies to every line (韦韬 is in 3, with 蓝佛安 in 1)


def test_related_articles(seed_archive, client):
    view = seed_archive.article(LIN_WU, related=True)
    ids = [r.id for r in view.related]
    assert 0 < len(ids) <= RELATED_SIZE and LIN_WU not in ids and len(set(ids)) == len(ids)
    assert WEI_TAO in ids and "韦韬" in view.related[ids.index(WEI_TAO)].shared
    assert all(r.date and r.newspaper for r in view.related)
    assert seed_archive.article(LIN_WU).related == ()  # only where asked (feeds and citations do not)
    html = client.get(f"/articles/{LIN_WU}").get_data(as_text=True)
    box = html.split('<nav class="related"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/articles/{WEI_TAO}"' in box and "2022-08-27 · 太原日报" in box
    api = client.get(f"/api/articles/{LIN_WU}").get_json()
    assert [r["id"] for r in api["related"]] == ids
    for hit in seed_archive.export(request_from_args({"q": ""})):
        related = seed_archive.article(hit.id, related=True).related
        assert hit.id not in {r.id for r in related} and len(related) <= RELATED_SIZE
    assert seed_archive.article(VINEGAR, related=True).related == ()
    assert "相关文章" not in client.get(f"/articles/{VINEGAR}").get_data(as_text=True)  # never an empty box


def test_a_continued_article_lists_its_other_part_first(tmp_path):
    from searchapp.archive import Archive
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed
    from test_structure import CONTINUED

    for name, text in CONTINUED.items():
        (tmp_path / name).write_text(text + "\n", "utf-8")
    build_index(iter_parsed([str(tmp_path)]), tmp_path / "ix", jobs=1)
    archive = Archive.open(tmp_path / "ix")
    front, rest = [h.id for h in archive.export(request_from_args({"q": "", "sort": "oldest"}))]
    for this, other in ((front, rest), (rest, front)):
        related = archive.article(this, related=True).related
        assert [(r.id, r.continuation) for r in related] == [(other, True)]
        assert (related[0].date, related[0].newspaper) == ("2022-03-04", "太原日报")


def test_titles_over_time_put_a_persons_offices_in_order():
    """Issue 23 item 7: one name's titles as printed, each with its articles and first and last
    dates, in the order first printed; another name's titles and a title printed twice in one
    article count once."""
    from searchapp.person_card import titles_over_time

    articles = [
        ([["林武", "省长"], ["蓝佛安", "省委副书记"]], 20210301),
        ([["林武", "代省长"]], 20201020),
        ([["林武", "省委书记"], ["林武", "省委书记"]], 20221115),
        ([["林武", "省长"]], 20210905),
        ([], 20220101),
    ]
    spans = [(t.title, t.articles, t.first, t.last) for t in titles_over_time("林武", articles)]
    assert spans == [("代省长", 1, "2020-10-20", "2020-10-20"), ("省长", 2, "2021-03-01", "2021-09-05"),
                     ("省委书记", 1, "2022-11-15", "2022-11-15")]
    assert titles_over_time("张三", articles) == ()


def test_a_person_filter_shows_who_the_name_is(seed_archive, client):
    """A search on one person (URL or query language) carries the card: the articles naming the
    person in the whole archive, first and last date, the titles printed beside the name; two
    people or none, no card. The page and the API show it."""
    card = search(seed_archive, person="韦韬").person_card
    assert (card.name, card.articles, card.first, card.last, card.complete) == ("韦韬", 3, "2022-03-04", "2022-11-15", True)
    assert [(t.title, t.articles, t.first) for t in card.titles] == [("省委常委、市委书记", 1, "2022-08-27")]
    # The card is of the archive, whatever else the query narrows to.
    assert search(seed_archive, q="人物:韦韬 核酸").person_card == card
    assert search(seed_archive, q="人物:韦韬 人物:林武").person_card is None
    assert search(seed_archive, q="疫情").person_card is None
    html = client.get("/search?person=" + quote("林武")).get_data(as_text=True)
    assert 'class="person-card"' in html and "档案中 <strong>2</strong> 篇文章提到，<span class=\"date\">2022-03-04</span> 至 <span class=\"date\">2022-11-15</span>。" in html
    # Each title links to the articles naming the person and printing the title.
    link = re.search(r'<a class="person-title" href="([^"]+)"[^>]*>省委书记</a>', html)
    assert link and client.get(link.group(1).replace("&amp;", "&")).status_code == 200
    titled = search(seed_archive, **dict(parse_qsl(urlsplit(link.group(1).replace("&amp;", "&")).query)))
    assert titled.total_articles == 1 and titled.hits[0].id == LIN_WU
    api = client.get("/api/search?person=" + quote("林武")).get_json()
    assert api["person_card"]["titles"] == [{"title": "省委书记", "articles": 1, "first": "2022-11-15", "last": "2022-11-15"}]
    assert client.get("/api/search?q=" + quote("疫情")).get_json()["person_card"] is None
