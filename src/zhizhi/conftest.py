"""Fixtures shared by every app's tests: an organisation, logged-in clients, a token, the SMS outbox."""

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from huey.contrib.djhuey import HUEY

from zhizhi.accounts.models import Department, Role, Staff
from zhizhi.accounts.services import api_client_create
from zhizhi.accounts.tests.factories import PASSWORD, DepartmentFactory, DivisionFactory, staff_with_role
from zhizhi.core.process_cache import ProcessCache
from zhizhi.notify.sms import LocmemSmsGateway, SentSms

HUEY.immediate = True  # tasks run in-process, synchronously, in tests


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.SMS_GATEWAY = "zhizhi.notify.sms.LocmemSmsGateway"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AUDIT_HASH = "sm3"
    ProcessCache.forget_all()  # rows a cache remembers are gone with the last test's transaction


@pytest.fixture
def sms_outbox() -> Iterator[list[SentSms]]:
    LocmemSmsGateway.outbox.clear()
    yield LocmemSmsGateway.outbox
    LocmemSmsGateway.outbox.clear()


class Org:
    """A small city: city government with two departments, one of which has a sub-unit."""

    def __init__(self) -> None:
        self.city = DivisionFactory(code="359900", name="示范市", level="city")
        self.district = DivisionFactory(code="359902", name="中山区", level="county", parent=self.city)
        self.a = DepartmentFactory(code="359900-SCJ", name="市场监督管理局", division=self.city)
        self.a_unit = DepartmentFactory(code="359900-SCJ-DJK", name="登记注册科", division=self.city, parent=self.a)
        self.b = DepartmentFactory(code="359900-JYJ", name="教育局", division=self.city)
        self.service = DepartmentFactory(code="359900-ZSJ", name="政务服务和数据管理局", division=self.city)
        self.clerk_a = staff_with_role(self.a, Role.WINDOW_CLERK, user__username="clerk_a", name="王窗口")
        self.head_a = staff_with_role(self.a, Role.DEPARTMENT_HEAD, user__username="head_a", name="李局长")
        self.clerk_b = staff_with_role(self.b, Role.WINDOW_CLERK, user__username="clerk_b", name="赵教育")
        self.admin = staff_with_role(self.service, Role.SYSADMIN, user__username="admin1", name="系统管理员")
        self.supervisor = staff_with_role(self.service, Role.SUPERVISOR, user__username="sup1", name="监察员")


@pytest.fixture
def org(db: Any) -> Org:
    return Org()


def client_for(staff: Staff, *, verified: bool = False) -> Client:
    """A test client logged in as `staff`; `verified` marks the session as past two-factor verification."""
    client = Client()
    client.force_login(staff.user)
    if verified:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=staff.user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def token_for(org: Org) -> Any:
    """Issue a real API token for a department with the given scopes."""

    def issue(department: Department, scopes: list[str]) -> str:
        _client, token = api_client_create(actor=org.admin.user, name="业务系统", department=department, scopes=scopes)
        return token

    return issue


def api_json(client: Client, method: str, path: str, body: Any = None, **extra: Any) -> Any:
    """Call the API with a JSON body; returns the response."""
    kwargs: dict[str, Any] = dict(extra)
    if body is not None:
        kwargs["data"] = json.dumps(body)
        kwargs["content_type"] = "application/json"
    return getattr(client, method)(path, **kwargs)


# -- browser tests -------------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("ZHIZHI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("ZHIZHI_SCREENSHOTS", "test-artifacts/screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM must still be allowed here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_page(browser: Any, live_server: Any, **context_options: Any) -> Any:
    """A page in a browser context of its own (one signed-in user), in Chinese, at a desktop size by default;
    `page.base` is the live server's address."""
    options = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 860}, **context_options}
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    return page


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot under SCREENSHOTS (kept by CI), and check it is not blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000


def last_sms_code() -> str:
    return re.search(r"(\d{6})", LocmemSmsGateway.outbox[-1].text).group(1)  # type: ignore[union-attr]


def log_in(page: Any, username: str) -> None:
    """The real login page: staff with user name and password, citizens with phone, password and an SMS code."""
    LocmemSmsGateway.outbox.clear()
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if username.isdigit():
        page.wait_for_url(re.compile(r"/accounts/login/verify/$"))
        page.get_by_label("验证码").fill(last_sms_code())
        page.get_by_role("button", name="验证").click()
    page.get_by_role("button", name="退出").wait_for()
