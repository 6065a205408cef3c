"""Citizen appeals of the demo city's 12345 history: the category tree and a deterministic generator of their texts.

The category tree is `appeal_categories.csv` beside this module: one row per third-level category with the
department that handles it and its acceptance and reply limits. The texts are built from templates written for
this project (the `_TEXTS` and `_SURGES` blocks at the end of this module): each second-level category has frames
(whole-appeal templates), what the citizen already tried, what it does to them and what they ask for; each
third-level category has a weight, a season and variants (kind, subject phrase, fact). Slots such as `{estate}`,
`{road}` or `{months}` are filled with the demo city's places (city.py) and with times and amounts drawn per appeal.

A history has the shape of a working city: more appeals on weekdays and in office hours, seasonal matters in their
season (waterlogging and power cuts in summer, gas in winter, wage arrears before the Spring Festival, enrolment
when the school year starts, construction noise in the exam weeks), repeat callers, and planted surges: bursts of
near-duplicate appeals about one problem at one place within a few days, at least two of them in the last ten days.
Hotline appeals are written the way call-takers record them (来电人反映…), the other channels in the first person.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import random
import re
import string
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from zhizhi.demo import city, people

CATEGORIES_PATH: Final = Path(__file__).with_name("appeal_categories.csv")
TIMEZONE: Final = ZoneInfo("Asia/Shanghai")
KINDS: Final = ("consult", "help", "complaint", "report", "suggestion", "praise")
CHANNELS: Final = ("hotline", "web", "mobile", "mailbox")

# Template letters of the kinds.
_KIND_BY_LETTER: Final = {"q": "consult", "h": "help", "c": "complaint", "r": "report", "s": "suggestion"}


# -- public types --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    """A third-level appeal category with the department that handles it and its time limits."""

    level1: str
    level2: str
    level3: str
    department: str
    accept_hours: int
    reply_days: int

    @property
    def path(self) -> tuple[str, str, str]:
        """The three levels as a tuple."""
        return (self.level1, self.level2, self.level3)


@dataclass(frozen=True)
class GeneratedAppeal:
    """One citizen appeal of the demo history, as the hotline centre received it."""

    subject: str
    detail: str
    kind: str
    category: tuple[str, str, str]
    community_code: str
    address: str
    created_at: datetime.datetime
    channel: str
    anonymous: bool
    name: str
    phone: str
    caller_key: str
    likes: int
    surge: str


def categories_read(path: Path | None = None) -> list[CategoryRow]:
    """Read the appeal category tree (by default the one beside this module)."""
    with (path or CATEGORIES_PATH).open(encoding="utf-8", newline="") as handle:
        return [
            CategoryRow(
                level1=row["level1"],
                level2=row["level2"],
                level3=row["level3"],
                department=row["department"],
                accept_hours=int(row["accept_hours"]),
                reply_days=int(row["reply_days"]),
            )
            for row in csv.DictReader(handle)
        ]


# -- templates -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Variant:
    """One way a matter is raised: its kind, a subject phrase and a fact clause."""

    kind: str
    topic: str
    fact: str
    anchor: str  # the slot naming the place the fact is about, "" when it names none
    timed: bool  # whether the fact says itself since when or how long


@dataclass(frozen=True)
class _Frames:
    """The frames and phrase pools of a second-level category (or of a surge)."""

    place: str
    frames: tuple[str, ...]
    history: tuple[str, ...]
    impact: tuple[str, ...]
    asks: tuple[str, ...]


@dataclass(frozen=True)
class _Matter:
    """The texts of a third-level category: its weight, season, place kind and variants."""

    path: tuple[str, str, str]
    weight: float
    season: str
    place: str
    frames: _Frames
    variants: tuple[_Variant, ...]


@dataclass(frozen=True)
class _SurgeSpec:
    """A kind of surge that can be planted: a label, its category, frames and near-duplicate variants."""

    label: str
    path: tuple[str, str, str]
    frames: _Frames
    variants: tuple[_Variant, ...]


# Slots that name a place or a business; the first of them in a fact is what the subject names.
_ANCHORS: Final = frozenset((
    "place", "estate", "road", "village", "school", "kindergarten", "market", "hospital", "clinic", "park",
    "project", "site", "river", "scenic", "nursing", "company", "plant", "farm", "store", "restaurant", "bar",
    "gym", "salon", "training", "travel", "driving_school", "bus",
))  # fmt: skip
_FORMATTER: Final = string.Formatter()
_TIMED: Final = re.compile(
    r"\{(?:date|days|weeks|months|years|hours|year|elapsed|start_date)\}|昨天|昨晚|前天|这个月|已经|上周|前几天|"
    r"这几天|最近|去年|今年|上个月|前段时间|每天|每次|经常|长期|好几年|现在|至今"
)


def _fields(template: str) -> list[str]:
    """The slot names a template uses, in order."""
    return [name for _text, name, _spec, _conv in _FORMATTER.parse(template) if name is not None]


def _variant(line: str) -> _Variant:
    """A variant from its template line "kind subject | fact"."""
    letter, rest = line.split(" ", 1)
    topic, fact = (part.strip() for part in rest.split("|", 1))
    anchor = next((name for name in _fields(fact) if name in _ANCHORS), "")
    return _Variant(_KIND_BY_LETTER[letter], topic, fact, anchor, timed=bool(_TIMED.search(fact)))


def _logical_lines(text: str) -> Iterator[str]:
    """The lines of a template block, with continuation lines (two leading spaces) joined to the previous one."""
    pending = ""
    for raw in text.splitlines():
        if raw.startswith("  ") and pending:
            pending += raw.strip()
            continue
        if pending:
            yield pending
        pending = raw.strip() if raw.strip() and not raw.startswith("#") else ""
    if pending:
        yield pending


@dataclass
class _Block:
    """A third-level category's header, variant lines and own phrase pools (which replace the section's)."""

    header: str
    lines: list[str]
    pools: dict[str, list[str]]


@dataclass
class _Section:
    """A parsed "==" block: its head, place kind, phrase pools and third-level blocks."""

    head: str
    place: str
    pools: dict[str, list[str]]
    blocks: list[_Block]


def _sections(text: str) -> list[_Section]:
    """The "==" blocks of a template text, parsed."""
    sections: list[_Section] = []
    for line in _logical_lines(text):
        if line.startswith("== "):
            head, _at, place = line[3:].partition(" @")
            sections.append(_Section(head.strip(), place.strip(), {"F": [], "H": [], "I": [], "A": []}, []))
        elif line.startswith("-- "):
            sections[-1].blocks.append(_Block(line[3:], [], {}))
        elif line[:2] in ("F ", "H ", "I ", "A "):
            owner = sections[-1].blocks[-1].pools if sections[-1].blocks else sections[-1].pools
            owner.setdefault(line[0], []).append(line[2:])
        elif sections[-1].blocks:
            sections[-1].blocks[-1].lines.append(line)
        else:
            sections[-1].blocks.append(_Block("", [line], {}))
    return sections


def _frames(place: str, pools: dict[str, list[str]], own: dict[str, list[str]] | None = None) -> _Frames:
    """Frames and pools of a section, with a third-level category's own pools in place of the section's."""
    merged = {**pools, **(own or {})}
    return _Frames(place, *(tuple(merged.get(letter, ())) for letter in "FHIA"))


@cache
def _matters() -> dict[tuple[str, str, str], _Matter]:
    """The texts of every third-level category that has templates, by category path."""
    matters: dict[tuple[str, str, str], _Matter] = {}
    for section in _sections(_TEXTS):
        level1, level2 = section.head.split("/")
        for block in section.blocks:
            words = block.header.split()
            place = next((word[1:] for word in words if word.startswith("@")), section.place)
            season = next((word for word in words[2:] if not word.startswith("@")), "")
            path = (level1, level2, words[0])
            frames = _frames(section.place, section.pools, block.pools)
            variants = tuple(map(_variant, block.lines))
            matters[path] = _Matter(path, float(words[1]), season, place, frames, variants)
    return matters


@cache
def _surge_specs() -> tuple[_SurgeSpec, ...]:
    """The kinds of surges that can be planted."""
    specs = []
    for section in _sections(_SURGES):
        _surge, label, path = section.head.split()
        level1, level2, level3 = path.split("/")
        variants = tuple(_variant(line) for block in section.blocks for line in block.lines)
        specs.append(_SurgeSpec(label, (level1, level2, level3), _frames(section.place, section.pools), variants))
    return tuple(specs)


def template_strings() -> list[str]:
    """Every template string (frames, pools, subject phrases, facts), for checks of their slots."""
    strings: list[str] = []
    frame_sets = [m.frames for m in _matters().values()] + [s.frames for s in _surge_specs()]
    for frames in frame_sets:
        strings += [*frames.frames, *frames.history, *frames.impact, *frames.asks]
    for variants in [m.variants for m in _matters().values()] + [s.variants for s in _surge_specs()]:
        strings += [text for variant in variants for text in (variant.topic, variant.fact)]
    return strings


# -- places --------------------------------------------------------------------------------------------------

_BRANDS: Final = (
    "鑫源", "恒达", "佳美", "华信", "金鼎", "宏达", "永盛", "盛世", "东方", "百姓", "好运来", "一品", "老街",
    "天天", "乐家", "启航", "博学", "智慧树", "优贝", "动力", "维美", "丽人", "名匠", "顺达", "诚信", "万家",
    "聚福", "新世纪", "金太阳", "绿源", "星辰", "海峡", "闽兴", "鸿运", "利民", "安顺", "康美", "锦程",
    "华美", "天成", "福临门", "八方", "远航", "优品", "悦享", "宜家乐", "鼎盛", "正和", "嘉禾", "春风",
)  # fmt: skip
_ESTATE_WORDS: Final = (
    "锦绣", "翰林", "御景", "滨江", "翠湖", "龙湾", "书香", "君悦", "天誉", "丽景", "怡景", "雅居", "瑞景",
    "金色", "香榭", "紫金", "碧水", "清华", "东方", "富力", "凯旋", "华庭", "南湖", "溪岸", "江南", "水岸",
    "山水", "绿城", "盛世", "阳光", "世纪", "学府", "名门", "桂园", "半山", "龙庭", "泰和", "宏景",
)  # fmt: skip
_ESTATE_ENDINGS: Final = (
    "花园", "华庭", "名苑", "家园", "公馆", "雅居", "华府", "新城", "嘉园", "山庄", "名都", "首府",
)  # fmt: skip
_OWN_ESTATE_ENDINGS: Final = ("小区", "花园", "新村", "家园", "苑", "小区")
_NUMERALS: Final = "一二三四五六七八九十"
_RIVERS: Final = {
    "359902": "龙津河",
    "359903": "白沙溪",
    "359905": "西溪",
    "359921": "青溪",
    "359922": "云台溪",
    "359981": "屏江",
}
_SCENIC: Final = {
    "359902": "鼓楼古街景区",
    "359903": "东湖风景区",
    "359905": "翠屏山森林公园",
    "359921": "青溪漂流景区",
    "359922": "云台山景区",
    "359981": "屏山古村景区",
}
_CITY_HOSPITALS: Final = ("示范市第一医院", "示范市第二医院", "示范市中医院", "示范市第三医院")


@dataclass(frozen=True)
class _Locale:
    """A community with the named places in and around it that appeals talk about."""

    county: city.County
    street: city.Street
    community: city.Community
    estates: tuple[tuple[str, str], ...]  # name and address
    school: tuple[str, str]
    kindergarten: tuple[str, str]
    market: tuple[str, str]
    hospital: tuple[str, str]
    clinic: tuple[str, str]
    park: str
    project: tuple[str, str]
    villages: tuple[str, ...]
    nursing: str
    weight: float

    @property
    def prefix(self) -> str:
        """How an address here begins: county and street."""
        return self.county.address_prefix + self.street.name

    @property
    def urban(self) -> bool:
        """Whether the community is a 社区 (not a village)."""
        return not self.community.is_village


def _unique(rng: random.Random, used: set[str], make: Callable[[], str]) -> str:
    """A name from `make` that is not used yet (after a few tries, any name)."""
    for _attempt in range(50):
        name = make()
        if name not in used:
            used.add(name)
            return name
    return make()


def _locale_build(
    rng: random.Random, county: city.County, street: city.Street, community: city.Community, used: set[str]
) -> _Locale:
    """A community's estates, school, market, hospital and the other places its appeals name."""
    prefix = county.address_prefix + street.name
    stem = community.stem
    town = street.kind != "subdistrict"

    def at(name: str) -> tuple[str, str]:
        return name, f"{prefix}{rng.choice(street.roads)}{rng.randint(1, 300)}号{name}"

    def branded() -> str:
        return rng.choice(_ESTATE_WORDS) + rng.choice(_ESTATE_ENDINGS)

    if community.is_village:
        village = f"{stem}村"
        estates: tuple[tuple[str, str], ...] = ((village, f"{prefix}{village}"),)
        school = at(f"{stem}小学" if rng.random() < 0.5 else f"{street.name}中心小学")
        kindergarten = at(f"{street.name}中心幼儿园")
        market = at(f"{street.name}农贸市场")
        park = f"{stem}村文化广场"
    else:
        ending = "小区" if stem[-1] in "村园苑" else rng.choice(_OWN_ESTATE_ENDINGS)
        names = [f"{stem}{ending}"] + [_unique(rng, used, branded) for _ in range(rng.randint(1, 3))]
        estates = tuple(at(name) for name in names)
        numeral = _NUMERALS[rng.randrange(10)]
        seat = city.CITY_NAME if county.kind == "district" else county.name
        school = at(_unique(rng, used, lambda: f"{stem}小学" if rng.random() < 0.6 else f"{seat}第{numeral}中学"))
        kindergarten = at(
            _unique(rng, used, lambda: f"{stem}幼儿园" if rng.random() < 0.6 else f"{rng.choice(_BRANDS)}幼儿园")
        )
        road = rng.choice(street.roads)
        market = at(f"{stem}农贸市场" if rng.random() < 0.6 else f"{road}菜市场")
        park = f"{stem}{rng.choice(('公园', '广场', '公园', '社区文化广场'))}"
    if county.kind == "district" and not town:
        hospital = at(rng.choice(_CITY_HOSPITALS))
    else:
        hospital = at(f"{county.name}{rng.choice(('人民医院', '中医院', '人民医院'))}")
    clinic = at(f"{street.name}{'卫生院' if town else '社区卫生服务中心'}")
    project = at(_unique(rng, used, branded))
    villages = tuple(f"{c.stem}村" for c in street.communities if c.is_village)
    if not villages:  # a district with only 街道: the villages of the nearest county that has some
        for other in city.COUNTIES[city.COUNTIES.index(county) :] + city.COUNTIES:
            villages = tuple(f"{c.stem}村" for s in other.streets for c in s.communities if c.is_village)
            if villages:
                break
    if community.is_village:
        villages = (f"{stem}村",)
    nursing = rng.choice((f"{county.name}社会福利中心", f"{street.name}敬老院", f"{rng.choice(_BRANDS)}养老院"))
    if community.is_village:
        weight = 0.6
    elif town:
        weight = 1.5
    else:
        weight = 3.0 if county.kind == "district" else 2.2
    return _Locale(
        county, street, community, estates, school, kindergarten, market, hospital, clinic, park, project,
        villages, nursing, weight,
    )  # fmt: skip


@cache
def _locales() -> tuple[_Locale, ...]:
    """Every community of the demo city with its named places; the same for every seed."""
    rng = random.Random("示范市/appeal-places/1")
    used: set[str] = set()
    return tuple(
        _locale_build(rng, county, street, community, used)
        for county in city.COUNTIES
        for street in county.streets
        for community in street.communities
    )


# Kinds of places that are only in towns (社区), and only in villages; the other kinds are everywhere.
_URBAN_KINDS: Final = frozenset(("estate", "road", "park", "bus", "project", "site", "shop", "gym", "training"))
_VILLAGE_KINDS: Final = frozenset(("village",))


@cache
def _locale_choice(place_kind: str) -> tuple[tuple[_Locale, ...], tuple[float, ...]]:
    """The communities where a kind of place can be, with their cumulative weights."""
    if place_kind in _URBAN_KINDS:
        locales = tuple(loc for loc in _locales() if loc.urban)
    elif place_kind in _VILLAGE_KINDS:
        locales = tuple(loc for loc in _locales() if not loc.urban)
    else:
        locales = _locales()
    return locales, tuple(accumulate(loc.weight for loc in locales))


def _locale_pick(rng: random.Random, place_kind: str) -> _Locale:
    locales, cumulative = _locale_choice(place_kind)
    return locales[bisect(cumulative, rng.random() * cumulative[-1])]


# -- slot values ---------------------------------------------------------------------------------------------


def _money(yuan: int) -> str:
    if yuan >= 10000:
        text = f"{yuan / 10000:.1f}".removesuffix(".0")
        return f"{text}万元"
    return f"{yuan}元"


def _cn_number(n: int) -> str:
    """A small number written in Chinese (1-99)."""
    if n <= 10:
        return "零一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _NUMERALS[tens - 1]
    return head + "十" + ("" if ones == 0 else _NUMERALS[ones - 1])


class _Slots(dict[str, str]):
    """The slot values of one appeal; a value is drawn the first time a template asks for it."""

    def __init__(self, rng: random.Random, locale: _Locale, created: datetime.datetime, preset: dict[str, str]) -> None:
        super().__init__(preset)
        self.rng = rng
        self.locale = locale
        self.created = created

    def __missing__(self, key: str) -> str:
        value = _SLOT_MAKERS[key](self)
        self[key] = value
        return value


def _pick(options: Sequence[str]) -> Callable[[_Slots], str]:
    return lambda slots: slots.rng.choice(options)


def _brand_name(endings: Sequence[str]) -> Callable[[_Slots], str]:
    return lambda slots: slots.rng.choice(_BRANDS) + slots.rng.choice(endings)


def _estate(slots: _Slots) -> str:
    return slots.rng.choice(slots.locale.estates)[0]


def _road2(slots: _Slots) -> str:
    roads = [road for road in slots.locale.street.roads if road != slots["road"]]
    return slots.rng.choice(roads or list(slots.locale.street.roads))


def _date(slots: _Slots) -> str:
    back = slots.rng.choice((1, 1, 2, 2, 3, 4, 5, 6))
    if back == 1:
        return "昨天"
    if back == 2:
        return "前天"
    day = slots.created.date() - datetime.timedelta(days=back)
    return f"{day.month}月{day.day}日"


def _since(slots: _Slots) -> str:
    rng = slots.rng
    month = slots.created.month
    options = ["近一个月来", "从上个月开始", "这段时间", f"最近{rng.choice(('一周', '半个月', '两个星期'))}", "这几天"]
    if month > 3:
        options.append(f"今年{rng.randint(1, month - 2)}月份以来")
    return rng.choice(options)


def _company(slots: _Slots) -> str:
    rng = slots.rng
    seat = city.CITY_NAME if rng.random() < 0.5 else slots.locale.county.name[:-1]
    trade = rng.choice(
        ("电子科技", "建筑工程", "物流", "餐饮管理", "服装", "鞋业", "食品", "家居", "物业管理", "机械制造",
         "纺织", "包装材料", "汽车服务", "商贸", "装饰工程")
    )  # fmt: skip
    return f"{seat}{rng.choice(_BRANDS)}{trade}有限公司"


def _stop(slots: _Slots) -> str:
    rng = slots.rng
    choice = rng.random()
    if choice < 0.4:
        return f"{slots['estate'].removesuffix('小区')}站"
    if choice < 0.7:
        return f"{slots['road']}口站"
    return f"{slots.locale.school[0]}站"


def _fee_m2b(slots: _Slots) -> str:
    low = float(slots["fee_m2"].removesuffix("元"))
    return f"{low + slots.rng.choice((0.5, 0.8, 1.0, 1.2)):.1f}元"


def _fee2(slots: _Slots) -> str:
    low = int(slots["fee"].removesuffix("元"))
    return f"{low + slots.rng.randrange(5, 30) * 10}元"


def _elapsed(slots: _Slots) -> str:
    start = datetime.datetime.fromisoformat(slots["start_at"])
    hours = max(2, int((slots.created - start).total_seconds() // 3600))
    if hours < 48:
        return f"{hours}个小时" if hours % 24 else f"{hours // 24}天"
    return f"{_cn_number(hours // 24)}天"


def _kin(slots: _Slots) -> str:
    relation = slots.rng.choice(("母亲", "父亲", "母亲", "奶奶", "爷爷", "婆婆", "岳母", "爱人", "外婆"))
    return slots["own"] + relation


_ITEMS: Final = (
    "电热水器", "手机", "空调", "洗衣机", "电动车", "羽绒服", "儿童手表", "冰箱", "燃气灶", "扫地机器人",
    "笔记本电脑", "床垫", "电视机", "净水器",
)  # fmt: skip

_SLOT_MAKERS: Final[dict[str, Callable[[_Slots], str]]] = {
    "place": _estate,
    "estate": _estate,
    "bldg": lambda s: f"{s.rng.randint(1, 28)}{s.rng.choice(('号楼', '栋', '幢', '号楼'))}",
    "floor": lambda s: str(s.rng.randint(8, 30)),
    "road": lambda s: s.rng.choice(s.locale.street.roads),
    "road2": _road2,
    "num": lambda s: str(s.rng.randint(1, 300)),
    "village": lambda s: s.rng.choice(s.locale.villages),
    "school": lambda s: s.locale.school[0],
    "kindergarten": lambda s: s.locale.kindergarten[0],
    "market": lambda s: s.locale.market[0],
    "hospital": lambda s: s.locale.hospital[0],
    "clinic": lambda s: s.locale.clinic[0],
    "park": lambda s: s.locale.park,
    "project": lambda s: s.locale.project[0],
    "site": lambda s: f"{s['project']}项目工地",
    "river": lambda s: _RIVERS[s.locale.county.code],
    "scenic": lambda s: _SCENIC[s.locale.county.code],
    "nursing": lambda s: s.locale.nursing,
    "street": lambda s: s.locale.street.name,
    "county": lambda s: s.locale.county.name,
    "bus": lambda s: f"{s.rng.choice(('', '', '', 'K'))}{s.rng.randint(1, 58)}路公交",
    "stop": _stop,
    "company": _company,
    "plant": _brand_name(("化工厂", "塑料厂", "橡胶厂", "电镀厂", "饲料厂", "石材厂", "造纸厂", "皮革厂")),
    "farm": _brand_name(("生态养猪场", "养猪场", "养鸡场", "养鸭场", "养牛场")),
    "store": _brand_name(("超市", "购物广场", "家电城", "便利店", "数码城", "超市")),
    "restaurant": _brand_name(("饭店", "酒楼", "火锅店", "小吃店", "烧烤店", "快餐店", "土菜馆", "大排档")),
    "bar": _brand_name(("酒吧", "KTV", "音乐餐吧", "清吧")),
    "gym": _brand_name(("健身", "健身会所", "健身工作室", "游泳健身馆")),
    "salon": _brand_name(("美容院", "美发店", "美容会所", "养生馆")),
    "training": _brand_name(("教育", "培训学校", "艺术培训中心", "英语培训中心", "编程培训中心")),
    "travel": _brand_name(("旅行社", "国际旅行社")),
    "driving_school": _brand_name(("驾校", "驾驶培训学校")),
    "item": _pick(_ITEMS),
    "license": _pick(("食品经营许可证", "道路运输经营许可证", "施工许可证", "排污许可证", "消防验收备案")),
    "since": _since,
    "date": _date,
    "clock_day": _pick(("上午9点多", "上午10点左右", "中午12点多", "下午3点多", "下午4点半左右", "早上8点多")),
    "clock_night": _pick(("晚上11点多", "夜里12点", "凌晨1点多", "晚上10点半", "凌晨2点")),
    "clock_early": _pick(("凌晨4点多", "早上5点", "凌晨3点多", "早上5点半")),
    "days": _pick(("两天", "三天", "四五天", "一个星期", "好几天")),
    "weeks": _pick(("两个星期", "三个星期", "半个多月", "一个多月")),
    "months": _pick(("两个月", "三个多月", "半年", "四个月", "五个月", "大半年")),
    "years": _pick(("三年", "五年多", "八年", "十几年", "六年", "两年多")),
    "hours": _pick(("十几", "二十多", "三十多", "四十多")),
    "year": lambda s: f"{s.created.year - s.rng.randint(1, 3)}年",
    "times": _pick(("好几次", "三四次", "多次", "不下十次", "两次", "无数次")),
    "n": _pick(("三", "四", "五", "好几")),
    "grade": _pick(("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二")),
    "age": lambda s: f"{s.rng.randint(76, 96)}岁",
    "age_child": _pick(("八个月", "一岁半", "两岁", "六个月", "三岁")),
    "n_people": _pick(("十几个", "二十多个", "三十多个", "四十多个")),
    "fee": lambda s: f"{s.rng.randint(12, 60) * 10}元",
    "fee2": _fee2,
    "fee3": lambda s: _money(s.rng.randint(20, 300) * 100),
    "fee_small": lambda s: f"{s.rng.randint(15, 80)}元",
    "fee_m2": lambda s: f"{s.rng.choice((0.8, 1.0, 1.2, 1.5, 1.8))}元",
    "fee_m2b": _fee_m2b,
    "wage": lambda s: _money(s.rng.randint(30, 450) * 100),
    "wage_big": lambda s: _money(s.rng.randint(8, 120) * 10000),
    "amount": lambda s: _money(s.rng.choice((s.rng.randint(5, 99) * 100, s.rng.randint(1, 30) * 10000))),
    "amount_big": lambda s: _money(s.rng.randint(50, 900) * 10000),
    "pct": lambda s: f"{s.rng.choice((12, 15, 18, 20, 24, 30))}%",
    "kin": _kin,
    "elapsed": _elapsed,
}
# Keys set per appeal before any template is filled (the voice) or per surge.
_PRESET_KEYS: Final = frozenset(("I", "we", "my", "own", "start_at", "start_date", "start_clock", "fact"))
SLOT_NAMES: Final = frozenset(_SLOT_MAKERS) | _PRESET_KEYS | {"history", "impact", "ask"}

_FIRST_PERSON: Final = {"I": "我", "we": "我们", "my": "我家", "own": "我"}
_THIRD_PERSON: Final = {"I": "来电人", "we": "他们", "my": "其家", "own": "其"}


def _place_value(slots: _Slots, place_kind: str) -> str:
    """The name of the place an appeal of this kind is about (and the matching slot set to it)."""
    if place_kind in ("home", "estate"):
        return slots["estate"]
    if place_kind == "shop":
        return slots["store"]
    if place_kind == "village":
        return slots["village"]
    return slots[place_kind]


def _address(rng: random.Random, slots: _Slots, place_kind: str) -> str:
    locale = slots.locale
    if place_kind == "home":
        return city.home_address(rng, locale.county, locale.street, locale.community)
    if place_kind == "estate":
        address = next(addr for name, addr in locale.estates if name == slots["estate"])
        return address + (slots["bldg"] if locale.urban else f"{rng.randint(1, 12)}组")
    if place_kind == "village":
        return f"{locale.prefix}{slots['village']}{rng.randint(1, 12)}组"
    fixed = {
        "school": locale.school,
        "kindergarten": locale.kindergarten,
        "market": locale.market,
        "hospital": locale.hospital,
        "clinic": locale.clinic,
        "project": locale.project,
        "site": locale.project,
    }
    if place_kind in fixed:
        return fixed[place_kind][1]
    if place_kind == "park":
        return locale.prefix + locale.park
    if place_kind == "bus":
        return f"{locale.prefix}{slots['stop']}（{slots['bus']}）"
    if place_kind == "road":
        return f"{locale.prefix}{slots['road']}{slots['num']}号附近"
    return f"{locale.prefix}{rng.choice(locale.street.roads)}{rng.randint(1, 300)}号"


# -- composing texts -----------------------------------------------------------------------------------------

_HELLO: Final = {
    "web": ("", "", "", "您好！", "领导您好，", "尊敬的领导：", "你好，"),
    "mobile": ("", "", "", "", "你好，", "您好，"),
    "mailbox": ("尊敬的领导：您好！", "尊敬的市长：", "领导好！", "尊敬的领导："),
}
_CLOSE: Final = {
    "web": ("", "", "谢谢！", "盼复。", "望尽快回复，谢谢。", "辛苦了！", "望领导重视！"),
    "mobile": ("", "", "", "谢谢！", "麻烦了。"),
    "mailbox": ("望领导重视，谢谢！", "盼复！", "恳请领导过问此事。", "谢谢！"),
    "hotline": ("", "", "请相关部门核实处理。", "请尽快处理。", "来电人要求回复。", "来电人希望得到处理结果反馈。"),
}
# Sentences some citizens add (long appeals), by voice, and how often a channel's appeals carry one.
_EXTRAS: Final = {
    "first": (
        "{we}也理解相关部门工作忙，但这个问题拖得实在太久了。",
        "这个问题看起来是小事，但关系到每家每户的日常生活。",
        "希望这次能真正解决，不要再走过场。",
        "如果需要，{I}可以配合提供照片和视频。",
        "不少邻居也在群里说了同样的问题，大家都希望能有个结果。",
        "{I}不是无理取闹，只是希望问题能得到重视。",
        "麻烦处理以后给{I}回个电话，告知一下处理结果。",
        "{date}{I}又打电话问了一次，对方还是说在处理，到今天还是老样子。",
        "这件事前前后后拖了很久，{we}每天都在等消息。",
        "{I}平时很少反映问题，这次实在是没有办法了。",
        "听说别的地方同样的问题很快就解决了，希望{we}这里也能重视起来。",
        "恳请领导在百忙之中关注一下，给老百姓一个明确的说法。",
    ),
    "hotline": (
        "来电人表示已多次反映，希望此次能够彻底解决。",
        "来电人称可配合提供现场照片。",
        "来电人情绪较为激动，要求尽快处理。",
        "来电人称周边居民对此意见很大。",
        "来电人希望处理前先与其电话联系。",
        "来电人称问题拖了很久，要求相关部门尽快到现场查看。",
        "来电人表示如果问题不解决将继续反映。",
        "来电人称此前向相关单位反映未果，故来电求助。",
    ),
}
_EXTRA_SHARE: Final = {"hotline": 0.5, "web": 0.8, "mobile": 0.25, "mailbox": 1.0}
_SECOND_FACT_SHARE: Final = {"hotline": 0.2, "web": 0.45, "mobile": 0.15, "mailbox": 0.6}
_HOTLINE_INTRO: Final = ("市民来电反映：", "来电反映：", "市民来电称：", "市民来电：", "来电人反映：")
_CONSULT_FRAMES: Final = {
    "first": (
        "{I}想咨询一下，{fact}？",
        "想问一下，{fact}？",
        "{fact}？麻烦相关部门给予解答。",
        "有个问题想咨询：{fact}？希望能得到答复。",
        "{fact}？在网上查了半天也没查到，请帮忙解答。",
    ),
    "hotline": (
        "来电人咨询：{fact}？请相关部门予以解答。",
        "市民来电咨询：{fact}？希望得到明确答复。",
        "来电咨询：{fact}？来电人希望工作人员回电解答。",
    ),
}
_SUGGEST_FRAMES: Final = {
    "first": (
        "{fact}。建议{topic}，{reason}。",
        "{I}有个建议：{fact}，建议{topic}。{reason}。",
        "建议{topic}。{fact}，{reason}。",
    ),
    "hotline": (
        "来电人建议：{fact}，建议{topic}，{reason}。",
        "市民来电建议{topic}。来电人称{fact}，{reason}。",
    ),
}
_REASONS: Final = ("方便群众", "这也是很多居民的心声", "希望有关部门认真考虑", "给大家带来方便")
_GENERIC_SUGGEST: Final = {
    "first": (
        "{fact}，这类问题反复出现。建议{dept}{measure}，{goal}。",
        "{I}想提个建议：{fact}，希望{dept}{measure}，{goal}。",
    ),
    "hotline": ("市民来电称：{fact}，此类问题反复出现，建议{dept}{measure}，{goal}。",),
}
_MEASURES: Final = ("加强日常巡查", "建立长效管理机制", "定期公开处理结果", "把这类问题纳入专项整治", "加大执法力度")
_GOALS: Final = ("不要每次都等群众反映了才处理", "从根本上解决问题", "让老百姓少操心", "给群众一个满意的交代")
_PRAISE_FRAMES: Final = {
    "first": (
        "{I}之前反映过{topic}的问题，{dept}很快就派人来处理，现在已经解决了。{praise}，特此表扬！",
        "前段时间{topic}，给{we}带来很大困扰。反映以后{dept}的工作人员{praise}，问题很快解决了，非常感谢！",
    ),
    "hotline": (
        "来电人表示，其此前反映的{topic}问题已得到妥善解决，对{dept}工作人员的认真负责表示感谢。",
        "市民来电表扬{dept}：来电人之前反映{topic}，工作人员{praise}，问题已解决。",
    ),
}
_PRAISES: Final = ("态度很好，办事效率很高", "多次上门沟通，非常负责", "当天就到现场查看", "耐心细致，跟进到底")
_AGAIN: Final = {
    "first": ("{I}{date}已经反映过这个问题，到现在还没有解决。", "这是{I}第二次反映了，上次说会处理，结果没有下文。"),
    "hotline": ("来电人称此前已反映过该问题，至今未得到解决。", "来电人再次来电，称问题仍未解决。"),
}

_SUBJECTS: Final = {
    "complaint": ("{place}{topic}", "投诉{place}{topic}", "{place}{topic}问题", "反映{place}{topic}",
                  "关于{place}{topic}的投诉", "{place}{topic}，望尽快解决"),
    "help": ("{place}{topic}", "{place}{topic}，请求帮助", "求助：{place}{topic}", "{place}{topic}，恳请帮忙解决"),
    "consult": ("咨询{topic}", "关于{topic}的咨询", "{topic}相关问题咨询", "想了解{topic}", "咨询{topic}问题"),
    "report": ("举报{place}{topic}", "{place}{topic}", "{place}{topic}，请依法查处", "关于{place}{topic}的举报"),
    "suggestion": ("建议{place}{topic}", "关于{place}{topic}的建议", "建议：{place}{topic}"),
}  # fmt: skip
_GENERIC_SUGGEST_SUBJECTS: Final = (
    "关于{place}{topic}问题的建议",
    "建议解决{place}{topic}问题",
    "{place}{topic}的建议",
)
_PRAISE_SUBJECTS: Final = ("感谢{dept}解决{place}{topic}问题", "表扬{dept}工作人员", "{place}{topic}问题已解决，感谢")
_AGAIN_SUBJECTS: Final = ("再次反映：{subject}", "{subject}（再次反映）", "{subject}（第二次反映）")

SUBJECT_RANGE: Final = (10, 40)
DETAIL_RANGE: Final = (40, 600)


@cache
def _department_names() -> dict[str, str]:
    return {spec.code.removeprefix(city.CITY_CODE + "-"): spec.short_name for spec in city.DEPARTMENTS}


# Words that end a place's name and may start what is said about it (项目工地 + 工地扬尘严重).
_JOINABLE: Final = ("工地", "幼儿园", "公交", "健身", "小区", "医院", "卫生院", "学校", "超市", "花园", "公园")
# The generic word for a kind of place, left out when the place itself is named (金鼎健身会所 + 健身房停业).
_TYPE_WORDS: Final = {
    "gym": "健身房", "training": "培训机构", "salon": "美容院", "store": "超市", "bar": "酒吧", "farm": "养殖场",
    "driving_school": "驾校", "travel": "旅行社", "scenic": "景区", "nursing": "养老院", "school": "学校",
    "clinic": "卫生院", "market": "菜市场", "shop": "超市", "park": "公园",
}  # fmt: skip


def _join(place: str, phrase: str, kind: str = "") -> str:
    """A place and a phrase about it, without saying twice what the place is (项目工地 + 工地扬尘 → 项目工地扬尘)."""
    if not place or place in phrase:
        return phrase
    generic = _TYPE_WORDS.get(kind, "")
    if generic and phrase.startswith(generic) and not place.endswith(generic):
        return place + phrase[len(generic) :]
    for word in _JOINABLE:
        if place.endswith(word) and phrase.startswith(word):
            return place + phrase[len(word) :]
    return place + phrase


def _subject_fit(rng: random.Random, patterns: Sequence[str], values: dict[str, str]) -> str:
    """A subject from one of the patterns whose length is in range (the shortest one is trimmed if none is)."""
    low, high = SUBJECT_RANGE
    first = rng.randrange(len(patterns))
    texts = []
    for index in range(len(patterns)):
        text = patterns[(first + index) % len(patterns)].format_map(values)
        if low <= len(text) <= high:
            return text
        texts.append(text)
    longest = max(texts, key=len)
    if len(longest) < low:
        return (longest + "，请有关部门尽快处理")[:high]
    return min(texts, key=len)[:high]


def _detail_fit(head: str, body: str, close: str, pads: Sequence[str]) -> str:
    """The detail, padded with one more sentence while it is too short, and cut at a sentence when too long."""
    low, high = DETAIL_RANGE
    for pad in pads:
        if len(head) + len(body) + len(close) >= low:
            break
        body += pad
    detail = head + body + close
    if len(detail) < low:
        detail += "希望有关部门重视这个问题，尽快处理，谢谢！"
    if len(detail) > high:
        cut = detail.rfind("。", 0, high)
        detail = detail[: cut + 1] if cut >= low else detail[:high]
    return detail


@dataclass
class _Text:
    subject: str
    detail: str


def _text_compose(
    rng: random.Random,
    *,
    frames: _Frames,
    variant: _Variant,
    siblings: Sequence[_Variant],
    kind: str,
    slots: _Slots,
    channel: str,
    place_kind: str,
    department: str,
    again: bool,
) -> _Text:
    """The subject and detail of one appeal of the given kind, in the voice of its channel."""
    voice = "hotline" if channel == "hotline" else "first"
    topic = variant.topic.format_map(slots)
    slots["fact"] = variant.fact.format_map(slots)
    history = rng.choice(frames.history).format_map(slots) if frames.history else ""
    impact = rng.choice(frames.impact).format_map(slots) if frames.impact else ""
    ask = rng.choice(frames.asks).format_map(slots) if frames.asks else "希望有关部门尽快处理"
    if voice == "hotline" and ask.startswith("希望") and rng.random() < 0.5:
        ask = "来电人" + ask
    # The subject names the place the fact names, or the appeal's place when the detail names it.
    named = slots[variant.anchor] if variant.anchor else ""
    named_kind = place_kind if variant.anchor == "place" else variant.anchor
    values = {**slots, "dept": _department_names().get(department, "相关部门"), "place": ""}
    pads = [f"{impact}。", f"{history}。", f"{ask}。"]
    if kind == "consult":
        values["topic"] = topic
        body = rng.choice(_CONSULT_FRAMES[voice]).format_map(slots)
        patterns: Sequence[str] = _SUBJECTS["consult"]
        pads = ["麻烦尽快回复，谢谢。"]
    elif kind == "suggestion":
        values["topic"] = _join(named, topic, named_kind)
        if variant.kind == "suggestion":
            values["reason"] = rng.choice(_REASONS)
            body = rng.choice(_SUGGEST_FRAMES[voice]).format_map(values)
            patterns = _SUBJECTS["suggestion"]
        else:
            values |= {"measure": rng.choice(_MEASURES), "goal": rng.choice(_GOALS)}
            body = rng.choice(_GENERIC_SUGGEST[voice]).format_map(values)
            patterns = _GENERIC_SUGGEST_SUBJECTS
    elif kind == "praise":
        if not named and place_kind != "home":
            named, named_kind = slots["place"], place_kind
        values["topic"] = _join(named, topic, named_kind)
        values["praise"] = rng.choice(_PRAISES)
        body = rng.choice(_PRAISE_FRAMES[voice]).format_map(values)
        patterns = _PRAISE_SUBJECTS
    else:
        slots |= {"history": history, "impact": impact, "ask": ask}
        frame = "{fact}，{ask}。" if channel == "mobile" and rng.random() < 0.4 else rng.choice(frames.frames)
        if variant.timed:  # the fact says when itself
            frame = frame.replace("{since}，", "").replace("{since}", "")
        if not named and "{place}" in frame:
            named, named_kind = slots["place"], place_kind
        values["topic"] = _join(named, topic, named_kind)
        body = frame.format_map(slots)
        others = [v for v in siblings if v.kind == variant.kind and v is not variant]
        if others and len(body) < 200 and rng.random() < _SECOND_FACT_SHARE[channel]:
            shared = {key: slots[key] for key in _SHARED_WITH_SECOND_FACT if key in slots}
            fresh = _Slots(rng, slots.locale, slots.created, shared)
            body += f"另外，{rng.choice(others).fact.format_map(fresh)}。"
        patterns = _SUBJECTS[kind]
    subject = _subject_fit(rng, patterns, values)
    if again:
        body = rng.choice(_AGAIN[voice]).format_map(slots) + body
        subject = _subject_fit(rng, _AGAIN_SUBJECTS, {"subject": subject})
    if kind not in ("consult", "praise") and rng.random() < _EXTRA_SHARE[channel]:
        one, two = rng.sample(_EXTRAS[voice], 2)
        body += one.format_map(slots)
        if rng.random() < _EXTRA_SHARE[channel] / 2:
            body += two.format_map(slots)
    if voice == "hotline":
        head = "" if body.startswith(("来电", "市民来电")) else rng.choice(_HOTLINE_INTRO)
    else:
        head = rng.choice(_HELLO[channel])
    close = "" if kind in ("consult", "praise") and voice == "hotline" else rng.choice(_CLOSE[channel])
    last = body.rstrip("。！").rsplit("。", 1)[-1]
    if close.rstrip("。！") in body or last.startswith(close[:5]):
        close = ""
    pads = [pad for pad in pads if pad.rstrip("。") not in body]
    return _Text(subject, _detail_fit(head, body, close, pads))


# What a second fact in the same appeal shares with the first one: the voice and where it happens.
_SHARED_WITH_SECOND_FACT: Final = ("I", "we", "my", "own", "place", "estate", "road", "village", "bldg", "school")


# -- time ----------------------------------------------------------------------------------------------------

# 春节 (first day of the lunar year); other years fall back to 5 February.
_SPRING_FESTIVAL: Final = {
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1),
    2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
}  # fmt: skip
_WEEKDAY_WEIGHTS: Final = (1.15, 1.0, 1.0, 1.0, 0.95, 0.6, 0.5)
# Appeals per hour of the day by channel: the hotline peaks at 9-11 and 14-17, the online channels also at night.
_HOUR_WEIGHTS: Final = {
    "hotline": (0.6, 0.4, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 5, 9, 10, 8, 4, 4.5, 8, 9, 8.5, 6, 4, 3.5, 3, 2.5, 1.6, 1),
    "web": (1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 6, 6.5, 6, 5, 4.5, 5.5, 5.5, 5.5, 5, 4.5, 5, 6, 6.5, 5, 2.5),
    "mobile": (1.2, 0.6, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4, 5, 5.5, 5.5, 5.5, 4.5, 5, 5, 5, 5, 5, 5.5, 6, 6.5, 5.5, 3),
    "mailbox": (0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 7, 6, 4, 4, 6, 6.5, 6, 5, 3.5, 3.5, 4, 4, 3, 1.5),
}
_CHANNEL_WEIGHTS: Final = {"hotline": 0.6, "web": 0.13, "mobile": 0.22, "mailbox": 0.05}
_SURGE_CHANNEL_WEIGHTS: Final = {"hotline": 0.7, "web": 0.1, "mobile": 0.17, "mailbox": 0.03}
# How much more often a seasonal matter is raised in its season, and (summer, winter) out of it.
_IN_SEASON: Final = {"summer": 3.0, "winter": 3.5, "presf": 4.0, "school": 3.5, "exam": 3.0}
_OUT_OF_SEASON: Final = {"summer": 0.3, "winter": 0.2}


def _spring_festival(year: int) -> datetime.date:
    month, day = _SPRING_FESTIVAL.get(year, (2, 5))
    return datetime.date(year, month, day)


@cache
def _seasons(day: datetime.date) -> frozenset[str]:
    """The seasons a day is in: summer, winter, presf (before the Spring Festival), school (term start), exam."""
    flags = set()
    if 6 <= day.month <= 9:
        flags.add("summer")
    if day.month in (12, 1, 2):
        flags.add("winter")
    festival = _spring_festival(day.year)
    if 0 < (festival - day).days <= 40 or 0 < (_spring_festival(day.year + 1) - day).days <= 40:
        flags.add("presf")
    if (8, 10) <= (day.month, day.day) <= (9, 20) or 10 <= (day - festival).days <= 30:
        flags.add("school")
    if (5, 25) <= (day.month, day.day) <= (6, 25):
        flags.add("exam")
    return frozenset(flags)


def _day_weight(day: datetime.date) -> float:
    """How many appeals a day gets relative to an ordinary Tuesday."""
    weight = _WEEKDAY_WEIGHTS[day.weekday()]
    if 6 <= day.month <= 8:
        weight *= 1.15
    if -1 <= (day - _spring_festival(day.year)).days <= 6:
        weight *= 0.45
    if day.month == 10 and day.day <= 7:
        weight *= 0.6
    return weight


@cache
def _hour_cumulative(channel: str, after: int) -> tuple[float, ...]:
    weights = _HOUR_WEIGHTS[channel]
    return tuple(accumulate(weights[hour] for hour in range(after + 1, 24)))


def _hour_pick(rng: random.Random, channel: str, after: int = -1) -> int:
    """An hour of the day with the channel's daily shape, later than `after`."""
    cumulative = _hour_cumulative(channel, after)
    return after + 1 + bisect(cumulative, rng.random() * cumulative[-1])


def _moment(rng: random.Random, day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=TIMEZONE)


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    cumulative = list(accumulate(weights.values()))
    return keys[bisect(cumulative, rng.random() * cumulative[-1])]


# -- callers -------------------------------------------------------------------------------------------------

_PHONE_PREFIXES: Final = tuple(
    f"1{second}{third}" for second in "35789" for third in "0123456789" if f"{second}{third}" not in ("54", "74", "79")
)


@dataclass(frozen=True)
class _Caller:
    key: str
    name: str
    phone: str
    anonymous: bool


def _caller_new(rng: random.Random) -> _Caller:
    key = f"c{rng.getrandbits(48):012x}"
    if rng.random() < 0.1:
        return _Caller(key, "", "", anonymous=True)
    name = people.person_name(rng, sex=rng.choice("MF"), birth_year=rng.randint(1945, 2004))
    while True:
        phone = rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if not phone.startswith(people.RESERVED_PHONE_PREFIX):
            return _Caller(key, name, phone, anonymous=False)


def _likes(rng: random.Random, channel: str, *, surge: bool) -> int:
    """Public support: mostly none, a heavy tail for online posts, more for a surge everybody talks about."""
    public = channel in ("web", "mobile")
    none = 0.55 if public else 0.92
    if rng.random() < (none / 2 if surge else none):
        return 0
    likes = int(rng.paretovariate(1.1 if public else 1.8))
    return min(likes * (rng.randint(1, 6) if surge else 1), 9999)


# -- appeals -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What stays the same when the same caller raises the same matter again."""

    path: tuple[str, str, str]
    department: str
    frames: _Frames
    variant: _Variant
    siblings: tuple[_Variant, ...]
    kind: str
    locale: _Locale
    place_kind: str
    fixed: dict[str, str]
    surge: str


# Slot values that are drawn anew for every telling (the voice, times relative to the call, the composed parts).
_VOLATILE: Final = frozenset(
    ("I", "we", "my", "own", "kin", "fact", "history", "impact", "ask", "date", "since", "elapsed", "clock_day")
)


def _appeal_make(
    rng: random.Random,
    context: _Context,
    *,
    created: datetime.datetime,
    channel: str,
    caller: _Caller,
    again: bool,
) -> tuple[GeneratedAppeal, dict[str, str]]:
    """One appeal about the context's matter, and the slot values a retelling keeps (place, names, address)."""
    voice = _THIRD_PERSON if channel == "hotline" else _FIRST_PERSON
    slots = _Slots(rng, context.locale, created, {**context.fixed, **voice})
    slots["place"] = _place_value(slots, context.place_kind)
    text = _text_compose(
        rng,
        frames=context.frames,
        variant=context.variant,
        siblings=context.siblings,
        kind=context.kind,
        slots=slots,
        channel=channel,
        place_kind=context.place_kind,
        department=context.department,
        again=again,
    )
    address = context.fixed.get("_address") or _address(rng, slots, context.place_kind)
    fixed = {key: value for key, value in slots.items() if key not in _VOLATILE}
    fixed["_address"] = address
    appeal = GeneratedAppeal(
        subject=text.subject,
        detail=text.detail,
        kind=context.kind,
        category=context.path,
        community_code=context.locale.community.code,
        address=address,
        created_at=created,
        channel=channel,
        anonymous=caller.anonymous,
        name=caller.name,
        phone=caller.phone,
        caller_key=caller.key,
        likes=_likes(rng, channel, surge=bool(context.surge)),
        surge=context.surge,
    )
    return appeal, fixed


_KIND_WEIGHTS: Final = {"complaint": 1.0, "help": 1.15, "consult": 1.3, "report": 0.9, "suggestion": 0.8}
_FALLBACK_FRAMES: Final = _Frames(
    "home",
    ("{fact}。{history}，{ask}。", "{I}住在{estate}，{fact}，{impact}。{ask}。", "{since}，{fact}。{ask}。"),
    ("反映过{times}，一直没有结果", "不知道该找哪个部门"),
    ("给生活带来很大不便", "群众意见很大"),
    ("请相关部门尽快处理", "希望有关部门给个答复"),
)


def _matter_for(row: CategoryRow) -> _Matter:
    """The texts of a category, or plain ones for a category this module has no templates for."""
    matter = _matters().get(row.path)
    if matter is not None:
        return matter
    variant = _Variant("complaint", f"{row.level3}问题", f"{row.level3}方面的问题一直没有得到解决", "", timed=False)
    return _Matter(row.path, 1.0, "", "home", _FALLBACK_FRAMES, (variant,))


@cache
def _variant_cumulative(variants: tuple[_Variant, ...]) -> tuple[float, ...]:
    return tuple(accumulate(_KIND_WEIGHTS[variant.kind] for variant in variants))


def _variant_pick(rng: random.Random, variants: tuple[_Variant, ...]) -> _Variant:
    """A variant, the kinds weighted to the mix of a real hotline."""
    cumulative = _variant_cumulative(variants)
    return variants[bisect(cumulative, rng.random() * cumulative[-1])]


def _kind_for(rng: random.Random, variant: _Variant) -> str:
    """The variant's kind, sometimes turned into a suggestion or a thank-you about the same matter."""
    if variant.kind in ("complaint", "help"):
        roll = rng.random()
        if roll < 0.02:
            return "praise"
        if roll < 0.07:
            return "suggestion"
        if roll < 0.25 and variant.kind == "complaint":
            return "help"  # the same frames: a citizen asking for help rather than complaining
    return variant.kind


class _Seasonal:
    """Cumulative category weights per combination of seasons."""

    def __init__(self, rows: Sequence[CategoryRow]) -> None:
        self.rows = list(rows)
        self.matters = [_matter_for(row) for row in rows]
        self.cache: dict[frozenset[str], tuple[float, ...]] = {}

    def pick(self, rng: random.Random, day: datetime.date) -> tuple[CategoryRow, _Matter]:
        flags = _seasons(day)
        cumulative = self.cache.get(flags)
        if cumulative is None:
            weights = [
                matter.weight
                * (_IN_SEASON[matter.season] if matter.season in flags else _OUT_OF_SEASON.get(matter.season, 1.0))
                for matter in self.matters
            ]
            cumulative = self.cache[flags] = tuple(accumulate(weights))
        index = bisect(cumulative, rng.random() * cumulative[-1])
        return self.rows[index], self.matters[index]


# -- surges --------------------------------------------------------------------------------------------------

SURGE_SIZE: Final = (40, 150)
SURGE_DAYS: Final = (2, 5)
SURGE_COUNT: Final = (5, 8)
SURGE_SHARE: Final = 0.25  # surges are scaled down when they would be more than this share of the history
LIVE_DAYS: Final = 10  # at least two surges start and end within this many days before the end
_SURGE_DAY_WEIGHTS: Final = (1.0, 0.8, 0.5, 0.3, 0.2)
_SURGE_PERSONAL: Final = frozenset((
    "bldg", "floor", "fee", "fee2", "fee3", "wage", "months", "times", "days", "weeks", "years", "kin", "amount",
    "num", "n",
))  # fmt: skip


@dataclass(frozen=True)
class _SurgePlan:
    spec: _SurgeSpec
    row: CategoryRow
    locale: _Locale
    first_day: datetime.date
    days: int
    start_hour: int
    size: int
    preset: dict[str, str]
    name: str


def _surge_clock(hour: int, rng: random.Random) -> str:
    part = "早上" if hour < 9 else "上午" if hour < 12 else "下午"
    return f"{part}{hour if hour <= 12 else hour - 12}点{rng.choice(('多', '左右', ''))}"


def _surges_plan(
    rng: random.Random, rows: Sequence[CategoryRow], count: int, start: datetime.date, end: datetime.date
) -> list[_SurgePlan]:
    """Which surges happen where and when, and how big they are."""
    by_path = {row.path: row for row in rows}
    specs = [spec for spec in _surge_specs() if spec.path in by_path]
    if count < 40 or not specs:
        return []
    chosen = rng.sample(specs, min(len(specs), rng.randint(*SURGE_COUNT)))
    sizes = [rng.randint(*SURGE_SIZE) for _ in chosen]
    budget = count * SURGE_SHARE
    if sum(sizes) > budget:
        sizes = [max(3, int(size * budget / sum(sizes))) for size in sizes]
    span = (end - start).days + 1
    plans: list[_SurgePlan] = []
    used: set[str] = set()
    for index, (spec, size) in enumerate(zip(chosen, sizes, strict=True)):
        days = min(rng.randint(*SURGE_DAYS), span)
        latest = span - days
        if index == 0:  # still going on at the end
            earliest = latest
        elif index == 1:  # began and ended in the last LIVE_DAYS days
            earliest = max(0, span - LIVE_DAYS)
        else:  # before those, when the history is long enough
            earliest, latest = 0, max(0, span - LIVE_DAYS - days)
        first_day = start + datetime.timedelta(days=rng.randint(min(earliest, latest), latest))
        locale = _locale_pick(rng, spec.frames.place)
        for _attempt in range(20):
            if locale.community.code not in used:
                break
            locale = _locale_pick(rng, spec.frames.place)
        used.add(locale.community.code)
        start_hour = rng.randint(6, 10)
        start_at = _moment(rng, first_day, start_hour)
        slots = _Slots(rng, locale, start_at, dict(_FIRST_PERSON))
        slots["place"] = _place_value(slots, spec.frames.place)
        texts = [*spec.frames.frames, *spec.frames.history, *spec.frames.impact, *spec.frames.asks]
        texts += [text for variant in spec.variants for text in (variant.topic, variant.fact)]
        # Drawn once, in a fixed order, so that every appeal of the surge names the same places and businesses.
        shared = {name for text in texts for name in _fields(text)} - _VOLATILE - _SURGE_PERSONAL - _PRESET_KEYS
        for name in sorted(shared & set(_SLOT_MAKERS)):
            if name not in slots:
                slots[name] = _SLOT_MAKERS[name](slots)
        preset = {key: value for key, value in slots.items() if key not in _VOLATILE}
        preset |= {
            "start_at": start_at.isoformat(),
            "start_date": f"{first_day.month}月{first_day.day}日",
            "start_clock": _surge_clock(start_hour, rng),
        }
        name = _join(slots["place"], spec.label, spec.frames.place)
        plans.append(_SurgePlan(spec, by_path[spec.path], locale, first_day, days, start_hour, size, preset, name))
    return plans


def _surge_appeals(rng: random.Random, plan: _SurgePlan) -> list[GeneratedAppeal]:
    """The appeals of one surge: many callers, a few of them twice, most on the first days."""
    appeals: list[GeneratedAppeal] = []
    told: list[tuple[GeneratedAppeal, _Context, _Caller]] = []
    offsets = range(plan.days)
    day_weights = _SURGE_DAY_WEIGHTS[: plan.days]
    for _ in range(plan.size):
        offset = rng.choices(offsets, weights=day_weights)[0]
        day = plan.first_day + datetime.timedelta(days=offset)
        channel = _weighted(rng, _SURGE_CHANNEL_WEIGHTS)
        hour = _hour_pick(rng, channel, plan.start_hour if offset == 0 else -1)
        created = _moment(rng, day, hour)
        earlier = [item for item in told if item[0].created_at < created]
        if earlier and rng.random() < 0.06:
            _first, context, caller = rng.choice(earlier)
            again = True
        else:
            variant = rng.choice(plan.spec.variants)
            context = _Context(
                plan.row.path, plan.row.department, plan.spec.frames, variant, (), variant.kind,
                plan.locale, plan.spec.frames.place, dict(plan.preset), plan.name,
            )  # fmt: skip
            caller = _caller_new(rng)
            again = False
        appeal, fixed = _appeal_make(rng, context, created=created, channel=channel, caller=caller, again=again)
        appeals.append(appeal)
        if not again:
            told.append((appeal, dataclasses.replace(context, fixed=fixed), caller))
    return appeals


# -- the history ---------------------------------------------------------------------------------------------

REPEAT_SHARE: Final = 0.03  # of the ordinary appeals, calls by someone who already called about the same matter


def _day_after(rng: random.Random, created: datetime.datetime, end: datetime.date, channel: str) -> datetime.datetime:
    """A moment one to ten days after an earlier call, or later the same day, never after the end."""
    day = created.date() + datetime.timedelta(days=rng.randint(1, 10))
    if day <= end:
        return _moment(rng, day, _hour_pick(rng, channel))
    if created.date() < end:
        return _moment(rng, end, _hour_pick(rng, channel))
    if created.hour < 23:
        return _moment(rng, end, _hour_pick(rng, channel, created.hour))
    return created


def appeals_generate(
    *,
    seed: int,
    count: int,
    start: datetime.date,
    end: datetime.date,
    categories: Sequence[CategoryRow] | None = None,
) -> list[GeneratedAppeal]:
    """A history of `count` appeals received from `start` to `end` (inclusive), oldest first; the same for a seed."""
    if end < start:
        raise ValueError(f"the history cannot end ({end}) before it starts ({start})")
    if count < 0:
        raise ValueError(f"cannot generate {count} appeals")
    rows = list(categories) if categories is not None else categories_read()
    if not rows:
        raise ValueError("no appeal categories to generate appeals for")
    rng = random.Random(f"appeal-texts/{seed}")
    plans = _surges_plan(rng, rows, count, start, end)
    appeals: list[GeneratedAppeal] = []
    for plan in plans:
        appeals += _surge_appeals(rng, plan)
    ordinary = count - len(appeals)
    repeats = int(ordinary * REPEAT_SHARE) if ordinary >= 20 else 0
    days = [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]
    cumulative = list(accumulate(_day_weight(day) for day in days))
    seasonal = _Seasonal(rows)
    told: list[tuple[GeneratedAppeal, _Context, _Caller]] = []
    fixes: list[dict[str, str]] = []
    for day in rng.choices(days, cum_weights=cumulative, k=ordinary - repeats):
        row, matter = seasonal.pick(rng, day)
        variant = _variant_pick(rng, matter.variants)
        locale = _locale_pick(rng, matter.place)
        channel = _weighted(rng, _CHANNEL_WEIGHTS)
        created = _moment(rng, day, _hour_pick(rng, channel))
        context = _Context(
            row.path, row.department, matter.frames, variant, matter.variants, _kind_for(rng, variant), locale,
            matter.place, {}, "",
        )  # fmt: skip
        caller = _caller_new(rng)
        appeal, fixed = _appeal_make(rng, context, created=created, channel=channel, caller=caller, again=False)
        told.append((appeal, context, caller))
        fixes.append(fixed)
        appeals.append(appeal)
    repeatable = [index for index, item in enumerate(told) if item[0].kind in ("complaint", "help", "report")]
    for _ in range(repeats if repeatable else 0):
        index = rng.choice(repeatable)
        first, context, caller = told[index]
        context = dataclasses.replace(context, fixed=fixes[index])
        channel = first.channel if rng.random() < 0.7 else _weighted(rng, _CHANNEL_WEIGHTS)
        created = _day_after(rng, first.created_at, end, channel)
        appeal, _context = _appeal_make(rng, context, created=created, channel=channel, caller=caller, again=True)
        appeals.append(appeal)
    appeals.sort(key=lambda appeal: appeal.created_at)
    return appeals


# -- the templates ----------------------------------------------------------------------------------------
# A block per second-level category: "== level1/level2 @place" (the kind of place its appeals are about), then
# F frames (whole appeals for complaints, help requests and reports), H what the citizen already tried, I what it
# does to them, A what they ask for; then per third-level category "-- level3 weight [season] [@place]", H/I/A
# lines of its own when the section's do not fit it, and its variants "kind subject | fact" (kind: c complaint,
# h help, q consult, r report, s suggestion). Weights are relative shares of an ordinary city's appeals (they sum
# to about 630). {I}, {we} and {my} are 我/我们/我家 online and 来电人/他们/其家 on the hotline. A line starting
# with two spaces continues the previous one. Everything here was written for this project.
_TEXTS: Final = """
== 城乡建设/物业管理 @estate
F {I}是{place}{bldg}的业主，{since}{fact}。{history}，{impact}。{ask}。
F {I}住在{place}，想反映一下物业的问题：{fact}。{history}。{ask}。
F {I}是{place}的住户，{since}{fact}，{impact}。{history}，{ask}。
F {I}在{place}住了{years}，{fact}，{impact}。{ask}。
H 找过物业{times}，每次都说马上处理，结果一直没人管
H {we}向社区反映过，社区说物业是企业，他们只能协调
H 在业主群里反映了很多次，物业一直当没看见
H 物业服务电话经常没人接，去物业办公室也找不到负责人
I 交了物业费却享受不到应有的服务
I 业主们意见很大
I 老人孩子出行很不方便
I 严重影响了{we}的正常生活
A 希望住建部门督促物业公司整改
A 请相关部门监督物业履行服务合同
A 希望有关部门管一管这家物业公司
-- 物业服务质量 24
c 物业服务差 | 小区垃圾经常两三天才清一次，楼道灯坏了半个月也没人修
c 保安形同虚设 | 小区大门的保安经常不在岗，外来人员车辆随便进出，上个月还有电动车被偷
c 绿化无人打理 | 小区绿化带的杂草长得半人高，蚊虫特别多，物业一直不安排人修剪
c 楼道卫生脏乱 | 楼道里堆满了杂物和纸箱，保洁员一个星期才来扫一次
-- 物业收费 14
c 物业费上涨不合理 | 物业今年把物业费从每平方米{fee_m2}涨到{fee_m2b}，没有开业主大会，也没有任何公示
c 物业强制收费 | 物业把门禁卡和物业费绑在一起，不交清全年费用就不给开门禁
q 物业费收费标准 | 小区属于几级物业服务，对应的物业费每平方米应该收多少，收费标准在哪里可以查到
c 公共收益不公开 | 物业出租小区电梯广告位和场地的收入从来不公布，业主不知道钱去了哪里
-- 电梯运行维护 12
c 电梯频繁故障 | {bldg}的电梯三天两头坏，{date}{clock_day}还把一位老人困在里面半个多小时
h 电梯停运无人修 | {bldg}的电梯已经停了{days}，楼里住着好几位七八十岁的老人，每天只能爬楼
c 电梯异响晃动 | {bldg}的电梯运行时晃得厉害，还有咔咔的响声，住户都不敢坐
-- 小区公共设施 10
c 小区路灯不亮 | 小区里的路灯坏了一大半，晚上黑漆漆的，已经有老人在台阶上摔倒
c 消防设施损坏 | 楼道里的消防栓没有水带，灭火器过期好几年了，物业一直不更换
c 门禁和监控损坏 | 单元门禁坏了{weeks}没人修，小区的监控也有一大半不能用
c 化粪池堵塞外溢 | 小区化粪池堵了，污水漫到路面上，整个小区臭气熏天
-- 业主委员会与维修资金 5
q 维修资金申请流程 | {bldg}楼顶漏水需要大修，想了解住宅专项维修资金怎么申请使用，需要多少业主签字同意
c 业委会成立受阻 | {we}申请成立业主委员会快一年了，街道和社区一直拖着不组织筹备
q 更换物业公司程序 | 业主对现在的物业很不满意，想问业主要更换物业公司需要走什么程序
-- 小区停车管理 8
c 停车费上涨 | 小区车位只租不售，物业把月租从{fee}涨到{fee2}，很多车只好停在消防通道上
c 外来车辆占用车位 | 物业放大量外来车辆进小区收临时停车费，业主下班回来根本找不到地方停
s 增设充电桩 | 小区里的电动汽车越来越多，地下车库却一个充电桩都没有，物业说要等业委会同意

== 城乡建设/水电气 @estate
F {I}家住{place}{bldg}，{since}{fact}。{impact}，{history}。{ask}。
F {I}是{place}的住户，{fact}。{history}。{impact}，{ask}。
F {I}住在{place}，{since}{fact}，{impact}。{ask}。
F {fact}，{place}很多住户都有同样的问题。{history}，{ask}。
H 打了客服电话{times}，只说正在排查
H 问物业，物业说不归他们管
H 社区也说不清楚什么时候能恢复
H 事先没有看到任何通知
I 家里老人小孩生活很不方便
I 做饭洗澡都成了问题
I 上班族根本没法正常生活
I 这种情况已经不是第一次了
A 希望有关部门尽快协调解决
A 请相关部门查明原因并给个说法
A 希望以后检修能提前通知
-- 停水 12 summer
c 停水没有通知 | 从{date}{clock_day}开始停水，到现在已经{hours}小时了，没有看到任何停水通知
h 停水一整天 | 整栋楼都没水了，打电话问自来水公司，说是管道爆了，但是不说什么时候修好
c 频繁停水 | 这个月已经停了{n}次水，每次都是突然没水，也没人解释原因
-- 水质水压 6 summer
c 自来水发黄有异味 | 这几天家里的自来水发黄，烧开以后有一层白色沉淀，还有一股怪味
c 高层水压不足 | {floor}层以上的住户水压太低，白天热水器都打不着火
q 二次供水水箱清洗 | 小区二次供水的水箱多久要清洗一次，清洗记录能不能向住户公开
-- 停电 10 summer
c 小区频繁停电 | 已经停了{n}次电，每次都是晚上突然停，天这么热根本没法睡觉
h 停电长时间未恢复 | {date}晚上停电到现在还没恢复，听说是变压器负荷太大烧了
c 计划停电未通知 | 供电公司计划停电，小区连一张通知都没贴，家里的电脑和冰箱都没来得及处理
-- 电压不稳 3 summer
c 电压不稳烧坏电器 | 一到晚上用电高峰电压就很低，灯一闪一闪，空调启动不了，上周还烧坏了一台冰箱
c 变压器噪声和隐患 | 楼下的箱式变压器整天嗡嗡响，夏天外壳烫手，担心有安全隐患
-- 燃气供应与安全 6 winter
H 打燃气公司电话一直占线
H 问物业，物业让{I}找燃气公司
I 一旦泄漏后果不堪设想
I 家里老人孩子都很害怕
A 请燃气主管部门尽快派人排查
A 希望有关部门督促燃气公司整改
h 楼道有燃气味 | {bldg}楼道里有很浓的燃气味，担心是管道泄漏，燃气公司的电话一直占线
c 燃气管道锈蚀老化 | 小区的燃气管道用了二十多年，外墙上的管子锈得很厉害，燃气公司说不归他们换
c 燃气压力不足 | 晚上做饭的时候燃气火特别小，热水器也经常熄火
-- 燃气开户收费 3 winter
H 问燃气公司，对方说是统一标准
H 问过物业，物业说不清楚
I 这种收费让人难以接受
I 很多业主都有意见
A 请有关部门核实收费依据
A 希望主管部门规范收费
c 燃气开户费过高 | 新房交房要开通燃气，燃气公司收{fee3}的开户费，说是管道安装费，不知道有没有依据
q 燃气过户办理 | 刚买的二手房燃气要过户，需要带什么材料，能不能在网上办
-- 小区集中供暖 2 winter
H 找物业反映过，物业说设备老化
H 供暖公司一直说在调试
I 家里老人孩子冻得受不了
I 交了钱却享受不到服务
A 请有关部门督促供暖单位整改
A 希望主管部门核实收费标准
c 供暖温度不达标 | 小区是开发商配套的集中供暖，室内温度只有十几度，供暖费却一分没少收
q 地暖供暖费标准 | 小区地暖按面积收供暖费，这个收费有没有政府定价，不用暖的能不能少交

== 城乡建设/市政设施 @road
F {fact}，{since}一直没人处理。{impact}，{ask}。
F {I}每天都要经过{place}，{fact}。{impact}。{history}，{ask}。
F {since}，{fact}，{impact}。{ask}。
F {I}是{estate}的居民，想反映{place}的问题：{fact}。{history}，{ask}。
H 打过{times}电话，一直没人来看
H 之前反映过，说已经转给了有关单位，但到现在都没修
H 附近的店主也都反映过
I 晚上骑电动车经过特别危险
I 已经有人在那里摔倒了
I 给附近居民出行带来很大不便
I 下雨天行人根本没法走
A 请城管部门尽快派人修复
A 希望相关部门尽快处理，消除安全隐患
A 请有关单位尽快维修
-- 道路破损 8
c 路面坑洼破损 | {place}靠近{road2}路口的路面坑坑洼洼，最大的坑有半米宽
c 人行道地砖松动 | {place}人行道上的地砖松了一大片，一踩就溅一身泥水
c 路面塌陷 | {place}{num}号门口的路面塌了一个坑，只用几个锥桶围着
-- 井盖缺失破损 4
h 井盖缺失 | {place}靠近{road2}的路口有个井盖不见了，只插了一根树枝提醒
c 井盖破损下沉 | {place}{num}号附近的井盖碎了一角，车子压过去哐哐响
-- 路灯不亮 5
c 路灯不亮 | {place}靠{road2}那一段的路灯晚上全都不亮，黑灯瞎火
c 路灯白天亮晚上灭 | {place}的路灯白天亮着，到了晚上反而有一半不亮
-- 排水管网堵塞 4 summer
c 下水道堵塞返臭 | {place}{num}号附近的下水道堵了，污水从井盖里冒出来，气味很难闻
c 雨水箅子堵塞 | {place}的雨水箅子被垃圾和泥沙堵死，一下雨路面就积水
-- 城市内涝 4 summer
h 路口严重积水 | 昨天一场大雨，{place}和{road2}交叉口积水到膝盖，好几辆车熄火泡在水里
c 下穿通道逢雨必淹 | {place}的下穿通道每次下大雨都积水，已经好几年了
h 雨水倒灌进家 | 大雨时雨水倒灌进{estate}的地下车库和一楼住户家里

== 城乡建设/市容秩序 @road
F {fact}，{since}越来越严重。{impact}，{ask}。
F {I}是{estate}的居民，{fact}。{history}，{impact}。{ask}。
F {since}，{fact}，{impact}。{history}。{ask}。
H 城管来了就走，走了又回来
H 跟摊主说过，他们根本不听
H 反映过{times}都没有效果
I 道路被堵得只剩一条缝
I 行人只能走到机动车道上
I 污水垃圾满地，夏天臭味特别大
I 严重影响市容
A 请城管部门加强管理
A 希望城管部门彻底整治
A 请相关部门定时巡查
-- 占道经营 12
c 流动摊贩堵路 | {school}门口每天放学时间都有十几个流动摊贩，把路口都堵死了
c 夜市占道摆摊 | {place}每天晚上都有烧烤摊占着人行道摆桌子，一直摆到{clock_night}
c 店铺出店经营 | {place}{num}号附近几家店把货物摆到人行道上，行人只能绕行
r 占道洗车修车 | {place}{num}号的汽修店长期在人行道上修车洗车，油污满地
-- 户外广告招牌 3
c 广告牌有坠落隐患 | {place}{num}号楼顶的广告牌被风吹得摇摇晃晃，随时可能掉下来
c 小广告乱贴 | {estate}各单元门口和电线杆上贴满了办证、通下水道的小广告
-- 共享单车乱停放 3
c 共享单车乱停放 | {place}公交站附近堆满了共享单车和电动车，把盲道和人行道全占了
s 划定共享单车停放区 | {place}早晚高峰共享单车乱停乱放很严重，盲道和公交站台都被堵住了

== 城乡建设/环境卫生 @road
F {fact}。{history}，{impact}。{ask}。
F {I}住在{estate}，{since}{fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{history}，{ask}。
H 打过环卫所的电话，答应来清理却迟迟没来
H 社区说已经上报了
H 反映过{times}，清理一次没几天又回到原样
I 苍蝇蚊子到处飞
I 附近居民出门都要捂着鼻子
I 影响城市形象
A 请环卫部门及时清理
A 希望城管部门加强监管
A 请相关部门尽快处理
-- 生活垃圾清运 8 summer
c 垃圾清运不及时 | {place}边上的垃圾桶满了好几天没人清运，垃圾溢得到处都是
c 垃圾站臭气扰民 | {estate}旁边的垃圾中转站每天{clock_early}就开始作业，臭味和噪声都很大
-- 垃圾分类 3
q 大件垃圾如何处理 | 家里的旧沙发、旧床垫和装修垃圾应该怎么处理，小区里没有地方放
c 分类垃圾混装混运 | {estate}居民分好类的垃圾，清运车来了又全倒在一起
-- 公共厕所 3
c 公厕脏乱 | {park}的公厕又脏又臭，洗手池的水龙头也坏了
s 增设公共厕所 | {place}一带商铺很多，方圆一公里都找不到公厕

== 城乡建设/违法建设 @estate
F {I}要举报：{fact}，{since}一直没人管。{ask}。
F {I}是{place}的业主，{fact}，{impact}。{history}，{ask}。
F {fact}。{impact}，{history}。{ask}。
H 物业劝阻过，对方根本不理
H 向社区和城管都反映过，至今没有拆除
H 打过{times}电话，说已经立案了，但一直没有动静
I 挡住了{we}的采光
I 存在很大的安全隐患
I 破坏了小区整体外观
I 占用了小区的公共空间
A 请城管执法部门依法拆除
A 希望执法部门尽快查处
A 请相关部门立即制止
-- 小区违建 6
r 一楼住户私自扩建 | {place}{bldg}一楼住户把院子围起来盖了一间砖房，还打掉了一面墙
r 占用绿地搭建棚子 | 有业主在{place}的绿地上用彩钢板搭了个棚子，在里面养鸡
-- 楼顶加建 4
r 楼顶违章加盖 | {place}{bldg}顶楼住户在楼顶加盖房子，已经砌到一人多高
c 楼顶违建导致漏水 | {place}{bldg}顶楼住户在楼顶搭了阳光房，导致楼下住户屋顶漏水
-- 沿街违章搭建 3
r 沿街搭建彩钢棚 | {road}{num}号的店铺在门口搭了彩钢棚，把人行道都圈了进去
r 临街违建车库 | {place}临街的一楼住户把车库改成门面，还往外搭了一截

== 城乡建设/园林绿化 @road
F {fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{ask}。
F {I}经常经过{place}，{fact}。{impact}，{ask}。
H 联系过园林部门，说要排期
H 社区说需要上级审批
H 反映过{times}一直没处理
I 存在安全隐患
I 附近居民很有意见
I 影响了大家的正常生活
A 请园林部门尽快处理
A 希望有关部门派人来看一看
A 请相关部门及时修复
-- 树木修剪倒伏 4 summer
c 树木遮挡采光 | {estate}{bldg}前的大樟树长得太高，把楼下几户的窗户全挡住了
h 大树倒伏压路 | 昨晚刮大风，{place}边上的一棵大树倒了，压着半边路面
c 行道树遮挡信号灯 | {place}和{road2}路口的行道树把红绿灯挡住了，开车到跟前才看得见
-- 绿地破坏侵占 2
r 绿地被毁种菜 | {park}边上的绿地被人铲掉种上了菜
r 绿化带被铲改停车 | {place}的绿化带被旁边的店家铲平用来停车
-- 公园广场管理 3
c 公园设施损坏 | {park}里的健身器材坏了好几件，长凳也断了
s 公园增加照明 | {park}晚上散步的人很多，但步道上的路灯太少，一片漆黑

== 城乡建设/住房保障 @home
F {I}住在{estate}，{fact}。{history}，{ask}。
F {fact}。{history}，{impact}，{ask}。
F {I}是{street}的居民，{fact}，{impact}。{ask}。
H 去街道问过{times}，每次说法都不一样
H 材料交上去{months}了，一直没有消息
H 打电话到住建局，说让等通知
I 一家人只能在外面租房
I 每个月房租占了工资的一大半
I {we}实在等不起了
A 希望相关部门尽快给个明确答复
A 请住建部门帮忙协调
A 希望政府能考虑{my}的实际困难
-- 公租房申请 4
h 公租房轮候时间太长 | {I}一家三口挤在一间十几平方米的出租屋里，{year}就申请了公租房，到现在还在轮候
q 公租房申请条件 | 外地户籍在本市工作满几年可以申请公租房，收入标准是多少
-- 保障房分配管理 2
r 公租房被转租 | {estate}的公租房有人转租给别人收租金，自己另外有房
c 公租房报修无人管 | {I}住的公租房卫生间漏水，报修{weeks}都没人来
-- 老旧小区改造 4
q 老旧小区改造计划 | {estate}是九十年代建的老小区，有没有列入今年的老旧小区改造计划
c 改造工程质量差 | {estate}老旧小区改造刚刷完外墙，没几个月就开始起皮脱落
s 老旧小区加装电梯 | {estate}都是七层的老楼，住的大多是老人，希望推进加装电梯并给予补贴

== 城乡建设/房地产开发 @project
F {I}在{place}买了房，{fact}。{history}，{impact}。{ask}。
F {fact}。{history}。{ask}。
F {I}是{place}的购房者，{fact}，{impact}。{ask}。
H 找开发商{times}，售楼处一直推脱
H 很多业主一起去售楼处讨说法，没有结果
H 开发商只说会尽快处理，没有任何书面答复
I {we}每个月还在还房贷
I 业主们的合法权益受到严重损害
I 一家人的积蓄都投在了这套房子上
A 请住建部门督促开发商履行合同
A 希望政府相关部门介入调查
A 请有关部门给业主一个说法
-- 延期交房 4
c 开发商延期交房 | 合同约定去年年底交房，现在已经过了{months}，开发商一直不给个说法
h 项目停工交房无望 | {place}项目已经停工{months}，工地上一个工人都没有
-- 房屋质量 4
c 新房墙体开裂渗水 | 刚收的新房墙体多处开裂，下雨天窗户四周渗水，开发商只派人刷了一遍涂料
c 精装修货不对板 | 交房的精装修用的材料和样板间完全不一样，地板和橱柜都是便宜货
-- 开发商违规销售 2
r 买房捆绑车位 | {place}售楼处要求买房必须同时买车位，否则不卖
c 网签备案拖延 | 交了首付{months}，开发商一直不给办网签备案

== 城乡建设/建筑施工 @site
F {fact}。{impact}，{ask}。
F {I}住在{estate}，就在{place}旁边，{fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{history}，{ask}。
H 跟工地的人说过，他们说是赶工期
H 打过{times}电话，没有人来管
H 之前反映过一次，整改了几天又恢复原样
I 随时可能出事故
I 周边居民和过往行人都提心吊胆
I 附近的学生上下学都要经过这里
A 请住建部门尽快检查
A 希望主管部门责令整改
A 请相关部门依法查处
-- 施工安全隐患 3
r 脚手架无防护 | {place}的脚手架没有挂防护网，工人在高处作业也不系安全带
c 塔吊越过居民楼 | {place}的塔吊吊着钢筋从{estate}的楼顶上方转来转去
-- 工程质量 2
r 工地偷工减料 | {place}浇混凝土的时候往里面加水，钢筋绑扎也很马虎
q 工程质量检测 | {I}是{place}的购房者，想问主体结构的质量检测报告在哪里可以查
-- 施工围挡占道 2
c 围挡占用人行道 | {place}的围挡往外扩了好几米，把人行道和一条车道都占了
c 工地车辆带泥上路 | {place}出来的渣土车不冲洗，{road}上全是泥

== 城乡建设/安全生产 @road
F {fact}，{impact}。{history}，{ask}。
F {I}要反映一个安全隐患：{fact}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 物业劝过几次，没有效果
H 跟当事人说过，对方不以为然
H 反映过{times}，一直没有整改
I 一旦着火后果不堪设想
I 这是很大的安全隐患
I 周边居民都很担心
A 请应急管理部门尽快检查
A 希望有关部门马上督促整改
A 请相关部门依法查处
-- 消防通道堵塞 4
r 消防通道被占用 | {estate}的消防通道长期停满私家车，真有火情消防车根本进不来
r 商场安全出口被锁 | {road}{num}号的商场把安全出口锁住了，里面还堆着货物
-- 电动车违规充电 4
r 楼道飞线充电 | {estate}{bldg}有住户从楼上拉电线下来给电动车充电
r 电动车楼道充电 | {estate}{bldg}的楼道里停满了电动车，晚上还插着电充电
-- 安全生产隐患 3
r 小作坊存放易燃物 | {road}{num}号有个加工小作坊，里面堆满了油漆和易燃物，工人还在里面抽烟
r 店内存放多个气瓶 | {road}几家小吃店在店里存放好几个液化气瓶，就放在灶台旁边

== 环境保护/噪声污染 @estate
F {I}住在{place}{bldg}，{since}{fact}。{impact}，{history}。{ask}。
F {fact}，{since}天天如此。{impact}。{ask}。
F {since}，{fact}。{history}，{impact}，{ask}。
F {I}是{place}的居民，实在忍无可忍了：{fact}。{impact}。{history}，{ask}。
H 打过110，警察来了声音小一会儿，走了又照旧
H 跟对方沟通过，对方态度很差
H 打了{times}热线，一直没有根本解决
I {my}孩子马上要考试，晚上根本没法复习
I 家里老人心脏不好，被吵得整夜睡不着
I 第二天上班一点精神都没有
I 周边好几栋楼的居民都受影响
A 请相关部门依法处理
A 希望执法人员晚上来现场检测一下
A 希望有关部门尽快处理，还居民一个安静的环境
-- 建筑施工噪声 9 exam
c 工地夜间施工扰民 | 小区旁边的{site}每天施工到{clock_night}，打桩机和搅拌车的声音震耳欲聋
c 凌晨施工噪声 | {site}经常{clock_early}就开始浇混凝土，整栋楼都被吵醒
r 工地违规夜间施工 | {site}没有办夜间施工许可，十点以后还在切割钢筋
-- 商业经营噪声 6 summer
c 酒吧噪音扰民 | 小区楼下的{bar}每天营业到凌晨，音响开得特别大
c 店铺高音喇叭 | {road}上的店铺门口放着大音箱循环播放促销广告，从早响到晚
c 烧烤店夜间喧哗 | 小区楼下的烧烤店到了{clock_night}还有客人喝酒划拳
-- 社会生活噪声 5 exam
c 广场舞音响太吵 | {park}每天晚上有人跳广场舞，音响开得特别大，一直跳到{clock_night}
c 装修噪音不守时 | 楼上住户装修，中午和周末电钻也响个不停
c 邻居深夜喧哗 | 楼上邻居经常半夜在家聚会打麻将，吵到{clock_night}
-- 空调外机及设备噪声 4 summer
c 空调外机噪声 | 对面{store}的空调外机正对着{my}卧室窗户，整晚轰隆隆地响
c 水泵房噪声 | 小区水泵房就在{bldg}地下，水泵一开整栋楼都能听到嗡嗡声

== 环境保护/大气污染 @village
F {fact}，{since}越来越严重。{impact}，{history}。{ask}。
F {I}是{estate}的居民，{fact}。{impact}。{ask}。
F {since}，{fact}，{impact}。{history}，{ask}。
H 向环保部门反映过，来检查的时候工厂就停产，检查完又开
H {we}找过社区和街道，都说管不了
H 反映了{times}，问题一直没有解决
I 窗户都不敢开
I 不少居民出现咳嗽、喉咙痛的症状
I 晾在外面的衣服都有一股味道
I 老人小孩身体受不了
A 请环保部门尽快来调查处理
A 希望生态环境部门加强监测并公开结果
A 请相关部门依法查处
-- 工业废气 4
c 工厂排放废气 | {place}附近的{plant}每天晚上排废气，空气里有一股刺鼻的味道
r 企业夜间偷排废气 | {plant}白天不开环保设备，晚上烟囱冒黑烟
-- 餐饮油烟 5 @road
c 餐馆油烟直排 | {road}上的{restaurant}没有装油烟净化器，油烟直接往楼上飘
c 烧烤油烟扰民 | {road}上的露天烧烤摊每天晚上烟雾缭绕，楼上住户都不敢开窗
-- 露天焚烧 2 winter
c 露天焚烧垃圾 | {place}有人在田边焚烧垃圾和秸秆，浓烟飘进村民家里
r 焚烧电线提炼铜 | {place}有人在空地上焚烧废电线，冒出很大的黑烟
-- 扬尘污染 4 @site
c 工地扬尘严重 | {site}土方作业不洒水也不覆盖，风一吹灰尘满天
c 搅拌站粉尘 | {village}旁边的搅拌站粉尘很大，周边房子和庄稼上都落满了灰
-- 恶臭异味 3
c 不明异味 | {estate}周边一到晚上就有一股像臭鸡蛋一样的味道
c 养殖场臭味 | {place}的{farm}臭味很重，天一热苍蝇特别多

== 环境保护/水污染 @village
F {fact}。{impact}，{history}。{ask}。
F {since}，{fact}，{impact}。{ask}。
F {my}就在{river}边上，{fact}。{history}，{ask}。
H 向村里和镇里反映过，没有下文
H 之前有人来取过水样，后来就没消息了
H 打过{times}电话都没有解决
I 河边住户夏天都不敢开窗
I 以前能洗衣服的河水现在连手都不敢碰
I 下游还有{we}的农田在用这里的水灌溉
A 请环保部门调查污染来源
A 希望有关部门尽快治理
A 请相关部门查处偷排行为
-- 河道水体污染 3 summer
c 河道发黑发臭 | {river}流经{place}这一段的河水发黑发臭，还漂着死鱼
c 河面漂浮垃圾 | {river}{place}段河面上漂满了垃圾和水葫芦
-- 企业偷排 2
r 企业暗管偷排 | {plant}在夜里通过暗管往{river}里排污水，排污口附近的水都是红色的
r 洗车店污水直排 | {road}上的洗车店把污水直接排进雨水井
-- 生活污水直排 2
c 生活污水直排入河 | {place}的生活污水没有接入管网，直接流进{river}
c 化粪池渗漏 | {estate}的化粪池渗漏，污水流进了旁边的水沟

== 环境保护/固体废物 @village
F {fact}。{history}，{impact}。{ask}。
F {since}，{fact}，{impact}。{ask}。
F {I}要反映{place}的问题：{fact}。{ask}。
H 村里说管不了
H 反映过{times}，清走一批又来一批
H 不知道该找哪个部门
I 污染了周边的土地和水源
I 臭味很重
I 周边居民意见很大
A 请环保部门依法查处
A 希望有关部门尽快清理并追究责任
A 请相关部门加强巡查
-- 建筑垃圾偷倒 3
r 偷倒建筑垃圾 | 晚上有渣土车往{place}边上的空地倾倒建筑垃圾，已经堆成了小山
c 建筑垃圾长期堆放 | {place}村口的装修垃圾和建筑废料堆了好几个月，一直没人清运
-- 工业固废危废 1
r 倾倒工业废料 | {plant}把废机油桶和污泥倒在{place}后山上
r 危险废物露天堆放 | {road}{num}号的汽修厂把废机油、废电瓶随便堆在露天
-- 畜禽养殖污染 2
c 养殖场粪污直排 | {place}的{farm}把粪水直接排到{river}里
c 养殖场离住户太近 | {farm}离{place}的住户不到一百米，臭味和苍蝇让人受不了

== 环境保护/其他污染 @estate
F {I}住在{place}{bldg}，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 找过物业，物业说是运营商的事
H 问过社区，也没有人能说清楚
H 跟对方商量过，对方不理睬
I 家里有老人和孩子，{we}很担心
I 严重影响休息
I 很多邻居都有同样的担心
A 希望环保部门来检测一下
A 请相关部门核实处理
A 希望有关部门给个权威的答复
-- 通信基站辐射 2
c 楼顶新建基站 | {bldg}楼顶新装了通信基站，{we}担心辐射影响健康
q 基站辐射检测 | {my}窗户对面就是一个基站，能不能申请做电磁辐射检测，找哪个部门
-- 光污染 1
c 广告屏强光刺眼 | {road}上新装的LED大屏亮到{clock_night}，强光直射进{place}住户家里
c 玻璃幕墙反光 | 对面新楼的玻璃幕墙下午反光特别刺眼，{my}客厅像开了探照灯

== 交通运输/公共交通 @bus
F {I}每天坐{place}上下班，{fact}。{impact}，{ask}。
F {fact}，这种情况已经不是第一次了。{impact}。{ask}。
F {fact}。{history}，{ask}。
H 打过公交公司的电话，说会反馈给线路
H 站台上不少乘客都有意见
H 在公交公司公众号留言也没有回复
I 上班族和学生出行很不方便
I 老年人出行非常不便
I {I}上班已经迟到好几次了
A 希望交通运输部门督促公交公司改进
A 请相关部门重新考虑线路安排
A 希望公交公司认真整改
-- 公交线路调整 4
c 线路调整后出行不便 | {place}调整线路后不再经过{stop}，附近{estate}的居民要走二十分钟才能坐到车
s 为小区开通公交 | {estate}附近没有一条直达市区的公交，居民出行只能打车或者骑电动车
q 公交线路调整安排 | 听说{place}要调整线路，具体什么时候调整，原来的{stop}还保不保留
-- 公交班次与准点 3
c 公交班次太少 | {place}早高峰要等四十多分钟才来一趟，来了也挤不上去
c 末班车提前收车 | {place}时刻表上写的末班车是晚上九点半，实际上经常提前半个小时就收车
-- 公交站点设置 2
s 增设公交站点 | {road}和{road2}交叉口附近有好几个小区，却没有一个公交站
c 公交站台没有顶棚 | {stop}的站台没有顶棚，下雨天乘客只能淋着雨等车
-- 公交司乘服务 3
c 公交司机开车太猛 | {date}{clock_day}{I}坐{place}，司机没等乘客站稳就急刹急开，一位老人差点摔倒
c 公交不进站停靠 | {place}经常不进站，在路中间就开门上下客

== 交通运输/出租车网约车 @road
F {fact}。{history}，{ask}。
F {I}想投诉一件事：{fact}，{impact}。{ask}。
F {fact}，{impact}。{ask}。
H 当时就跟司机理论，司机态度很蛮横
H 打过出租车公司电话，说会处理，但一直没回音
H 向平台投诉过，只退了一张优惠券
I 这样下去谁还敢坐车
I 严重影响了城市形象
I 外地游客对本地印象会很差
A 请交通运输部门严肃处理
A 希望运管部门加强监管
A 请相关部门核实后依法处理
-- 拒载绕路 3
c 出租车拒载议价 | {date}晚上{I}在{place}打车，连着几辆出租车都不打表，要一口价
c 出租车故意绕路 | {I}从火车站坐出租车到{estate}，司机故意绕路，平时二十多块钱的路程收了八十块
-- 网约车纠纷 2
c 网约车多收费 | {I}用打车软件叫的网约车，到达后被多扣了{fee_small}，平台客服一直不处理
c 网约车司机态度恶劣 | 网约车司机迟到十几分钟，还要求{I}自己取消订单，不取消就不走
-- 非法营运 2
r 黑车揽客 | {place}火车站出口长期有黑车揽客，漫天要价
r 非法营运载客三轮 | {school}门口每天有好几辆载客三轮车拉学生，车上挤得满满的

== 交通运输/道路交通管理 @road
F {fact}，{impact}。{ask}。
F {I}每天开车经过{place}，{fact}。{impact}，{history}。{ask}。
F {since}，{fact}。{impact}，{ask}。
F {I}家住{estate}，{fact}。{history}，{ask}。
H 打过122反映过
H 跟交警中队反映过，说会派人来看
H 在网上留言过一次，没有回复
I 早晚高峰经常堵成一锅粥
I 已经发生好几起剐蹭事故了
I 行人过马路非常危险
I 学生上下学很不安全
A 请交警部门尽快处理
A 希望交警部门加强管理
A 建议交警部门来现场看一看
-- 交通信号灯 4
c 红绿灯故障 | {place}与{road2}交叉口的红绿灯坏了{days}，一直闪黄灯
s 调整信号灯配时 | {place}与{road2}路口左转绿灯只有十几秒，每次只能过三四辆车
s 路口增设红绿灯 | {place}与{road2}交叉口车流量很大，却一直没有红绿灯
-- 违章停车 5
c 学校门口车辆乱停 | {place}{school}门口接送孩子的车辆乱停，把整条路都堵住了
c 人行道停满车 | {place}人行道上停满了车，行人只能走机动车道
r 大货车长期占道 | {place}{num}号门口有辆大货车长期停在路边，晚上也不开灯
-- 交通拥堵 3
c 路口拥堵严重 | {place}与{road2}路口每天早高峰都要堵一个多小时
s 优化路口交通组织 | {place}早晚高峰严重拥堵，掉头车和右转车混在一起
-- 电动自行车管理 3
q 电动车上牌 | 新买的新国标电动自行车上牌需要带什么材料，在哪里办
c 电动车逆行闯红灯 | {place}电动车逆行、闯红灯的很多，几乎没人管
-- 交通标志标线 2
c 斑马线磨损不清 | {place}{school}门口的斑马线磨得快看不见了
c 禁行标志被遮挡 | {place}有个禁止左转的标志被树挡住了，很多车因此被拍了违章

== 交通运输/公路建设养护 @village
F {fact}。{impact}，{history}。{ask}。
F {since}，{fact}，{impact}。{ask}。
F {I}是{place}的村民，{fact}。{history}，{ask}。
H 村里说要等上面安排资金
H 反映过{times}，一直没有修
H 镇里说已经上报了
I 村民出行非常困难
I 孩子上学要绕很远的路
I 农产品运不出去
A 请交通部门尽快安排维修
A 希望有关部门把这段路列入改造计划
A 请相关部门实地看一看
-- 公路破损 2
c 公路坑洼不平 | {county}去{street}的公路有好几段坑坑洼洼，车子开过去颠得厉害
c 大货车压坏路面 | 采石场的大货车每天进进出出，{place}外面的公路被压得坑坑洼洼
-- 农村公路 2
h 村道年久失修 | {place}通往镇上的村道路面坑洼，一下雨就满是泥浆
s 村道拓宽 | {place}到镇上的村道只有三米宽，会车很困难，经常堵车
-- 道路施工影响通行 2 @road
H 问过施工单位，说工期要延后
H 打过{times}电话都没有结果
I 周边店铺生意都受影响
I 早晚高峰堵得厉害
A 请交通部门督促施工单位加快进度
A 希望有关部门加强施工路段管理
c 道路施工迟迟不完工 | {place}修路已经修了{months}，围挡一直不撤，周边店铺生意都做不了
c 施工路段无警示 | {place}施工路段晚上没有警示灯，好几个人骑车摔进了沟里

== 交通运输/停车管理 @road
F {fact}。{impact}，{ask}。
F {I}家住{estate}，{fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{ask}。
H 向物业和社区反映过都没办法
H 问过收费员，收费员说是上面定的
H 打过{times}电话都没结果
I 每天回家找车位都要转好几圈
I 群众意见很大
I 不少车只好违停，又被贴罚单
A 请相关部门统筹规划停车位
A 希望有关部门规范收费
A 请相关部门尽快处理
-- 停车难 3
s 医院周边增建停车场 | {place}附近的{hospital}每天停车都要排长队，一直排到马路上
c 老小区停车难 | {estate}是老小区，没有停车场，晚上车都停在路边
-- 停车收费 2
c 路边停车收费不开票 | {place}路边停车位的收费员不给票据，收费也不按标准
c 停车场收费过高 | {hospital}的停车场停两个小时就要{fee_small}
-- 僵尸车 1
c 僵尸车占用车位 | {estate}门口路边有一辆轿车停了大半年，轮胎都瘪了

== 交通运输/车驾管与驾培 @home
F {fact}。{history}，{ask}。
F {I}是{county}人，{fact}。{ask}。
F {fact}，{impact}。{history}，{ask}。
H 找驾校负责人谈了{times}，一直推脱
H 问过窗口工作人员，说法不一
H 打过客服电话都没有结果
I {I}的合法权益受到损害
I 来回跑了好几趟
I 耽误了不少时间
A 请交通运输部门督促驾校处理
A 希望相关部门给予解答
A 请相关部门核实处理
-- 驾校培训退费 2
c 驾校拒不退费 | {I}在{driving_school}报名交了{fee3}学费，因为工作调动想退学，驾校一分钱都不退
c 驾校约车难 | {driving_school}学员太多，约一次练车要等{weeks}
-- 驾驶证与违法处理 2
q 驾驶证异地换证 | 驾驶证快到期了，人在外地，能不能异地换证，需不需要体检
q 外省违章本地处理 | 车子在外省有一条违章记录，能不能在本地处理

== 教育文体/义务教育 @school
F {I}是{place}的学生家长，{fact}。{impact}，{ask}。
F {I}家住{estate}，{fact}。{history}，{ask}。
F {fact}。{history}。{impact}，{ask}。
H 去学校问过，学校说要等教育局通知
H 打过教育局电话，只说按政策执行
H 家长群里很多家长都有同样的疑问
I 家长们都很着急
I 孩子的上学问题不能再拖了
I 家长们意见很大
A 希望教育部门给个明确答复
A 请教育局核实处理
A 希望教育部门公平公正地处理
-- 招生入学 5 school
q 随迁子女入学材料 | {I}是外地户籍，在{estate}租房住了三年，孩子今年上一年级，随迁子女入学需要什么材料
h 孩子入学没有学位 | 孩子今年小学入学，按学区应该读{place}，学校却说学位已满，让孩子去很远的学校
q 一年级报名时间 | {place}今年一年级什么时候报名，网上登记需要准备哪些材料
-- 学区划分 3 school
c 学区划分不合理 | {estate}今年被划出了{place}的学区，新划的学校离家有三公里
q 小区所属学区 | {estate}属于哪个学校的学区，今年会不会调整
-- 转学插班 2 school
h 孩子转学难 | {I}工作调到{county}，孩子要从外地转来读{grade}，问了几所学校都说没有学位
q 转学手续 | 孩子要从{place}转到外省读书，需要办哪些手续
-- 教师师德 2
c 老师体罚辱骂学生 | {place}{grade}有老师经常罚学生站一整节课，还当着全班同学的面骂人
r 在职教师有偿补课 | {place}有老师在外面开补习班，还暗示学生去报名

== 教育文体/学前教育 @kindergarten
F {I}是{place}的家长，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}家住{estate}，{fact}。{impact}，{history}，{ask}。
H 跟园长反映过，园长说是上面定的
H 家长们一起去找过幼儿园，没有结果
H 打过教育局电话，让{I}找幼儿园
I 家长们都很担心
I 双职工家庭根本没人带孩子
I 一个月的费用比{I}的房贷还高
A 请教育部门核实处理
A 希望教育局加强监管
A 希望有关部门想想办法
-- 入园难 2 school
h 公办园报名没摇上 | 孩子今年三岁，附近只有一所公办幼儿园，报了名却没有摇上号
s 增加公办幼儿园学位 | {estate}周边几个小区只有一所公办幼儿园，每年报名都挤破头
-- 幼儿园收费 2 school
c 幼儿园乱涨价 | {place}新学期保教费从每月{fee}涨到{fee2}，还额外收兴趣班费用
q 幼儿园退费标准 | 孩子生病请假一个月，{place}说伙食费不能退，幼儿园的退费标准是什么
-- 幼儿园安全管理 1
c 幼儿园设施有隐患 | {place}的滑梯有好几处开裂，老师也不管，孩子照样在上面玩
c 幼儿园老师不当管教 | 孩子回家说在{place}被老师关在小黑屋里，吓得晚上做噩梦

== 教育文体/校外培训 @training
F {fact}。{history}，{impact}。{ask}。
F {I}是一名学生家长，{fact}，{history}。{ask}。
F {since}，{fact}，{impact}。{ask}。
H 找机构负责人要了{times}，一直说在想办法
H 机构门口贴了张通知就再也没人了
H 家长们建了群，都联系不上老板
I 受影响的家长有几十个
I 这笔钱对{my}来说不是小数目
I 孩子的学习也被耽误了
A 请教育部门督促机构退费
A 希望有关部门帮家长追回学费
A 请相关部门依法查处
-- 培训机构退费 3
h 培训机构关门不退费 | {I}给孩子在{place}报了一年的课，交了{fee3}，现在机构突然关门，老板联系不上
c 培训机构拒绝退费 | 孩子在{place}只上了几节课，想退剩下的课时费，机构找各种理由不退
-- 违规办学培训 2
r 民房无证补习班 | {estate}里有人在民房里开补习班，一个房间挤了二十几个学生
r 违规开展学科培训 | {place}周末在偷偷开设语文数学的学科类培训班

== 教育文体/教育收费 @school
F {I}是{place}的学生家长，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 家长们私下都有意见，但不敢跟老师提
H 问过班主任，说是学校统一要求
H 学校没有给任何收费依据
I 家长们负担很重
I 这种做法明显不合规
I 家长们敢怒不敢言
A 请教育部门核查
A 希望教育局规范学校收费
A 请相关部门查处违规收费
-- 学校乱收费 3 school
c 学校乱收费 | {place}开学要求每个学生交{fee}的校服费和资料费，没有开任何收据
q 学校收费标准 | {place}收取的住宿费和代办费有没有统一标准，在哪里可以查到
-- 教辅资料征订 1 school
c 强制征订教辅 | {place}老师要求学生必须买指定的教辅资料，不买的要在班上点名
-- 课后服务与午托 2 school
c 课后服务变相强制 | {place}的课后服务说是自愿，但老师说不参加的孩子下午四点前必须接走
q 课后服务收费依据 | {place}课后服务每学期收{fee}，收费标准是谁定的

== 教育文体/学校管理 @school
F {I}是{place}的学生家长，{fact}。{impact}，{ask}。
F {fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{history}，{ask}。
H 跟班主任反映过，没有改善
H 找过学校领导，说会研究
H 家长们在群里反映了好几次
I 孩子的身心健康受到影响
I 家长们很担心
I 孩子每天回家都闷闷不乐
A 请教育部门督促学校整改
A 希望教育局调查处理
A 希望有关部门重视
-- 校园安全 2
c 校门口交通混乱 | {place}门口放学时车多人多，没有人维持秩序，孩子好几次差点被车刮到
c 校园欺凌处理不当 | {I}的孩子在{place}多次被同学欺负，老师只是让双方握手言和
-- 学校食堂 2
c 食堂饭菜质量差 | 孩子说{place}食堂的饭菜经常是凉的，还吃出过头发
r 食堂食材不新鲜 | {place}食堂用的肉有异味，还有学生吃完拉肚子
-- 学生课业负担 2
c 作业太多睡眠不足 | {place}{grade}每天的作业要写到晚上十一点多
c 假期强制补课 | {place}放假期间组织学生到校补课，还按天收费
-- 校车接送 1 school
c 校车超载 | 接送{place}学生的校车经常超载，座位上挤了三四个孩子

== 教育文体/文化体育 @park
F {fact}。{impact}，{ask}。
F {I}是{estate}的居民，{fact}。{ask}。
F {since}，{fact}。{history}，{ask}。
H 向街道反映过，说没有经费
H 问过场馆工作人员，说是上面的规定
H 反映过{times}都没有变化
I 群众的文化体育需求得不到满足
I 大家都很失望
I 影响了周边居民的生活
A 希望有关部门重视
A 请相关部门研究解决
A 请相关部门依法查处
-- 公共体育设施 2
s 增设健身场地 | {street}连一个像样的篮球场都没有，年轻人下班后没地方运动
c 体育馆开放时间太短 | {county}体育馆说是免费开放，但每天只开放两个小时
-- 公共文化场馆 1
s 图书馆延长开放时间 | 市图书馆晚上六点就关门，上班族根本没时间去
c 文化站活动室被挪用 | {street}文化站的活动室长期被挪作他用，老年人没地方活动
-- 娱乐场所管理 2 @road
H 跟店里说过，对方根本不理
H 反映过{times}，照样营业
I 孩子们的学习和身体都受影响
I 周边居民深受其扰
A 请文旅部门依法查处
A 希望执法部门加强检查
r 网吧接纳未成年人 | {road}{num}号的网吧经常让未成年人进去上网，还通宵营业
r 棋牌室无证营业 | {road}{num}号的棋牌室没有任何证照，营业到深夜

== 劳动和社会保障/劳动关系 @company
F {I}在{place}工作，{fact}。{history}，{impact}。{ask}。
F {fact}。{history}。{impact}，{ask}。
F {I}是{place}的员工，{fact}，{impact}。{ask}。
F {I}是外地来打工的，{fact}，{history}，{ask}。
H 找公司负责人谈了{times}，对方一直推脱
H 去劳动监察大队反映过，说会约谈公司
H 公司人事说这是公司的规定
I {I}的合法权益受到了侵害
I 很多同事都是同样的情况
I 大家敢怒不敢言
A 请人社部门依法处理
A 希望劳动监察部门尽快介入
A 请相关部门为{we}讨个说法
-- 拖欠工资 18 presf
H 找老板要了{times}，一直推说资金紧张
H 公司负责人现在连电话都不接了
H 去劳动监察大队反映过，说会约谈公司
I 一家老小都等着这笔钱过日子
I 孩子的学费都交不上了
I 房租已经欠了两个月
I {I}现在连吃饭都成问题
A 恳请人社部门帮忙追讨工资
A 希望劳动监察部门尽快介入
A 请相关部门为{we}讨个说法
h 拖欠工资 | 公司已经{months}没发工资了，{I}一共被欠了{wage}
h 离职后工资不结算 | {I}从公司离职{months}了，最后两个月的工资{wage}一直不给结
c 工资被无故克扣 | 公司以各种理由克扣工资，上个月只发了一半
-- 农民工工资 12 presf @site
H 包工头说要等上面的工程款下来才能发
H 找项目部要了{times}，项目部说钱已经付给包工头了
H 包工头现在电话都打不通
I 快过年了，连回家的路费都没有
I 家里老人孩子都等着这笔钱
I 工友们只能在工棚里干等着
A 恳请人社部门帮{we}讨回工钱
A 请劳动监察部门尽快介入
A 希望政府帮农民工做主
h 农民工工资被拖欠 | {we}{n_people}工友在{place}干活，工钱一共{wage_big}到现在都没结
h 包工头拖欠工钱 | {I}跟着包工头在{place}做了{months}的木工，工钱{wage}一直拖着不给
h 完工后工资未结清 | {place}已经完工{months}，{we}的工资还没有结清，包工头说开发商没给钱
-- 劳动合同 4
c 不签劳动合同 | {I}在公司上班{months}了，公司一直不跟{I}签劳动合同
q 试用期期限 | 签了三年的劳动合同，公司规定试用期一年，这样合不合法
-- 解除劳动合同补偿 4
h 被辞退没有补偿 | {I}在公司干了{years}，公司突然口头通知辞退，一分钱补偿都不给
q 搬迁不去能否要补偿 | 公司要搬到外地去，不愿意去的员工公司说按自动离职处理，这种情况能不能要经济补偿
-- 加班与休假 3
c 强制加班无加班费 | 公司每天要求加班到晚上九点，周末也经常加班，从来没有加班费
q 带薪年休假规定 | {I}参加工作满{years}了，单位说没有年休假，年休假到底是怎么规定的

== 劳动和社会保障/养老保险 @home
F {fact}。{history}，{ask}。
F {I}是{county}人，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
H 去社保窗口问过{times}，每次要的材料都不一样
H 打社保服务电话一直占线
H 单位说已经报上去了，一直没有结果
I {I}年纪大了，来回跑实在不方便
I 这关系到{I}退休以后的生活
I 家里的生活开支就靠这笔钱
A 请社保部门帮忙查一下
A 希望社保中心给个明确答复
A 请相关部门帮忙解决
-- 参保缴费 7
q 灵活就业养老保险缴费 | {I}现在是灵活就业人员，养老保险每个月最低交多少，能不能在手机上交
q 断缴后能否补缴 | {I}以前在企业交了{years}社保，中间断了两年，现在还能不能补缴
c 单位未缴社保 | {I}在{company}上班{months}了，查社保才发现公司一直没给交
-- 养老金待遇 4
q 养老金调整发放时间 | 今年的养老金调整什么时候发放到账，像{kin}这种情况能涨多少
c 养老金少发 | {kin}这个月的养老金少发了{fee}，不知道是什么原因
-- 社保转移接续 3
q 社保跨省转移 | {I}以前在外省交了{years}社保，现在回本市工作，社保关系怎么转过来
h 社保转移久拖不办 | {I}的养老保险转移申请已经提交{months}了，网上一直显示审核中
-- 退休审批 3
q 退休手续办理 | {I}明年到退休年龄，退休手续需要提前多久办，要准备哪些材料
h 档案出生日期不一致 | {I}档案里的出生日期和身份证上的不一致，社保说退休要往后推

== 劳动和社会保障/医疗保险 @home
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}是{street}的居民，{fact}。{ask}。
H 去医保窗口问过，让等通知
H 打医保服务电话没人接
H 在网上查不到办理进度
I 家里为了看病已经借了不少钱
I {we}一家都指望这笔报销
I 老人每个月的药费负担很重
A 请医保部门帮忙核实
A 希望医保局给予解答
A 请相关部门尽快处理
-- 医保报销 4
q 住院费用报销比例 | {kin}在{hospital}住院花了{amount}，城乡居民医保能报销多少
c 医保报销迟迟不到账 | {kin}在外地住院的费用{months}前就交了报销材料，到现在还没到账
-- 异地就医备案 3
q 异地就医备案办理 | {I}长期在外省工作，异地就医备案怎么办，能不能在手机上操作
c 异地住院不能直接结算 | {I}已经办了异地就医备案，在外地住院出院时还是不能直接结算
-- 城乡居民医保缴费 3
q 居民医保缴费时间 | 明年的城乡居民医保什么时候开始交，每人交多少钱，在哪里交
c 居民医保年年涨 | 居民医保每年都在涨，{my}五口人交医保就要好几千块
-- 门诊慢特病 2
q 门诊慢特病申请 | {kin}有高血压和糖尿病，门诊慢特病怎么申请，需要哪些病历材料
c 慢病用药配不到 | {hospital}门诊慢特病需要的药经常缺货，只能去外面药店自费买

== 劳动和社会保障/其他社会保险 @home
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}是{county}的参保人，{fact}。{history}，{ask}。
H 去窗口问过{times}，说还在审核
H 公司说材料已经交了，让{I}自己去问
H 打电话一直没人接
I 家里现在没有收入
I 看病吃药都要花钱
I 孩子还小，家里开支很大
A 请社保部门尽快处理
A 希望相关部门帮忙协调
A 请有关部门给予解答
-- 失业保险金 2
q 失业金申领 | {I}上个月被公司辞退，交了{years}失业保险，失业金怎么申领
c 申领失业金被拒 | {I}申请失业金，窗口说{I}是自己辞职的不符合条件，可{I}是被公司逼着写的辞职信
-- 工伤认定与待遇 2
h 老板不承认工伤 | {I}在{site}干活的时候从架子上摔下来骨折了，老板不承认是工伤
q 上下班途中工伤认定 | {I}上班路上出了交通事故，这种情况算不算工伤，申请认定有没有时间限制
-- 生育津贴 2
q 生育津贴申领 | {I}刚生完孩子，生育津贴怎么申请，多久能到账
c 生育津贴迟迟未发 | 生育津贴申请已经{months}了，公司说社保还没拨下来

== 劳动和社会保障/就业创业 @home
F {fact}。{ask}。
F {I}是{county}人，{fact}，{history}。{ask}。
F {fact}，{impact}。{history}，{ask}。
H 去人社窗口问过，说要等通知
H 在网上找了很久都没找到相关政策
H 打过电话，对方让{I}去找别的部门
I {I}现在急需找到工作
I 家里的生活压力很大
I 白白浪费了时间和钱
A 请人社部门给予解答
A 希望有关部门帮忙
A 请相关部门依法查处
-- 就业补贴 2
q 高校毕业生就业补贴 | {I}是今年的高校毕业生，找工作有没有求职创业补贴，怎么申请
q 灵活就业社保补贴 | {I}现在灵活就业，听说就业困难人员有社保补贴，需要什么条件
-- 创业担保贷款 1
q 创业担保贷款条件 | {I}想在{road}开一家小吃店，听说有创业担保贷款，需要什么条件
-- 职业技能培训 1
q 免费技能培训 | {I}想学电工，人社部门有没有免费的职业技能培训
c 培训补贴不兑现 | {I}参加了政府补贴的技能培训，说好的补贴到现在都没发
-- 招聘与职业中介 2
c 黑中介骗取介绍费 | {I}在{road}一家职业中介交了{fee}介绍费，介绍的工作根本不存在
r 招聘虚假承诺 | {company}招聘时承诺月薪过万，入职后才发现底薪只有两千多

== 劳动和社会保障/人事人才 @home
F {fact}。{ask}。
F {fact}，{history}。{ask}。
F {I}是{county}的一名考生，{fact}，{impact}。{ask}。
H 在官网上没有找到相关通知
H 打过人社局电话，说要等通知
H 问过单位人事部门，他们也不清楚
I 很多考生都有同样的疑问
I 这关系到{I}的切身利益
I 希望能公平对待
A 请人社部门给予解答
A 希望有关部门给个明确说法
A 请相关部门核实落实
-- 事业单位招聘 2
q 事业单位招聘报名 | 今年的事业单位招聘考试什么时候报名，专业要求在哪里查
c 招聘条件设置不合理 | {county}事业单位招聘公告要求本地户籍，外地考生没法报名
-- 职称评审 1
q 民企人员职称申报 | {I}是民营企业的工程师，中级职称怎么申报
c 职称证书迟迟未发 | 职称评审结果公示{months}了，证书一直没发下来

== 商贸旅游/消费维权 @shop
F {fact}。{history}，{impact}。{ask}。
F {I}是一名普通消费者，{fact}。{history}。{ask}。
F {since}，{fact}，{history}。{ask}。
F {fact}，{impact}。{ask}。
H 找商家协商了{times}，商家一直推脱
H 打过商家的客服电话，说要请示领导
H 商家态度很强硬，说有本事去告
I {I}的合法权益受到了侵害
I 这不是{I}一个人的问题，很多消费者都遇到了
I 这种做法明显是欺负消费者
A 请市场监管部门帮忙调解
A 希望有关部门维护消费者权益
A 请相关部门依法查处
-- 预付卡退费 7
h 健身房关门不退卡 | {I}在{gym}办了一张年卡，花了{fee3}，才用了{months}健身房就关门了
c 美容院预付卡难退 | {I}在{salon}充值了{fee3}，现在店里要转让，剩下的钱不给退
c 充值后偷偷涨价 | {I}在{salon}充了卡，充完没多久所有项目都涨了价
-- 网购纠纷 4
c 网购商品不发货 | {I}在网上一家本地店铺买了{item}，付款{weeks}了还不发货
c 直播间买到假货 | {I}在一个本地商家的直播间买的{item}是假货，商家拒绝退款
-- 商品质量 4
c 商品质量问题 | {I}在{store}买的{item}用了不到一个月就坏了，商家说不在保修范围
c 家具甲醛味刺鼻 | {I}在{road}的家具城买的衣柜有很重的甲醛味，放了两个月都散不掉
-- 售后服务 3
c 售后维修推诿 | {I}买的{item}坏了，送修{weeks}了还没修好，商家和厂家互相推
c 装修公司拖延工期 | {my}装修合同签的两个月完工，现在三个多月了还没完
-- 虚假宣传 2
r 保健品虚假宣传 | {road}{num}号有一家店天天给老人开讲座，把保健品说成能治病的药
r 先涨价后打折 | {store}搞促销先把价格提上去再打折，比平时还贵

== 商贸旅游/食品安全 @shop
F {fact}。{history}，{ask}。
F {date}{fact}，{impact}。{ask}。
F {I}要反映一个食品安全问题：{fact}。{impact}，{ask}。
H 当场找了店里，店里只说给{I}换一份
H 跟老板理论，老板说{I}故意找茬
H 反映过{times}，店里照样营业
I 吃坏了身体谁来负责
I 这关系到老百姓的身体健康
I 附近很多孩子在这里买东西吃
A 请市场监管部门检查处理
A 希望有关部门严肃查处
A 请相关部门加强监管
-- 餐饮卫生 4
c 菜里吃出虫子 | {I}在{restaurant}吃饭，菜里吃出了一只虫子
c 就餐后腹泻 | {I}和家人在{restaurant}吃完饭，回家后都开始拉肚子
r 后厨卫生脏乱 | {restaurant}的后厨苍蝇乱飞，员工也不戴帽子口罩
-- 过期变质食品 3
c 超市卖过期食品 | {I}在{store}买的牛奶已经过期{days}了，货架上还有好几盒
c 熟食变质 | {I}在{market}买的熟食回家一看已经变质发酸
-- 无证生产经营 2
r 无证食品小作坊 | {village}有个无证小作坊在做豆腐和米粉，里面非常脏
r 校门口三无食品 | {school}门口有流动摊贩卖三无辣条和饮料

== 商贸旅游/价格监管 @market
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}经常到{place}买东西，{fact}。{impact}，{ask}。
H 当场找商家理论，商家不承认
H 跟市场管理处反映过，没有处理
H 反映过{times}，还是老样子
I 这种做法坑的都是老百姓
I 老人家最容易上当
I 损害了消费者的利益
A 请市场监管部门查处
A 希望有关部门加强价格监管
A 请相关部门核实处理
-- 价格欺诈 3
c 缺斤短两 | {place}有摊贩缺斤短两，{I}买的两斤排骨回家一称只有一斤半
c 停车场乱收费 | {hospital}附近的停车场收费不公示标准，看车收钱
-- 明码标价 2
c 商品不标价格 | {road}上的几家水果店都不标价格，看人要价
c 结账价与标价不符 | {store}货架上标的价格和结账时的价格不一样

== 商贸旅游/特种设备 @estate
F {fact}。{history}，{ask}。
F {I}住在{place}，{fact}，{impact}。{ask}。
F {fact}，{impact}。{history}，{ask}。
H 跟物业反映过，物业说在走流程
H 打过维保单位的电话，说会派人来
H 反映过{times}都没有解决
I 大家每天都提心吊胆
I 随时可能发生事故
I 老人孩子都不敢一个人坐电梯
A 请市场监管部门尽快检查
A 希望特种设备监管部门介入
A 请相关部门督促整改
-- 电梯安全隐患 3
r 电梯检验合格证过期 | {place}{bldg}电梯的检验合格证已经过期{months}了，还在照常运行
h 电梯反复困人 | {place}{bldg}的电梯{date}又困人了，困了四十多分钟救援人员才到
-- 气瓶安全 1 @village
H 跟送气的人说过，对方说一直都是这样
H 向村里反映过，村里说不归他们管
I 一旦爆炸后果不堪设想
I 周边住户都很害怕
A 请市场监管部门依法查处
A 希望有关部门加强气瓶安全检查
r 违规充装液化气瓶 | {place}有个点在违规给液化气瓶灌气，旁边就是民房
c 气瓶没有检验标识 | 送气的人送来的液化气瓶上没有检验标签，瓶身锈得很厉害

== 商贸旅游/旅游市场 @home
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}是外地来的游客，{fact}。{impact}，{ask}。
H 当场找过景区工作人员，没人理
H 跟旅行社交涉了{times}，没有结果
H 拨打过景区投诉电话，一直没人接
I 好好的一趟旅行被搞得很扫兴
I 严重影响了本地旅游形象
I 带着老人小孩实在太折腾
A 请文旅部门调查处理
A 希望有关部门加强旅游市场管理
A 请相关部门督促退费
-- 景区服务管理 2 summer
c 景区服务差乱收费 | {date}{I}带家人去{scenic}游玩，停车场乱收费，进门排队排了两个小时
s 景区增加服务设施 | {scenic}节假日游客很多，但厕所和休息座椅太少
-- 旅行社合同纠纷 1
c 旅行社擅自变更行程 | {I}报了{travel}的旅游团，旅行社擅自取消了两个景点，也不退差价
c 旅行社不退团费 | {I}因为身体原因提前一周取消行程，{travel}只肯退一半团费

== 商贸旅游/商贸流通 @market
F {fact}。{impact}，{ask}。
F {I}家住{estate}，{fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{ask}。
H 跟管理处说过，没有用
H 反映过{times}都没有改善
H 市场说正在计划改造
I 附近几个小区的居民每天都要来这里
I 老人很容易滑倒
I 消费者意见很大
A 请商务部门督促改进
A 希望有关部门尽快整改
A 请相关部门加强管理
-- 农贸市场管理 2
c 菜市场环境脏乱 | {place}里面污水横流，地面又湿又滑，垃圾也没人清
s 菜市场改造提升 | {place}建了二十多年，设施老旧，顶棚漏雨
-- 商场超市经营 1 @shop
c 超市收银排长队 | {store}周末只开两三个收银台，结账要排半个多小时
c 送货车占道卸货 | {store}的送货车每天早上占着路口卸货，附近交通堵得厉害
-- 加油站服务 1 @road
c 加油站加油不足量 | {I}在{place}上的加油站加了{fee_small}的油，仪表盘显示明显不够数
c 加油站强制搭售 | {place}上的加油站加油要求先充值办卡，不充值就不给开发票

== 商贸旅游/市场主体登记 @home
F {fact}。{ask}。
F {I}是{county}的个体户，{fact}。{history}，{ask}。
F {fact}，{history}。{ask}。
H 在网上提交了{times}，都被退回
H 去窗口问过，工作人员说得不清楚
H 打电话咨询，对方让{I}去网上看
I 耽误了开业
I 来回跑了好几趟
I 店面房租每天都在交
A 请市场监管部门给予解答
A 希望有关部门提供指导
A 请相关部门帮忙
-- 营业执照办理 2
q 个体户营业执照办理 | {I}想在{road}开一家奶茶店，个体工商户营业执照怎么办，网上能不能办
q 增加经营范围 | 营业执照上要增加经营范围，需要带什么材料
-- 企业注销与变更 1
q 公司简易注销条件 | {I}的小公司已经不经营了，简易注销需要满足什么条件
c 注销材料反复退回 | 公司注销材料交了好几次都被退回，每次说的问题都不一样

== 卫生计生/医疗服务 @hospital
F {fact}。{history}，{ask}。
F {I}想反映{place}的问题：{fact}。{impact}，{ask}。
F {since}，{fact}，{impact}。{ask}。
F {fact}，{history}。{impact}，{ask}。
H 向医院投诉办反映过，只说会调查
H 当时就找了科室主任，没有结果
H 打医院电话没人接
I 病人本来就难受，还要受这种气
I 这样的服务让老百姓寒心
I 差点耽误了病人的治疗
A 请卫健部门调查处理
A 希望卫健部门加强对医院的管理
A 请相关部门给个说法
-- 服务态度 4.8
c 医生态度恶劣 | {I}带{kin}到{place}看病，医生很不耐烦，问两句就开始训人
c 护士呼叫不应 | {kin}在{place}住院，按了呼叫铃二十多分钟都没有护士来
-- 医疗纠纷 3.2
h 术后并发症无人负责 | {kin}在{place}做了手术，术后出现严重感染，医院不承认有责任
c 误诊耽误治疗 | {kin}在{place}被诊断成普通胃炎，后来到省城医院才确诊是胃癌
-- 看病难挂号难 3.2
c 专家号挂不上 | {place}的专家号网上一放出来就没了，现场也挂不到
c 各环节排长队 | 在{place}看一次病，挂号、缴费、检查每个环节都要排长队
-- 医院收费 3.2
c 住院重复收费 | {kin}在{place}住院，费用清单里有好几项重复收费
c 过度检查 | 带孩子到{place}看感冒，医生开了{fee2}的检查

== 卫生计生/公共卫生 @estate
F {fact}。{history}，{ask}。
F {I}是{street}的居民，{fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 跟物业说过，物业说没有经费
H 问过社区卫生服务中心，说要统一安排
H 反映过{times}，一直没有消杀
I 家里有小孩，很担心传染疾病
I 老人孩子被咬得浑身是包
I 居民都很担心
A 请卫健部门安排处理
A 希望有关部门尽快消杀
A 请相关部门给予解答
-- 疫苗接种 3.2 @clinic
H 打接种门诊电话一直占线
H 问过工作人员，说人手不够
I 带着小孩排那么久实在折腾
I 家长们都很着急
A 请卫健部门优化预约安排
A 希望有关部门给予解答
q 疫苗接种预约 | 孩子{age_child}了，{place}的预防接种门诊在哪里预约，要带什么
c 接种门诊排队太久 | {place}的预防接种门诊每次都要排两三个小时
-- 传染病防控 1.6 @school
H 问过班主任，说按规定处理
H 学校没有发任何通知
I 家长们都很担心
I 班上的孩子都在一个教室
A 请卫健部门指导学校做好防控
A 希望有关部门给予解答
q 学校传染病防控 | {place}班上有学生得了水痘，学校有没有消毒和隔离措施
c 疑似疫情无人处置 | {place}有好几个学生发烧请假，家长担心是流感，学校没有任何说明
-- 病媒生物防制 3.2 summer
c 老鼠蟑螂泛滥 | {place}最近老鼠特别多，晚上在垃圾桶边上成群结队
c 蚊虫滋生需要消杀 | {place}旁边的水沟里蚊子成群，一到傍晚就没法出门

== 卫生计生/妇幼与生育 @home
F {fact}。{ask}。
F {fact}，{history}。{ask}。
F {I}住在{estate}，{fact}。{impact}，{ask}。
H 去医院问过，医院让去卫健委问
H 在网上没有查到办理流程
H 问过社区，社区也不清楚
I 孩子上户口和打疫苗都要用
I 双职工家庭实在没人带孩子
I 来回跑了很多趟
A 请卫健部门给予解答
A 希望有关部门尽快办理
A 请相关部门帮忙
-- 生育登记与服务 3.2
q 外地户籍生育登记 | {I}和爱人都是外地户籍，孩子在本市出生，生育登记在哪里办
-- 出生医学证明 1.6
q 出生医学证明补办 | 孩子的出生医学证明弄丢了，怎么补办，需要什么材料
c 出生证明信息错误 | 孩子的出生医学证明上母亲的名字打错了一个字，医院说要排队改
-- 育儿补贴与托育 3.2
q 育儿补贴申领 | 听说生二孩三孩有育儿补贴，怎么申领，什么时候发
s 增加普惠托育机构 | {estate}周边没有一家普惠托育机构，私立托育一个月要四五千

== 卫生计生/医疗机构监管 @road
F {fact}。{ask}。
F {I}要反映一个问题：{fact}，{impact}。{ask}。
F {fact}，{history}。{impact}，{ask}。
H 找店里理论，对方说有资质
H 反映过{times}，一直照常营业
H 不知道该找哪个部门
I 出了事谁负责
I 这是在拿群众的健康冒险
I 已经有好几个人上当了
A 请卫健部门依法查处
A 希望有关部门严厉打击
A 请相关部门核实处理
-- 非法行医 1.6 @village
r 无证诊所打针输液 | {place}有人在自己家里开诊所，给人打针挂水，没有任何资质
r 美容店非法注射 | {road}{num}号的美容店在给顾客打玻尿酸
-- 医疗美容 1.6
c 医美手术效果纠纷 | {I}在{road}一家医美机构做了双眼皮，两只眼睛一大一小，机构不肯负责
-- 药店与药品 1.6
c 药店药价偏高 | {place}上的药店同一种药比别的地方贵了一倍
r 药店无处方卖处方药 | {place}上的一家药店不用处方就卖抗生素

== 卫生计生/基层卫生 @clinic
F {fact}。{ask}。
F {I}是{estate}的居民，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
H 去卫生院问过，说人手不够
H 打过家庭医生的电话，没人接
H 跟社区反映过，没有回音
I 村里老人看病很不方便
I 晚上有个急病都找不到医生
I 签约服务形同虚设
A 请卫健部门加强基层医疗力量
A 希望有关部门给予解答
A 请相关部门核实处理
-- 家庭医生签约 1.6 @home
q 家庭医生签约办理 | {kin}今年{age}，家庭医生签约怎么办，有哪些服务
c 家庭医生只签约不服务 | {kin}签了家庭医生，一年下来一次随访都没有
-- 乡镇卫生院服务 1.6
c 卫生院夜间无医生 | {place}只有几个医生，晚上连值班医生都找不到
s 卫生院增设儿科 | {place}没有儿科，孩子生病只能跑到城里去看

== 民政/社会救助 @home
F {I}是{street}{estate}的居民，{fact}。{history}，{ask}。
F {fact}。{history}。{impact}，{ask}。
F {fact}，{impact}。{ask}。
H 去社区问过，社区说名额有限
H 材料交到街道{months}了，一直没有下文
H 找过民政所，工作人员让回去等通知
I 家里实在是困难
I 一家人的生活全靠这点钱
I 老人年纪大了经不起折腾
A 希望民政部门帮忙核实
A 恳请政府给予帮助
A 请相关部门给个答复
-- 低保申请 3.9
h 申请低保被拒 | {I}丈夫去年中风瘫痪在床，家里没有收入，申请低保却被告知不符合条件
q 独居老人低保申请 | {kin}一个人住，没有退休金，能不能申请低保，需要什么材料
-- 特困供养 1.3
h 孤寡老人无人照料 | {village}有一位{age}的孤寡老人，一个人住在漏雨的老房子里
q 特困人员供养申请 | {kin}没有子女，特困人员供养怎么申请
-- 临时救助 1.3
h 家中失火急需救助 | {my}前几天失火，房子烧得不能住了，一家人现在借住在亲戚家

== 民政/养老服务 @home
F {fact}。{history}，{ask}。
F {I}住在{estate}，{fact}。{impact}，{ask}。
F {fact}，{impact}。{ask}。
H 找过养老院负责人，对方态度敷衍
H 去社区问过，说正在统计
H 打民政局电话问过，说还在核对
I 老人年纪大了，身边不能离人
I 子女都在外地，照顾不过来
I 老人家心里很难受
A 请民政部门核实处理
A 希望有关部门加强监管
A 请相关部门给予解答
-- 养老机构 1.3
c 养老院护理不到位 | {kin}住在{nursing}，护工经常不给老人换洗衣物，身上长了褥疮
q 公办养老院入住条件 | {kin}今年{age}了，想了解公办养老院的入住条件和收费标准
-- 高龄津贴 2.6
q 高龄津贴申领 | {kin}今年刚满80周岁，高龄津贴怎么申领
c 高龄津贴停发 | {kin}的高龄津贴从{months}前开始就没有发了，问社区说不清楚
-- 居家养老服务 1.3
s 开办社区长者食堂 | {estate}的老年人很多，很多独居老人吃饭成问题
q 居家养老上门服务 | 居家养老的上门服务怎么申请，费用怎么算

== 民政/残疾人与儿童福利 @home
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}是{village}的村民，{fact}。{impact}，{ask}。
H 社区说要等统一审核
H 去民政所问了{times}，材料补了又补
H 打电话一直没人给答复
I 家里的日子过得很艰难
I 孩子太可怜了
I 一家人全指望着这笔补贴
A 请民政部门核实帮助
A 恳请有关部门给予关心
A 请相关部门尽快办理
-- 残疾人两项补贴 2.6
q 残疾人两项补贴申请 | {kin}是二级肢体残疾，残疾人两项补贴怎么申请
c 残疾人补贴停发 | {kin}的残疾人护理补贴这几个月突然停发了，没有任何通知
-- 困境儿童 1.3
h 困境儿童需要帮助 | {village}有个孩子父母都不在了，跟着七十多岁的爷爷奶奶生活，家里非常困难

== 民政/婚姻殡葬 @home
F {fact}。{ask}。
F {fact}，{history}。{ask}。
F {fact}，{impact}。{history}，{ask}。
H 打婚姻登记处电话没人接
H 在网上没找到说明
H 找殡仪馆理论，对方说是规定
I 办丧事本来就难受
I 老百姓负担太重
I 时间很紧
A 请民政部门给予解答
A 希望有关部门规范收费
A 请相关部门核实处理
-- 婚姻登记 1.3
q 结婚登记预约 | 下个月想去登记结婚，需要预约吗，要带什么材料
q 补领结婚证 | 结婚证丢了，补领需要带什么，能不能在本市补领
-- 殡葬服务与公墓 1.3
H 找殡仪馆理论，对方说是规定
H 问过民政部门，说收费是备案过的
I 办丧事本来就难受，还要被这样宰
I 老百姓负担太重
A 希望民政部门规范殡葬收费
A 请相关部门核实处理
c 公墓收费过高 | {county}的公墓一个墓位要{amount}，还要另交管理费
c 殡仪馆强制消费 | 殡仪馆要求必须买他们的骨灰盒和花圈，不买就不给办

== 民政/基层治理 @estate
F {I}是{place}的居民，{fact}。{history}，{ask}。
F {fact}。{impact}，{ask}。
F {since}，{fact}，{impact}。{ask}。
H 跟社区反映过，没有改进
H 找街道反映过{times}
H 打了社区电话经常没人接
I 居民办事很不方便
I 大家对社区工作意见很大
I 快递外卖经常送错
A 请民政部门督促改进
A 希望有关部门重视
A 请相关部门核实处理
-- 社区服务 2.6
c 社区开证明推诿 | 去社区开一个居住证明，跑了{times}都没开到，工作人员说不归他们管
s 社区增加便民服务 | 社区服务中心周末不开门，上班族根本没有时间去办事
-- 地名门牌 1.3
q 门牌号申请 | {my}新建的房子没有门牌号，门牌号怎么申请
c 门牌号编排混乱 | {place}的门牌号编排混乱，同一个号有两栋楼

== 民政/退役军人服务 @home
F {I}是一名退役军人，{fact}。{history}，{ask}。
F {fact}。{ask}。
F {fact}，{impact}。{ask}。
H 去退役军人服务站问过，说还没接到通知
H 打电话问了{times}，都说在研究
H 材料早就交齐了
I 希望能得到应有的保障
I 这是国家给退役军人的待遇
I 生活很困难
A 请退役军人事务部门给予解答
A 希望相关部门落实政策
A 请相关部门核实落实
-- 优抚待遇 1.3
q 退役军人优待证办理 | 退役军人优待证怎么办理，需要带什么材料
c 优抚金未按时发放 | 这个季度的优抚金到现在都没有发放
-- 退役安置 1.3
c 退役安置未落实 | {I}退役回来{months}了，安置工作到现在还没落实

== 农村农业/农业生产 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}，{impact}。{history}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 找农资店老板，老板说是天气原因
H 问过村里，村里说不清楚
H 去镇农技站反映过，没有结果
I 今年的收成全完了
I 几亩地的投入都白费了
I 村民们损失很大
A 请农业农村部门调查处理
A 希望有关部门帮{we}挽回损失
A 请相关部门给予解答
-- 农资质量 1
c 买到劣质种子 | {I}在镇上农资店买的水稻种子，出苗率不到一半
c 化肥质量有问题 | 今年在镇上买的复合肥撒下去一点效果都没有，怀疑是假化肥
-- 惠农补贴 1
H 问过村里，村里说不清楚
H 到镇里反映过，说会核实
I 村民们意见很大
I 这是国家给种田人的钱
A 请农业农村部门核实处理
A 希望有关部门查一查
q 耕地地力保护补贴 | {my}今年的耕地地力保护补贴还没到账，什么时候发
r 惠农补贴被冒领 | {place}有人没种地也领了种粮补贴，村干部的亲戚都有份
-- 动物防疫 1
H 跟村里说过，没人来处理
H 不知道该找哪个部门
I 担心传染疫病
I 河水都被污染了
A 请农业农村部门尽快处理
A 希望有关部门查处乱丢行为
r 乱丢病死猪 | {place}附近的河边有人丢弃病死猪，已经发臭了
q 犬只免疫 | 家里养的狗要打狂犬疫苗，在哪里可以打

== 农村农业/农村集体事务 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}。{history}，{impact}，{ask}。
F {fact}，{impact}。{ask}。
H 村民们多次找村委会，村委会都说不清
H 到镇里反映过，镇里说让村里处理
H 反映过{times}都没有结果
I 村民们意见很大
I 损害了村民的利益
I 这样下去村里人心都散了
A 请农业农村部门调查处理
A 希望镇政府督促村委会依法公开
A 请相关部门主持公道
-- 村务财务公开 2
c 村务财务不公开 | {place}的村务财务好几年没有公开过，集体的钱怎么花的没人知道
r 村干部侵占集体资金 | {place}村干部把集体山林承包款存到自己账户，一直不入账
-- 土地承包流转 1
c 土地流转费拖欠 | {place}的土地流转给了合作社，流转费已经{months}没给了
h 承包地被人占用 | {my}承包的两亩地被邻村的人强行占用种上了果树
-- 集体收益分配 1
c 征地款分配不公 | {place}的征地补偿款分配不公平，外嫁女一分都没有分到

== 农村农业/农村人居环境 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{history}，{ask}。
H 村里说没有钱
H 跟镇里反映过，说会安排
H 反映过{times}，一直没人管
I 村里老人孩子生活很不方便
I 臭气熏天，蚊蝇乱飞
I 村民意见很大
A 请有关部门尽快处理
A 希望政府重视农村的实际困难
A 请相关部门帮忙协调
-- 农村垃圾 2
c 垃圾无人清运 | {place}的垃圾池满了{days}都没人清，垃圾堆到了路上
s 增设垃圾收集点 | {place}只有村口一个垃圾池，住在山边的村民倒垃圾要走很远
-- 农村改厕 1
c 改厕质量差 | {place}去年改的厕所不到一年就堵了，化粪池还往外冒
q 农村改厕补贴 | {my}自己改造厕所，有没有补贴，怎么申请
-- 农村饮水 1 summer
h 自来水停水多日 | {place}的自来水停了{days}，村民只能到山上挑水
c 饮用水浑浊 | {place}一下雨自来水就浑浊发黄，根本不能喝

== 农村农业/水利 @village
F {fact}，{impact}。{ask}。
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {since}，{fact}。{impact}，{history}，{ask}。
H 村里报给了镇里，一直没有回音
H 反映过{times}都没有处理
H 镇里说要等水利部门来看
I 下面就是村民的房子，万一出事后果不堪设想
I 今年的庄稼都受影响
I 村民们都很担心
A 请水利部门尽快派人查看
A 希望有关部门依法制止
A 请相关部门尽快维修
-- 河道采砂与侵占 1
H 跟村里说过，村里说对方有关系
H 反映过{times}，对方照挖不误
I 河岸被挖得坑坑洼洼
I 河堤都快被挖塌了
A 请水利部门依法查处
A 希望有关部门尽快制止
r 夜间非法采砂 | {river}{place}段晚上有人用挖掘机采砂，一直挖到天亮
r 河道被侵占 | 有人在{river}{place}段河滩上填土盖房，河道被占了一半
-- 水库山塘安全 1 summer
c 山塘堤坝渗水 | {place}的山塘堤坝出现渗水，下游就是村民的房子
h 连续降雨山塘水位上涨 | 连续几天大雨，{place}的山塘水位涨得很快，溢洪道还被树枝堵着
-- 农田灌溉设施 1
c 灌溉水渠坍塌 | {place}的灌溉水渠多处坍塌，今年插秧都引不进水
s 修缮机耕路 | {place}的机耕路坑坑洼洼，农机根本开不进田里

== 农村农业/林业 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {since}，{fact}，{impact}。{history}，{ask}。
H 跟林业站反映过，没人来看
H 村里说管不了
H 反映过{times}，对方照砍不误
I 山都快被砍秃了
I 破坏了生态
I 下雨的时候山上的泥都冲下来了
A 请林业部门依法查处
A 希望林业部门尽快派人查看
A 请相关部门核实处理
-- 乱砍滥伐 1
r 乱砍滥伐林木 | {place}后山有人在砍树，每天都有货车往外拉木头
r 毁林开荒种果树 | {place}有人把一片生态林砍了种果树
-- 林地纠纷 1
H 村里调解了几次，双方都不服
H 去林业站查过，档案也说不清楚
I 双方矛盾越来越大
I 再拖下去怕要出事
A 希望有关部门调解处理
A 请林业部门帮忙核实林权
h 林地边界纠纷 | {my}和邻村因为一片林地的边界起了纠纷，林权证上的四至说不清楚

== 政法/治安管理 @estate
F {fact}。{impact}，{ask}。
F {I}住在{place}，{fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{history}，{ask}。
H 报过警，来了以后只是登记一下
H 跟物业反映过，物业说不归他们管
H 反映过{times}没有改善
I 居民们晚上都不敢出门
I 大家的财产安全得不到保障
I 严重影响周边治安
A 请公安部门加强巡逻
A 希望公安机关依法打击
A 请相关部门尽快处理
-- 治安隐患 2
c 电动车电瓶频繁被盗 | {place}最近接连有电动车电瓶被偷，监控也拍不清楚
c 深夜改装车炸街 | 每天晚上{clock_night}{road}上都有人骑改装摩托车飙车，轰鸣声特别大
-- 赌博 1 @village
r 民房聚众赌博 | {place}有人在一间民房里聚众赌博，每天晚上进出的人很多
r 棋牌室涉赌 | {road}{num}号的棋牌室打着休闲的名义赌钱，输赢很大
-- 电信诈骗 1 @home
h 老人被电信诈骗 | {kin}接到自称客服的电话，被骗转账了{amount}
r 收到诈骗短信 | 最近经常收到冒充银行的短信，说积分可以兑换现金，链接点进去要填银行卡

== 政法/户籍与证件 @home
F {fact}。{ask}。
F {I}是{county}人，{fact}。{history}，{ask}。
F {fact}，{history}。{ask}。
H 去派出所问过，说要准备很多材料
H 在网上查的流程和窗口说的不一样
H 打派出所电话一直没人接
I 孩子马上要上学了
I 工作上急着要用
I 跑了好几趟都没办成
A 请公安部门给予解答
A 希望有关部门简化手续
A 请相关部门帮忙
-- 户口迁移 2
q 购房落户 | {I}在{estate}买了房，户口迁过来需要什么条件和材料
q 新生儿落户 | 孩子刚出生，父母户口不在一个地方，孩子户口上在哪里
-- 身份证与居住证 1
q 居住证办理 | {I}在本市工作，居住证怎么办，多久能拿到
q 身份证异地补办 | 身份证丢了，户口在外省，能不能在本市补办

== 政法/法律服务 @home
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {I}住在{estate}，{fact}。{history}，{impact}，{ask}。
H 找过社区调解，对方不配合
H 打过12348热线咨询
H 双方协商了{times}都谈不拢
I 矛盾越闹越大
I {I}不懂法律，不知道该怎么办
I 花了钱事情却没办好
A 请司法部门给予帮助
A 希望有关部门组织调解
A 请相关部门核实处理
-- 法律援助 1
q 法律援助申请条件 | {I}被拖欠工资想起诉公司，能不能申请法律援助
h 法律援助申请被拒 | {I}申请法律援助被拒绝，说{I}的收入超过标准，可{I}已经失业{months}了
-- 人民调解 2
h 楼上漏水邻居不管 | 楼上邻居装修把{my}卫生间的天花板弄漏水了，对方不肯维修
h 邻居砌墙堵路 | 邻居在{my}门口砌了一道墙，{we}进出只能绕路
-- 公证服务 1
q 继承公证办理 | {kin}去世了，办理房产继承公证需要哪些材料
-- 律师服务 1
c 律师收费后不尽责 | {I}请的律师收了{fee3}代理费，之后基本不管案子，电话也不接

== 国土资源/不动产登记 @estate
F {I}是{place}的业主，{fact}。{history}，{impact}。{ask}。
F {fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
H 找开发商问了{times}，一直说在办
H 去不动产登记中心问过，说资料不齐
H 业主们联名反映过
I 孩子上学、贷款都要用房产证
I 几百户业主都办不了证
I 房子想卖也卖不了
A 请不动产登记部门协调解决
A 希望有关部门督促开发商尽快办证
A 请相关部门给予解答
-- 办证难 3
c 交房多年办不了证 | 房子交房{years}了，至今办不下来不动产权证
h 开发商欠费影响办证 | 听说是开发商欠了土地出让金，整个小区都办不了产权证
-- 登记业务咨询 2 @home
q 房产继承过户 | {kin}去世后留下一套房子，继承过户需要带什么材料
q 二手房过户流程 | 买二手房办理过户需要哪些流程，能不能一次办好

== 国土资源/土地管理 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}。{impact}，{history}，{ask}。
F {fact}，{impact}。{ask}。
H 村里说是上面定的
H 到镇里反映过，没有结果
H 反映过{times}，对方照建不误
I 村民们意见很大
I 这是在侵占耕地
I {we}的合法权益得不到保障
A 请自然资源部门调查处理
A 希望有关部门依法查处
A 请相关部门给个明确说法
-- 违法占地 2
r 占用农田建厂房 | {place}有人在基本农田上建厂房，地基都打好了
r 占用林地建坟 | {place}后山有人占用林地修了一座大墓
-- 征地拆迁补偿 2
H 找过镇里，说标准是上面定的
H 村里开了几次会都没谈拢
I 村民们意见很大
I 这点补偿连重新建房都不够
A 请自然资源部门核实补偿标准
A 希望有关部门尽快落实补偿款
c 征地补偿标准偏低 | {place}征地的补偿标准十几年没变过，比周边低很多
h 拆迁补偿款未到位 | {my}的房子去年就拆了，补偿款到现在还有一半没给
-- 农村宅基地 1
q 宅基地建房审批 | {I}是{place}的村民，宅基地建房审批怎么办，要多长时间
c 宅基地审批太慢 | {my}的宅基地建房申请交上去{months}了，一直没批下来

== 国土资源/规划管理 @estate
F {I}是{estate}的业主，{fact}。{impact}，{ask}。
F {fact}。{history}，{ask}。
F {fact}，{impact}。{history}，{ask}。
H 找过开发商，开发商说规划是政府批的
H 业主们联名反映过
H 在网上查不到规划公示
I 严重损害了业主的利益
I 买房的时候根本不是这样宣传的
I 冬天家里一点阳光都照不进来
A 请自然资源和规划部门核实
A 希望有关部门公开规划信息
A 请相关部门依法处理
-- 规划调整 1
c 规划幼儿园变商业楼 | {place}原来规划的幼儿园改成了商业楼，业主们都不知情
q 周边道路规划 | {place}旁边的规划道路什么时候修，规划图在哪里可以查
-- 违反规划建设 1 @site
r 未批先建 | {place}还没拿到规划许可就开工建设了
-- 采光间距 1
c 新楼遮挡采光 | {site}新建的高楼离{place}太近，把{we}的采光全挡了

== 国土资源/矿产资源 @village
F {I}是{place}的村民，{fact}。{history}，{ask}。
F {fact}，{impact}。{ask}。
F {since}，{fact}。{impact}，{ask}。
H 反映过{times}都没人管
H 村里说对方有关系
H 镇里说不归他们管
I 山体已经被挖得千疮百孔
I 一下雨就往下滑泥
I 放炮的时候房子都在震
A 请自然资源部门依法查处
A 希望有关部门尽快治理
A 请相关部门核实处理
-- 非法采石取土 1
r 非法开山采石 | {place}后山有人开山采石，每天放炮，大货车来来往往
r 非法取土 | 有人在{place}的山坡上挖土卖给工地，挖出了一个大坑
-- 矿山生态修复 1
c 废弃矿山未修复 | {place}附近废弃的采石场一直没有修复，一下雨就冲下来很多泥沙

== 经济管理/营商环境 @company
F {I}是{place}的负责人，{fact}。{history}，{ask}。
F {fact}。{impact}，{ask}。
F {fact}，{history}。{impact}，{ask}。
H 找相关部门沟通了{times}，一直没有结果
H 问过窗口工作人员，他们也说不清楚
H 写过书面申请，没有回复
I 企业的资金压力非常大
I 严重影响了企业正常经营
I 员工工资都快发不出来了
A 请有关部门协调解决
A 希望政府优化营商环境
A 请相关部门核实处理
-- 涉企服务 1
c 办事材料反复补正 | 公司办理{license}，材料提交了好几次，每次都说缺不同的东西
-- 拖欠企业账款 1
h 政府项目拖欠工程款 | 公司{year}承接了{street}的道路工程，工程款{amount_big}到现在还没付
-- 涉企收费 1
c 被要求缴纳协会会费 | 公司被要求加入行业协会并缴纳会费，不交就说年检过不了

== 经济管理/税务 @home
F {fact}。{ask}。
F {fact}，{history}。{ask}。
F {I}是{county}的个体户，{fact}。{ask}。
H 打过12366咨询
H 问过店家，店家说没有票
H 在电子税务局上没找到入口
I 单位报销要用发票
I 怕操作错了影响纳税信用
I 耽误了报销
A 请税务部门给予解答
A 希望税务部门依法处理
A 请相关部门核实落实
-- 发票开具 1
c 商家拒开发票 | {I}在{restaurant}吃饭要发票，店家说开票要另外加税点
-- 个税汇算 1
q 个税年度汇算 | 个税年度汇算怎么办，专项附加扣除漏填了能不能补
-- 税费优惠 1
q 小规模纳税人优惠 | {I}是小规模纳税人，今年增值税有什么减免政策

== 经济管理/金融 @road
F {fact}。{impact}，{ask}。
F {I}要反映一个情况：{fact}，{history}。{ask}。
F {fact}，{impact}。{history}，{ask}。
H 报过警，警察说是经济纠纷
H 找过公司，公司说在想办法
H 打过银行客服投诉过
I 很多老人把养老钱都投进去了
I 家里人都快被逼疯了
I 这样下去会有更多人上当
A 请金融监管部门调查处理
A 希望有关部门及时介入
A 请相关部门依法查处
-- 非法集资 1
r 涉嫌非法集资 | {place}{num}号有家投资公司天天拉老人去听讲座，承诺年化收益{pct}
h 理财公司跑路 | {kin}在{place}一家理财公司投了{amount}，现在公司人去楼空
-- 网络借贷与催收 1 @home
H 跟平台协商还款，对方不同意
H 报过警，警察说让{I}先还钱
I 家里人都快被逼疯了
I 亲戚朋友都不敢接电话了
A 请金融监管部门依法查处暴力催收
A 希望有关部门管一管
c 网贷暴力催收 | {I}在网贷平台借了钱，逾期以后对方天天打电话骚扰{I}的亲戚朋友
-- 银行保险服务 1
H 找网点负责人反映过，说是人手不够
H 打过客服电话投诉，只说会反馈
I 老年人站两个小时根本受不了
I 耽误了大半天的时间
A 希望金融监管部门督促改进服务
A 请相关部门核实处理
c 银行网点服务差 | {I}到{place}上的银行网点办业务，只开一个窗口，排了两个小时
c 保险理赔难 | {kin}住院的费用找保险公司理赔，资料交了好几次都说不全

== 经济管理/惠企政策 @company
F {I}是{place}的负责人，{fact}。{history}，{ask}。
F {fact}。{ask}。
F {fact}，{impact}。{ask}。
H 找主管部门问过，说资金还没拨下来
H 在网上没找到申报通知
H 打电话咨询了{times}
I 企业正等着这笔钱周转
I 政策不兑现，企业很寒心
I 企业不想错过申报时间
A 请有关部门尽快兑现
A 希望相关部门给予解答
A 请相关部门核实处理
-- 补贴兑现 1
c 惠企补贴迟迟未兑现 | 公司去年申报的技改补贴已经公示{months}了，资金一直没到账
q 惠企政策申报 | 今年针对小微企业的稳岗和技改扶持政策有哪些，怎么申报
-- 科技项目 1
q 高新技术企业认定 | 高新技术企业认定今年什么时候申报，需要准备哪些材料
"""

# Surges: "== surge label level1/level2/level3 @place", then frames and pools as above and the variants, worded
# so that the appeals of one surge are near-duplicates. {start_date}, {start_clock} and {elapsed} tell when it began.
_SURGES: Final = """
== surge 停水 城乡建设/水电气/停水 @estate
F {I}是{place}{bldg}的住户，{fact}。{impact}，{ask}。
F {fact}，{history}。{impact}。{ask}。
F {I}家住{place}，{fact}。{history}，{impact}，{ask}。
H 打自来水公司的电话一直占线
H 物业说是外面市政管道的问题，他们也不知道什么时候来水
H 问了社区，社区也说不清楚
I 家里老人孩子连口热水都喝不上
I 上厕所冲水都成了问题，只能去外面买桶装水
I 整个小区上千户人家都受影响
A 希望有关部门尽快抢修恢复供水
A 请相关部门安排送水车并公布来水时间
A 请自来水公司给个准确的来水时间
c 停水{elapsed}无人管 | {place}从{start_date}{start_clock}开始停水，到现在已经{elapsed}，事先没有任何通知
c 小区突然停水 | {place}{start_date}突然全小区停水，已经{elapsed}了还没恢复
h 停水多时请尽快恢复 | 整个{place}都没水了，从{start_date}一直停到现在，物业和自来水公司互相推
c 停水没有任何通知 | {start_date}{start_clock}起{place}停水，小区里没贴一张停水公告

== surge 异味 环境保护/大气污染/恶臭异味 @village
F {I}是{place}的村民，{fact}。{impact}，{ask}。
F {fact}，{history}。{impact}。{ask}。
F {since}，{fact}，{impact}。{ask}。
H 村里去厂里问过，厂里说是正常生产
H 打过环保热线，说会派人来看
H 村民们一起去厂门口讨说法，没人出来
I 全村人晚上都不敢开窗睡觉
I 好几个老人和小孩都咳嗽、头晕
I 晾在外面的衣服全是那股味
A 请环保部门马上来检测
A 希望生态环境部门立即查处这家工厂
A 请相关部门尽快查明气味来源
c {plant}排放刺鼻气味 | {place}附近的{plant}从{start_date}开始排放刺鼻的气味，像烧塑料一样
c 闻到刺鼻化学异味 | 这几天{place}一到晚上就有一股很冲的化学味，是从{plant}那边飘过来的
r 工厂夜间偷排废气 | {plant}{start_date}以来每天夜里偷偷排气，{place}整个村子都是那股怪味
c 化工异味熏得人头晕 | {place}边上的{plant}排的气味熏得人头晕恶心，已经{elapsed}了

== surge 电梯停运 城乡建设/物业管理/电梯运行维护 @estate
F {I}是{place}{bldg}的业主，{fact}。{history}，{impact}。{ask}。
F {fact}，{impact}。{ask}。
F {I}住在{place}{bldg}{floor}层，{fact}。{impact}，{ask}。
H 业主们去物业讨说法，物业说等欠费的业主交了钱再开
H 打了物业经理的电话，对方不接
H 社区过来协调过一次，没有结果
I 楼里很多七八十岁的老人根本下不了楼
I 孕妇和带小孩的住户每天爬十几层楼
I 有住户要去医院透析，只能让人背下楼
A 请住建部门督促物业立即恢复电梯运行
A 希望有关部门严肃处理物业公司
A 请相关部门马上介入
c 物业停运全部电梯 | {place}的物业从{start_date}起把小区所有电梯都停了，说是业主欠物业费
h 电梯被物业关停 | {place}物业为了催缴物业费，{start_date}把电梯断电停运，到现在已经{elapsed}
c 物业以停电梯施压 | {place}物业和业委会有合同纠纷，{start_date}开始拿停电梯来逼业主
c 小区电梯全部停运 | {start_date}{start_clock}开始{place}的电梯全部停了，物业贴了张告示就不管了

== surge 公交改线 交通运输/公共交通/公交线路调整 @bus
F {I}每天坐{place}上下班，{fact}。{impact}，{ask}。
F {fact}，{history}。{impact}，{ask}。
F {I}住在{estate}，{fact}。{impact}。{ask}。
H 打公交公司电话，说是上面定的
H 站台上的乘客都在议论这件事
H 调整之前没有征求过沿线居民的意见
I 附近几个小区的老人和学生出行特别不方便
I {I}现在上班要多走二十多分钟
I 早上送孩子上学都快赶不上了
A 希望恢复原来的线路
A 请交通运输部门重新考虑线路安排
A 希望至少保留{stop}这个站
c {place}改线取消站点 | {place}从{start_date}起调整线路，不再经过{stop}，{estate}的居民出行很不方便
c 公交线路调整不合理 | {start_date}开始{place}改走{road2}，{stop}停靠取消了，事先也没有征求意见
s 恢复{place}原线路或加开支线 | {place}改线以后{estate}附近就没有公交了，老人孩子出门很不方便
c 改线后出行困难 | {place}改线后{stop}不停了，{I}每天要走很远去坐车

== surge 关门不退费 教育文体/校外培训/培训机构退费 @training
F {I}是{place}的学员家长，{fact}。{history}，{impact}。{ask}。
F {fact}，{history}。{ask}。
F {I}孩子在{place}上课，{fact}。{impact}，{ask}。
H 到机构门口去看，门上贴了一张暂停营业的通知
H 家长们建了维权群，已经有一百多人
H 打老板和老师的电话全都关机
I 很多家长都是刚续了一年的费
I 这笔钱对普通家庭来说不是小数目
I 孩子的课程也全部中断了
A 请教育部门督促机构退还剩余学费
A 希望有关部门立案调查，帮家长追回学费
A 请相关部门尽快介入
h {place}关门不退费 | {place}{start_date}突然关门，老板联系不上，{I}交的{fee3}学费还剩大半没上
c 培训机构卷款跑路 | {place}上周还在催家长续费，{start_date}就人去楼空，预交的学费退不回来
h 预交学费无法退还 | {I}在{place}给孩子交了{fee3}，现在机构说停业整顿，剩下的课时费一分不退
c 培训机构突然停课 | {start_date}{place}群里发通知说暂停上课，之后老板就失联了

== surge 停电 城乡建设/水电气/停电 @estate
F {I}家住{place}{bldg}，{fact}。{impact}，{history}。{ask}。
F {fact}，{history}。{impact}，{ask}。
F {I}是{place}的住户，{fact}，{impact}。{ask}。
H 打供电服务热线，说是在抢修，什么时候来电不知道
H 物业说是小区配电房的设备坏了
H 问了邻居，整个小区都停了
I 冰箱里的东西都快放坏了
I 家里有老人和婴儿，晚上什么都干不了
I 高层住户没电梯，也没水
A 请有关部门督促供电公司尽快抢修
A 希望尽快恢复供电并说明原因
A 请相关部门给居民一个准确的来电时间
c {place}大面积停电 | {place}从{start_date}{start_clock}开始停电，到现在已经{elapsed}
h 停电{elapsed}未恢复 | {start_date}开始{place}整个小区停电，已经{elapsed}了还没恢复
c 小区停电无人抢修 | {place}{start_date}停电以后一直没看到抢修的人，物业也不出来解释
c 停电没有通知 | {place}{start_date}突然停电，事先没有任何通知，家里电器都没来得及关

== surge 夜间施工 环境保护/噪声污染/建筑施工噪声 @site
F {I}住在{estate}{bldg}，就在{place}旁边，{fact}。{impact}，{ask}。
F {fact}，{history}。{impact}。{ask}。
F {I}是{estate}的居民，{fact}。{history}，{ask}。
H 打了110，警察说要找城管
H 去工地找过负责人，对方说是赶工期
H 打了{times}热线都没用
I 孩子马上要考试了，天天被吵得睡不着
I 老人被吵得血压都升高了
I 整个小区的人都在群里骂
A 请城管执法部门立即制止夜间施工
A 希望有关部门查一查这个工地有没有夜间施工许可
A 请相关部门严肃处理
c {place}通宵施工 | {place}从{start_date}开始连续通宵施工，打桩和混凝土泵车的声音一直响到凌晨
c 工地夜间施工扰民 | {place}这几天每天夜里都在浇混凝土，{estate}的居民整夜睡不着
r 工地违规夜间施工 | {place}{start_date}以来每晚施工到{clock_night}，不知道有没有办夜间施工许可
c 半夜施工噪声太大 | {start_date}起{place}半夜还在施工，搅拌车进进出出，声音特别大

== surge 拖欠农民工工资 劳动和社会保障/劳动关系/农民工工资 @site
F {I}是在{place}干活的农民工，{fact}。{history}，{impact}。{ask}。
F {fact}，{history}。{impact}，{ask}。
F {we}是{place}的工人，{fact}。{impact}，{ask}。
H 总包单位说工程款已经付给劳务公司了
H 劳务公司老板现在电话打不通
H 工友们去项目部找了好几次，没人出来管
I 快过年了，大家连回家的车票钱都没有
I 家里老人孩子都等着这笔钱
I 几十个工友都在工地上干等着
A 恳请人社部门帮{we}讨回工钱
A 请劳动监察部门尽快介入
A 希望政府帮农民工做主
h {place}拖欠农民工工资 | {place}欠了{we}工友的工资，{I}一个人就被欠了{wage}
h 工地停工工钱不结 | {place}{start_date}停工了，{we}干了{months}的工钱一分没拿到
h 劳务公司拖欠工资 | {I}在{place}做钢筋工，劳务公司拖着工资不发，老板现在不见人了
c 农民工讨薪无门 | {place}几十个工人被欠工资，{start_date}{we}去项目部讨薪，没人出面

== surge 积水 城乡建设/市政设施/城市内涝 @road
F {fact}。{impact}，{ask}。
F {I}每天都要经过{place}，{fact}。{history}，{ask}。
F {since}，{fact}，{impact}。{ask}。
H 打过电话，说排水泵站在抢修
H 现场没有看到任何人指挥交通
H 去年也是同样的情况，一直没有整改
I 已经有好几辆车在水里熄火
I 行人只能蹚着齐膝的水过去
I 附近的店铺都进了水
A 请城管部门尽快排水
A 希望有关部门彻底解决这里的积水问题
A 请相关部门设置警示并疏导交通
h {place}路口严重积水 | {start_date}的大雨过后，{place}和{road2}交叉口积水一直没退，最深的地方到膝盖
c 下穿通道积水 | {place}下穿通道{start_date}开始积水，{elapsed}了还有半米深
h 道路积水车辆熄火 | {place}靠近{road2}这段积水很深，{I}的车开到中间就熄火了
c 积水迟迟未排 | {place}积水已经{elapsed}了，排水口都被垃圾堵住了，没人来疏通

== surge 闭店不退卡 商贸旅游/消费维权/预付卡退费 @gym
F {I}是{place}的会员，{fact}。{history}，{impact}。{ask}。
F {fact}，{history}。{ask}。
F {fact}，{impact}。{ask}。
H 店门口贴了张装修升级的通知，电话打不通
H 会员们建了维权群，已经有两百多人
H 去物业问，物业说健身房欠了几个月的房租
I 很多人是刚办的卡，一次都没用过
I 老板还在关门前几天拼命推销年卡
I 这分明是有预谋的
A 请市场监管部门立案调查
A 希望有关部门帮会员追回预付款
A 请相关部门依法处理
h {place}闭店不退款 | {place}{start_date}突然关门，{I}刚办的年卡花了{fee3}，现在钱退不回来
c 健身房卷款跑路 | {place}{start_date}关门跑路，私教课和会员卡都没法用了，老板失联
c 预付卡无法使用 | {I}在{place}充值了{fee3}，{start_date}去的时候门已经锁了
c 健身房突然停业 | {start_date}{place}突然停业，店员说老板让他们回家等通知

== surge 学区调整 教育文体/义务教育/学区划分 @estate
F {I}是{place}的业主，{fact}。{impact}，{ask}。
F {fact}，{history}。{impact}，{ask}。
F {I}家住{place}，孩子今年要上小学，{fact}。{ask}。
H 去学校问，学校说以教育局公布的为准
H 打教育局电话，只说是统筹安排
H 业主们正在联名写信反映
I 新划的学校离小区有三公里，还要过两条大马路
I 很多业主就是冲着学区买的房
I 家长们都非常着急
A 希望教育部门重新考虑学区划分
A 请教育局公开划片的依据
A 希望教育部门能听听业主的意见
c {place}被划出{school}学区 | {start_date}公布的学区方案把{place}划出了{school}的学区
c 学区划分不合理 | 今年的学区调整把{place}划给了很远的学校，而{school}就在小区门口
q 学区调整的依据 | {I}家住{place}{bldg}，孩子明年上一年级，小区今年突然不属于{school}的学区了，划片的依据是什么
q 学区调整后在读学生 | {place}今年被划出了{school}的学区，已经在{school}读{grade}的孩子弟弟妹妹还能不能就近入学
c 学区调整未征求意见 | {place}学区{start_date}突然调整，事先没有任何公示和征求意见
"""
