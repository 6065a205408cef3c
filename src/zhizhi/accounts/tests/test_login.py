"""Web sign-in: staff with password (and TOTP when bound), citizens with password and SMS code, lockout."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhizhi.accounts.tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_staff_signs_in_with_password_and_reaches_the_workbench(org):
    client = Client()
    response = _login(client, "clerk_a")
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    page = client.get("/workbench/")
    assert page.status_code == 200 and "市场监督管理局" in page.content.decode()


def test_staff_with_totp_must_give_the_code(org):
    device = TOTPDevice.objects.create(user=org.head_a.user, name="phone", confirmed=True)
    client = Client()
    assert _login(client, "head_a")["Location"] == "/accounts/login/verify/"
    assert client.get("/workbench/").status_code == 302  # not yet signed in
    assert client.post("/accounts/login/verify/", {"code": "000000"}).status_code == 200
    # a wrong code throttles the device for a while; let that time pass
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/accounts/login/verify/", {"code": code})["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200


def test_administrator_must_bind_totp_before_the_admin_area(org):
    client = Client()
    _login(client, "admin1")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"]).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=org.admin.user)
    import base64

    assert base64.b32decode(secret) == device.bin_key
    client.post("/accounts/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/admin/"})
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=org.admin.user).confirmed


@pytest.mark.django_db(transaction=True)
def test_citizen_signs_in_with_phone_password_and_sms_code(org, sms_outbox):
    user = UserFactory(username="p13700000001", phone="13700000001")
    PersonFactory(user=user, phone="13700000001")
    client = Client()
    assert _login(client, "13700000001")["Location"] == "/accounts/login/verify/"
    code = re.search(r"(\d{6})", sms_outbox[-1].text).group(1)
    assert client.post("/accounts/login/verify/", {"code": code})["Location"] == "/"
    assert client.get("/inbox/").status_code == 200
    assert client.get("/workbench/").status_code == 403  # citizens have no workbench


def test_repeated_wrong_passwords_lock_the_account(org, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "clerk_a", "wrong-password").status_code == 200
    assert _login(client, "clerk_a", "wrong-password").status_code == 429
    # even the right password is refused while locked
    assert _login(Client(), "clerk_a").status_code == 429
    assert Client().get("/workbench/").status_code == 302


def test_credential_stuffing_from_one_address_is_locked(org, settings):
    client = Client()
    statuses = [_login(client, f"nobody{i}", "guess").status_code for i in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[-1] == 429
    assert _login(client, "clerk_b").status_code == 429


def test_logout_requires_post(org):
    client = Client()
    _login(client, "clerk_a")
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/workbench/").status_code == 302


def test_lockout_follows_the_account_not_the_address_or_the_name_typed(org, settings):
    user = UserFactory(username="p13700000009", phone="13700000009")
    for i in range(settings.AXES_FAILURE_LIMIT):
        # each attempt from another address, alternating the account's two names
        Client(REMOTE_ADDR=f"198.51.100.{i + 1}").post(
            "/accounts/login/", {"username": ["p13700000009", "13700000009"][i % 2], "password": "wrong"}
        )
    fresh = Client(REMOTE_ADDR="203.0.113.50")
    assert fresh.post("/accounts/login/", {"username": "13700000009", "password": PASSWORD}).status_code == 429
    assert fresh.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 429


def test_behind_a_proxy_one_client_cannot_lock_out_everyone(org, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    for i in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/accounts/login/", {"username": f"nobody{i}", "password": "guess"})
    assert attacker.post("/accounts/login/", {"username": "clerk_b", "password": PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert colleague.post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD}).status_code == 302
