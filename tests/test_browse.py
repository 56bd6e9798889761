"""The paper as printed: pages from article metadata (pure), and issues from the seed index."""

from __future__ import annotations

from searchapp.browse import issue_date_of, page_name, pages_of, year_calendar


def meta(id, title, source, position, page_no=None, page_name=None):
    return {"id": id, "title": title, "source": source, "position": position, "page_no": page_no, "page_name": page_name}


def test_pages_in_print_order_and_articles_in_reading_order():
    metas = [
        meta("b2", "社区防控守好门", "p03.txt", 2, 3, "要闻"),
        meta("a1", "太原市召开会议", "p01.txt", 1, 1),
        meta("b1", "小店区筑牢隔离墙", "p03.txt", 1, 3, "要闻"),
        meta("x1", "副刊：汾河晚渡", "zz-extra.txt", 1),  # no 版次: after the numbered pages
    ]
    pages = pages_of("太原日报", "2022-11-22", metas)
    assert [(p.number, p.name, p.number_known) for p in pages] == [(1, "第1版", True), (3, "要闻", True), (4, "版次不详", False)]
    assert [a.id for a in pages[1].articles] == ["b1", "b2"]
    assert pages[1].label == "第3版 · 要闻" and pages[0].label == "第1版"
    # Issue 21 item 5: a page whose 版次 was not recorded claims none, only its place among the files.
    assert pages[2].label == "第4个版面（版次不详）" and "第4版" not in pages[2].label
    assert pages[1].url == "/issues/2022-11-22/3?paper=%E5%A4%AA%E5%8E%9F%E6%97%A5%E6%8A%A5"


def test_fallbacks_are_written_once():
    assert issue_date_of("2022-11-22", "2022-11-21", "2022-11-19") == "2022-11-22"
    assert issue_date_of(None, "2022-11-22", "2022-11-19") == "2022-11-22"
    assert issue_date_of(None, None, "2022-11-19") == "2022-11-19"
    assert page_name(None, 4) == "第4版" and page_name("副刊", 4) == "副刊"


def test_year_calendar_marks_issue_days():
    months = year_calendar(2024, {"2024-02-29": 12, "2024-03-01": 3})
    feb = months[1]
    days = [d for week in feb.weeks for d in week if d]
    assert len(days) == 29 and feb.issues == 1
    assert next(d for d in days if d.day == 29).articles == 12
    assert feb.weeks[0][:3] == (None, None, None)  # 2024-02-01 is a Thursday; weeks start on Monday


def test_issue_of_the_seed_paper(seed_archive):
    papers = {p.name: p for p in seed_archive.papers()}
    assert papers["太原日报"].first == "2022-03-04" and papers["太原日报"].last == "2022-11-22"
    issue = seed_archive.issue("太原日报", "2022-11-15")
    assert issue.previous == "2022-08-27" and issue.next == "2022-11-22"
    assert [p.number for p in issue.pages] == [1]
    # Articles datelined before the issue (11月14日) are filed under the issue the page belongs to.
    assert seed_archive.issue_of(issue.pages[0].articles[0].id).date == "2022-11-15"
    assert seed_archive.issue("太原日报", "2022-11-16") is None
    assert seed_archive.paper_days("晋中日报", "2021") == {"2021-08-07": 5}
