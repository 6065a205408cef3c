"""The service hall's key journey in a real Chromium (Debian's /usr/bin/chromium driven by Playwright): a citizen
finds an item by a Chinese search, applies online with an upload and a reused e-certificate, three staff members
accept, review and approve it in their inboxes, and the citizen finds the new certificate and rates the service."""

import re

import pytest

from zhizhi.conftest import log_in, new_page, shot
from zhizhi.servicehall.models import Application, ApplicationStatus, Certificate, Rating
from zhizhi.servicehall.tests.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def complete_next_task(page, *, outcome: str, opinion: str, claim_first: bool = False, screenshot: str = "") -> None:
    """From the staff inbox: open (or claim) the waiting task, choose the outcome, give an opinion and submit."""
    page.get_by_role("navigation").get_by_role("link", name="待办任务").click()
    page.get_by_role("heading", name="办件任务").wait_for()
    if screenshot:
        shot(page, screenshot)
    if claim_first:
        page.get_by_role("button", name=re.compile(r"^认领 ")).first.click()
        page.get_by_text("已认领").wait_for()
    else:
        page.locator("table.inbox tbody a").first.click()
    page.get_by_role("heading", name="办理", exact=True).wait_for()
    page.get_by_label(outcome, exact=True).check()
    page.get_by_label("办理意见").fill(opinion)
    if screenshot:
        shot(page, screenshot.replace("inbox", "task"))
    page.get_by_role("button", name="提交办理结果").click()
    page.get_by_text("已办理：").wait_for()


def test_citizen_applies_staff_approve_and_the_citizen_gets_the_certificate(browser, live_server, hall):
    # given a citizen who logs in and looks for what they want to do, in their own words
    citizen = new_page(browser, live_server)
    log_in(citizen, "13800000001")
    citizen.get_by_role("navigation").get_by_role("link", name="办事服务").click()
    citizen.get_by_role("heading", name="办事服务").wait_for()
    shot(citizen, "servicehall-catalogue")
    citizen.get_by_label("搜索事项").fill("开饭店")
    citizen.get_by_role("button", name="搜索", exact=True).click()
    citizen.get_by_role("heading", name=re.compile("“开饭店”的搜索结果")).wait_for()
    citizen.get_by_role("link", name="食品经营许可证核发").click()
    # the guide
    citizen.get_by_role("heading", name="食品经营许可证核发").wait_for()
    assert citizen.get_by_text("可用电子证照免提交：居民身份证").is_visible()
    shot(citizen, "servicehall-guide")
    citizen.get_by_role("link", name="在线办理").first.click()
    # when they fill the generated form, upload one PDF and reuse their resident ID with consent
    citizen.get_by_role("heading", name=re.compile("在线办理：食品经营许可证核发")).wait_for()
    citizen.get_by_label("联系电话").fill("13900001111")
    citizen.get_by_label("店名").fill("张三小吃")
    citizen.get_by_label("经营项目").select_option("餐饮服务")
    citizen.get_by_label("上传：申请书").set_input_files(
        files=[{"name": "申请书.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    citizen.get_by_label("使用已有电子证照：居民身份证").check()
    citizen.get_by_label("我同意调用政府部门已有的证照数据用于本次申请").check()
    shot(citizen, "servicehall-apply")
    citizen.get_by_role("button", name="提交申请").click()
    # then the receipt shows the application's number
    citizen.get_by_role("heading", name=re.compile("政务服务申请回执")).wait_for()
    number = citizen.locator(".receipt-number").inner_text().strip()
    application = Application.objects.get()
    assert number == application.number
    assert citizen.get_by_role("button", name="打印").is_visible()  # the static script wired it up
    shot(citizen, "servicehall-receipt")

    # when the clerk claims and accepts it, the reviewer passes it and the department head approves it
    clerk = new_page(browser, live_server)
    log_in(clerk, "clerk_a")
    complete_next_task(
        clerk, outcome="受理", opinion="材料齐全，予以受理", claim_first=True, screenshot="servicehall-inbox"
    )
    reviewer = new_page(browser, live_server)
    log_in(reviewer, "reviewer_a")
    complete_next_task(reviewer, outcome="审查通过", opinion="符合许可条件")
    head = new_page(browser, live_server)
    log_in(head, "head_a")
    complete_next_task(head, outcome="准予", opinion="同意发证")
    head.goto(head.base + "/workbench/")
    head.get_by_role("link", name="办件统计").click()
    head.get_by_role("rowheader", name="市场监督管理局").wait_for()
    shot(head, "servicehall-statistics")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    # then the citizen finds the new certificate under 我的证照
    citizen.get_by_role("navigation").get_by_role("link", name="我的证照").click()
    citizen.get_by_role("heading", name="我的证照").wait_for()
    citizen.get_by_role("link", name="食品经营许可证").click()
    certificate = Certificate.objects.get(application=application)
    citizen.get_by_text(certificate.digest).wait_for()
    assert citizen.get_by_text("张三小吃").is_visible()
    shot(citizen, "servicehall-certificate")
    citizen.get_by_role("link", name="到核验页面验证此证照").click()
    citizen.get_by_role("heading", name="核验通过：证照有效").wait_for()
    assert citizen.get_by_text("张*").is_visible()
    shot(citizen, "servicehall-verify")
    citizen.go_back()
    # and rates the application 非常满意
    citizen.get_by_role("navigation").get_by_role("link", name="我的办件").click()
    citizen.get_by_role("link", name=number).click()
    citizen.get_by_label("非常满意").check()
    citizen.get_by_label("评价内容").fill("全程网办，很方便")
    citizen.get_by_role("button", name="提交评价").click()
    citizen.get_by_text("感谢您的评价").wait_for()
    assert citizen.get_by_role("heading", name="我的评价").is_visible()
    assert Rating.objects.get(application=application).level == 5
    shot(citizen, "servicehall-my-application")
    for page in (citizen, clerk, reviewer, head):
        page.context.close()


def test_catalogue_on_a_phone(browser, live_server, hall):
    page = new_page(browser, live_server, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page.goto(live_server.url + "/services/")
    assert page.get_by_role("heading", name="办事服务").is_visible()
    assert page.get_by_text("食品经营许可证核发").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the catalogue scrolls sideways on a phone ({width}px)"
    shot(page, "servicehall-catalogue-phone")
    for path in (f"/services/{hall.food.implementation_code}/", "/services/?audience=enterprise"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    # the form too, for a signed-in citizen
    log_in(page, "13800000001")
    page.goto(live_server.url + f"/services/{hall.food.implementation_code}/apply/")
    page.get_by_role("button", name="提交申请").click()  # empty: the messages must fit as well
    page.get_by_text("请填写联系电话").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the apply form scrolls sideways on a phone ({width}px)"
    shot(page, "servicehall-apply-errors-phone")
    page.context.close()
