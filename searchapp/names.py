"""What is known about names of people and organisations (no text scanning here: see entities.py).

As `gazetteer.py` is to `districts.py`, this module is to `entities.py`: lists and the trained
model, loaded once, answering questions about strings.

* **Surnames** (single and compound) and **office titles** (书记, 市长, 主任 …): a title stands
  before a name (省委书记林武) and is what the article page shows beside it.
* **Byline roles** (本报记者, 通讯员, 摄, 编辑 …): the words around the names of the writers.
* **Organisation words**: what ends an organisation's name after a place (市委, 政府, 公安局 …),
  the generic suffixes of institutions (大学, 公司, 医院 …), and the central bodies that have no
  place in their name (国务院, 中共中央, 新华社 …).
* **Aliases** the text itself makes equal (党中央 and 中共中央): `canonical` folds them for
  whoever groups organisations; the article keeps what was printed.
* **The people model** (`data/entities.json`): weights of an averaged perceptron that decides
  whether a candidate string is a person's name, and the contexts where candidates are looked
  for, trained on People's Daily 1998-01-01..20 only (`python -m searchapp.train_entities`).
  The same file carries the organisation names seen tagged `/nt` on those days.
"""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "entities.json"

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠"
    "睦裘晋郦薄雍宿廉逯芮钮郗闫阎"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 司徒 夏侯 端木 西门 呼延 澹台 轩辕 万俟".split()
)

# Office titles, longest first where one ends another (副总理 before 总理): the text between the
# last punctuation and a name that ends with one of these is the title printed beside the name.
TITLES = tuple(
    sorted(
        set(
            "书记 副书记 总书记 常委 委员 主席 副主席 委员长 副委员长 总理 副总理 国务委员 部长 副部长 省长 副省长 "
            "市长 副市长 县长 副县长 区长 副区长 乡长 镇长 村长 主任 副主任 局长 副局长 厅长 副厅长 处长 科长 "
            "秘书长 副秘书长 院长 副院长 校长 副校长 所长 站长 台长 社长 总编辑 主编 行长 董事长 总经理 副总经理 "
            "经理 总裁 执行总裁 会长 副会长 理事长 团长 队长 主教练 教练 司令员 政委 参谋长 总参谋长 军长 师长 "
            "部长助理 大使 特使 外长 总统 副总统 首相 国王 女王 议长 总督 领导 领导人 发言人 负责人 代表 委员 院士 "
            "教授 研究员 主席团 组长 副组长 检察长 庭长 审判长 馆长 监事长 支书 党委书记 党支部书记 网格员 "
            "老人 老师 同志 先生 女士 将军 上将 中将 少将 大校 选手 运动员 演员 导演 作家 画家 记者 通讯员".split()
        ),
        key=len,
        reverse=True,
    )
)

# Words of a byline or credit that are roles, not names (本报记者 郭娟, 通 讯 员 刘丹 文/摄).
BYLINE_ROLES = (
    "本报特约记者", "本报特派记者", "本报实习生", "本报通讯员", "本报记者", "特约记者", "特派记者", "实习记者",
    "首席记者", "通讯员", "实习生", "记者", "本报", "新华社", "中新社", "人民日报", "视频编辑", "文字编辑",
    "责任编辑", "编辑", "摄影", "摄像", "文/摄", "文／摄", "文图", "图文", "摄", "文", "图", "报道", "整理",
)

# Words that end an organisation's name after a place or a relative 市/省/县/区 (太原市委, 市纪委监委).
ORG_WORDS = tuple(
    sorted(
        set(
            "委 党委 市委 省委 县委 区委 地委 州委 盟委 旗委 乡党委 镇党委 工委 纪委 监委 纪委监委 政法委 "
            "政府 人民政府 人大 人大常委会 常委会 政协 人民法院 法院 人民检察院 检察院 公安局 公安厅 分局 "
            "宣传部 组织部 统战部 统战部 宣传部 办公厅 办公室 新闻办 信访局 财政局 财政厅 教育局 教育厅 卫健委 "
            "卫生局 卫生厅 交通运输厅 交通局 民政局 民政厅 商务局 商务厅 文旅局 生态环境局 生态环境厅 应急管理局 "
            "科学技术协会 科协 妇联 总工会 工会 团委 共青团 发改委 计委 经委 体委 科委 城管局 住建局 "
            "市场监管局 税务局 审计局 司法局 司法厅 人社局 自然资源局 水利局 水利厅 农业农村局 林业局 "
            "气象局 气象台 统计局 邮政局 交警支队 消防支队 军区 军分区 武警总队 海关 电视台 广播电台 日报社 "
            "队 代表团 领导小组 工作领导小组 指挥部 防控办 管理局".split()
        ),
        key=len,
        reverse=True,
    )
)

# Suffixes that make an institution's name of the words before them (中北大学, 山西中鼎物流集团有限公司).
INSTITUTION_SUFFIXES = tuple(
    sorted(
        set(
            "大学 学院 中学 小学 幼儿园 研究院 研究所 研究中心 科学院 医院 人民医院 卫生院 银行 公司 有限公司 "
            "股份有限公司 集团 集团公司 总公司 协会 学会 研究会 基金会 联合会 委员会 出版社 报社 杂志社 通讯社 "
            "电视台 电台 剧院 剧团 歌舞团 话剧团 艺术团 乐团 交响乐团 俱乐部 工厂 总厂 实验室 博物馆 图书馆 "
            "联盟 议会 政府 大使馆 领事馆 办事处 事务所 合作社 中心 管理局 街道办事处".split()
        ),
        key=len,
        reverse=True,
    )
)

# Bodies named without a place (the place is the country): found wherever printed.
CENTRAL = (
    "中共中央 党中央 中央委员会 中央政治局 中央军委 中央纪委 国家监委 中央书记处 中央办公厅 国务院 国务院办公厅 "
    "全国人大 全国人大常委会 全国政协 最高人民法院 最高人民检察院 中央组织部 中央宣传部 中央统战部 中组部 中宣部 "
    "外交部 国防部 教育部 科技部 工业和信息化部 公安部 安全部 国家安全部 民政部 司法部 财政部 人事部 劳动部 "
    "人力资源和社会保障部 自然资源部 生态环境部 住房和城乡建设部 建设部 交通部 交通运输部 铁道部 水利部 农业部 "
    "农业农村部 商务部 文化部 文化和旅游部 卫生部 国家卫健委 退役军人事务部 应急管理部 审计署 地矿部 地质部 "
    "电力部 冶金部 化工部 机械部 邮电部 林业部 煤炭部 广电部 外经贸部 内贸部 国家计委 国家经贸委 国家体委 "
    "国家科委 国家教委 国家民委 国家发改委 国家统计局 国家税务总局 海关总署 中国人民银行 人民银行 "
    "新华社 新华通讯社 中新社 人民日报社 人民日报 光明日报 经济日报 中央电视台 中央人民广播电台 中国国际广播电台 "
    "中国科学院 中国社会科学院 中国工程院 中科院 社科院 中国共产党 共产党 共青团中央 团中央 全国总工会 全国妇联 "
    "中国科协 中国作协 中国文联 解放军 中国人民解放军 武警部队 中国人民武装警察部队 总政治部 总参谋部 总后勤部 "
    "联合国 安理会 世界银行 国际货币基金组织 世界贸易组织 世贸组织 欧盟 欧洲联盟 东盟 北约 亚太经合组织 "
    "欧佩克 石油输出国组织 世界卫生组织 国际奥委会 美联社 路透社 法新社 共同社 塔斯社 合众国际社 俄通社 "
    "国家统计局 国家电网 中国石油 中国石化 中欧班列"
).split()

# Aliases the text makes equal: folded by `canonical` (the article keeps both as printed).
ALIASES = {
    "党中央": "中共中央",
    "中国共产党中央委员会": "中共中央",
    "中共中央委员会": "中共中央",
    "新华通讯社": "新华社",
    "中国人民解放军": "解放军",
    "中科院": "中国科学院",
    "社科院": "中国社会科学院",
    "中组部": "中央组织部",
    "中宣部": "中央宣传部",
    "团中央": "共青团中央",
    "欧洲联盟": "欧盟",
    "世贸组织": "世界贸易组织",
    "石油输出国组织": "欧佩克",
}
NOT_CENTRAL = frozenset({"中欧班列"})  # printed like a body, a train service


def canonical(organisation: str) -> str:
    """One name for the aliases of one body (党中央 -> 中共中央); other names unchanged."""
    return ALIASES.get(organisation, organisation)


@dataclass(frozen=True)
class PeopleModel:
    """The trained name model: where to look, and the weights that decide."""

    weights: dict[str, float]
    starts: str  # characters a name may begin with
    translit: str  # characters of transliterated foreign names (克林顿, 内塔尼亚胡)
    left1: str  # single characters after which a name is looked for (besides non-Han ones)
    left2: tuple[str, ...]  # two-character contexts (书记, 市长, 记者)
    left3: tuple[str, ...]
    organisations: tuple[str, ...]  # organisation names tagged /nt on the training days
    blocked: tuple[str, ...] = ()  # two characters that often open a candidate and never a name (全国, 和平)
    threshold: float = 0.0


@lru_cache(maxsize=1)
def people_model() -> PeopleModel:
    """The shipped model (data/entities.json), read once per process."""
    raw = json.loads(MODEL_PATH.read_text("utf-8"))
    ctx = raw["contexts"]
    return PeopleModel(
        weights=raw["weights"],
        starts=ctx["starts"],
        translit=ctx["translit"],
        left1=ctx["left1"],
        left2=tuple(ctx["left2"]),
        left3=tuple(ctx["left3"]),
        organisations=tuple(raw.get("organisations", ())),
        blocked=tuple(raw.get("blocked", ())),
        threshold=raw.get("threshold", 0.0),
    )


@lru_cache(maxsize=2)
def word_tags(starts: str) -> dict[str, str]:
    """jieba's dictionary tag class of its two- to four-character words: nr (a person), ns (a place),
    nt (an organisation), w (another word). A candidate that is a known ordinary word (高度, 文明)
    is rarely a name; one jieba tags nr often is. Only words opening with one of `starts`: the
    candidates' first characters."""
    first = frozenset(starts)
    classes = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt"}
    tags: dict[str, str] = {}
    with importlib.resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if 2 <= len(word) <= 4 and word[0] in first:
                tags[word] = classes.get(rest.rpartition(" ")[2].strip(), "w")
    return tags
