"""Authors: the writers and photographers an article credits, kept apart from the people in it.

They come from the byline, the credits, the caption credits (唐伟青 摄), the reporter note of the
lead (本报讯(记者 殷雪莺 梁涛)) and a first paragraph of names only (吴冠中; a pen name, 永晴),
never from the story: a name found in both is an author only (entities.py decides that).
Run-together writers (王彦田周亮) are split by the surnames they open with.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import names

_HAN = names.HAN

_ROLE = re.compile("|".join(map(re.escape, sorted((r for r in names.BYLINE_ROLES if len(r) > 1), key=len, reverse=True))))
# 摄, 文, 图 are roles only standing apart (唐伟青 摄), never inside a name (杨文).
_SHORT_ROLE = re.compile(rf"(?<![{_HAN}])[摄文图](?![{_HAN}])|(?<=[{_HAN}]{{2}})(?:摄|画|绘)(?:于[{_HAN}]{{1,8}})?$")  # 夏清泉画, 于渌摄于德国
_SPACED_ROLE = re.compile(r"(记|通|摄)\s+(者|讯|影)(\s+员)?")
_PAPER = re.compile(rf"[{_HAN}]{{2,6}}(日报|晚报|晨报|电视台|通讯社)(?=[{_HAN}]*?(记者|通讯员))")
_DATELINE = re.compile(rf"(新华社|中新社|本报)[{_HAN}]{{0,8}}\d{{1,2}}月\d{{1,2}}日(电|讯)")
_LEAD_NOTE = re.compile(r"^[^()（）]{0,30}?[(（]([^()（）]{2,60})[)）]")
_TRAILING_NOTE = re.compile(r"[(（]([^()（）]{2,40})[)）]\s*$")
_PHOTO_CREDIT = re.compile(rf"([{_HAN}·、\s]{{2,30}}?)\s*(?:文/摄|文／摄|摄影|摄)\s*[)）]?\s*$")
_NAME_CHUNK = re.compile(rf"[{_HAN}·]+")


_SURNAME_RANK = {c: i for i, c in enumerate(names.COMMON_SURNAMES)}


def _split_names(chunk: str) -> list[str]:
    """Names run together (陈辉李清华, 王彦田周亮) split where each piece opens with a surname: of
    the ways to cut them, the one whose surnames are commonest, fewest pieces first (王彦田 周亮,
    not 王彦 田周亮); else the chunk whole."""
    if 2 <= len(chunk) <= 4 or "·" in chunk:
        return [chunk]

    @lru_cache(maxsize=None)
    def cover(at: int) -> tuple[float, tuple[str, ...]] | None:
        if at == len(chunk):
            return 0.0, ()
        rest = chunk[at:]
        if rest[:2] in names.COMPOUND_SURNAMES:
            sizes, rank = (3, 4), 50
        elif rest[0] in names.SURNAMES:
            sizes, rank = (2, 3), _SURNAME_RANK.get(rest[0], 300)
        else:
            return None
        best = None
        for n in sizes:
            if len(rest) >= n:
                tail = cover(at + n)
                if tail is not None:
                    cost = tail[0] + 30 + rank
                    if best is None or cost < best[0]:
                        best = (cost, (rest[:n], *tail[1]))
        return best

    found = cover(0) if len(chunk) <= 16 else None
    return list(found[1]) if found else []


def _looks_like_person(name: str) -> bool:
    if "·" in name:
        return len(name) >= 3
    if not 2 <= len(name) <= 4:
        return False
    return name[0] in names.SURNAMES or name[:2] in names.COMPOUND_SURNAMES


def authors_in(credit: str) -> list[str]:
    """The names of a byline or credit (本报记者 郭娟; 通 讯 员 尚晓佳 刘丹 文/摄; (李杰华、张乾忠))."""
    text = _SPACED_ROLE.sub(lambda m: m.group(0).replace(" ", ""), credit)
    text = _DATELINE.sub(" ", text)
    text = _PAPER.sub(" ", text)
    text = _ROLE.sub(" ", text)
    text = _SHORT_ROLE.sub(" ", text.strip())
    out: list[str] = []
    for chunk in _NAME_CHUNK.findall(text):
        for name in _split_names(chunk):
            if _looks_like_person(name) and name not in out:
                out.append(name)
    return out


_BYLINE_PARAGRAPH = re.compile(rf"[{_HAN}]{{2,12}}(?: +[{_HAN}]{{2,12}})*")


def byline_paragraph(first: str) -> list[str]:
    """The writers of a paragraph right under the title that holds only their names (吴冠中;
    边保国马健环; 赵国政 吕艺生), as papers print a byline of a commentary or a feature; a pen name
    (永晴, 剑武) counts, being no word or place jieba knows (汇率, 四川 are none). [] for any
    other paragraph."""
    if len(first) > 40:
        return []  # a paragraph of the story
    line = first.strip().replace("\u3000", " ")
    if not _BYLINE_PARAGRAPH.fullmatch(line):
        return []
    out: list[str] = []
    for chunk in line.split():
        if len(chunk) <= 3 and (chunk[0] in names.SURNAMES or names.dictionary_words().get(chunk, "r") == "r"):
            out.append(chunk)  # one name, maybe a pen name
            continue
        parts = _split_names(chunk) if len(chunk) >= 4 else []
        if any(names.dictionary_words().get(part[:2], "r") != "r" for part in parts):
            return []  # 华南师范大学 is no 华南师 and 范大学: 华南 is a word
        if len(parts) < 2 and not (len(chunk) == 4 and chunk[:2] in names.COMPOUND_SURNAMES):
            return []  # 开栏的话, 天气趋势分析: no names
        out += parts or [chunk]
    return out


def _credit_of_lead(lead: str) -> str | None:
    """The reporter note right after a dateline: 本报讯(记者 殷雪莺 梁涛), 新华社北京1月5日电(记者 张三)."""
    m = _LEAD_NOTE.match(lead)
    if m and ("记者" in m.group(1) or "通讯员" in m.group(1)):
        return m.group(1)
    return None


# A role written as a label (视频编辑：张贝龙 文字编辑：温凤浩, 责任编辑：刘禛): the names after it are credits.
_ROLE_LABEL = re.compile(rf"(?:{_ROLE.pattern})\s*[：:]")
_NAMES_ONLY = re.compile(rf"[{_HAN}、\s]{{2,20}}")


def _trailing_credit(last: str) -> str | None:
    """The writers' note closing an article: (何黄彪 王永华), (陆君喜张冠军张津雪), (本报记者 张三):
    names only, each opening with a surname, or a role before them."""
    m = _TRAILING_NOTE.search(last)
    if not m:
        return None
    inner = m.group(1).strip()
    if "记者" in inner or "通讯员" in inner or _ROLE_LABEL.search(inner):
        return inner
    if not _NAMES_ONLY.fullmatch(inner):
        return None
    chunks = _NAME_CHUNK.findall(inner)
    if chunks and all(_split_names(c) and all(_looks_like_person(n) for n in _split_names(c)) for c in chunks):
        return inner
    return None


def _photo_credit(caption: str) -> str | None:
    m = _PHOTO_CREDIT.search(caption)
    if not m:
        return None
    tail = m.group(1)
    # 张昊宇 摄 after a caption sentence: only what follows the last sentence end.
    return re.split(r"[。！？，,]", tail)[-1]
