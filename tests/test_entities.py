"""People, organisations and authors (entities.py with people.py, organisations.py, bylines.py; names.py, entity_evaluation.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import PD1998, SEEDS, need_corpus

from searchapp import bylines, names, people
from searchapp.entities import authors_in, entities_of, entity_fields, fold, label, title_before
from searchapp.ingest import iter_parsed


@pytest.fixture(scope="module")
def seed_articles():
    return {a.title: a for page in iter_parsed([str(SEEDS)]) for a in page.articles}


def _article(seed_articles, title_part: str):
    return next(a for t, a in seed_articles.items() if title_part in t)


# --------------------------------------------------------------------------- the seeds, as a reader lists them


def test_taiyuan_meeting_officials_reporters_and_bodies(seed_articles):
    a = _article(seed_articles, "韦韬主持召开市疫情防控工作领导小组")
    assert a.people[:2] == ("韦韬", "张新伟")
    assert ("韦韬", "省委常委、市委书记") in a.people_titles
    assert ("张新伟", "市委副书记、市长") in a.people_titles
    assert a.authors == ("殷雪莺", "梁涛")
    assert not set(a.authors) & set(a.people)
    # 市疫情防控工作领导小组 in 太原日报 is Taiyuan's; the printed form is kept beside it.
    assert "太原市疫情防控工作领导小组" in a.organisations
    assert ("市疫情防控工作领导小组", "太原市疫情防控工作领导小组") in a.organisation_forms
    assert "党中央" in a.organisations
    # The title's 召开|市疫情防控工作领导小组 too: no relative name is kept unresolved.
    assert not [o for o in a.organisations if o[0] in "市省"]


def test_provincial_meeting_secretary_and_governor(seed_articles):
    a = _article(seed_articles, "林武主持召开省委第118次疫情防控专题会")
    assert {"林武", "蓝佛安", "商黎光", "王拥军", "张吉福", "韦韬"} <= set(a.people)
    assert ("林武", "省委书记") in a.people_titles
    assert ("蓝佛安", "省委副书记、省长") in a.people_titles
    assert a.authors == ("杨文",)  # (山西日报记者 杨文): the paper's name is not a name
    assert "杨文" not in a.people


def test_jinzhong_pages_reporters_photographers_and_institutions(seed_articles):
    feature = _article(seed_articles, "坚决守住疫情防控底线")
    assert feature.authors == ("郭娟", "唐伟青")  # 本报记者 郭娟; 本报记者 唐伟青 摄
    assert "郑海英" in feature.people
    assert "晋中市第一人民医院" in feature.organisations  # 市第一人民医院 in 晋中日报
    visit = _article(seed_articles, "丁雪钦会见山西师范大学贾绘泽一行")
    assert visit.people == ("丁雪钦", "贾绘泽")
    assert ("丁雪钦", "副市长") in visit.people_titles
    assert ("贾绘泽", "山西师范大学副校长") in visit.people_titles
    assert visit.authors == ("裴晓敏",)  # 本报讯(记者裴晓敏): no space between role and name
    assert {"山西师范大学", "晋中市委", "晋中市政府"} <= set(visit.organisations)


def test_seed_bodies_joined_by_ji_and_placed_by_a_district(seed_articles):
    """暨 joins a meeting and a body (省委第118次疫情防控专题会暨省疫情防控工作领导小组会议): the body
    is 省疫情防控工作领导小组, resolved to Shanxi, not the meeting run into it; a company placed by
    its district opens at the province its name starts with (小店区|山西云内动力有限公司)."""
    meeting = _article(seed_articles, "林武主持召开省委第118次疫情防控专题会")
    assert "山西省疫情防控工作领导小组" in meeting.organisations
    assert not [o for o in meeting.organisations if "暨" in o or "专题会" in o]
    caption = _article(seed_articles, "小店区山西云内动力有限公司")
    assert caption.organisations == ("山西云内动力有限公司",)


def test_credits_at_the_end_and_in_captions_are_authors(seed_articles):
    retired = _article(seed_articles, "退休党员有了")
    assert retired.authors == ("袁剑锋", "尚晓佳", "刘丹")  # 记 者 袁剑锋 / 通 讯 员 尚晓佳 刘丹 文/摄
    assert "王婷婷" in retired.people
    assert ("王婷婷", "社区党委书记") in retired.people_titles
    xiyang = _article(seed_articles, "云洽谈")
    assert xiyang.authors == ("睦晓佳", "李振华")
    assert {"昔阳县委", "中国人民大学", "北京理工大学"} <= set(xiyang.organisations)


# --------------------------------------------------------------------------- invented sentences


def test_traditional_and_full_width_forms_are_folded():
    e = entities_of("省委書記林武主持召開會議", ["（記者　張曉麗）市委副書記、市長張新偉在ＧＤＰ會上指出，5G建設要加快。"], newspaper="山西日報")
    assert "林武" in e.people and "张新伟" in e.people
    assert ("张新伟", "市委副书记、市长") in e.people_titles
    assert e.authors == ("张晓丽",)
    assert fold("ＧＤＰ５Ｇ韋韜") == "GDP5G韦韬"


def test_relative_names_resolve_to_the_papers_home():
    taiyuan = entities_of("", ["市委、市政府高度重视，省委要求各地落实。"], newspaper="太原日报", date="2022-08-27")
    assert taiyuan.organisations[:2] == ("太原市委", "太原市政府")
    assert "山西省委" in taiyuan.organisations
    assert ("市委", "太原市委") in taiyuan.organisation_forms
    # No home known: the relative name is dropped rather than guessed.
    assert "市委" not in entities_of("", ["市委召开会议。"]).organisations


def test_whole_names_whatever_jieba_cuts():
    # jieba cuts 王/拥军 and tags 商黎光 a place; the name is printed whole.
    e = entities_of("", ["中共中央总书记、国家主席江泽民，省领导王拥军出席。省委副书记商黎光说，要抓落实。"])
    assert {"江泽民", "王拥军", "商黎光"} <= set(e.people)
    assert "中共中央" in e.organisations


def test_same_name_two_titles_kept_apart():
    e = entities_of("", ["省长林武出席。", "一年后，省委书记林武主持会议。"])
    assert e.people == ("林武",)
    assert e.people_titles == (("林武", "省长"), ("林武", "省委书记"))
    assert label("林武", "省委书记") == "林武（省委书记）"


def test_authors_in_bylines():
    assert authors_in("通 讯 员 尚晓佳 刘丹 文/摄") == ["尚晓佳", "刘丹"]
    assert authors_in("新华社记者陈辉李清华本报记者何伟") == ["陈辉", "李清华", "何伟"]
    assert authors_in("(李杰华、张乾忠)") == ["李杰华", "张乾忠"]
    assert authors_in("本报记者 唐伟青 摄") == ["唐伟青"]
    assert authors_in("(视频编辑：张贝龙 文字编辑：温凤浩)") == ["张贝龙", "温凤浩"]


def test_title_before_a_name():
    text = "8月6日,副市长丁雪钦会见了山西师范大学副校长贾绘泽一行"
    assert title_before(text, text.index("丁雪钦")) == "副市长"
    assert title_before(text, text.index("贾绘泽")) == "山西师范大学副校长"
    assert title_before("林武主持", 0) == ""


@pytest.mark.parametrize("text, name, title", [
    # 据 and a dateline's 日电 stop a title, as 会见 does (the person card lists these as printed)
    ("据城北营业厅经理张刘涛介绍，营业厅实行预约服务。", "张刘涛", "城北营业厅经理"),
    ("新华社北京１月１９日电国务委员宋健在会上指出", "宋健", "国务委员"),
    ("本报南宁1月4日电记者罗昌爱报道", "罗昌爱", "记者"),
    ("布加勒斯特1月18日电罗马尼亚总统康斯坦丁内斯库说", "康斯坦丁内斯库", "罗马尼亚总统"),
    # a short part in brackets stays inside the title; a dateline's reporter in brackets does not
    ("中科院(山西)科技园管理有限公司执行总裁王可等参加签约", "王可", "中科院(山西)科技园管理有限公司执行总裁"),
    ("波恩12月30日电（记者吕鸿）德国外长金克尔表示", "金克尔", "德国外长"),
    # only titles hold together over 、
    ("本报南京1月16日电新华社记者尹鸿祝、本报记者毕全忠报道", "毕全忠", "本报记者"),
    ("省委副书记、省长蓝佛安强调", "蓝佛安", "省委副书记、省长"),
])
def test_what_stops_a_title(text, name, title):
    assert title_before(text, text.index(name)) == title


def test_aliases_fold_only_when_asked():
    e = entities_of("", ["坚决贯彻党中央决策部署，中共中央印发通知。"])
    assert {"党中央", "中共中央"} <= set(e.organisations)  # both kept as printed
    assert names.canonical("党中央") == names.canonical("中共中央") == "中共中央"


def test_a_list_of_names_completes_its_unscored_items():
    # 栗战书 alone scores too low (栗 opened no name on the training days); the list around it
    # is of names found, so it is one too.
    e = entities_of("", ["习近平同坦桑尼亚前总统姆卡帕会谈。", "王沪宁、栗战书、杨洁篪等参加上述会见。"])
    assert {"王沪宁", "栗战书", "杨洁篪"} <= set(e.people)
    # A known name cut short inside an item (张震 of 张震环) gives way to the item.
    e = entities_of("", ["选举李炳良、张震环、刘作田、张建新为省人大常委会副主任。"])
    assert "张震环" in e.people and "张震" not in e.people
    # The items a list's last words run on into are no names (王为民等, 张华康为省政协副主席).
    e = entities_of("", ["他列举了王启民、王为民等先进人物的事迹。"])
    assert not {"王为民等"} & set(e.people)


def test_the_article_check_rejects_words_the_first_stage_took_for_names():
    # Each string is a word jieba knows (韩方, 徐徐, 周时间 of 咨询周时间) that the first
    # stage scored as a name; nothing in the article speaks of a person by it.
    assert entities_of("", ["李明博表示，韩方希望进一步加强对华合作，着重推进两国自贸区建设。"]).people == ("李明博",)
    assert entities_of("", ["习近平的车队在身着韩国传统服装的乐队引领下徐徐驶入青瓦台。"]).people == ("习近平",)
    assert entities_of("", ["咨询周时间为5月8日至10日，每天9：00-17：00。"]).people == ()
    # A name right after an office title stays, whatever else the string means (汪洋: an ocean).
    assert "汪洋" in entities_of("", ["会议由副总理汪洋主持。汪洋强调，要做好春耕备耕工作。"]).people


def test_a_surname_and_a_title_is_no_name():
    # 刘院长, 孙教练: how one addresses the holder of an office, not a name as printed.
    assert entities_of("", ["我们见到了刘院长和赵校长，两人都很忙。"]).people == ()
    assert entities_of("", ["孙教练和马指导一起研究了战术。"]).people == ()
    # 余 after a number is "more than": 2000余居民 names nobody.
    assert entities_of("", ["泥石流造成150人失踪，2000余居民受灾。"]).people == ()


def test_a_paragraph_of_names_under_the_title_is_the_byline():
    e = entities_of("生命的风景", ["吴冠中", "身后是非谁管得，任人评说。其实，身后是非是自己身前决定的。"])
    assert e.authors == ("吴冠中",) and e.people == ()
    assert entities_of("清华有个学术沙龙", ["永晴", "隆冬的一个周末，清华大学留学生楼里灯火通明。"]).authors == ("永晴",)  # a pen name
    assert bylines.byline_paragraph("边保国马健环") == ["边保国", "马健环"]
    # Words and titles are no byline (汇率 is a word, 华南师范大学 no 华南师 and 范大学).
    assert bylines.byline_paragraph("汇率") == [] and bylines.byline_paragraph("华南师范大学") == []
    assert bylines.byline_paragraph("天气趋势分析") == []


def test_fast_scoring_equals_the_trained_features(seed_articles):
    """`best` (the build's loop) sums exactly what training scored (`options` + `score`)."""
    finder = people.people_finder()
    text = fold("\n".join(p for a in seed_articles.values() for p in a.paragraphs))
    checked = 0
    for p, bucket in finder.candidates(text):
        options = finder.options(text, p, bucket)
        best, best_score = 0, finder.model.threshold
        for n, feats in options:
            s = finder.score(feats)
            if s > best_score:
                best, best_score = n, s
        assert finder.best(text, p, bucket) == best, text[p : p + 6]
        assert finder.scored(text, p, bucket) == (best, best_score), text[p : p + 6]  # to the bit
        checked += bool(options)
    assert checked > 150  # the seeds' candidates (fewer since the start threshold rose to -2)


# Names where the windows of the length scorer meet an edge: a text's start and end, a line's end
# before and after, names written in parts (in three, longer than the scorer reads), runs of
# transliteration characters with what is glued after them, compound surnames, 老/小 and a surname.
_EDGES = [
    "弗拉基米尔·普京", "俄罗斯总统弗拉基米尔·普京会见了来访的客人。", "普京", "李", "王", "\n王小明说", "记者王小明\n李",
    "会见阿不都热依木·阿吉依明。", "维克多·费奥多罗维奇·亚努科维奇访华。", "扎哈罗娃则指责美方", "克林顿\n说", "叶利钦",
    "欧阳修", "司马光明说", "林郑月娥表示", "老王说小李会来", "美国前财政部长亨利·沙赫特一行。", "谢瓦尔德纳泽",
    "朱镕基今天在中南海紫光阁会见了美国财政部副部长劳伦斯·萨默斯。", "省委书记林武\n\n张新伟", "（记者顾正龙）王毅就中美关系",
]


def test_scoring_every_start_at_once_equals_scoring_each(seed_articles):
    """`candidates_many` (the build: every start of 64 articles scored at once with numpy) gives
    each start `scored`'s length and score to the bit, texts joined or alone."""
    finder = people.people_finder()
    texts = [fold("\n".join(a.paragraphs)) for a in seed_articles.values()] + [fold(t) for t in _EDGES]
    checked = 0
    for batch in (texts, _EDGES, [texts[0]], ["林武"], []):
        for text, scored in zip(batch, finder.candidates_many(batch), strict=True):
            assert [(p, b) for p, b, _, _ in scored] == finder.candidates(text)
            for p, bucket, n, score in scored:
                assert (n, score) == finder.scored(text, p, bucket), text[p : p + 6]
                checked += n > 0
    assert checked > 100  # starts with a name (138)


def test_switched_off(monkeypatch):
    monkeypatch.setenv("SEARCHAPP_ENTITIES", "0")
    assert entity_fields("林武主持会议", ["省委书记林武"]) == {}


# --------------------------------------------------------------------------- where the fields go


def test_parse_json_and_index_meta_carry_the_fields(tmp_path):
    from searchapp.cli import main
    from searchapp.index import article_meta
    from searchapp.archive import article_from_meta as _article_from_meta

    out = CliRunner().invoke(main, ["parse", str(SEEDS / "002_231c9b07cb5fc032.txt"), "--json"])
    assert out.exit_code == 0, out.output
    first = json.loads(out.stdout)["articles"][0]
    assert "林武" in first["people"] and first["authors"] == ["杨文"]
    assert ["林武", "省委书记"] in first["people_titles"]
    a = next(a for p in iter_parsed([str(SEEDS / "002_231c9b07cb5fc032.txt")]) for a in p.articles)
    meta = json.loads(json.dumps(article_meta(a), ensure_ascii=False))
    # 习近平 is printed first (学习贯彻习近平总书记…), then 林武.
    assert meta["people"][:2] == ["习近平", "林武"] and meta["authors"] == ["杨文"]
    back = _article_from_meta(meta, a.paragraphs)
    assert list(back.people) == list(a.people)
    # An index built before these fields: its META has none of them, and still loads.
    old = {k: v for k, v in meta.items() if k not in ("people", "people_titles", "organisations", "organisation_forms", "authors")}
    assert _article_from_meta(old, a.paragraphs).people == ()


# --------------------------------------------------------------------------- against People's Daily 1998


@pytest.mark.corpus
def test_evaluation_on_a_tuning_slice():
    from searchapp.entity_evaluation import evaluate_entities, gold_articles

    corpus = need_corpus(PD1998)
    articles = gold_articles(corpus, (5, 5))
    a = articles[0]
    assert a.gold_people and all(" " not in n for n in a.gold_people)
    r = evaluate_entities(corpus, (5, 5), articles=articles)
    assert r["people"]["recall"] > 0.7 and r["people"]["precision"] > 0.85
    assert r["organisations"]["recall"] > 0.5


def test_gold_joins_surname_and_given_name():
    from searchapp.entity_evaluation import _line

    text, people, orgs = _line("中共中央/nt  总书记/n  、/w  国家/n  主席/n  江/nr  泽民/nr  会见/v  [中央/n  电视台/n]nt  克林顿/nr".split())
    assert [text[s:e] for s, e in people] == ["江泽民", "克林顿"]
    assert [text[s:e] for s, e in orgs] == ["中共中央", "中央电视台"]


def test_gold_abbreviations_are_left_unjudged_not_counted_right():
    """欧盟/j is an abbreviation, a category the corpus gives whatever it abbreviates: ours calling
    it an organisation is neither right nor wrong; a /j inside a bracketed name is that name's."""
    from searchapp.entity_evaluation import GoldArticle, _line, evaluate_entities

    abbreviations: set[str] = set()
    line = "欧盟/j  和/c  北约/j  都/d  表示/v  欢迎/v  ，/w  [国家/n  教委/j]nt  也/d  发/v  了/u  通知/n  。/w"
    text, _, orgs = _line(line.split(), [], abbreviations)
    assert abbreviations == {"欧盟", "北约"} and [text[s:e] for s, e in orgs] == ["国家教委"]
    article = GoldArticle(key="19980105-01-001", date="1998-01-05", lines=["标题", text],
                          organisations=[(1, s, e) for s, e in orgs], abbreviations=abbreviations)
    r = evaluate_entities("unused", articles=[article])["organisations"]
    # Ours: 欧盟, 北约 (unjudged) and 国家教委 (right).
    assert (r["ours"], r["unjudged"], r["recall"], r["precision"]) == (3, 2, 1.0, 1.0)
    assert r["strict_precision"] == pytest.approx(1 / 3)
    article.abbreviations = set()  # without the rule both count wrong
    r = evaluate_entities("unused", articles=[article])["organisations"]
    assert (r["unjudged"], r["precision"]) == (0, pytest.approx(1 / 3))


@pytest.mark.corpus
def test_evaluate_people_command():
    from searchapp.cli import main

    out = CliRunner().invoke(main, ["evaluate", "--people", str(need_corpus(PD1998)), "--dates", "06-06"])
    assert out.exit_code == 0, out.output
    assert "people: recall" in out.output and "organisations" not in out.output


# --------------------------------------------------------------------------- issue 23's error categories, with real sentences


def test_famous_names_after_any_word_and_no_person_in_a_doctrine():
    # Names tagged often on the training days are found wherever printed, not only after a title.
    e = entities_of("", ["以及如何认识邓小平提出共同富裕的思想，要高举邓小平理论伟大旗帜。"])
    assert "邓小平" in e.people
    assert entities_of("", ["坚持以马列主义、毛泽东思想为指导。"]).people == ()


def test_country_before_a_body_and_foreign_places_no_people():
    e = entities_of("", ["美国国务院发言人鲁宾说，伊拉克外交部和渥太华市政府都表示欢迎。"])
    assert {"美国国务院", "伊拉克外交部", "渥太华市政府"} <= set(e.organisations)
    assert "鲁宾" in e.people
    assert entities_of("", ["他从哥伦比亚飞往波士顿，又到巴格达。"]).people == ()


def test_titles_and_departments_are_no_bodies():
    e = entities_of("", ["外交部长唐家璇和各级民政部门干部出席。", "新华社长沙1月16日电"])
    assert "唐家璇" in e.people
    assert "外交部" not in e.organisations  # 外交部长 is an office
    assert "民政部" not in e.organisations  # 民政部门: the departments
    assert "新华社" in e.organisations  # 新华社 + 长沙, not 社长


def test_body_suffixes_after_places():
    e = entities_of("", ["中国红十字会和上海市红十字会向灾区捐款。"])
    assert {"中国红十字会", "上海市红十字会"} <= set(e.organisations)


def test_modern_words_that_look_like_names():
    e = entities_of("", ["卫健委要求大家戴口罩，社区张贴了通知。群众感受到党和政府的温暖。"])
    assert e.people == ()
    assert not any("群众" in o for o in e.organisations)


def test_closing_writers_note_is_authors():
    e = entities_of("", ["今年全市粮食增产。", "（何黄彪王永华）"])
    assert e.authors == ("何黄彪", "王永华")
    assert not {"何黄彪", "王永华"} & set(e.people)


def test_foreign_name_stops_before_yixing():
    e = entities_of("", ["美国前财政部长亨利·沙赫特一行。"])
    assert any(p.startswith("亨利·沙赫特") and not p.endswith("一行") for p in e.people)


def test_lone_surname_found_through_the_full_name():
    from searchapp.entity_evaluation import GoldArticle, evaluate_entities

    a = GoldArticle(key="19980101-01-001", date="1998-01-01", lines=["江泽民会见", "江主席说"], people=[(0, 0, 3), (1, 0, 1)])
    r = evaluate_entities("", (1, 1), articles=[a])
    assert r["people"]["recall"] == 1.0 and r["people"]["lone_surnames"] == (1, 1)


def test_a_company_may_open_after_the_verb_before_it():
    # 办起|鑫达制衣有限公司: the name may start after the verb, not only at the run of characters
    # before it (办起鑫达…), which was all the trained weights were offered before; they choose.
    from searchapp.organisations import organisation_finder

    for text, name in (("他回乡办起鑫达制衣有限公司。", "鑫达制衣有限公司"), ("村里办起华茂农业开发有限公司，带动三百户增收。", "华茂农业开发有限公司")):
        offered = {text[at : g[2]] for g in organisation_finder().groups(text, {}) if g[0] == "options" for at, _ in g[3]}
        assert name in offered
        assert not any(o.startswith("办起") for o in entities_of("", [text], date="2020-01-01").organisations)


def test_a_body_before_its_heads_office_is_kept():
    # 公安局|局长, 区委|宣传部长: the chain of body words ran into the office and the whole body was
    # dropped as if it were the office (外交部长); it now ends before the office's first word.
    for sentence, body in (
        ("太原市公安局局长出席会议。", "太原市公安局"),
        ("张家口市邮电局局长任春贵也火速赶到张北。", "张家口市邮电局"),
        ("北京市朝阳区委宣传部长周良洛介绍说，此举旨在繁荣市场。", "北京市朝阳区委"),
    ):
        assert body in entities_of("", [sentence], newspaper="人民日报", date="2020-01-01").organisations
    assert "外交部" not in entities_of("", ["外交部长唐家璇会见了他。"], date="2020-01-01").organisations


def test_a_list_of_things_is_no_list_of_names():
    # Lists of goods, dishes and kinds of vinegar (the seeds' pages) name nobody, whatever the
    # scorer made of one item alone; a list whose other items are names keeps its names.
    things = {
        "一辆搭载着瓷砖、高岭土、浴缸、电缆等物资的中欧班列从山西中鼎物流园驶出。": "高岭土",
        "形成了包括“山西老陈醋、山西陈醋、老陈醋、陈醋、熏醋、地方特色醋”等在内的分类体系。": "陈醋",
        "午餐有土豆鸡块、木耳芹菜、白灼虾、橘子……不止这些。": "白灼虾",
    }
    for text, item in things.items():
        assert item not in entities_of("", [text]).people, text
    names_list = "一周来，新疆李建中、湖南刘春平、江苏许文量等读者来信。"
    found = entities_of("", [names_list]).people
    assert {"李建中", "刘春平", "许文量"} <= set(found)


def test_a_port_named_like_a_person_is_a_place():
    # 霍尔果斯 is a name shape the scorer likes and jieba even tags nr; 口岸 after it says place.
    text = "11月19日，一辆中欧班列从山西中鼎物流园驶出，经由霍尔果斯口岸出境，最终抵达乌兹别克斯坦。"
    assert "霍尔果斯" not in entities_of("中欧班列持续开行", [text]).people


def _structural_organisations(text: str) -> list[str]:
    """Organisations found by structure alone (no learned names), as in an article of a day the
    model never saw: People's Daily sentences of days 16-20 whose names the shipped model learned."""
    from dataclasses import replace

    from searchapp.organisations import OrganisationFinder

    finder = OrganisationFinder(replace(names.people_model(), organisations=()))
    return [printed for _, printed, _ in finder.find(fold(text), {}, None)]


def test_a_department_printed_after_its_body_is_one_name():
    assert "中国社科院经济所" in _structural_organisations("中国社科院经济所的研究人员对于这方面的问题作了调查。")
    assert "林业部综合计划司" in _structural_organisations("（作者为林业部综合计划司副司长）")
    # 查处 is a verb, 部门 a word: no department.
    found = _structural_organisations("1997年，瑞丽市公安局共查处卖淫嫖娼案件206起。")
    assert "瑞丽市公安局" in found and not any("查处" in o for o in found)


def test_a_political_consultative_conference_by_its_term():
    text = "新华社兰州一月十六日电政协甘肃省第八届委员会第一次全体会议一月十六日在兰州开幕。"
    assert "政协甘肃省第八届委员会" in _structural_organisations(text)


def test_bank_short_names_after_a_place_only():
    assert "甘肃工行" in _structural_organisations("甘肃工行大力扶持商业企业")
    assert "北京建行" in _structural_organisations("本报讯北京建行深化稽审体制改革，成效显著。")
    assert not any("工行" in o for o in _structural_organisations("私企进一步规范用工行为，逐步取消饭碗的“铁”字。"))


def test_a_country_named_with_guo_opens_a_ministry_after_any_word():
    text = "朱镕基今天在中南海紫光阁会见了美国财政部副部长劳伦斯·萨默斯。"
    assert "美国财政部" in _structural_organisations(text)


def test_a_word_opening_with_a_function_character_stays_inside_a_name():
    text = "中宣部部长丁关根，中国人民对外友好协会会长齐怀远出席。"
    assert "中国人民对外友好协会" in _structural_organisations(text)


def test_central_bodies_of_the_nineties_and_bodies_under_a_parent():
    found = _structural_organisations("新闻出版署署长于友先总结了社会文化市场管理工作。")
    assert "新闻出版署" in found
    found = _structural_organisations("联合国安理会14日发表主席声明。本报讯日前，解放军参谋学院政委、少将李殿仁撰著的新书出版。")
    assert {"联合国安理会", "解放军参谋学院"} <= set(found)
    # No body of the army's after it (进村后的医院 is no name's): 解放军 alone, nothing longer.
    assert _structural_organisations("乔荣说，解放军进村后，非要进已塌了的房子。") == ["解放军"]


def test_buildings_are_places_and_no_name_opens_inside_a_known_one():
    assert _structural_organisations("今天上午，北京国际饭店彩虹厅挤满了关心中国足球的人。") == []
    found = _structural_organisations("中美两国作为具有重要影响的大国和联合国安理会常任理事国，应当加强磋商与合作。")
    assert found == ["联合国安理会"]


def test_a_continent_and_a_generic_body_word_is_no_name():
    text = "美国以国内法律来惩罚在伊朗能源部门投资的欧洲公司的做法是不能接受的。"
    assert not any("公司" in o for o in _structural_organisations(text))
    text = "“金鸽工程”是浙江省政府新闻办公室主办的一项信息工程。"
    assert "浙江省政府新闻办公室" in _structural_organisations(text)
    assert _structural_organisations("本报讯伫立在河北省邢台市中心的巨型彩色电子大屏幕上播出了新书广告。") == []


def test_organisation_errors_list_each_name_where_printed():
    """train_entities --dev --errors: each organisation missed or wrong, where the article prints
    it and which names of the other side overlap it (a boundary error shows both)."""
    from searchapp.entity_evaluation import GoldArticle, _line, format_errors, organisation_errors

    line = "本报讯/ng  [贵州省/ns  绥阳县/ns  纳佛莱/nz  辣味/n  食品/n  有限公司/n]nt  ，/w  利用/v  辣椒/n  资源/n  。/w"
    text, _, orgs = _line(line.split())
    article = GoldArticle(key="19980116-02-018", date="1998-01-16", lines=["标题", text], organisations=[(1, s, e) for s, e in orgs])
    errors = organisation_errors(article, article.gold_organisations, {"绥阳县纳佛莱辣味食品有限公司"})
    assert errors == [
        ("19980116-02-018", "missed", "贵州省绥阳县纳佛莱辣味食品有限公司", "标题/本报讯[贵州省绥阳县纳佛莱辣味食品有限公司]，利用辣椒资源。", "绥阳县纳佛莱辣味食品有限公司"),
        ("19980116-02-018", "wrong", "绥阳县纳佛莱辣味食品有限公司", "标题/本报讯贵州省[绥阳县纳佛莱辣味食品有限公司]，利用辣椒资源。", "贵州省绥阳县纳佛莱辣味食品有限公司"),
    ]
    assert format_errors(errors).splitlines()[1].startswith("wrong\t19980116-02-018\t绥阳县")


def test_bodies_the_paper_leaves_untagged_alone_stay_organisations():
    """解放军, 共产党, 武警部队, 东盟 printed alone are /n (or untagged) to People's Daily 1998, which
    counts them wrong; a reader looking for what the army or ASEAN did expects them in the 机构
    facet, so they stay organisations (a model that dropped them was not kept: see the README)."""
    text = "王瑞林以及中央国家机关、驻京各大单位、武警部队、军委办公厅等有关方面负责同志出席。"
    assert "武警部队" in _structural_organisations(text)
    found = entities_of("", ["东盟外长会议在曼谷举行，东盟秘书长出席。解放军官兵奋战在抗洪一线。"], newspaper="人民日报", date="2020-01-01")
    assert {"东盟", "解放军"} <= set(found.organisations)
    text = "中国人民解放军总政治部发出通知，解放军艺术学院的学员参加了演出。"
    assert {"中国人民解放军总政治部", "解放军艺术学院"} <= set(_structural_organisations(text))


def test_a_name_opens_at_the_province_before_its_place():
    """A province right before the place opening a company's name belongs to it, also where the
    run of twelve characters before the body word cuts it off (贵州省|绥阳县…)."""
    text = "本报讯贵州省绥阳县纳佛莱辣味食品有限公司，利用黔北丰富的辣椒资源，开发出系列产品。"
    assert "贵州省绥阳县纳佛莱辣味食品有限公司" in _structural_organisations(text)
    text = "2、湖北宜昌市八一集团钢铁公司下岗职工高兰章，下岗后做起了小生意。"
    assert "湖北宜昌市八一集团钢铁公司" in _structural_organisations(text)


def test_a_clause_before_a_body_word_is_no_name():
    """Verbs and people between a place or a name and a body word (群众盛赞, 多迪克出任): a clause, not
    a name. (香港广大市民积极响应|政府 stands at the threshold: the model takes it by 0.08.)"""
    for text in ("水清了灯亮了路平了新疆群众盛赞政府办实事", "特区政府将在中环添马舰建设政府总部。",
                 "议会以微弱多数批准独立社会民主党主席多迪克出任政府总理。"):
        assert not any(o.endswith("政府") and len(o) > 4 for o in _structural_organisations(text))
    text = "天津女排和江苏女排则一胜一负八一女排和福建女排。"
    assert _structural_organisations(text) == ["天津女排", "江苏女排", "福建女排"]


def test_organisation_weights_are_the_mean_over_shuffles():
    """train_entities.bagged: the organisation weights are the mean of the perceptron's over several
    orders of the examples, so that one lucky or unlucky order does not make the model."""
    from searchapp.train_entities import bagged, train

    data = [([(1, ["b", "sa"]), (2, ["b", "sb"])], 1), ([(1, ["b", "sa"]), (2, ["b", "sc"])], 2),
            ([(1, ["b", "sb"])], 0), ([(1, ["b", "sa"]), (2, ["sc"])], 2)] * 3
    runs = [train(data, seed=1998 + k) for k in range(3)]
    mean = bagged(data, shuffles=3)
    for f in ("sa", "sb", "sc"):
        assert mean.get(f, 0.0) == pytest.approx(sum(r.get(f, 0.0) for r in runs) / 3, abs=2e-3)
    assert mean["sc"] > 0 > mean["sb"]


def test_short_forms_of_associations_and_offices():
    """协/联/办 short forms after a place or a body (the paper's /j words inside a name); where 会
    or 合会 follows, the longer word is read (游泳协会 is no 泳协 + 会)."""
    found = _structural_organisations("齐白石研究会、天津美院、天津文联、天津美协16日联合为其画集举行首发式。")
    assert {"天津文联", "天津美协"} <= set(found)
    assert "中俄友协理事会" in _structural_organisations("中俄友协理事会年会在京举行")
    found = _structural_organisations("新华社北京1月15日电中国奥委会接获中国游泳协会关于参加第八届世界游泳锦标赛的报告。")
    assert "中国游泳协会" in found and not any(o.endswith("泳协") for o in found)
    assert "中共中央台办" in _structural_organisations("中共中央台办、国务院台办主任陈云林出席。")


def test_a_standing_committee_of_a_body_is_one_name():
    """A body's standing committee printed after it (a body of a body), the central bodies' formal
    names included: one name, not the body alone."""
    text = "中国共产党中央纪律检查委员会常务委员会今天举行会议，审议了有关文件。"
    assert "中国共产党中央纪律检查委员会常务委员会" in _structural_organisations(text)
    text = "全国人民代表大会常务委员会第三十次会议今天在京闭幕。"
    assert "全国人民代表大会常务委员会" in _structural_organisations(text)
    text = "这是第九届全国人民代表大会第一次会议的议程。"
    assert not any("全国人民代表大会" in o for o in _structural_organisations(text))  # a session's name


def test_words_the_paper_leaves_out_of_a_known_bodys_name():
    """Learned (org_unextending): 总部 after 法新社 or 联合国, 代表团 after 全国人大 made no tagged
    name on the training days; the known body alone is the name. 办公厅 still extends one. (小组
    under 联合国 was one on days 01-15; on 01-20 小组 ends too few bodies to be a suffix at all.)"""
    assert {"总部", "代表团"} <= set(names.people_model().org_unextending)
    found = _structural_organisations("在法新社总部，社长让·米奥、国际部主任会见了记者。")
    assert "法新社" in found and "法新社总部" not in found
    found = _structural_organisations("伊拉克将驱逐所有联合国武器核查小组人员。")
    assert "联合国" in found and not any("小组" in o for o in found)
    assert "国务院办公厅" in _structural_organisations("国务院办公厅发出通知。")


def test_a_body_word_that_opens_a_word_with_what_follows_is_none():
    """中国厂|商, 中国|会出现 (国会 inside 中国会), 欧盟伙伴关|系: the body word's characters belong to
    another word; 中国队|名列 (名列 a word too) and 铁道部一局三处 (三处 a number) stay names."""
    assert _structural_organisations("在丰田公司的眼中，中国厂商想的是先把汽车生产出来。") == ["丰田公司"]
    assert _structural_organisations("必须看到，在不久的将来，中国会出现出口增长速度放慢。") == []
    assert _structural_organisations("此外，俄与欧盟伙伴关系与合作协定的正式生效，为双边关系奠定了基础。") == ["欧盟"]
    assert "中国队" in _structural_organisations("俄罗斯队、日本队、美国队分列前三名，中国队名列第七。")
    assert "铁道部一局三处" in _structural_organisations("本报讯由铁道部一局三处承建的国家“九五”铁路重点工程开工。")


def test_training_skips_a_body_word_whose_name_goes_on():
    """A group whose gold name goes on past its body word (偃师市公安局|城建派出所) teaches nothing
    about that word: train_entities.org_examples leaves it out rather than count it 'no name'."""
    from searchapp.entity_evaluation import GoldArticle, _line
    from searchapp.organisations import OrganisationFinder
    from searchapp.train_entities import org_examples

    line = "记者/n  又/d  来到/v  [偃师市/ns  公安局/n  城建/n  派出所/n]nt  看/v  了/u  看/v  。/w"
    text, _, orgs = _line(line.split())
    article = GoldArticle(key="19980110-04-001", date="1998-01-10", lines=["标题", text], organisations=[(1, s, e) for s, e in orgs])
    from dataclasses import replace

    data = org_examples(OrganisationFinder(replace(names.people_model(), organisations=())), [article])
    assert len(data) == 1 and data[0][1] != 0  # only 派出所's group, with its gold option


def test_foreign_news_agencies_by_the_papers_short_names():
    found = _structural_organisations("据国际文传电讯社援引俄外交部发言人的话报道，据俄新社最近报道，这些学者指出。")
    assert {"国际文传电讯社", "俄新社"} <= set(found)
    assert _structural_organisations("中东社会各界人士对此表示欢迎。") == []  # 中东社会 opens no agency


def test_a_team_after_a_result_word_opens_at_its_place():
    """胜, 负, 战, 取, 给, 除 before a team (一胜一负江苏队, 除上海队外): the place opens the name, as
    after 的 or 在 (a place-anchored option, no threshold)."""
    found = _structural_organisations("男排战事可谓平稳，除上海队一胜一负江苏队外，河南、辽宁和浙江队分别取胜。")
    assert {"上海队", "江苏队", "浙江队"} <= set(found)


def test_a_part_in_brackets_stays_inside_a_companys_name():
    """（集团） inside a company's name (the 1990s' 中国人保（集团）公司) does not end the run of
    characters before the body word."""
    text = "发展城市商业银行、推进国有商业银行和中国人保（集团）公司的商业化改革。"
    assert "中国人保（集团）公司" in _structural_organisations(text)
    text = "“今年不与往年相同罢了。”郑州友谊商业（集团）总公司总裁刘继臣认为，不见硝烟的竞争更激烈。"
    assert "郑州友谊商业（集团）总公司" in _structural_organisations(text)


def test_half_width_brackets_inside_a_name_are_read_as_full_width():
    """Modern papers print (集团) with ASCII brackets: read as the full-width ones the model was
    trained on, the name is whole, and kept with full-width brackets (one facet value whichever a
    paper printed); a filter typed with ASCII brackets finds it (`name_form`)."""
    from searchapp.entities import name_form

    text = "经国务院批准，中国远洋运输(集团)总公司与中国海运(集团)总公司实施重组。"
    found = entities_of("", [text], newspaper="新闻联播", date="2015-12-11").organisations
    assert {"中国远洋运输（集团）总公司", "中国海运（集团）总公司"} <= set(found)
    assert name_form("中国海运(集团)总公司") == "中国海运（集团）总公司"
    assert name_form("韋韜") == "韦韬"


def test_a_county_before_a_province_is_where_the_body_is():
    """A district or county right before a province names where a body is; the body's name
    opens at the province (not at 动力, the short name of Harbin's former 动力区, inside it)."""
    from searchapp.organisations import organisation_finder

    text = "3月3日，小店区山西云内动力有限公司装配车间内，工人们正在加紧生产。"
    groups = [g for g in organisation_finder().groups(text, {}) if g[0] == "options"]
    # The only place the name may open at (the model then scores it, or finds none).
    assert [[text[at : g[2]] for at, _ in g[3]] for g in groups] == [["山西云内动力有限公司"]]
    found = entities_of("", [text], newspaper="太原日报", date="2022-03-04").organisations
    assert not {"小店区山西云内动力有限公司", "动力有限公司"} & set(found)
    text = "暨南大学与广州市政府签署合作协议。"  # 暨 opens 暨南 here, no conjunction
    assert "暨南大学" in entities_of("", [text], newspaper="人民日报", date="2020-01-01").organisations


def test_a_known_name_whose_last_character_opens_a_word_is_none():
    """市财政部|分预算外资金 (部分), 人民日报社|论 (社论): no name; 外交部|副部长 still one."""
    text = "从市财政部分预算外资金中固定提取一定比例。"
    assert _structural_organisations(text) == []
    assert "外交部" in _structural_organisations("外交部副部长李肇星出席。")


def test_learned_names_seldom_tagged_where_found_are_not_kept():
    """A name tagged once on the training days but found untagged in most articles printing it
    (联合国武器核查小组, 国家银行) is not kept as a known name (train_entities.unreliable_names)."""
    from searchapp.organisations import organisation_finder

    learned = set(names.people_model().organisations)
    assert not {"联合国武器核查小组", "国家银行"} & learned
    assert {"中国奥委会", "国家体委"} <= learned | set(names.CENTRAL)
    found = [p for _, p, _ in organisation_finder().find(fold("伊拉克将驱逐所有联合国武器核查小组人员。"), {}, None)]
    assert found == ["联合国"]


def test_guojia_before_a_ministry_is_part_of_its_name():
    """国家审计署, 国家卫生部: the paper tags 国家 with the ministry after it (12 of 13 times on the
    training days)."""
    found = _structural_organisations("原国家审计署审计长于明涛在会上回忆了当年的斗争。（作者为国家审计署办公厅主任）")
    assert {"国家审计署", "国家审计署办公厅"} <= set(found) and "审计署" not in found


def test_no_name_opens_inside_brackets_it_does_not_open(monkeypatch):
    """An option at a place inside brackets (万宝电器（|广州）有限公司) is never a name, whatever the
    weights say; the whole name with its brackets may be."""
    from dataclasses import replace

    from searchapp.organisations import OrganisationFinder

    finder = OrganisationFinder(replace(names.people_model(), organisations=()))
    text = fold("“NATIONAL”牌卷发美容器松下电工·万宝电器（广州）有限公司生产")
    inside = text.index("广州")
    monkeypatch.setattr(finder, "best", lambda options: inside if any(at == inside for at, _ in options) else options[0][0])
    assert [p for _, p, _ in finder.find(text, {}, None)] == []
    monkeypatch.setattr(finder, "best", lambda options: min(at for at, _ in options))
    assert [p for _, p, _ in finder.find(text, {}, None)] == ["万宝电器（广州）有限公司"]


def test_a_countrys_central_and_a_verb_after_a_short_form_are_no_names():
    # Modern news: 中央 after a country opens the body's name, it is none itself; 台联 of 总台联合 is no short form.
    for text in ("15日，中国中央广播电视总台马那瓜记者站举行揭牌仪式。", "据韩国中央灾难安全对策本部消息，截至目前已有多人遇难。",
                 "由中华全国总工会、中央广播电视总台联合录制的节目在央视播出。"):
        found = entities_of("", [text], newspaper="新闻联播", date="2019-01-01").organisations
        assert not {"中国中央", "韩国中央", "中央广播电视总台联"} & set(found), (text, found)
    assert "民革中央" in entities_of("", ["民革中央主席万鄂湘出席会议。"], newspaper="新闻联播", date="2019-01-01").organisations
    assert "中国足协" in entities_of("", ["中国足协副主席出席了会议。"], newspaper="新闻联播", date="2019-01-01").organisations


def _modern_organisations(text: str) -> tuple[str, ...]:
    return entities_of("", [text], newspaper="新闻联播", date="2015-01-01").organisations


def test_the_peoples_liberation_army_as_printed():
    """人民解放军 is printed whole (not 人民|解放军), alone and before its bodies (a parent body):
    新闻联播 prints it without 中国 as often as with."""
    found = _modern_organisations("按照党中央、国务院部署，有关地方、部门和人民解放军、武警部队迅速行动，争分夺秒搜救人员。")
    assert "人民解放军" in found and "解放军" not in found
    # The 2015 sentence as printed, and without its 中国 (as 人民解放军 is printed above).
    text = "人民日报今天刊发署名中国人民解放军总政治部的理论文章，题目是《坚决打赢深化国防和军队改革这场攻坚战》。"
    assert "中国人民解放军总政治部" in _modern_organisations(text)
    assert "人民解放军总政治部" in _modern_organisations(text.replace("中国人民", "人民"))
    assert names.canonical("人民解放军") == "解放军"


def test_a_department_after_a_central_body_is_one_name():
    """国务院, 中共中央, 全国人大, 全国政协 before a department's name and body word: one name, as the
    paper tags them (国务院港澳事务办公室); not another central body (中共中央|国务院), a clause (国务院|
    关于…中央), or an office (国务院|总理李克强…)."""
    found = _modern_organisations("台湾记者可向国务院台湾事务办公室提出申请；外国记者可通过中华人民共和国驻外使领馆提出申请。")
    assert "国务院台湾事务办公室" in found and "台湾事务办公室" not in found
    assert "中共中央对外联络部" in _modern_organisations("央视网消息(新闻联播)：中共中央办公厅、中共中央对外联络部今天发表公告。")
    text = "会议听取了全国人大外事委员会主任委员傅莹作的关于《上海合作组织成员国组织和举行联合反恐演习的程序协定》审议情况的汇报。"
    assert "全国人大外事委员会" in _modern_organisations(text)
    assert _modern_organisations("为贯彻《中共中央国务院关于打赢脱贫攻坚战的决定》") == ("中共中央", "国务院")
    found = _modern_organisations("审议国务院关于2012年中央决算的报告，审查和批准2012年中央决算；审议任免案。")
    assert found == ("国务院",)


def test_a_city_before_a_world_body_does_not_open_its_name():
    """纽约|联合国总部 (总部 is left out of a known body's name): where the body sits, not its name; a
    country before a world body with nothing after it neither (巴基斯坦|上海合作组织成员国); a
    country's body of one is (中国欧盟商会)."""
    found = _modern_organisations("李克强在纽约联合国总部出席难民问题领导人峰会并发表讲话。")
    assert found == ("联合国",)
    found = _modern_organisations("纽约联合国总部大楼的员工和瑞士洛桑国际奥委会总部的员工按要求从16日起在家远程办公。")
    assert found == ("联合国", "国际奥委会")
    found = _modern_organisations("会议正式给予印度、巴基斯坦上海合作组织成员国地位。")
    assert found == ("上海合作组织",)


def test_world_bodies_by_their_names_and_no_verb_before_one():
    """International bodies are found wherever printed (上海合作组织, 非盟, 美联储: 组织 ends too many
    phrases to be a suffix); 成立|新开发银行 is no 立新 (a town) opening a bank's name."""
    found = _modern_organisations("罗塞夫表示，金砖国家决定建立新开发银行和应急储备安排，是深化合作的重要举措。")
    assert found == ("新开发银行",)
    found = _modern_organisations("财政部副部长史耀斌作了关于提请审议批准《成立新开发银行的协议》的议案的说明。")
    assert "新开发银行" in found and not any(o.startswith("立新") for o in found)
    found = _modern_organisations("国家主席习近平将出席9月13日在吉尔吉斯斯坦比什凯克举行的上海合作组织成员国元首理事会第十三次会议。")
    assert "上海合作组织" in found
    # 联合国 before another world body is two bodies; before its own agencies one name.
    found = _modern_organisations("拉马尼9月初被任命为联合国阿盟联合行动驻叙利亚办公室主任。")
    assert "联合国" in found and not any(o.startswith("联合国阿盟") for o in found)
    assert "联合国教科文组织" in _modern_organisations("国务院总理李克强22日在北京会见联合国教科文组织总干事博科娃。")


def test_a_foreign_place_opens_a_body_after_a_verb_and_the_longer_place_wins():
    """援引|伊朗卫生部: a foreign two-character place after a verb opens the body's name (援引伊 is no
    word; 江泽民和国务院's 民和 stays no place); 南苏丹政府 is no 南 + 苏丹政府 (a name learned in 1998)."""
    found = _modern_organisations("据伊朗媒体24日援引伊朗卫生部的消息报道称，13日以来，以色列对伊朗各地的袭击共造成606人死亡。")
    assert "伊朗卫生部" in found and "卫生部" not in found
    assert "伊朗交通部" in _modern_organisations("据伊朗国家电视台援引伊朗交通部副部长的话报道说，事故造成至少39人死亡，9人受伤。")
    found = _modern_organisations("南苏丹政府和人民始终坚定支持中国抗击疫情的努力，感谢中国政府和企业为南苏丹疫情防控捐赠资金和物资。")
    assert "南苏丹政府" in found and "苏丹政府" not in found


def test_a_count_of_bodies_or_a_whole_province_is_no_name():
    """通化|五家|公立医院, 中国|第一家|再保险经纪公司, 湖南|全省|医院: bodies of a kind counted or
    summed, no body's name."""
    for text in ("新政点燃了民资办医的热情，广东的一家药企正在着手收购吉林梅河口、通化五家公立医院。",
                 "今年上半年，湘雅二医院收治的口腔癌病人已达到248例，而去年湖南全省医院收治的口腔癌患者约有2千例。",
                 "这几年，中国第一家再保险经纪公司、外商独资医院等一大批首创性项目落户上海。"):
        found = _modern_organisations(text)
        assert not any(o.endswith(("医院", "公司")) and len(o) > 5 for o in found), (text, found)


def test_a_clause_a_part_or_another_body_is_no_department():
    """What officials do between a place and a body (会见, 成立), a part of the bodies (部分), and a
    body printed after a verb (国务院|批转|财政部: no department 批转财政部 of the State Council's)."""
    found = _modern_organisations("中共中央政治局常委、国务院副总理韩正今天在中南海会见美国埃克森美孚公司董事长兼首席执行官伍德伦。")
    assert "美国埃克森美孚公司" in found and not any("会见" in o for o in found)
    assert _modern_organisations("成都军区成立抗震救灾联合指挥部，划分鲁甸、巧家、会泽三个责任区。") == ("成都军区",)
    assert _modern_organisations("2019年12月，湖北省部分医院陆续收治了一些不明原因的肺炎病人。") == ()
    assert _modern_organisations("国务院批转财政部《权责发生制政府综合财务报告制度改革方案》") == ("国务院", "财政部")


def test_words_ending_like_a_body_and_places_cut_from_a_word_open_no_name():
    """布局, 处处: 局 and 处 closing a word, no body; 沈阳|阳高 (a county), 五台山|台山: a place whose
    first character ends another word opens no name (沈阳高新区拓荆科技公司 opens at 沈阳)."""
    assert _modern_organisations("未来，株洲还布局与动力产业高度关联的电子信息、新材料等战略性新兴产业，持续优化经济结构。") == ()
    assert _modern_organisations("移步换景，除夕之夜，秦淮河畔处处有春光。") == ()
    assert _modern_organisations("这是沈阳高新区拓荆科技公司的实验室，国内第一台12英寸PECVD设备就是出自这里。") == ("沈阳高新区拓荆科技公司",)
    found = _modern_organisations("她躲在南京安全区五台山小学的一个地下室内避难，为了反抗3个日本兵的强暴，脸上、身上、腿上被戳了37刀。")
    assert "台山小学" not in found
    # 在|内蒙古…, 生前系|上海市…: a function word or a copula before the place opens no word with it.
    found = _modern_organisations("邹碧华生前系上海市高级人民法院副院长，投身司法事业26年。")
    assert "上海市高级人民法院" in found


def test_the_democratic_parties_and_a_partys_central_committee():
    """The democratic parties by their names and their central committees' short names (九三学社中央,
    民进中央: People's Daily tags them so), and a party with 中央委员会 after it (a known name itself):
    one name."""
    text = "座谈会上，民革中央主席周铁农、民盟中央主席蒋树声、民建中央主席陈昌智、民进中央主席严隽琪、农工党中央主席桑国卫、" \
           "致公党中央常务副主席王钦敏、九三学社中央主席韩启德、台盟中央主席林文漪、全国工商联主席黄孟复、无党派人士林毅夫先后发言，" \
           "畅谈了学习中共十八大精神的体会。"
    found = _modern_organisations(text)
    assert {"民革中央", "民盟中央", "民建中央", "民进中央", "农工党中央", "致公党中央", "九三学社中央", "台盟中央"} <= set(found)
    text = "在中国共产党第十八次全国代表大会开幕之际，中国国民党革命委员会中央委员会、中国民主同盟中央委员会、中国民主建国会中央委员会、" \
           "中国民主促进会中央委员会、中国农工民主党中央委员会、中国致公党中央委员会、九三学社中央委员会、台湾民主自治同盟中央委员会、" \
           "中华全国工商业联合会分别发来贺信，热烈祝贺中共十八大胜利召开，并预祝大会取得圆满成功。"
    found = _modern_organisations(text)
    assert {"中国国民党革命委员会中央委员会", "中国民主同盟中央委员会", "中国致公党中央委员会"} <= set(found)
    assert "中央委员会" not in found


def test_short_place_names_that_news_prints_as_words_open_no_name():
    """新建 (南昌's 新建区), 合作 (甘肃's 合作市): in the news the verb and the noun (新建|政府, 能源合作|
    委员会), not the places; a founding verb (设立) makes a clause too."""
    text = "同时省里出台了规范领导干部出差、住房和职务报销等六项制度；不再审批新建政府性楼堂馆所、避免重复购置浪费等举措，大幅压缩机关行政经费。"
    assert not any(o.startswith("新建") for o in _modern_organisations(text))
    text = "央视网消息(新闻联播)：国务院副总理、中俄能源合作委员会中方主席王岐山17日在北京会见并宴请俄罗斯总统能源发展战略和生态安全委员会秘书长谢钦。"
    assert "合作委员会" not in _modern_organisations(text)
    text = "审议最高人民法院关于提请审议关于在北京、上海、广州设立知识产权法院的决定草案的议案。"
    assert _modern_organisations(text) == ("最高人民法院",)


def test_bodies_counted_the_centres_supplies_and_verbs_cut_from_words():
    """30个|空军中队: bodies counted; 调拨|中央救灾物资: the centre's, no party's 中央; 离开|火神山医院:
    no 开火 opening 神山医院 (来到|八一儿童医院 still opens after its verb); 南方局|地旱情: 局地 a word."""
    text = "北约还计划在2020年前确保北约拥有能在30天或更短时间内部署30个机械化营、30个空军中队和30艘作战舰艇的能力。"
    assert _modern_organisations(text) == ("北约",)
    text = "国家防灾减灾救灾委员会办公室、应急管理部会同国家粮食和物资储备局向湖南调拨中央救灾物资1.8万件。"
    assert not any(o.endswith("中央") for o in _modern_organisations(text))
    # (火神山医院 itself is known by name: the model scores it far below a body)
    assert _modern_organisations("离开火神山医院，习近平来到东湖新城社区，实地察看社区卫生防疫、社区服务、群众生活保障等情况。") == ("火神山医院",)
    text = "中共中央政治局常委、国务院总理李克强5月30日来到八一儿童医院，看望在这里就医的残疾孤儿，并向全国少年儿童祝贺节日。"
    assert "八一儿童医院" in _modern_organisations(text)
    assert _modern_organisations("南方局地旱情 防总对6省份启动抗旱四级应急响应") == ()
    # A number before 处: places counted (铁道部一局三处, a department after its body, stays: an older test).
    assert _modern_organisations("据了解，此次降雨已经造成北京市63处主要道路积水，积水30厘米以上的路段有30处，路面塌方31处。") == ()
    assert _modern_organisations("在河南郑州一处樱花园里，万余株樱花次第绽放，国风文化和沉浸式VR展等让春日之旅更有韵味。") == ()


def test_a_foreign_place_and_a_generic_body_word_alone_is_no_name():
    """中国公司, 加沙学校: companies and schools of a country or city, no body's name (the paper tags
    none on days 01-20); with a name between they are one (美国波音公司)."""
    text = "统计显示，2012年美国针对中国公司在美销售的产品发起过18次337调查，而今年1月，美国已经对中国产品发起了4次337调查。"
    assert _modern_organisations(text) == ()
    assert _modern_organisations("13日，联合国安理会就上周以色列袭击加沙学校造成重大伤亡举行紧急会议。") == ("联合国安理会",)
    assert "美国波音公司" in _modern_organisations("美国航天局1日宣布，原定于当天进行的美国波音公司“星际客机”飞船首次载人试飞任务因技术故障被取消。")


def test_the_state_councils_bodies_of_the_2010s_and_a_place_with_a_headquarters():
    """国家发展改革委, 国家卫生健康委 … by name (委 alone ends no name: a thousand 新闻联播 articles each
    named them unfound); 南京总部 is where 苏宁's headquarters is, no body."""
    text = "国新办今天举行新闻发布会，国家发展改革委、国家卫生健康委、国家中医药管理局、国家药品监督管理局和海南省负责人，" \
           "介绍了《关于支持建设博鳌乐城国际医疗旅游先行区的实施方案》，提出推动先行区与世界知名医学院联合设立医学院校、" \
           "加快药品、医疗器械进口审批等举措，以高水平开放推动先行区发展。"
    assert {"国家发展改革委", "国家卫生健康委", "国家中医药管理局", "国家药品监督管理局"} <= set(_modern_organisations(text))
    assert _modern_organisations("在苏宁南京总部，这两天来了一些新员工，他们正忙着制作视频销售短片。") == ()


def test_bodies_of_the_2020s_known_by_name():
    """Bodies the 1998 model cannot read, known by hand (names.CENTRAL): hospitals named after
    mountains, the Winter Olympics' committee, the discipline and supervisory commissions printed
    as one name; a province's are found from their words and resolved to the paper's province."""
    assert _modern_organisations("雷神山医院和火神山医院是两座应急医院。") == ("雷神山医院", "火神山医院")
    assert _modern_organisations("今天，北京冬奥组委与伊利集团正式签署合作协议。")[0] == "北京冬奥组委"
    assert _modern_organisations("中央纪委国家监委公开曝光五起典型问题。") == ("中央纪委国家监委",)
    found = entities_of("", ["省纪委监委通报了3起违反中央八项规定精神问题。"], newspaper="太原日报", date="2022-05-01")
    assert found.organisations == ("山西省纪委监委",)
