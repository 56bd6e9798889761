"""The plain data that flows between the pipeline's stages (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class District:
    """A place an article names: as printed then, placed in today's province > city > county.

    `level` says which: a county-level unit (小店区, 古交市, 延庆县 printed in 1998), a
    prefecture-level city (an article that names only 太原市), or a province (山西).
    """

    name: str  # as the article printed it, its full name then: 延庆县 (1998)
    city: str  # today's prefecture-level city: 太原市; for 直辖市 counties the municipality (北京市); "" for a province
    province: str  # today's province: 山西省
    code: str = ""  # today's 6-digit code of the unit: 110119 (延庆区)
    level: str = "county"  # "county" | "city" | "province"
    today: str = ""  # today's name where it differs from the printed one: 延庆区 ("" = the same)
    printed_code: str = ""  # the code the printed name had then, where it differs: 110229

    @property
    def current(self) -> str:
        """Today's name of the unit (延庆区 for a printed 延庆县)."""
        return self.today or self.name

    @property
    def path(self) -> tuple[str, ...]:
        """Today's province > city > unit, as far down as the level goes (the facet and filter path)."""
        if self.level == "province":
            return (self.province,)
        if self.level == "city":
            return (self.province, self.city)
        return (self.province, self.city, self.current)

    def to_api(self) -> dict:
        """The JSON shape: as printed, the level, today's unit and its path."""
        return {
            "name": self.name,
            "level": self.level,
            "today": self.current,
            "code": self.code,
            "city": self.city,
            "province": self.province,
            "path": "/".join(self.path),
        }


@dataclass(frozen=True)
class Page:
    """One printed page's text with what is known about it."""

    source: str  # path as given / relative to the archive root; the page's identity
    text: str
    newspaper: str | None = None
    date: str | None = None  # issue date, YYYY-MM-DD
    date_inferred: bool = False  # True when the issue date was guessed from the text
    page_no: int | None = None
    page_name: str | None = None  # 版名: 要闻, 副刊 (manifest, file name or the page's header)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article as a reader sees it on the page (or as given pre-split in JSONL)."""

    id: str  # stable, URL-safe: [A-Za-z0-9_-]+
    source: str  # the page file (or JSONL file) it came from
    position: int  # 0-based order on its page / line in its JSONL file
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None  # YYYY-MM-DD
    date_inferred: bool = False
    districts: tuple[District, ...] = ()
    kicker: str | None = None  # section label / 引题 above the title
    deck: str | None = None  # 副题, often opening with ——
    byline: str | None = None  # 本报记者 郭娟
    credits: tuple[str, ...] = ()  # closing (闫勇), 记者 王勇, 通讯员 … 文/摄
    captions: tuple[str, ...] = ()  # photo captions, 图为…, … 摄
    continued_from: str | None = None  # 上接第1版
    title_derived: bool = False  # no headline on the page: the title was made from the text
    newspaper: str | None = None
    page_no: int | None = None
    url: str | None = None
    # The page record and the rest of the structure (issue 12). `date` stays the dateline date
    # where the text gives one, else the issue date; facets, filters and sorting use issue_date.
    issue_date: str | None = None  # YYYY-MM-DD: the date the archive files the page under
    page_name: str | None = None  # 版名: 要闻, 副刊 …
    dateline: str | None = None  # 本报太原11月21日讯 / 新华社北京1月5日电 as printed
    subheads: tuple[int, ...] = ()  # 0-based indexes into paragraphs that are subheads
    continued_to: str | None = None  # 下转第2版
    page_labels: tuple[str, ...] = ()  # the page's labels (版头, 栏目), searchable with its articles
    # Issue 23: who and what the article names (entities.py), each in order of first appearance.
    # The people in the news and the people who wrote it are kept apart: a name is in one only.
    people: tuple[str, ...] = ()  # 林武, 蓝佛安: as printed (folded), never merged across articles
    people_titles: tuple[tuple[str, str], ...] = ()  # (林武, 省委书记): the title printed beside a name
    organisations: tuple[str, ...] = ()  # 太原市委, 国务院: relative names resolved to the paper's home
    organisation_forms: tuple[tuple[str, str], ...] = ()  # (市委, 太原市委): as printed, where resolved
    authors: tuple[str, ...] = ()  # 郭娟, 唐伟青: byline, credits, photo credits, the lead's reporter note


@dataclass(frozen=True)
class ParsedPage:
    """The result of segmenting one page (or one JSONL file): articles plus leftovers."""

    source: str
    articles: tuple[Article, ...]
    labels: tuple[str, ...] = ()  # page labels and OCR debris kept, not articles
    newspaper: str | None = None
    date: str | None = None
    date_inferred: bool = False
    page_no: int | None = None
    page_name: str | None = None
    warnings: tuple[str, ...] = field(default=())
