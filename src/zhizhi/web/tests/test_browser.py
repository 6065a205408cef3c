"""Key journeys in a real Chromium (Debian's /usr/bin/chromium driven by Playwright); screenshots are saved."""

import re

import pytest
from django_otp.oath import totp

from zhizhi.conftest import last_sms_code, shot
from zhizhi.notify.sms import LocmemSmsGateway

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def test_staff_logs_in_switches_language_and_sees_the_workbench(page, org):
    page.goto(page.base + "/")
    page.get_by_role("navigation").get_by_role("link", name="登录").click()
    page.get_by_label("用户名或手机号").fill("clerk_a")
    page.get_by_label("密码").fill("Correct-Horse-42")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.get_by_text("市场监督管理局").first.is_visible()
    shot(page, "workbench-zh")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Workbench").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "workbench-en")
    page.get_by_role("button", name="中文").click()
    page.get_by_role("heading", name="工作台").wait_for()


def fill_registration(page, *, phone: str, id_number: str) -> None:
    """Ask for a code for `phone`, then fill the rest of the registration form (not yet submitted)."""
    LocmemSmsGateway.outbox.clear()
    page.goto(page.base + "/accounts/register/")
    page.get_by_label("手机号").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送").wait_for()
    page.get_by_label("短信验证码").fill(last_sms_code())
    page.get_by_label("姓名").fill("林晓燕")
    page.get_by_label("身份证号").fill(id_number)
    page.get_by_label("密码", exact=True).fill("Citizen-Pass-2026")
    page.get_by_label("确认密码").fill("Citizen-Pass-2026")


def test_citizen_registers_and_logs_in_with_an_sms_code(page, org):
    fill_registration(page, phone="13912340000", id_number="11010519491231002X")
    shot(page, "register-filled")
    page.get_by_role("button", name="注册", exact=True).click()
    page.get_by_text("注册成功").wait_for()
    page.get_by_role("button", name="退出").click()
    # back again: phone + password, then the code sent by SMS
    page.get_by_role("navigation").get_by_role("link", name="登录").click()
    page.get_by_label("用户名或手机号").fill("13912340000")
    page.get_by_label("密码").fill("Citizen-Pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/$"))
    page.get_by_label("验证码").fill(last_sms_code())
    page.get_by_role("button", name="验证").click()
    page.get_by_text("欢迎您，林晓燕").wait_for()
    shot(page, "citizen-home")


def test_registration_with_a_bad_id_number_says_why(page, org):
    fill_registration(page, phone="13912340001", id_number="110105194912310021")
    page.get_by_role("button", name="注册", exact=True).click()
    page.get_by_text("校验").first.wait_for()
    assert page.get_by_label("身份证号").input_value() == "110105194912310021"  # nothing typed is lost
    shot(page, "register-bad-id")


def test_administrator_binds_totp_and_opens_the_health_page(page, org):
    page.goto(page.base + "/admin/")
    page.get_by_label("用户名或手机号").fill("admin1")
    page.get_by_label("密码").fill("Correct-Horse-42")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="绑定动态口令").wait_for()
    secret = page.locator("#totp-secret").inner_text()
    import base64

    page.get_by_label("验证码").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="确认绑定").click()
    page.get_by_role("heading", name="系统管理").wait_for()
    page.get_by_role("link", name="运行状态").click()
    page.get_by_role("heading", name="运行状态").wait_for()
    shot(page, "admin-health")


def test_portal_on_a_phone(browser, live_server, org):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="部门通讯录").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "portal-phone")
    context.close()
