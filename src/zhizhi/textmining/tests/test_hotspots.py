"""Hotspots: clustering by topic and place, ranking, surge against the own baseline."""

import datetime
import random

from zhizhi.textmining.hotspots import HotspotInput, hotspots_detect

NOW = datetime.datetime(2024, 6, 30, 23, 0)
WEEK = datetime.timedelta(days=7)

# One problem at one place, told six ways.
PROBLEM = [
    ("桃花苑小区垃圾站臭气熏天", "桃花苑小区门口的垃圾站好几天没有清运，臭气熏天，蚊蝇到处飞。"),
    ("投诉桃花苑小区垃圾站长期不清运", "桃花苑小区垃圾站的垃圾堆成小山，没人清运，夏天臭味飘进家里。"),
    ("桃花苑小区垃圾站太臭了", "垃圾站臭味太大，桃花苑小区居民不敢开窗，请环卫部门清运垃圾。"),
    ("请尽快清理桃花苑小区的垃圾站", "桃花苑小区的垃圾站满了也不清运，污水横流，臭气熏天。"),
    ("桃花苑小区垃圾站无人管理", "桃花苑小区垃圾站没人管理，垃圾不清运，臭味严重影响居民生活。"),
    ("反映桃花苑小区垃圾站臭味扰民", "每天经过桃花苑小区垃圾站都要捂鼻子，垃圾清运不及时，蚊蝇滋生。"),
]
NOISE = [
    ("咨询住房公积金贷款额度", "想了解首套房公积金贷款最高可以贷多少。"),
    ("人民路公交站台破损", "人民路公交站台顶棚漏雨，座椅损坏，请维修。"),
    ("孩子入学政策咨询", "外地户口在本市买房，孩子能否就近入读公办小学？"),
    ("新华路工地夜间施工噪音", "新华路地铁工地凌晨还在打桩，严重影响睡眠。"),
    ("社保卡补办进度", "上个月申请补办社保卡，至今没有收到。"),
    ("梅林村自来水水压太低", "梅林村三楼以上的住户白天都没有水用。"),
    ("解放路共享单车乱停放", "解放路人行道上共享单车堆满了，行人没法走。"),
    ("建议延长图书馆开放时间", "市图书馆晚上六点就关门，上班族没有时间去看书。"),
]


def appeal(key: int, text: tuple[str, str], at: datetime.datetime, *, likes: int = 0, caller: str = "") -> HotspotInput:
    subject, detail = text
    return HotspotInput(key=key, subject=subject, detail=detail, place="", at=at, likes=likes, caller=caller)


def week_of(items: int, *, first_key: int, weeks_back: int) -> list[HotspotInput]:
    """`items` appeals about the problem spread over the week that ended `weeks_back` weeks before NOW."""
    end = NOW - weeks_back * WEEK
    return [
        appeal(first_key + i, PROBLEM[i % len(PROBLEM)], end - datetime.timedelta(hours=10 + 15 * i))
        for i in range(items)
    ]


def noise(first_key: int, weeks_back: int) -> list[HotspotInput]:
    end = NOW - weeks_back * WEEK
    return [appeal(first_key + i, text, end - datetime.timedelta(hours=7 + 13 * i)) for i, text in enumerate(NOISE)]


def test_one_problem_at_one_place_comes_first_with_its_size_and_keywords() -> None:
    # given
    problem = week_of(6, first_key=100, weeks_back=0)
    items = problem + noise(200, 0)
    items[0] = appeal(100, PROBLEM[0], problem[0].at, likes=7, caller="c1")
    items[1] = appeal(101, PROBLEM[1], problem[1].at, caller="c1")

    # when
    hotspots = hotspots_detect(items, now=NOW)

    # then
    top = hotspots[0]
    assert sorted(top.members) == [100, 101, 102, 103, 104, 105]
    assert top.size == 6
    assert "垃圾站" in top.keywords
    assert "桃花苑" in top.place
    assert top.representative in top.members
    assert top.subject in [subject for subject, _ in PROBLEM]
    assert top.support == 7 + 1  # the likes and one repeat caller
    assert top.first_at <= top.last_at
    assert all(h.size < 3 or h is top for h in hotspots)  # the noise forms no hotspot


def test_a_surge_over_a_quiet_baseline_is_raised_and_a_steady_one_is_not() -> None:
    # given: one appeal a week for eight weeks, then nine
    quiet = [a for back in range(1, 9) for a in week_of(1, first_key=1000 + 10 * back, weeks_back=back)]
    quiet += [a for back in range(0, 9) for a in noise(5000 + 100 * back, back)]
    surging = quiet + week_of(9, first_key=100, weeks_back=0)
    # and: six a week, every week
    steady = [a for back in range(0, 9) for a in week_of(6, first_key=1000 + 10 * back, weeks_back=back)]
    steady += [a for back in range(0, 9) for a in noise(5000 + 100 * back, back)]

    # when
    surge = hotspots_detect(surging, now=NOW)[0]
    calm = hotspots_detect(steady, now=NOW)[0]

    # then
    assert surge.size == 9
    assert surge.baseline == 1.0
    assert surge.surge is True
    assert surge.growth > 1
    assert calm.size == 6
    assert calm.baseline == 6.0
    assert calm.surge is False
    assert calm.growth == 0.0


def test_a_volatile_baseline_needs_more_than_twice_its_mean() -> None:
    # given: 0 and 4 appeals in alternate weeks (mean 2, sd 2), then 6: twice the mean, not mean + 3 sd
    history = [
        a for back in range(1, 9) for a in week_of(4 if back % 2 else 0, first_key=1000 + 10 * back, weeks_back=back)
    ]
    history += [a for back in range(0, 9) for a in noise(5000 + 100 * back, back)]

    # when
    top = hotspots_detect(history + week_of(6, first_key=100, weeks_back=0), now=NOW)[0]

    # then
    assert top.size == 6
    assert top.baseline == 2.0
    assert top.surge is False


def test_the_same_complaint_at_two_places_makes_two_hotspots() -> None:
    # given
    here = week_of(6, first_key=100, weeks_back=0)
    there = [
        appeal(300 + i, (a.subject.replace("桃花苑", "梅林苑"), a.detail.replace("桃花苑", "梅林苑")), a.at)
        for i, a in enumerate(here)
    ]

    # when
    hotspots = hotspots_detect(here + there + noise(200, 0), now=NOW)

    # then
    assert [h.size for h in hotspots] == [6, 6]
    assert {h.place for h in hotspots} == {"桃花苑小区", "梅林苑小区"}
    assert {tuple(sorted(h.members)) for h in hotspots} == {tuple(range(100, 106)), tuple(range(300, 306))}


def test_without_history_nothing_surges_and_window_none_takes_everything() -> None:
    items = week_of(6, first_key=100, weeks_back=0) + week_of(6, first_key=300, weeks_back=3) + noise(200, 0)

    weekly = hotspots_detect(items, now=NOW, baseline_windows=0)
    everything = hotspots_detect(items, now=NOW, window=None)

    assert weekly[0].size == 6
    assert weekly[0].surge is False
    assert everything[0].size == 12
    assert everything[0].growth == 0.0


def test_the_same_input_in_any_order_gives_the_same_hotspots() -> None:
    items = week_of(6, first_key=100, weeks_back=0) + week_of(2, first_key=300, weeks_back=1) + noise(200, 0)
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)

    first = hotspots_detect(items, now=NOW)
    again = hotspots_detect(shuffled, now=NOW)

    assert first == again
    assert first


def test_too_few_appeals_give_no_hotspot() -> None:
    assert hotspots_detect(week_of(2, first_key=1, weeks_back=0), now=NOW) == []
