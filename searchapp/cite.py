"""Citing an article: GB/T 7714-2015 and APA 7 references, RIS and BibTeX records, citation_* meta tags.

Pure functions of a Citation (what a reference needs, taken from an Article and its permalink).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .models import Article

# Role words before the names in a byline or credit line; OCR often spaces them out (记 者, 通 讯 员).
_ROLE = re.compile(
    r"(?:本报|新华社|人民日报|中新社)?\s*(?:特\s*约|见\s*习|实\s*习)?\s*(?:记\s*者|通\s*讯\s*员|实\s*习\s*生|评\s*论\s*员|撰\s*稿)"
)
# 本报讯(记者 殷雪莺 梁涛) / 新华社北京1月4日电（记者 张三、李四） / 本报北京1月4日讯记者刘玉琴报道
_LEAD_CREDIT = re.compile(r"^[^。（(]{0,30}?[讯电]\s*(?:[（(]([^）)]{2,40})[）)]|(记者[\u4e00-\u9fff、\s]{2,30}?)报道)")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


@dataclass(frozen=True)
class Citation:
    """What a reference to one article needs."""

    id: str
    title: str
    authors: tuple[str, ...]
    newspaper: str | None
    date: str | None  # YYYY-MM-DD: the issue date
    page: int | None  # 版次 as printed; None when the page record has none
    url: str  # absolute permalink


def authors_of(article: Article) -> tuple[str, ...]:
    """Writers named in the byline, the lead's 本报讯(记者 …) and the closing credits; photographers
    alone (… 摄) are left out."""
    lines: list[str] = []
    if article.byline:
        lines.append(article.byline)
    if article.paragraphs:
        lead = _LEAD_CREDIT.match(article.paragraphs[0])
        if lead:
            lines.append(lead.group(1) or lead.group(2))
    lines.extend(article.credits)
    names: list[str] = []
    for line in lines:
        text = line.strip().strip("()（）")
        if re.search(r"(?<!文/)(?<!文／)摄$", text) and not _ROLE.search(text):
            continue  # a photo credit
        text = re.sub(r"\s*文\s*[/／]\s*摄$|\s*摄$", "", text)
        text = _ROLE.sub(" ", text)
        for token in re.split(r"[\s、，,;；]+", text):
            if _NAME.match(token) and token not in names:
                names.append(token)
    return tuple(names)


def citation_of(article: Article, url: str, issue_date: str | None = None) -> Citation:
    """The citation of an article at its absolute permalink, dated by its issue."""
    return Citation(
        id=article.id,
        title=article.title,
        authors=authors_of(article),
        newspaper=article.newspaper,
        date=issue_date or article.issue_date or article.date,
        page=article.page_no,
        url=url,
    )


def gbt7714(c: Citation) -> str:
    """GB/T 7714-2015, newspaper article: 作者. 题名[N]. 报纸名, 出版日期(版次)."""
    authors = ", ".join(c.authors[:3]) + (", 等" if len(c.authors) > 3 else "")
    head = f"{authors}. " if authors else ""
    where = c.newspaper or ""
    when = c.date or ""
    page = f"({c.page})" if c.page else ""
    source = ", ".join(x for x in (where, when + page) if x)
    return f"{head}{c.title}[N]. {source}." if source else f"{head}{c.title}[N]."


def apa(c: Citation) -> str:
    """APA 7, newspaper article, in the Chinese forms Chinese journals using APA print:
    作者, 作者. (2022年8月27日). 题名. 报纸名, 第1版. URL

    APA writes a reference in the language of the work that cites it ("(2022, August 27)" in an
    English paper). The cite box, like the rest of the site, is Chinese and so are the sources, so
    the date, "no date" and the page are in Chinese; names are never joined with "&" (an English
    form), only with commas, as 心理学报 and other Chinese APA journals do.
    """
    if c.date:
        d = dt.date.fromisoformat(c.date)
        when = f"({d.year}年{d.month}月{d.day}日)"
    else:
        when = "(无日期)"
    names = ", ".join(c.authors)
    title = c.title.rstrip("。.") + "."
    source = ", ".join(x for x in (c.newspaper, f"第{c.page}版" if c.page else None) if x)
    source = f" {source}." if source else ""
    if names:
        return f"{names}. {when}. {title}{source} {c.url}"
    return f"{title} {when}.{source} {c.url}"


def ris(c: Citation) -> str:
    """An RIS record (TY NEWS), CRLF line ends as the format asks."""
    lines = [("TY", "NEWS")]
    lines += [("AU", a) for a in c.authors]
    lines.append(("TI", c.title))
    if c.newspaper:
        lines.append(("T2", c.newspaper))
    if c.date:
        lines += [("PY", c.date[:4]), ("DA", c.date.replace("-", "/") + "/")]
    if c.page:
        lines.append(("SP", str(c.page)))
    lines += [("UR", c.url), ("LA", "zh-CN"), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def bibtex(c: Citation) -> str:
    """A BibTeX @article entry (journal = the newspaper), key = the article id."""
    fields = []
    if c.authors:
        fields.append(("author", _tex(" and ".join(c.authors))))
    fields.append(("title", "{" + _tex(c.title) + "}"))  # keep the title as printed (no case change)
    if c.newspaper:
        fields.append(("journal", _tex(c.newspaper)))
    if c.date:
        fields += [("year", c.date[:4]), ("month", str(int(c.date[5:7]))), ("date", c.date)]
    if c.page:
        fields.append(("pages", str(c.page)))
    fields += [("url", c.url), ("langid", "chinese")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{c.id},\n{body}\n}}\n"


def meta_tags(c: Citation) -> list[tuple[str, str]]:
    """(name, content) of the citation_* meta tags Google Scholar and Zotero read."""
    tags = [("citation_title", c.title)]
    tags += [("citation_author", a) for a in c.authors]
    if c.date:
        tags.append(("citation_publication_date", c.date.replace("-", "/")))
    if c.newspaper:
        tags.append(("citation_journal_title", c.newspaper))
    if c.page:
        tags.append(("citation_firstpage", str(c.page)))
    tags += [("citation_language", "zh"), ("citation_public_url", c.url)]
    return tags


def _one_line(value: str) -> str:
    return " ".join(value.split())


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                "$": r"\$", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _tex(value: str) -> str:
    """Escape what BibTeX/LaTeX would read as markup."""
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in _one_line(value))
