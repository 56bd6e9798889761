"""Segmentation of the five seed pages, article by article, as a careful reader sees them."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from searchapp.articles import check_no_text_lost, classify, ends_sentence
from searchapp.ingest import parse_paths
from searchapp.models import Page
from searchapp.pages import read_manifest, read_page

# (title, first paragraph starts with, last paragraph ends with, date, county-level districts), in page order
EXPECTED = {
    "000_7ada219afce00ec3.txt": [
        ("韦韬主持召开市疫情防控工作领导小组第131次会议", "本报讯(记者 殷雪莺 梁涛)8月26日", "设分会场。", "2022-08-26", []),
        ("退休党员有了“暖心的家”", "“举办读书分享会的建议不错", "不少退休党员表示。", "2022-08-22", ["杏花岭区"]),
        ("发挥余热我骄傲", "锦绣苑社区有个文体广场", "社区所有文体", "2022-08-27", []),
        ("山西“加码”扶持 新能源汽车应用", "本报讯(记者 何宝国)8月26日", "比去年同期增长60%。", "2022-08-26", []),
        ("大学生在行走的 思政课中培根铸魂", "本报讯(记者 张晓丽", "成为胸怀家国的社会栋梁。", "2022-08-24", []),
    ],
    "001_d80b19d43e3d5215.txt": [
        ("迎泽区创建“无疫社区”守护群众平安", "社区第一时间成立疫情防控处置工作落实小组", "守护群众平安。", "2022-11-22", ["迎泽区"]),
        ("杏花岭区桃园二巷西社区居民在志愿者引导下…", "11月21日,杏花岭区桃园二巷西社区居民", "进行了核酸采样。", "2022-11-21", ["杏花岭区"]),
        ("小店区扎实筑牢疫情防控“隔离墙”", "本报讯 11月21日小店区消息", "要求落细落实。", "2022-11-21", ["小店区"]),
        ("西凌井乡源头治理 防火于未「燃」", "本报讯 “森林是我家,防火靠大家。”", "效果深入人心。", "2022-11-21", ["阳曲县"]),
        ("《山西食醋分类》团体标准开始实施", "本报讯 11月21日清徐县消息", "高质量发展。", "2022-11-21", ["清徐县"]),
        ("古交市河口镇成立战“疫”临时党总支", "本报讯 疫情当前,党员在先。11月20日", "进行安排部署。", "2022-11-20", ["古交市"]),
        ("晋源区出台二十二条基层防疫措施", "本报讯 全面构建", "广大党员、干部。", "2022-11-21", ["晋源区"]),
        ("确保畅通 中欧班列持续开行", "本报讯 11月19日,一辆搭载着瓷砖", "保障中欧班列常态化开行。", "2022-11-19", []),
    ],
    "002_231c9b07cb5fc032.txt": [
        ("林武主持召开省委第118次疫情防控专题会", "本报讯 (山西日报记者 杨文)11月14日", "各市、县(市、区)设分会场。", "2022-11-14", []),
        ("中宏网关注太原“一刻钟便民生活圈”建设", "本报讯(记者 李晓并)", "形成“烟火气”集聚区。", "2022-11-14", ["杏花岭区"]),
        ("尖草坪区朝阳社区组织居民开展了“学习领悟二十大、…", "近日,尖草坪区朝阳社区", "潜移默化中深入人心。", "2022-11-15", ["尖草坪区"]),
        ("“小小降尘监测员” 开始招募啦", "本报讯(记者 郭蓉)", "环境治理的科普知识。", "2022-11-14", []),
    ],
    "003_96c29c99dd28f042.txt": [
        ("坚决守住疫情防控底线", "当前疫情防控形势严峻复杂", "筑起一道安全防线。", "2021-08-07", ["榆次区"]),
        ("丁雪钦会见山西师范大学贾绘泽一行", "本报讯(记者裴晓敏)8月6日", "实现学校自身的发展。", "2021-08-06", []),
        ("“云洽谈”深合作 谋发展促共赢", "本报讯 昔阳县聚焦", "强劲势头。", "2021-08-07", ["昔阳县"]),
        ("县校合作蓄动能 筑巢引凤谋发展", "本报讯 近日,和顺县与清控科创", "重大而深远的影响。", "2021-08-07", ["和顺县"]),
        ("畅通“校门口”最后一公里", "人民最关心的问题", "安全的生活空间。", "2021-08-07", []),
    ],
    "004_a6aa8a94161520a7.txt": [
        ("全市组织部长会议召开", "本报讯 3月3日", "胜利召开。", "2022-03-03", []),
        ("太原明年「交答卷」 创建安全示范城", "本报讯 3月3日消息", "安全管理能力。", "2022-03-03", []),
        ("我市“十四五”期间 将加大公积金住房保障", "本报讯 “十四五”期间", "走在全国前列。", "2022-03-04", []),
        ("第六轮 12万张消费券 明日发放", "本报讯 3月5日", "3月11日晚之前使用。", "2022-03-05", []),
        ("太原:感动与坚定同在 隔离与温暖同行", "场地从教室变成了酒店房间", "孩子们一定会成长。", "2022-03-04", ["尖草坪区"]),
        ("小店区山西云内动力有限公司装配车间内…", "3月3日,小店区山西云内动力", "实现产业升级。", "2022-03-03", ["小店区"]),
        ("(续)迎泽街道退役军人服务站自2019年6月成立以来…", "迎泽街道退役军人服务站", "取信于民。", "2022-03-04", ["迎泽区"]),
        ("应对今春首个扬尘天气 全市重点强化三类扬尘管控", "本报讯 3月2日晚", "停止厂(场)区内散", "2022-03-02", []),
        ("稳! 细致入微的民生关怀", "“妈!我在这儿一切都挺好的。", "孩子们一定会成长。", "2022-02-26", ["尖草坪区"]),
        ("(续)林武在讲话中对常态化赋码用码和加强疫情防控能力…", "林武在讲话中", "各市设分会场。", "2022-03-04", []),
        ("(续)会议审议并原则通过《太原市突发事件总体应急预案》…", "会议审议并原则通过", "会议还研究了其他事项。", "2022-03-04", []),
    ],
}


@pytest.fixture(scope="module")
def parsed():
    return {p.source: p for p in parse_paths([str(SEEDS)])}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_page_articles(parsed, name):
    page = parsed[name]
    got = [
        (a.title, a.paragraphs[0], a.paragraphs[-1], a.date, [d.name for d in a.districts if d.level == "county"])
        for a in page.articles
    ]
    assert [g[0] for g in got] == [e[0] for e in EXPECTED[name]]
    for (title, first, last, date, districts), expected in zip(got, EXPECTED[name]):
        assert first.startswith(expected[1]), title
        assert last.endswith(expected[2]), title
        assert date == expected[3], title
        assert districts == expected[4], title


def test_headline_blocks_split_into_kicker_title_deck_byline(parsed):
    a = parsed["003_96c29c99dd28f042.txt"].articles[0]
    assert a.kicker == "全力以赴织牢疫情防控安全网"
    assert a.deck == "——我市各部门各行业扎实做好常态化疫情防控各项工作"
    assert a.byline == "本报记者 郭娟"
    first = parsed["000_7ada219afce00ec3.txt"].articles[0]
    assert first.deck == "高效应急处置 精准常态防控 同心协力守牢守好太原阵地"  # subtitle below the title
    central = parsed["002_231c9b07cb5fc032.txt"].articles[1]
    assert central.kicker.split("\n") == ["央媒", "看太原", "为市民幸福生活添彩"]
    assert parsed["004_a6aa8a94161520a7.txt"].articles[0].kicker == "政务之要"
    assert parsed["003_96c29c99dd28f042.txt"].articles[2].kicker.endswith("昔阳县")


def test_column_split_paragraphs_are_joined(parsed):
    text = "\n".join(p for page in parsed.values() for a in page.articles for p in a.paragraphs)
    for joined in ("全面启动应急预案,各专班进入工作状态", "严格落实健康管理员制度", "推选我为网格辅助员,我应该", "一要做好人才共享文章"):
        assert joined in text


def test_subheads_stay_inside_their_feature(parsed):
    feature = parsed["000_7ada219afce00ec3.txt"].articles[1]
    assert "退休党员来报到" in feature.paragraphs and "参与治理兴致高" in feature.paragraphs
    yingze = parsed["001_d80b19d43e3d5215.txt"].articles[0]
    assert "紧盯“早”——组织优化 守好社区门" in yingze.paragraphs
    jinzhong = parsed["003_96c29c99dd28f042.txt"].articles[0]
    assert "从严从紧做好排查 联防联控形成合力" in jinzhong.paragraphs


def test_credits_and_captions(parsed):
    feature = parsed["000_7ada219afce00ec3.txt"].articles[1]
    assert feature.credits == ("记 者 袁剑锋", "通 讯 员 尚晓佳 刘丹 文/摄")
    assert feature.captions == ("图为锦绣苑社区组织退休党员开展学习交流。",)
    xiaodian = parsed["001_d80b19d43e3d5215.txt"].articles[2]
    assert xiaodian.credits == ("(闫勇)",) and xiaodian.paragraphs[-1].endswith("落细落实。")
    photo = parsed["001_d80b19d43e3d5215.txt"].articles[1]
    assert photo.title_derived and photo.credits == ("宿晓健 摄",)
    jinzhong = parsed["003_96c29c99dd28f042.txt"].articles[0]
    assert jinzhong.captions[-1] == "本报记者 唐伟青 摄"


def test_continuations(parsed):
    page = parsed["004_a6aa8a94161520a7.txt"]
    continued = [a for a in page.articles if a.continued_from]
    assert len(continued) == 4
    assert all(a.continued_from == "(上接第1版)" for a in continued)
    assert continued[0].title == "太原:感动与坚定同在 隔离与温暖同行" and not continued[0].title_derived
    assert all(a.title_derived for a in continued[1:])


def test_leftovers_are_page_labels(parsed):
    assert parsed["000_7ada219afce00ec3.txt"].labels == ("聚焦基层一线风采",)
    assert parsed["001_d80b19d43e3d5215.txt"].labels == ("无疫社区(村)创建在行动 8222003 8222006", "统筹推进疫情防控和经济社会发展")
    assert parsed["003_96c29c99dd28f042.txt"].labels == ("我为群众办实事",)


def test_no_text_lost_on_every_seed_page():
    manifest, _ = read_manifest(SEEDS)
    from searchapp.articles import articles_of

    for path in sorted(SEEDS.glob("*.txt")):
        page, _ = read_page(path, path.name, manifest.get(path.name))
        assert check_no_text_lost(page, articles_of(page, path.stem)) == []


def test_no_text_lost_check_catches_loss_and_duplication():
    from searchapp.articles import articles_of

    page = Page(source="x.txt", text="标题\n\n本报讯 正文。", date="2022-01-01")
    parsed = articles_of(page, "x")
    assert check_no_text_lost(page, parsed) == []
    assert check_no_text_lost(Page(source="x.txt", text=page.text + "多"), parsed)
    doubled = Page(source="x.txt", text="标题")
    assert check_no_text_lost(doubled, parsed)


def test_line_shapes():
    assert classify("本报讯(记者 何宝国)8月26日,省政府") == "lead"
    assert classify("(上接第1版)场地从教室") == "continuation"
    assert classify("本报记者 郭娟") == "byline"
    assert classify("宿晓健 摄") == "photo_credit"
    assert classify("本报记者 唐伟青 摄") == "photo_credit"
    assert classify("(睦晓佳 李振华)") == "credit"
    assert classify("无疫社区(村)创建在行动 8222003 8222006") == "debris"
    assert classify("小店区扎实筑牢疫情防控“隔离墙”") == "headline"
    assert classify("会议还研究了其他事项。") == "body"
    assert ends_sentence("他说:“好。”") and not ends_sentence("“隔离墙”")


def test_only_headlines_and_huge_line():
    from searchapp.articles import articles_of

    only = Page(source="h.txt", text="政务之要\n\n全市组织部长会议召开\n\n我为群众办实事\n")
    parsed = articles_of(only, "h")
    assert parsed.articles == () and len(parsed.labels) == 3
    huge = Page(source="big.txt", text="疫情防控" * 1_300_000 + "。")
    parsed = articles_of(huge, "big")
    assert len(parsed.articles) == 1 and check_no_text_lost(huge, parsed) == []
