"""Vocabulary for the demo city's market entities: kinds of entity, trade names, industries, shop types.

A kind fixes the first two characters of the credit code (GB 32100-2015 table 1: registration authority and
organisation kind) and the shape of the entity's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class EntityKind:
    """A kind of market entity: how it is registered, named and capitalised."""

    key: str
    label: str  # Enterprise.kind
    registration_authority: str
    organisation_kind: str
    weight: int  # per mille of the generated entities
    earliest_year: int = 1995
    capital_range: tuple[int, int] | None = None  # 万元, drawn log-uniformly


ENTITY_KINDS: Final = (
    # 9 工商 (market regulation): 1 企业, 2 个体工商户, 3 农民专业合作社.
    EntityKind("company", "有限责任公司", "9", "1", 470, capital_range=(10, 5000)),
    EntityKind("joint_stock", "股份有限公司", "9", "1", 30, earliest_year=2000, capital_range=(1000, 50000)),
    EntityKind("individual", "个体工商户", "9", "2", 330, earliest_year=2000, capital_range=(1, 50)),
    # The law on farmers' co-operatives took effect on 2007-07-01.
    EntityKind("cooperative", "农民专业合作社", "9", "3", 70, earliest_year=2008, capital_range=(5, 500)),
    # 5 民政 (civil affairs): 1 社会团体, 2 民办非企业单位 / 社会服务机构.
    EntityKind("association", "社会组织", "5", "1", 25, capital_range=(3, 30)),
    EntityKind("social_service", "社会组织", "5", "2", 25, earliest_year=2000, capital_range=(3, 100)),
    # 1 机构编制: 2 事业单位.
    EntityKind("institution", "事业单位", "1", "2", 35, capital_range=(10, 3000)),
    # Y 其他.
    EntityKind("other", "其他组织", "Y", "1", 15, earliest_year=2005),
)

# 字号: the distinctive part of a name.
TRADE_NAMES: Final = (
    "恒通", "鑫源", "华兴", "宏达", "金鼎", "盛世", "瑞丰", "嘉禾", "永信", "博远", "天诚", "远航",
    "九州", "中联", "海峡", "闽兴", "聚力", "合众", "卓越", "优品", "佳美", "绿源", "青山", "碧水",
    "云顶", "星辰", "新锐", "百顺", "万家", "福满", "和泰", "安捷", "鼎盛", "长兴", "信达", "隆昌",
    "金桥", "银河", "光华", "德润", "思源", "启航", "润泽", "科信", "智远", "华创", "领航", "凯瑞",
    "东升", "泰和", "一品", "晨曦", "雅致", "乐享", "康达", "益民", "众诚", "腾飞", "志成", "顺达",
    "祥和", "荣发", "兴业", "广源", "富华", "建邦", "宏图", "天宇", "明辉", "正泰", "恒昌", "华盛",
    "锦程", "通达", "协力", "同创", "至诚", "铭远", "峰达", "源丰", "天和", "融通", "新视界", "大拇指",
    "红太阳", "金穗", "茗香", "竹韵", "山海", "溪谷", "梧桐", "紫薇", "青禾", "麦田", "橙光", "蓝海",
)  # fmt: skip

# Industries in company names.
INDUSTRIES: Final = (
    "科技", "信息技术", "网络科技", "建设工程", "建筑劳务", "房地产开发", "物业管理", "贸易", "商贸",
    "进出口贸易", "食品", "茶业", "农业发展", "生物科技", "医药", "医疗器械", "机械制造", "电子",
    "新材料", "环保科技", "物流", "运输", "汽车销售服务", "餐饮管理", "文化传媒", "广告", "教育咨询",
    "旅游开发", "酒店管理", "人力资源服务", "财务咨询", "装饰工程", "家具", "服装", "纺织", "竹木制品",
    "石材", "陶瓷", "电力工程", "新能源", "软件", "数据科技", "供应链管理", "园林绿化", "水产", "林业开发",
)  # fmt: skip

# Shop types of individual businesses.
SHOPS: Final = (
    "小吃店", "餐饮店", "便利店", "超市", "五金店", "理发店", "服装店", "水果店", "早餐店", "茶叶店",
    "烟酒店", "家电维修部", "副食店", "手机店", "快餐店", "面馆", "烧烤店", "干洗店", "蔬菜店", "粮油店",
    "建材店", "汽车维修部", "图文打印店", "花店", "母婴用品店", "眼镜店", "鞋店", "药店", "奶茶店", "农资店",
)  # fmt: skip

# Products of farmers' co-operatives.
COOPERATIVE_PRODUCTS: Final = (
    "茶叶", "果蔬", "食用菌", "生猪养殖", "水稻种植", "蜜柚", "竹笋", "油茶", "中药材", "花卉苗木",
    "蜂业", "渔业", "农机", "家禽养殖", "葡萄种植", "脐橙", "烟叶", "红薯", "莲子", "毛竹",
)  # fmt: skip

# 社会团体: city-wide associations (each exists once).
ASSOCIATIONS: Final = (
    "餐饮行业协会", "个体劳动者协会", "软件行业协会", "摄影家协会", "书法家协会", "老年人体育协会",
    "茶业协会", "青年企业家协会", "志愿者协会", "慈善总会", "律师协会", "建筑业协会", "物流协会",
    "旅游协会", "收藏家协会", "围棋协会", "篮球协会", "作家协会", "音乐家协会", "美术家协会",
    "电子商务协会", "食品行业协会", "家庭教育研究会", "老科学技术工作者协会", "残疾人福利基金会",
    "红十字志愿者协会", "民营企业商会", "青溪商会", "云台商会", "南屏商会", "汽车维修行业协会",
    "物业管理协会", "房地产业协会", "医师协会", "护理学会", "心理咨询师协会", "健身气功协会", "钓鱼协会",
)  # fmt: skip

# 民办非企业单位 / 社会服务机构.
SOCIAL_SERVICES: Final = (
    "养老服务中心", "幼儿园", "职业培训学校", "社会工作服务中心", "康复中心", "托育中心", "艺术培训学校",
    "青少年活动中心", "居家养老服务站", "公益服务中心",
)  # fmt: skip

# 事业单位 of the city and of each county (names are formatted with {city} / {county} / {street}).
CITY_INSTITUTIONS: Final = (
    "{city}第一医院", "{city}第二医院", "{city}中医院", "{city}妇幼保健院", "{city}疾病预防控制中心",
    "{city}图书馆", "{city}博物馆", "{city}文化馆", "{city}第一中学", "{city}第二中学", "{city}第三中学",
    "{city}实验小学", "{city}实验幼儿园", "{city}职业技术学校", "{city}广播电视台", "{city}气象台",
    "{city}住房公积金管理中心", "{city}公共资源交易中心", "{city}水文站",
)  # fmt: skip
COUNTY_INSTITUTIONS: Final = (
    "{county}人民医院", "{county}中医院", "{county}第一中学", "{county}实验小学", "{county}图书馆",
    "{county}职业中专学校", "{county}疾病预防控制中心", "{county}融媒体中心",
)  # fmt: skip
STREET_INSTITUTIONS: Final = {
    "subdistrict": ("{county}{street}社区卫生服务中心", "{county}{street}中心小学"),
    "town": ("{county}{street}卫生院", "{county}{street}中心小学", "{county}{street}农业技术推广站"),
    "township": ("{county}{street}卫生院", "{county}{street}中心小学"),
}

TOWERS: Final = (
    "金融大厦", "商务中心", "国际大厦", "科技园", "创业大厦", "万达广场", "财富中心", "世纪大厦", "软件园",
    "电子商务产业园", "总部经济区", "时代广场",
)  # fmt: skip
