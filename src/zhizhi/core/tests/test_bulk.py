"""Batch writes: each row gets its own values, of every kind of column, and nothing else changes."""

from datetime import UTC, datetime

import pytest

from zhizhi.accounts.models import ApiClient
from zhizhi.accounts.services import api_client_create
from zhizhi.core.bulk import bulk_update_rows


@pytest.mark.django_db
def test_each_row_gets_its_own_values(org, django_assert_num_queries):
    clients = [
        api_client_create(actor=org.admin.user, name=f"系统{i}", department=org.a, scopes=["persons:read"])[0]
        for i in range(3)
    ]
    untouched = api_client_create(actor=org.admin.user, name="其他", department=org.a, scopes=[])[0]
    revoked = datetime(2026, 5, 1, 8, 30, tzinfo=UTC)
    for client, department, scopes, when in zip(
        clients,
        (org.b, org.a, org.b),
        (["open311"], [], ["persons:read", "open311"]),
        (revoked, None, revoked),
        strict=True,
    ):
        client.department, client.scopes, client.revoked_at, client.name = department, scopes, when, "改名"
    with django_assert_num_queries(1):
        bulk_update_rows(clients, ["department", "scopes", "revoked_at"])
    rows = {c.pk: c for c in ApiClient.objects.all()}
    assert [(rows[c.pk].department, rows[c.pk].scopes, rows[c.pk].revoked_at) for c in clients] == [
        (org.b, ["open311"], revoked),
        (org.a, [], None),
        (org.b, ["persons:read", "open311"], revoked),
    ]
    assert {rows[c.pk].name for c in clients} == {"系统0", "系统1", "系统2"}  # fields not named are not written
    assert (rows[untouched.pk].name, rows[untouched.pk].revoked_at) == ("其他", None)
    bulk_update_rows([], ["name"])  # nothing to do is no error
