"""Bad input never gets a 500: each answers with its status and {"message", "extra"}."""

import pytest

from zhizhi.conftest import api_json, client_for

pytestmark = pytest.mark.django_db


def test_malformed_json_body_is_400(org):
    client = client_for(org.admin, verified=True)
    response = client.post("/api/v1/departments", data='{"code": "X", ', content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert "JSON" in body["message"]


def test_ten_megabyte_body_is_413_before_it_is_read(client):
    response = client.post("/api/v1/auth/register", data=b"x" * (10 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["extra"]["limit_bytes"] == 5 * 1024 * 1024


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["extra"]["path"] == "/api/v1/no-such-thing"
    assert client.get("/api/v2/anything").json()["message"]


def test_schema_violation_is_422_naming_the_field(org):
    client = client_for(org.admin, verified=True)
    response = api_json(client, "post", "/api/v1/departments", {"code": "359900-X", "name": "新局"})
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["extra"]["errors"]]
    assert "division_code" in fields


def test_unauthenticated_is_401_in_the_error_shape(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}


def test_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/me",
        "/api/v1/divisions",
        "/api/v1/departments",
        "/api/v1/staff",
        "/api/v1/persons",
        "/api/v1/enterprises",
        "/api/v1/api-clients",
        "/api/v1/auth/register",
    ):
        assert path in paths


def test_pages_send_a_csp_without_inline_scripts(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"


def test_nul_characters_are_400_not_a_database_error(org):
    client = client_for(org.clerk_a)
    for path in ("/?q=%00", "/api/v1/departments?q=%00", "/api/v1/persons?name=a%00b"):
        response = client.get(path)
        assert response.status_code == 400, path
    body = api_json(
        client_for(org.admin, verified=True),
        "post",
        "/api/v1/departments",
        {"code": "359900-NUL", "name": "空\u0000局", "division_code": "359900"},
    )
    assert body.status_code == 400 and body.json()["extra"] == {"reason": "nul"}


@pytest.mark.parametrize("query", ["page=9223372036854775807", "page=0", "page_size=-1", "page_size=100000", "page=x"])
def test_out_of_range_pagination_is_422(org, query):
    response = client_for(org.clerk_a).get(f"/api/v1/departments?{query}")
    assert response.status_code == 422
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("sort_order", -5), ("sort_order", 10**12), ("address", "路" * 1000), ("code", "有 空格"), ("phone", "1" * 41)],
)
def test_department_fields_out_of_bounds_are_422(org, field, value):
    body = {"code": "359900-NEW", "name": "新部门", "division_code": "359900", field: value}
    response = api_json(client_for(org.admin, verified=True), "post", "/api/v1/departments", body)
    assert response.status_code == 422
    assert response.json()["extra"]["errors"][0]["field"] == field
