"""Following a search: an Atom feed of the newest matching articles, and the OpenSearch description.

Pure functions from plain values to XML text (built with ElementTree, so every value is escaped).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
TZ = "+08:00"  # the papers' dates are Beijing dates


@dataclass(frozen=True)
class Entry:
    url: str  # absolute permalink, also the entry's id
    title: str
    date: str | None  # YYYY-MM-DD
    summary: str  # plain text
    newspaper: str | None = None  # a category (scheme "newspaper"): the paper published it, it did not write it
    categories: tuple[str, ...] = ()  # district names
    authors: tuple[str, ...] = ()  # the writers from the byline and credits (cite.authors_of); none: no <author>
    people: tuple[str, ...] = ()  # categories (scheme "person"): the people it names
    organisations: tuple[str, ...] = ()  # categories (scheme "organisation")


# Characters XML 1.0 cannot carry at all (control characters, lone surrogates): a query may hold them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _timestamp(date: str | None, fallback: dt.datetime) -> str:
    if date:
        return f"{date}T00:00:00{TZ}"
    return fallback.replace(microsecond=0).isoformat()


def atom(title: str, self_url: str, html_url: str, entries: list[Entry], now: dt.datetime | None = None) -> str:
    """An Atom 1.0 feed; entries in the order given (newest first), updated = the newest entry's date."""
    now = now or dt.datetime.now(dt.timezone.utc)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _text(self_url)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _text(title)
    dates = [e.date for e in entries if e.date]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(max(dates) if dates else None, now)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": _text(self_url)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": _text(html_url)})
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "报纸档案检索"
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "searchapp"
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = e.url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _text(e.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": e.url})
        stamp = _timestamp(e.date, now)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        # An entry without authors takes the feed's (RFC 4287 §4.1.1): never the newspaper as a writer.
        for name in e.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = _text(name)
        for c in e.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": _text(c)})
        if e.newspaper:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": _text(e.newspaper), "scheme": "newspaper", "label": _text(f"报纸：{e.newspaper}")})
        for scheme, what, names in (("person", "人物", e.people), ("organisation", "机构", e.organisations)):
            for name in names:
                ET.SubElement(entry, f"{{{ATOM}}}category", {"term": _text(name), "scheme": scheme, "label": _text(f"{what}：{name}")})
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = _text(e.summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def opensearch_description(base_url: str, short_name: str = "报纸档案检索") -> str:
    """The OpenSearch description that lets a browser add the archive as a search engine."""
    ET.register_namespace("", OPENSEARCH)
    root = ET.Element(f"{{{OPENSEARCH}}}OpenSearchDescription")
    ET.SubElement(root, f"{{{OPENSEARCH}}}ShortName").text = short_name
    ET.SubElement(root, f"{{{OPENSEARCH}}}Description").text = "检索中文报纸档案：全文、日期、地区、报纸"
    ET.SubElement(root, f"{{{OPENSEARCH}}}InputEncoding").text = "UTF-8"
    ET.SubElement(root, f"{{{OPENSEARCH}}}Language").text = "zh-CN"
    base = base_url.rstrip("/")
    for mime, path in (("text/html", "/search"), ("application/atom+xml", "/search.atom"), ("application/json", "/api/search")):
        ET.SubElement(root, f"{{{OPENSEARCH}}}Url", {"type": mime, "method": "get", "template": f"{base}{path}?q={{searchTerms}}"})
    ET.SubElement(root, f"{{{OPENSEARCH}}}Url", {
        "type": "application/opensearchdescription+xml", "rel": "self", "template": f"{base}/opensearch.xml"})
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
