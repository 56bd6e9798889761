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
