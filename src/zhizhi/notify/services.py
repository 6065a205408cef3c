"""Sending notifications: the inbox row in the caller's transaction, e-mail and SMS after commit."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from zhizhi.accounts.models import User
from zhizhi.notify.models import Notification

CHANNELS = ("inbox", "email", "sms")


def notification_send(
    *, recipient: User, title: str, body: str = "", link: str = "", channels: Sequence[str] = ("inbox",)
) -> Notification:
    """Put a message in the recipient's inbox and queue the e-mail and SMS copies for after commit."""
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown notification channels {sorted(unknown)}")
    notification = Notification.objects.create(
        recipient=recipient, title=title, body=body, link=link, channels=list(channels)
    )
    if "email" in channels or "sms" in channels:
        from zhizhi.notify.tasks import notification_deliver

        transaction.on_commit(lambda: notification_deliver(notification.pk))
    return notification


def notification_mark_read(*, recipient: User, notification_ids: Sequence[int] | None = None) -> int:
    """Mark some (or all) of a user's unread messages read; returns how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
