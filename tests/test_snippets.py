"""snippets.py: which paragraphs a result shows, on real text, without an index."""

from __future__ import annotations

from searchapp.snippets import choose_snippets, extra_blocks, matching_blocks

PARAS = [
    (1, "本报讯 为切实做好疫情防控工作，小店区组织党员干部下沉社区。"),
    (2, "记者看到，社区门口的志愿者正在为居民测量体温。"),
    (3, "来自各单位的党员志愿者们，主动承担起核酸检测秩序维护工作。"),
    (4, "来自各单位的党员志愿者们，主动承担起核酸检测秩序维护工作。"),  # OCR printed it twice
    (5, "來自各單位的黨員志願者們，主動承擔起核酸檢測秩序維護工作。"),  # and once more, traditional
    (6, "党员 志愿者 张伟说：“能为大家服务，再累也值得。”"),
]


def test_the_literal_phrase_comes_first():
    chosen = choose_snippets(PARAS, ["党员志愿者"])
    assert chosen[0][0] == 3
    assert "党员志愿者" in chosen[0][1]


def test_a_phrase_split_by_a_space_on_the_page_is_still_literal():
    chosen = choose_snippets([(1, "志愿者在行动"), (2, "党员 志愿者 张伟说")], ["党员志愿者"])
    assert [n for n, _ in chosen] == [2, 1]


def test_no_two_snippets_with_the_same_text():
    chosen = choose_snippets(PARAS, ["党员志愿者"], limit=3)
    texts = [t for _, t in chosen]
    assert [n for n, _ in chosen] == [3, 6, 1]  # 4 repeats 3; 5 is 3 in traditional characters
    assert len(set(texts)) == len(texts)


def test_without_literals_the_engine_order_stands():
    assert [n for n, _ in choose_snippets(PARAS, [], limit=2)] == [1, 2]
    assert choose_snippets([], ["疫情"]) == []


def test_blocks_outside_the_body_are_labelled_and_marked():
    meta = {"byline": "本报记者 郭娟", "credits": ["（闫勇）"], "captions": ["图为晋中市民之家。 记者 王勇 摄"], "kicker": None}
    blocks = extra_blocks(meta)
    assert ("作者", "本报记者 郭娟") in blocks and ("署名", "（闫勇）") in blocks
    marked = matching_blocks(blocks, ["郭娟"])
    assert marked == [("作者", "本报记者 <mark>郭娟</mark>")]
    assert matching_blocks(extra_blocks({"captions": ["<b>王勇</b> 摄"]}), ["王勇"]) == [("图片说明", "&lt;b&gt;<mark>王勇</mark>&lt;/b&gt; 摄")]


# ---------------------------------------------------------------- through the index

import pytest  # noqa: E402

from searchapp.index import build_index  # noqa: E402
from searchapp.models import Article, ParsedPage  # noqa: E402
from searchapp.archive import Archive  # noqa: E402
from searchapp.results import SearchRequest  # noqa: E402

VOLUNTEERS = Article(
    id="volunteers",
    source="2022-11-22_太原日报_03.txt",
    position=0,
    title="小店区：党员干部下沉社区 志愿服务暖人心",
    paragraphs=(
        "本报讯 党员干部纷纷下沉社区，党员带头、群众参与，志愿者队伍不断壮大，党员与志愿者并肩作战。",
        "记者看到，社区门口的志愿者正在为居民测量体温，党员干部在一旁登记信息。",
        "来自各单位的党员志愿者们，主动承担起核酸检测秩序维护工作。",
        "来自各单位的党员志愿者们，主动承担起核酸检测秩序维护工作。",
        "“能为大家服务，再累也值得。”党员、志愿者张伟说。",
    ),
    date="2022-11-22",
    byline="本报记者 郭娟",
)
OTHER = Article(
    id="other",
    source="2022-11-22_太原日报_03.txt",
    position=1,
    title="迎泽区志愿者在行动",
    paragraphs=("迎泽区各社区的志愿者和党员干部一起，为居民配送生活物资。",),
    date="2022-11-21",
    credits=("（记者 王勇）",),
)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    target = tmp_path_factory.mktemp("snippet-index")
    build_index([ParsedPage(source=VOLUNTEERS.source, articles=(VOLUNTEERS, OTHER))], target, jobs=1)
    return Archive.open(target)


def test_search_shows_the_literal_phrase_first_and_each_text_once(small_archive):
    result = small_archive.search(SearchRequest(q="党员志愿者"))
    hit = next(h for h in result.hits if h.id == "volunteers")
    assert "<mark>党员志愿者</mark>" in hit.snippets[0]
    assert hit.snippet_paragraphs[0] in (3, 4)
    assert len(set(hit.snippets)) == len(hit.snippets)
    assert not {3, 4} <= set(hit.snippet_paragraphs)  # the repeated OCR paragraph shows once
    assert hit.matched_paragraphs == 5  # paragraphs holding 党员 or 志愿者: counted, not deduplicated


def test_a_name_in_the_byline_or_credits_is_found_and_marked(small_archive):
    for q, article in (("郭娟", "volunteers"), ("王勇", "other"), ("byline:王勇", "other")):
        result = small_archive.search(SearchRequest(q=q))
        (hit,) = result.hits
        assert hit.id == article and hit.matched_paragraphs == 1
        assert any("<mark>" + q.split(":")[-1] + "</mark>" in s for s in hit.snippets)
        assert hit.snippet_paragraphs == (0,)  # not a body paragraph: no #p anchor


def test_seed_articles_by_their_reporters(seed_archive):
    """The seed pages: 郭娟 wrote the 晋中日报 piece (byline), 王勇 the 迎泽区 one (credit)."""
    for name in ("郭娟", "王勇"):
        result = seed_archive.search(SearchRequest(q=name))
        assert result.total_articles >= 1
        assert any(f"<mark>{name}</mark>" in s for h in result.hits for s in h.snippets)


def test_article_page_marks_the_byline_and_credits(small_archive):
    view = small_archive.article("volunteers", q="郭娟")
    assert view.byline_html == "本报记者 <mark>郭娟</mark>"
    other = small_archive.article("other", q="byline:王勇")
    assert other.credits_html == ("（记者 <mark>王勇</mark>）",)
    assert small_archive.article("other").credits_html == ("（记者 王勇）",)
