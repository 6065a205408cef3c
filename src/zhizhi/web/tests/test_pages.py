"""The shell's pages answer, in Chinese by default and in English on request, and guard their areas."""

import pytest
from django.test import Client

from zhizhi.conftest import client_for
from zhizhi.core.health import heartbeat_beat

pytestmark = pytest.mark.django_db


def test_portal_home_lists_departments_and_searches(org):
    page = Client().get("/").content.decode()
    assert "部门通讯录" in page and "市场监督管理局" in page and "教育局" in page
    found = Client().get("/?q=教育").content.decode()
    assert "教育局" in found and "市场监督管理局" not in found
    empty = Client().get("/?q=不存在的部门").content.decode()
    assert "没有找到匹配的部门" in empty


def test_api_docs_are_served_without_a_cdn(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_admin_area_sends_strangers_to_login(client, db):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/accounts/login/")


def test_non_administrators_get_403_in_the_admin_area(org):
    response = client_for(org.clerk_a).get("/admin/staff/")
    assert response.status_code == 403
    assert "仅限系统管理员" in response.content.decode()


def test_language_switch_to_english_and_back(org):
    client = client_for(org.clerk_a)
    assert "工作台" in client.get("/workbench/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/workbench/"})
    english = client.get("/workbench/").content.decode()
    assert "Workbench" in english and 'lang="en"' in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/workbench/"})
    assert "工作台" in client.get("/workbench/").content.decode()


def test_health_page_shows_database_queue_and_worker(org):
    client = client_for(org.admin, verified=True)
    stale = client.get("/admin/health/")
    assert stale.status_code == 503
    assert "zhizhi worker" in stale.content.decode()
    heartbeat_beat(name="worker")
    fresh = client.get("/admin/health/")
    assert fresh.status_code == 200
    assert "最近心跳" in fresh.content.decode()


def test_admin_manages_departments_and_staff_through_pages(org):
    client = client_for(org.admin, verified=True)
    response = client.post(
        "/admin/departments/new/",
        {"code": "359900-JTJ", "name": "交通运输局", "division": org.city.pk, "sort_order": 10},
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/staff/new/",
        {
            "username": "driver1",
            "name": "孙交通",
            "employee_no": "J001",
            "password": "Road-Safety-2026",
            "department": org.a.pk,
            "role": "reviewer",
        },
    )
    assert response.status_code == 302
    listing = client.get("/admin/staff/?q=孙").content.decode()
    assert "孙交通" in listing and "王窗口" not in listing
    partial = client.get("/admin/staff/?q=孙", HTTP_HX_REQUEST="true").content.decode()
    assert "孙交通" in partial and "<html" not in partial


def test_duplicate_department_code_shows_a_form_error(org):
    client = client_for(org.admin, verified=True)
    response = client.post(
        "/admin/departments/new/", {"code": org.a.code, "name": "重复局", "division": org.city.pk, "sort_order": 1}
    )
    assert response.status_code == 200
    assert "已被使用" in response.content.decode()


def test_audit_page_verifies_the_chain(org):
    client = client_for(org.admin, verified=True)
    client.post(
        "/admin/departments/new/", {"code": "359900-SLJ", "name": "水利局", "division": org.city.pk, "sort_order": 1}
    )
    page = client.get("/admin/audit/?verify=1").content.decode()
    assert "accounts.department.create" in page and "审计链完整" in page


def test_unknown_page_is_a_readable_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_database_admin_is_read_only_and_masks_personal_data(org):
    from zhizhi.accounts.tests.factories import PersonFactory

    person = PersonFactory(name="欧阳明", phone="13712345678")
    org.admin.user.is_superuser = True
    org.admin.user.is_staff = True
    org.admin.user.save()
    client = client_for(org.admin, verified=True)
    listing = client.get("/admin/db/accounts/person/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "欧**" in html and "欧阳明" not in html and person.id_number not in html
    detail = client.get(f"/admin/db/accounts/person/{person.pk}/change/").content.decode()
    assert "137****5678" in detail and "13712345678" not in detail
    assert client.get("/admin/db/accounts/person/add/").status_code == 403
    assert client.post(f"/admin/db/accounts/department/{org.a.pk}/change/", {"name": "改名"}).status_code == 403
