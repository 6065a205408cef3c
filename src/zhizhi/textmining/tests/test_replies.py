"""Reply quality check: boilerplate, place, completeness, timeliness, tone."""

import datetime

from zhizhi.textmining.replies import reply_check

SUBJECT = "A3区桃花苑小区门口烧烤店油烟扰民"
DETAIL = "桃花苑小区一楼的烧烤店每晚营业到凌晨两点，油烟直接排进楼道，噪音很大，请城管部门查处。"
ASKED = datetime.datetime(2024, 5, 6, 9, 0)

BOILERPLATE = "网友：您好！您的留言已收悉，我们将认真研究，及时处理，感谢您对我们工作的关心和支持！"
SPECIFIC = (
    "网友您好！经查，桃花苑小区一楼烧烤店确实存在油烟未经净化直排和夜间占道经营的问题。"
    "5月8日，区城管执法大队依据《中华人民共和国大气污染防治法》第八十一条，责令该店停业整改，"
    "现已安装油烟净化设备并改为22时前结束营业。执法队员将每周巡查复核。"
    "如有问题请联系区城管执法大队，联系电话：0731-88886666。"
)
NO_PLACE = (
    "网友您好！经查，该烧烤店确实存在油烟未经净化直排的问题。区城管执法大队已依据《大气污染防治法》"
    "责令其整改，现已安装油烟净化设备，联系电话：0731-88886666。"
)


def codes(text: str, **times: datetime.datetime) -> set[str]:
    return {flag.code for flag in reply_check(subject=SUBJECT, detail=DETAIL, reply=text, **times).flags}


def test_a_boilerplate_reply_is_flagged_with_a_reason_and_blocked() -> None:
    check = reply_check(subject=SUBJECT, detail=DETAIL, reply=BOILERPLATE)

    flag = next(flag for flag in check.flags if flag.code == "boilerplate")
    assert "套话" in flag.text
    assert not check.ok
    assert check.score < 40


def test_a_specific_reply_scores_higher_and_may_be_sent() -> None:
    good = reply_check(subject=SUBJECT, detail=DETAIL, reply=SPECIFIC)
    bad = reply_check(subject=SUBJECT, detail=DETAIL, reply=BOILERPLATE)

    assert good.ok
    assert good.score > bad.score + 30
    assert good.relevance > bad.relevance
    assert good.completeness == 1.0  # action, findings, basis and contact
    assert not {"boilerplate", "no_place", "off_topic", "no_action", "no_basis", "no_contact"} & codes(SPECIFIC)


def test_a_reply_that_never_names_the_estate_gets_no_place_naming_it() -> None:
    check = reply_check(subject=SUBJECT, detail=DETAIL, reply=NO_PLACE)

    flag = next(flag for flag in check.flags if flag.code == "no_place")
    assert "桃花苑小区" in flag.text
    assert not check.ok
    assert "no_place" not in codes(SPECIFIC)


def test_a_late_reply_lowers_timeliness() -> None:
    on_time = reply_check(
        subject=SUBJECT, detail=DETAIL, reply=SPECIFIC, asked_at=ASKED, replied_at=ASKED + datetime.timedelta(days=5)
    )
    late = reply_check(
        subject=SUBJECT, detail=DETAIL, reply=SPECIFIC, asked_at=ASKED, replied_at=ASKED + datetime.timedelta(days=30)
    )
    tight = reply_check(
        subject=SUBJECT,
        detail=DETAIL,
        reply=SPECIFIC,
        asked_at=ASKED,
        replied_at=ASKED + datetime.timedelta(days=5),
        limit=datetime.timedelta(days=3),
    )

    assert on_time.timeliness == 1.0
    assert late.timeliness < on_time.timeliness
    assert late.score < on_time.score
    assert "late" in {flag.code for flag in late.flags}
    assert "30天" in next(flag.text for flag in late.flags if flag.code == "late")
    assert tight.timeliness < 1.0
    assert late.ok  # lateness is reported, it does not block sending


def test_a_rude_reply_loses_tone() -> None:
    rude = SPECIFIC + "请不要再无理取闹。"

    check = reply_check(subject=SUBJECT, detail=DETAIL, reply=rude)

    assert check.tone < 1.0
    flag = next(flag for flag in check.flags if flag.code == "tone")
    assert "无理取闹" in flag.text


def test_a_short_forwarding_note_is_too_short_and_boilerplate() -> None:
    assert {"too_short", "boilerplate"} <= codes("您反映的问题已转交相关部门调查处理。")
