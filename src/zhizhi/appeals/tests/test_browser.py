"""The appeals hub's key journey in a real Chromium (Debian's /usr/bin/chromium driven by Playwright): a hotline
operator registers a call, dispatches it to the department the trained router suggests, the department signs for it,
has a boilerplate draft flagged by the quality check and sends a specific reply, the caller rates it online, and the
public statistics page counts it."""

import re

import pytest

from zhizhi.appeals import routing
from zhizhi.appeals.models import Appeal, AppealStatus, RoutingModel, Satisfaction
from zhizhi.appeals.tests.conftest import BOILERPLATE_REPLY, GOOD_REPLY
from zhizhi.conftest import log_in, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_SUBJECT = "幸福里小区3栋路灯不亮"
CALL_DETAIL = "幸福里小区3栋门口的路灯已经坏了两个星期，晚上一片漆黑，老人出门不安全，请尽快维修。"


@pytest.fixture
def centre(hub):
    """The hub with a routing model trained on 80 dispatched appeals of its own history. Auto-dispatch is off
    (no threshold), so the dispatcher decides; automatic dispatch has its own tests in test_routing."""
    hub.history(80)
    model = routing.routing_model_train(actor=None)
    RoutingModel.objects.filter(pk=model.pk).update(threshold=None)
    return hub


def statistics_counts(page) -> tuple[str, str]:
    """The public page's totals: appeals received, and the line counting the ratings."""
    page.goto(page.base + "/appeals/statistics/")
    page.get_by_role("heading", name="12345 诉求数据公开").wait_for()
    total = page.locator("dt:has-text('受理诉求') + dd").inner_text().strip()
    rated = page.get_by_text(re.compile(r"^已评价 \d+ 件")).inner_text().strip()
    return total, rated


def test_hotline_call_to_rated_reply_with_the_routers_suggestion(browser, live_server, centre):
    # the public statistics before the call
    public = new_page(browser, live_server)
    assert statistics_counts(public) == ("80 件", "已评价 0 件：满意 0，基本满意 0，不满意 0。")

    # given an operator who takes a call from a registered citizen's phone
    operator = new_page(browser, live_server)
    log_in(operator, "dispatcher1")
    operator.get_by_role("navigation").get_by_role("link", name="诉求工单").click()
    operator.get_by_role("link", name="热线登记").click()
    operator.get_by_role("heading", name="热线来电登记").wait_for()
    assert operator.evaluate("document.activeElement.name") == "contact_phone"  # the caller's number first
    operator.keyboard.type("13912345678")
    operator.get_by_label("来电人姓名").fill("刘先生")
    operator.get_by_label("诉求类型").select_option(label="求助")
    operator.get_by_label("区县").select_option(label=centre.org.district.name)
    operator.get_by_label("街道（乡镇）").locator("option", has_text="人民路街道").wait_for(state="attached")
    operator.get_by_label("街道（乡镇）").select_option(label="人民路街道")
    operator.get_by_label("社区（村）").locator("option", has_text="幸福里社区").wait_for(state="attached")
    operator.get_by_label("社区（村）").select_option(label="幸福里社区")
    operator.get_by_label("详细地址").fill("幸福里小区3栋门口")
    operator.get_by_label("标题").fill(CALL_SUBJECT)
    operator.get_by_label("诉求内容").fill(CALL_DETAIL)
    # while the caller is still on the line, the panel beside the form names the department to tell them
    operator.locator("#hotline-preview li").first.get_by_text("城市管理局").wait_for()
    shot(operator, "appeals-hotline")
    operator.get_by_role("button", name="登记并打开工单").click()

    # then the appeal's page shows the router's suggestions as one-click dispatch buttons
    operator.get_by_role("heading", name=re.compile(CALL_SUBJECT)).wait_for()
    appeal = Appeal.objects.get(subject=CALL_SUBJECT)
    assert appeal.appellant == centre.citizen  # the caller's account, by the phone they called from
    assert appeal.suggestions[0]["category_name"] == "城乡建设/市政设施"
    operator.get_by_text("智能分拨建议").wait_for()
    assert operator.get_by_text("139****5678").is_visible()  # the contact is masked to the operator
    shot(operator, "appeals-suggestions")
    # when the operator accepts the first suggestion
    operator.get_by_role("button", name="派至 城市管理局").first.click()
    operator.get_by_role("status").get_by_text("已派单至城市管理局").wait_for()
    appeal.refresh_from_db()
    assert (appeal.status, appeal.department, appeal.auto_dispatched) == (
        AppealStatus.DISPATCHED,
        centre.urban,
        False,
    )

    # the urban management bureau finds it in its queue and signs for it
    handler = new_page(browser, live_server)
    log_in(handler, "cg1")
    handler.get_by_role("navigation").get_by_role("link", name="诉求工单").click()
    handler.get_by_role("heading", name="诉求工单").wait_for()
    handler.get_by_label("搜索").fill("3栋路灯")  # 81 appeals wait for the bureau, the most urgent first
    handler.get_by_role("link", name=appeal.number).click()
    handler.get_by_role("heading", name=re.compile(CALL_SUBJECT)).wait_for()
    handler.get_by_role("button", name="签收", exact=True).click()
    handler.get_by_role("heading", name="答复诉求人").wait_for()

    # a boilerplate draft: the check flags it before anything is sent, and sending it is refused
    handler.get_by_label("答复内容").fill(BOILERPLATE_REPLY)
    handler.get_by_role("button", name="检查答复质量").click()
    handler.locator("#reply-check").get_by_text("须修改").first.wait_for()
    assert "套话" in handler.locator("#reply-check").inner_text()
    shot(handler, "appeals-reply-check")
    handler.get_by_role("button", name="发送答复").click()
    handler.get_by_text("答复未通过质量检查，尚未发送").wait_for()
    assert not appeal.replies.exists()
    # a specific reply goes out
    handler.get_by_label("答复内容").fill(GOOD_REPLY)
    handler.get_by_role("button", name="检查答复质量").click()
    handler.locator("#reply-check").get_by_text("未发现问题，可以发送。").wait_for()
    handler.get_by_role("button", name="发送答复").click()
    handler.locator(".list").get_by_text("维修班组").wait_for()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REPLIED

    # the caller signs in with their phone, finds the appeal and rates the reply
    citizen = new_page(browser, live_server)
    log_in(citizen, "13912345678")
    citizen.get_by_role("navigation").get_by_role("link", name="我的诉求").click()
    citizen.get_by_role("row", name=re.compile(CALL_SUBJECT)).get_by_role("link", name="去评价").click()
    citizen.get_by_role("heading", name="部门答复").wait_for()
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    citizen.get_by_text("感谢您的评价").wait_for()
    shot(citizen, "appeals-my-appeal")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction, appeal.resolved) == (
        AppealStatus.CLOSED,
        Satisfaction.SATISFIED,
        True,
    )

    # and the public statistics count the call and its rating, without the caller's name or phone
    assert statistics_counts(public) == ("81 件", "已评价 1 件：满意 1，基本满意 0，不满意 0。")
    page = public.content()
    assert "刘先生" not in page and "5678" not in page and "刘市民" not in page
    shot(public, "appeals-statistics")
    for each in (public, operator, handler, citizen):
        each.context.close()


def test_the_place_lists_follow_a_street_chosen_the_moment_its_list_arrives(browser, live_server, hub):
    """A change made right after the street list is swapped in still loads that street's communities (the
    selects are swapped inside a container that keeps its listener; the first version replaced the container,
    whose new listener only came after htmx settled, so a quick change was lost)."""
    page = new_page(browser, live_server)
    log_in(page, "dispatcher1")
    page.goto(page.base + "/workbench/appeals/hotline/")
    page.get_by_role("heading", name="热线来电登记").wait_for()
    # as soon as the street option is in the document, choose it in the same task: no settle delay in between
    page.evaluate(
        """street => {
            new MutationObserver((changes, observer) => {
                const select = document.querySelector("select[name=street]");
                if (select && select.querySelector(`option[value="${street}"]`)) {
                    observer.disconnect();
                    select.value = street;
                    select.dispatchEvent(new Event("change", {bubbles: true}));
                }
            }).observe(document.getElementById("place"), {childList: true, subtree: true});
        }""",
        hub.street.code,
    )
    page.get_by_label("区县").select_option(label=hub.org.district.name)
    page.get_by_label("社区（村）").locator("option", has_text="幸福里社区").wait_for(state="attached")
    assert page.get_by_label("街道（乡镇）").input_value() == hub.street.code
