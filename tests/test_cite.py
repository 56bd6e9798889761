"""Citations as pure functions: authors found in real bylines and credits, GB/T 7714, APA, RIS, BibTeX."""

from __future__ import annotations

import pytest

from searchapp.cite import Citation, apa, authors_of, bibtex, citation_of, gbt7714, meta_tags, ris
from searchapp.models import Article


def article(**fields) -> Article:
    base = dict(id="001_d80b19d43e3d5215-03", source="001.txt", position=3, title="小店区扎实筑牢疫情防控“隔离墙”",
                paragraphs=("本报讯 11月21日小店区消息,面对多点散发的疫情防控形势……",), newspaper="太原日报",
                date="2022-11-21")
    base.update(fields)
    return Article(**base)


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"byline": "本报记者 郭娟"}, ("郭娟",)),
        ({"credits": ("记 者 袁剑锋", "通 讯 员 尚晓佳 刘丹 文/摄")}, ("袁剑锋", "尚晓佳", "刘丹")),
        ({"credits": ("(李杰华、张乾忠)",)}, ("李杰华", "张乾忠")),
        ({"credits": ("宿晓健 摄",)}, ()),  # a photographer alone is not an author
        ({"paragraphs": ("本报讯(记者 殷雪莺 梁涛)8月26日,省委常委、市委书记韦韬主持召开会议。",)}, ("殷雪莺", "梁涛")),
        ({"byline": "新华社记者 王勇", "credits": ("记者 王勇",)}, ("王勇",)),
        ({"paragraphs": ("本报北京1月4日讯记者刘玉琴报道：昨晚，随着俄罗斯克里姆林宫大剧院芭蕾舞团演出的《胡桃夹子》最后一个音符落下……",)}, ("刘玉琴",)),
        ({"paragraphs": ("新华社北京1月4日电（记者 张宿堂、邹爱国）国务院总理李鹏今天……",)}, ("张宿堂", "邹爱国")),
        ({"paragraphs": ("新华社北京1月4日电 国务院总理李鹏今天会见了外宾。",)}, ()),
        ({}, ()),
    ],
)
def test_authors_from_bylines_leads_and_credits(fields, expected):
    assert authors_of(article(**fields)) == expected


def cite(**fields) -> Citation:
    base = dict(id="a1", title="韦韬主持召开市疫情防控工作领导小组第131次会议", authors=("殷雪莺", "梁涛"),
                newspaper="太原日报", date="2022-08-27", page=1, url="https://archive.example/articles/a1")
    base.update(fields)
    return Citation(**base)


def test_gbt7714_newspaper_form():
    assert gbt7714(cite()) == "殷雪莺, 梁涛. 韦韬主持召开市疫情防控工作领导小组第131次会议[N]. 太原日报, 2022-08-27(1)."
    # More than three authors: the first three and 等; no author: the title leads; no page: no (版次).
    many = cite(authors=("甲乙", "丙丁", "戊己", "庚辛"), page=None)
    assert gbt7714(many) == "甲乙, 丙丁, 戊己, 等. 韦韬主持召开市疫情防控工作领导小组第131次会议[N]. 太原日报, 2022-08-27."
    assert gbt7714(cite(authors=())).startswith("韦韬主持召开")


def test_apa_newspaper_form():
    # The Chinese forms of APA's elements (the cite box is Chinese): see cite.apa.
    assert apa(cite()) == (
        "殷雪莺, 梁涛. (2022年8月27日). 韦韬主持召开市疫情防控工作领导小组第131次会议. 太原日报, 第1版. "
        "https://archive.example/articles/a1"
    )
    assert apa(cite(authors=(), date=None)).startswith("韦韬主持召开市疫情防控工作领导小组第131次会议. (无日期).")


def test_ris_record():
    text = ris(cite(title="标题\n换行"))
    lines = text.split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    assert "AU  - 殷雪莺" in lines and "AU  - 梁涛" in lines and "TI  - 标题 换行" in lines
    assert "T2  - 太原日报" in lines and "DA  - 2022/08/27/" in lines and "SP  - 1" in lines
    assert "UR  - https://archive.example/articles/a1" in lines


def test_bibtex_escapes_markup():
    entry = bibtex(cite(title="50%的{村}与_镇 & 县", newspaper="太原日报#"))
    assert entry.startswith("@article{a1,\n")
    assert "title = {{50\\%的\\{村\\}与\\_镇 \\& 县}}" in entry
    assert "author = {殷雪莺 and 梁涛}" in entry and "journal = {太原日报\\#}" in entry
    assert "date = {2022-08-27}" in entry and entry.rstrip().endswith("}")
    assert entry.count("{") == entry.count("}") + entry.count("\\}") - entry.count("\\{")


def test_meta_tags_for_scholar_and_zotero():
    tags = meta_tags(cite())
    assert ("citation_title", "韦韬主持召开市疫情防控工作领导小组第131次会议") in tags
    assert [v for k, v in tags if k == "citation_author"] == ["殷雪莺", "梁涛"]
    assert ("citation_publication_date", "2022/08/27") in tags and ("citation_journal_title", "太原日报") in tags


def test_citation_prefers_the_issue_date():
    c = citation_of(article(issue_date=None, date="2022-11-21"), "https://x/articles/a", issue_date="2022-11-22")
    assert c.date == "2022-11-22" and c.page is None and c.newspaper == "太原日报"
