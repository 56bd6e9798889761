"""An article's full structure, on real lines from People's Daily (January 1998, tuning days) and the seeds.

Each page here is a verbatim run of lines from a page written by make_pages.py (long body
paragraphs cut after their first sentence), so the segmenter sees what it sees in the archive.
"""

from __future__ import annotations

import json

import pytest

from conftest import SEEDS
from searchapp.articles import articles_of, check_no_text_lost, continuation_title, jump_page
from searchapp.ingest import parse_paths, parsed_to_json
from searchapp.models import Page
from searchapp.segmentation import load_model, start_scores


def pd_page(lines: list[str], date: str = "1998-01-07", page_no: int = 2) -> Page:
    return Page(source=f"{date.replace('-', '')}-{page_no:02d}.txt", text="\n\n".join(lines) + "\n", date=date, page_no=page_no)


def parse(page: Page):
    parsed = articles_of(page, "t")
    assert check_no_text_lost(page, parsed) == []
    return parsed


def test_byline_line_is_the_byline_never_the_title():
    page = pd_page(
        [
            "应当看到,先进企业对落后企业的兼并行为,承担了相当大的市场风险。",
            "突破口如何突破?——纺织总会会长石万鹏谈打好纺织解困攻坚战",
            "新华社记者李争艳本报记者彭嘉陵",
            "党中央、国务院最近提出把纺织作为国有企业改革和解困的突破口。",
            "记者:党中央、国务院为纺织作为突破口制定了哪些具体的政策措施?",
            "记者:资金来源是否有保证?",
            "石万鹏:这次压锭,中央财政承担的15亿元资金已列入国家财政预算。",
        ]
    )
    interview = parse(page).articles[-1]
    assert interview.title == "突破口如何突破?——纺织总会会长石万鹏谈打好纺织解困攻坚战"
    assert interview.byline == "新华社记者李争艳本报记者彭嘉陵"
    assert interview.kicker is None
    assert interview.paragraphs[0].startswith("党中央、国务院最近提出")


def test_an_author_name_under_the_title_is_a_byline():
    page = pd_page(
        [
            "年复一年,日复一日,我一次次踏着晨光,呼吸着新鲜空气走向农贸市场。",
            "新年的祝福(二首)",
            "曹金良",
            "贺年卡(一)",
            "乘着生肖的纸鸢",
            "在寒风冷雪里",
            "抵达家门",
            "如一盏灯",
            "照耀整个屋内",
            "吉祥的问候",
            "只需一遍",
            "便缭绕不绝",
        ],
        date="1998-01-01",
        page_no=7,
    )
    parsed = parse(page)
    poem = parsed.articles[-1]
    assert poem.title == "新年的祝福(二首)" and poem.byline == "曹金良"
    # Verse lines are the poem's text, never page labels.
    assert parsed.labels == ()
    assert "乘着生肖的纸鸢" in poem.paragraphs and poem.paragraphs[-1] == "便缭绕不绝"


def test_photo_item_after_a_closed_article_belongs_to_it():
    page = pd_page(
        [
            "激动人心的时刻(附图片1张)",
            "本报驻南非记者温宪",
            "1月1日,中华人民共和国驻南非共和国大使馆在南非行政首都比勒陀利亚开馆。",
            "有人问小扎耶德想不想到中国去玩,他说:“我还要到中国去上学呢!”",
            "(本报阿布扎比1月1日电)",
            "图片:",
            "图为小扎耶德与中国大使夫妇及小朋友们观看娱乐节目。",
            "(本报记者林皎明摄)",
        ],
        date="1998-01-02",
        page_no=3,
    )
    parsed = parse(page)
    assert parsed.labels == ()
    (article,) = parsed.articles
    assert article.byline == "本报驻南非记者温宪"
    assert article.captions == ("图片:", "图为小扎耶德与中国大使夫妇及小朋友们观看娱乐节目。")
    assert article.credits == ("(本报阿布扎比1月1日电)", "(本报记者林皎明摄)")


def test_photo_with_its_own_headline_is_an_article():
    page = pd_page(
        [
            "长航集团推出春运优质服务标准公布监督电话请社会监督",
            "本报北京1月19日讯记者王尧报道:一年一度的春运已经开始,我国最大的内河航运企业长江航运集团今年投入90余艘船舶、11万客位的运力参加春运,并以一流的服务,展示长航集团客运服务质量的新面貌。",
            "春运进入高峰(图片)",
            "图为:为确保旅客按时回家过年,北京铁路分局抽调人力投入紧张的春运工作,保证今年春运有序进行。图为大学生们在铁路部门的精心安排下顺利登上火车离京。(本报记者陶源明摄)",
            "傅全有会见美国防部长",
            "据新华社北京1月19日电(记者刘云非)中国人民解放军总参谋长傅全有上将今天在这里会见了来访的美国国防部长科恩。",
        ],
        date="1998-01-20",
        page_no=4,
    )
    parsed = parse(page)
    assert [a.title for a in parsed.articles] == ["长航集团推出春运优质服务标准公布监督电话请社会监督", "春运进入高峰(图片)", "傅全有会见美国防部长"]
    assert parsed.articles[1].captions[0].startswith("图为:为确保旅客按时回家过年") and parsed.labels == ()


def test_subhead_under_the_title_is_marked_and_kept_in_the_body():
    page = pd_page(
        [
            "本报济南1月1日电记者贾建舟、刘磊报道:新年期间,济南市政府及社会各界的送温暖活动正成为寒冬中的一股暖流。",
            "明天气象预报(1月2日20时—3日20时)",
            "天气趋势分析",
            "受较强冷空气影响,2日晚上到3日,长江中下游以北大部地区将有5级—6级偏北风,渤海和黄海大部有6级—8级偏北风;内蒙古东北部、东北地区大部有小到中雪。",
            "华夏城乡游首迎式在沪举行罗干及近千名海内外游客出席欢庆活动",
            "本报上海1月1日电记者龚雯报道:今天,黄浦江畔的东方明珠电视塔前热闹非凡,一派节日盛景,’98华夏城乡游首迎式在这里隆重举行。",
        ],
        date="1998-01-02",
    )
    weather = parse(page).articles[1]
    assert weather.title == "明天气象预报(1月2日20时—3日20时)"
    assert weather.subheads == (0,) and weather.paragraphs[0] == "天气趋势分析"
    assert weather.deck is None and weather.byline is None


def test_seed_subheads_are_marked():
    page = {p.source: p for p in parse_paths([str(SEEDS)])}["000_7ada219afce00ec3.txt"]
    feature = page.articles[1]
    marked = [feature.paragraphs[i] for i in feature.subheads]
    assert marked == ["退休党员来报到", "参与治理兴致高"]


def test_dateline_and_page_record_on_every_article():
    page = pd_page(
        [
            "九七中国国际歌剧舞剧年落幕丁关根观看闭幕演出",
            "本报北京1月4日讯记者刘玉琴报道:昨晚,随着俄罗斯克里姆林宫大剧院芭蕾舞团演出的《胡桃夹子》最后一个音符从琴弦上滑过,’97中国国际歌剧舞剧年落下帷幕。",
            "文化部副部长李源潮、潘震宙等观看了昨晚的闭幕演出。",
        ],
        date="1998-01-05",
        page_no=4,
    )
    page = Page(**{**page.__dict__, "newspaper": "人民日报", "page_name": "文化"})
    (a,) = parse(page).articles
    assert a.dateline == "本报北京1月4日讯"
    assert a.date == "1998-01-04"  # the dateline's date
    assert (a.issue_date, a.page_no, a.page_name, a.newspaper) == ("1998-01-05", 4, "文化", "人民日报")


def test_jump_notes():
    assert jump_page("(上接第1版)") == 1 and jump_page("下转第十二版") == 12 and jump_page("(下转第３版)") == 3
    assert jump_page("上接") is None and jump_page(None) is None
    assert continuation_title("(上接第1版)") == "(续)上接第1版"  # no text to take a title from
    # Issue 21 item 5: a part whose first part is not in the archive is titled from its own text.
    assert continuation_title("(上接第1版)", "林武在讲话中对常态化赋码用码提出明确要求。他指出") == "(续)林武在讲话中对常态化赋码用码提出明确要求…"


CONTINUED = {
    "2022-03-04_太原日报_01_要闻.txt": "\n\n".join(
        [
            "韦韬调研退役军人服务保障工作",
            "本报讯 3月3日,市委书记韦韬来到迎泽街道退役军人服务站,调研退役军人服务保障工作。",
            "迎泽街道退役军人服务站自2019年6月成立以来,在服务保障退役军人合法权益,有效发挥退役军人积极作用等方面取得了明显成效。(下转第2版)",
        ]
    ),
    "2022-03-04_太原日报_02_综合.txt": "\n\n".join(
        [
            "(上接第1版)韦韬来到这里,结合展板听取全市退役军人事务管理工作汇报,走进老兵工作室、权益维护室、活动室等处。",
            "他指出,习近平总书记对退役军人非常关心爱护,对做好退役军人工作十分重视。",
        ]
    ),
}


@pytest.fixture(scope="module")
def continued_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("continued")
    for name, text in CONTINUED.items():
        (folder / name).write_text(text + "\n", "utf-8")
    return folder


def test_continued_article_links_its_two_parts(continued_pages):
    pages = parse_paths([str(continued_pages)])
    front, rest = pages[0].articles[0], pages[1].articles[0]
    assert (front.page_no, front.page_name, rest.page_no, rest.page_name) == (1, "要闻", 2, "综合")
    assert front.continued_to == "(下转第2版)" and front.paragraphs[-1].endswith("取得了明显成效。")
    assert rest.continued_from == "(上接第1版)"
    # The part on page 2 has no headline of its own: it takes the one it continues.
    assert rest.title == "韦韬调研退役军人服务保障工作" and rest.title_derived
    alone = parse_paths([str(continued_pages / "2022-03-04_太原日报_02_综合.txt")])[0].articles[0]
    assert alone.title == "(续)韦韬来到这里…" and alone.title_derived


def test_continuation_links_in_the_article_view(continued_pages, tmp_path):
    from bs4 import BeautifulSoup

    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed
    from searchapp.web import create_app

    build_index(iter_parsed([str(continued_pages)]), tmp_path / "ix", jobs=1)
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "ix")}).test_client()
    ids = [h["id"] for h in client.get("/api/search?q=退役军人&sort=oldest").get_json()["hits"]]
    by_page = {client.get(f"/api/articles/{i}").get_json()["page_no"]: i for i in ids}
    front = BeautifulSoup(client.get(f"/articles/{by_page[1]}").text, "html.parser")
    rest = BeautifulSoup(client.get(f"/articles/{by_page[2]}").text, "html.parser")
    assert front.select_one("a[rel=next]")["href"] == f"/articles/{by_page[2]}"
    assert rest.select_one("a[rel=prev]")["href"] == f"/articles/{by_page[1]}"
    assert "上接第1版" in rest.select_one("a[rel=prev]").get_text()
    meta = front.select_one(".meta").get_text(" ", strip=True)
    assert "刊于 2022-03-04 第1版（要闻）" in meta and "电头 本报讯" in meta


def test_article_view_draws_subheads_as_headings(seed_index_dir):
    from searchapp.web import create_app

    client = create_app({"TESTING": True, "INDEX": seed_index_dir}).test_client()
    page = {p.source: p for p in parse_paths([str(SEEDS)])}["000_7ada219afce00ec3.txt"]
    feature = page.articles[1]
    from bs4 import BeautifulSoup

    html = BeautifulSoup(client.get(f"/articles/{feature.id}").text, "html.parser")
    assert [h.get_text(" ", strip=True).split(" ", 1)[1] for h in html.select("h2.subhead")] == ["退休党员来报到", "参与治理兴致高"]
    assert "刊于 2022-08-27" in html.select_one(".meta").get_text()


def test_parse_json_carries_the_page_record(continued_pages):
    out = parsed_to_json(parse_paths([str(continued_pages)]))
    front = out["articles"][0]
    for key in ("issue_date", "page_no", "page_name", "dateline", "subheads", "continued_to", "page_labels", "date"):
        assert key in front
    assert (front["issue_date"], front["page_no"], front["page_name"]) == ("2022-03-04", 1, "要闻")
    assert front["date"] == "2022-03-03"  # the dateline date stays `date`
    assert out["pages"][1]["page_name"] == "综合"
    json.dumps(out, ensure_ascii=False)


def test_shipped_model_loads_and_scores_a_headline_above_a_body_line():
    assert len(load_model()) > 100
    lines = ["文化部副部长李源潮、潘震宙等观看了昨晚的闭幕演出。", "拉萨海关追回被盗国宝", "本报北京1月4日讯西藏拉萨的聂当卓玛拉康寺日前举行隆重的佛像交接仪式。"]
    scores = start_scores(lines)
    assert scores[1] > 0 > scores[2] and scores[1] > scores[0]


def test_fast_scores_equal_the_feature_sum_the_model_was_trained_on():
    from searchapp.segmentation import features, score, shapes_of

    lines = [l.strip() for l in (SEEDS / "001_d80b19d43e3d5215.txt").read_text("utf-8").split("\n") if l.strip()]
    shapes = shapes_of(lines)
    slow = [score(load_model(), features(shapes, i)) for i in range(len(lines))]
    assert start_scores(lines) == pytest.approx(slow)


def test_a_title_made_from_the_text_is_cut_between_words():
    page = Page(
        source="x.txt",
        text="会议召开\n\n本报讯 会议强调,要抓好落实。\n\n(睦晓佳)\n\n林武在讲话中对常态化赋码用码和加强疫情防控能力建设提出要求,各市设分会场。\n",
        date="2022-03-04",
    )
    made = [a for a in parse(page).articles if a.title_derived]
    assert [a.title for a in made] == ["林武在讲话中对常态化赋码用码和加强疫情防控能力…"]


def test_headline_with_a_comma_followed_by_its_author():
    page = pd_page(
        [
            "乌斯怀亚还是阿根廷火地岛省的首府,常住人口约5万人,年流动人口却高达六七十万人。独特的地理位置使她成为闻名遐迩的城市。这里有星级宾馆、高尔夫球场、豪华游艇和现代化的机场,以及供人们娱乐、休闲、运动用的各种设施。这里也是阿根廷的海军和南极考察队的后方基地,海港设备完善,班轮定期通航首都布宜诺斯艾利斯和智利火地岛首府彭塔阿雷纳斯。她的空中、海上和陆地都与南美大陆保持着繁忙的来往,又是人们涉足南极的桥头堡。因此,这里过客繁多,游人如潮,虽偏安一隅,但她并不孤独。",
            "边界上,两国国旗同降——印巴瓦加边界降旗仪式参观记(附图片1张)",
            "齐长明",
            "瓦加是巴基斯坦的一个边境小镇,位于拉合尔城东26公里处。此地虽小,却是政治经济往来极少的印度和巴基斯坦两国象征性的门户。每日在此举行的降旗仪式,吸引了许多游客。我有幸目睹了这一别开生面的仪式。",
            "降旗场地像一个长度放大两倍的排球场,“网线”之处是印巴双方镶有本国国徽的两扇透空铁门。东为印,西为巴,两扇“国门”之间有一道约两米宽的隔离带。在“发球线”处,双方各搭建了一个分别用本国文字和英文书写“欢迎”字样的装饰性牌楼。四周草木葱茏,鲜花盛开,围满了前来参观的国内外游客。",
        ],
        date="1998-01-18",
        page_no=3,
    )
    visit = parse(page).articles[-1]
    assert visit.title == "边界上,两国国旗同降——印巴瓦加边界降旗仪式参观记(附图片1张)" and not visit.title_derived
    assert visit.byline == "齐长明" and visit.paragraphs[0].startswith("瓦加是巴基斯坦的一个边境小镇")
