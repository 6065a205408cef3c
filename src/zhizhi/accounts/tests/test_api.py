import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhizhi.accounts.models import ApiClient
from zhizhi.accounts.tests.factories import DepartmentFactory, EnterpriseFactory, PersonFactory
from zhizhi.conftest import api_json, client_for
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_me_describes_staff_with_roles(org):
    body = client_for(org.clerk_a).get("/api/v1/me").json()
    assert body["kind"] == "staff"
    assert body["roles"] == [
        {
            "department_id": org.a.pk,
            "department_name": "市场监督管理局",
            "role": "window_clerk",
            "role_label": "窗口受理人员",
        }
    ]
    assert "*" in body["phone"]


def test_divisions_are_paginated_and_filterable(org):
    client = client_for(org.clerk_a)
    body = client.get("/api/v1/divisions?page_size=1").json()
    assert body["count"] == 2 and body["page_size"] == 1 and len(body["items"]) == 1
    children = client.get("/api/v1/divisions?parent=359900").json()["items"]
    assert [d["code"] for d in children] == ["359902"]
    assert client.get("/api/v1/divisions/999999").status_code == 404


def test_department_list_has_constant_query_count(org):
    client = client_for(org.clerk_a)
    client.get("/api/v1/departments")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/departments").status_code == 200
    for i in range(15):
        DepartmentFactory(code=f"359900-X{i}", division=org.city, parent=org.a)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/departments").json()
    assert body["count"] == 19
    assert len(many) == len(few)


def test_staff_list_has_constant_query_count(org):
    from zhizhi.accounts.models import Role
    from zhizhi.accounts.tests.factories import staff_with_role

    client = client_for(org.admin, verified=True)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/staff").status_code == 200
    for i in range(10):
        staff_with_role(org.b, Role.REVIEWER, user__username=f"rev{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/staff").json()["count"] == 15
    assert len(many) == len(few)


def test_admin_creates_department_and_staff_and_both_are_audited(org):
    client = client_for(org.admin, verified=True)
    response = api_json(
        client,
        "post",
        "/api/v1/departments",
        {"code": "359900-WJW", "name": "卫生健康委员会", "division_code": "359900"},
    )
    assert response.status_code == 201, response.content
    department_id = response.json()["id"]
    response = api_json(
        client,
        "post",
        "/api/v1/staff",
        {
            "username": "nurse1",
            "name": "周护士",
            "employee_no": "W001",
            "password": "Str0ng-Passw0rd",
            "memberships": [{"department_id": department_id, "role": "reviewer"}],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["roles"][0]["role"] == "reviewer"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "accounts.department.create" in actions and "accounts.staff.create" in actions
    entry = AuditEntry.objects.get(action="accounts.staff.create")
    assert entry.actor == org.admin.user and entry.client_ip == "127.0.0.1"


def test_duplicate_department_code_is_409_and_adds_nothing(org):
    client = client_for(org.admin, verified=True)
    before = AuditEntry.objects.count()
    response = api_json(
        client, "post", "/api/v1/departments", {"code": org.a.code, "name": "重复", "division_code": "359900"}
    )
    assert response.status_code == 409
    assert response.json()["extra"]["field"] == "code"
    assert AuditEntry.objects.count() == before


def test_weak_staff_password_is_422(org):
    response = api_json(
        client_for(org.admin, verified=True),
        "post",
        "/api/v1/staff",
        {
            "username": "weak",
            "name": "弱",
            "employee_no": "W9",
            "password": "12345678",
            "memberships": [{"department_id": org.a.pk, "role": "reviewer"}],
        },
    )
    assert response.status_code == 422
    assert response.json()["extra"]["field"] == "password"


def test_person_lookup_is_masked_by_default(org):
    person = PersonFactory(name="张三丰")
    body = client_for(org.clerk_b).get(f"/api/v1/persons?id_number={person.id_number}").json()
    item = body["items"][0]
    assert item["masked"] is True
    assert item["name"] == "张**"
    assert item["id_number"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert item["phone"].count("*") == 4 and item["birth_date"] is None
    assert "城关街道***" in item["address"]


def test_unmasked_read_needs_role_and_purpose_and_is_audited(org):
    person = PersonFactory()
    clerk = client_for(org.clerk_a)
    assert clerk.get(f"/api/v1/persons/{person.pk}?unmask=true").status_code == 422  # no purpose
    response = clerk.get(f"/api/v1/persons/{person.pk}?unmask=true&purpose=核验申请人身份")
    assert response.status_code == 200
    assert response.json()["id_number"] == person.id_number
    entry = AuditEntry.objects.get(action="accounts.person.read_unmasked")
    assert entry.target_id == str(person.pk) and entry.detail == {"purpose": "核验申请人身份"}
    # a department head's role does not allow unmasking
    assert client_for(org.head_a).get(f"/api/v1/persons/{person.pk}?unmask=true&purpose=看看").status_code == 422


def test_person_search_without_criteria_returns_nothing(org):
    PersonFactory()
    assert client_for(org.clerk_a).get("/api/v1/persons").json()["count"] == 0


def test_enterprise_lookup_masks_the_legal_representative(org):
    enterprise = EnterpriseFactory()
    item = client_for(org.clerk_a).get(f"/api/v1/enterprises?uscc={enterprise.uscc}").json()["items"][0]
    assert item["name"] == enterprise.name
    assert item["legal_representative"].endswith("*")


def test_token_lifecycle_scope_and_revocation(org):
    admin = client_for(org.admin, verified=True)
    created = api_json(
        admin,
        "post",
        "/api/v1/api-clients",
        {"name": "不动产系统", "department_id": org.a.pk, "scopes": ["persons:read"]},
    )
    assert created.status_code == 201
    token = created.json()["token"]
    assert ApiClient.objects.get().token_hash != token  # only the digest is stored
    system = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    PersonFactory(name="王五")
    assert system.get("/api/v1/me").json()["kind"] == "api_client"
    assert system.get("/api/v1/persons?name=王五").json()["count"] == 1
    assert system.get("/api/v1/enterprises?q=x").status_code == 403  # scope not granted
    client_id = created.json()["id"]
    assert admin.post(f"/api/v1/api-clients/{client_id}/revoke", content_type="application/json").status_code == 200
    assert system.get("/api/v1/me").status_code == 401
    assert admin.post(f"/api/v1/api-clients/{client_id}/revoke", content_type="application/json").status_code == 409


def test_a_forged_token_is_refused(org, token_for):
    token = token_for(org.a, ["persons:read"])
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {forged}").get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/me").status_code == 401


def test_unknown_scope_is_422(org):
    response = api_json(
        client_for(org.admin, verified=True),
        "post",
        "/api/v1/api-clients",
        {"name": "x系统", "department_id": org.a.pk, "scopes": ["everything"]},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/enterprises?q=示范市", "/api/v1/divisions"])
def test_other_lists_have_constant_query_count(org, path):
    from zhizhi.accounts.models import Division

    client = client_for(org.clerk_a)
    EnterpriseFactory()
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for i in range(12):
        EnterpriseFactory()
        Division.objects.create(code=f"359902{i + 1:03d}", name=f"街道{i}", level="street", parent=org.district)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).json()["count"] > 10
    assert len(many) == len(few)


def test_department_staff_and_api_clients_lists_have_constant_query_count(org, token_for):
    from zhizhi.accounts.models import Role
    from zhizhi.accounts.tests.factories import staff_with_role

    admin = client_for(org.admin, verified=True)
    paths = [f"/api/v1/departments/{org.a.pk}/staff", "/api/v1/api-clients"]
    token_for(org.a, ["persons:read"])
    counts = []
    for _round in range(2):
        for path in paths:
            admin.get(path)
        with CaptureQueriesContext(connection) as queries:
            bodies = [admin.get(path).json() for path in paths]
        counts.append(len(queries))
        for i in range(8):
            staff_with_role(org.a, Role.REVIEWER, user__username=f"more{_round}{i}")
            token_for(org.a, ["persons:read"])
    assert counts[0] == counts[1]
    assert bodies[0]["count"] == 10 and bodies[1]["count"] == 9
