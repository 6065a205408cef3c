"""The demo city 示范市: its divisions (GB/T 2260 structure), roads, and departments with their staffing.

The city's shape is the same for every seed, so documentation and screenshots can name its places and
departments; only the people and enterprises in it depend on the seed. 35 is Fujian's province prefix and
3599 is an unused city code there, so 示范市 cannot clash with a real division.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final, Literal

CITY_CODE: Final = "359900"
CITY_NAME: Final = "示范市"
AREA_CODE: Final = "0599"

# Only for the city's fixed geography and office numbers, independent of the generation seed.
_GEOGRAPHY_SEED: Final = "示范市/geography/1"

CountyKind = Literal["district", "county", "county_city"]
StreetKind = Literal["subdistrict", "town", "township"]


@dataclass(frozen=True)
class DivisionRow:
    """One division to create: code, name, level and the code of its parent (None for the city)."""

    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class Community:
    """A 社区居委会 or 村委会 with what an address there looks like."""

    code: str
    name: str
    stem: str
    is_village: bool


@dataclass(frozen=True)
class Street:
    """A 街道, 镇 or 乡 with its communities and the roads that run through it."""

    code: str
    name: str
    kind: StreetKind
    roads: tuple[str, ...]
    communities: tuple[Community, ...]


@dataclass(frozen=True)
class County:
    """A district, county or county-level city directly under 示范市."""

    code: str
    name: str
    kind: CountyKind
    streets: tuple[Street, ...]

    @property
    def address_prefix(self) -> str:
        """How addresses here begin: a county-level city is written without the prefecture."""
        return self.name if self.kind == "county_city" else CITY_NAME + self.name


# (code, name, kind, streets as (3-digit suffix, name)). GB/T 2260 / 统计用区划代码 conventions: districts
# 01-20, counties 21-80, county-level cities 81-99; streets: 街道 001-099, 镇 100-199, 乡 200-399.
_COUNTIES: Final[tuple[tuple[str, str, CountyKind, tuple[tuple[str, str], ...]], ...]] = (
    (
        "359902",
        "中山区",
        "district",
        (
            ("001", "城关街道"),
            ("002", "人民街道"),
            ("003", "解放街道"),
            ("004", "府前街道"),
            ("005", "新华街道"),
            ("006", "滨江街道"),
            ("007", "鼓楼街道"),
        ),
    ),
    (
        "359903",
        "东湖区",
        "district",
        (
            ("001", "东湖街道"),
            ("002", "湖滨街道"),
            ("003", "望湖街道"),
            ("004", "龙山街道"),
            ("005", "金桥街道"),
            ("101", "白沙镇"),
        ),
    ),
    (
        "359905",
        "西岭区",
        "district",
        (
            ("001", "西岭街道"),
            ("002", "翠屏街道"),
            ("003", "桃源街道"),
            ("004", "高新街道"),
            ("101", "岭下镇"),
            ("102", "石门镇"),
        ),
    ),
    (
        "359921",
        "青溪县",
        "county",
        (
            ("101", "城关镇"),
            ("102", "龙潭镇"),
            ("103", "双溪镇"),
            ("104", "太平镇"),
            ("105", "洋口镇"),
            ("201", "白云乡"),
            ("202", "茶山乡"),
        ),
    ),
    (
        "359922",
        "云台县",
        "county",
        (
            ("101", "云台镇"),
            ("102", "九峰镇"),
            ("103", "清水镇"),
            ("201", "高坪乡"),
            ("202", "仙岩乡"),
        ),
    ),
    (
        "359981",
        "南屏市",
        "county_city",
        (
            ("001", "南屏街道"),
            ("002", "屏山街道"),
            ("003", "江南街道"),
            ("101", "金沙镇"),
            ("102", "梅林镇"),
            ("103", "东坑镇"),
        ),
    ),
)

_URBAN_STEMS: Final = (
    "幸福", "和平", "朝阳", "建设", "新华", "光明", "团结", "胜利", "东风", "红星", "向阳", "文明",
    "长青", "锦绣", "阳光", "育才", "书院", "南门", "北门", "西门", "东门", "太平", "永安", "仁和",
    "安居", "惠民", "花园", "翠苑", "金桥", "湖畔", "江景", "望江", "明珠", "文昌", "状元", "青年",
    "新村", "桃园", "梅园", "兰苑", "竹林", "松涛", "柳岸", "荷塘", "银杏", "紫荆", "丹桂", "玉兰",
    "凤凰", "龙津", "金山", "银湖", "科技", "创业", "兴华", "振兴", "繁荣", "富民", "康乐", "祥和",
    "瑞丰", "丰泽", "宝林", "聚龙", "钟楼", "塔山", "水南", "水东", "桥头", "北岸", "南岸", "民主",
    "学府", "体育", "工人", "化工", "机场", "火车站", "白云", "锦江", "春晖", "秀峰", "茶亭", "双桥",
)  # fmt: skip

_VILLAGE_STEMS: Final = (
    "张坑", "李家", "王庄", "石门", "石桥", "上洋", "下洋", "后垅", "前坪", "溪口", "坑口", "岭头",
    "洋头", "山下", "山后", "黄坑", "吴屯", "林坊", "陈厝", "郑坑", "蔡洋", "杨梅", "竹坑", "茶园",
    "梅坑", "桃坑", "大坪", "小坪", "东坑", "西坑", "南岭", "北岭", "龙井", "凤岗", "狮岩", "虎头",
    "象山", "云峰", "白岩", "青山", "红岩", "湖头", "塘尾", "大洋", "洋中", "墩头", "田尾", "新桥",
    "官庄", "高地", "长坑", "半岭", "岭根", "后洋", "际头", "源头", "里洋", "外洋", "上坪", "下坪",
    "枫林", "樟坑", "桂溪", "荷坑", "谷口", "岩前", "坂头", "横坑", "隔后", "坪洋", "溪尾", "大坑",
)  # fmt: skip

_ROADS: Final = (
    "中山路", "解放路", "人民路", "府前路", "五一路", "八一路", "鼓楼路", "东街", "西街", "南门路",
    "北大路", "建设路", "新华路", "文化路", "胜利路", "和平路", "滨江路", "青年路", "学府路", "体育路",
    "工业路", "长安路", "长青路", "光明路", "江滨路", "火车站路", "振兴路", "育才路", "文昌路", "凤凰路",
    "朝阳路", "团结路", "友谊路", "富民路", "环城路", "迎宾大道", "公园路", "健康路", "幸福路", "交通路",
)  # fmt: skip
# Roads named after places in one county, used only there.
_COUNTY_ROADS: Final = {
    "359902": ("中山大道", "府东路", "鼓楼北路"),
    "359903": ("东湖路", "湖滨路", "望湖路", "龙山路", "金桥路"),
    "359905": ("西岭路", "翠屏路", "桃源路", "松林路", "高新大道", "科技路", "创业路"),
    "359921": ("溪城路", "龙潭路", "双溪路"),
    "359922": ("云台路", "九峰路", "清水路"),
    "359981": ("南屏大道", "屏山路", "江南路", "金沙路", "梅林路"),
}


def _build_counties() -> tuple[County, ...]:
    rng = random.Random(_GEOGRAPHY_SEED)
    counties: list[County] = []
    for county_code, county_name, county_kind, street_specs in _COUNTIES:
        urban = list(_URBAN_STEMS)
        villages = list(_VILLAGE_STEMS)
        roads = list(_COUNTY_ROADS[county_code] + _ROADS)
        rng.shuffle(urban)
        rng.shuffle(villages)
        rng.shuffle(roads)
        streets: list[Street] = []
        for suffix, street_name in street_specs:
            street_code = county_code + suffix
            kind: StreetKind = "subdistrict" if suffix < "100" else "town" if suffix < "200" else "township"
            # A 街道 has only 社区; a 镇 has one or two 社区 in the town centre and villages; a 乡 only villages.
            total = rng.randint(3, 6)
            urban_count = {"subdistrict": total, "town": rng.randint(1, 2), "township": 0}[kind]
            communities: list[Community] = []
            for index in range(total):
                if index < urban_count:
                    stem = urban.pop()
                    code = f"{street_code}{index + 1:03d}"  # 居委会 001-199
                    communities.append(Community(code, f"{stem}社区居委会", stem, is_village=False))
                else:
                    stem = villages.pop()
                    code = f"{street_code}{200 + index - urban_count + 1:03d}"  # 村委会 200-399
                    communities.append(Community(code, f"{stem}村委会", stem, is_village=True))
            street_roads = tuple(roads[(len(streets) * 4 + k) % len(roads)] for k in range(4))
            streets.append(Street(street_code, street_name, kind, street_roads, tuple(communities)))
        counties.append(County(county_code, county_name, county_kind, tuple(streets)))
    return tuple(counties)


COUNTIES: Final = _build_counties()
COUNTY_BY_CODE: Final = {county.code: county for county in COUNTIES}


def division_rows() -> list[DivisionRow]:
    """Every division of the demo city, parents before children."""
    rows = [DivisionRow(CITY_CODE, CITY_NAME, "city", None)]
    rows += [DivisionRow(county.code, county.name, "county", CITY_CODE) for county in COUNTIES]
    for county in COUNTIES:
        rows += [DivisionRow(street.code, street.name, "street", county.code) for street in county.streets]
    for county in COUNTIES:
        for street in county.streets:
            rows += [DivisionRow(c.code, c.name, "community", street.code) for c in street.communities]
    return rows


# -- departments -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentSpec:
    """A department to create and the posts it is staffed with besides its head.

    A department without a parent has its own data officer; a sub-unit's data is kept by its parent's.
    """

    code: str
    name: str
    short_name: str
    division_code: str
    parent_code: str | None
    phone: str
    address: str
    head_title: str
    clerks: int = 0
    reviewers: int = 0
    dispatchers: int = 0
    supervisors: int = 0
    sysadmins: int = 0
    sort_order: int = field(default=100)


# (abbreviation, name (the city's name goes in front unless it is in it), short name, parent abbreviation,
#  head's title, window clerks, reviewers)
_CITY_DEPARTMENTS: Final[tuple[tuple[str, str, str, str | None, str, int, int], ...]] = (
    ("ZFB", "人民政府办公室", "市政府办", None, "主任", 0, 0),
    ("FGW", "发展和改革委员会", "市发改委", None, "主任", 1, 1),
    ("JYJ", "教育局", "市教育局", None, "局长", 1, 1),
    ("KJJ", "科学技术局", "市科技局", None, "局长", 0, 0),
    ("GXJ", "工业和信息化局", "市工信局", None, "局长", 0, 0),
    ("GAJ", "公安局", "市公安局", None, "局长", 1, 1),
    ("GAJ-JJZD", "公安局交通警察支队", "市交警支队", "GAJ", "支队长", 1, 1),
    ("MZJ", "民政局", "市民政局", None, "局长", 1, 1),
    ("SFJ", "司法局", "市司法局", None, "局长", 1, 1),
    ("CZJ", "财政局", "市财政局", None, "局长", 0, 0),
    ("RSJ", "人力资源和社会保障局", "市人社局", None, "局长", 1, 1),
    ("RSJ-SBZX", "社会保险中心", "市社保中心", "RSJ", "主任", 1, 1),
    ("ZRJ", "自然资源和规划局", "市自然资源局", None, "局长", 1, 1),
    ("ZRJ-BDC", "不动产登记中心", "市不动产登记中心", "ZRJ", "主任", 1, 1),
    ("SHJ", "生态环境局", "市生态环境局", None, "局长", 1, 1),
    ("ZJJ", "住房和城乡建设局", "市住建局", None, "局长", 1, 1),
    ("JTJ", "交通运输局", "市交通运输局", None, "局长", 1, 1),
    ("SLJ", "水利局", "市水利局", None, "局长", 0, 0),
    ("NYJ", "农业农村局", "市农业农村局", None, "局长", 1, 1),
    ("SWJ", "商务局", "市商务局", None, "局长", 1, 0),
    ("WLJ", "文化和旅游局", "市文旅局", None, "局长", 1, 1),
    ("WJW", "卫生健康委员会", "市卫健委", None, "主任", 1, 1),
    ("TYJRJ", "退役军人事务局", "市退役军人局", None, "局长", 1, 1),
    ("YJJ", "应急管理局", "市应急局", None, "局长", 1, 1),
    ("SJJ", "审计局", "市审计局", None, "局长", 0, 0),
    ("SCJ", "市场监督管理局", "市市场监管局", None, "局长", 3, 2),
    ("TJJ", "统计局", "市统计局", None, "局长", 0, 0),
    ("YBJ", "医疗保障局", "市医保局", None, "局长", 1, 1),
    ("CGJ", "城市管理局（城市管理综合执法局）", "市城管局", None, "局长", 1, 1),
    ("LYJ", "林业局", "市林业局", None, "局长", 0, 0),
    ("XFJ", "信访局", "市信访局", None, "局长", 0, 0),
    ("SWUJ", "国家税务总局示范市税务局", "市税务局", None, "局长", 1, 1),
    ("ZSJ", "政务服务和数据管理局", "市政务服务数据局", None, "局长", 0, 0),
    ("ZSJ-XZFW", "行政服务中心", "市行政服务中心", "ZSJ", "主任", 3, 1),
    ("ZSJ-RX", "12345政务服务便民热线中心", "12345热线中心", "ZSJ", "主任", 0, 0),
    ("JWJW", "中共示范市纪律检查委员会 示范市监察委员会", "市纪委监委", None, "书记", 0, 0),
    ("JWJW-XNB", "机关效能建设领导小组办公室", "市效能办", "JWJW", "主任", 0, 0),
    ("RFB", "人民防空办公室", "市人防办", None, "主任", 1, 1),
    ("JGJ", "机关事务管理局", "市机关事务局", None, "局长", 0, 0),
    ("GZW", "人民政府国有资产监督管理委员会", "市国资委", None, "主任", 0, 0),
    ("JRJ", "地方金融管理局", "市金融局", None, "局长", 0, 0),
    ("TYJ", "体育局", "市体育局", None, "局长", 0, 0),
    ("DAG", "档案馆", "市档案馆", None, "馆长", 0, 0),
    ("GXS", "供销合作社联合社", "市供销社", None, "理事会主任", 0, 0),
)

# Departments whose offices are not in the administration centre.
_OWN_ADDRESSES: Final = {
    "GAJ": "中山区公安路8号",
    "GAJ-JJZD": "东湖区望湖路16号",
    "SWUJ": "中山区五一路128号",
    "ZSJ-XZFW": "东湖区东湖路168号市民服务中心",
    "ZSJ-RX": "东湖区东湖路168号市民服务中心5层",
    "ZRJ-BDC": "东湖区东湖路168号市民服务中心3层",
    "RSJ-SBZX": "中山区人民路55号",
    "DAG": "中山区文化路20号",
    "TYJ": "西岭区体育路1号",
    "GXS": "中山区解放路76号",
    "JWJW": "中山区府前路2号",
    "JWJW-XNB": "中山区府前路2号",
}

CITY_DEPARTMENT_POSTS: Final = {"ZSJ-RX": {"dispatchers": 10}, "JWJW-XNB": {"supervisors": 4}, "ZSJ": {"sysadmins": 2}}


# The first two digits of government office numbers in each county (the city's own offices use 86).
_EXCHANGES: Final = ("83", "82", "73", "62", "52", "78")


def _office_phone(rng: random.Random, prefix: str) -> str:
    return f"{AREA_CODE}-{prefix}{rng.randrange(10**5):05d}"


def _head_title(street: Street) -> str:
    return {"subdistrict": "主任", "town": "镇长", "township": "乡长"}[street.kind]


def _build_departments() -> tuple[DepartmentSpec, ...]:
    rng = random.Random(_GEOGRAPHY_SEED + "/departments")
    specs = []
    building = 0
    for order, (abbr, name, short, parent, head_title, clerks, reviewers) in enumerate(_CITY_DEPARTMENTS):
        if abbr in _OWN_ADDRESSES:
            address = CITY_NAME + _OWN_ADDRESSES[abbr]
        else:
            building += 1
            address = f"{CITY_NAME}中山区府前路1号市行政中心{(building - 1) // 6 + 1}号楼{(building - 1) % 6 + 1}层"
        phone = "12345" if abbr == "ZSJ-RX" else _office_phone(rng, "86")
        specs.append(
            DepartmentSpec(
                code=f"{CITY_CODE}-{abbr}",
                name=name if CITY_NAME in name else CITY_NAME + name,
                short_name=short,
                division_code=CITY_CODE,
                parent_code=f"{CITY_CODE}-{parent}" if parent else None,
                phone=phone,
                address=address,
                head_title=head_title,
                clerks=clerks,
                reviewers=reviewers,
                sort_order=(order + 1) * 10,
                **CITY_DEPARTMENT_POSTS.get(abbr, {}),
            )
        )
    for county_index, county in enumerate(COUNTIES):
        prefix = county.address_prefix
        # A district's departments carry the city's name; a county's or county-level city's do not.
        named = prefix if county.kind == "district" else county.name
        short_prefix = county.name
        seat = county.streets[0]
        office_address = f"{prefix}{seat.name}{seat.roads[0]}1号"
        exchange = _EXCHANGES[county_index]
        root = f"{county.code}-ZFB"
        order_base = 1000 + county_index * 100
        specs.append(
            DepartmentSpec(
                code=root,
                name=f"{named}人民政府办公室",
                short_name=f"{short_prefix}政府办",
                division_code=county.code,
                parent_code=None,
                phone=_office_phone(rng, exchange),
                address=office_address,
                head_title="主任",
                sort_order=order_base,
            )
        )
        for offset, (abbr, name, short, head_title, clerks, reviewers) in enumerate(
            (
                ("ZWFW", "政务服务中心", "政务服务中心", "主任", 1, 0),
                ("CGJ", "城市管理局", "城管局", "局长", 0, 0),
                ("SCJ", "市场监督管理局", "市场监管局", "局长", 1, 1),
            ),
            start=1,
        ):
            specs.append(
                DepartmentSpec(
                    code=f"{county.code}-{abbr}",
                    name=f"{named}{name}",
                    short_name=f"{short_prefix}{short}",
                    division_code=county.code,
                    parent_code=root,
                    phone=_office_phone(rng, exchange),
                    address=f"{prefix}{seat.name}{seat.roads[offset % len(seat.roads)]}{rng.randint(2, 99)}号",
                    head_title=head_title,
                    clerks=clerks,
                    reviewers=reviewers,
                    sort_order=order_base + offset * 10,
                )
            )
        # The first two streets' own offices: 街道办事处 or 镇/乡人民政府, agencies of the county government.
        for offset, street in enumerate(county.streets[:2], start=1):
            is_subdistrict = street.kind == "subdistrict"
            specs.append(
                DepartmentSpec(
                    code=f"{street.code}-{'JDB' if is_subdistrict else 'ZF'}",
                    name=f"{county.name}{street.name}{'办事处' if is_subdistrict else '人民政府'}",
                    short_name=f"{street.name}{'办' if is_subdistrict else '政府'}",
                    division_code=street.code,
                    parent_code=root,
                    phone=_office_phone(rng, exchange),
                    address=f"{prefix}{street.name}{street.roads[1]}{rng.randint(1, 60)}号",
                    head_title=_head_title(street),
                    sort_order=order_base + 50 + offset * 10,
                )
            )
    return tuple(specs)


DEPARTMENTS: Final = _build_departments()

# The departments the fixed demo accounts belong to.
MARKET_REGULATION: Final = f"{CITY_CODE}-SCJ"
DATA_BUREAU: Final = f"{CITY_CODE}-ZSJ"
HOTLINE_CENTRE: Final = f"{CITY_CODE}-ZSJ-RX"
SUPERVISION_OFFICE: Final = f"{CITY_CODE}-JWJW-XNB"


# -- addresses -------------------------------------------------------------------------------------------------


def home_address(rng: random.Random, county: County, street: Street, community: Community) -> str:
    """A residential address: building and room on a road in town, group and house number in a village."""
    if community.is_village:
        return f"{county.address_prefix}{street.name}{community.stem}村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
    road = rng.choice(street.roads)
    floor = rng.randint(1, 18 if rng.random() < 0.4 else 7)
    return (
        f"{county.address_prefix}{street.name}{road}{rng.randint(1, 300)}号"
        f"{rng.randint(1, 24)}栋{floor}{rng.randint(1, 4):02d}室"
    )


def business_address(rng: random.Random, county: County, street: Street, *, premises: str, tower: str = "") -> str:
    """A business address: an office ("office", in a tower in town), a shop, a village house, or a plain number."""
    road = rng.choice(street.roads)
    number = rng.randint(1, 300)
    if premises == "office" and street.kind != "subdistrict":
        return f"{county.address_prefix}{street.name}{road}{number}号{rng.randint(1, 12)}幢"
    if premises == "office":
        floor = rng.randint(2, 28)
        return f"{county.address_prefix}{street.name}{road}{number}号{tower}{floor}层{floor}{rng.randint(1, 20):02d}室"
    if premises == "shop":
        return f"{county.address_prefix}{street.name}{road}{number}号{rng.choice(('1层', '1层', '店面', '2层'))}"
    if premises == "plain":
        return f"{county.address_prefix}{street.name}{road}{number}号"
    villages = [c for c in street.communities if c.is_village] or list(street.communities)
    village = rng.choice(villages)
    if village.is_village:
        return f"{county.address_prefix}{street.name}{village.stem}村{rng.randint(1, 99)}号"
    return f"{county.address_prefix}{street.name}{road}{number}号"
