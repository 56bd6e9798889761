"""Organisations named in an article's text, relative names resolved to the paper's home.

Bodies named without a place (国务院, 新华社), names seen tagged on the training days, a place
followed by organisation words (太原市委, 晋中市公安局), institutions (中北大学, 山西中鼎物流集团
有限公司), and relative names (市委, 省政府新闻办, 市疫情防控工作领导小组) resolved to the paper's
city or province as `districts` resolves 全市 / 我省: 市委 in 太原日报 is 太原市委. Unresolved
relative names (no home known) are dropped, not guessed. Where no place stands right before the
body word, the trained weights choose among the starts a name may have: the run of name
characters before it (汇丰银行), a place inside that run, the point after its last verb
(办起|鑫达制衣有限公司), a body met just before (清华大学|经济管理学院, 政协|…委员会), the sending
country of a mission (伊拉克驻约旦大使馆); or none. Names never seen in training (most of a new
day's) come through structure: a department after its body (中国社科院经济所), a body under a parent
(联合国安理会, 解放军艺术学院), a consultative conference by its term (政协甘肃省第八届委员会), a bank's
short name after a place (甘肃工行). Rules are pinned by tests/test_entities.py.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import ahocorasick_rs

from . import names
from .districts import _fold, finder
from .gazetteer import Unit

_HAN = names.HAN

_RELATIVE = {"市": "city", "省": "province"}
# What may stand inside an organisation's name between its place and its last word (疫情防控工作).
_ORG_MIDDLE = re.compile(rf"[{_HAN}]{{0,10}}")
_FUNCTION_CHARS = "了的是在和与同向对给把被由从为及暨请让将已要把这那各等个"  # no name holds one of these words
_NOT_IN_ORG_CHARS = frozenset(_FUNCTION_CHARS)
# Besides those words, a count of bodies (通化|五家|公立医院, 中国|第一家|再保险经纪公司), a whole
# province or city (湖南|全省|医院) or a part (湖北省|部分|医院): a phrase about bodies of a kind, no
# name; and what officials do between a place and a body (中南海|会见美国|埃克森美孚公司, 成都军区|成立
# 抗震救灾联合|指挥部, 广州|设立知识产权|法院, 与中国|建立整车合资|公司): a clause.
_NOT_IN_ORG = re.compile(rf"[{_FUNCTION_CHARS}]|召开|主持|举行|参加|部署|要求|会议|开展|指出|强调|提出|发布|[0-9一二三四五六七八九十]日电"
                         r"|[0-9一两二三四五六七八九十几多数]家|全[省市县区州]|部分|会见|会晤|出席|视察|慰问|看望|成立|设立|建立")
# The name-like characters (Han, Latin, digits; none of `_NOT_IN_ORG`'s) ending a stretch of text.
_RUN_TAIL = re.compile(rf"[^\W_{_FUNCTION_CHARS}]+\Z")
_BRACKETED = re.compile(rf"[{_HAN}]{{1,4}}")  # (集团) of 中国人保（集团）公司
_ZEROS = itertools.repeat(0.0)  # the default weight of every feature, for map(weights.get, …)


def _elsewhere(text: str, piece: str, at: int) -> bool:
    """Whether `piece`, printed at `at`, is printed elsewhere in `text` too (find stops at the
    first: cheaper than counting over a long article)."""
    first = text.find(piece)
    return first != at or text.find(piece, at + 1) >= 0


# Countries, provinces and cities as one character abbreviates them before a body (以政府, 俄中央银行,
# 京青联, 粤海关), written by hand: another single character before a body word (该公司, 各银行)
# opens no name, so no option is scored for it.
_ONE_CHARACTER_PLACES = frozenset(
    "中美英法德俄日韩朝印巴以阿伊叙黎约沙埃利苏南加澳新菲泰越柬老缅蒙哈乌塔土希意西葡荷比瑞挪丹芬波捷匈罗保奥墨古智秘委"
    "京沪津渝冀晋辽吉黑浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔滇藏陕甘陇青宁港澳台"
)
# A number and a counter of bodies right before a name's opening (30个空军中队, 一支医疗队): bodies of a kind.
_NUMERALS = frozenset("0123456789一两二三四五六七八九十百千几多数")
_COUNTERS = frozenset("个家所座支批")
# Short names of places that news prints as words far more often (新建 of 南昌's 新建区: 新建学校, 新建核电站,
# 新建政府性楼堂馆所 are built, not of that district): no place before a body.
_WORDS_NAMING_PLACES = frozenset("新建 合作 资源 市区 城区 露天".split())
# Options opening at a place right before the body word (昔阳县委) or at the country sending a
# mission there (伊拉克驻约旦大使馆): a positive score is enough, with no threshold on top.
_PLACE_ANCHORED = frozenset({"opc", "opf", "oz"})
# Words ending with a one-character body word (局, 处) that name no body: the situation, a place
# (香港乱局, 株洲还布局, 地处, 处处). Written by hand: 当局 and 全局 end bodies the paper tags (台湾当局).
_WORDS_ENDING_LIKE_A_BODY = frozenset("布局 格局 结局 大局 乱局 变局 僵局 时局 开局 新局 残局 败局 "
                                      "到处 好处 地处 相处 处处 住处 益处 难处 深处 各处 身处 之处 此处 远处 近处 坏处 用处 妙处 长处 短处 出处".split())
# A known name's last character and the next one making a word that is no office (部分, 社论; not
# 部长, 部副, 部将, which follow a ministry's name as often): no name there.
_CUT_AFTER_NAME = frozenset({"部分", "社论", "局地"})  # and 南方局|地旱情 (南方局 learned: the party's bureau of the 1940s)
# A session number inside a name: 第八届 (a body's term, 政协甘肃省第八届委员会) or 二次 (a meeting).
_ORDINAL = re.compile(r"[第首一二三四五六七八九十]+([届次])")
# A body's last character and the next one making an office or a member (外交部长, 共产党员): no body.
# 部署 (决策部署): a word, not a body ending in 部 (市委有关决策部 was found as an organisation).
_MERGED_AFTER = {"长": frozenset("部局厅处社院校行台所站会团队"), "员": frozenset("党"), "人": frozenset("党"), "门": frozenset("部"), "署": frozenset("部")}
# What may stand right before a two-character place that opens a body's name (在北京市委, 和美国政府).
_PLACE_OPENERS = frozenset("的在和与及同向对从由据将把被为是系于到、据驻任赴访经自讯电胜败负战取给让除")  # 本报讯北京建行; 一胜一负江苏队, 除上海队外; 生前系上海市高级人民法院
# Words opening with a function character that stand inside names (中国人民对外友好协会, 中国和平
# 统一促进会, 对华友好协会, 非洲统一组织 … 同盟): written by hand, as jieba's tags do not tell them
# from 同国 (海关总署|同|国家文物局) or 同省.
_FUNCTION_OPENED_WORDS = frozenset({"对外", "对华", "和平", "同盟", "为民", "和谐", "暨南"})
# A continent or region and a generic body word (欧洲公司, 亚洲国家政府, 欧洲大型企业集团): the kind of
# body found there, no name; a body of the continent itself has its own word (欧洲议会, 亚洲开发银行).
_REGION_GENERIC = re.compile(r"(?:欧洲|亚洲|非洲|美洲|拉美|中东|西方|东南亚)[^\n]{0,6}(?:公司|政府|集团|企业|厂)\Z")
# Body words that with a foreign place alone name a kind of body, no body (美国公司, 加沙学校; not 医院: 纽约医院
# is tagged on day 19).
_GENERIC_BODY_WORDS = frozenset({"公司", "学校", "企业"})
# Characters a name is made of (no punctuation, no space).
_NAME_CHARS = re.compile(rf"[{_HAN}0-9A-Za-z○]+")
# What follows a body's name when an officer of it is named (中国工商银行|行长, 国家科委|主任): a sign
# the words before are a body. The doubled character and 长 (银行行长, 学院院长) are counted too.
_OFFICES_AFTER = frozenset("主任 主席 书记 会长 院长 校长 局长 部长 所长 厂长 行长 社长 台长 馆长 团长 队长 司长 处长 总裁 董事 经理 "
                           "副主 副院 副校 副局 副部 副所 副厂 副行 副社 副会 副书 副总 发言 负责 党委 党组 官员 职工 员工".split())
# An office or a rank between a parent body and a body word (国务院|总理李克强|主持召开国务院常务会议,
# 联合国|秘书长|古特雷斯办公室): a person's, no department of the parent's.
_OFFICE_INSIDE = re.compile("|".join(t for t in names.TITLES if len(t) >= 2 and t != "发言人"))  # 联合国发言人办公室 is one
# jieba's tags of a word opening a clause rather than a department's name (关于 p, 立足 d, 严肃 a, 首次 m, 并且 c).
_CLAUSE_OPENING_TAGS = frozenset("pdamc")
# Body words that are bodies themselves (加强|政协, 调动|中央): they end no department's name.
_BODY_WORDS_THEMSELVES = frozenset({"中央", "政协", "人大", "政府", "共产党", "解放军"})
# A department inside a body found just before it (中国艺术研究院|话剧所, 林业部|综合计划司, 北京师范
# 大学|教育系, 国家体改委|调研室): two to six name characters and one of these department characters.
_SUB_UNIT = re.compile(rf"[{_HAN}]{{2,6}}?[所司系处室部]")
# A provincial (or the national) political consultative conference by its term: 政协甘肃省第八届委员会,
# 政协第九届全国委员会. Seldom tagged on the training days, always so built.
_CPPCC = re.compile(rf"(?:政协|中国人民政治协商会议)(?:[{_HAN}]{{2,8}}?)?第[一二三四五六七八九十]+届(?:全国)?委员会(?:常务委员会)?")


def _automaton(model: names.PeopleModel) -> tuple[ahocorasick_rs.AhoCorasick, list[str], list[str]]:
    """One automaton over the known organisation names (central bodies, and those tagged on the
    training days: kind "name"), the organisation words (市委, 公安局: "word") and the
    institution suffixes (大学, 公司, and the last words of bodies tagged on the training days:
    "suffix"), longest match first; its patterns and each pattern's kind."""
    kinds: dict[str, str] = {}
    for w in (*names.INSTITUTION_SUFFIXES, *model.org_suffixes):
        kinds[w] = "suffix"
    for w in names.ORG_WORDS:
        if len(w) >= 2:
            kinds[w] = "word"
    for w in model.organisations:
        if len(w) >= 3:
            kinds[w] = "name"
    for w in names.CENTRAL:
        if w not in names.NOT_CENTRAL:
            kinds[w] = "name"
    patterns = sorted(kinds)
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), patterns, [kinds[w] for w in patterns]


class OrganisationFinder:
    """Organisation names in folded text, relative ones resolved against the paper's home.

    Known names are taken as found; a body word or suffix gives candidates (from a place or
    country right before it, from a place inside the run of characters before it, or that run
    whole), and the trained organisation weights choose among them or none (`options`, `best`)."""

    def __init__(self, model: names.PeopleModel | None = None) -> None:
        model = model or names.people_model()
        self.automaton, patterns, self.kinds = _automaton(model)
        # A short form whose last character opens a longer body word with what follows (泳协|会 of
        # 游泳协会, 学联|合会): the index of that word, read from the short form's last character.
        at = {w: i for i, w in enumerate(patterns)}
        longer = {"协": ("协会", "会"), "联": ("联合会", "合会")}
        self.short_forms = {at[w]: (at[longer[w[-1]][0]], longer[w[-1]][1]) for w in names.SHORT_FORMS
                            if w[-1] in longer and w in at and longer[w[-1]][0] in at}
        self.short_form_index = frozenset(at[w] for w in names.SHORT_FORMS if w in at)
        self.central_committee = at.get("中央委员会")
        self.weights = model.org_weights
        self.threshold = model.org_threshold
        self.unextending = frozenset(model.org_unextending)
        self.extensions: list[tuple[int, int, int, int]] | None = None  # training: each known body extended
        self.words = names.dictionary_words()
        self.g = finder().g
        self.foreign = names.FOREIGN_PLACES
        self.places = frozenset(n for n in (*self.g.by_name, *self.g.by_short) if len(n) >= 2 and n not in _WORDS_NAMING_PLACES) | self.foreign
        self.provinces = frozenset(n for by in (self.g.by_name, self.g.by_short) for n, units in by.items()
                                   if len(n) >= 2 and any(u.level == "province" for u in units))
        lengths: dict[str, set[int]] = {}
        for n in self.places:
            lengths.setdefault(n[-2:], set()).add(len(n))
        self.place_lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        heads: dict[str, set[int]] = {}
        for n in self.places:
            heads.setdefault(n[:2], set()).add(len(n))
        self.place_heads = {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()}

    def _place_ending(self, text: str, end: int, when=None) -> str | None:
        """The longest place name (a division's full or short name, any year, or a foreign
        country or city) ending at `end`, with the places right before it (河北省平山县)."""
        at = end
        for _ in range(3):
            for length in self.place_lengths.get(text[at - 2 : at] if at > 1 else text[:at], ()):
                if at - length >= 0 and text[at - length : at] in self.places:
                    at -= length
                    break
            else:
                break
        if at == end:
            return None
        # A two-character place inside a run of text (江泽民和国务院: 民和) is no prefix; a country
        # named with 国 is one whatever stands before it (会见了美国财政部, 欢迎中国国务院), and so is
        # a foreign place opening no word with the character before (援引|伊朗卫生部; not 今日|本).
        if (end - at <= 2 and at > 0 and "\u4e00" <= text[at - 1] <= "\u9fff" and text[at - 1] not in _PLACE_OPENERS and text[end - 1] != "国"
                and (text[at:end] not in self.foreign or text[at - 1 : at + 1] in self.words)):
            return None
        return text[at:end]

    def _longer_place_opening(self, text: str, start: int) -> int:
        """Where a known name opening with a place opens when a longer place ends where that place
        does (南|苏丹政府 of 南苏丹政府, 苏丹政府 learned in 1998): the longer place's start, else `start`."""
        for length in (2, 3):
            if text[start : start + length] in self.places:
                outer = self._place_before(text, start + length)
                if outer < start:
                    return outer
        return start

    def _place_before(self, text: str, at: int) -> int:
        """Where the longest place ending at `at` opens (湖北 before 宜昌市), or `at` for none."""
        for length in self.place_lengths.get(text[max(0, at - 2) : at], ()):
            if at - length >= 0 and text[at - length : at] in self.places:
                return at - length
        return at

    def _place_ends_at(self, text: str, at: int, two_before: str) -> str:
        """"1" where a place ends right at `at` (湖北|宜昌市八一集团, 福建|莆田县平民医院: the name opens
        earlier), else "0" (`_place_before`, as the feature reads it); `two_before` the two
        characters before `at`."""
        lengths = self.place_lengths.get(two_before)
        if lengths:
            places = self.places
            for length in lengths:
                if at >= length and text[at - length : at] in places:
                    return "1"
        return "0"

    def _place_at(self, text: str, k: int, limit: int) -> int:
        """The end of the longest place starting at k and ending by `limit`, or 0."""
        for length in self.place_heads.get(text[k : k + 2], ()):
            if k + length <= limit and text[k : k + length] in self.places:
                return k + length
        return 0

    def groups(self, text: str, home: dict[str, Unit]):
        """Each stretch the automaton marks: ("found", at, end, printed, resolved) for a known
        name or a resolved relative one, or ("options", start, end, [(at, features), ...])."""
        kinds = self.kinds
        matches = self.automaton.find_matches_as_indexes(text)
        earlier: list[int] = []  # where the bodies already met open (for names holding one: `_inner_options`)
        k = 0
        short = self.short_forms
        while k < len(matches):
            index, start, end = matches[k]
            if index in short:
                longer, tail = short[index]
                if text.startswith(tail, end):
                    index, start, end = longer, end - 1, end + len(tail)  # 中国游泳协会, not 泳协 + 会
            if index in self.short_form_index and self.words.get(text[end - 1 : end + 1]) == "v":
                k += 1
                continue  # 总台|联合录制: its last character opens a verb with the next, no short form (台联会长 is one)
            kind = kinds[index]
            earlier.append(start)
            # 市委宣传部, 集团有限公司, 国务院办公厅: consecutive words are one name, and a party's central
            # committee (中国致公党|中央委员会: a known name itself) is one with the party.
            first_end = end
            chain = k
            while k + 1 < len(matches) and matches[k + 1][1] == end and (kinds[matches[k + 1][0]] != "name" or matches[k + 1][0] == self.central_committee):
                k += 1
                end = matches[k][2]
            k += 1
            nxt = text[end : end + 1]
            if nxt in _MERGED_AFTER and text[end - 1] in _MERGED_AFTER[nxt] and not self._place_at(text, end, end + 8):
                if k - 1 == chain:
                    continue  # 外交部长, 共产党员, 民政部门; not 新华社长沙
                # The last word is an office's first (邮电局|局长, 区委|宣传部长): the name ends before it.
                end = matches[k - 2][2]
            if kind == "name":
                if k < len(matches) and text[start:end] in names.PARENT_BODIES:
                    k, end = self._under_parent(text, matches, k, end, text[start:end] in names.CENTRAL_PARENTS)
                place = self._place_ending(text, start)  # 北京市委, 中国外交部
                if place is None:
                    start = self._longer_place_opening(text, start)  # 南|苏丹政府 (a learned name): 南苏丹政府
                if text[start:first_end] in names.WORLD_BODIES:
                    if place and (place not in names.COUNTRIES or end == first_end):
                        place = None  # 纽约|联合国总部, 巴基斯坦|上海合作组织成员国: no name of the place's (中国欧盟商会 is one)
                    at = start - len(place) if place else start  # 金砖国家|新开发银行: no 国家 of a ministry's
                else:
                    at = start - len(place) if place else start - 2 if text[start - 2 : start] == "国家" else start
                if end > first_end:
                    # A word after a known body that the paper does not count into its name (法新社|总部,
                    # 联合国|武器核查|小组, 国务院|证券): the body alone.
                    last = next(m[1] for m in matches[k - 1 : chain : -1] if m[2] == end)
                    if self.extensions is not None:
                        self.extensions.append((at, first_end, last, end))
                    if text[last:end] in self.unextending:
                        end = first_end
                if text[end - 1 : end + 1] in _CUT_AFTER_NAME:
                    continue  # 市财政部|分预算, 人民日报社|论: its last character opens a word with the next
                yield ("found", at, end, text[at:end], text[at:end])
                continue
            if end - start == 1 and self.words.get(text[start : start + 2]) and not self.words.get(text[start + 1 : start + 3]):
                continue  # 中国厂|商, 大局|面: a one-character body word opening a word with the next (not 中国队|名列)
            if text[start - 1 if end - start == 1 else start : end] in _WORDS_ENDING_LIKE_A_BODY:
                continue  # 株洲还|布局, 秦淮河畔处|处: a one-character body word closing a word with the one before
            if text[start:end] == "处" and text[start - 1 : start] in _NUMERALS:
                continue  # 郑州一处, 北京市63处: places counted (铁道部一局三处 is a department after its body)
            place = self._place_ending(text, start)
            options: list[tuple[int, str]] = []
            if place and text[start:end] == "中心" and place[-1] in "市区县镇城":
                continue  # 邢台市中心, 福州城区中心: the middle of a town (市中心), no body
            if place and text[start:end] == "中央":
                continue  # 中国中央|广播电视总台, 韩国中央|灾难安全对策本部: a country's central …, no body (民革中央 is a party's)
            if place:
                at = start - len(place)
                options.append((at, "p" + ("f" if place in self.foreign or place[-2:] in self.foreign else "c")))
                if text[at - 1 : at] == "驻" and at > 1:
                    # A country's mission in another (伊拉克|驻|约旦大使馆): the name opens at the sender.
                    sender = self._place_ending(text, at - 1)
                    if sender:
                        options.append((at - 1 - len(sender), "z"))
            else:
                # A relative name: 市委, 省政府新闻办, 市疫情防控工作领导小组 (市 + up to ten characters).
                if text[start:end] in names.PLACE_ONLY_WORDS:
                    continue  # 用工行为: 工行 names a bank only after a place (甘肃工行)
                head = self._relative_head(text, start)
                if head is not None:
                    at, level = head
                    printed = text[at:end]
                    unit = home.get(level)
                    if unit is not None and not _NOT_IN_ORG.search(printed[1:]):
                        yield ("found", at, end, printed, unit.name + printed[1:])
                    continue
                run = self._run_start(text, start)
                if run is not None:
                    heads = self.place_heads
                    words = self.words
                    for q in range(run, start - 1):
                        # Not a place whose first character ends a word (建立|立新开发银行: 立新 is a town; 沈阳|
                        # 阳高新区…, 五台|台山小学), unless a word ends right before it too (组建|中国资源循环集团)
                        # or that word opens with a function character (在|内蒙古…: 在内).
                        if (text[q : q + 2] in heads and self._place_at(text, q, start)
                                and (text[q - 1 : q + 1] not in words or text[q - 2 : q] in words or text[q - 1] in _PLACE_OPENERS)):
                            options.append((q, "q"))
                    inner = self._province_inside(text, options, start)
                    if inner:
                        # A province after a city or county (小店区|山西云内动力有限公司, 太原市|山西大学): the
                        # smaller place says where the body is; its name opens at the province (not
                        # at a place after it: 动力 of 哈尔滨动力区 is a word there).
                        options = options[inner : inner + 1]
                        run = options[0][0]
                    elif options:
                        # A province before the first place, cut off by the run's twelve characters
                        # (贵州省|绥阳县纳佛莱辣味食品有限公司): the name may open there too.
                        outer = self._place_before(text, options[0][0])
                        if outer < run:
                            options.insert(0, (outer, "q"))
                    if options and options[0][0] == run:
                        pass
                    elif start - run <= 8 and (start - run > 1 or (text[run] in _ONE_CHARACTER_PLACES and text[run : run + 2] not in self.places)):
                        options.append((run, "r"))  # 汇丰银行; of one character only 以政府, 京青联
                    options += self._verb_options(text, run, start, options)
            options += self._inner_options(text, earlier[-3:-1], options[0][0] if options else start, options)
            if first_end < end and first_end - start >= 2 and all(at != start for at, _ in options):
                # Words that are a name by themselves (中央|文明委, 中央|政法委): it may open at the first.
                options.append((start, "s"))
            if options and text[start:end] == "中央":
                # 中央 closes a party's name (民革中央, 越共中央); after a verb it is the centre's (湖南调拨|中央救灾物资).
                options = [o for o in options if "v" not in self._word_tags(text[o[0] : start])]
            if options:
                yield ("options", start, end, [(at, self.features(text, at, start, end, how, place)) for at, how in options])

    def _province_inside(self, text: str, options: list[tuple[int, str]], start: int) -> int:
        """The index of the last of `options` (places inside a run, before the body word at
        `start`) that opens at a province right after a city or county, 0 for none (中国|山西…
        keeps its country)."""
        for i in range(len(options) - 1, 0, -1):
            q = options[i][0]
            if text[q : self._place_at(text, q, start)] in self.provinces:
                p = options[i - 1][0]
                return i if text[p:q] in self.places and text[p:q] not in self.provinces and text[p:q] not in self.foreign else 0
        return 0

    def _under_parent(self, text: str, matches, k: int, end: int, central: bool = False) -> tuple[int, int]:
        """A body of a parent body printed right after it (联合国安理会, 解放军总政治部), or after a
        few name characters (联合国|教科文|组织, 解放军|艺术|学院): the match to go on from and the
        name's end. Unchanged where a function word, a stop or an office stands between (解放军进村后的
        医院, 国务院总理李克强…), or where a central parent meets another known body (中共中央|国务院)."""
        kinds = self.kinds
        index, s2, e2 = matches[k]
        between = text[end:s2]
        if central and (kinds[index] == "name" or (between and not self._department_of_central(between, text[s2:e2]))):
            return k, end  # 中共中央|国务院: two bodies, not a department of the first
        if not between and text[s2:e2] in names.OUTSIDE_UNITED_NATIONS:
            return k, end  # 联合国|阿盟联合行动: two bodies
        if s2 - end > 8 or (between and (kinds[index] == "name" or not _NAME_CHARS.fullmatch(between) or self._function_words_in(between)
                                         or _OFFICE_INSIDE.search(between))):
            return k, end
        k += 1
        while k < len(matches) and matches[k][1] == e2 and kinds[matches[k][0]] != "name":
            e2 = matches[k][2]
            k += 1
        return k, e2

    def _department_of_central(self, between: str, word: str) -> bool:
        """Whether `between` and the body word after it name a department of a central body (国务院|
        台湾事务|办公室, 全国人大|外事|委员会), not a clause with that body as its subject: none opens
        with a preposition, an adverb, an adjective, a number or 有关 (国务院|关于…|中央, 国务院|严肃查|处,
        全国政协|首次以加强|政协, 全国人大|有关专门|委员会), and none ends with one character or a word
        that is a body itself (中共中央|驾驭复杂|局)."""
        if len(word) < 2 or word in _BODY_WORDS_THEMSELVES:
            return False
        return self.words.get(between[:2]) not in _CLAUSE_OPENING_TAGS and not between.startswith("有关")

    def _verb_options(self, text: str, run: int, start: int, options: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Where a run of characters before an institution word goes on after a verb (办起|桂光制衣
        有限公司, 组建|吉斯纺织集团): the name may open after the last verb, rather than at the run's start."""
        words = self.words
        for q in range(start - 2, run + 1, -1):
            # Not a verb whose first character closes a verb before it (离开|火神山医院: no 开火).
            if words.get(text[q - 2 : q]) == "v" and (q - 3 < run or words.get(text[q - 3 : q - 1]) != "v"):
                return [] if any(at == q for at, _ in options) else [(q, "v")]
        return []

    def _inner_options(self, text: str, earlier: list[int], edge: int, options: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """A name holding another body before its last word (政协|甘肃省第八届委员会, 清华大学|经济管理
        学院, 国家体委|体操运动管理中心): it may open where a body met just before opens, when only
        name characters stand between (at most 12 before `edge`, where the other options open)."""
        if not earlier or earlier[-1] >= edge or earlier[-1] < edge - 12:
            return []
        run = self._run_start(text, edge)
        if run is None:
            return []
        taken = {at for at, _ in options}
        return [(q, "w") for q in earlier[-2:] if run <= q < edge and q not in taken]

    def features(self, text: str, at: int, start: int, end: int, how: str, place: str | None = None) -> list[str]:
        """The features of the option opening at `at` (`how` it was found) for the body word at
        start:end; `place` the place ending at `start` where groups() already read it."""
        word = text[start:end]
        name = text[at:end]
        if how[0] == "p":
            place = place or self._place_ending(text, start) or ""
            mid = ""
        else:
            stop = self._place_at(text, at, start) if how in ("q", "z") else 0
            place = text[at:stop] if stop else ""
            mid = text[(stop or at) : start]
        before = text[at - 1] if at else ""
        if before == "\n":
            before = ""  # a paragraph's edge, as training saw it
        after = text[end : end + 1]
        if after == "\n":
            after = ""
        words = self.words
        opening = words.get(text[at : at + 2], "-")
        two_before = text[at - 2 : at] if at > 1 else text[:at]
        n_mid = len(mid)
        f = [
            "b",
            "o" + how,
            "s" + word,
            "e" + word[-1],
            "m" + str(min(n_mid, 7)) + how[0],
            "m1" + mid[:1],
            "m2" + mid[:2],
            "me" + mid[-1:],
            "l1" + before,
            "r1" + after,
            "n" + str(min(end - at, 12)),
            "pl" + ("f" if place in self.foreign else "c" if place else "-"),
            "t1" + opening,  # 办起桂光制衣有限公司: a verb opens no body
            "t1" + how[0] + opening,  # and a brand (汇丰, nz) opens a run, a place opens a place's body
            "t0" + words.get(two_before, "-"),
            # The body word's last character and the next one a word (中国厂|商, 中国会|见): no body ends there.
            "xr" + words.get(text[end - 1 : end + 1], "-"),
            # Printed again in the article (桂光制衣有限公司 … 桂光公司 … 桂光集团): a name, not a phrase.
            "rp1" if _elsewhere(text, name, at) else "rp0",
            "pb" + how[0] + self._place_ends_at(text, at, two_before),
        ]
        if text[end : end + 2] in _OFFICES_AFTER or (text[end : end + 1] == word[-1] and text[end + 1 : end + 2] == "长"):
            f.append("ti")
        if opening == "-" and how[0] != "p":
            # Two characters jieba does not know opening the name, printed again in the article
            # (桂光制衣有限公司 … 桂光公司, 百富勤投资集团 … 百富勤集团): a brand the article is about.
            f.append("br1" if _elsewhere(text, text[at : at + 2], at) else "br0")
        if len(word) == 1:
            f.append("one" + how[0])
        if n_mid:
            if self._function_words_in(mid):
                f.append("bad")
            if n_mid >= 2:
                f.append("hp1" if _elsewhere(text, mid, start - n_mid) else "hp0")
                # Verbs inside (香港广大市民积极|响应|政府, 中科院|完成|整体定位|建设|科技国家队): a clause
                # before a body word; a name has one at most (综合计划司, 调研室).
                tags = self._word_tags(mid)
                f.append("mv" + str(min(tags.count("v"), 2)))
                # The kinds of word inside (群众盛赞: n v; 广大市民积极响应: an adverb, a verb; 或者: a
                # conjunction): a clause reads otherwise than a name (纳佛莱辣味食品: n n).
                f += ["mg" + t for t in set(tags)]
                if n_mid <= 3:
                    f.append("mt" + words.get(mid, "-"))  # 汇丰银行, 波音公司: a brand jieba knows (nz) opens a company
                else:
                    f.append("mz" + words.get(mid[-2:], "-"))  # 群众盛赞|政府: a verb right before the body word
            if "届" in mid or "次" in mid:
                ordinal = _ORDINAL.search(mid)
                if ordinal:
                    f.append("od" + ordinal.group(1))  # 第八届委员会 is a body, 四届二次理事会 a meeting of one
        return f

    def _word_tags(self, mid: str) -> list[str]:
        """The tags jieba gives the two-character words standing in `mid`, read left to right."""
        words = self.words
        tags = []
        i = 0
        while i < len(mid) - 1:
            t = words.get(mid[i : i + 2])
            if t:
                tags.append(t)
                i += 2
            else:
                i += 1
        return tags

    def _function_words_in(self, mid: str) -> bool:
        """Whether the middle of a name holds a function word or meeting words (the 的 of 群众的,
        召开); not a function character opening a name's word (对外 of 中国人民对外友好协会)."""
        for m in _NOT_IN_ORG.finditer(mid):
            i = m.start()
            if m.end() - i > 1 or mid[i : i + 2] not in _FUNCTION_OPENED_WORDS:
                return True
        return False

    def best(self, options: list[tuple[int, list[str]]]) -> int | None:
        """The start of the best-scoring option, None for none (all found where there are no weights)."""
        w = self.weights
        if not w:
            return options[0][0]
        best, best_score = None, 0.0
        for at, feats in options:
            # A place and a body word (昔阳县委) needs a positive score; a run of other words
            # before a body word (办起桂光制衣有限公司) more.
            s = sum(map(w.get, feats, _ZEROS)) - (0.0 if feats[1] in _PLACE_ANCHORED else self.threshold)
            if s > best_score:
                best, best_score = at, s
        return best

    def find(self, text: str, home: dict[str, Unit], when) -> list[tuple[int, str, str]]:
        """(start, as printed, as resolved) of each organisation, in text order."""
        found: list[tuple[int, int, str, str]] = []
        for g in self.groups(text, home):
            if g[0] == "found":
                found.append(g[1:])
                continue
            _, start, end, options = g
            if found:
                # Not opening inside a body already found (联合|国安理会常任理事国 inside 联合国安理会).
                recent = found[-3:]
                options = [o for o in options if _outside(o[0], recent)]
            at = self.best(options) if options else None
            if at is not None and text.find("）", at, end) >= 0 and text.find("（", at, end) < 0:
                continue  # 万宝电器（|广州）有限公司: a name opening inside brackets it does not open
            if at is not None and at > 1 and text[at - 1] in _COUNTERS and text[at - 2] in _NUMERALS:
                continue  # 30个|空军中队, 两家|医院: bodies of a kind counted, no name
            if at is not None and not _REGION_GENERIC.match(text, at, end) and not self._place_generic(text[at:end]):
                if text[at] in _RELATIVE and text[at : at + 2] not in self.words:
                    # A relative name the options chose (召开|市疫情防控工作领导小组): the paper's city
                    # or province, as the relative names found above; none where no home is known.
                    unit = home.get(_RELATIVE[text[at]])
                    if unit is not None:
                        found.append((at, end, text[at:end], unit.name + text[at + 1 : end]))
                    continue
                found.append((at, end, text[at:end], text[at:end]))
        if "政协" in text or "政治协商会议" in text:
            found += [(m.start(), m.end(), m.group(), m.group()) for m in _CPPCC.finditer(text)]
        starts = {f[0] for f in found}
        return _longest([self._with_sub_unit(text, f, starts) for f in found])

    def _place_generic(self, name: str) -> bool:
        """Whether `name` is a country or a foreign city and a generic body word alone (美国公司, 日本公司,
        加沙学校: the kind of body found there; the paper tags none, days 01-20), or any place and 总部
        (南京总部, 瑞士苏黎世总部: where a headquarters is; 武警总部 and 八路军总部 are bodies')."""
        word = name[-2:]
        if word == "总部":
            return self._place_ending(name, len(name) - 2) == name[:-2]
        return word in _GENERIC_BODY_WORDS and name[:-2] in self.foreign

    def _with_sub_unit(self, text: str, f: tuple[int, int, str, str], starts: set[int]) -> tuple[int, int, str, str]:
        """A body and the department printed right after it (中国社科院经济所, 铁道部一局三处, 中共中央
        对外联络部: 对外 opens a word of the name), as the paper tags them: one name. Not where the department's last character opens a word with the
        next (研究所所长 still ends at 所: 所长 is an office, 有关部门 is no department), nor where an office
        stands inside (上合组织|主席国所做工作), nor where another body found opens inside (国务院|批转|财政部:
        `starts`, where the bodies found open)."""
        at, end, printed, resolved = f
        m = _SUB_UNIT.match(text, end, end + 7)
        if m is None or self._function_words_in(m.group()) or text[m.end() : m.end() + 1] == "长" or _OFFICE_INSIDE.search(m.group()):
            return f
        if any(end < s < m.end() for s in starts):
            return f
        if self.words.get(text[m.end() - 1 : m.end() + 1]) or self.words.get(text[m.end() - 2 : m.end()], "m") != "m":
            return f  # 所以, 部门; 共查处 (查处, a verb), 伙伴关系, 干部, 内部 (words, no department; 一局三处 is one)
        unit = m.group()
        return (at, m.end(), printed + unit, resolved + unit)

    def _relative_head(self, text: str, start: int) -> tuple[int, str] | None:
        """Where a relative name opens (市 / 省 at most ten characters before its organisation word)."""
        window = text[max(0, start - 11) : start + 1]
        if "市" not in window and "省" not in window:
            return None  # most body words: no 市 or 省 near, nothing to walk back over
        for back in range(-1, 11):
            at = start - 1 - back
            if at < 0:
                return None
            c = text[at]
            if c in _RELATIVE and (at == 0 or not ("\u4e00" <= text[at - 1] <= "\u9fff") or text[at - 1] in "我本全各、和与及暨"):
                if text[at - 1 : at] in ("全", "各"):
                    return None  # 全市, 各市: every body of the kind, not one
                return at, _RELATIVE[c]
            if not ("\u4e00" <= c <= "\u9fff") or c in _NOT_IN_ORG_CHARS:
                return None
        return None

    def _run_start(self, text: str, start: int) -> int | None:
        """The start of the run of name-like characters (at most 12) ending at `start`, or None.
        A function character opening a word with the next one that is no function word (对外 of
        中国人民对外友好协会, 和平 of 和平基金会) does not stop the run."""
        lo = max(0, start - 12)
        m = _RUN_TAIL.search(text, lo, start)
        at = m.start() if m else start
        if text[at - 1 : at] == "）":
            # A few characters in brackets inside a name (中国人保（集团）公司, 郑州友谊商业（集团）总公司).
            o = text.rfind("（", max(lo, at - 6), at - 1)
            if o > lo and _BRACKETED.fullmatch(text, o + 1, at - 1):
                m = _RUN_TAIL.search(text, lo, o)
                if m:
                    at = m.start()
        if at == start:
            return None
        while at - 1 >= lo and text[at - 1] in _NOT_IN_ORG_CHARS and text[at - 1 : at + 1] in _FUNCTION_OPENED_WORDS:
            m = _RUN_TAIL.search(text, lo, at - 1)
            at = m.start() if m else at - 1
        return at


def _outside(at: int, recent: list[tuple[int, int, str, str]]) -> bool:
    """Whether `at` opens inside none of the bodies found (strictly after a start, before an end)."""
    for f in recent:
        if f[0] < at < f[1]:
            return False
    return True


def _longest(found: list[tuple[int, int, str, str]]) -> list[tuple[int, str, str]]:
    """Longest first where two overlap; then in text order."""
    kept: list[tuple[int, int, str, str]] = []
    for f in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        s, e = f[0], f[1]
        for k in kept:  # a loop, not any(): no generator per name (the build's cost)
            if k[0] < e and s < k[1]:
                break
        else:
            kept.append(f)
    return [(s, printed, resolved) for s, _, printed, resolved in sorted(kept)]


@lru_cache(maxsize=1)
def organisation_finder() -> OrganisationFinder:
    return OrganisationFinder()


@lru_cache(maxsize=256)
def _home(newspaper: str | None, year: int | None) -> dict[str, Unit]:
    """The paper's home city and province (太原日报: 太原市 and 山西省), for relative names."""
    f = finder()
    units = f.home_of(newspaper and _fold(newspaper), (year, None))
    out: dict[str, Unit] = {}
    for u in units:
        out[u.level] = u
    if "city" in out and "province" not in out:
        province = _province_of(out["city"], year)
        if province is not None:
            out["province"] = province
    return out


def _province_of(city: Unit, year: int | None) -> Unit | None:
    g = finder().g
    d = g.district_for(city)
    units = [u for u in g.units_named(d.province, year) if u.level == "province"]
    return units[0] if units else None
