"""The service hall API: catalogue, upload + submit, inbox, access between departments and applicants, bad input,
BPMN upload refusals, catalogue import/export, certificate verification."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhizhi.accounts.models import Role
from zhizhi.accounts.tests.factories import DepartmentFactory, staff_with_role
from zhizhi.conftest import api_json, client_for
from zhizhi.servicehall import services
from zhizhi.servicehall.models import Application, ProcessDefinition, StoredFile
from zhizhi.servicehall.tests.conftest import PDF, food_form, pdf_upload

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
API = "/api/v1/servicehall"


def _citizen_client(hall) -> Client:
    client = Client()
    client.force_login(hall.citizen)
    return client


def _upload(client: Client, content: bytes = PDF, name: str = "申请书.pdf"):
    return client.post(f"{API}/files", {"file": SimpleUploadedFile(name, content)})


def _apply(hall, client: Client | None = None):
    client = client or _citizen_client(hall)
    file_id = _upload(client).json()["id"]
    body = {"data": food_form(), "files": {"m1": file_id}, "reuse": {"m2": hall.id_card.pk}, "consent": True}
    return api_json(client, "post", f"{API}/items/{hall.food.implementation_code}/applications", body)


def test_public_catalogue_search_and_guide(hall):
    client = Client()
    found = client.get(f"{API}/items", {"q": "开饭店"}).json()
    assert found["items"][0]["implementation_code"] == hall.food.implementation_code
    assert found["items"][0]["name"] == "食品经营许可证核发"
    assert found["items"][0]["department_code"] == "359900-SCJ" and found["items"][0]["promised_limit_days"] == 5
    guide = client.get(f"{API}/items/{hall.food.implementation_code}").json()
    assert guide["guide"]["materials"][1]["certificate_type"] == "resident_id"
    assert client.get(f"{API}/items/NOPE").status_code == 404
    assert client.get(f"{API}/themes").status_code == 200
    assert client.get(f"{API}/bundles").json()[0]["code"] == "open-business"


def test_citizen_uploads_submits_and_follows_the_application(hall):
    client = _citizen_client(hall)
    response = _apply(hall, client)
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    detail = client.get(f"{API}/applications/{number}").json()
    assert detail["status"] == "submitted"
    assert {m["code"] for m in detail["materials"]} == {"m1", "m2"}
    assert detail["tasks"] == []  # applicants do not see internal tasks
    assert client.get(f"{API}/applications").json()["count"] == 1


def test_inbox_claim_complete_through_the_api(hall):
    number = _apply(hall).json()["number"]
    clerk = client_for(hall.org.clerk_a)
    inbox = clerk.get(f"{API}/tasks").json()["items"]
    task = next(t for t in inbox if t["application_number"] == number)
    assert task["outcomes"] == ["accept", "correction", "refuse"] or set(task["outcomes"]) == {
        "accept",
        "correction",
        "refuse",
    }
    assert api_json(clerk, "post", f"{API}/tasks/{task['id']}/claim", {}).status_code == 200
    done = api_json(clerk, "post", f"{API}/tasks/{task['id']}/complete", {"outcome": "accept", "opinion": "材料齐全"})
    assert done.status_code == 200
    assert Application.objects.get(number=number).status == "processing"
    bad = api_json(clerk, "post", f"{API}/tasks/{task['id']}/complete", {"outcome": "accept"})
    assert bad.status_code in (404, 409)
    assert set(bad.json()) == {"message", "extra"}


def test_staff_of_another_department_cannot_see_the_application_or_its_file(hall):
    number = _apply(hall).json()["number"]
    application = Application.objects.get(number=number)
    outsider = client_for(hall.org.clerk_b)  # education bureau, not on this process
    assert outsider.get(f"{API}/applications/{number}").status_code == 404
    assert outsider.get(f"{API}/applications").json()["count"] == 0
    assert outsider.get(f"{API}/tasks").json()["count"] == 0
    material = application.materials.get(spec__code="m1")
    page = outsider.get(f"/workbench/applications/{number}/materials/{material.pk}/")
    assert page.status_code == 404
    insider = client_for(hall.org.clerk_a)
    assert insider.get(f"{API}/applications/{number}").status_code == 200


def test_applicants_see_only_their_own(hall):
    number = _apply(hall).json()["number"]
    other = Client()
    other.force_login(hall.other_citizen)
    assert other.get(f"{API}/applications/{number}").status_code == 404
    assert other.get(f"{API}/applications").json()["count"] == 0
    stranger = Client()
    assert stranger.get(f"{API}/applications/{number}").status_code in (401, 403)


def test_staff_task_from_another_department_cannot_be_completed(hall):
    number = _apply(hall).json()["number"]
    task = Application.objects.get(number=number).tasks.get()
    outsider = client_for(hall.org.clerk_b)
    response = api_json(outsider, "post", f"{API}/tasks/{task.pk}/complete", {"outcome": "accept"})
    assert response.status_code == 404


def test_bad_uploads_get_clear_4xx(hall, monkeypatch):
    client = _citizen_client(hall)
    disguised = _upload(client, b"<html><script>alert(1)</script></html>", "证明.pdf")
    assert disguised.status_code == 422 and disguised.json()["message"]
    monkeypatch.setattr("zhizhi.servicehall.uploads.MAX_UPLOAD_BYTES", 100)
    oversized = _upload(client, PDF + b"0" * 200)
    assert oversized.status_code == 413 and oversized.json()["message"]
    assert StoredFile.objects.count() == 0


def test_form_violating_the_schema_is_422_with_fields(hall):
    client = _citizen_client(hall)
    file_id = _upload(client).json()["id"]
    body = {
        "data": {"contact_phone": "abc", "business_kind": "不存在"},
        "files": {"m1": file_id},
        "reuse": {"m2": hall.id_card.pk},
        "consent": True,
    }
    response = api_json(client, "post", f"{API}/items/{hall.food.implementation_code}/applications", body)
    assert response.status_code == 422
    assert {"contact_phone", "business_kind", "shop_name"} <= set(response.json()["extra"]["fields"])
    assert Application.objects.count() == 0


def test_someone_elses_file_cannot_be_attached(hall):
    owner = _citizen_client(hall)
    file_id = _upload(owner).json()["id"]
    other = Client()
    other.force_login(hall.other_citizen)
    body = {"data": food_form(), "files": {"m1": file_id}}
    response = api_json(other, "post", f"{API}/items/{hall.food.implementation_code}/applications", body)
    assert response.status_code == 422


def test_staff_cannot_apply_as_citizens(hall):
    clerk = client_for(hall.org.clerk_a)
    response = api_json(clerk, "post", f"{API}/items/{hall.food.implementation_code}/applications", {"data": {}})
    assert response.status_code == 403


def test_rating_and_certificates_through_the_api(hall):
    client = _citizen_client(hall)
    number = _apply(hall, client).json()["number"]
    application = Application.objects.get(number=number)
    for staff, spec, outcome in (
        (hall.org.clerk_a, "accept", "accept"),
        (hall.reviewer_a, "review", "pass"),
        (hall.org.head_a, "decide", "approve"),
    ):
        task = application.tasks.get(spec=spec, status="open")
        services.task_complete(actor=staff.user, task=task, outcome=outcome)
    certificates = client.get(f"{API}/my/certificates").json()
    issued = next(c for c in certificates if c["type_code"] == "food_business_license")
    verified = Client().get(f"{API}/certificates/verify", {"number": issued["number"], "digest": issued["digest"]})
    assert verified.json()["valid"] is True and "*" in verified.json()["holder_name"]
    forged = Client().get(f"{API}/certificates/verify", {"number": issued["number"], "digest": "f" * 64})
    assert forged.json() == {
        "valid": False,
        "type_name": None,
        "holder_name": None,
        "issuer_name": None,
        "issued_on": None,
        "valid_until": None,
        "status": None,
    }
    bad_level = api_json(client, "post", f"{API}/applications/{number}/rating", {"level": 9})
    assert bad_level.status_code == 422
    rated = api_json(client, "post", f"{API}/applications/{number}/rating", {"level": 5, "comment": "很快"})
    assert rated.status_code == 201
    again = api_json(client, "post", f"{API}/applications/{number}/rating", {"level": 1})
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("malformed.bpmn", "malformed_xml"),
        ("script_task.bpmn", "script_task_forbidden"),
    ],
)
def test_bad_bpmn_uploads_are_refused(hall, fixture, code):
    admin = client_for(hall.org.admin, verified=True)
    path = FIXTURES / fixture
    if not path.exists():
        pytest.fail(f"fixture {fixture} missing")
    response = admin.post(
        f"{API}/admin/processes",
        {"key": "custom", "name": "自定义", "file": SimpleUploadedFile(fixture, path.read_bytes())},
    )
    assert response.status_code == 422, response.content
    assert response.json()["extra"]["code"] == code
    assert not ProcessDefinition.objects.filter(key="custom").exists()


def test_valid_bpmn_upload_becomes_a_new_version(hall):
    from zhizhi.servicehall.process import default_definition

    admin = client_for(hall.org.admin, verified=True)
    xml = default_definition("standard").encode()
    response = admin.post(f"{API}/admin/processes", {"key": "custom", "file": SimpleUploadedFile("s.bpmn", xml)})
    assert response.status_code == 201
    assert response.json()["version"] == 1
    clerk = client_for(hall.org.clerk_a)
    assert (
        clerk.post(f"{API}/admin/processes", {"key": "x", "file": SimpleUploadedFile("s.bpmn", xml)}).status_code == 403
    )


def test_catalogue_export_and_reimport_round_trip(hall):
    admin = client_for(hall.org.admin, verified=True)
    exported = admin.get(f"{API}/admin/catalogue").json()
    assert len(exported["items"]) == 6
    report = api_json(admin, "post", f"{API}/admin/catalogue", exported).json()
    assert report["versions_published"] == 0 and report["items_unchanged"] == 6
    workbook = admin.get(f"{API}/admin/catalogue", {"format": "xlsx"})
    from zhizhi.servicehall.interchange import document_from_workbook

    assert len(document_from_workbook(workbook.content).items) == 6
    broken = api_json(
        admin, "post", f"{API}/admin/catalogue", {"format": "zhizhi.servicehall.catalogue/1", "items": [{}]}
    )
    assert broken.status_code == 422 and broken.json()["extra"]["errors"]


def _query_count(client: Client, path: str, expected_count: int) -> int:
    connection.queries_log.clear()  # the log holds at most 9,000 entries; a full one would count nothing
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).json()["count"] == expected_count
    return len(captured)


def test_inbox_and_list_queries_do_not_grow_with_rows(hall):
    client = _citizen_client(hall)
    for _ in range(2):
        _apply(hall, client)
    clerk = client_for(hall.org.clerk_a)
    few_tasks = _query_count(clerk, f"{API}/tasks", 2)
    few_apps = _query_count(client, f"{API}/applications", 2)
    for _ in range(4):
        _apply(hall, client)
    assert _query_count(clerk, f"{API}/tasks", 6) == few_tasks
    assert _query_count(client, f"{API}/applications", 6) == few_apps


def test_a_staff_member_of_a_joint_reviewer_sees_the_application(hall):
    application = services.application_submit(
        user=hall.citizen,
        version=hall.school.current,
        form_data={"contact_phone": "13900001111"},
        supplied=services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True),
    )
    gaj = client_for(hall.reviewer_gaj)
    assert gaj.get(f"{API}/applications/{application.number}").status_code == 200
    unrelated = staff_with_role(DepartmentFactory(code="359900-WJW", division=hall.org.city), Role.REVIEWER)
    assert client_for(unrelated).get(f"{API}/applications/{application.number}").status_code == 404


def test_openapi_lists_service_hall_paths():
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    assert "/api/v1/servicehall/items/{code}/applications" in schema["paths"]
    assert "/api/v1/servicehall/tasks/{task_id}/complete" in schema["paths"]


def test_supervisors_and_administrators_read_but_do_not_decide(hall):
    number = _apply(hall).json()["number"]
    task = Application.objects.get(number=number).tasks.get()
    for staff in (hall.org.supervisor, hall.org.admin):
        client = client_for(staff, verified=True)
        assert client.get(f"{API}/applications/{number}").status_code == 200
        assert client.get(f"{API}/tasks").json()["count"] == 0
        response = api_json(client, "post", f"{API}/tasks/{task.pk}/complete", {"outcome": "accept"})
        assert response.status_code == 404


def test_a_task_claimed_by_a_colleague_cannot_be_completed(hall):
    number = _apply(hall).json()["number"]
    task = Application.objects.get(number=number).tasks.get()
    colleague = staff_with_role(hall.org.a, Role.WINDOW_CLERK, user__username="clerk_a2")
    services.task_claim(actor=colleague.user, task=task)
    response = api_json(client_for(hall.org.clerk_a), "post", f"{API}/tasks/{task.pk}/complete", {"outcome": "accept"})
    assert response.status_code == 403


def test_staff_see_personal_data_unmasked_only_with_role_and_purpose(hall):
    from zhizhi.core.models import AuditEntry

    number = _apply(hall).json()["number"]
    head = client_for(hall.org.head_a)  # department heads may not unmask
    assert head.get(f"{API}/applications/{number}", {"purpose": "审批"}).json()["form_data"]["contact_phone"] == (
        "139****1111"
    )
    clerk = client_for(hall.org.clerk_a)
    assert clerk.get(f"{API}/applications/{number}").json()["form_data"]["contact_phone"] == "139****1111"
    views = AuditEntry.objects.filter(action="servicehall.application.view").count()
    unmasked = clerk.get(f"{API}/applications/{number}", {"purpose": "受理审查"}).json()
    assert unmasked["form_data"]["contact_phone"] == "13900001111"
    assert AuditEntry.objects.filter(action="servicehall.application.view").count() == views + 1


def test_tokens_need_the_service_hall_scope(hall, token_for):
    number = _apply(hall).json()["number"]
    bare = token_for(hall.org.a, [])
    assert Client().get(f"{API}/applications/{number}", HTTP_AUTHORIZATION=f"Bearer {bare}").status_code == 403
    scoped = token_for(hall.org.a, ["servicehall:read"])
    detail = Client().get(f"{API}/applications/{number}", HTTP_AUTHORIZATION=f"Bearer {scoped}").json()
    assert detail["form_data"]["contact_phone"] == "139****1111"


def test_bpmn_with_an_unknown_end_event_is_refused(hall):
    from zhizhi.servicehall.process import default_definition

    xml = (
        default_definition("standard")
        .replace('id="denied"', 'id="rejected"')
        .replace('targetRef="denied"', 'targetRef="rejected"')
    )
    admin = client_for(hall.org.admin, verified=True)
    response = admin.post(
        f"{API}/admin/processes", {"key": "custom", "file": SimpleUploadedFile("x.bpmn", xml.encode())}
    )
    assert response.status_code == 422
    assert response.json()["extra"]["code"] in ("unknown_end_event", "not_bpmn")


def test_catalogue_with_duplicate_codes_is_refused(hall):
    admin = client_for(hall.org.admin, verified=True)
    document = admin.get(f"{API}/admin/catalogue").json()
    document["items"][0]["materials"].append(dict(document["items"][0]["materials"][0]))
    response = api_json(admin, "post", f"{API}/admin/catalogue", document)
    assert response.status_code == 422
    document = admin.get(f"{API}/admin/catalogue").json()
    document["bundles"][0]["items"].append(document["bundles"][0]["items"][0])
    assert api_json(admin, "post", f"{API}/admin/catalogue", document).status_code == 422


def test_huge_ids_are_422_not_500(hall):
    client = _citizen_client(hall)
    body = {"data": food_form(), "files": {"m1": 10**30}}
    response = api_json(client, "post", f"{API}/items/{hall.food.implementation_code}/applications", body)
    assert response.status_code == 422
    assert Client().get(f"{API}/items", {"department_id": 10**30}).status_code == 422
