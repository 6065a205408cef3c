import pytest
from django.core import mail
from django.test import Client

from zhizhi.accounts.tests.factories import UserFactory
from zhizhi.notify.models import Notification
from zhizhi.notify.services import notification_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_inbox_email_and_sms_after_commit(sms_outbox):
    user = UserFactory(email="li@example.org", phone="13600000000")
    notification_send(recipient=user, title="您的申请已受理", body="编号 A001", channels=("inbox", "email", "sms"))
    assert Notification.objects.filter(recipient=user).count() == 1
    assert [m.subject for m in mail.outbox] == ["您的申请已受理"]
    assert sms_outbox[-1].phone == "13600000000" and "A001" in sms_outbox[-1].text


def test_unknown_channel_is_refused():
    user = UserFactory()
    with pytest.raises(ValueError, match="unknown notification channels"):
        notification_send(recipient=user, title="x", channels=("pigeon",))
    assert not Notification.objects.exists()


def test_inbox_api_lists_and_marks_read():
    user = UserFactory()
    other = UserFactory()
    for i in range(3):
        notification_send(recipient=user, title=f"消息{i}")
    notification_send(recipient=other, title="别人的消息")
    client = Client()
    client.force_login(user)
    body = client.get("/api/v1/notifications?unread=true").json()
    assert body["count"] == 3 and body["items"][0]["title"] == "消息2"
    assert client.post("/api/v1/notifications/read", data={}, content_type="application/json").json() == {"marked": 3}
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
