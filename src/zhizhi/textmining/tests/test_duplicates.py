"""Near-duplicate appeals: words, place and time window."""

import datetime

from zhizhi.textmining.duplicates import AppealText, duplicates_find

T0 = datetime.datetime(2024, 5, 20, 9, 30)
DAY = datetime.timedelta(days=1)

NEW = AppealText(
    key=1,
    text="A3区桃花苑小区门口烧烤店油烟扰民。桃花苑小区一楼的烧烤店每晚营业到凌晨两点，油烟直接排进楼道，"
    "噪音也很大，居民无法开窗休息，请城管部门查处。",
    place="",
    at=T0,
)
REWORDED = AppealText(
    key=2,
    text="桃花苑小区楼下烧烤摊油烟太大。我家住在桃花苑小区，楼下烧烤店的油烟排放没有净化，每天晚上烟熏火燎，"
    "吵到深夜，老人小孩都受不了，希望有关部门尽快处理。",
    place="",
    at=T0 - 2 * DAY,
)
ELSEWHERE = AppealText(
    key=3,
    text="梅溪湖小区楼下烧烤摊油烟太大。我家住在梅溪湖小区，楼下烧烤店的油烟排放没有净化，每天晚上烟熏火燎，"
    "吵到深夜，老人小孩都受不了，希望有关部门尽快处理。",
    place="",
    at=T0 - 2 * DAY,
)
NOISE = [
    AppealText(
        key=10,
        text="咨询住房公积金贷款额度。想了解首套房公积金贷款最高可以贷多少，需要哪些材料。",
        place="",
        at=T0 - DAY,
    ),
    AppealText(
        key=11, text="A5区人民路公交站台破损。人民路站台顶棚漏雨，座椅损坏，请公交公司维修。", place="", at=T0 - DAY
    ),
    AppealText(
        key=12, text="孩子入学政策咨询。外地户口在本市买房，孩子明年能否就近入读公办小学？", place="", at=T0 - 3 * DAY
    ),
    AppealText(
        key=13, text="新华路工地夜间施工噪音。新华路地铁工地凌晨还在打桩，严重影响睡眠。", place="", at=T0 - 4 * DAY
    ),
    AppealText(
        key=14, text="社保卡补办进度。上个月申请补办社保卡，至今没有收到，请问到哪里查询。", place="", at=T0 - 5 * DAY
    ),
]


def scores(found: list[tuple[int, float]]) -> dict[int, float]:
    return dict(found)


def test_a_reworded_complaint_about_the_same_estate_is_found_above_unrelated_ones() -> None:
    # when
    found = duplicates_find(NEW, [REWORDED, *NOISE])

    # then
    assert found[0][0] == REWORDED.key
    assert 0 < found[0][1] <= 1
    assert not {key for key, _ in found} & {n.key for n in NOISE}
    everything = scores(duplicates_find(NEW, [REWORDED, *NOISE], threshold=0.0, limit=10))
    assert everything[REWORDED.key] > max(everything.get(n.key, 0.0) for n in NOISE)


def test_the_same_text_outside_the_window_is_never_found() -> None:
    old_copy = AppealText(key=4, text=NEW.text, place="", at=T0 - 20 * DAY)

    assert duplicates_find(NEW, [old_copy, *NOISE]) == []
    assert duplicates_find(NEW, [old_copy, *NOISE], window=datetime.timedelta(days=30))[0][0] == old_copy.key


def test_a_different_place_lowers_the_score() -> None:
    found = scores(duplicates_find(NEW, [REWORDED, ELSEWHERE, *NOISE], threshold=0.0, limit=10))

    assert found[REWORDED.key] > found[ELSEWHERE.key]


def test_a_different_division_code_lowers_the_score_and_nearness_raises_it() -> None:
    # given: texts that name no place; only the division codes and the times differ
    text = "楼下烧烤店油烟太大，每天晚上烟熏火燎吵到深夜，老人小孩都受不了，请城管部门查处。"
    new = AppealText(key=20, text=text, place="350102", at=T0)
    same_code = AppealText(key=21, text=text, place="350102", at=T0 - DAY)
    inside = AppealText(key=24, text=text, place="350102001", at=T0 - DAY)  # a community of the same district
    other_code = AppealText(key=22, text=text, place="350105", at=T0 - DAY)
    unknown = AppealText(key=25, text=text, place="", at=T0 - DAY)
    earlier = AppealText(key=23, text=text, place="350102", at=T0 - 12 * DAY)

    # when
    candidates = [same_code, inside, other_code, unknown, earlier, *NOISE]
    found = scores(duplicates_find(new, candidates, threshold=0.0, limit=10))

    # then
    assert found[same_code.key] == found[inside.key]
    assert found[same_code.key] > found[unknown.key] > found[other_code.key]
    assert found[same_code.key] > found[earlier.key]


def test_the_appeal_itself_and_an_empty_list_give_nothing() -> None:
    assert duplicates_find(NEW, [NEW]) == []
    assert duplicates_find(NEW, []) == []
