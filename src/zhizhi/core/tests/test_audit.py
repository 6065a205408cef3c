import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from zhizhi.core.audit import GENESIS, audit_record, audit_verify, entry_digest
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _chain(n: int, actor=None) -> list[AuditEntry]:
    return [audit_record(actor=actor, action="test.write", detail={"n": i, "text": "甲乙"}) for i in range(n)]


def _tamper(entry_id: int, sql_set: str) -> None:
    """Edit a row behind the ORM's back, as someone with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # a superuser bypassing triggers
        cursor.execute(f"UPDATE core_auditentry SET {sql_set} WHERE id = %s", [entry_id])  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_entries_are_linked_by_digest():
    entries = _chain(3)
    assert entries[0].prev_hash == GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert all(entry_digest(AuditEntry.objects.get(pk=e.pk)) == e.hash for e in entries)
    assert audit_verify().intact
    assert audit_verify().checked == 3


def test_sm3_is_the_default_and_sha256_selectable(settings):
    first = audit_record(actor=None, action="test.write")
    settings.AUDIT_HASH = "sha256"
    second = audit_record(actor=None, action="test.write")
    assert first.algorithm == "sm3" and second.algorithm == "sha256"
    assert len(first.hash) == len(second.hash) == 64
    assert audit_verify().intact


def test_verify_command_names_exactly_the_edited_entry(capsys):
    # given a chain of five entries
    entries = _chain(5)
    call_command("audit", "verify")
    assert "5 entries verified" in capsys.readouterr().out
    # when the third entry's detail is edited directly in the database
    _tamper(entries[2].pk, "action = 'test.innocent'")
    # then verify reports that entry and no other
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert f"entry #{entries[2].pk}:" in str(failure.value)
    assert "content does not match" in str(failure.value)


def test_a_removed_entry_breaks_the_next_link():
    entries = _chain(4)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    report = audit_verify()
    assert report.broken_id == entries[2].pk
    assert "link" in report.reason


def test_orm_refuses_to_change_or_delete_entries():
    entry = _chain(1)[0]
    entry.action = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_update_and_delete():
    from django.db.utils import DatabaseError

    entry = _chain(1)[0]
    for statement in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.write"


def test_client_address_is_recorded_from_the_request(client, django_user_model):
    from zhizhi.core.request_context import client_address

    token = client_address.set("203.0.113.9")
    try:
        entry = audit_record(actor=None, action="test.write")
    finally:
        client_address.reset(token)
    assert entry.client_ip == "203.0.113.9"


def test_an_anchor_reveals_a_cut_off_tail(capsys):
    from zhizhi.core.audit import audit_anchor

    entries = _chain(3)
    call_command("audit", "anchor")
    anchor = capsys.readouterr().out.strip()
    assert anchor == f"{entries[-1].pk}:{entries[-1].hash}"
    call_command("audit", "verify", "--anchor", anchor)
    # the newest entry is removed: the chain alone still looks intact, the anchor does not
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert audit_verify().intact
    with pytest.raises(CommandError, match="anchored entry is missing"):
        call_command("audit", "verify", "--anchor", anchor)
    assert audit_anchor() == f"{entries[1].pk}:{entries[1].hash}"


def test_openssl_and_gmssl_sm3_agree_with_the_standard_vector():
    # GB/T 32905-2016 appendix A: SM3("abc")
    from gmssl import func, sm3

    from zhizhi.core.audit import digest

    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert digest(b"abc", algorithm="sm3") == expected
    assert sm3.sm3_hash(func.bytes_to_list(b"abc")) == expected
