"""Vocabulary for people in the demo city: surnames, given names by sex and generation, phones, birth dates.

Surname weights follow the national frequency ranking (2020 census order of magnitude), with the surnames that
are much more common in Fujian (陈, 林, 黄, 郑, 吴) weighted up, since 示范市 is a Fujian code.
"""

from __future__ import annotations

import datetime
import random
from bisect import bisect
from itertools import accumulate
from typing import Final

# Surname and weight (per mille of the population, roughly).
_SURNAMES: Final = (
    ("陈", 90), ("林", 70), ("王", 55), ("李", 55), ("张", 50), ("黄", 48), ("刘", 38), ("吴", 30),
    ("郑", 28), ("杨", 25), ("赵", 15), ("周", 16), ("徐", 14), ("孙", 11), ("马", 10), ("朱", 12),
    ("胡", 11), ("郭", 12), ("何", 11), ("高", 9), ("罗", 10), ("梁", 8), ("谢", 10), ("宋", 6),
    ("唐", 6), ("许", 9), ("韩", 5), ("冯", 5), ("邓", 6), ("曹", 5), ("彭", 5), ("曾", 8),
    ("肖", 6), ("田", 4), ("董", 4), ("袁", 4), ("潘", 5), ("于", 3), ("蒋", 4), ("蔡", 8),
    ("余", 6), ("杜", 3), ("叶", 7), ("程", 4), ("苏", 6), ("魏", 4), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 4), ("姜", 2), ("崔", 2), ("钟", 3), ("谭", 2),
    ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2), ("廖", 3), ("贾", 2), ("夏", 2),
    ("韦", 1), ("付", 2), ("方", 3), ("白", 1), ("邹", 2), ("孟", 1), ("熊", 2), ("秦", 1),
    ("邱", 3), ("江", 3), ("尹", 1), ("薛", 1), ("闫", 1), ("段", 1), ("雷", 2), ("侯", 1),
    ("龙", 1), ("史", 1), ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1), ("毛", 1), ("郝", 1),
    ("龚", 1), ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("戴", 2), ("孔", 1), ("汤", 1),
    ("游", 2), ("卓", 1), ("詹", 2), ("施", 2), ("洪", 3), ("柯", 1), ("庄", 2), ("傅", 2),
    ("欧阳", 1), ("上官", 1), ("司马", 1),
)  # fmt: skip
_SURNAME_NAMES: Final = tuple(name for name, _weight in _SURNAMES)
_SURNAME_CUMULATIVE: Final = tuple(accumulate(weight for _name, weight in _SURNAMES))

# Given names by sex and the generation the person was born in: one-character names, then two-character ones.
_GIVEN_NAMES: Final = {
    ("M", "old"): (
        "华强明军林平忠勇斌刚",
        "建国 建华 建军 国强 国华 国庆 志强 志明 志刚 永福 永强 永生 德明 德华 文华 文斌 金水 水生 福生 长林 "
        "明德 春生 荣华 庆祥 光明 成林 良才 胜利 宝山 贵生 兴华 顺发 松林 清泉 玉林 振华 家祥 宗明 天福 金生 "
        "木生 火旺 炳辉 锦泉 亚平 长青",
    ),
    ("M", "middle"): (
        "伟磊勇军杰涛斌超鹏浩辉刚峰波亮强健鑫",
        "志伟 建伟 晓东 晓明 俊杰 海峰 海涛 志勇 建峰 文杰 伟东 东升 明辉 志鹏 鹏飞 俊峰 振宇 晓峰 立新 建平 "
        "国栋 卫东 永刚 小龙 剑锋 少华 学军 春雷 德龙 智勇 宏伟 家明 锦华 文斌 伟强 建新 雄伟 志华 清华 金龙",
    ),
    ("M", "young"): (
        "宇浩杰轩博睿晨航昊铭哲",
        "子轩 梓轩 浩然 宇轩 俊熙 一鸣 子豪 浩宇 博文 睿泽 晨阳 天佑 皓轩 思远 宇航 子墨 俊宇 明轩 嘉豪 梓豪 "
        "家乐 宇辰 奕辰 铭泽 昊天 逸飞 泽宇 俊豪 子健 文博 锦程 瑞霖 承泽 煜城 嘉诚 一凡",
    ),
    ("F", "old"): (
        "英兰珍梅芳华琴霞",
        "秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉英 淑珍 美华 秀芳 月英 金凤 翠英 素珍 爱华 丽华 淑华 玉梅 "
        "桂芳 秀云 春梅 瑞英 宝珠 彩云 金花 银花 月娥 菊香 美玉 碧霞 秀琴 丽珠 素梅",
    ),
    ("F", "middle"): (
        "静丽敏燕艳娟霞玲红萍婷琳洁慧颖倩",
        "丽娟 晓燕 海燕 红梅 晓丽 春燕 丽萍 雪梅 婷婷 晓梅 丽君 秀丽 美玲 小红 慧敏 晓玲 丽丽 红霞 晓红 文静 "
        "淑敏 雅琴 海霞 晓霞 佳丽 丽芳 燕萍 玉婷 美琴 秋菊 晓静 丽琴 艳红 雪芳",
    ),
    ("F", "young"): (
        "琪欣悦涵萱彤瑶妍",
        "欣怡 梓涵 诗涵 雨涵 可馨 梦瑶 紫萱 思涵 雨欣 佳怡 若曦 一诺 子涵 雅琪 欣妍 梓萱 思琪 佳琪 晨曦 心怡 "
        "悦彤 安琪 雨桐 婉清 诗琪 沐晴 可欣 依诺 佳欣 语桐 芷若 思妤",
    ),
}
_GIVEN: Final = {key: (tuple(single), tuple(double.split())) for key, (single, double) in _GIVEN_NAMES.items()}

# Share of one-character given names by generation (they peaked among people born in the 1980s).
_SINGLE_SHARE: Final = {"old": 0.15, "middle": 0.30, "young": 0.10}

# Mobile number segments of the three carriers; 1380000 is left out so the demo accounts' phones stay unique.
_MOBILE_PREFIXES: Final = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)  # fmt: skip
RESERVED_PHONE_PREFIX: Final = "1380000"

# Share of the adult population by decade of birth (roughly the 2020 census pyramid), 1940-2008.
_BIRTH_DECADES: Final = ((1940, 6), (1950, 12), (1960, 19), (1970, 18), (1980, 18), (1990, 17), (2000, 10))
_LAST_BIRTH_YEAR: Final = 2008


def _generation(birth_year: int) -> str:
    if birth_year < 1965:
        return "old"
    if birth_year < 1990:
        return "middle"
    return "young"


def surname_pick(rng: random.Random) -> str:
    """A surname drawn with its (regional) frequency."""
    point = rng.random() * _SURNAME_CUMULATIVE[-1]
    return _SURNAME_NAMES[bisect(_SURNAME_CUMULATIVE, point)]


def person_name(rng: random.Random, *, sex: str, birth_year: int) -> str:
    """A full name that fits the person's sex and the fashion of their birth years."""
    generation = _generation(birth_year)
    single, double = _GIVEN[(sex, generation)]
    surname = surname_pick(rng)
    return surname + rng.choice(single if rng.random() < _SINGLE_SHARE[generation] else double)


def birth_date_pick(rng: random.Random) -> datetime.date:
    """A birth date between 1940 and 2008 with the age mix of the population."""
    start = rng.choices([start for start, _w in _BIRTH_DECADES], weights=[w for _s, w in _BIRTH_DECADES])[0]
    year = rng.randint(start, min(start + 9, _LAST_BIRTH_YEAR))
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def mobile_phone(rng: random.Random) -> str:
    """An 11-digit mobile number (never in the range kept for the demo accounts)."""
    while True:
        phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if not phone.startswith(RESERVED_PHONE_PREFIX):
            return phone
