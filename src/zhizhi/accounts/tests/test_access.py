"""Role × department scope, tested through the API as a department's staff would meet it."""

import pytest
from django.test import Client

from zhizhi.accounts.access import department_scope
from zhizhi.conftest import client_for

pytestmark = pytest.mark.django_db


def _staff_names(client: Client, department_id: int) -> list[str]:
    response = client.get(f"/api/v1/departments/{department_id}/staff")
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_staff_of_department_a_cannot_read_department_b_internal_records(org):
    # given a window clerk of department A
    client = client_for(org.clerk_a)
    # when they ask for department B's staff list
    response = client.get(f"/api/v1/departments/{org.b.pk}/staff")
    # then department B looks like it does not exist for them
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}
    # and their own department answers
    assert "王窗口" in _staff_names(client, org.a.pk)


def test_a_role_reaches_the_sub_units_but_not_the_parent(org):
    from zhizhi.accounts.models import Role
    from zhizhi.accounts.tests.factories import staff_with_role

    unit_clerk = staff_with_role(org.a_unit, Role.WINDOW_CLERK, user__username="unit_clerk")
    head = client_for(org.head_a)
    assert _staff_names(head, org.a_unit.pk) == [unit_clerk.name]
    assert client_for(unit_clerk).get(f"/api/v1/departments/{org.a.pk}/staff").status_code == 404


def test_supervisors_and_administrators_see_every_department(org):
    assert department_scope(org.supervisor.user) is None
    assert department_scope(org.admin.user) is None
    assert "赵教育" in _staff_names(client_for(org.supervisor), org.b.pk)


def test_api_token_sees_only_its_own_department(org, token_for):
    token = token_for(org.a, ["departments:read"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/departments/{org.a.pk}/staff").status_code == 200
    assert client.get(f"/api/v1/departments/{org.b.pk}/staff").status_code == 404


def test_citizens_get_403_on_staff_endpoints(org, django_user_model):
    citizen = django_user_model.objects.create(username="p13900000000", phone="13900000000")
    client = Client()
    client.force_login(citizen)
    assert client.get(f"/api/v1/departments/{org.a.pk}/staff").status_code == 403
    assert client.get("/api/v1/persons?name=张三").status_code == 403


def test_only_administrators_manage_staff(org):
    assert client_for(org.clerk_a).get("/api/v1/staff").status_code == 403
    assert client_for(org.head_a).get("/api/v1/api-clients").status_code == 403
    assert client_for(org.admin, verified=True).get("/api/v1/staff").status_code == 200


def test_administrator_api_needs_a_verified_second_factor(org):
    unverified = client_for(org.admin)
    response = unverified.get("/api/v1/staff")
    assert response.status_code == 403
    assert response.json()["extra"] == {"reason": "two_factor_required"}
    assert client_for(org.admin, verified=True).get("/api/v1/staff").status_code == 200
