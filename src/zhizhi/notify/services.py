"""Sending notifications: the inbox row in the caller's transaction, e-mail and SMS after commit."""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhizhi.accounts.models import User
from zhizhi.notify.models import Notification

CHANNELS = ("inbox", "email", "sms")


def notification_send(
    *, recipient: User, title: str, body: str = "", link: str = "", channels: Sequence[str] = ("inbox",)
) -> Notification:
    """Put a message in the recipient's inbox and queue the e-mail and SMS copies for after commit."""
    return notification_send_many(recipients=[recipient], title=title, body=body, link=link, channels=channels)[0]


def notification_send_many(
    *, recipients: Iterable[User], title: str, body: str = "", link: str = "", channels: Sequence[str] = ("inbox",)
) -> list[Notification]:
    """`notification_send` to several people (each once) in one INSERT."""
    return notices_send([Notice(recipients=list(recipients), title=title, body=body, link=link)], channels=channels)


@dataclass(frozen=True)
class Notice:
    """One message for some people."""

    recipients: Sequence[User]
    title: str
    body: str = ""
    link: str = ""


def notices_send(notices: Iterable[Notice], *, channels: Sequence[str] = ("inbox",)) -> list[Notification]:
    """Several messages, each to its recipients (each once), in one INSERT: for work done in batches."""
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown notification channels {sorted(unknown)}")
    rows = [
        Notification(recipient=user, title=notice.title, body=notice.body, link=notice.link, channels=list(channels))
        for notice in notices
        for user in {user.pk: user for user in notice.recipients}.values()
    ]
    notifications = Notification.objects.bulk_create(rows)
    if "email" in channels or "sms" in channels:
        from zhizhi.notify.tasks import notification_deliver

        for notification in notifications:
            transaction.on_commit(functools.partial(notification_deliver, notification.pk))
    return notifications


def notification_mark_read(*, recipient: User, notification_ids: Sequence[int] | None = None) -> int:
    """Mark some (or all) of a user's unread messages read; returns how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
