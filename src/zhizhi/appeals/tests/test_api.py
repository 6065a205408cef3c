"""The appeals API: intake and its bad input, who sees which appeal, masked contacts with audited unmasking, the
steps by their roles, duplicates and merging, bulk import (good and bad rows, twice), statistics."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from zhizhi.appeals.models import Appeal, AppealStatus
from zhizhi.appeals.tests.conftest import BOILERPLATE_REPLY, GOOD_REPLY
from zhizhi.conftest import api_json, client_for
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
API = "/api/v1/appeals"


def citizen_client(hub, other: bool = False) -> Client:
    client = Client()
    client.force_login(hub.other_citizen if other else hub.citizen)
    return client


BODY = {
    "subject": "人民路施工噪音扰民",
    "detail": "人民路地铁站工地每天晚上十一点以后还在施工，噪音很大，附近居民无法休息，请有关部门查处。",
    "kind": "complaint",
    "division_code": "359902001001",
    "address": "示范市中山区人民路街道人民路88号",
    "latitude": "26.0745",
    "longitude": "119.2965",
}


def test_citizen_submits_and_sees_only_their_own(hub):
    answer = api_json(citizen_client(hub), "post", f"{API}/", BODY)
    assert answer.status_code == 201, answer.content
    number = answer.json()["number"]
    assert answer.json()["channel"] == "web"
    assert answer.json()["contact_phone"] == "13912345678"  # the appellant sees their own contact
    mine = api_json(citizen_client(hub), "get", f"{API}/").json()
    assert [a["number"] for a in mine["items"]] == [number]
    assert api_json(citizen_client(hub, other=True), "get", f"{API}/{number}").status_code == 404
    assert api_json(citizen_client(hub, other=True), "get", f"{API}/").json()["count"] == 0
    assert Client().get(f"{API}/{number}").status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"detail": ""}, "detail"),
        ({"detail": "字" * 100_000}, "detail"),
        ({"latitude": "-95.5"}, "latitude"),
        ({"longitude": "181"}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"kind": "gossip"}, "kind"),
        ({"channel": "open311"}, "channel"),
    ],
)
def test_bad_intake_answers_422_and_saves_nothing(hub, change, field):
    before = (Appeal.objects.count(), AuditEntry.objects.count())
    answer = api_json(citizen_client(hub), "post", f"{API}/", {**BODY, **change})
    assert answer.status_code == 422, answer.content
    body = answer.json()
    assert body["message"] and field in str(body["extra"])
    assert (Appeal.objects.count(), AuditEntry.objects.count()) == before


def test_unparseable_json_is_a_400(hub):
    answer = citizen_client(hub).post(f"{API}/", data="{not json", content_type="application/json")
    assert answer.status_code == 400 and answer.json()["message"]


def test_staff_see_their_departments_appeals_with_contacts_masked_until_a_purpose(hub):
    appeal = hub.dispatched()
    urban = client_for(hub.urban_handler)
    detail = api_json(urban, "get", f"{API}/{appeal.number}").json()
    assert detail["contact_masked"] is True and detail["contact_phone"] == "139****5678"
    assert api_json(client_for(hub.env_handler), "get", f"{API}/{appeal.number}").status_code == 404
    unmasked = api_json(urban, "get", f"{API}/{appeal.number}?purpose=电话联系诉求人核实地点").json()
    assert unmasked["contact_phone"] == "13912345678" and unmasked["contact_masked"] is False
    read = AuditEntry.objects.get(action="appeals.contact.read")
    assert read.detail["purpose"] == "电话联系诉求人核实地点"
    # a supervisor reads every appeal, but not the contact: it is not theirs to call
    co = api_json(client_for(hub.org.supervisor), "get", f"{API}/{appeal.number}?purpose=检查").json()
    assert co["contact_masked"] is True


def test_steps_through_the_api_with_reply_check(hub):
    appeal = hub.submit()
    dispatcher, urban = client_for(hub.dispatcher), client_for(hub.urban_handler)
    category = hub.category("路灯损坏").code
    # a department does not see an appeal before it is dispatched to it
    assert api_json(urban, "post", f"{API}/{appeal.number}/dispatch", {"category": category}).status_code == 404
    answer = api_json(dispatcher, "post", f"{API}/{appeal.number}/dispatch", {"category": category})
    assert answer.status_code == 200 and answer.json()["status"] == "dispatched"
    assert api_json(dispatcher, "post", f"{API}/{appeal.number}/dispatch", {"category": "nope"}).status_code == 422
    queue = api_json(urban, "get", f"{API}/queue/department").json()
    assert [a["number"] for a in queue["items"]] == [appeal.number]
    accepted = api_json(urban, "post", f"{API}/{appeal.number}/accept", {})
    assert accepted.status_code == 200 and accepted.json()["status"] == "handling", accepted.content.decode()
    check = api_json(urban, "post", f"{API}/{appeal.number}/reply/check", {"text": BOILERPLATE_REPLY}).json()
    assert check["ok"] is False and any(f["code"] == "boilerplate" for f in check["flags"])
    refused = api_json(urban, "post", f"{API}/{appeal.number}/reply", {"text": BOILERPLATE_REPLY})
    assert refused.status_code == 422 and refused.json()["extra"]["check"]["flags"]
    sent = api_json(urban, "post", f"{API}/{appeal.number}/reply", {"text": GOOD_REPLY})
    assert sent.status_code == 201
    rated = api_json(citizen_client(hub), "post", f"{API}/{appeal.number}/follow-up", {"satisfaction": "basic"})
    assert rated.json()["status"] == "closed" and rated.json()["resolved"] is True


def test_duplicates_are_suggested_and_merged(hub):
    first = hub.submit()
    second = hub.submit(
        actor=hub.other_citizen, detail="幸福里小区3栋楼下的路灯坏了两周了，晚上漆黑一片，老人小孩出行不安全，请维修。"
    )
    unrelated = hub.submit(
        subject="第一中学门口交通拥堵", detail="第一中学门口早晚高峰家长车辆乱停，道路拥堵，希望交警加强疏导。"
    )
    dispatcher = client_for(hub.dispatcher)
    found = api_json(dispatcher, "get", f"{API}/{first.number}/duplicates").json()
    numbers = [row["appeal"]["number"] for row in found]
    assert numbers and numbers[0] == second.number and unrelated.number not in numbers
    merged = api_json(dispatcher, "post", f"{API}/{first.number}/merge", {"duplicates": [second.number]})
    assert merged.status_code == 200 and merged.json()["affected"] == 2
    missing = api_json(dispatcher, "post", f"{API}/{first.number}/merge", {"duplicates": ["RX000"]})
    assert missing.status_code == 404


def _csv(rows: list[str]) -> bytes:
    return (
        "\n".join(["external_id,received_at,kind,subject,detail,division_code,category,latitude,longitude", *rows])
    ).encode()


IMPORT_ROWS = [
    "A-1,2026-11-01 09:30,投诉,路灯不亮,幸福里小区路灯坏了一周，请维修。,359902001001,城乡建设/市政设施/路灯损坏,,",
    "A-2,2026-11-02 10:00,咨询,入学咨询,孩子明年上小学需要准备哪些材料？,359902001001,,,",
    "A-3,2026-11-02 10:00,投诉,空内容,,359902001001,,,",  # empty detail
    "A-4,2026-11-03 08:00,投诉,坐标错误,路面坑洼严重车辆颠簸。,359902001001,,95,120",  # invalid latitude
    "A-5,not a date,投诉,时间错误,工地夜间施工噪音扰民。,359902001001,,,",
    "A-6,2026-11-03 08:00,投诉,分类错误,工地夜间施工噪音扰民。,359902001001,不存在的分类,,",
    "A-1,2026-11-01 09:30,投诉,重复,文件内重复的外部编号。,359902001001,,,",
]


def test_import_reports_bad_rows_and_is_idempotent(hub):
    dispatcher = client_for(hub.dispatcher)
    upload = io.BytesIO(_csv(IMPORT_ROWS))
    upload.name = "export.csv"
    answer = dispatcher.post(f"{API}/import", {"file": upload})
    assert answer.status_code == 200, answer.content
    report = answer.json()
    assert report["created"] == 2 and report["existing"] == 0
    assert [e["row"] for e in report["errors"]] == [4, 5, 6, 7, 8]
    assert all(e["message"] for e in report["errors"])
    assert Appeal.objects.get(external_id="A-1").category == hub.category("路灯损坏")
    # the same file again adds nothing
    upload = io.BytesIO(_csv(IMPORT_ROWS))
    upload.name = "export.csv"
    again = dispatcher.post(f"{API}/import", {"file": upload}).json()
    assert again["created"] == 0 and again["existing"] == 2
    assert Appeal.objects.filter(channel="import").count() == 2


def test_import_from_excel_with_chinese_headers(hub):
    book = Workbook()
    sheet = book.active
    sheet.append(["外部编号", "诉求类型", "标题", "诉求内容", "区划代码"])
    sheet.append(["X-1", "求助", "楼道灯坏", "幸福里小区5栋楼道灯坏了。", "359902001001"])
    raw = io.BytesIO()
    book.save(raw)
    raw.seek(0)
    raw.name = "export.xlsx"
    report = client_for(hub.dispatcher).post(f"{API}/import", {"file": raw}).json()
    assert report["created"] == 1 and Appeal.objects.get(external_id="X-1").kind == "help"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.csv", b""),
        ("export.csv", b"subject,kind\nx,y\n"),  # no external_id / detail columns
        ("export.xlsx", b"PK\x03\x04 this is not a workbook"),
        ("export.pdf", b"%PDF-1.4"),
        ("export.csv", b"\xff\xfe\x00\x00garbage\x00"),
    ],
)
def test_malformed_import_files_are_refused_cleanly(hub, name, content):
    upload = io.BytesIO(content)
    upload.name = name
    answer = client_for(hub.dispatcher).post(f"{API}/import", {"file": upload})
    assert answer.status_code == 422, answer.content
    assert answer.json()["message"]
    assert not Appeal.objects.exists()


def test_import_is_for_dispatchers(hub):
    upload = io.BytesIO(_csv(IMPORT_ROWS[:1]))
    upload.name = "export.csv"
    assert client_for(hub.urban_handler).post(f"{API}/import", {"file": upload}).status_code == 403


def test_public_statistics_carry_no_personal_data_and_count_unresolved(hub):
    from zhizhi.appeals import services

    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched())
    services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
    services.appeal_close(actor=hub.dispatcher.user, appeal=appeal, resolved=False, note="诉求人要求赔偿，超出职责")
    answer = Client().get(f"{API}/statistics")
    assert answer.status_code == 200
    stats = answer.json()
    assert stats["total"] == 1 and stats["unresolved"] == 1 and stats["resolved"] == 0
    assert stats["by_category"] == [{"name": "城乡建设", "count": 1}]
    text = answer.content.decode()
    assert "13912345678" not in text and "刘市民" not in text


def test_lists_do_not_grow_queries_with_rows(hub):
    dispatcher = client_for(hub.dispatcher)
    hub.submit()

    def count() -> int:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            assert dispatcher.get(f"{API}/").status_code == 200
        return len(captured.captured_queries)

    before = count()
    for _ in range(5):
        hub.dispatched()
    assert count() == before
    assert Appeal.objects.filter(status=AppealStatus.DISPATCHED).count() == 5
