"""The appeals hub's pages: the citizen's form and appeals, the hotline form, the work queues, an appeal's workbench
(dispatch, accept, reply with its quality check, return, close, 督办, merge, unmasking), follow-up, bulk import,
hotspots, routing models and the public statistics."""

import re
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhizhi.appeals import routing, services
from zhizhi.appeals.models import Appeal, AppealStatus, Channel, Hotspot, RoutingModel
from zhizhi.appeals.tests.conftest import GOOD_REPLY
from zhizhi.conftest import client_for
from zhizhi.core.models import AuditEntry
from zhizhi.notify.models import Notification

pytestmark = pytest.mark.django_db

DETAIL = "幸福里小区3栋门口的路灯已经坏了两个星期，晚上一片漆黑，老人出门不安全，请尽快维修。"
BOILERPLATE = "您反映的问题已收悉，我们将高度重视，认真研究，及时处理。感谢您的关注和支持！"


def main_of(response: Any) -> str:
    """The page's main content, without the header (which names the signed-in user)."""
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def handling(hub: Any, **overrides: Any) -> Appeal:
    """An appeal the urban management bureau has signed for."""
    return services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched(**overrides))


def replied(hub: Any, **overrides: Any) -> Appeal:
    appeal = handling(hub, **overrides)
    services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
    appeal.refresh_from_db()
    return appeal


def form_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "complaint",
        "subject": "",
        "detail": DETAIL,
        "district": "359902",
        "street": "359902001",
        "community": "359902001001",
        "division_code": "",
        "address": "幸福里小区3栋",
        "latitude": "",
        "longitude": "",
        "contact_phone": "13912345678",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# -- the citizen ---------------------------------------------------------------------------------------------------


def test_citizen_submits_on_the_form_and_sees_it_in_my_appeals(hub):
    client = logged_in(hub.citizen)
    # given the form, with the account's phone filled in and the districts offered
    page = client.get("/appeals/new/")
    assert page.status_code == 200
    assert 'value="13912345678"' in main_of(page)
    assert "中山区" in main_of(page)
    # when the citizen submits it
    response = client.post("/appeals/new/", form_post())
    # then the appeal is registered at the community chosen and the citizen lands on it
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/appeals/{appeal.number}/"
    assert appeal.appellant == hub.citizen
    assert appeal.division == hub.community
    assert appeal.channel == Channel.WEB
    assert appeal.contact_phone == "13912345678"
    mine = client.get("/my/appeals/")
    assert appeal.number in main_of(mine)
    detail = client.get(f"/my/appeals/{appeal.number}/")
    assert "诉求已登记" in main_of(detail)
    assert "待派单" in main_of(detail)


def test_street_list_follows_the_district_chosen(hub):
    response = logged_in(hub.citizen).get("/appeals/new/?district=359902", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "人民路街道" in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"detail": ""}, "请填写诉求内容"),
        ({"detail": "灯" * 100_000}, "诉求内容不能超过 5000 个字"),
        ({"latitude": "北纬二十六度", "longitude": "119.3"}, "坐标必须是数字"),
        ({"latitude": "95", "longitude": "119.3"}, "坐标超出范围"),
        ({"division_code": "999999999"}, "未知的行政区划代码"),
        ({"contact_phone": "", "anonymous": None}, "请留下联系电话"),
    ],
)
def test_bad_input_is_explained_on_the_form_and_nothing_is_saved(hub, overrides, message):
    hub.citizen.phone = None  # so that an empty phone stays empty
    hub.citizen.save()
    hub.person.phone = ""
    hub.person.save()
    response = logged_in(hub.citizen).post("/appeals/new/", form_post(**overrides))
    assert response.status_code == 200
    assert message in main_of(response)
    assert 'role="alert"' in main_of(response)
    assert Appeal.objects.count() == 0


def test_staff_are_sent_to_the_hotline_form(hub):
    response = client_for(hub.urban_handler).get("/appeals/new/")
    assert response.status_code == 403
    assert "热线登记" in main_of(response)


def test_strangers_are_sent_to_login(hub):
    response = Client().get("/appeals/new/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_another_citizen_and_another_department_get_404(hub):
    appeal = hub.dispatched()
    other = logged_in(hub.other_citizen)
    assert other.get(f"/my/appeals/{appeal.number}/").status_code == 404
    assert other.post(f"/my/appeals/{appeal.number}/", {"satisfaction": "satisfied"}).status_code == 404
    assert appeal.number not in main_of(other.get("/my/appeals/"))
    # staff of the environment bureau do not handle it
    environment = client_for(hub.env_handler)
    assert environment.get(f"/workbench/appeals/{appeal.number}/").status_code == 404
    assert appeal.number not in main_of(environment.get("/workbench/appeals/?tab=all"))
    searched = main_of(environment.get(f"/workbench/appeals/?tab=all&q={appeal.number}"))
    assert f"/workbench/appeals/{appeal.number}/" not in searched
    assert "没有符合条件的诉求" in searched
    # and a citizen may not open the workbench at all
    assert logged_in(hub.citizen).get(f"/workbench/appeals/{appeal.number}/").status_code == 403


# -- the hotline operator ------------------------------------------------------------------------------------------


def test_hotline_form_registers_the_call_and_opens_its_workbench_page(hub):
    client = client_for(hub.dispatcher)
    page = client.get("/workbench/appeals/hotline/")
    assert page.status_code == 200
    html = main_of(page)
    phone_input = re.search(r'<input[^>]*name="contact_phone"[^>]*>', html)
    assert phone_input is not None and "autofocus" in phone_input.group(0)
    # the fields come in the order of the call: who calls, what kind, where, what
    order = [html.index(f'name="{name}"') for name in ("contact_phone", "contact_name", "kind", "district", "detail")]
    assert order == sorted(order)
    assert 'accesskey="d"' in html
    response = client.post(
        "/workbench/appeals/hotline/",
        {**form_post(contact_phone="13900001234"), "contact_name": "王先生", "then": "open"},
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/appeals/{appeal.number}/"
    assert appeal.channel == Channel.HOTLINE
    assert appeal.received_by == hub.dispatcher.user
    assert appeal.contact_name == "王先生"
    workbench = client.get(response["Location"])
    assert workbench.status_code == 200
    assert "派单" in main_of(workbench)


def test_work_queue_search_answers_htmx_with_the_table_only(hub):
    lamp = hub.submit()
    noise = hub.submit(subject="工地夜间施工噪声", detail="人民路地铁站工地每天晚上十一点以后还在施工，噪音很大。")
    response = client_for(hub.dispatcher).get("/workbench/appeals/?tab=all&q=噪音", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert noise.number in body
    assert lamp.number not in body


def test_hotline_form_is_for_dispatchers_only(hub):
    assert client_for(hub.urban_handler).get("/workbench/appeals/hotline/").status_code == 403


PREVIEW = "/workbench/appeals/hotline/preview/"


def test_hotline_preview_names_the_department_and_the_open_appeal_the_caller_means_and_keeps_nothing(hub):
    # given a router trained on the centre's history, and an open appeal about the lamp at 幸福里
    hub.history(56)
    routing.routing_model_train(actor=None)
    lamp = hub.submit()
    noise = hub.submit(subject="工地夜间施工噪声", detail="人民路地铁站工地每天晚上十一点以后还在施工，噪音很大。")
    appeals, audit_rows = Appeal.objects.count(), AuditEntry.objects.count()

    # when the operator has typed a call about the same lamp
    response = client_for(hub.dispatcher).post(
        PREVIEW,
        {"subject": "幸福里小区3栋路灯坏了", "detail": DETAIL, "community": hub.community.code},
        HTTP_HX_REQUEST="true",
    )

    # then the panel names the bureau first and the open appeal, and nothing is registered or recorded
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    suggestions = body.split("智能分拨建议")[1].split("可能重复的在办诉求")[0]
    assert suggestions.index("城市管理局") < suggestions.index("</li>")  # the first suggestion
    duplicates = body.split("可能重复的在办诉求")[1]
    assert lamp.number in duplicates and noise.number not in duplicates
    assert duplicates.index(lamp.number) < duplicates.index("</li>")  # the best match first
    assert (Appeal.objects.count(), AuditEntry.objects.count()) == (appeals, audit_rows)


def test_hotline_preview_empty_too_long_without_a_model_and_for_dispatchers_only(hub):
    client = client_for(hub.dispatcher)
    empty = client.post(PREVIEW, {"subject": " ", "detail": "路灯"})
    assert empty.status_code == 200 and "录入标题或诉求内容后" in empty.content.decode()
    too_long = client.post(PREVIEW, {"subject": "路灯不亮", "detail": "路" * 100_000})
    assert too_long.status_code == 200 and 'role="alert"' in too_long.content.decode()
    assert "5000" in too_long.content.decode()
    no_model = client.post(PREVIEW, {"subject": "路灯不亮", "detail": DETAIL, "district": "not a code!"}).content
    assert "尚未启用分拨模型" in no_model.decode() and "未发现可能重复的在办诉求" in no_model.decode()
    assert client.get(PREVIEW).status_code == 405
    assert client_for(hub.urban_handler).post(PREVIEW, {"detail": DETAIL}).status_code == 403
    assert Appeal.objects.count() == 0


def test_hotline_form_carries_the_live_preview(hub):
    html = main_of(client_for(hub.dispatcher).get("/workbench/appeals/hotline/"))
    assert 'id="hotline-preview"' in html and f'hx-post="{PREVIEW}"' in html


# -- the workbench: the whole way of one appeal ----------------------------------------------------------------------


def test_dispatch_accept_refused_boilerplate_specific_reply_and_an_unsatisfied_citizen(hub):
    citizen = logged_in(hub.citizen)
    assert citizen.post("/appeals/new/", form_post()).status_code == 302
    appeal = Appeal.objects.get()
    url = f"/workbench/appeals/{appeal.number}/"
    dispatcher = client_for(hub.dispatcher)

    # the dispatcher sees the appeal in the queue and dispatches it under a category
    queue = dispatcher.get("/workbench/appeals/")
    assert appeal.number in main_of(queue)
    page = dispatcher.get(url)
    assert "派单" in main_of(page)
    assert "139****5678" in main_of(page)  # the contact is masked
    response = dispatcher.post(url, {"action": "dispatch", "category": hub.category("路灯损坏").code})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED
    assert appeal.department == hub.urban
    dispatched = main_of(dispatcher.get(url))
    assert "城乡建设/市政设施/路灯损坏" in dispatched
    assert "幸福里社区" in dispatched
    assert "已派单至城市管理局" in dispatched

    # the urban management bureau signs for it
    handler = client_for(hub.urban_handler)
    assert appeal.number in main_of(handler.get("/workbench/appeals/"))
    assert "签收" in main_of(handler.get(url))
    assert handler.post(url, {"action": "accept"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HANDLING

    # a boilerplate reply is checked, then refused with the reasons, and offered "send anyway"
    expected = services.appeal_reply_check(appeal=appeal, text=BOILERPLATE)
    assert not expected.ok
    checked = handler.post(url, {"action": "check", "text": BOILERPLATE})
    assert checked.status_code == 200
    for flag in expected.flags:
        assert flag.text in main_of(checked)
    assert f"{expected.score} 分" in main_of(checked)
    refused = handler.post(url, {"action": "reply", "text": BOILERPLATE})
    assert refused.status_code == 200
    assert "答复未通过质量检查" in main_of(refused)
    for flag in expected.flags:
        assert flag.text in main_of(refused)
    assert "仍然发送" in main_of(refused)
    assert BOILERPLATE in main_of(refused)  # what was typed is kept
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HANDLING
    assert not appeal.replies.exists()

    # a specific reply goes out
    assert services.appeal_reply_check(appeal=appeal, text=GOOD_REPLY).ok
    sent = handler.post(url, {"action": "reply", "text": GOOD_REPLY})
    assert sent.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REPLIED

    # the citizen reads it, rates it 不满意, and the appeal is handled again
    mine = citizen.get(f"/my/appeals/{appeal.number}/")
    assert "维修班组" in main_of(mine)
    assert "城市管理局" in main_of(mine) and "幸福里社区" in main_of(mine)
    assert "不满意" in main_of(mine)
    rated = citizen.post(f"/my/appeals/{appeal.number}/", {"satisfaction": "unsatisfied", "note": "路灯晚上还是不亮"})
    assert rated.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HANDLING
    assert appeal.reopen_count == 1
    assert "重新交办" in main_of(citizen.get(f"/my/appeals/{appeal.number}/"))


def test_a_satisfied_citizen_closes_the_appeal_and_cannot_rate_twice(hub):
    appeal = replied(hub)
    citizen = logged_in(hub.citizen)
    assert citizen.post(f"/my/appeals/{appeal.number}/", {"satisfaction": "satisfied"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    assert appeal.resolved is True
    again = citizen.post(f"/my/appeals/{appeal.number}/", {"satisfaction": "unsatisfied"})
    assert again.status_code == 200
    assert "不在待回访状态" in main_of(again)
    appeal.refresh_from_db()
    assert appeal.satisfaction == "satisfied"


def routing_model(**overrides: Any) -> RoutingModel:
    values: dict[str, Any] = {
        "version": 1,
        "trained_at": timezone.now(),
        "examples": 120,
        "labels": [],
        "evaluation": {},
        "threshold": 0.9,
        "target_precision": 0.95,
        "blob": b"",
        "is_active": True,
    }
    values.update(overrides)
    return RoutingModel.objects.create(**values)


def test_routing_suggestions_are_one_click_dispatch_buttons(hub):
    routing_model()
    appeal = hub.submit()
    url = f"/workbench/appeals/{appeal.number}/"
    client = client_for(hub.dispatcher)
    # while the router has not answered yet
    assert "正在分拨" in main_of(client.get(url))
    # once it has
    lamps, noise = hub.category("路灯损坏"), hub.category("施工噪声")
    Appeal.objects.filter(pk=appeal.pk).update(
        confidence=0.62,
        suggestions=[
            {
                "category": lamps.code,
                "category_name": lamps.path,
                "department": hub.urban.code,
                "department_name": hub.urban.name,
                "probability": 0.62,
            },
            {
                "category": noise.code,
                "category_name": noise.path,
                "department": hub.environment.code,
                "department_name": hub.environment.name,
                "probability": 0.21,
            },
        ],
    )
    page = main_of(client.get(url))
    assert "派至 城市管理局" in page
    assert "派至 生态环境局" in page
    assert client.post(url, {"action": "dispatch", "category": noise.code}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.department == hub.environment
    assert appeal.category == noise


def test_reply_check_answers_htmx_with_the_check_only(hub):
    appeal = handling(hub)
    response = client_for(hub.urban_handler).post(
        f"/workbench/appeals/{appeal.number}/", {"action": "check", "text": BOILERPLATE}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "答复质量检查" in body


def test_reply_sent_anyway_when_confirmed(hub):
    appeal = handling(hub)
    response = client_for(hub.urban_handler).post(
        f"/workbench/appeals/{appeal.number}/", {"action": "reply", "text": BOILERPLATE, "confirmed": "on"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REPLIED


def test_wrong_role_or_status_is_told_on_the_page(hub):
    appeal = hub.dispatched()
    url = f"/workbench/appeals/{appeal.number}/"
    # the dispatcher cannot sign for the department, and the department cannot dispatch
    refused = client_for(hub.dispatcher).post(url, {"action": "accept"})
    assert refused.status_code == 200
    assert "您的岗位不能进行此操作" in main_of(refused)
    again = client_for(hub.urban_handler).post(url, {"action": "dispatch", "category": hub.category("路灯损坏").code})
    assert again.status_code == 200
    assert "不能进行此操作" in main_of(again)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED


def test_return_needs_a_reason_and_sends_the_appeal_back_to_the_queue(hub):
    appeal = hub.dispatched()
    url = f"/workbench/appeals/{appeal.number}/"
    handler = client_for(hub.urban_handler)
    empty = handler.post(url, {"action": "return", "reason": "  "})
    assert "请说明退单理由" in main_of(empty)
    response = handler.post(url, {"action": "return", "reason": "路灯属供电公司维护"})
    assert response.status_code == 302
    assert response["Location"] == "/workbench/appeals/"
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RETURNED
    assert appeal.number in main_of(client_for(hub.dispatcher).get("/workbench/appeals/?tab=dispatch"))


def test_dispatcher_unmasks_the_contact_for_a_stated_purpose_and_it_is_audited(hub):
    appeal = hub.submit()
    url = f"/workbench/appeals/{appeal.number}/"
    client = client_for(hub.dispatcher)
    missing = client.post(url, {"action": "unmask", "purpose": ""})
    assert "13912345678" not in main_of(missing)
    assert not AuditEntry.objects.filter(action="appeals.contact.read").exists()
    shown = client.post(url, {"action": "unmask", "purpose": "电话核实诉求地点"})
    assert "13912345678" in main_of(shown)
    assert "已记入审计日志" in main_of(shown)
    assert AuditEntry.objects.filter(action="appeals.contact.read").count() == 1
    # the supervision office sees every appeal, but the contact only masked
    supervisor = client_for(hub.org.supervisor)
    assert "139****5678" in main_of(supervisor.get(url))
    assert "显示联系方式" not in main_of(supervisor.get(url))
    refused = supervisor.post(url, {"action": "unmask", "purpose": "看看"})
    assert "您的岗位不能查看此诉求人的联系方式" in main_of(refused)
    assert "13912345678" not in main_of(refused)
    assert AuditEntry.objects.filter(action="appeals.contact.read").count() == 1


def test_escalate_and_close_not_resolved(hub):
    working = handling(hub)
    dispatcher = client_for(hub.dispatcher)
    url = f"/workbench/appeals/{working.number}/"
    bad = dispatcher.post(url, {"action": "escalate", "reason": "多次来电", "days": "99"})
    assert bad.status_code == 200
    assert 'role="alert"' in main_of(bad)
    assert dispatcher.post(url, {"action": "escalate", "reason": "多次来电反映", "days": "3"}).status_code == 302
    working.refresh_from_db()
    assert working.escalation_level == 1

    answered = replied(hub)
    url = f"/workbench/appeals/{answered.number}/"
    no_note = dispatcher.post(url, {"action": "close", "resolved": "no", "note": ""})
    assert "请填写办结说明" in main_of(no_note)
    assert (
        dispatcher.post(url, {"action": "close", "resolved": "no", "note": "线路归属待供电公司确认"}).status_code == 302
    )
    answered.refresh_from_db()
    assert answered.status == AppealStatus.CLOSED
    assert answered.resolved is False


def test_merge_duplicates_from_the_workbench(hub):
    master = hub.submit()
    duplicate = hub.submit(detail=DETAIL + "另外旁边的那盏也不亮。")
    client = client_for(hub.dispatcher)
    page = client.get(f"/workbench/appeals/{master.number}/")
    assert "疑似重复诉求" in main_of(page)
    response = client.post(
        f"/workbench/appeals/{master.number}/", {"action": "merge", "duplicates": [duplicate.number]}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    master.refresh_from_db()
    assert duplicate.status == AppealStatus.MERGED
    assert master.affected == 2
    unknown = client.post(f"/workbench/appeals/{master.number}/", {"action": "merge", "duplicates": ["RX0"]})
    assert "诉求不存在" in main_of(unknown)


def test_a_merged_appeal_shows_the_master_reply_to_its_own_citizen_only(hub):
    master = hub.submit()
    child = hub.submit(actor=hub.other_citizen, contact_phone="13800001111")
    services.appeal_merge(actor=hub.dispatcher.user, master=master, duplicates=[child])
    master = services.appeal_dispatch(actor=hub.dispatcher.user, appeal=master, category=hub.category("路灯损坏"))
    master = services.appeal_accept(actor=hub.urban_handler.user, appeal=master)
    services.appeal_reply(actor=hub.urban_handler.user, appeal=master, text=GOOD_REPLY)
    neighbour = logged_in(hub.other_citizen)
    page = main_of(neighbour.get(f"/my/appeals/{child.number}/"))
    assert f"已并入工单 {master.number}" in page
    assert "维修班组" in page
    assert "13912345678" not in page and "刘市民" not in page
    assert neighbour.get(f"/my/appeals/{master.number}/").status_code == 404


# -- import -----------------------------------------------------------------------------------------------------------


def test_import_reports_created_and_bad_rows_and_does_not_import_twice(hub):
    csv = (
        "外部编号,诉求内容,区划代码,纬度,经度\n"
        f"EXT-1,{DETAIL},359902001001,,\n"
        "EXT-2,短,359902001001,,\n"
        f"EXT-3,{DETAIL},359902001001,abc,119.3\n"
    ).encode()
    client = client_for(hub.dispatcher)
    response = client.post("/workbench/appeals/import/", {"file": SimpleUploadedFile("a.csv", csv, "text/csv")})
    assert response.status_code == 200
    html = main_of(response)
    assert Appeal.objects.filter(channel=Channel.IMPORT).count() == 1
    rows = html.split("未导入的行")[1]
    assert "<td>3</td><td>EXT-2</td>" in rows
    assert "请填写诉求内容" in rows
    assert "<td>4</td><td>EXT-3</td>" in rows
    assert "坐标必须是数字" in rows
    again = client.post("/workbench/appeals/import/", {"file": SimpleUploadedFile("a.csv", csv, "text/csv")})
    assert "此前已导入</dt><dd>1" in main_of(again)
    assert Appeal.objects.filter(channel=Channel.IMPORT).count() == 1


def test_import_explains_a_file_it_cannot_read(hub):
    response = client_for(hub.dispatcher).post(
        "/workbench/appeals/import/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert response.status_code == 200
    assert "只支持 CSV 或 Excel" in main_of(response)
    assert client_for(hub.urban_handler).get("/workbench/appeals/import/").status_code == 403


# -- hotspots and routing models ----------------------------------------------------------------------------------


def hotspot_of(appeals: list[Appeal], *, surge: bool = True) -> Hotspot:
    now = timezone.now()
    spot = Hotspot.objects.create(
        detected_at=now,
        window_start=now - timedelta(days=7),
        window_end=now,
        rank=1,
        subject="解放路小饭馆油烟扰民",
        keywords=["油烟", "饭馆"],
        place="解放路社区",
        size=len(appeals),
        growth=2.0,
        support=3,
        score=5.0,
        baseline=0.5,
        surge=surge,
        representative=appeals[0],
    )
    spot.members.set(appeals)
    return spot


def test_hotspots_list_and_drill_down_within_the_viewers_reach(hub):
    assert "目前没有发现热点" in main_of(client_for(hub.dispatcher).get("/workbench/hotspots/"))
    ours = hub.dispatched()
    unrouted = hub.submit()
    spot = hotspot_of([ours, unrouted])
    page = client_for(hub.dispatcher).get("/workbench/hotspots/")
    assert "激增预警" in main_of(page)
    assert f"/workbench/hotspots/{spot.pk}/" in main_of(page)
    everything = main_of(client_for(hub.dispatcher).get(f"/workbench/hotspots/{spot.pk}/"))
    assert ours.number in everything and unrouted.number in everything
    handler = main_of(client_for(hub.urban_handler).get(f"/workbench/hotspots/{spot.pk}/"))
    assert ours.number in handler and unrouted.number not in handler
    assert "另有 1 件" in handler
    assert client_for(hub.dispatcher).get("/workbench/hotspots/999999/").status_code == 404


def test_routing_models_page_shows_an_evaluation_and_is_for_administrators_only(hub):
    assert client_for(hub.dispatcher).get("/workbench/routing/").status_code == 403
    admin = client_for(hub.org.admin, verified=True)
    assert "还没有" in main_of(admin.get("/workbench/routing/"))
    # with no history the run is refused with its reason, audited, and the administrator told in their inbox
    refused = admin.post("/workbench/routing/", {"action": "train"}, follow=True)
    assert "训练未能完成：可用于训练的已派单诉求不足（0 件）" in main_of(refused)
    assert not RoutingModel.objects.exists()
    assert AuditEntry.objects.get(action="appeals.routing.train_failed").detail["examples"] == 0
    assert Notification.objects.get(recipient=hub.org.admin.user).title == "分拨模型训练未完成"
    # with enough history a version is trained, shown and put into use
    hub.history(60)
    trained = main_of(admin.post("/workbench/routing/", {"action": "train"}, follow=True))
    assert "已训练并启用新模型 v1" in trained and "宏平均 F1" in trained
    assert RoutingModel.objects.get().is_active
    assert Notification.objects.filter(recipient=hub.org.admin.user, title="分拨模型 v1 已训练并启用").exists()


def test_routing_models_page_shows_the_evaluation_and_puts_an_earlier_version_back(hub):
    from zhizhi.textmining.classifier import evaluation_build

    # given two versions, the newer in use, evaluated on four messages of two categories
    lamps, noise = hub.category("市政设施"), hub.category("噪声污染")
    evaluation = evaluation_build(
        labels=[lamps.code, noise.code],
        truth=[lamps.code, lamps.code, noise.code, noise.code],
        scores=np.array([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.3, 0.7]]),
    ).to_dict()
    routing_model(version=1, is_active=False, labels=[lamps.code, noise.code], evaluation=evaluation)
    routing_model(version=2, labels=[lamps.code, noise.code], evaluation=evaluation)
    admin = client_for(hub.org.admin, verified=True)
    # when the administrator opens the page
    page = main_of(admin.get("/workbench/routing/?version=1"))
    # then the selected version's scores, per-class table and confusion matrix are shown with category names
    assert "v1 的评估" in page
    assert f"{evaluation['macro_f1']:.3f}" in page
    assert "城乡建设/市政设施" in page and "环境保护/噪声污染" in page
    assert "混淆矩阵" in page
    assert "<strong>1</strong>" in page  # one lamp appeal classified right
    # and an earlier version can be put back into use
    assert admin.post("/workbench/routing/", {"action": "activate", "version": "1"}).status_code == 302
    assert list(RoutingModel.objects.filter(is_active=True).values_list("version", flat=True)) == [1]
    assert admin.post("/workbench/routing/", {"action": "activate", "version": "99"}).status_code == 404


# -- public statistics -----------------------------------------------------------------------------------------------


def test_public_statistics_count_without_personal_data(hub):
    # given one appeal waiting, one closed resolved and one closed not resolved
    hub.submit()
    services.appeal_close(actor=hub.dispatcher.user, appeal=replied(hub), resolved=True, note="已整改")
    services.appeal_close(actor=hub.dispatcher.user, appeal=replied(hub), resolved=False, note="线路归属待供电公司确认")
    # when anyone opens the public page
    response = Client().get("/appeals/statistics/")
    # then the counts are there, "closed, not resolved" too, and no name or phone
    assert response.status_code == 200
    html = main_of(response)
    assert "<strong>3</strong>" in html
    assert '办结已解决</dt><dd><span class="ok">1</span>' in html
    assert '办结未解决</dt><dd><span class="bad">1</span>' in html
    assert "维修班组" in html  # the resolved case is a typical case, its phone number blanked out
    for personal in ("刘市民", "13912345678", "83123456"):
        assert personal not in html


# -- query counts ------------------------------------------------------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_query_per_row(hub):
    # given one appeal in each state a list shows
    hub.submit()
    handling(hub)
    hotspot_of([hub.dispatched()])
    citizen, dispatcher, handler = logged_in(hub.citizen), client_for(hub.dispatcher), client_for(hub.urban_handler)
    pages = [
        (citizen, "/my/appeals/"),
        (dispatcher, "/workbench/appeals/?tab=dispatch"),
        (dispatcher, "/workbench/appeals/?tab=all"),
        (handler, "/workbench/appeals/?tab=department"),
        (handler, "/workbench/appeals/?tab=all"),
        (dispatcher, "/workbench/hotspots/"),
        (dispatcher, f"/workbench/hotspots/{Hotspot.objects.get().pk}/"),
    ]
    before = [queries_for(client, url) for client, url in pages]
    public = queries_for(Client(), "/appeals/statistics/")
    # when three more of each arrive
    more = [hub.submit() for _ in range(3)] + [handling(hub) for _ in range(3)]
    Hotspot.objects.get().members.add(*more)
    # then the list pages need no more queries than before
    assert [queries_for(client, url) for client, url in pages] == before
    assert queries_for(Client(), "/appeals/statistics/") == public
