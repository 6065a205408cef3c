"""Delivering notifications outside the app: idempotent per notification and channel."""

from django.core.mail import send_mail
from huey.contrib.djhuey import db_task

from zhizhi.notify.models import Notification
from zhizhi.notify.sms import sms_send


@db_task(retries=3, retry_delay=30)
def notification_deliver(notification_id: int) -> None:
    """Send a notification's e-mail and SMS copies to its recipient, if they have an address."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return
    recipient = notification.recipient
    if "email" in notification.channels and recipient.email:
        send_mail(notification.title, notification.body, None, [recipient.email])
    if "sms" in notification.channels and recipient.phone:
        sms_send(phone=recipient.phone, text=f"{notification.title} {notification.body}".strip())
