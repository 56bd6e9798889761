"""Atom and OpenSearch XML, and export helpers, as pure functions (the routes are in test_reader_web.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser

from searchapp.exports import content_disposition, export_filename, plain_snippet
from searchapp.feeds import Entry, atom, opensearch_description


def test_atom_parses_with_a_real_feed_parser():
    entries = [
        Entry("https://x.example/articles/b", "小店区扎实筑牢疫情防控“隔离墙”<script>", "2022-11-22", "以快制快 & 从严从紧", "太原日报", ("小店区",)),
        Entry("https://x.example/articles/a", "《山西食醋分类》团体标准开始实施", "2022-03-04", "老陈醋"),
    ]
    feed = feedparser.parse(atom("“疫情”的新文章", "https://x.example/search.atom?q=疫情", "https://x.example/search?q=疫情", entries))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.feed.title == "“疫情”的新文章"
    assert [e.link for e in feed.entries] == ["https://x.example/articles/b", "https://x.example/articles/a"]
    assert feed.entries[0].title == "小店区扎实筑牢疫情防控“隔离墙”<script>"
    assert feed.entries[0].summary == "以快制快 & 从严从紧" and feed.entries[0].tags[0].term == "小店区"
    assert feed.feed.updated.startswith("2022-11-22")


def test_empty_feed_is_still_valid():
    feed = feedparser.parse(atom("无", "https://x/s.atom", "https://x/s", [], now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)))
    assert not feed.bozo and feed.entries == [] and feed.feed.updated.startswith("2026-01-02")


def test_control_characters_in_a_query_keep_the_feed_well_formed():
    text = atom("“\x1b疫情\x00”的新文章", "https://x/s.atom?q=%1B", "https://x/s?q=%1B",
                [Entry("https://x/a", "标题\x0c", "2022-11-22", "摘要\ud800")])
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo and "疫情" in feed.feed.title and feed.entries[0].title.startswith("标题")


def test_opensearch_description():
    root = ET.fromstring(opensearch_description("https://x.example/"))
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    assert root.find("os:ShortName", ns).text == "报纸档案检索"
    templates = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert templates["text/html"] == "https://x.example/search?q={searchTerms}"
    assert templates["application/atom+xml"] == "https://x.example/search.atom?q={searchTerms}"


def test_plain_snippet_offsets_point_at_the_highlights():
    text, marks = plain_snippet("面对&lt;多点&gt;散发的<mark>疫情</mark>，A&amp;B <mark>防控</mark>形势")
    assert text == "面对<多点>散发的疫情，A&B 防控形势"
    assert [text[a:b] for a, b in marks] == ["疫情", "防控"]


def test_export_names_carry_query_and_day():
    day = dt.date(2026, 11, 30)
    assert export_filename("疫情防控 小店区", "csv", day) == "报纸档案-疫情防控_小店区-2026-11-30.csv"
    assert export_filename('a/b:"c"', "json", day) == "报纸档案-a_b_c-2026-11-30.json"
    assert export_filename("", "csv", day) == "报纸档案-全部文章-2026-11-30.csv"
    header = content_disposition("报纸档案-疫情-2026-11-30.csv")
    assert header.startswith('attachment; filename="searchapp-2026-11-30.csv"; filename*=UTF-8\'\'')
