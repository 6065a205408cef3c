"""Staged intake for machine channels (Open311): a request is checked in full, stored in one INSERT and answered at
once with a token; the task queue registers the waiting requests as appeals in batches (one INSERT each for the
appeals, their timeline entries and their audit rows), then routes them. Bursts from other systems cost a request
three small queries instead of an audited transaction, and nothing accepted is lost: the request is committed before
the answer. People's channels (web form, hotline, JSON API) register at once, because a person waits for the number.

GeoReport v2 provides for this: the POST answers with a `token`, and `GET tokens/<token>` gives the request's
`service_request_id` once it is registered (usually within a second)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY

from zhizhi.accounts.models import ApiClient, Division
from zhizhi.appeals.models import Appeal, AppealEvent, Category, Channel, Intake
from zhizhi.appeals.services import AppealIn, _event, _number, appeal_check
from zhizhi.core.audit import audit_record_many
from zhizhi.core.bulk import bulk_update_rows

BATCH = 500  # requests registered per transaction
SCHEDULED = "appeals.intake.scheduled"  # queue flag: a registration task is waiting


def intake_accept(*, data: AppealIn, client: ApiClient | None, category: Category | None = None) -> Intake:
    """Check a request (InvalidInput with every problem, nothing stored) and store it for registration; `category`
    is the active category of `data.category_code` when the caller has looked it up already."""
    checked = appeal_check(data, category=category)
    values = dict(checked.values)
    division = values.pop("division")
    values.update(
        division_id=division.pk if division is not None else None,
        category_id=checked.category.pk if checked.category is not None else None,
        latitude=_text(values["latitude"]),
        longitude=_text(values["longitude"]),
    )
    intake = Intake.objects.create(
        token=secrets.token_hex(12),
        channel=data.channel,
        client=client,
        values=values,
        received_at=data.received_at or timezone.now(),
    )
    transaction.on_commit(_schedule)
    return intake


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _schedule() -> None:
    """Queue one registration task for however many requests arrive before it runs."""
    if HUEY.put_if_empty(SCHEDULED, b"1"):
        from zhizhi.appeals.tasks import intake_register_task

        intake_register_task()


def intake_register(*, limit: int = BATCH) -> list[Appeal]:
    """Register up to `limit` waiting requests as appeals, oldest first, in one transaction; workers running side by
    side take different requests. Their routing is queued after commit."""
    with transaction.atomic():
        waiting = list(Intake.objects.select_for_update(skip_locked=True).filter(appeal=None).order_by("id")[:limit])
        if not waiting:
            return []
        categories = Category.objects.in_bulk({i.values["category_id"] for i in waiting} - {None})
        divisions = Division.objects.in_bulk({i.values["division_id"] for i in waiting} - {None})
        appeals = []
        for intake in waiting:
            values = dict(intake.values)
            category, division = categories.get(values.pop("category_id")), divisions.get(values.pop("division_id"))
            appeals.append(
                Appeal(
                    **values,
                    number=f"tmp-{intake.token}",
                    category=category if category is not None and category.is_active else None,
                    division=division,
                    received_at=intake.received_at,
                )
            )
        reserved = _reserved_ids(len(appeals))
        if reserved:
            for appeal, pk in zip(appeals, reserved, strict=True):
                appeal.pk, appeal.number = pk, _number(pk, appeal.received_at)
        Appeal.objects.bulk_create(appeals)
        if not reserved:
            for appeal in appeals:
                appeal.number = _number(appeal.pk, appeal.received_at)
            bulk_update_rows(appeals, ["number"])
        note = str(Channel.OPEN311.label)
        events = [_event(a, kind="received", title=_("诉求已登记"), note=note, save=False) for a in appeals]
        AppealEvent.objects.bulk_create(events)
        audit_record_many(
            actor=None,
            action="appeals.appeal.submit",
            targets=appeals,
            details=[
                {"channel": a.channel, "external_id": a.external_id, "token": i.token, "client": i.client_id}
                for a, i in zip(appeals, waiting, strict=True)
            ],
        )
        now = timezone.now()
        for intake, appeal in zip(waiting, appeals, strict=True):
            intake.appeal, intake.registered_at = appeal, now
        bulk_update_rows(waiting, ["appeal", "registered_at"])
        ids = [a.pk for a in appeals]
        transaction.on_commit(lambda: _route(ids))
    return appeals


def _reserved_ids(count: int) -> list[int]:
    """On PostgreSQL, `count` ids taken from the appeals' sequence, so that a batch is inserted with its numbers
    (an appeal's number holds its id) rather than written twice; elsewhere none: ids come with the INSERT."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Appeal._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _route(appeal_ids: list[int]) -> None:
    from zhizhi.appeals.tasks import appeals_route_task

    appeals_route_task(appeal_ids)


def intake_drain() -> int:
    """Register every waiting request, batch after batch; how many were registered."""
    HUEY.delete(SCHEDULED)  # requests accepted from now on queue a task of their own
    registered = 0
    while batch := intake_register():
        registered += len(batch)
    return registered


def intake_status(token: str) -> Intake | None:
    """The accepted request a token stands for, with its appeal once registered."""
    return Intake.objects.select_related("appeal").filter(token=token).first()
