"""Staged intake: an Open311 request is checked and stored with a token, then registered as an appeal in batches
(one INSERT for appeals, timeline and audit rows) and routed; nothing accepted is lost and the audit chain holds."""

import pytest
from django.test import Client

from zhizhi.accounts.models import ApiClient, ApiScope
from zhizhi.appeals import intake, services
from zhizhi.appeals.models import Appeal, AppealStatus, Category, Channel, Intake
from zhizhi.core.audit import audit_verify
from zhizhi.core.errors import InvalidInput
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def request_in(hub, n: int = 0, **overrides) -> services.AppealIn:
    values = {
        "channel": Channel.OPEN311,
        "subject": f"幸福里小区路灯不亮（{n}）",
        "detail": f"幸福里小区{n}号楼门口的路灯坏了一周，晚上一片漆黑，请尽快维修。",
        "latitude": "26.0745",
        "longitude": "119.2965",
        "anonymous": True,
        "category_code": hub.category("路灯损坏").code,
    }
    values.update(overrides)
    return services.AppealIn(**values)


def test_an_accepted_request_waits_with_its_token_until_registered(hub, token_for, django_capture_on_commit_callbacks):
    key = token_for(hub.centre, [ApiScope.OPEN311.value])
    client = Client()
    # on-commit callbacks do not run in this test's transaction: the request stays accepted, not yet registered
    answer = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": key,
            "service_code": hub.category("市政设施").code,
            "lat": "26.0745",
            "long": "119.2965",
            "description": "人民路18号门口的窨井盖缺失，晚上行人容易掉下去，请尽快处理。",
        },
    )
    assert answer.status_code == 201, answer.content
    token = answer.json()[0]["token"]
    waiting = Intake.objects.get(token=token)
    assert waiting.appeal is None and waiting.client == ApiClient.objects.get(prefix=key.split("_")[1])
    assert not Appeal.objects.exists()
    assert client.get(f"{BASE}/tokens/{token}.json").json() == [{"service_request_id": None, "token": token}]

    # the task registers it: an appeal with its number, timeline entry and audit row, then routed
    with django_capture_on_commit_callbacks(execute=True):
        assert intake.intake_drain() == 1
    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.status) == (Channel.OPEN311, AppealStatus.RECEIVED)
    assert appeal.category == hub.category("市政设施") and appeal.routed_at is not None
    assert appeal.number.startswith("RX") and appeal.detail.startswith("人民路18号")
    assert appeal.events.get().kind == "received"
    audit = AuditEntry.objects.get(action="appeals.appeal.submit")
    assert audit.target_id == str(appeal.pk) and audit.detail["token"] == token
    assert client.get(f"{BASE}/tokens/{token}.json").json() == [{"service_request_id": appeal.number, "token": token}]
    assert intake.intake_drain() == 0  # nothing is registered twice


def test_batches_register_in_order_and_keep_the_audit_chain(hub):
    hub.submit()  # an appeal registered at once, before and after the batches
    tokens = [intake.intake_accept(data=request_in(hub, n), client=None).token for n in range(5)]
    assert len(intake.intake_register(limit=2)) == 2
    hub.submit()
    assert intake.intake_drain() == 3
    registered = [i.appeal for i in Intake.objects.select_related("appeal").order_by("id")]
    assert [i.token for i in Intake.objects.order_by("id")] == tokens
    assert [a.subject for a in registered] == [f"幸福里小区路灯不亮（{n}）" for n in range(5)]
    assert all(a.category == hub.category("路灯损坏") for a in registered)
    assert len({a.number for a in registered}) == 5
    assert AuditEntry.objects.filter(action="appeals.appeal.submit").count() == 7
    assert audit_verify().intact


def test_bad_requests_are_refused_before_anything_is_stored(hub):
    for overrides in (
        {"detail": ""},
        {"detail": "很长" * 50_000},
        {"latitude": "126.07"},
        {"category_code": "999999"},
    ):
        with pytest.raises(InvalidInput):
            intake.intake_accept(data=request_in(hub, **overrides), client=None)
    assert not Intake.objects.exists()


def test_a_category_closed_while_waiting_leaves_the_choice_to_the_dispatcher(hub):
    intake.intake_accept(data=request_in(hub), client=None)
    Category.objects.filter(name="路灯损坏").update(is_active=False)
    appeal = intake.intake_register()[0]
    assert appeal.category is None and appeal.status == AppealStatus.RECEIVED
