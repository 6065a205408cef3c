"""Place and object names mentioned in Chinese appeal text: 小区, roads, villages, schools, rivers, districts.

The extraction is a rule set, not a model: it looks for a generic suffix (小区, 路, 村, 学校, 搅拌站 …) and takes the
name characters in front of it, cut at the last district token (A3区, 中山区), function word (在, 的, 位于 …) or
complaint word (反映, 投诉 …). District-like tokens themselves are mentions too. Names joined without a gap
(伊景园滨河苑, 城南路街道) are also returned joined. It finds what citizens usually write and misses bare names
without a suffix (米兰春天); callers treat a mention as evidence, never as the only key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Suffixes of places and of the objects people complain about; longer alternatives first so 幼儿园 wins over 园.
_SUFFIXES = (
    "农贸市场", "有限公司", "菜市场", "停车场", "幼儿园", "卫生院", "工业园", "产业园", "开发区", "高新区", "经开区",
    "安置区", "生活区", "宿舍区", "步行街", "地铁站", "公交站", "火车站", "加油站", "搅拌站", "垃圾站", "中转站",
    "变电站", "派出所",
    "小区", "花园", "家园", "新城", "新村", "公寓", "大厦", "广场", "山庄", "华府", "名苑", "社区", "街道", "大道",
    "大街", "高速", "国道", "省道", "县道", "公路", "立交", "大桥", "天桥", "隧道", "路口", "车站", "学校", "小学",
    "中学", "大学", "学院", "医院", "诊所", "市场", "超市", "商场", "公园", "工地", "工厂", "酒吧", "酒店", "宾馆",
    "水库", "机场", "码头", "景区", "园区", "楼盘", "项目", "物业", "中心", "公司", "集团",
    "苑", "园", "路", "街", "巷", "桥", "村", "组", "镇", "乡", "河", "湖", "江", "港", "湾", "厂", "站",
)  # fmt: skip
# Characters after which a suffix is the start of a word, not the end of a name (路灯, 村民, 市场监管, 组织)
_NOT_AFTER = {
    "路": "灯面况线费边上过由途程径", "街": "头坊", "村": "民委干级里庄", "镇": "长", "乡": "村镇亲下", "河": "道",
    "园": "林艺区丁", "站": "长点台", "江": "湖", "港": "口", "湾": "区", "市场": "监化价经主", "中心": "城",
    "项目": "部", "组": "织成建长合委员",
}  # fmt: skip
# Characters before which a suffix ends a word, not a name (城乡, 城市, 地区, 线路, 马路)
_NOT_BEFORE = {"乡": "城", "市": "城超", "区": "地城片辖郊灾库校厂营", "路": "线道马公铁网电水"}
_DIVISION_SUFFIXES = "省市区县"
_DIVISION_NOT_AFTER = {"市": "民委政级直长区场容", "区": "域别间分委政", "县": "城级委政", "省": "委政级份会"}
_ANON_DIVISION = r"[A-Z]\d{0,3}[省市区县]"  # the anonymised divisions of the data: A市, A3区, K9县, L12市
# 海德公元15栋, 中海国际三期: a name followed by a building or phase number, when no suffix names it
_ESTATE_NUMBER = r"(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,2})(?:期|栋|幢|号楼)"
# A bus route (210路公交车, X205路): a name of its own
_BUS_ROUTE = r"(?<![A-Za-z0-9])[A-Za-z]?\d{1,4}路(?=公交|车|班|线|[^\u4e00-\u9fff]|$)"
# Objects people complain about that are worth naming even without a name in front (the 搅拌站, the 工地)
_BARE_OBJECTS = frozenset(["搅拌站", "垃圾站", "中转站", "变电站", "加油站", "停车场", "农贸市场", "菜市场", "工地"])


def _alternatives(suffixes: Sequence[str]) -> str:
    return "|".join(
        (f"(?<![{_NOT_BEFORE[s]}])" if s in _NOT_BEFORE else "")
        + re.escape(s)
        + (f"(?![{_NOT_AFTER[s]}])" if s in _NOT_AFTER else "")
        for s in sorted(suffixes, key=len, reverse=True)
    )


_DIVISION_RE = "|".join(
    (f"(?<![{_NOT_BEFORE[s]}])" if s in _NOT_BEFORE else "") + f"{s}(?![{_DIVISION_NOT_AFTER[s]}])"
    for s in _DIVISION_SUFFIXES
)
_SCAN = re.compile(
    f"(?P<anon>{_ANON_DIVISION})|(?P<route>{_BUS_ROUTE})|(?P<estate>{_ESTATE_NUMBER})"
    f"|(?P<place>{_alternatives(_SUFFIXES)})|(?P<division>{_DIVISION_RE})"
)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ANON_DIVISION_FULL = re.compile(f"^{_ANON_DIVISION}$")
_PLACE_END_RE = re.compile(f"(?:{'|'.join(sorted(_SUFFIXES, key=len, reverse=True))})$")
# Suffixes often left out when the place is named again (魅力之城 for 魅力之城小区)
_STRIPPED_SUFFIX_RE = re.compile("(?:小区|社区|股份有限公司|有限公司|公司|集团|物业|项目|楼盘|工地)$")

# Words after which a name starts: function words, verbs of complaint, positions, people. The name is what follows.
_BREAK_WORDS = (
    "反映", "投诉", "举报", "关于", "咨询", "请求", "建议", "希望", "要求", "呼吁", "解决", "位于", "座落", "坐落",
    "地处", "附近", "旁边", "对面", "隔壁", "周边", "周围", "居住", "家住", "住在", "业主", "居民", "村民", "市民",
    "群众", "百姓", "问题", "什么", "为什么", "能否", "是否", "如何", "怎么", "何时", "尽快", "加快", "强烈", "严重",
    "整治", "治理", "开通", "拆除", "安装", "处理", "管理", "施工", "扰民", "噪音", "污染", "违建", "违规", "非法",
    "一个", "一条", "一家", "一所", "一座", "所在", "门口", "经过", "前往", "通往", "本人", "我们", "我家", "政府",
    "领导", "书记", "市长", "县长", "区长", "部门", "关注", "落实", "修建", "修好", "建成", "开工", "恢复", "取消",
    "收费", "入学", "就读", "购买", "出行", "导致", "造成", "作为", "进行", "已经", "目前", "现在", "今年", "去年",
    "进入", "隐瞒", "成为", "变成", "组织", "存在", "发生", "出现", "占用", "排放", "销售", "强制", "来自", "成立",
    "没有", "召开", "设立", "设置", "增设", "开设", "开发商", "调查", "号线", "单元", "清理", "清运", "检查", "督促",
    "查处", "查看", "改造", "打造",
    "在", "于", "的", "是", "了", "与", "及", "对", "到", "从", "把", "被", "给", "让", "将", "就", "都", "也", "还",
    "又", "很", "请", "我", "你", "他", "她", "们", "该", "这", "那", "此", "其", "即", "但", "而", "或", "每", "各",
    "去", "住", "旁", "靠", "临", "近", "往", "由", "至", "个", "条", "所", "座", "为", "以", "等", "系", "已", "过",
    "号", "栋", "楼", "室", "期", "有", "无", "没", "不", "要", "能", "可", "会", "想", "应", "需", "停", "跨",
)  # fmt: skip
_BREAK_RE = re.compile("|".join(re.escape(w) for w in sorted(_BREAK_WORDS, key=len, reverse=True)))
_MAX_CORE = 10  # longest name in front of a suffix (紫云阁丰润生活 in 紫云阁丰润生活超市 is 7)
_MAX_CORE_SHORT = 6  # in front of a one-character suffix (万家丽南 in 万家丽南路)
_MAX_CORE_WATER = 4  # in front of 河, 湖, 江 … (捞刀 in 捞刀河)
_DIVISION_CORE_MAX = 4
# Cores that are words, not names: 本小区, 全市, 城市, 农村, 交叉路口, 物业公司 …
_GENERIC_CORES = frozenset(
    "本 全 我 该 各 城 农 乡 老 新 大 小 附近 周边 相关 整个 各个 城市 农村 全市 全省 全县 全区 本市 我市 我区 "  # noqa: SIM905
    "我县 本区 本县 当地 外地 老旧 新建 周围 城区 市区 郊区 其他 其它 所有 多个 多家 部分 两个 几个 这些 那些 "
    "服务 公交 地铁 高铁 道路 马路 公路 私立 民办 公办 省会 中小 大中 市民 居民 十字 丁字 人行 过街 境内 市内 "
    "乡间 水泥 主干 交叉 大型 小型 中型 高架 高速 沿线 沿江 街头 路边 路口 社会 活动 文化 物业 开发 房地产 股份 "
    "有限 建设 投资 科技 置业 贸易 工作 专家 调查 领导 村民 督导 巡查 检查 考察 评审 项目 供水 供电 燃气 "
    "自来水 电力 水务 出租车 网络 通信 快递 保险 公安 交警".split()
)  # fmt: skip


def _core_start(text: str, start: int, floor: int, longest: int) -> int | None:
    """Where the name in front of `start` begins (after the last break word), or None when no start is in sight."""
    left = start
    while left > floor and _NAME_CHAR.match(text[left - 1]):
        left -= 1
        if start - left > longest + 6:
            break
    cut = left
    for found in _BREAK_RE.finditer(text, left, start):
        cut = max(cut, found.end())
    return cut if start - cut <= longest else None


def _valid_core(core: str, *, division: bool) -> bool:
    if not core or not _CJK.search(core) or core in _GENERIC_CORES:
        return False
    if division:
        return 2 <= len(core) <= _DIVISION_CORE_MAX
    return len(core) >= 2


def place_mentions(text: str) -> list[str]:
    """The place and object names in a text (小区, roads, villages, schools, districts …), longest first, unique."""
    found: list[str] = []
    floor = 0  # nothing left of this belongs to the next name: the end of the previous mention
    previous_end = -1
    previous = ""
    for match in _SCAN.finditer(text):
        start, end = match.span()
        if match.lastgroup in ("anon", "route"):
            found.append(match.group())
            floor = end
            previous, previous_end = "", -1  # districts are not joined to the name that follows
            continue
        suffix = match.group()
        longest = _MAX_CORE if len(suffix) > 1 else _MAX_CORE_WATER if suffix in "河湖江港湾" else _MAX_CORE_SHORT
        if match.lastgroup == "division":
            longest = _DIVISION_CORE_MAX
        found_cut = _core_start(text, start, floor, longest)
        if found_cut is None:
            continue  # too long a run of characters in front: no telling where a name would start
        cut = found_cut
        core = text[cut:start]
        if match.lastgroup == "estate":
            if _valid_core(core, division=False) and not _PLACE_END_RE.search(core):
                found.append(core)
            floor = end
            previous, previous_end = "", -1
            continue
        name = text[cut:end]
        division = match.lastgroup == "division"
        if _valid_core(core, division=division):
            if previous and cut == previous_end and not division:
                found.append(previous + name)
            found.append(name)
            previous, previous_end = ("", -1) if division else (name, end)  # a district joins no name after it
            floor = end
        elif not core:
            if suffix in _BARE_OBJECTS:
                found.append(suffix)  # 桃花苑小区垃圾站: the 搅拌站 is the object, not part of the name
            elif previous and start == previous_end and not division:
                found.append(previous + name)  # 丽发新城小区: a generic suffix right after a name extends it
                previous, previous_end = previous + name, end
            if len(suffix) > 1:
                floor = end  # a suffix standing alone (学校, 经开区) ends whatever came before; 江 in 江山 does not
        elif core in _GENERIC_CORES:
            floor = end  # 交叉路口, 人行天桥: a word, not the start of a name
        # a one-character core (东湖 in 东湖路) may be the start of a longer name: keep scanning
    unique = dict.fromkeys(found)
    return sorted(unique, key=lambda name: -len(name))


def place_core(name: str) -> str:
    """A place name without a generic suffix that people often leave out (魅力之城小区 -> 魅力之城).

    Suffixes that belong to the name (桃花苑, 东湖路, 丽发新城) and districts stay whole.
    """
    core = _STRIPPED_SUFFIX_RE.sub("", name)
    return core if len(core) >= 2 else name


def place_is_division(name: str) -> bool:
    """Whether a mention is an administrative division (A3区, 中山区, 西地省) rather than a place inside one."""
    return bool(_ANON_DIVISION_FULL.match(name)) or (
        name[-1:] in _DIVISION_SUFFIXES and 3 <= len(name) <= _DIVISION_CORE_MAX + 1 and not _PLACE_END_RE.search(name)
    )


def place_is_named(name: str) -> bool:
    """Whether a mention carries a name (滨河苑, A3区) rather than being a bare object (搅拌站, 工地)."""
    return name not in _BARE_OBJECTS
