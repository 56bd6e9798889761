"""What is known about names of people and organisations (no text scanning here: see entities.py and
people.py, organisations.py, bylines.py).

As `gazetteer.py` is to `districts.py`, this module is to `people.py` and `organisations.py`:
lists and the trained model, loaded once, answering questions about strings.

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
  for, trained on People's Daily 1998-01-01..20 only (`python -m searchapp.train_entities`),
  and the weights of the article-level check over the names found (`people.NameCheck`).
  The same file carries the organisation names seen tagged `/nt` on those days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .districts import _jieba_dictionary
from .resources import derived

MODEL_PATH = Path(__file__).parent / "data" / "entities.json"
HAN = "\u4e00-\u9fff"  # the common Han characters, for regular expressions' classes ([{HAN}])

# Common surnames, shared with the article segmenter (its features were trained on this list).
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠"
)
SURNAMES = frozenset(COMMON_SURNAMES + "睦裘晋郦薄雍宿廉逯芮钮郗闫阎傅洪萧云茅慕支计尉井昝杭濮冒步禹晁扈戈揭习贲逄")  # and rarer ones the news prints
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 司徒 夏侯 端木 西门 呼延 澹台 轩辕 万俟 "
    "林郑 范徐 陈冯".split()  # and a Hong Kong wife's surname after her husband's (林郑月娥, 范徐丽泰, 陈冯富珍)
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

# Associations, federations and offices by their short forms (the paper's /j words inside a name:
# 中国足协, 天津美协, 中俄友协, 全国集邮联, 国务院侨办), written by hand. Where 会 or 合会 follows
# (游泳协会, 学联合会) the longer word is read instead (organisations.py).
SHORT_FORMS = tuple(
    "足协 篮协 排协 乒协 羽协 网协 田协 泳协 棋协 体协 美协 书协 剧协 音协 影协 舞协 曲协 作协 记协 友协 消协 "
    "侨联 台联 青联 学联 文联 残联 足联 泳联 田联 棋联 工商联 社科联 集邮联 "
    "侨办 台办 外办 港澳办 扶贫办 法制办".split()
)

# Words that end an organisation's name after a place or a relative 市/省/县/区 (太原市委, 市纪委监委).
ORG_WORDS = tuple(
    sorted(
        set(
            "委 党委 市委 省委 县委 区委 地委 州委 盟委 旗委 乡党委 镇党委 工委 纪委 监委 纪委监委 政法委 "
            "政府 人民政府 人大 人大常委会 常委会 政协 人民法院 法院 人民检察院 检察院 公安局 公安厅 分局 "
            "宣传部 组织部 统战部 统战部 宣传部 办公厅 办公室 新闻办 新闻办公室 信访局 财政局 财政厅 教育局 教育厅 卫健委 "
            "卫生局 卫生厅 交通运输厅 交通局 民政局 民政厅 商务局 商务厅 文旅局 生态环境局 生态环境厅 应急管理局 "
            "科学技术协会 科协 妇联 总工会 工会 团委 共青团 发改委 计委 经委 体委 科委 城管局 住建局 "
            "市场监管局 税务局 审计局 司法局 司法厅 人社局 自然资源局 水利局 水利厅 农业农村局 林业局 "
            "气象局 气象台 统计局 邮政局 交警支队 消防支队 军区 军分区 武警总队 海关 电视台 广播电台 日报社 "
            "队 代表团 领导小组 工作领导小组 指挥部 防控办 管理局 "
            # A body's standing committee after it, the formal names included (中央纪律检查委员会|常务
            # 委员会, 北京市人民代表大会常务委员会): a body of a body, one name.
            "常务委员会 人民代表大会常务委员会 "
            # Banks by their short names after a place (甘肃工行, 北京建行: jieba's abbreviations, j).
            "工行 建行 农行 中行 交行".split() + list(SHORT_FORMS)
        ),
        key=len,
        reverse=True,
    )
)

# Organisation words that name a body only right after a place (甘肃工行; not 用工行为).
PLACE_ONLY_WORDS = frozenset({"工行", "建行", "农行", "中行", "交行"})

# Suffixes that make an institution's name of the words before them (中北大学, 山西中鼎物流集团有限公司).
# Not the buildings a name may end with (饭店, 宾馆, 酒店, 博物馆, 纪念馆, 商场, 大楼): People's Daily
# tags them places (/ns, days 01-15: 宾馆 24 times a place, once a body), where something happens.
INSTITUTION_SUFFIXES = tuple(
    sorted(
        set(
            "大学 学院 附中 附小 中学 小学 幼儿园 研究院 研究所 研究中心 科学院 医院 人民医院 卫生院 银行 公司 有限公司 "
            "股份有限公司 集团 集团公司 总公司 协会 学会 研究会 基金会 联合会 委员会 出版社 报社 杂志社 通讯社 "
            "电视台 电台 剧院 剧团 歌舞团 话剧团 艺术团 乐团 交响乐团 俱乐部 工厂 总厂 实验室 图书馆 "
            "联盟 议会 政府 大使馆 领事馆 办事处 事务所 合作社 中心 管理局 街道办事处 红十字会 奥委会 "
            "文明委 政法委 综治委 教委 体委 科委 计委 经贸委 人代会 工程队 事业部 交易所 董事局 矿务局 书店 总局 "
            "派出所 核电站 电视台 广播电台 学校 党校 执委会 理事会 常委会 代表团 "
            "档案馆 联谊会 促进会 商会 财团 拍卖行 武装部 编委会 总院 军校 新闻社 "
            "歌舞团 舞团 艺术团 乐团 合唱团 杂技团 体工队 球队 分行 支行 总行 信用社 保险公司".split()
        ),
        key=len,
        reverse=True,
    )
)

# International bodies, written by hand (组织 ends too many phrases to be a suffix: 上海合作组织 and
# 世界知识产权组织 were never found; 新开发银行 came out as 立新开发银行): found wherever printed, and a
# city before one does not open its name (纽约|联合国总部, 洛桑|国际奥委会总部).
WORLD_BODIES = frozenset(
    "联合国 安理会 世界银行 国际货币基金组织 世界贸易组织 世贸组织 欧盟 欧洲联盟 东盟 东南亚国家联盟 北约 亚太经合组织 "
    "欧佩克 石油输出国组织 阿拉伯石油输出国组织 世界卫生组织 国际奥委会 新开发银行 金砖国家新开发银行 "
    "亚洲基础设施投资银行 亚投行 亚洲开发银行 上海合作组织 上合组织 "
    "国际原子能机构 世界知识产权组织 国际劳工组织 世界气象组织 国际刑警组织 国际民航组织 国际海事组织 国际电信联盟 "
    "世界粮食计划署 世界旅游组织 国际能源署 国际法院 国际刑事法院 红十字国际委员会 国际足联 亚足联 世界经济论坛 "
    "非洲联盟 非盟 非洲统一组织 非统组织 阿拉伯国家联盟 阿拉伯联盟 阿盟 海湾阿拉伯国家合作委员会 海合会 伊斯兰会议组织 "
    "伊斯兰合作组织 欧亚经济联盟 独联体 集体安全条约组织 经济合作与发展组织 经合组织 欧安组织 欧洲安全与合作组织 "
    "美洲国家组织 欧洲央行 欧洲中央银行 "
    # The United Nations' own bodies after it (联合国|教科文组织: one name, as under any parent).
    "教科文组织 粮农组织 难民署 开发计划署 开发署 环境规划署 人口基金 人口基金会 工发组织".split()
)
# The world bodies that are no body of the United Nations: after 联合国 they are another body (联合国|阿盟联合行动).
OUTSIDE_UNITED_NATIONS = frozenset("欧盟 欧洲联盟 东盟 东南亚国家联盟 北约 非洲联盟 非盟 阿拉伯国家联盟 阿拉伯联盟 阿盟 海合会 "
                                   "上海合作组织 上合组织 独联体 欧安组织 欧亚经济联盟 集体安全条约组织 美洲国家组织".split())

# Bodies named without a place (the place is the country): found wherever printed.
CENTRAL = (
    "中共中央 党中央 中央委员会 中央政治局 中央军委 中央纪委 国家监委 中央书记处 中央办公厅 国务院 国务院办公厅 "
    "全国人大 全国人大常委会 全国政协 最高人民法院 最高人民检察院 中央组织部 中央宣传部 中央统战部 中组部 中宣部 "
    "外交部 国防部 教育部 科技部 工业和信息化部 公安部 安全部 国家安全部 民政部 司法部 财政部 人事部 劳动部 "
    "人力资源和社会保障部 自然资源部 生态环境部 住房和城乡建设部 建设部 交通部 交通运输部 铁道部 水利部 农业部 "
    "农业农村部 商务部 文化部 文化和旅游部 卫生部 国家卫健委 退役军人事务部 应急管理部 审计署 地矿部 地质部 "
    "电力部 冶金部 化工部 机械部 邮电部 林业部 煤炭部 广电部 外经贸部 内贸部 国家计委 国家经贸委 国家体委 "
    "国家科委 国家教委 国家民委 国家发改委 国家统计局 国家税务总局 海关总署 中国人民银行 人民银行 "
    "新华社 新华通讯社 中新社 人民日报社 光明日报社 经济日报社 中央电视台 中央人民广播电台 中国国际广播电台 "
    "中国科学院 中国社会科学院 中国工程院 中科院 社科院 中国共产党 共产党 共青团中央 团中央 全国总工会 全国妇联 "
    "中国科协 中国作协 中国文联 解放军 人民解放军 中国人民解放军 武警部队 中国人民武装警察部队 总政治部 总参谋部 总后勤部 "
    "美联社 路透社 法新社 共同社 塔斯社 合众国际社 俄通社 "
    # Foreign news agencies as the paper shortens them (据俄新社报道); not those that open a word
    # (中东社会, 拉美社会, 南通社区).
    "俄新社 越通社 阿通社 利通社 韩联社 朝中社 德新社 安莎社 埃菲社 伊通社 巴通社 保通社 匈通社 波通社 罗通社 "
    "捷通社 蒙通社 时事社 国际文传电讯社 "
    "国家统计局 国家电网 中国石油 中国石化 中欧班列 "
    # The State Council's ministries, commissions and bureaus and the central institutions of the
    # 1990s (the archive's older papers), and the industrial corporations that were ministries.
    "机械工业部 电子工业部 广播电影电视部 国内贸易部 对外贸易经济合作部 监察部 新闻出版署 国家环保局 "
    "国家文物局 国家体改委 国家土地管理局 国家工商行政管理局 国家工商局 国家技术监督局 国家旅游局 国家海洋局 "
    "国家档案局 国家测绘局 国家外汇管理局 国家烟草专卖局 国家中医药管理局 国家专利局 国家版权局 国家语委 "
    "国家计生委 国家医药管理局 国家物价局 国家地震局 国家气象局 国家建材局 国家轻工业局 国家纺织工业局 "
    "国务院侨办 国务院港澳办 国务院台办 国务院新闻办 国务院新闻办公室 国务院研究室 国务院发展研究中心 "
    "航天工业总公司 核工业总公司 兵器工业总公司 船舶工业总公司 航空工业总公司 石油天然气总公司 石油化工总公司 "
    "有色金属工业总公司 中央党校 中共中央党校 军事科学院 国防大学 中央档案馆 中央政法委 中央综治委 中央编委 "
    # The State Council's and the Centre's bodies of the 2010s and 2020s by their printed names (新闻联播
    # names 国家发展改革委 and 国家卫生健康委 in a thousand articles each; 委 alone ends no name).
    "国家发展改革委 国家发展和改革委员会 国家卫生健康委 国家卫生健康委员会 国家卫生计生委 国家卫生和计划生育委员会 "
    "国家市场监督管理总局 国家市场监管总局 市场监管总局 国家广播电视总局 广电总局 国家新闻出版广电总局 国家知识产权局 "
    "国家国际发展合作署 国家医疗保障局 国家医保局 国家移民管理局 国家林业和草原局 国家林草局 国家能源局 国家邮政局 "
    "国家铁路局 国家航天局 国家原子能机构 国家药品监督管理局 国家药监局 国家食品药品监督管理总局 国家疾病预防控制局 "
    "国家疾控局 国家数据局 国家信访局 国家粮食和物资储备局 国家矿山安全监察局 国家乡村振兴局 国务院扶贫办 "
    "国家国防科技工业局 国家宗教事务局 国家网信办 中央网信办 国家互联网信息办公室 国家消防救援局 国务院国资委 国资委 "
    "中国证监会 证监会 中国银保监会 银保监会 中国保监会 保监会 中国银监会 银监会 国家金融监督管理总局 金融监管总局 "
    "国家外汇局 中国气象局 中国地震局 中国民航局 国家体育总局 国家电影局 国家减灾委 国家防总 中国国家铁路集团 国铁集团 "
    "中国铁路总公司 国家质检总局 质检总局 国家工商总局 国家安监总局 国家测绘地理信息局 中央编办 中央外办 中央财办 中央农办 "
    "中央台办 中央党史和文献研究院 "
    # Bodies of the 2020s news the model, trained on 1998, cannot read: two hospitals named after
    # mountains (火神山医院 scored far below a body), the Winter Olympics' committee (组委 is no body
    # word), and companies printed without 公司 (not 华为: 升华为).
    "火神山医院 雷神山医院 北京冬奥组委 冬奥组委 北京冬奥会组委会 中国移动 中国联通 阿里巴巴 腾讯公司 "
    # The Centre's discipline commission and the state supervisory commission work as one and are
    # printed as one name (中央纪委国家监委: 38 articles of a 1-in-5 sample), as the provinces' are
    # (省纪委监委, found from 纪委 and 监委).
    "中央纪委国家监委 "
    # The democratic parties and their central committees (民革中央, 九三学社中央: named in every list of
    # the 1990s and of 新闻联播); 民革, 民建, 民进 and 民盟 alone only with 中央 (人民革命, 农民建房, 人民进行).
    "中国国民党革命委员会 中国民主同盟 中国民主建国会 中国民主促进会 中国农工民主党 农工党 中国致公党 致公党 九三学社 "
    "台湾民主自治同盟 台盟 民革中央 民盟中央 民建中央 民进中央 农工党中央 致公党中央 九三学社中央 台盟中央 "
    # Foreign national bodies the news names without their country as often as with it.
    "国土安全部 联邦调查局 中央情报局 美联储 "
    "中央军委办公厅 中国工商银行 中国建设银行 中国农业银行 交通银行 "
    "国家开发银行 中国进出口银行 中国农业发展银行 中国投资银行 中国人民保险公司 中国贸促会 中国美协 中国作家协会 "
    "中华全国总工会 中华全国新闻工作者协会 中国人民对外友好协会 中国人民外交学会 全国体总 中国残联 "
    # Formal names of the central bodies (not 全国人民代表大会 alone: mostly a session's name, 第九届
    # 全国人民代表大会第一次会议, which the paper does not tag).
    "全国人民代表大会常务委员会 中国人民政治协商会议全国委员会 中国共产党中央委员会 中共中央委员会 "
    "中国共产党中央纪律检查委员会 中共中央纪律检查委员会 中央纪律检查委员会 中共中央顾问委员会 中央顾问委员会"
).split() + sorted(WORLD_BODIES)

# Aliases the text makes equal: folded by `canonical` (the article keeps both as printed).
ALIASES = {
    "党中央": "中共中央",
    "中国共产党中央委员会": "中共中央",
    "中共中央委员会": "中共中央",
    "新华通讯社": "新华社",
    "中国人民解放军": "解放军",
    "人民解放军": "解放军",
    "中科院": "中国科学院",
    "社科院": "中国社会科学院",
    "中组部": "中央组织部",
    "中宣部": "中央宣传部",
    "团中央": "共青团中央",
    "欧洲联盟": "欧盟",
    "世贸组织": "世界贸易组织",
    "石油输出国组织": "欧佩克",
}
# Bodies whose own bodies are printed right after them (联合国|安理会, 联合国|开发署, 解放军|总政治部,
# 解放军|艺术学院, 国务院|台湾事务办公室, 中共中央|对外联络部, 全国人大|环资委): with a body word or
# another body after them, one name. People's Daily tags the central ones so (国务院妇女儿童工作委员会,
# 国务院港澳事务办公室, 全国政协经济委员会, 中共中央文献研究室: days 01-20).
# The central ones join a department, not another known body (《中共中央|国务院关于…》: two bodies).
CENTRAL_PARENTS = frozenset({"国务院", "中共中央", "全国人大", "全国政协", "中央军委"})
PARENT_BODIES = frozenset({"联合国", "解放军", "中国人民解放军", "人民解放军", "武警部队", "中国人民武装警察部队"}) | CENTRAL_PARENTS
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
    org_weights: dict[str, float] = field(default_factory=dict)  # choose among organisation candidates
    org_suffixes: tuple[str, ...] = ()  # last words of the bodies tagged on the training days (奥委会, 派出所)
    known_people: tuple[str, ...] = ()  # names tagged /nr often on the training days and seldom anything else
    org_threshold: float = 0.0  # score a body read from a run of words (not a place + body word) needs
    org_unextending: tuple[str, ...] = ()  # words after a known body the paper leaves out of its name (总部 of 法新社总部)
    start_model: dict | None = None  # weights of people.StartScorer: where a name may start
    check_weights: dict[str, float] = field(default_factory=dict)  # people.NameCheck: a found name accepted
    check_threshold: float = 0.0  # score NameCheck needs to accept one


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
        org_weights=raw.get("org_weights", {}),
        org_suffixes=tuple(raw.get("org_suffixes", ())),
        known_people=tuple(raw.get("known_people", ())),
        org_threshold=raw.get("org_threshold", 0.0),
        org_unextending=tuple(raw.get("org_unextending", ())),
        start_model=raw.get("start_model"),
        check_weights=raw.get("check_weights", {}),
        check_threshold=raw.get("check_threshold", 0.0),
    )


@lru_cache(maxsize=1)
def _jieba_words() -> tuple[tuple[str, int, str], ...]:
    """jieba's dictionary, its two- to six-character words as (word, frequency, tag), read once
    for the views below where the user's cache does not hold them (`resources.derived`: reading
    the file cost a build's start 0.2 s, and making the views as much again)."""
    out = []
    with _jieba_dictionary().open(encoding="utf-8") as fh:  # found without importing jieba (pkg_resources: ~0.2 s)
        for line in fh:
            word, freq, tag = line.rstrip("\n").split(" ", 2)
            if 2 <= len(word) <= 6:
                out.append((word, int(freq), tag.strip()))
    return tuple(out)


def _view(name: str, key: str, make):
    """A table made from jieba's words by this module's code, kept in the user's cache
    (`resources.derived`)."""
    return derived(name, (_jieba_dictionary(), Path(__file__)), key, make)


@lru_cache(maxsize=2)
def word_tags(starts: str) -> dict[str, str]:
    """jieba's dictionary tag class of its two- to four-character words: nr (a person), ns (a place),
    nt (an organisation), w (another word). A candidate that is a known ordinary word (高度, 文明)
    is rarely a name; one jieba tags nr often is. Only words opening with one of `starts`: the
    candidates' first characters."""
    first = frozenset(starts)
    classes = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt"}
    return _view("jieba-word-tags", starts, lambda: {
        word: classes.get(tag, "w") for word, _, tag in _jieba_words() if len(word) <= 4 and word[0] in first})


@lru_cache(maxsize=2)
def word_counts(starts: str) -> dict[str, int]:
    """jieba's frequency of its two- to six-character words opening with one of `starts`: a string
    jieba counts hundreds of times (周转, 陆军, 孙子) is a word wherever else it looks like a name,
    whatever its tag (jieba tags many words nr)."""
    first = frozenset(starts)
    return _view("jieba-word-counts", starts, lambda: {word: freq for word, freq, _ in _jieba_words() if word[0] in first})


@lru_cache(maxsize=1)
def dictionary_words() -> dict[str, str]:
    """jieba's two- and three-character words with the first letter of their tag (v a verb, n a
    noun …; nr, ns, nt as r, s, t): whether a candidate cuts a word (国王, 刘淇全国), and what word
    stands before or after it (会见 is a verb)."""
    special = {"nr": "r", "ns": "s", "nt": "t", "nz": "z"}
    return _view("jieba-words", "", lambda: {word: special.get(tag[:2], tag[:1]) for word, _, tag in _jieba_words() if len(word) <= 3})


@lru_cache(maxsize=1)
def idioms() -> frozenset[str]:
    """jieba's idioms and set phrases of four characters (张灯结彩, 千辛万苦, 居安思危): a name cuts none."""
    return _view("jieba-idioms", "", lambda: frozenset(w for w, _, tag in _jieba_words() if len(w) == 4 and tag in ("i", "l")))


# Foreign countries and regions, written by hand (not derived from any corpus): a country before a
# body (美国国务院, 伊拉克外交部) is its place, and a country is never a person (哥伦比亚).
COUNTRIES = frozenset(
    "中国 中华人民共和国 美国 美利坚合众国 英国 法国 德国 俄罗斯 俄国 日本 韩国 朝鲜 印度 巴基斯坦 孟加拉国 孟加拉 尼泊尔 不丹 斯里兰卡 "
    "马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦 沙特阿拉伯 沙特 也门 阿曼 阿联酋 卡塔尔 巴林 科威特 "
    "土耳其 塞浦路斯 格鲁吉亚 亚美尼亚 阿塞拜疆 哈萨克斯坦 吉尔吉斯斯坦 吉尔吉斯 塔吉克斯坦 乌兹别克斯坦 土库曼斯坦 蒙古 "
    "越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶 澳大利亚 新西兰 巴布亚新几内亚 斐济 "
    "萨摩亚 汤加 瓦努阿图 所罗门群岛 基里巴斯 瑙鲁 图瓦卢 马绍尔群岛 密克罗尼西亚 帕劳 加拿大 墨西哥 危地马拉 伯利兹 "
    "萨尔瓦多 洪都拉斯 尼加拉瓜 哥斯达黎加 巴拿马 古巴 牙买加 海地 多米尼加 多米尼克 巴哈马 巴巴多斯 格林纳达 "
    "特立尼达和多巴哥 圣卢西亚 哥伦比亚 委内瑞拉 圭亚那 苏里南 厄瓜多尔 秘鲁 巴西 玻利维亚 智利 阿根廷 巴拉圭 乌拉圭 "
    "爱尔兰 苏格兰 威尔士 荷兰 比利时 卢森堡 瑞士 奥地利 列支敦士登 意大利 西班牙 葡萄牙 安道尔 摩纳哥 圣马力诺 梵蒂冈 "
    "马耳他 希腊 丹麦 挪威 瑞典 芬兰 冰岛 爱沙尼亚 拉脱维亚 立陶宛 白俄罗斯 乌克兰 摩尔多瓦 波兰 捷克 斯洛伐克 匈牙利 "
    "罗马尼亚 保加利亚 南斯拉夫 塞尔维亚 黑山 克罗地亚 斯洛文尼亚 波黑 波斯尼亚和黑塞哥维那 马其顿 阿尔巴尼亚 "
    "埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 厄立特里亚 吉布提 索马里 肯尼亚 乌干达 坦桑尼亚 卢旺达 "
    "布隆迪 刚果 扎伊尔 刚果民主共和国 加蓬 喀麦隆 赤道几内亚 中非 乍得 尼日尔 尼日利亚 贝宁 多哥 加纳 科特迪瓦 利比里亚 "
    "塞拉利昂 几内亚 几内亚比绍 塞内加尔 冈比亚 马里 布基纳法索 毛里塔尼亚 佛得角 安哥拉 赞比亚 津巴布韦 马拉维 莫桑比克 "
    "纳米比亚 博茨瓦纳 南非 莱索托 斯威士兰 马达加斯加 毛里求斯 塞舌尔 科摩罗 圣多美和普林西比 欧洲 亚洲 非洲 美洲 "
    "拉美 拉丁美洲 北美 南美 中东 东南亚 南亚 中亚 西亚 东欧 西欧 北欧 南欧 中欧 大洋洲 阿拉伯 苏联 前苏联 西德 东德 美军 英军".split()
)

# Foreign capitals and large cities, written by hand: a city before a body (渥太华市政府) is its
# place; a city is never a person (波士顿, 巴格达, 马尼拉).
FOREIGN_CITIES = frozenset(
    "华盛顿 纽约 洛杉矶 芝加哥 波士顿 旧金山 费城 休斯敦 西雅图 亚特兰大 迈阿密 底特律 达拉斯 丹佛 拉斯维加斯 檀香山 "
    "渥太华 多伦多 蒙特利尔 温哥华 墨西哥城 伦敦 曼彻斯特 利物浦 爱丁堡 巴黎 马赛 里昂 柏林 波恩 慕尼黑 法兰克福 汉堡 "
    "莫斯科 圣彼得堡 东京 大阪 京都 横滨 名古屋 神户 广岛 长崎 首尔 汉城 釜山 平壤 新德里 孟买 加尔各答 伊斯兰堡 卡拉奇 "
    "达卡 加德满都 科伦坡 喀布尔 德黑兰 巴格达 大马士革 贝鲁特 安曼 耶路撒冷 特拉维夫 加沙 利雅得 吉达 麦加 多哈 迪拜 "
    "阿布扎比 马斯喀特 安卡拉 伊斯坦布尔 第比利斯 埃里温 巴库 阿拉木图 阿斯塔纳 比什凯克 杜尚别 塔什干 阿什哈巴德 乌兰巴托 "
    "河内 胡志明市 万象 金边 曼谷 仰光 吉隆坡 雅加达 马尼拉 斯里巴加湾 堪培拉 悉尼 墨尔本 惠灵顿 奥克兰 哈瓦那 "
    "巴拿马城 波哥大 加拉加斯 利马 基多 巴西利亚 里约热内卢 圣保罗 拉巴斯 圣地亚哥 布宜诺斯艾利斯 蒙得维的亚 亚松森 "
    "都柏林 阿姆斯特丹 海牙 布鲁塞尔 卢森堡 日内瓦 伯尔尼 苏黎世 维也纳 罗马 米兰 威尼斯 佛罗伦萨 马德里 巴塞罗那 里斯本 "
    "雅典 哥本哈根 奥斯陆 斯德哥尔摩 赫尔辛基 雷克雅未克 塔林 里加 维尔纽斯 明斯克 基辅 基希讷乌 华沙 布拉格 布拉迪斯拉发 "
    "布达佩斯 布加勒斯特 索非亚 贝尔格莱德 萨格勒布 卢布尔雅那 萨拉热窝 斯科普里 地拉那 开罗 的黎波里 突尼斯城 阿尔及尔 "
    "拉巴特 卡萨布兰卡 喀土穆 亚的斯亚贝巴 内罗毕 坎帕拉 达累斯萨拉姆 基加利 金沙萨 布拉柴维尔 拉各斯 阿布贾 阿克拉 "
    "达喀尔 罗安达 卢萨卡 哈拉雷 马普托 温得和克 比勒陀利亚 约翰内斯堡 开普敦 塔那那利佛 路易港 "
    # Places the news of the 2010s and 2020s names often (wars, summits, games): jieba tags many as
    # names (顿涅茨克/nrt, 敖德萨/nr, 达沃斯/nr), or knows none of them (巴赫穆特).
    "顿涅茨克 卢甘斯克 哈尔科夫 赫尔松 扎波罗热 马里乌波尔 巴赫穆特 波克罗夫斯克 阿夫杰耶夫卡 库皮扬斯克 梅利托波尔 "
    "克拉马托尔斯克 利西昌斯克 北顿涅茨克 敖德萨 尼古拉耶夫 库尔斯克 别尔哥罗德 罗斯托夫 克里米亚 塞瓦斯托波尔 "
    "摩苏尔 阿勒颇 伊德利卜 代尔祖尔 汗尤尼斯 杰宁 荷台达 亚丁 霍尔木兹 达沃斯 索契 里约 朱巴 帕米尔 安提瓜 "
    "艾奥瓦 拉马迪 黎凡特 "
    # Read on a 1-in-25 sample of 新闻联播 as people (科索沃问题, 田纳西州): jieba tags both names.
    "科索沃 田纳西 萨哈林 拉法 瓜达尔 拉姆安拉 塔甘罗格 沃尔昌斯克 萨拉托夫 撒哈拉 科罗拉多 库拉霍沃 科巴尼 费卢杰 夏威夷 "
    # The American states the news names (阿拉斯加 was read as a person's 阿拉斯, 美阿拉斯加航空).
    "阿拉斯加 加利福尼亚 得克萨斯 佛罗里达 密歇根 宾夕法尼亚 俄亥俄 威斯康星 明尼苏达 亚利桑那 内华达 弗吉尼亚 "
    "马里兰 马萨诸塞 路易斯安那 肯塔基 密苏里 俄勒冈 阿拉巴马 北卡罗来纳 南卡罗来纳 俄克拉何马 新泽西 康涅狄格 "
    # Cities named after people or holding a known name's characters (斯大林格勒 is no 斯大林).
    "斯大林格勒 列宁格勒 伏尔加格勒 科尔多瓦".split()
)
FOREIGN_PLACES = COUNTRIES | FOREIGN_CITIES

# Characters of transliterated foreign names (新华社 transliteration usage), written by hand: a
# run of them (克林顿, 内塔尼亚胡, 宫川宏一 aside) is read whole as one name.
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德登邓迪蒂丁东杜敦多厄恩尔法范菲费芬丰弗福富盖甘冈戈格"
    "贡古瓜圭哈海汉豪赫亨洪胡华惠霍基吉加贾杰捷金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽连林琳隆卢鲁伦罗洛"
    "马玛迈麦曼芒梅门蒙米密明缪摩莫默姆穆纳娜奈南内尼涅宁纽努诺欧帕潘庞佩彭皮平珀普奇齐恰乔切钦琴琼丘屈萨塞桑瑟森沙"
    "莎尚舍什施史斯松苏索塔泰坦汤唐特滕提图托瓦万旺威韦维温文翁沃乌伍西希锡谢辛休雅亚扬耶伊因英尤于约扎泽詹朱兹茨"
    "契蒂黛霍芙娃娅妮琪薇丝莲茜"
)


# People named in the news of the 2010s-2020s whom a model trained on People's Daily 1998 cannot
# find, written by hand (as FOREIGN_CITIES): known wherever printed. Each was found in none or a
# few of the 新闻联播 articles naming it: a character outside the 1998 transliterations (普京,
# 米舒斯京), a name jieba tags a place (奥巴马) or that the start scorer never opens (默克尔), a
# Japanese or Korean name (安倍晋三, 朴槿惠), a name with a function character (文在寅). Only names
# no other word holds (not 克里 of 克里米亚, 梅 of 梅德韦杰夫); whole forms before short ones.
MODERN_PEOPLE = frozenset(
    "普京 弗拉基米尔·普京 默克尔 安格拉·默克尔 奥巴马 巴拉克·奥巴马 安倍晋三 朴槿惠 文在寅 巴沙尔 巴沙尔·阿萨德 祖马 "
    "容克 巴育 朔尔茨 岸田文雄 菅义伟 野田佳彦 高市早苗 鸠山由纪夫 麻生太郎 肯雅塔 马特维延科 呼日勒苏赫 蓬佩奥 "
    "泽连斯基 米舒斯京 米尔济约耶夫 波罗申科 莫里森 季莫申科 鲍里斯·约翰逊 科纳申科夫 "
    # A Tibetan name of four after a surname's character (向): the scorer tries two or three only (向巴平).
    "向巴平措 "
    # and names the scorer cuts short where printed once: 和 closing 魏凤和 (a conjunction), 娥 of
    # 林郑月娥 after three characters, 马丁·格里菲思 (林郑月, 魏凤, 马丁·格)
    "林郑月娥 魏凤和 马丁·格里菲思 "
    # and names jieba's dictionary holds as something else (钟南山 a place).
    "钟南山".split()
)


# Words that look like names and are not, written from modern usage (卫健委, 戴口罩, 张贴 …):
# never a person, whatever the model scores.
NOT_PEOPLE = frozenset(
    "卫健 卫健委 戴口罩 张贴 张罗 张望 张扬 张开 高温 高速 高度 高峰 高新 文明 文化 文件 方面 方案 方向 方式 常态 常规 常委 "
    "安全 安排 安徽 全面 全国 全部 任务 任何 任职 任命 于是 于今 向前 向上 成功 成就 成员 明确 明显 明年 金额 金融 "
    "石油 黄金 黎明 江山 江湖 江河 海洋 海外 海关 关键 关于 关系 关心 关注 时间 时期 时代 时候 宁静 宁夏 白天 白色 "
    "华侨 华人 华夏 钱款 程度 程序 包括 包装 龙头 齐心 严格 严重 邢台 熊猫 "
    "华丽 冷静 温暖 温度 康复 施工 牛奶 易懂 管理 解决 解放 花费 连续 连接 曲线 苗头 谷物 盛大 毛病 毛巾 "
    "和平 和谐 卫生 卫星 蓝天 蓝色 "
    "楼栋 白皮书 哈马斯 胡塞 塔利班 杰哈德 埃博拉 符合 甘肃 柏林 应该 应当 车辆 项目 连续 谈判 谈话 计划 余额 秦岭 童年 席位 景区 景色 "
    # Read on a 1-in-25 sample of 新闻联播: words (以史为鉴, 陆海新通道, 强强联合, 生龙活虎, 精准施策, 齐聚,
    # 惠民生, 周启动), a drug, a virus, groups, a brand, places (芬太尼, 奥密克戎, 穆兄会, 胡塞武装,
    # 迪士尼, 霍尔果斯, 贺兰山)
    "史为鉴 陆海新 强强 龙活虎 施策 齐聚 惠民生 周启动 芬太尼 奥密克 奥密克戎 穆兄会 胡塞武 迪士尼 霍尔果斯 贺兰山 "
    # and words, brands, bodies and places no rule tells from names: 普惠 (包容、普惠、平衡), 贺辞, 夏令营,
    # 沃尔玛, 沃尔沃, 欧航局, 杭金衢 (杭金衢高速), 玛雅 (玛雅文明), 扎什伦布 (扎什伦布寺)
    "普惠 贺辞 夏令营 沃尔玛 沃尔沃 欧航局 杭金衢 玛雅 玛雅文明 扎什伦布 "
    # a greeting, a carmaker, a search engine, a variant of a virus, a weather pattern, a ski resort
    "扎西德勒 特斯拉 谷歌 德尔塔 拉尼娜 亚布力 林草局 杭绍台 韩美军 "  # and a railway, the US forces in Korea,
    "德智".split()  # 德智体美
)
