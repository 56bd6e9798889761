"""The search library against brute force over the very articles it indexed (pd1998 sample)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import pd1998_paragraphs
from searchapp.analysis import compact
from searchapp.index import build_index
from searchapp.models import Article, District, ParsedPage
from searchapp.query import parse_query, phrase_query
from searchapp.archive import Archive
from searchapp.params import request_from_args
from searchapp.results import BadRequest, SearchRequest

pytestmark = pytest.mark.corpus

DISTRICTS = [
    District("小店区", "太原市", "山西省", "140105"),
    District("迎泽区", "太原市", "山西省", "140106"),
    District("榆次区", "晋中市", "山西省", "140702"),
    District("海淀区", "北京市", "北京市", "110108"),
]


NAMES = ["郭娟", "王勇", "李红梅", "张晓东", "闫勇", "刘伟"]


def _printed_fields(n: int, paras: list[str]) -> dict:
    """The rest of a printed article, from the article's own text and real reporters' names:
    kickers and decks are phrases of its paragraphs; bylines, credits and captions name people."""
    body = paras[1:] or paras
    out: dict = {}
    if n % 3 == 0:
        out["kicker"] = body[0][:14]
    if n % 4 == 1:
        out["deck"] = "——" + body[-1][:18]
    if n % 2 == 0:
        out["byline"] = f"本报记者 {NAMES[n % len(NAMES)]}"
    if n % 5 == 2:
        out["credits"] = (f"（{NAMES[(n + 1) % len(NAMES)]}）",)
    if n % 7 == 3:
        out["captions"] = (f"图为{body[0][2:16]}。 新华社记者 {NAMES[(n + 2) % len(NAMES)]}摄",)
    if n % 11 == 5:
        out["dateline"] = "本报北京1月5日电"
    return out


def _articles() -> list[Article]:
    """pd1998's first days as articles: true boundaries and dates; districts assigned by rule;
    kicker, deck, byline, credits and captions on some, as on a printed page."""
    rows = pd1998_paragraphs(limit=6000)
    articles = []
    for n, (key, group) in enumerate(itertools.groupby(rows, key=lambda r: r[0].rsplit("-", 1)[0])):
        paras = [text for _, text in group]
        day = key[:8]
        districts = tuple(DISTRICTS[i] for i in range(len(DISTRICTS)) if (n >> i) % 3 == 0)
        articles.append(
            Article(
                id=f"pd{key}",
                source=f"pd1998/{key[:11]}.txt",
                position=n,
                title=paras[0],
                paragraphs=tuple(paras[1:]) or (paras[0],),
                date=f"{day[:4]}-{day[4:6]}-{day[6:]}",
                districts=districts,
                newspaper="人民日报",
                **_printed_fields(n, paras),
            )
        )
    return articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    articles = _articles()
    pages = [
        ParsedPage(source=src, articles=tuple(group))
        for src, group in itertools.groupby(articles, key=lambda a: a.source)
    ]
    target = tmp_path_factory.mktemp("pd-index")
    build_index(pages, target, jobs=2)
    return Archive.open(target), articles


def _blocks(article: Article, field: str = "") -> list[str]:
    """The article's printed text a field covers: everything, the headline block, or the byline."""
    head = [article.title, article.kicker or "", article.deck or ""]
    byline = [article.byline or "", *article.credits]
    if field == "title":
        return head
    if field == "byline":
        return byline
    return [*head, *byline, *article.captions, article.dateline or "", *article.page_labels, *article.paragraphs]


def _has(article: Article, needle: str, field: str = "") -> bool:
    return any(needle in compact(text) for text in _blocks(article, field))


def _all_ids(archive: Archive, request: SearchRequest, parsed=None) -> list[str]:
    return [h.id for h in archive.export(request, parsed)]


# ---------------------------------------------------------------- recall


def _draw(data, articles):
    a = data.draw(st.sampled_from(articles))
    p = data.draw(st.sampled_from(a.paragraphs))
    start = data.draw(st.integers(0, max(0, len(p) - 1)))
    length = data.draw(st.integers(1, 8))
    return p[start : start + length]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_phrase_recall_equals_brute_force(corpus, data):
    archive, articles = corpus
    raw = _draw(data, articles)
    needle = compact(raw)
    assume(needle)
    result = archive.search(SearchRequest(), phrase_query(raw))
    paragraphs = sum(1 for a in articles for p in a.paragraphs if needle in compact(p))
    matching = [a.id for a in articles if _has(a, needle)]
    assert result.total_articles == len(matching), raw
    if len(matching) <= 150:
        assert sorted(_all_ids(archive, SearchRequest(), phrase_query(raw))) == sorted(matching)
        assert len(archive.matching_paragraphs(SearchRequest(), phrase_query(raw))) == paragraphs, raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_typed_query_never_misses_a_literal_match(corpus, data):
    """Unquoted, the string is cut into words; every article holding it literally is still found."""
    archive, articles = corpus
    raw = _draw(data, articles)
    assume(compact(raw) and not any(ch in raw for ch in '"“”＂-－|:：') and "OR" not in raw)
    parsed = parse_query(raw)
    assume(not parsed.is_empty)
    literal = {a.id for a in articles if _has(a, compact(raw))}
    result = archive.search(SearchRequest(q=raw))
    assert result.total_articles >= len(literal)
    if result.total_articles <= 300:
        assert literal <= set(_all_ids(archive, SearchRequest(q=raw)))


@pytest.mark.parametrize("query", ["１９９８", "1998", "２０２０年", "江泽民", "香港", "的", "新", "，", "ＩＳＯ"])
def test_recall_for_digits_latin_and_single_characters(corpus, query):
    archive, articles = corpus
    needle = compact(query)
    expected = sum(1 for a in articles if _has(a, needle))
    assert archive.search(SearchRequest(), phrase_query(query)).total_articles == expected


def test_traditional_query_finds_simplified_text(corpus):
    archive, _ = corpus
    simplified = archive.search(SearchRequest(q="经济发展")).total_articles
    assert simplified > 0
    assert archive.search(SearchRequest(q="經濟發展")).total_articles == simplified


# ---------------------------------------------------------------- the query language


def test_words_anywhere_in_the_article(corpus):
    archive, articles = corpus
    expected = sum(1 for a in articles if _has(a, "香港") and _has(a, "经济"))
    assert expected > 0
    assert archive.search(SearchRequest(q="香港 经济")).total_articles == expected


def test_exclusion(corpus):
    archive, articles = corpus
    expected = sum(1 for a in articles if _has(a, "经济") and not _has(a, "香港"))
    assert archive.search(SearchRequest(q="经济 -香港")).total_articles == expected


def test_or(corpus):
    archive, articles = corpus
    expected = sum(1 for a in articles if _has(a, "香港") or _has(a, "澳门"))
    assert archive.search(SearchRequest(q="香港 OR 澳门")).total_articles == expected


def test_title_field(corpus):
    archive, articles = corpus
    expected = sum(1 for a in articles if _has(a, "经济", "title"))
    assert expected and archive.search(SearchRequest(q="title:经济")).total_articles == expected
    assert archive.search(SearchRequest(q="标题:经济")).total_articles == expected


@pytest.mark.parametrize("name", NAMES)
def test_byline_field(corpus, name):
    archive, articles = corpus
    expected = {a.id for a in articles if _has(a, name, "byline")}
    assert expected
    for q in (f"byline:{name}", f"作者:{name}", f"作者：{name}"):
        assert set(_all_ids(archive, SearchRequest(q=q))) == expected
    # Unqualified, the name is found wherever it is printed: body, byline, credits, captions.
    everywhere = {a.id for a in articles if _has(a, name)}
    assert everywhere >= expected and set(_all_ids(archive, SearchRequest(q=name))) == everywhere


def _draw_field(data, articles):
    """A random substring of a random printed block outside the body (kicker, deck, byline, …)."""
    a = data.draw(st.sampled_from([a for a in articles if a.kicker or a.deck or a.byline or a.credits or a.captions]))
    blocks = [b for b in (a.kicker, a.deck, a.byline, *a.credits, *a.captions, a.dateline) if b]
    text = data.draw(st.sampled_from(blocks))
    start = data.draw(st.integers(0, max(0, len(text) - 1)))
    return text[start : start + data.draw(st.integers(1, 8))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_printed_field_recall_equals_brute_force(corpus, data):
    """The promise covers the whole page: a string in a kicker, deck, byline, credit or caption."""
    archive, articles = corpus
    raw = _draw_field(data, articles)
    needle = compact(raw)
    assume(needle)
    for field in ("", "title", "byline"):
        expected = {a.id for a in articles if _has(a, needle, field)}
        result = archive.search(SearchRequest(), phrase_query(raw, field))
        assert result.total_articles == len(expected), (raw, field)
        if len(expected) <= 150:
            assert set(_all_ids(archive, SearchRequest(), phrase_query(raw, field))) == expected, (raw, field)


@pytest.mark.parametrize("spellings", [("香港|澳门", "香港 | 澳门", "香港 OR 澳门", "香港｜澳门", "(香港 OR 澳门)")])
def test_or_with_and_without_spaces(corpus, spellings):
    archive, articles = corpus
    expected = {a.id for a in articles if _has(a, "香港") or _has(a, "澳门")}
    for q in spellings:
        assert set(_all_ids(archive, SearchRequest(q=q))) == expected, q


def test_and_not_and_parentheses(corpus):
    archive, articles = corpus
    both = {a.id for a in articles if _has(a, "经济") and _has(a, "香港")}
    assert set(_all_ids(archive, SearchRequest(q="经济 AND 香港"))) == both
    without = {a.id for a in articles if _has(a, "经济") and not _has(a, "香港")}
    for q in ("经济 NOT 香港", "经济 -香港", "NOT 香港 经济"):
        assert set(_all_ids(archive, SearchRequest(q=q))) == without, q
    grouped = {a.id for a in articles if (_has(a, "香港") or _has(a, "澳门")) and _has(a, "经济") and not (_has(a, "台湾") or _has(a, "金融"))}
    assert set(_all_ids(archive, SearchRequest(q="(香港 OR 澳门) 经济 -(台湾 OR 金融)"))) == grouped
    either = {a.id for a in articles if (_has(a, "香港") and _has(a, "回归")) or _has(a, "澳门")}
    assert set(_all_ids(archive, SearchRequest(q="(香港 回归)|澳门"))) == either


def test_date_field_is_the_date_filter(corpus):
    archive, articles = corpus
    day = archive.search(SearchRequest(q="经济", date="1998-01-02"))
    assert archive.search(SearchRequest(q="经济 date:1998-01-02")).total_articles == day.total_articles > 0
    ranged = archive.search(SearchRequest(q="经济", date_from="1998-01-02", date_to="1998-01-03"))
    assert archive.search(SearchRequest(q="date:1998-01-02..1998-01-03 经济")).total_articles == ranged.total_articles
    expected = sum(1 for a in articles if _has(a, "经济") and a.date.startswith("1998-01"))
    assert archive.search(SearchRequest(q="经济 日期:1998-01")).total_articles == expected
    bad = archive.search(SearchRequest(q="经济 date:1998-02-30"))
    assert bad.warnings and bad.total_articles == archive.search(SearchRequest(q="经济")).total_articles


@pytest.mark.parametrize("joined, spaced", [("香港经济", "香港 经济"), ("经济发展", "经济 发展"), ("江泽民主席", "江泽民 主席"), ("亚洲金融危机", "亚洲 金融危机")])
def test_counts_agree_however_the_query_is_spaced(corpus, joined, spaced):
    """太原疫情 and 太原 疫情 mean the same words: the same articles, paragraphs and per-hit counts."""
    archive, articles = corpus
    a, b = archive.search(SearchRequest(q=joined)), archive.search(SearchRequest(q=spaced))
    assert parse_query(joined).words == parse_query(spaced).words
    assert a.total_articles == b.total_articles
    words = parse_query(spaced).words
    matching = [x for x in articles if all(_has(x, w) for w in words)]
    expected = sum(1 for x in matching for p in x.paragraphs if any(w in compact(p) for w in words))
    assert len(archive.matching_paragraphs(SearchRequest(q=joined))) == len(archive.matching_paragraphs(SearchRequest(q=spaced))) == expected
    by_id = {h.id: h.matched_paragraphs for h in archive.export(SearchRequest(q=spaced))}
    assert {h.id: h.matched_paragraphs for h in archive.export(SearchRequest(q=joined))} == by_id


@pytest.mark.parametrize("q", ["香港 经济", "title:经济", "郭娟", "byline:王勇", "经济 -香港", "(香港 OR 澳门) 发展", "经济|闫勇"])
def test_no_hit_shows_zero_matched_paragraphs(corpus, q):
    archive, _ = corpus
    hits = list(archive.export(SearchRequest(q=q)))
    assert hits and all(h.matched_paragraphs >= 1 for h in hits)
    assert all(h.snippets for h in hits)


def test_multi_word_paragraph_count_only_counts_matching_articles(corpus):
    archive, articles = corpus
    matching = [a for a in articles if _has(a, "香港") and _has(a, "经济")]
    expected = sum(1 for a in matching for p in a.paragraphs if "香港" in compact(p) or "经济" in compact(p))
    assert len(archive.matching_paragraphs(SearchRequest(q="香港 经济"))) == expected
    assert sum(h.matched_paragraphs for h in archive.export(SearchRequest(q="香港 经济"))) == expected


def test_malformed_queries_answer(corpus):
    archive, _ = corpus
    for q in ['"香港', "-", "title:", "OR", "，。" * 1000, "疫情" * 3000, "\x00\ud800", "<script>"]:
        result = archive.search(SearchRequest(q=q))
        assert result.total_articles >= 0


# ---------------------------------------------------------------- results, ranking, paging


def test_grouped_by_article_with_snippets(corpus):
    archive, articles = corpus
    result = archive.search(SearchRequest(q="香港"))
    assert len({h.id for h in result.hits}) == len(result.hits)
    by_id = {a.id: a for a in articles}
    for hit in result.hits:
        assert 1 <= len(hit.snippets) <= 3
        assert any("<mark>香港</mark>" in s for s in hit.snippets) or "<mark>香港</mark>" in hit.title_html
        in_body = sum(1 for p in by_id[hit.id].paragraphs if "香港" in p)
        assert hit.matched_paragraphs == (in_body or 1)  # a title-only match counts its title


@pytest.mark.parametrize("q", ["香港 经济", "经济", "江泽民主席"])
def test_relevance_scores_fall_down_the_list_and_pages_agree(corpus, q):
    archive, _ = corpus
    everything = list(archive.export(SearchRequest(q=q)))
    scores = [h.score for h in everything]
    assert len(scores) > 20 and scores == sorted(scores, reverse=True)  # past the re-ranked head too
    paged = []
    for page in (1, 2, 3):
        paged.extend(h.id for h in archive.search(SearchRequest(q=q, page=page, per_page=10)).hits)
    assert paged == [h.id for h in everything[:30]]


def test_title_ranks_above_body(corpus):
    archive, articles = corpus
    result = archive.search(SearchRequest(q="香港"))
    in_title = [h for h in result.hits if "香港" in h.title]
    assert in_title and "香港" in result.hits[0].title


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_date_and_paging_cover_everything_once(corpus, sort):
    archive, articles = corpus
    request = SearchRequest(q="经济", sort=sort, per_page=7)
    seen, dates = [], []
    first = archive.search(request)
    for page in range(1, first.pages + 1):
        result = archive.search(replace(request, page=page))
        seen.extend(h.id for h in result.hits)
        dates.extend(h.date for h in result.hits)
    assert len(seen) == len(set(seen)) == first.total_articles
    assert dates == sorted(dates, reverse=(sort == "newest"))


# ---------------------------------------------------------------- facets and filters


@pytest.mark.parametrize("q", ["经济", "香港 经济", "的", ""])
def test_facet_counts_agree_with_brute_force(corpus, q):
    archive, articles = corpus
    result = archive.search(SearchRequest(q=q))
    by_id = {a.id: a for a in articles}
    matching = [by_id[i] for i in _all_ids(archive, SearchRequest(q=q))]
    assert len(matching) == result.total_articles
    dates = Counter(a.date for a in matching)
    level_len = {"year": 4, "month": 7, "day": 10}[result.date_level]
    expected_dates = Counter()
    for d, n in dates.items():
        expected_dates[d[:level_len]] += n
    facet = {f.value: f.count for f in result.date_facet}
    # Periods without articles are drawn as zero bars (issue 15): only they may hold 0.
    assert {v: n for v, n in facet.items() if n} == dict(expected_dates)
    counts = Counter()
    for a in matching:
        for path in {p for d in a.districts for p in (d.province, f"{d.province}/{d.city}", "/".join(d.path))}:
            counts[path] += 1
        if not a.districts:
            counts["未标注地区"] += 1  # the bucket of articles naming no place

    def flat(values):
        for v in values:
            yield v
            yield from flat(v.children)

    assert {f.value: f.count for f in flat(result.district_facet)} == dict(counts)


def test_selecting_facets_narrows(corpus):
    archive, articles = corpus
    base = archive.search(SearchRequest(q="经济"))
    day = base.date_facet[0]
    narrowed = archive.search(SearchRequest(q="经济", date=day.value))
    assert narrowed.total_articles == day.count
    assert any(f.selected for f in narrowed.date_facet)
    county = base.district_facet[0].children[0].children[0]
    by_district = archive.search(SearchRequest(q="经济", district=county.value))
    assert by_district.total_articles == county.count
    expected = sum(1 for a in articles if _has(a, "经济") and any("/".join(d.path) == county.value for d in a.districts))
    assert by_district.total_articles == expected


def test_date_range(corpus):
    archive, articles = corpus
    expected = sum(1 for a in articles if _has(a, "经济") and "1998-01-02" <= a.date <= "1998-01-03")
    result = archive.search(SearchRequest(q="经济", date_from="1998-01-02", date_to="1998-01-03"))
    assert result.total_articles == expected


def test_unknown_district_in_query_says_so(corpus):
    archive, _ = corpus
    result = archive.search(SearchRequest(q="经济 district:火星区"))
    assert result.total_articles == 0 and any("火星区" in w for w in result.warnings)


def test_zero_results_offer_relaxations(corpus):
    archive, _ = corpus
    result = archive.search(SearchRequest(q="香港 量子纠缠"))
    assert result.total_articles == 0
    assert any(r.count > 0 and r.request.q == "香港" for r in result.relaxations)


@pytest.mark.parametrize(
    "args",
    [{"page": "-1"}, {"page": "abc"}, {"page": "0"}, {"page": "1.5"}, {"from": "2022-13-45"}, {"sort": "bogus"},
     {"from": "2022-02-01", "to": "2022-01-01"}, {"date": "2022-02-30"}, {"date": "20x2"}],
)
def test_bad_parameters_raise_bad_request(args):
    with pytest.raises(BadRequest):
        request_from_args(args)


def test_article_view_highlights_and_neighbours(corpus):
    archive, articles = corpus
    target = next(a for a in articles if any("香港" in p for p in a.paragraphs[1:]))
    view = archive.article(target.id, q="香港")
    assert view.article.paragraphs == target.paragraphs
    assert view.first_hit == next(i + 1 for i, p in enumerate(target.paragraphs) if "香港" in p)
    assert "<mark>香港</mark>" in view.paragraphs_html[view.first_hit - 1]
    same_page = [a.id for a in articles if a.source == target.source and a.id != target.id]
    assert [i for i, _ in view.neighbours] == same_page
    assert archive.article("no-such-article") is None
    assert archive.article("../../etc/passwd") is None


def test_large_district_tree_drills_down_from_provinces():
    from searchapp.facets import district_tree

    buckets = {}
    for p in range(5):
        buckets[f"省{p}"] = 100 - p
        for c in range(4):
            buckets[f"省{p}/市{c}"] = 50 - c
            for k in range(4):
                buckets[f"省{p}/市{c}/县{k}"] = 10 - k
    assert len(buckets) > 60
    top = district_tree(buckets, None)
    assert [n.value for n in top] == [f"省{p}" for p in range(5)] and all(n.children == () for n in top)
    chosen = district_tree(buckets, "省2/市1")
    (province,) = [n for n in chosen if n.selected]
    assert province.value == "省2" and [c.count for c in province.children] == [50, 49, 48, 47]
    (city,) = [c for c in province.children if c.selected]
    assert [k.value for k in city.children] == [f"省2/市1/县{k}" for k in range(4)]
    assert all(c.children == () for c in province.children if not c.selected)
    small = {k: v for k, v in buckets.items() if k.startswith("省0")}
    assert sum(1 for n in district_tree(small, None)[0].children for _ in (n, *n.children)) == 4 + 16
