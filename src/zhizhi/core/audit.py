"""The tamper-evident audit chain: each entry's digest covers its content and its predecessor's digest.

SM3 (GB/T 32905) through `gmssl` is the default digest; SHA-256 can be selected with ZHIZHI_AUDIT_HASH.
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from gmssl import func, sm3

from zhizhi.core.models import AuditEntry
from zhizhi.core.request_context import canonical_address, client_address

GENESIS = "0" * 64
_POSTGRES_LOCK_KEY = 0x5A48_4155  # "ZHAU": serialises appends to the chain


# OpenSSL 3 computes SM3 about 700 times faster than gmssl's pure Python; both give the same digests.
_OPENSSL_SM3 = "sm3" in hashlib.algorithms_available


def digest(data: bytes, *, algorithm: str) -> str:
    """Hex digest of `data` with SM3 (OpenSSL when it has SM3, else gmssl) or SHA-256."""
    if algorithm == "sm3":
        if _OPENSSL_SM3:
            return hashlib.new("sm3", data).hexdigest()
        return str(sm3.sm3_hash(func.bytes_to_list(data)))
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"unknown digest algorithm {algorithm!r}")


def _canonical(entry: AuditEntry) -> bytes:
    content = {
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "department_code": entry.department_code,
        "client_ip": entry.client_ip or "",
        "detail": entry.detail,
        "algorithm": entry.algorithm,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_digest(entry: AuditEntry) -> str:
    """The digest an entry must carry, computed from its content and its predecessor's digest."""
    return digest(_canonical(entry), algorithm=entry.algorithm)


def _label(obj: Any) -> str:
    """How an actor or target is named in the log: its `audit_label` (masked for personal data), else str()."""
    if obj is None:
        return ""
    return str(getattr(obj, "audit_label", None) or obj)[:200]


def _entry(
    *, actor: Any, action: str, target: models.Model | None, department_code: str, detail: dict[str, Any]
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        created_at=datetime.now(UTC),
        actor=user,
        actor_label=_label(actor) if actor is not None else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target),
        department_code=department_code,
        client_ip=canonical_address(client_address.get()),
        detail=detail,
        algorithm=settings.AUDIT_HASH,
    )


def _chain(entries: Sequence[AuditEntry]) -> None:
    """Link the entries, in order, after the chain's last one; on PostgreSQL the chain's end stays locked until the
    caller's transaction ends, so concurrent writers append one after another."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_POSTGRES_LOCK_KEY])
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    for entry in entries:
        entry.prev_hash = last
        entry.hash = last = entry_digest(entry)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    department_code: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit chain inside the caller's transaction (no savepoint of its own: if the entry
    cannot be written, the caller's whole write fails with it)."""
    entry = _entry(actor=actor, action=action, target=target, department_code=department_code, detail=detail or {})
    with transaction.atomic(savepoint=False):
        _chain([entry])
        entry.save(force_insert=True)
    return entry


def audit_record_many(
    *,
    actor: Any,
    action: str,
    targets: Sequence[models.Model],
    details: Sequence[dict[str, Any]],
    department_codes: Sequence[str] | None = None,
) -> list[AuditEntry]:
    """Append one entry per target (with its detail and department) in one INSERT, for work done in batches; the
    chain is the same as if each had been recorded alone."""
    codes = department_codes if department_codes is not None else [""] * len(targets)
    entries = [
        _entry(actor=actor, action=action, target=target, department_code=code, detail=detail)
        for target, detail, code in zip(targets, details, codes, strict=True)
    ]
    with transaction.atomic(savepoint=False):
        _chain(entries)
        AuditEntry.objects.bulk_create(entries)
    return entries


@dataclass(frozen=True)
class ChainReport:
    """The outcome of recomputing the chain: how many entries were checked and the first broken one."""

    checked: int
    broken_id: int | None = None
    # "content": the entry was altered; "link": an entry before it was removed or altered; "anchor": see audit_verify
    kind: str = ""
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def audit_list(*, action_prefix: str = "") -> models.QuerySet[AuditEntry]:
    """Audit entries, newest first, optionally those whose action starts with a prefix."""
    entries = AuditEntry.objects.order_by("-id")
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries


def audit_anchor() -> str:
    """`<id>:<digest>` of the newest entry: keep it off the machine, and verify against it later."""
    last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return f"{last[0]}:{last[1]}" if last else f"0:{GENESIS}"


def audit_verify(*, anchor: str = "") -> ChainReport:
    """Recompute every digest in order and name the first entry whose content or link does not match.

    With an anchor from `audit_anchor()`, also check that the chain still holds that entry with that digest:
    this catches entries cut off the end, or a chain emptied and rebuilt.
    """
    previous = GENESIS
    checked = 0
    anchor_id, _, anchor_hash = anchor.partition(":")
    anchor_seen = not anchor or anchor_id == "0"
    for entry in _entries():
        if entry.prev_hash != previous:
            return ChainReport(
                checked=checked,
                broken_id=entry.pk,
                kind="link",
                reason="its link to the previous entry is broken (an entry before it was removed or altered)",
            )
        if entry_digest(entry) != entry.hash:
            return ChainReport(
                checked=checked, broken_id=entry.pk, kind="content", reason="its content does not match its digest"
            )
        previous = entry.hash
        checked += 1
        if str(entry.pk) == anchor_id:
            if entry.hash != anchor_hash:
                return ChainReport(
                    checked=checked, broken_id=entry.pk, kind="anchor", reason="it does not match the anchor"
                )
            anchor_seen = True
    if not anchor_seen:
        return ChainReport(
            checked=checked,
            broken_id=int(anchor_id) if anchor_id.isdigit() else -1,
            kind="anchor",
            reason="the anchored entry is missing (entries were cut off or the chain was replaced)",
        )
    return ChainReport(checked=checked)
