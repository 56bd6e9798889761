"""Reading pages and article files: the one place files are read.

Nothing here raises on bad input: a file that cannot be read or is not text comes back as a
warning naming it, so one broken file never stops an archive from being indexed.
"""

from __future__ import annotations

import csv
import gzip
import json
import lzma
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .models import Page

MANIFEST = "manifest.csv"
PAGE_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz", ".ndjson")

_FILENAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_FILENAME_PAGE = re.compile(r"(?:[-_]|第)(\d{1,3})(?:版)?(?:[-_]([\u4e00-\u9fff]{2,8}))?$")
# A page's own header line: 第3版 要闻 / 03版:副刊 / 要闻 第3版.
_HEADER_PAGE = re.compile(r"^(?:第\s*(\d{1,3})\s*版|(\d{1,3})\s*版)\s*[:：·\-—]?\s*([\u4e00-\u9fff]{2,8})$|^([\u4e00-\u9fff]{2,8})\s*[·\-—]?\s*第\s*(\d{1,3})\s*版$")
_FILENAME_PAPER = re.compile(r"([\u4e00-\u9fff]{2,}(?:日报|晚报|报|时报|周报|新闻))")
_TEXT_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class PageMeta:
    newspaper: str | None = None
    date: str | None = None
    page_no: int | None = None
    page_name: str | None = None  # 版名: 要闻, 副刊


def is_jsonl(path: Path) -> bool:
    return path.name.endswith(JSONL_SUFFIXES)


def decode(data: bytes) -> tuple[str | None, str, str | None]:
    """(text, encoding, problem): UTF-8 with or without BOM, else GB18030; binary is refused."""
    if not data.strip():
        return "", "utf-8", "empty file"
    if b"\x00" in data[:4096]:
        return None, "", "not a text file (NUL bytes): skipped"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, "", "neither UTF-8 nor GB18030 text: skipped"
    # GB18030 decodes almost any byte string; demand that most of it is CJK or ASCII text.
    sample = text[:20000]
    plausible = sum(1 for c in sample if c.isascii() or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    if plausible < 0.9 * len(sample):
        return None, "", "not a text file (undecodable bytes): skipped"
    return text, "gb18030", None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def meta_from_filename(path: Path) -> PageMeta:
    """Date, page and newspaper from names such as 19980105-04.txt or 2022-11-22_太原日报_03.txt."""
    stem = path.name.split(".")[0]
    date = None
    m = _FILENAME_DATE.search(stem)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        if 1800 < y < 2200 and 1 <= mo <= 12 and 1 <= d <= 31:
            date = f"{y:04d}-{mo:02d}-{d:02d}"
    page_no = page_name = None
    if date:
        p = _FILENAME_PAGE.search(stem[m.end() :] if m else stem)
        if p:
            page_no = int(p.group(1))
            page_name = p.group(2)
    paper = _FILENAME_PAPER.search(stem)
    return PageMeta(newspaper=paper.group(1) if paper else None, date=date, page_no=page_no, page_name=page_name)


def header_page(text: str) -> tuple[int | None, str | None]:
    """(page number, page name) from a header line at the top of the page (第3版 要闻), if there is one."""
    for line in [l.strip() for l in text.split("\n") if l.strip()][:3]:
        m = _HEADER_PAGE.match(line)
        if m:
            number = m.group(1) or m.group(2) or m.group(5)
            return int(number), m.group(3) or m.group(4)
    return None, None


def read_manifest(folder: Path) -> tuple[dict[str, PageMeta], list[str]]:
    """manifest.csv beside the pages: file,newspaper,date,page[,note]."""
    path = folder / MANIFEST
    if not path.exists():
        return {}, []
    warnings: list[str] = []
    text, _, problem = decode(path.read_bytes())
    if text is None:
        return {}, [f"{path}: {problem}"]
    out: dict[str, PageMeta] = {}
    for n, row in enumerate(csv.DictReader(normalise_newlines(text).splitlines()), start=2):
        name = (row.get("file") or "").strip()
        if not name:
            warnings.append(f"{path}:{n}: no file name, row ignored")
            continue
        date = (row.get("date") or "").strip() or None
        if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            warnings.append(f"{path}:{n}: date {date!r} is not YYYY-MM-DD, ignored")
            date = None
        page = (row.get("page") or "").strip()
        out[name] = PageMeta(
            newspaper=(row.get("newspaper") or "").strip() or None,
            date=date,
            page_no=int(page) if page.isdigit() else None,
            page_name=(row.get("page_name") or "").strip() or None,
        )
    return out, warnings


def infer_issue_date(text: str) -> str | None:
    """The latest full date (2022年11月21日) printed on the page, as a guess at its issue date."""
    found = []
    for y, m, d in _TEXT_DATE.findall(text[:200000]):
        y, m, d = int(y), int(m), int(d)
        if 1800 < y < 2200 and 1 <= m <= 12 and 1 <= d <= 31:
            found.append(f"{y:04d}-{m:02d}-{d:02d}")
    return max(found) if found else None


def read_page(path: Path, source: str, meta: PageMeta | None = None) -> tuple[Page | None, list[str]]:
    """One page file as a Page (None when it cannot be read), with warnings naming the file."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [f"{source}: cannot be read ({e.strerror or e}): skipped"]
    text, encoding, problem = decode(data)
    if text is None:
        return None, [f"{source}: {problem}"]
    warnings = [f"{source}: {problem}"] if problem else []
    if encoding != "utf-8":
        warnings.append(f"{source}: decoded as {encoding.upper()}")
    text = normalise_newlines(text)
    meta = meta or meta_from_filename(path)
    date, inferred = meta.date, False
    page_no, page_name = meta.page_no, meta.page_name
    if page_no is None or page_name is None:
        head_no, head_name = header_page(text)
        page_no = page_no if page_no is not None else head_no
        page_name = page_name or head_name
    if not date:
        date = infer_issue_date(text)
        inferred = date is not None
    page = Page(
        source=source,
        text=text,
        newspaper=meta.newspaper,
        date=date,
        date_inferred=inferred,
        page_no=page_no,
        page_name=page_name,
        encoding=encoding,
        warnings=tuple(warnings),
    )
    return page, warnings


def iter_jsonl(path: Path, source: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, object, problem) for each line of an article JSONL file (.gz/.xz read directly)."""
    opener = gzip.open if path.name.endswith(".gz") else lzma.open if path.name.endswith(".xz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield n, None, f"{source}:{n}: not JSON ({e.msg}): line skipped"
                    continue
                if not isinstance(obj, dict):
                    yield n, None, f"{source}:{n}: not a JSON object: line skipped"
                    continue
                yield n, obj, None
    except (OSError, EOFError, lzma.LZMAError) as e:
        yield 0, None, f"{source}: cannot be read ({e}): rest of file skipped"
