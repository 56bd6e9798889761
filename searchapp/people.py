"""People named in an article's text: where a name starts, how long it is, and the article's check.

What names mean (surnames, titles, the trained model) is `names.py`; entities.py runs this over
an article. Rules, each pinned by tests/test_entities.py:

* **People** are found where a name can start: a surname (or the first character of a
  transliterated name, 克林顿) right after punctuation, the start of a line, a title (书记,
  市长, 记者) or another context the model learned to look after (`StartScorer`). Each candidate
  length (张新 or 张新伟; 叶利 or 叶利钦) is scored by an averaged perceptron over the characters
  around it, the name's own characters and jieba's dictionary tag of it (`names.people_model`);
  the best length counts where its score is positive. The name is kept whole as printed, never
  as jieba cut it.
* **The article checks its names** (`NameCheck`): a name the scorer is unsure of that jieba or
  the gazetteer knows as a word or place (周转, 韩方), or that another name found there holds or
  extends (杨光 of 杨光华, 张勇又), is kept only where the whole article speaks for it (it recurs,
  说 or a title stands beside it); one after an office title or before 表示/会见 is kept as is.
* **Lists of names complete themselves**: where most items of a list (王沪宁、栗战书、杨洁篪;
  程步云、松布（土族）) are names found, its other items that can be names are names too.
* **Titles**: the words printed right before a name and ending in an office title (省委常委、市委
  书记韦韬, `title_before`) go into `people_titles` as (name, title), one pair per distinct
  title, so 林武 as governor and 林武 as party secretary stay two facts about the printed name;
  two people of one name are never merged with anything, since nothing beyond the printed name
  is assumed.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
import numpy as np

from . import names
from .districts import finder
from .name_scores import _GAP, MAX_DOTTED, MAX_FOREIGN, LengthScorer, StartScorer, _bmp

_HAN = names.HAN
TITLE_SPAN = 16  # characters before a name searched for its title
# Characters at which what stands before a name stops being its title (会见/山西师范大学副校长;
# 据/城北营业厅经理; a dateline's 1月19日电/国务委员).
_TITLE_CUT = re.compile(r"[，。；：！？“”‘’《》（）()\[\]\s,.;:!?]|[了的是在和与同向对给把被由从为及请让会见据]|日电")
_BRACKETED_PART = re.compile(rf"[{_HAN}]{{1,4}}")  # (山西) of 中科院(山西)科技园…执行总裁; not a dateline's （记者顾正龙）
_TITLE_LAST = frozenset(t[-1] for t in names.TITLES)  # the last character of every office title
_TITLE_END = re.compile("(?:" + "|".join(map(re.escape, names.TITLES)) + ")$")

_NOT_PEOPLE = names.FOREIGN_PLACES | names.NOT_PEOPLE
# No name cuts an ocean either (西太平 of 西太平洋): here, not among the places before a body
# (美军太平洋总部 is one body).
_OCEANS = frozenset("太平洋 大西洋 印度洋 北冰洋".split())
_PRONOUNS = frozenset("你您我们咱")  # never inside a person's name as printed in the news
# A surname and what one calls a person by it (张阿姨, 王师傅, 李老师): no name is printed.
# An office title after a surname is how one addresses its holder too (张市长, 李教授, 彭司令).
_HONORIFICS = frozenset(
    "阿姨 大爷 大妈 大娘 大姐 大哥 大叔 师傅 老师 先生 女士 小姐 同志 老汉 奶奶 爷爷 婆婆 老板 医生 大夫 书记 主任 总 局 科长 司令 指导".split()
) | frozenset(t for t in names.TITLES if len(t) == 2)
# 余 after a number is "more than" (2000余居民), never a surname there.
_NUMERALS = frozenset("0123456789零一二三四五六七八九十百千万亿")
# Function characters that end no three-character name (王毅就, 李强在, 张军对): what follows the name.
_NEVER_LAST = frozenset("就在对向说是的了将也又还称等被把从到去与表指见率陪这却出而推届")  # 杨雄陪同, 王建却, 董猛出舱, 闻令而动
# Function characters never inside a Chinese name of three (剑拔弩张的死对头, 张罗着, 周的程): what
# surrounds a surname-shaped character there is a sentence; no name of days 01-20 holds one. (在
# is no such character: Korean names hold it, 李在明, 文在寅.)
_NEVER_INSIDE = frozenset("的了着把被这")  # 连这一
# Characters the 1998 transliterations hold (会 则 才 来 热 都) that, right after a transliterated
# name, open what follows it (扎哈罗娃则指责, 乔治·斯特凡诺普洛斯来采访, 德米斯图拉会出席, 罗塞芙热烈欢迎,
# 李来建都会尽心): no foreign name of days 01-20 of four characters or more ends with one of 则会来才
# (皮埃罗·法西诺会以 is the corpus's slip), or holds one opening a word with the next. 热 and 都 do
# end names (阿维兰热, 艾米拉古丽·阿不都): cut only where they open a word (热烈) or the article prints
# the name without them (`_glued_heads`). Chinese names of three end so (周恩来, 冯骥才): left whole.
_GLUED_AFTER_FOREIGN = frozenset("则都来热会才")
_ENDS_NO_FOREIGN_NAME = frozenset("则来会才之")  # and 之 (乔治·弗洛伊德之死)
# What opens the rest of a sentence right after a name (孙杨为中国游泳队, 董猛出舱, 杜兰都表示): a name
# ending in one is cut before it where the article prints it without (`_glued_heads`).
_GLUED_TO_NAME = _GLUED_AFTER_FOREIGN | frozenset("为出")
# A name right before one of these is part of a body's name (约翰斯·霍普金斯大学, 盖茨基金会), not a
# person named there.
_BODY_AFTER = ("大学", "学院", "医院", "基金会", "研究所", "研究院", "博物馆")
# And what ends a meeting's or a body's name in 会 (索契冬奥会, 阿布扎比特奥会, 亚青会, 乌拉圭国会, 由安理会):
# the run before 会 is no name once 会 is cut off it (`_foreign_before_glued`).
_BODIES_IN_HUI = ("奥会", "青会", "金会", "国会", "理会", "大会")
MAX_LONG_DOTTED = 20  # characters of a name in three parts or more taken whole (维克多·费奥多罗维奇·亚努科维奇 is 16)
# 中 and the first character of a country's name (中哈, 中塔, 中智金融合作, 中洪 of China and
# Honduras): two countries, no name of two or three (中村, 中川不器男 of days 01-20 open otherwise).
_COUNTRY_INITIALS = frozenset(c[0] for c in names.COUNTRIES) - {"中"}
# What follows a given name's place and is an act, a thing or a word, never a given name (严起来,
# 管起来, 周落幕 of 设计周落幕, 席就座 of 执行主席席就座, 籾井发言, 谈思考, 谈体会, 时监控, 童筛查 of 儿童筛查,
# 夏玉米, 梁遗址 of 小长梁遗址, 高片酬, 长张高速): a surname's character before it is the end of another
# word. Listed by hand: no count or tag of jieba's tells them from given names that are words
# (胜利, 开发, 建国 are given names of days 01-20), and none of these is one there.
_NEVER_GIVEN = frozenset(
    "起来 落幕 就座 发言 思考 体会 监控 筛查 玉米 遗址 片酬 高速 贴画 "
    # and the acts printed after 周 (设计周开幕), 季, 程, 边 (边学习), 童 (儿童死亡), 梁 (大桥架设), 段, 区 …
    # on the same sample (李适时, 吴胜利, 段建成 are people: their words stay given names)
    "开幕 启动 打击 计算 活动 备战 学习 死亡 改造 进行 覆盖 几乎 架设 完成 结束 营救 治疗 努力 犯罪 影响 开展 "
    "试验 研究 开始 继续 救治 伤亡 确定 公布 开通 已经 实行 请求 来华 施工 "
    # and words of time, things and kin (本周今天, 单周跌幅, 社区居民, 云平台, 张高铁, 刘哥哥, 冬小麦)
    "今天 跌幅 居民 平台 高铁 哥哥 阿婆 特别 公元 元宵 刷牙 瓦斯 小麦".split())
# Two-character office titles whose last character is a surname: no name opens on it (主席|就座).
_TITLE_ENDING_IN_SURNAME = frozenset(t for t in names.TITLES if len(t) == 2 and t[1] in names.SURNAMES)
# A country by its one character, as the news writes its army (乌军, 美军) or its side (俄方, 韩方).
_COUNTRY_SHORT = frozenset("中美俄苏乌英法德意日韩朝以巴叙伊阿印越菲泰土沙埃欧马澳新加蒙缅柬")


# Countries the news names two or three together by their characters (韩朝, 英法德, 欧中, 乌美, 韩美日):
# none of them opens a transliteration (巴加埃, 马苏德, 加巴德 are people).
_PAIRED_COUNTRIES = frozenset("中美俄英法德日韩朝欧乌")
_ARMIES = frozenset("乌美俄日英法德以")  # whose army (乌军坦克) no surname's character opens


def _scanner(patterns: list[str]) -> ahocorasick_rs.AhoCorasick:
    """Leftmost-longest matches of a list scanned in every article, as a DFA: the same matches
    as the default automaton at 0.6 of its time on 新闻联播 (4 MB for the known names, built in
    5 ms; the organisations' 3,600 patterns would take 49 MB, and keep the default)."""
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                      implementation=ahocorasick_rs.Implementation.DFA)


def _never(name: str) -> bool:
    """Strings shaped like names that never are: places and words listed by hand (_NOT_PEOPLE),
    a country's army or side (乌军, 俄方; no name of days 01-20 is one) and what follows it (马方愿,
    欧方愿, 乌军坦克), countries named together (韩朝, 英法德), a verb doubled around 一 (松一松,
    抓一抓: 抓一抓有好转，松一松就反弹)."""
    if name in _NOT_PEOPLE or (len(name) == 3 and name[1] == "一" and name[0] == name[2]):
        return True
    if len(name) >= 2 and name[0] in _COUNTRY_SHORT and (name[1] == "方" or (name[1] == "军" and (len(name) == 2 or name[0] in _ARMIES))):
        return True
    return len(name) <= 3 and all(c in _PAIRED_COUNTRIES for c in name)
_DOCTRINE = frozenset({"思想", "理论", "主义"})  # 毛泽东思想, 邓小平理论: a doctrine, not the person


class PeopleFinder:
    """Candidates where a name can start, each length scored by the trained weights."""

    def __init__(self, model: names.PeopleModel, model_file: Path | None = None):
        """`model_file`: the file the model was read from, where derived tables may be cached."""
        self.model = model
        self.weights = model.weights
        self.translit = frozenset(model.translit)
        self.tags = names.word_tags(model.starts)
        self.words = names.dictionary_words()
        self.idioms = names.idioms()
        # The fixed contexts a name is looked for after (`fixed_starts`): any character but a Han
        # one, the learned single characters, and the learned two- and three-character contexts
        # with the office titles (省领导王拥军) whatever the training days held.
        is_start = np.zeros(0x10000, dtype=bool)
        is_start[[ord(c) for c in model.starts if ord(c) < 0x10000]] = True
        self._is_start = is_start
        opens = np.ones(0x10000, dtype=bool)
        opens[0x4E00:0xA000] = False
        opens[[ord(c) for c in model.left1 if ord(c) < 0x10000]] = True
        self._opens_after = opens
        contexts = set(model.left2) | set(model.left3) | {t for t in names.TITLES if 2 <= len(t) <= 4 and t[-1] not in model.left1}
        self._contexts = tuple((k, frozenset(c for c in contexts if len(c) == k)) for k in sorted({len(c) for c in contexts}))
        # The last characters of those contexts: where the character before a start is none of
        # them, `after_context` is False without slicing the text (most starts, a table look-up).
        ends_context = np.zeros(0x10000, dtype=bool)
        ends_context[[min(ord(c[-1]), 0xFFFF) for c in contexts]] = True
        self._ends_context = ends_context
        self.start = StartScorer(model.start_model, model.starts) if model.start_model else None
        self._unscored_start = is_start & (self.start.table == 0) if self.start else is_start
        self.run = re.compile(f"[{_charset(model.translit)}]+")
        self.han = re.compile(f"[{_HAN}]+")
        self.blocked = frozenset(model.blocked)
        # Foreign places of three characters or more, wherever printed: no name overlaps one
        # (利维 of 玻利维亚, 阿塞拜 of 阿塞拜疆). Shorter ones are left out: a name may hold one (马里奥).
        self.foreign_places = _scanner(sorted(p for p in names.FOREIGN_PLACES | _OCEANS if len(p) >= 3))
        known = [n for n in model.known_people if n not in names.FOREIGN_PLACES]
        known += sorted(names.MODERN_PEOPLE.difference(known))
        self.known = _scanner(known) if known else None
        self.check = NameCheck(model.check_weights, model.check_threshold, names.word_counts(model.starts), self.tags) if model.check_weights else None
        self._bias = self.weights.get("b", 0.0)
        # The features of a few values each, as lists by number (bits, lengths) or dicts by tag:
        # the same weights, found without building the feature's string.
        g = self.weights.get
        self._bits2 = {k: [g(f"{k}{i >> 1}{i & 1}", 0.0) for i in range(4)] for k in ("xl", "x3")}
        self._bits3 = {"xr": [g(f"xr{i >> 2}{i >> 1 & 1}{i & 1}", 0.0) for i in range(8)]}
        tag_values = {None, *self.words.values()}
        self._by_tag = {k: {tag: g(k + (tag or "-"), 0.0) for tag in tag_values} for k in ("lt", "rt")}
        top = max(MAX_DOTTED, MAX_FOREIGN, 4) + 1
        self._length_weights = [(g(f"n{n}c", 0.0), g(f"n{n}t", 0.0)) for n in range(top)]
        self._run_weights = [[g(f"re{same}{r}", 0.0) for r in range(6)] for same in (False, True)]
        self._by_prefix = _weights_by_prefix(self.weights, ("l1", "l2", "f", "lf", "g", "s", "xl", "lt", "r1", "r2", "w", "j", "e", "xr", "rt", "er", "h", "jr", "x3", "frt", "frc"))
        self.length_scorer = LengthScorer(self, model_file)

    def fixed_starts(self, text: str, bmp: np.ndarray | None = None) -> np.ndarray:
        """The positions of the characters a name may start with that stand in a fixed context
        (`in_fixed_context`)."""
        bmp = _bmp(text) if bmp is None else bmp
        at = np.flatnonzero(self._is_start[bmp])
        return at[self.in_fixed_context(text, bmp, at)] if len(at) else at

    def in_fixed_context(self, text: str, bmp: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Whether each position of `at` (ascending) stands in a fixed context: at the text's
        start or after a character not Han (，林武) or a learned one (a per-character table), or
        after a learned context or an office title (`after_context`)."""
        ok = self._opens_after[bmp[at - 1]]
        if at[0] == 0:
            ok[0] = True
        for i in np.flatnonzero(~ok).tolist():
            if self.after_context(text, int(at[i])):
                ok[i] = True
        return ok

    def after_context(self, text: str, p: int) -> bool:
        """Whether a learned two- or three-character context or an office title ends right
        before p (省委书记林武)."""
        by_width = self._contexts
        return any(text[max(0, p - k) : p] in words for k, words in by_width)

    def candidates(self, text: str) -> list[tuple[int, str]]:
        """Where a name may start, each with its start score's bucket ("-" without a start scorer):
        after the fixed contexts, and wherever the start scorer is above its threshold."""
        bmp = _bmp(text)
        if self.start is None:
            return [(p, "-") for p in self.fixed_starts(text, bmp).tolist()]
        at, s = self.start.scores(text, bmp)
        if not len(at):
            keep = at
        else:
            # A fixed context opens a candidate unless the start scorer is all but sure it is
            # none (most of them: after every comma): the build's cost is in the length scorer.
            # The contexts of words are looked up only where they decide (a few in a hundred).
            open_ = s > self.start.floor
            ok = self._opens_after[bmp[at - 1]]
            if at[0] == 0:
                ok[0] = True
            keep = (s > self.start.threshold) | (open_ & ok)
            for i in np.flatnonzero(open_ & ~keep & self._ends_context[bmp[at - 1]]).tolist():
                if self.after_context(text, int(at[i])):
                    keep[i] = True
        out = list(zip(at[keep].tolist(), map(_bucket, s[keep].tolist())))
        unscored = np.flatnonzero(self._unscored_start[bmp])
        if len(unscored):  # a start character the training days printed once: no start score
            unscored = unscored[self.in_fixed_context(text, bmp, unscored)]
            if len(unscored):
                return sorted({**dict(out), **dict.fromkeys(unscored.tolist(), "-")}.items())
        return out

    def candidates_many(self, texts: list[str]) -> list[list[tuple[int, str, int, float]]]:
        """Each text's `candidates`, each with its best length and score (`scored`), found and
        scored in one pass of numpy over them all: joined with StartScorer.PAD characters the
        scorer has never seen between them (id 0, as the padding around one text is), no window
        of the scorer reaches from one text into the next, and no context or word is matched
        across one; each length is scored within its own text (`LengthScorer`). An article costs
        the numpy calls of a whole text otherwise (most are short: that overhead was most of
        `candidates`' time)."""
        gap = _GAP * StartScorer.PAD
        sizes = np.array([len(t) for t in texts], dtype=np.int64)
        offsets = np.cumsum(sizes + len(gap)) - sizes  # where each text starts in the joined one
        joined = gap + gap.join(texts) + gap
        found = self.candidates(joined)
        at = np.array([p for p, _ in found], dtype=np.int64)
        of = np.searchsorted(offsets, at, side="right") - 1
        best, score = self.length_scorer.scored(joined, at, [b for _, b in found], offsets[of], offsets[of] + sizes[of])
        out: list[list[tuple[int, str, int, float]]] = [[] for _ in texts]
        for k, p, (_, bucket), n, s in zip(of.tolist(), (at - offsets[of]).tolist(), found, best, score):
            out[k].append((p, bucket, n, s))
        return out

    def lengths(self, text: str, p: int) -> tuple[list[int], int]:
        """The candidate lengths at p, and the length of the run of transliteration characters there."""
        han = self.han.match(text, p)
        han_len = han.end() - p if han else 0
        if text[p : p + 2] in names.COMPOUND_SURNAMES:
            lengths = [n for n in (3, 4) if n <= han_len]
        elif text[p] in names.SURNAMES:
            lengths = [n for n in (2, 3) if n <= han_len]
        elif text[p] in "老小" and text[p + 1 : p + 2] in names.SURNAMES:
            lengths = [2]  # 老侯, 小余
        else:
            lengths = []
        run = 0
        if text[p] in self.translit:
            run = self.run.match(text, p).end() - p
            lengths = sorted(set(lengths) | _foreign_lengths(run, "·" in text[p : p + run]))
        return lengths, run

    def shared(self, text: str, p: int, bucket: str) -> list[str]:
        """The features of a start, whatever the length: the characters before it, its first two,
        whether it cuts a dictionary word (国王), the start scorer's bucket."""
        before = text[max(0, p - 2) : p]
        if "\n" in before:  # a paragraph's start, as training saw it (one paragraph at a time)
            before = before[before.rindex("\n") + 1 :]
        words = self.words
        return [
            "b",
            "l1" + before[-1:],
            "l2" + before,
            "f" + text[p],
            "lf" + before[-1:] + text[p],
            "g" + text[p + 1 : p + 2],
            "s" + bucket,
            "xl" + ("1" if text[p - 1 : p + 1] in words else "0") + ("1" if before in words else "0"),
            "lt" + words.get(before, "-"),
        ]

    def features(self, text: str, p: int, n: int, run: int) -> list[str]:
        """The features of the candidate of length n at p (beside `shared`)."""
        cand = text[p : p + n]
        after = text[p + n : p + n + 2]
        if "\n" in after:
            after = after[: after.index("\n")]
        foreign = "t" if run >= n else "c"
        words = self.words
        tags = self.tags
        f = [
            f"n{n}{foreign}",
            "r1" + after[:1],
            "r2" + after,
            "w" + cand,
            "j" + tags.get(cand, "-"),
            f"fr{foreign}" + after[:1],
            "e" + cand[-1],
            # The name's last character and the next one a word (刘淇全国: 全国), the text after it one (刘淇|全国).
            "xr" + ("1" if text[p + n - 1 : p + n + 1] in words else "0") + ("1" if after in words else "0")
            + ("1" if text[p + n : p + n + 3] in words else "0"),
            "rt" + words.get(after, "-"),
        ]
        f.append("er" + cand[-1] + after[:1])  # 李文|又来, 付林|则是: the last character and the next
        if n == 3:
            f.append("h" + cand[2])
            f.append("jr" + tags.get(cand[:2], "-"))
            f.append("x3" + ("1" if cand[1:] in words else "0") + ("1" if cand[:2] in words else "0"))
        if run:
            f.append(f"re{run == n}{min(run, 5)}")
        return f

    def options(self, text: str, p: int, bucket: str = "-") -> list[tuple[int, list[str]]]:
        """The candidate lengths at p, each with all its features (for training)."""
        lengths, run = self.lengths(text, p)
        if not lengths:
            return []
        shared = self.shared(text, p, bucket)
        return [(n, shared + self.features(text, p, n, run)) for n in lengths]

    def score(self, feats: list[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in feats)

    def best(self, text: str, p: int, bucket: str = "-") -> int:
        """The best-scoring length at p, 0 for none."""
        return self.scored(text, p, bucket)[0]

    def scored(self, text: str, p: int, bucket: str = "-") -> tuple[int, float]:
        """The best-scoring length at p (0 for none) and its score: `shared` + `features` summed
        without building them as lists (an article read alone; the build scores every start of
        its articles at once, `LengthScorer`; tests hold the three equal). The
        weights are read from tables by template (`_by_prefix`, `_bits2` …) built at load, in
        the order of the features, so each sum is the same to the bit as the features' own.
        (Remembering results by the window of text read was tried: 11% of the calls on 3,000
        xwlb articles hit, and found ran slower with it.)"""
        lengths, run = self.lengths(text, p)
        if not lengths:
            return 0, 0.0
        t = self._by_prefix  # t["r1"].get(x, 0.0) is g("r1" + x, 0.0), without building the string
        bits2, bits3 = self._bits2, self._bits3  # the weight of "xl" + "10" is bits2["xl"][0b10]
        by_tag = self._by_tag  # by_tag["lt"][tag] is g("lt" + (tag or "-"), 0.0)
        words = self.words
        tags = self.tags
        c = text[p]
        before = text[max(0, p - 2) : p]
        if "\n" in before:
            before = before[before.rindex("\n") + 1 :]
        b1 = before[-1:]
        before_tag = words.get(before)  # one look-up for "in words" and the tag (no tag is None)
        base = (
            self._bias + t["l1"].get(b1, 0.0) + t["l2"].get(before, 0.0) + t["f"].get(c, 0.0) + t["lf"].get(b1 + c, 0.0)
            + t["g"].get(text[p + 1 : p + 2], 0.0) + t["s"].get(bucket, 0.0)
            + bits2["xl"][(text[p - 1 : p + 1] in words) * 2 + (before_tag is not None)]
            + by_tag["lt"][before_tag]
        )
        r1, r2, w, j, e, xr, rt, er = t["r1"], t["r2"], t["w"], t["j"], t["e"], bits3["xr"], by_tag["rt"], t["er"]
        length_weights, run_weights = self._length_weights, self._run_weights
        best, best_score = 0, self.model.threshold
        for n in lengths:
            cand = text[p : p + n]
            after = text[p + n : p + n + 2]
            if "\n" in after:
                after = after[: after.index("\n")]
            foreign = run >= n
            a1 = after[:1]
            last = cand[-1]
            after_tag = words.get(after)
            s = (
                base + length_weights[n][foreign] + r1.get(a1, 0.0) + r2.get(after, 0.0) + w.get(cand, 0.0)
                + j.get(tags.get(cand, "-"), 0.0) + (t["frt"] if foreign else t["frc"]).get(a1, 0.0) + e.get(last, 0.0)
                + xr[(text[p + n - 1 : p + n + 1] in words) * 4 + (after_tag is not None) * 2 + (text[p + n : p + n + 3] in words)]
                + rt[after_tag] + er.get(last + a1, 0.0)
            )
            if n == 3:  # added one by one, as `score` sums the features (grouped, the sum could differ in its last bit)
                s += t["h"].get(cand[2], 0.0)
                s += t["jr"].get(tags.get(cand[:2], "-"), 0.0)
                s += bits2["x3"][(cand[1:] in words) * 2 + (cand[:2] in words)]
            if run:
                s += run_weights[run == n][min(run, 5)]
            if s > best_score:
                best, best_score = n, s
        return best, best_score

    def find(self, text: str, cut: int | None = None, candidates: list[tuple[int, str, int, float]] | None = None) -> list[tuple[int, int]]:
        """(start, end) of every name in text (already folded), in order: what `found` proposes
        and the article-level check (`NameCheck`) accepts. `cut`: where the story breaks off
        mid-sentence (its last paragraph ends without punctuation: the column ended and the rest
        was never printed, or is on a page not read). A name the scorer is unsure of that ends
        right there and is printed nowhere else is dropped: what followed it is lost (区内散 of
        停止厂（场）区内散|装物料). `candidates`: the text's scored candidates (`candidates_many`), where the caller has them."""
        found = self.found(text, candidates)
        if cut is not None:
            for name, spans in list(found.items()):
                ((_, end), score), *more = spans
                if not more and end == cut and score is not None and score < SURE and text.count(name) == 1:
                    del found[name]
        _glued_heads(text, found)
        keep = self.check.accepted(text, found) if self.check is not None else set(found)
        keep = {name for name in keep if not _never(name)}
        if "、" in text:
            keep -= self.listed_things(text, found, keep)
        spans = [span for name, spans in found.items() if name in keep for span, _ in spans]
        listed = self.listed(text, spans) if len(keep) >= 2 and ("、" in text or "／" in text) else []
        if listed:
            # A listed name replaces what was found inside it (杨光 of 杨光华, 张震 of 张震环).
            item_end = {i: b for a, b in listed for i in range(a, b)}
            spans = [(s, e) for s, e in spans if e > item_end.get(s, -1)] + listed
        return sorted(set(spans))

    def listed(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The names of a list most of whose items are names found (李炳良、张震环、刘作田、张建新;
        程步云、松布（土族）、韩生贵（回族）; 葛菲／顾俊): every item there that can be a name is
        one, as the lists of officials elected print them, whatever the scorer made of it alone.
        The last item counts only with a note after it or where what closes the list ends it
        (the words after a list run on in the same characters: 张华康为省政协副主席, 向兵报道; but
        王为民|等, 栗战书|陪同考察, 栗战书|和), the first only after punctuation."""
        names_found = {text[s:e] for s, e in spans}
        out: list[tuple[int, int]] = []
        for run in _lists(text, spans):
            items = [(m.start(), m.group(1), bool(m.group(2))) for m in _LIST_ITEM.finditer(run.group(0))]
            last = len(items) - 1
            at, name, noted = items[last]
            cut, acted = _list_end(name)
            if cut:
                # 赵乐际、韩正等出席会议, 王沪宁、栗战书陪同考察: what closes the list (等, 和, an act of
                # the people listed) ends its last name too.
                items[last] = (at, name[:cut], True)
            votes = 0
            whole = []
            for k, (at, name, noted) in enumerate(items):
                if name in names_found or (k == 0 and any(name[i:] in names_found for i in range(1, len(name) - 1))) or (
                    k == last and any(name[:i] in names_found for i in range(2, len(name)))
                ) or (k == last and acted and self.can_be_listed(name)):
                    # A name-shaped last item that 等 or an act of people closes votes for the list
                    # (王沪宁、栗战书陪同考察: two items, one found).
                    votes += 1
                ends = noted or (k == 0 < last and not _is_han(text[run.start() + at - 1 : run.start() + at]))
                if (0 < k < last or ends) and (name in names_found or self.can_be_listed(name)):
                    whole.append((run.start() + at, run.start() + at + len(name)))
            if votes >= 2 and 2 * votes >= len(items):
                out += whole
        return out

    def listed_things(self, text: str, found, keep: set[str]) -> set[str]:
        """Names the scorer was unsure of (below SURE) printed only inside lists of things: lists
        of three items or more, those between the first and the last short
        (`_THING_CHARS`), where no other item is or holds another name found or one shaped like a
        name (瓷砖、高岭土、浴缸、电缆; 山西老陈醋、山西陈醋、老陈醋、陈醋、熏醋;
        土豆鸡块、木耳芹菜、白灼虾、橘子). The mirror of `listed`: a list votes for its items
        being names, or against."""
        doubtful = {name for name in keep if all(score is not None and score < SURE for _, score in found[name])}
        if not doubtful:
            return set()
        spans = [span for name in doubtful for span, _ in found[name]]
        where: dict[str, list[bool]] = {name: [] for name in doubtful}
        for run in _lists(text, spans):
            items = [(run.start() + m.start(), run.start() + m.end(1), m.group(1)) for m in _LIST_ITEM.finditer(run.group(0))]
            if len(items) < 3 or any(b - a > _THING_CHARS for a, b, _ in items[1:-1]):
                continue  # items of prose (董卓的肆虐无忌、吕布的风流草莽), not a list of things (the
                # first and last items run on into the sentence: 搭载着瓷砖、…、电缆等物资)
            for name in doubtful:
                inside = {k: [s for (s, e), _ in found[name] if a <= s and e <= b] for k, (a, b, _) in enumerate(items)}
                inside = {k: at for k, at in inside.items() if at}
                if not inside:
                    continue
                # What each other item may hold of a name: the last one's start (it runs on into the
                # sentence: 王东峰等参加), the end of the others (带领武大靖, 湖南刘春平) or all of one.
                ends = {w for k, (_, _, item) in enumerate(items) if k not in inside
                        for w in ((item[:3], item[:2]) if k == len(items) - 1 else (item, item[-3:], item[-2:]))}
                of_things = not any(w != name and (w in keep or self.can_be_listed(w)) for w in ends)
                where[name].extend([of_things] * sum(map(len, inside.values())))
        # Every occurrence in such a list: one printed elsewhere too keeps the name.
        return {name for name, votes in where.items() if len(votes) == len(found[name]) and all(votes)}

    def between_title_and_act(self, text: str, p: int) -> int:
        """The length of a name the scorer turned down that stands between an office title and
        what a person does (国务院副总理|韩正|出席了, 省委书记|林武|主持): two or three characters
        shaped like a name and no word, 0 for none. The training days print 韩 mostly as 韩国,
        so 韩正 scored low wherever printed; the title and the act say it is a person."""
        if text[p - 2 : p] not in _TITLE_TAILS:
            return 0
        for n in (2, 3):
            if text[p + n : p + n + 2] in _ACTS and text[p] in names.SURNAMES and text[p : p + n] not in self.words and not _never(text[p : p + n]):
                return n
        return 0

    def cuts_an_idiom(self, text: str, p: int, n: int) -> bool:
        """Whether the name of n characters at p stands in one of jieba's idioms of four: begun
        before it (千辛万苦 for 辛万苦, 居安思危 for 安思危) or opened by it (张灯结彩 for 张灯), unless
        jieba knows the name as a person's (雷锋精神, 大禹治水: the name of days 01-20)."""
        idioms = self.idioms
        for k in range(max(0, p - 3), p + 1):
            if text[k : k + 4] in idioms and (k < p or self.tags.get(text[p : p + n]) != "nr"):
                return True
        return False

    def can_be_listed(self, name: str) -> bool:
        """Whether a list item is shaped like a name: a surname and one or two characters, a
        transliteration, or one written in parts; not a word or place jieba knows as such."""
        if "·" in name:
            return 3 <= len(name) <= MAX_LISTED and name[0] != "·" and name[-1] != "·"
        if not 2 <= len(name) <= 4 or name in _NOT_PEOPLE or self.tags.get(name) in ("w", "ns", "nt"):
            return False
        return name[0] in names.SURNAMES or name[:2] in names.COMPOUND_SURNAMES or all(c in self.translit for c in name)

    def found(self, text: str, candidates: list[tuple[int, str, int, float]] | None = None) -> dict[str, list[tuple[tuple[int, int], float | None]]]:
        """Each name the first stage finds in text, with its ((start, end), score) occurrences (score
        None for a name known from the training days): those known wherever printed (江泽民
        after any word), then the scored candidates around them."""
        out: dict[str, list[tuple[tuple[int, int], float | None]]] = {}
        taken: set[int] = set()
        extendable: dict[int, int] = {}  # start -> end of known foreign names the transliteration runs on after
        # Each position inside a foreign place, with the place's span: a name may hold a place
        # whole (萨尔瓦多·达利) but never cut one (利维 of 玻利维亚, 加德 of 加德满都).
        place_of = {i: (s, e) for _, s, e in self.foreign_places.find_matches_as_indexes(text) for i in range(s, e)}

        def cuts_a_place(s: int, e: int) -> bool:
            spans = [place_of[i] for i in range(s, e) if i in place_of] if place_of else ()
            return any(not (s <= ps and pe <= e) for ps, pe in spans)

        def holds_a_place(s: int, e: int) -> bool:
            """Whether s..e holds a foreign place whole and more: 卢甘斯克乌军, 卡塔尔中东, 于莫斯科 (a
            name written in parts may: 萨尔瓦多·达利; so may one of a place and a character,
            巴格达迪)."""
            for ps, pe in {place_of[i] for i in range(s, e) if i in place_of}:
                if s <= ps and pe <= e and (ps, pe) != (s, e) and not (ps == s and pe == e - 1):
                    return True
            return False

        if self.known:
            words, tags = self.words, self.tags
            for _, s, e in self.known.find_matches_as_indexes(text):
                if s and e - s == 2 and text[s - 1 : e] in words and tags.get(text[s:e]) == "w":
                    continue  # a name the training days printed that jieba knows as a word, in one of three begun before it (迎春花市: 春花)
                if text[e : e + 2] not in _DOCTRINE and not cuts_a_place(s, e):
                    if e < len(text) and self._goes_on(text, s, e):
                        extendable[s] = e  # 科雷|亚, 塔希尔|·努努: the scorer may read it longer (below)
                        taken.update(range(s + 1, e))
                        continue
                    out.setdefault(text[s:e], []).append(((s, e), None))
                    taken.update(range(s, e))
        after = 0
        blocked = self.blocked
        idioms = self.idioms
        scored = self.scored
        tags = self.tags
        # An article alone (no `candidates_many`) is scored start by start, those read only: for
        # one text, numpy's calls would cost more than they save.
        for p, bucket, *best in self.candidates(text) if candidates is None else candidates:
            if p < after or p in taken or text[p : p + 2] in blocked:
                continue
            n, score = best or scored(text, p, bucket)
            if not n:
                n = self.between_title_and_act(text, p)
                if not n:
                    continue
                score = self.model.threshold
            while n > 2 and (text[p + n - 1] == "·" or (text[p + n - 1] == "一" and text[p + n : p + n + 1] == "行")):
                n -= 1
            if n > 4 and text[p + n - 2 : p + n] == "一行":
                n -= 2  # 亨利·戴维·, 桑福·威尔一行: the name stops before
            if n == 2 and text[p : p + 2] == "阮氏" and self.han.match(text, p).end() >= p + 4 and text[p + 2] not in _NUMERALS:
                n = 4  # a Vietnamese woman's name is of four (阮氏金银); 阮氏三雄 (the brothers 阮) aside
            if n == 3 and text[p + 2] in _NEVER_LAST and text[p] in names.SURNAMES:
                n = 2  # 王毅就中美关系: 就 opens what he did (no three-character name of days 01-20 ends so)
            if n > 3 and text[p] in self.translit:
                run = self.run.match(text, p).end() - p
                if (run > MAX_DOTTED and n < run <= MAX_LONG_DOTTED and text[p + n] != "·" and text.count("·", p, p + run) >= 2
                        and max(map(len, text[p : p + run].split("·"))) <= 6):
                    # The scorer reads at most MAX_DOTTED characters: a name in three parts longer
                    # than that was cut inside a part (维克多·费奥多|罗维奇·亚努科维奇). Parts of six at most:
                    # 拉菲克·哈里里|之子萨阿德·哈里里 is two names.
                    n = run
                if run >= n:
                    n = _foreign_before_glued(text, p, n, self.words)  # 扎哈罗娃|则指责
                    if text[p + n : p + n + 1] == "会" and text[p + n - 2 : p + n + 1].endswith(_BODIES_IN_HUI):
                        continue  # 索契冬奥|会
            name = text[p : p + n]
            if (tags.get(name) in ("w", "ns") or not _PRONOUNS.isdisjoint(name) or name[1:] in _HONORIFICS
                    or (text[p] == "余" and text[p - 1 : p] in _NUMERALS)
                    or (text[p] == "师" and _is_han(text[p - 1 : p]))
                    or (n == 2 and text[p] in "老小" and text[p : p + 3] in self.words)
                    or text[p - 1 : p + 1] in _TITLE_ENDING_IN_SURNAME
                    or (text[p] == "中" and n <= 3 and text[p + 1] in _COUNTRY_INITIALS)
                    or name[-1] == "奖"  # an award (金鹏奖, 艾美奖): no name of days 01-20 ends so
                    or (n == 3 and text[p] in names.SURNAMES and (not _NEVER_INSIDE.isdisjoint(name[1:]) or name[1:] in _NEVER_GIVEN))):
                # An ordinary word or a place in jieba's dictionary (佩戴, 卡口), 向你们, 张市长, 2000余居民;
                # 师 closing a profession (心理师甄琛: the name is 甄琛; no name of days 01-20 opens
                # with 师 after a Han character, though 院士师昌绪 would be lost); 老陈 of 老陈醋; 席就座
                # of 主席就座 (no name opens inside the title before it): not a name.
                continue
            # A word never a person (_never: 卫健委, 哈马斯, 乌军) stays found here, so that the
            # check reads a name glued to it (哈马斯拉法, 韩方愿) as such; `find` drops it.
            if p >= 3:  # `cuts_an_idiom`, inlined (the build's hot loop): four look-ups
                w = text[p - 3 : p + 4]
                if (w[:4] in idioms or w[1:5] in idioms or w[2:6] in idioms or w[3:7] in idioms) and self.cuts_an_idiom(text, p, n):
                    continue
            elif self.cuts_an_idiom(text, p, n):
                continue
            if place_of and "·" not in name and holds_a_place(p, p + n):
                after = p + n  # and no name opens inside it (罗夫斯克 of 波克罗夫斯克约)
                continue
            if text.startswith(_BODY_AFTER, p + n) and text[p + n + 2 : p + n + 4] != "毕业":
                continue  # 约翰斯·霍普金斯大学: a body's name (李家凤大学毕业后: a person)
            known_end = extendable.get(p)
            if known_end is not None and (p + n <= known_end or not taken.isdisjoint(range(known_end, p + n))):
                continue  # no longer than the known name: it is kept (below)
            if (known_end is not None or taken.isdisjoint(range(p, p + n))) and text[p + n : p + n + 2] not in _DOCTRINE and not cuts_a_place(p, p + n):
                out.setdefault(name, []).append(((p, p + n), score))
                after = p + n
                extendable.pop(p, None)
        for s, e in extendable.items():  # not read longer
            out.setdefault(text[s:e], []).append(((s, e), None))
        return out

    def _goes_on(self, text: str, s: int, e: int) -> bool:
        """Whether a known name at s..e is a transliteration of the training days that the text's
        run of transliteration characters goes on after (科雷|亚 of 科雷亚, 塔希尔|·努努, 穆萨|维:
        names of 1998 holding the start of a modern one's), not with a word (奥巴马|特别, 基辛格|博士).
        Names listed by hand (names.MODERN_PEOPLE) are whole as listed."""
        translit = self.translit
        after = text[e]
        return ((after == "·" or (after in translit and text[e : e + 2] not in self.words))
                and all(c in translit or c == "·" for c in text[s:e]) and text[s:e] not in names.MODERN_PEOPLE)


SURE = 16.0  # first-stage score of a name kept without the article-level check
_TITLE_TAILS = frozenset(t[-2:] for t in names.TITLES) | {"首相", "外相", "国王", "总统"}  # 书记, 市长: a title ends right before a name
_SAYS = frozenset("表示 指出 强调 认为 会见 会晤 介绍 宣布 说道 透露".split())  # 林武表示: what a person does right after the name
_ACTS = _SAYS | frozenset("出席 主持 参加 考察 调研 视察 看望 致辞 讲话 会谈 签署 接受 陪同 率领 发表".split())  # and what else

# A run of items separated by 、, each maybe with a note (藏族, 女) after it: a list, maybe of names.
_LIST = re.compile(rf"(?<![{_HAN}·])[{_HAN}·]+(?:（[{_HAN}、，]{{1,8}}）)?(?:[、／][{_HAN}·]{{2,}}(?:（[{_HAN}、，]{{1,8}}）)?)+")
_SEPARATORS = ("、", "／")
_LIST_LOOKBACK = 24  # characters before a separator its list is looked for from
_LIST_REACH = 600  # and after it, at most (a list of a hundred officials is whole)
_LIST_ITEM = re.compile(rf"([{_HAN}·]+)(（[{_HAN}、，]{{1,8}}）)?")
_THING_CHARS = 5  # characters of a list item at most, in a list of things (山西老陈醋)
MAX_LISTED = 16  # characters of a name written in parts in a list (嘉木样·洛桑久美·图丹却吉尼玛 is 15)


def _lists(text: str, spans: list[tuple[int, int]]):
    """The lists (`_LIST`) of text that a name found stands in: looked for only from the
    separators right before or after a name (or its note: 松布（土族）、), as a regex tried at every
    character would cost a tenth of the extraction."""
    seps = set()
    for s, e in spans:
        if text[e : e + 1] == "（":
            close = text.find("）", e, e + 10)
            e = close + 1 if close > 0 else e
        if text[e : e + 1] in _SEPARATORS:
            seps.add(e)
        if text[s - 1 : s] in _SEPARATORS:
            seps.add(s - 1)
    end = 0
    for at in sorted(seps):
        if at < end:
            continue
        run = _LIST.search(text, max(end, at - _LIST_LOOKBACK), at + _LIST_REACH)
        if run is not None:
            end = run.end()
            yield run


def _is_han(c: str) -> bool:
    return bool(c) and "\u4e00" <= c <= "\u9fff"


# What stands right after a person's name (林武说, 林武同志, 林武等) or right before it (会见林武).
_CUE_AFTER = ("说", "表示", "指出", "认为", "强调", "介绍", "告诉", "同志", "先生", "女士", "夫人", "教授", "等", "（", "(", "、")
_CUE_BEFORE = ("会见", "会晤", "接见", "记者", "、", "和", "与", "同", "长", "席", "理", "记", "员", "统", "使")
# What ends a place or a thing named like a person (韦拉克鲁斯港, 潘家埠石洞源村, 费加罗报, 德瓦鲁吉银行,
# 霍尔果斯口岸).
_PLACE_AFTER = frozenset("市县省州镇乡村港湾湖岛山河江路街站堡报社台厂矿场园庄寺庙桥峡洲城区府馆店楼宫口")


class NameCheck:
    """The second stage: each name the first stage found, accepted or not on what the whole article
    says about it. The first stage sees a dozen characters around one spot; a string jieba's
    dictionary knows as a common word (周转, 孙子, 陆军) or a place (韦拉克鲁斯港) may look like a
    name there, while the article tells: a real name recurs, stands beside 说 or a title, is not
    the head of a longer name found elsewhere (杨光 of 杨光华) or a name with a word glued on
    (张勇又 where 张勇 stands alone). An averaged perceptron over these features, trained on the
    names a first stage trained on other days found (`train_entities.check_examples`)."""

    def __init__(self, weights: dict[str, float], threshold: float, counts: dict[str, int], tags: dict[str, str]):
        self.weights = weights
        self.tags = tags  # jieba's tag class (names.word_tags)
        self.threshold = threshold
        self.counts = counts  # jieba's word frequencies (names.word_counts)
        places = finder().g
        self.places = frozenset(n for n in (*places.by_name, *places.by_short) if len(n) >= 2) | names.FOREIGN_PLACES

    def features(self, text: str, name: str, spans: list[tuple[tuple[int, int], float | None]], others: list[str]) -> list[str]:
        """The article-level features of one found name (`others`: every name found in the article)."""
        n = len(name)
        scores = [s for _, s in spans if s is not None]
        kind = "k" if len(scores) < len(spans) else "s"
        top = max(scores) if scores else 0.0
        printed = text.count(name)
        f = [
            "b",
            f"n{min(n, 5)}{'d' if '·' in name else ''}{'s' if name[0] in names.SURNAMES else 'o'}",
            f"how{kind}{min(max(int(top // 2), -1), 5) if scores else ''}",
            f"c{min(printed, 4)}",
            f"cf{min(len(spans), 3)}{min(printed - len(spans), 2)}",
        ]
        f.append(f"hc{f[2]}{min(printed, 2)}")  # a low score counts for more on a name printed once
        count = self.counts.get(name)
        if count is not None:
            f.append(f"jf{min(count.bit_length() // 2, 7)}")
            f.append(f"jt{self.tags.get(name, '-')}{min(count.bit_length() // 3, 4)}")
            f.append(f"jh{self.tags.get(name, '-')}{min(count.bit_length() // 3, 4)}{f[2]}")
        if name[0] in names.SURNAMES and "·" not in name:
            f += ["g" + name[1:2], "h" + name[2:3]]  # 周转, 孙子: no given name's characters
        else:
            f += ["fa" + name[:1], "fz" + name[-1:]]
        if name in self.places:
            f.append("place")
        for other in others:
            if other != name:
                if other.startswith(name):
                    f.append("head")  # 杨光 where 杨光华 is found too
                elif name.startswith(other):
                    f.append("glued" if len(name) - len(other) == 1 else "longer")  # 张勇又 where 张勇
                elif other in name:
                    f.append("inside")  # 于张勇 where 张勇
        cues = set()
        at = text.find(name)
        while at >= 0:
            end = at + n
            after = text[end : end + 2]
            before = text[max(0, at - 2) : at]
            if after[:1] in _PLACE_AFTER:
                cues.add("rp" + after[:1])
            if after.startswith(_CUE_AFTER) or after[:1] in "\n，。：；":
                cues.add("ra" + (after if after in _CUE_AFTER else after[:1]))
            if before.endswith(_CUE_BEFORE) or before[-1:] in "\n，。：；":
                cues.add("lb" + (before if before in _CUE_BEFORE else before[-1:]))
            if before in _TITLE_TAILS:
                cues.add("title")
            at = text.find(name, end)
        f += sorted(cues)
        f.append(f"cues{min(len(cues), 3)}")
        return f

    def score(self, feats: list[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in feats)

    def doubtful(self, text: str, name: str, spans: list[tuple[tuple[int, int], float | None]], others: FoundNames) -> bool:
        """Whether the check judges a found name: one the first stage is unsure of (not known from
        the training days, nowhere scored SURE or more: on days 16-20 the check rejected 2 of
        1,300 such names, both right) that is a word or a place jieba or the gazetteer knows
        (周转, 韦拉克鲁斯), or that another name found there opens or extends (杨光, 张勇又). A
        name with no such doubt (斯诺登, 苏志刚 printed once in modern news) is kept as found:
        the first stage's scores run lower on modern text than on the training days, and the
        check, learning from those days, would reject it on its score alone."""
        for _, score in spans:
            if score is None or score >= SURE:
                return False
        if not (name in self.counts or name in self.places or _related(name, others)):
            return False
        for (s, e), _ in spans:
            if text[s - 2 : s] in _TITLE_TAILS or text[e : e + 2] in _SAYS or text[e : e + 1] == "说":
                return False  # 副总理汪洋, 俞正声会见, 安倍说: a person, whatever else the string means
        return True

    def accepted(self, text: str, found: dict) -> set[str]:
        others = FoundNames(found)
        return {
            name
            for name, spans in found.items()
            if not self.doubtful(text, name, spans, others) or self.score(self.features(text, name, spans, others)) > self.threshold
        }


class FoundNames(list):
    """The names found in an article (`NameCheck.doubtful`'s `others`), with what tells fast
    whether one holds or is held by another (`_related`): an article listing a hundred officials
    would otherwise compare every name with every other."""

    def __init__(self, found):
        super().__init__(found)
        self.joined = "\0".join(self)
        self.set = frozenset(self)


def _related(name: str, others: FoundNames) -> bool:
    """Whether another name of `others` holds `name` (杨光 of 杨光华) or is held by it (张勇 of
    张勇又)."""
    if others.joined.count(name) > (name in others.set):
        return True
    n = len(name)
    return any(name[i:j] in others.set for i in range(n) for j in range(i + 1, n + 1) if j - i < n)


# What closes a list of names right after its last one: 等 or what the people listed do (陪同考察,
# 出席会议, 分别战胜), none of them inside a name; then a conjunction, which may be (王永和, 李大同).
_LIST_CLOSERS = ("等", "则", "以及", "同志", "陪同", "出席", "参加", "分别", "一同", "共同", "先后", "会见", "考察", "视察", "主持", "讲话")
_LIST_CONJUNCTIONS = ("和", "与", "及", "同")


def _list_end(item: str) -> tuple[int, bool]:
    """Where the last name of a list ends inside its last item (韩正|等出席会议: 2; 栗战书|陪同考察: 3;
    王晨|则分别战胜: 2; 王永和|出席 before 栗战书|和), the shorter name first, and whether 等 or an
    act closed it (not a conjunction); (0, False) where nothing closes the list after two or three
    characters."""
    for closers in (_LIST_CLOSERS, _LIST_CONJUNCTIONS):
        for n in (2, 3):
            if item.startswith(closers, n):
                return n, closers is _LIST_CLOSERS
    return 0, False


def _bucket(score: float) -> str:
    """The start score's bucket, a feature of the length scorer: floor(score / 2) within -6..6 (a
    float32 score is exact as a Python float, and halving it exact in both)."""
    return str(min(6, max(-6, math.floor(score / 2))))


def _weights_by_prefix(weights: dict[str, float], prefixes) -> dict[str, dict[str, float]]:
    """For each prefix, every weight whose feature opens with it, by the rest of the feature:
    table[prefix].get(rest, 0.0) is weights.get(prefix + rest, 0.0) exactly (a feature of another
    template that happens to open with the prefix only adds a key never asked for), and the
    scorer then builds no feature string."""
    tables: dict[str, dict[str, float]] = {prefix: {} for prefix in prefixes}
    for feature, weight in weights.items():
        for prefix in prefixes:
            if feature.startswith(prefix):
                tables[prefix][feature[len(prefix) :]] = weight
    return tables


def _glued_heads(text: str, found: dict) -> None:
    """Names found with what opens the rest of the sentence glued on (`_GLUED_TO_NAME`: 孙杨为中国
    游泳队, 马杜罗都表示), where the article prints the name without it elsewhere too, moved to that
    name (in place): the scorer, seeing one spot, could not tell 孙杨为 from 韩为民. Printed
    without it means alone: not before the same character (吴天|来说 beside 吴天来) and not inside
    another name found (刘振来（回族） beside 刘振伟, 刘振起)."""
    glued = [n for n in found if len(n) >= 3 and n[-1] in _GLUED_TO_NAME]
    if not glued:
        return
    inside = [(s, e) for spans in found.values() for (s, e), _ in spans]
    for name in glued:
        head = name[:-1]
        at = text.find(head)
        while at >= 0:
            end = at + len(head)
            if text[end : end + 1] != name[-1] and not any(s <= at and end <= e and e - s > len(head) for s, e in inside):
                spans = found.pop(name)
                found.setdefault(head, []).extend(((s, e - 1), score) for (s, e), score in spans)
                break
            at = text.find(head, end)


def _foreign_before_glued(text: str, p: int, n: int, words) -> int:
    """The length of the transliterated name of n characters at p without the function
    characters glued after it (`_GLUED_AFTER_FOREIGN`): cut before the first of them that ends
    the run or opens a word with what follows (罗塞芙|热烈欢迎; 李来建|都会尽心: 会 ends, then 都),
    keeping three characters at least. (Cutting before any adverb or particle of jieba's inside
    the run, for 小龙|特别爱唱歌, was tried: it cut 穆拉特别克, 霍多尔科夫斯基于, 热恩别科夫.)"""
    for i in range(3, n):
        if text[p + i] in _GLUED_AFTER_FOREIGN and text[p + i : p + i + 2] in words:
            n = i
            break
    while n > 3 and text[p + n - 1] in _ENDS_NO_FOREIGN_NAME:
        n -= 1
    return n


@lru_cache(maxsize=64)
def _foreign_lengths(run: int, dotted: bool = False) -> frozenset[int]:
    """The lengths of a transliterated name tried in a run of `run` such characters: two to six,
    and the run whole (up to MAX_FOREIGN); every length where the run is written in parts
    (阿布·马赞, up to MAX_DOTTED)."""
    if dotted:
        return frozenset(range(2, min(run, MAX_DOTTED) + 1))
    top = min(run, MAX_FOREIGN)
    return frozenset(n for n in range(2, top + 1) if n <= 6 or n == top)


def _charset(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


@lru_cache(maxsize=1)
def people_finder() -> PeopleFinder:
    """The finder over the shipped model, built once per process."""
    return PeopleFinder(names.people_model(), names.MODEL_PATH)


def title_before(text: str, start: int) -> str:
    """The office title printed right before a name (省委常委、市委书记 for 韦韬), or ""."""
    if text[start - 1 : start] not in _TITLE_LAST:
        return ""  # most names: no title ends right before them, and no regex is tried
    lo = max(0, start - TITLE_SPAN)
    piece = text[lo:start]
    if not _TITLE_END.search(piece):
        return ""
    cut = [m.end() for m in _TITLE_CUT.finditer(piece)]
    if cut and piece[cut[-1] - 1] in "）)":
        # A short part in brackets inside the title (中科院(山西)科技园管理有限公司执行总裁): the title
        # goes on before the bracket, as far as what stops it there.
        close = lo + cut[-1] - 1
        opening = max(text.rfind("（", max(0, close - 6), close), text.rfind("(", max(0, close - 6), close))
        if opening > 0 and _BRACKETED_PART.fullmatch(text, opening + 1, close) and not text.startswith("记者", opening + 1):
            before = text[max(0, opening - TITLE_SPAN // 2) : opening]
            stop = max([m.end() for m in _TITLE_CUT.finditer(before)] + [before.rfind("、") + 1])
            if 0 < stop < len(before) or (stop == 0 and opening <= TITLE_SPAN // 2):
                return before[stop:] + text[opening:start]
    if cut:
        head = piece[cut[-1] :]
    elif lo > 0:
        head = _TITLE_END.search(piece).group(0)  # no start in sight: the title word alone
    else:
        head = piece
    if "、" in head:
        # Only titles hold together over 、 (新华社记者尹鸿祝、本报记者|毕全忠: 本报记者).
        parts = head.split("、")
        while len(parts) > 1 and not _TITLE_END.search(parts[0]):
            parts.pop(0)
        head = "、".join(parts)
    # A list of titles (省委副书记、省长) holds together over 、; anything else ends it.
    while True:
        prev_end = lo + len(piece) - len(head)
        if prev_end > lo and text[prev_end - 1] == "、":
            rest = text[lo : prev_end - 1]
            cut = [m.end() for m in _TITLE_CUT.finditer(rest)]
            more = rest[cut[-1] :] if cut else rest
            if more and _TITLE_END.search(more):
                head = more + "、" + head
                continue
        break
    return head if _TITLE_END.search(head) else ""
