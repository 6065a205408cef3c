"""The client address in audit rows: the socket's, or behind trusted proxies the entry they added — never forged."""

import pytest
from django.test import RequestFactory

from zhizhi.conftest import api_json, client_for
from zhizhi.core.middleware import client_address_of
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "198.51.100.9", "192.0.2.1"),  # no proxy: X-Forwarded-For is ignored
        (1, "10.0.0.1", "198.51.100.9", "198.51.100.9"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # a forged first entry is ignored
        (1, "10.0.0.1", "not-an-ip", "10.0.0.1"),
        (1, "10.0.0.1", "2001:0DB8:0000::1", "2001:db8::1"),  # stored and hashed in canonical form
        (2, "10.0.0.1", "198.51.100.9", "10.0.0.1"),  # fewer entries than proxies: the socket's address
    ],
)
def test_client_address_of(settings, hops, remote, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address_of(request) == expected


def test_audit_rows_record_the_address_through_the_middleware(org, settings):
    from zhizhi.core.audit import audit_verify

    settings.TRUSTED_PROXY_HOPS = 1
    client = client_for(org.admin, verified=True)
    for forwarded in ("2001:0DB8:0000::1", "not-an-ip"):
        response = api_json(
            client,
            "post",
            "/api/v1/departments",
            {"code": f"359900-A{len(forwarded)}", "name": "地址测试局", "division_code": "359900"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 201
    addresses = list(AuditEntry.objects.filter(action="accounts.department.create").values_list("client_ip", flat=True))
    assert addresses == ["2001:db8::1", "127.0.0.1"]
    assert audit_verify().intact
