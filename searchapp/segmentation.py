"""The learned part of segmentation: does an article start at this line of the page? (pure, no I/O but the model file)

A linear model (averaged perceptron) over the shapes of a line and its neighbours: length,
final punctuation, datelines, bylines, numbering, credits, photo notes. It was trained on
People's Daily pages of 1998-01-01..20 only (`python -m searchapp.train_segmenter`); the
weights ship as `data/segmenter.json`. `articles.segment` asks it where the rules alone are
unsure: a headline run inside an open article (new article or subhead?) and a body line that
might open a title-less item.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .names import COMMON_SURNAMES

MODEL_PATH = Path(__file__).parent / "data" / "segmenter.json"

_DATELINE = re.compile(r"^(据|综合)?(本报|新华社|中新社|本刊|新华)[^，,。:：]{0,20}?(电|讯|专电|消息)")
_BYLINE = re.compile(r"^(本报|新华社|本刊)?(驻[\u4e00-\u9fff]{1,8})?(特约|实习)?(记者|通讯员|评论员|特派记者)")
_NUMBERED = re.compile(r"^([0-9]{1,2}|[一二三四五六七八九十]{1,3})[、.．]")
_BULLET = re.compile(r"^[●○◆◇■□▲△★☆·※]")
_PAREN_CREDIT = re.compile(r"[(（][^()（）]{1,30}[)）]$")
_WIRE_CREDIT = re.compile(r"[(（](新华社|本报|中新社)[^()（）]{0,24}(电|讯)[)）]$")
_PHOTO = re.compile(r"摄(影)?[)）]?$")
_PHOTO_NOTE = re.compile(r"[(（]附(图片|照片)")
_CAPTION = re.compile(r"^(图为|上图|下图|左图|右图|图片为|本报记者\S{0,6}摄)")
_CONTINUED = re.compile(r"(上接|下转|接第|转第)\s*第?\s*[0-9一二三四五六七八九十]+\s*版")
_QUOTE_OPEN = "“『「《"
_SENT_END = "。！？!?…；;"


# Common surnames (single and compound): a short line of a name under a headline is its author.
_SURNAMES = COMMON_SURNAMES
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯", "端木", "西门")
_AUTHOR = re.compile(r"^(本报|新华社|本刊)?(特约)?(评论员|记者|通讯员|编辑部)")


def looks_like_name(text: str) -> bool:
    """A bare personal name, or a few run together (廖志承, 潘跃王萍): an author line, never a headline."""
    text = re.sub(r"[\s·、]", "", text)
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,16}", text)) and _names_cover(text)


def _names_cover(text: str) -> bool:
    """Whether text splits into names of 2-3 characters (3-4 for a compound surname), each opening with a surname."""
    if not text:
        return True
    sizes = (3, 4) if text.startswith(_COMPOUND_SURNAMES) else (2, 3) if text[0] in _SURNAMES else ()
    return any(len(text) >= n and _names_cover(text[n:]) for n in sizes)


def _len_bucket(n: int) -> str:
    for b in (2, 4, 6, 8, 12, 16, 24, 40, 60, 100, 200):
        if n <= b:
            return str(b)
    return "big"


def _char_class(c: str) -> str:
    if not c:
        return "none"
    if c.isdigit():
        return "digit"
    if "\u4e00" <= c <= "\u9fff":
        return "han"
    if c.isascii() and c.isalpha():
        return "latin"
    return c  # punctuation is its own class


def line_shape(text: str) -> dict[str, str]:
    """The features of one line on its own, as name -> value."""
    last = text[-1] if text else ""
    f = {
        "len": _len_bucket(len(text)),
        "first": _char_class(text[:1]),
        "last": _char_class(last),
        "end": "sent" if last in _SENT_END or (len(text) > 1 and last in "”’」』" and text[-2] in _SENT_END) else ("comma" if last in ",，、:：" else "open"),
        "inner": "yes" if re.search(r"[，,。；;]", text[:-1]) else "no",
        "dateline": "yes" if _DATELINE.match(text) else "no",
        "byline": "yes" if _BYLINE.match(text) and len(text) <= 40 else "no",
        "numbered": "yes" if _NUMBERED.match(text) else "no",
        "bullet": "yes" if _BULLET.match(text) else "no",
        "paren_end": "wire" if _WIRE_CREDIT.search(text) else ("yes" if _PAREN_CREDIT.search(text) else "no"),
        "photo": "yes" if _PHOTO.search(text) else "no",
        "photo_note": "yes" if _PHOTO_NOTE.search(text) else "no",
        "caption": "yes" if _CAPTION.match(text) else "no",
        "continued": "yes" if _CONTINUED.search(text[:20]) else "no",
        "quote_open": "yes" if text[:1] in _QUOTE_OPEN else "no",
        "dash": "yes" if text.startswith(("——", "—", "--")) else "no",
        "space": "yes" if " " in text.strip() else "no",
        "name": "yes" if len(text) <= 16 and looks_like_name(text) else "no",
    }
    return f


def _short_kind(s: dict[str, str]) -> str:
    """A coarse kind for conjunctions: head (short, unpunctuated), dateline, byline, body."""
    if s["dateline"] == "yes":
        return "dl"
    if s["byline"] == "yes":
        return "by"
    if s["end"] == "open" and s["inner"] == "no" and s["len"] not in ("100", "200", "big"):
        return "head"
    return "body" if s["end"] == "sent" else "cut"


def features(shapes: Sequence[dict[str, str]], i: int, shape_features: bool = True) -> list[str]:
    """Feature names for 'an article starts at line i', from the shapes of lines i-2..i+2.

    With shape_features=False only the conjunctions (what start_scores does not sum per line).
    """
    out = ["bias"] if shape_features else []
    kinds = []
    for o in (-2, -1, 0, 1, 2):
        j = i + o
        if 0 <= j < len(shapes):
            s = shapes[j]
            if shape_features:
                out.extend(f"{o}:{name}={value}" for name, value in s.items())
            kinds.append(_short_kind(s))
        else:
            if shape_features:
                out.append(f"{o}:edge")
            kinds.append("edge")
    p2, p1, c0, n1, n2 = kinds
    out += [
        f"k-1,0={p1},{c0}",
        f"k0,1={c0},{n1}",
        f"k-1,0,1={p1},{c0},{n1}",
        f"k0,1,2={c0},{n1},{n2}",
        f"k-2,-1,0={p2},{p1},{c0}",
    ]
    cur = shapes[i]
    if i > 0:
        prev = shapes[i - 1]
        out.append(f"prev_end,len={prev['end']},{cur['len']}")
        out.append(f"prev_paren,cur={prev['paren_end']},{c0}")
    return out


def shapes_of(lines: Sequence[str]) -> list[dict[str, str]]:
    return [line_shape(t) for t in lines]


@lru_cache(maxsize=1)
def load_model(path: str = str(MODEL_PATH)) -> dict[str, float]:
    """The shipped weights (feature -> weight); empty when the file is missing, so rules decide alone."""
    try:
        return json.loads(Path(path).read_text("utf-8"))["weights"]
    except (OSError, ValueError, KeyError):
        return {}


def score(weights: dict[str, float], feats: Sequence[str]) -> float:
    return sum(weights.get(f, 0.0) for f in feats)


_TABLES: dict[int, tuple[dict[str, dict[str, float]], ...]] = {}


def _shape_tables(weights: dict[str, float]) -> tuple[dict[str, dict[str, float]], ...]:
    """Per offset -2..2: shape feature name -> value -> weight (weights regrouped once per model)."""
    key = id(weights)
    if key not in _TABLES:
        tables: tuple[dict[str, dict[str, float]], ...] = tuple({} for _ in range(5))
        for feature, w in weights.items():
            m = re.fullmatch(r"(-?\d):([a-z_]+)=(.*)", feature)
            if m:
                tables[int(m.group(1)) + 2].setdefault(m.group(2), {})[m.group(3)] = w
        _TABLES.clear()
        _TABLES[key] = tables
    return _TABLES[key]


def start_scores(lines: Sequence[str], weights: dict[str, float] | None = None) -> list[float]:
    """For each line, the model's score that an article starts there (> 0: it does).

    The same sum as `score(weights, features(shapes, i))`, with each line's shape features
    summed once per offset instead of once per neighbour: parsing stays fast.
    """
    weights = load_model() if weights is None else weights
    if not weights:
        return [0.0] * len(lines)
    shapes = shapes_of(lines)
    n = len(shapes)
    offsets = (-2, -1, 0, 1, 2)
    get = weights.get
    # unit[j][k]: the weight of line j's shape seen from offset offsets[k]
    tables = _shape_tables(weights)
    unit = [[sum(t[name].get(value, 0.0) for name, value in s.items() if name in t) for t in tables] for s in shapes]
    edge = [get(f"{o}:edge", 0.0) for o in offsets]
    out = []
    for i in range(n):
        total = get("bias", 0.0)
        for k, o in enumerate(offsets):
            j = i + o
            total += unit[j][k] if 0 <= j < n else edge[k]
        tail = features(shapes, i, shape_features=False)
        out.append(total + sum(get(f, 0.0) for f in tail))
    return out
