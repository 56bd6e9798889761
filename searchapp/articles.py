"""Segmentation: a page's text becomes the articles a reader sees on it (pure, no I/O).

The OCR'd page is a sequence of lines (paragraphs separated by blank lines). Each line is
classified, then one pass builds articles:

* a **headline run** (one to four short lines without sentence-final punctuation: kicker or
  section label, title, subtitle, ``——`` deck, ``本报记者 …`` byline) opens an article when a
  ``本报讯`` lead, a byline or a ``(上接第1版)`` continuation follows it, or when the article
  before it is a news item or already closed by its credit; inside an open feature it is a
  subhead and stays in the article as a paragraph;
* ``本报讯`` leads always open an article (news item), with the headline run before them;
* a paragraph cut where a column ended (no sentence-final punctuation) is joined with the next
  body paragraph, even across a photo caption that the layout put between them;
* credits (``(闫勇)`` at the end of a paragraph or alone, ``记者 王勇``, ``通 讯 员 … 文/摄``) close
  the article; photo captions (``图为…``, a paragraph followed by ``… 摄``) attach to the open
  feature, or stand alone as a captioned photo;
* lines left over (a trailing ``我为群众办实事``, OCR debris with long digit runs) are kept
  as page labels.

`check_no_text_lost` proves that every character of the page (whitespace aside) ends up in
exactly one place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import rjieba

from .dates import lead_date
from .districts import districts_in
from .models import Article, Page, ParsedPage
from .segmentation import _AUTHOR, looks_like_name, start_scores

HEADLINE_MAX = 60
DERIVED_MAX = 24  # characters of a title made from the text
RUN_MAX = 6
START_MARGIN = 10.0
VETO_MARGIN = 70.0
SURE_MARGIN = 50.0
LEAD_VETO_MARGIN = 40.0
CLOSERS = "”’」』)）"
_INNER_PUNCT = re.compile(r"[，,。；;]")
_CONTINUATION = re.compile(r"^[(（]\s*(上接第?\s*[0-9０-９一二三四五六七八九十]+\s*版)\s*[)）]")
_CONTINUED_TO = re.compile(r"\s*[(（]\s*(下转第?\s*[0-9０-９一二三四五六七八九十]+\s*版)\s*[)）]\s*$")
_LEAD = re.compile(r"^(本报讯|(新华社|中新社|本报)[^，,。]{0,16}(电|讯))")
_BYLINE = re.compile(r"^(本报|新华社|中新社|本刊)?(驻[\u4e00-\u9fff]{1,8})?(特约|实习|特派)?(记\s*者|通\s*讯\s*员)[\s\u4e00-\u9fff、·/]{1,40}$")
_PHOTO_CREDIT = re.compile(r"^[\u4e00-\u9fff·、\s]{0,12}[\u4e00-\u9fff]{2,4}\s*(文/)?摄(影)?$")
_CREDIT = re.compile(r"^[(（][\u4e00-\u9fff、，,\s]{2,24}[)）]$")
# The closing wire credit of a People's Daily item: (新华社北京1月1日电), (本报开罗1月5日电).
_ENDS_WITH_WIRE = re.compile(r"[。！？!?…”][(（](据)?(新华社|本报|中新社)[^()（）]{0,24}(电|讯)[)）]$")
_WIRE_CREDIT = re.compile(r"^[(（](据)?(新华社|本报|中新社)[^()（）]{0,24}(电|讯)[)）]$")
_TRAILING_CREDIT = re.compile(r"(?<=[。！？”])\s*([(（][\u4e00-\u9fff、，,\s]{2,24}[)）])\s*$")
_CAPTION_START = re.compile(r"^(图为|上图|下图|左图|右图|图片为|由上到下图片|由左至右图片|图[一二三四1-4][:：])")
_INLINE_PHOTO_CREDIT = re.compile(r"[。！？”]\s*([\u4e00-\u9fff]{2,4}\s*摄)$")
_DEBRIS = re.compile(r"\d{5,}")
_SENTENCE_END = re.compile(r"[。！？!?；;，,：:]")


def ends_sentence(text: str) -> bool:
    """Sentence-final punctuation at the end; a closing quote counts only after it (。” but not “隔离墙”)."""
    text = text.rstrip()
    if not text:
        return False
    if text[-1] in "。！？!?…；;":
        return True
    return text[-1] in CLOSERS and len(text) > 1 and text[-2] in "。！？!?…"


def _spaces(line: str) -> int:
    return len(re.findall(r"(?<=\S)\s+(?=\S)", line))


@dataclass
class _Line:
    text: str
    kind: str  # continuation lead byline photo_credit credit caption deck debris headline body
    index: int = 0


def classify(line: str) -> str:
    """What a single line is, by its shape alone."""
    if _CONTINUATION.match(line):
        return "continuation"
    if _CONTINUED_TO.fullmatch(line):
        return "continued_to"
    if _LEAD.match(line):
        return "lead"
    if len(line) <= 24 and _PHOTO_CREDIT.match(line) and "文/摄" not in line:
        return "photo_credit"
    if len(line) <= 50 and _BYLINE.match(line) and not line.endswith(("。", "，")):
        return "byline"
    if _CREDIT.match(line) or _WIRE_CREDIT.match(line):
        return "credit"
    if _ENDS_WITH_WIRE.search(line):
        return "body"  # 谢谢!(新华社北京12月31日电): the closing words of an item
    if _CAPTION_START.match(line):
        return "caption"
    if _DEBRIS.search(line) and len(line) <= HEADLINE_MAX and not ends_sentence(line) and not _INNER_PUNCT.search(line):
        return "debris"
    if line.startswith(("——", "—", "--")) and len(line) <= 80 and not ends_sentence(line):
        return "deck"
    if len(line) <= HEADLINE_MAX and not ends_sentence(line) and not _INNER_PUNCT.search(line):
        return "headline"
    return "body"


@dataclass
class _Builder:
    kind: str  # news, feature, continuation, orphan
    kicker: list[str] = field(default_factory=list)
    title: str = ""
    title_derived: bool = False
    deck: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    subheads: list[int] = field(default_factory=list)  # indexes into paragraphs
    continued_from: str | None = None
    continued_to: str | None = None
    closed: bool = False
    unfinished: bool = False  # last paragraph was cut at a column end
    first_line: int = 0  # index among the page's non-empty lines where the article starts

    def add_line(self, text: str) -> None:
        """A line that stands on its own (a verse line, a signature): never joined to the one before."""
        self.unfinished = False
        self.add_body(text)
        self.unfinished = False

    def add_body(self, text: str) -> None:
        if self.unfinished and self.paragraphs:
            self.paragraphs[-1] += text
        else:
            self.paragraphs.append(text)
        jump = _CONTINUED_TO.search(self.paragraphs[-1])
        if jump:
            # (下转第2版) ends what this page holds of the article: the rest is on that page.
            self.paragraphs[-1] = self.paragraphs[-1][: jump.start()].rstrip()
            if not self.paragraphs[-1]:
                self.paragraphs.pop()
            self.continued_to = jump.group(0).strip()
            self.closed, self.unfinished = True, False
            return
        m = _TRAILING_CREDIT.search(self.paragraphs[-1])
        if m:
            self.paragraphs[-1] = self.paragraphs[-1][: m.start(1)].rstrip()
            self.credits.append(m.group(1))
            self.closed = True
        self.unfinished = not ends_sentence(self.paragraphs[-1]) and not m


_LEADING_DATE = re.compile(r"^(\d{1,2}月\d{1,2}日|近日|日前)[^，,。]{0,6}[，,]")


def continuation_title(continued_from: str, text: str = "") -> str:
    """The marked title of a continued part whose headline is on another page, made from its own
    first clause: (续)林武在讲话中对常态化赋码用码…. Parts continued from a page the archive lacks
    are otherwise told apart by nothing (three "(续)上接第1版" on one page); only a part without
    text keeps the jump note: (续)上接第1版. Where the first part is found (ingest.Continuations),
    its headline replaces this one."""
    if text.strip():
        return "(续)" + _derived_title(text.strip())
    return "(续)" + continued_from.strip().strip("()（）").strip()


def jump_page(note: str | None) -> int | None:
    """The page number a 上接第1版 / 下转第2版 note names."""
    m = re.search(r"第?\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*版", note or "")
    if not m:
        return None
    digits = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isdigit():
        return int(digits)
    tens, _, ones = digits.partition("十")
    cn = "一二三四五六七八九"
    if "十" in digits:
        return (cn.index(tens) + 1 if tens else 1) * 10 + (cn.index(ones) + 1 if ones else 0)
    return cn.index(digits) + 1 if digits in cn else None


def _derived_title(text: str) -> str:
    """A title for an article the page prints none for: its first clause, without a leading date."""
    text = _LEADING_DATE.sub("", text, count=1)
    m = _SENTENCE_END.search(text)
    head = text[: m.start()] if m and m.start() >= 4 else text
    if len(head) > DERIVED_MAX:
        # Cut between words (jieba), never inside one: 能力建设 stays whole or goes whole.
        cut, size = [], 0
        for word in rjieba.cut(head[: DERIVED_MAX + 8]):
            if size + len(word) > DERIVED_MAX:
                break
            cut.append(word)
            size += len(word)
        head = "".join(cut) or head[:DERIVED_MAX]
        return head + "…"
    return head + ("…" if m else "")


def looks_like_byline(text: str) -> bool:
    """A byline or author line (本报记者 郭娟, 新华社记者陈辉李清华本报记者何伟, 本报评论员)."""
    return bool(_BYLINE.match(text) or (_AUTHOR.match(text) and len(text) <= 40 and not ends_sentence(text)))


def _headline_shaped(text: str) -> bool:
    """Short and not a sentence: could be a headline even with a comma in it."""
    return len(text) <= HEADLINE_MAX and not ends_sentence(text) and "。" not in text


def _apply_headline(builder: _Builder, run: list[_Line]) -> None:
    """Split a headline run into kicker(s), title, subtitle/deck, byline and a leading subhead."""
    builder.byline = [l.text for l in run if l.kind == "byline"]
    core_lines = [l for l in run if l.kind in ("headline", "debris")]
    while len(core_lines) > 1 and (looks_like_name(core_lines[-1].text) or looks_like_byline(core_lines[-1].text)):
        core_lines.pop()  # the author under the title (发乎情贵乎理 / 潘驰): a byline, below
    core = [l.text for l in core_lines]
    if not core:
        builder.deck = [l.text for l in run if l.kind == "deck"]
        return
    # The title first, then what stands under it (People's Daily runs the kicker into the title
    # line): authors, a deck, a first subhead. Unless the first line reads like a kicker (spaced
    # phrases, or a short column or place name over a longer line), or the last one is spaced or
    # carries a —— deck: then the title is the last line.
    last_at = run.index(core_lines[-1])
    deck_follows = any(l.kind == "deck" for l in run[last_at + 1 :])
    title_last = len(core) == 1 or deck_follows or _spaces(core[-1]) == 1 or _spaces(core[0]) >= 1 or (len(core[0]) <= 6 and len(core[-1]) > len(core[0]))
    if len(core) >= 2 and _spaces(core[-1]) >= 2 and _spaces(core[-2]) < 2:
        # A subtitle of parallel phrases (高效应急处置 精准常态防控 同心协力…) under the title.
        title_at, title_last = len(core) - 2, True
    elif title_last:
        title_at = len(core) - 1
    else:
        title_at = 0
    builder.kicker = core[:title_at]
    builder.title = core[title_at]
    deck: list[str] = []
    for l in run:
        if l.kind == "deck" or (l.kind in ("headline", "debris") and (l not in core_lines or core_lines.index(l) > title_at)):
            if l.kind != "deck" and looks_like_name(l.text) or looks_like_byline(l.text):
                builder.byline.append(l.text)
            elif l.kind != "deck" and not title_last and not deck and (len(l.text) <= 8 or _NUMBERED.match(l.text)):
                builder.paragraphs.append(l.text)  # 天气趋势分析, 1、大江截流展宏图: the first subhead
                builder.subheads.append(len(builder.paragraphs) - 1)
            elif builder.paragraphs:
                builder.paragraphs.append(l.text)
            else:
                deck.append(l.text)
    builder.deck = deck


_NUMBERED = re.compile(r"^([0-9]{1,2}|[一二三四五六七八九十]{1,3})[、.．]")


def segment(page: Page) -> tuple[list[_Builder], list[str]]:
    lines = [_Line(t, classify(t), n) for n, t in enumerate(t for t in (raw.strip() for raw in page.text.split("\n")) if t)]
    scores = start_scores([l.text for l in lines])
    builders: list[_Builder] = []
    labels: list[str] = []
    pending: list[_Line] = []  # a headline run waiting for what follows it
    prev_kind = ""
    in_table = False  # the lines just placed are a table's heading or rows

    def current() -> _Builder | None:
        return builders[-1] if builders else None

    def start(kind: str, run: list[_Line]) -> _Builder:
        b = _Builder(kind=kind, first_line=run[0].index if run else line.index)
        _apply_headline(b, run)
        builders.append(b)
        return b

    for line in lines:
        if line.kind in ("headline", "deck") or (line.kind == "byline" and pending):
            pending.append(line)
            if len(pending) > RUN_MAX:
                # Too long for a headline: verse lines, a list, a table. Never page labels when
                # an article is open or the model sees one starting: they are its text.
                first = pending.pop(0)
                cur = current()
                if scores[first.index] > START_MARGIN or (cur is None and pending[0].kind != "byline"):
                    head = [first]
                    while pending and (looks_like_name(pending[0].text) or pending[0].kind == "byline"):
                        head.append(pending.pop(0))  # the poem's author under its title
                    start("feature", head)
                elif cur is not None:
                    cur.add_line(first.text)
                else:
                    labels.append(first.text)
            continue
        run, pending = pending, []
        cur = current()
        if len(run) > 1 and cur is not None:
            # A run whose later line is where the model sees the next article start: the lines
            # before it end the open article (a closing note, a subhead) rather than head the next.
            split = max(range(len(run)), key=lambda k: scores[run[k].index])
            if split > 0 and scores[run[split].index] > START_MARGIN and scores[run[0].index] < 0:
                cur.unfinished = False
                for tail in run[:split]:
                    cur.add_body(tail.text)
                run = run[split:]
        if run and line.kind == "body" and cur is not None and cur.paragraphs and all(looks_like_name(l.text) or l.kind == "byline" for l in run) and _headline_shaped(cur.paragraphs[-1]):
            # 边界上,两国国旗同降——…(附图片1张) / 齐长明: a headline with a comma, then its author.
            # A name is never a title: the line above it is, whichever article it was put in.
            if not cur.title and len(cur.paragraphs) == 1:
                cur.title = cur.paragraphs.pop()
                cur.byline.extend(l.text for l in run)
                cur.unfinished = False
            else:
                title = cur.paragraphs.pop()
                if len(cur.paragraphs) in cur.subheads:
                    cur.subheads.remove(len(cur.paragraphs))
                cur.unfinished = False
                b = start("feature", [])
                b.title, b.byline, b.first_line = title, [l.text for l in run], run[0].index - 1
            run = []
        if run and line.kind == "body":
            by_rules = any(l.kind == "byline" for l in run) or cur is None or cur.closed or cur.kind in ("news", "orphan", "photo")
            score = scores[run[0].index]
            # Subheads come in parallel sets (退休党员来报到 … 参与治理兴致高): a feature that has one
            # takes another single short line as its next, unless the model is sure of a new article.
            parallel = cur is not None and bool(cur.subheads) and len(run) == 1 and len(run[0].text) <= 2 * max(len(cur.paragraphs[i]) for i in cur.subheads)
            margin = SURE_MARGIN if parallel else START_MARGIN
            opens = cur is None or (score > margin or (by_rules and score >= -VETO_MARGIN))
            if opens:
                start("feature", run)
            else:
                for l in run:
                    if len(run) == 1:  # a subhead of the open feature; several short lines are verse or a list
                        cur.subheads.append(len(cur.paragraphs))
                    cur.paragraphs.append(l.text)
                cur.unfinished = False
            run = []
        elif run and line.kind not in ("lead", "continuation"):
            if scores[run[0].index] > START_MARGIN and line.kind in ("caption", "photo_credit", "byline", "credit", "debris"):
                start("feature", run)  # a photo item, a verse, a table under its own headline
                in_table = line.kind == "debris"
            elif cur is not None and line.kind in ("caption", "photo_credit"):
                cur.captions.extend(l.text for l in run)  # 图片: / a photo's own title, above its caption
            elif cur is not None and scores[run[0].index] < 0:
                for l in run:  # the end of a verse, a signature: the open article's, not the page's
                    cur.add_line(l.text)
                in_table = line.kind == "debris"
            else:
                labels.extend(l.text for l in run)
            run = []
        cur = current()

        if line.kind == "continuation":
            m = _CONTINUATION.match(line.text)
            b = start("continuation", run)
            b.continued_from = line.text[: m.end()]
            rest = line.text[m.end() :].strip()
            if rest:
                b.add_body(rest)
        elif line.kind == "continued_to":
            if cur is not None:
                cur.continued_to = line.text
                cur.closed, cur.unfinished = True, False
            else:
                labels.append(line.text)
        elif line.kind == "lead":
            if not run and cur is not None and scores[line.index] < -LEAD_VETO_MARGIN:
                cur.unfinished = False
                cur.add_body(line.text)  # a second dispatch inside a round-up, not a new item
            else:
                start("news", run).add_body(line.text)
        elif line.kind in ("byline", "credit"):
            if cur is not None:
                cur.credits.append(line.text)
                cur.closed = True
            else:
                labels.append(line.text)
        elif line.kind == "photo_credit":
            _attach_photo_credit(line.text, cur, prev_kind, start, labels)
        elif line.kind == "caption":
            if cur is not None and (not cur.closed or scores[line.index] < 0):
                cur.captions.append(line.text)  # a photo placed after the article's credit is still its photo
            else:
                labels.append(line.text)
        elif line.kind == "debris":
            if cur is not None and in_table:
                cur.paragraphs.append(line.text)  # a row of figures under the table's heading
            else:
                labels.append(line.text)
        else:  # body
            inline_credit = _INLINE_PHOTO_CREDIT.search(line.text)
            if inline_credit and not (cur and cur.unfinished):
                photo = start("photo", [])
                photo.paragraphs.append(line.text[: inline_credit.start(1)].rstrip())
                photo.credits.append(inline_credit.group(1))
                photo.closed = True
            elif cur is not None and (not cur.closed or cur.unfinished or scores[line.index] < -VETO_MARGIN) and cur.kind != "photo" and not (scores[line.index] > START_MARGIN and not cur.unfinished):
                cur.add_body(line.text)
            else:
                start("orphan", []).add_body(line.text)
        prev_kind = line.kind
        in_table = in_table and line.kind == "debris"
    cur = current()
    if pending and cur is not None and scores[pending[0].index] < 0:
        for l in pending:  # the last lines of a poem, a signature (本报群众工作部 / 1998年1月7日)
            cur.add_line(l.text)
    else:
        labels.extend(l.text for l in pending)
    for b in builders:
        if not b.title:
            source = b.paragraphs[0] if b.paragraphs else (b.captions[0] if b.captions else "")
            if b.continued_from:
                b.title = continuation_title(b.continued_from, source)  # never a sentence cut mid-word
            else:
                b.title = _derived_title(source) if source else "(无题)"
            b.title_derived = True
    return builders, labels


def _attach_photo_credit(credit: str, cur: _Builder | None, prev_kind: str, start, labels: list[str]) -> None:
    """`… 摄` after a caption or a paragraph: that text is a photo caption."""
    if cur is not None and prev_kind == "caption" and cur.captions:
        cur.captions.append(credit)
    elif cur is None or not cur.paragraphs or prev_kind != "body":
        labels.append(credit)
    elif cur.kind == "orphan" and len(cur.paragraphs) == 1:
        cur.kind = "photo"
        cur.credits.append(credit)
        cur.closed = True
    else:
        # A news item or feature does not end in a photo of another subject: its last
        # paragraph is a standalone captioned photo the layout placed after it.
        last = cur.paragraphs.pop()
        cur.unfinished = bool(cur.paragraphs) and not ends_sentence(cur.paragraphs[-1])
        photo = start("photo", [])
        photo.paragraphs.append(last)
        photo.credits.append(credit)
        photo.closed = True


_DATELINE = re.compile(r"^(据|综合)?(本报|新华社|中新社)[^，,。:：(（]{0,20}?(电|讯)|^本报讯")


def dateline_of(lead: str) -> str | None:
    """The dateline a lead opens with, as printed (本报讯, 本报北京1月4日讯, 新华社北京1月5日电)."""
    m = _DATELINE.match(lead)
    return m.group(0) if m else None


def articles_of(page: Page, page_key: str) -> ParsedPage:
    """Segment a page into articles with ids, dates and districts."""
    return build_articles(page, page_key, *segment(page))


def build_articles(page: Page, page_key: str, builders: list[_Builder], labels: list[str]) -> ParsedPage:
    """The Articles of a segmented page: ids, dates, districts and the page record on each."""
    articles = []
    for position, b in enumerate(builders, start=1):
        body = [p for n, p in enumerate(b.paragraphs) if n not in b.subheads]
        lead = body[0] if body else ""
        own = lead_date(lead, page.date)
        text_for_places = "\n".join([*b.kicker, b.title, *b.deck, *b.paragraphs, *b.captions])
        articles.append(
            Article(
                id=f"{page_key}-{position:02d}",
                source=page.source,
                position=position,
                title=b.title,
                title_derived=b.title_derived,
                paragraphs=tuple(b.paragraphs),
                date=own or page.date,
                date_inferred=page.date_inferred,
                districts=districts_in(text_for_places, page.newspaper, date=own or page.date),
                kicker="\n".join(b.kicker) or None,
                deck="\n".join(b.deck) or None,
                byline="\n".join(b.byline) or None,
                credits=tuple(b.credits),
                captions=tuple(b.captions),
                continued_from=b.continued_from,
                continued_to=b.continued_to,
                newspaper=page.newspaper,
                page_no=page.page_no,
                issue_date=page.date,
                page_name=page.page_name,
                dateline=dateline_of(lead),
                subheads=tuple(b.subheads),
                page_labels=tuple(labels),
            )
        )
    return ParsedPage(
        source=page.source,
        articles=tuple(articles),
        labels=tuple(labels),
        newspaper=page.newspaper,
        date=page.date,
        date_inferred=page.date_inferred,
        page_no=page.page_no,
        page_name=page.page_name,
        warnings=page.warnings,
    )


def check_no_text_lost(page: Page, parsed: ParsedPage) -> list[str]:
    """Problems found: characters of the page missing from, or repeated in, the articles and labels."""
    def chars(text: str) -> Counter:
        return Counter(c for c in text if not c.isspace())

    placed: Counter = Counter()
    for a in parsed.articles:
        pieces = [a.kicker or "", a.deck or "", a.byline or "", a.continued_from or "", a.continued_to or "", *a.paragraphs, *a.credits, *a.captions]
        if not a.title_derived:
            pieces.append(a.title)
        for piece in pieces:
            placed += chars(piece)
    for label in parsed.labels:
        placed += chars(label)
    original = chars(page.text)
    problems = []
    missing = original - placed
    extra = placed - original
    if missing:
        problems.append(f"{page.source}: {sum(missing.values())} characters lost: {''.join(sorted(missing.elements()))[:60]}")
    if extra:
        problems.append(f"{page.source}: {sum(extra.values())} characters repeated: {''.join(sorted(extra.elements()))[:60]}")
    return problems
