"""Reads of a user's inbox."""

from django.db.models import QuerySet

from zhizhi.accounts.models import User
from zhizhi.notify.models import Notification


def notification_list(*, recipient: User, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's messages, newest first."""
    messages = Notification.objects.filter(recipient=recipient)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages


def notification_unread_count(*, recipient: User) -> int:
    """How many messages the user has not read."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
