"""The service hall's pages: catalogue and guide, applying with uploads and reused certificates, my applications,
the staff inbox and task pages, per-department access, ratings, certificate verification and administration."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhizhi.conftest import client_for
from zhizhi.core.models import AuditEntry
from zhizhi.servicehall import services
from zhizhi.servicehall.models import (
    Application,
    ApplicationMaterial,
    ApplicationStatus,
    Certificate,
    Rating,
    Rectification,
    StoredFile,
    Task,
    TaskStatus,
)
from zhizhi.servicehall.tests.conftest import PDF, food_form, pdf_upload

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def main_of(response) -> str:
    """The page's main content, without the header (which names the signed-in user)."""
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


def citizen_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def food_post(hall, **overrides) -> dict:
    """A complete apply form for 食品经营许可证核发: an upload for m1 and the resident ID reused for m2."""
    data = {
        **food_form(),
        "material_m1": pdf_upload(),
        "reuse_m2": str(hall.id_card.pk),
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submitted(hall) -> Application:
    """A food application filed through the page."""
    response = citizen_client(hall.citizen).post(f"/services/{hall.food.implementation_code}/apply/", food_post(hall))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get()


def do(staff, application: Application, spec: str, outcome: str, opinion: str = "同意") -> None:
    task = application.tasks.get(spec=spec, status=TaskStatus.OPEN)
    services.task_claim(actor=staff.user, task=task)
    services.task_complete(actor=staff.user, task=task, outcome=outcome, opinion=opinion)


def approved(hall) -> Application:
    application = submitted(hall)
    do(hall.org.clerk_a, application, "accept", "accept")
    do(hall.reviewer_a, application, "review", "pass")
    do(hall.org.head_a, application, "decide", "approve")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    return application


# -- catalogue and guide -----------------------------------------------------------------------------------------


def test_catalogue_lists_items_and_finds_them_by_a_chinese_query(hall):
    # given the public catalogue
    client = Client()
    # when a visitor opens it and searches for what they want to do
    listing = client.get("/services/").content.decode()
    found = client.get("/services/", {"q": "开饭店"}).content.decode()
    nothing = client.get("/services/", {"q": "火星旅游"}).content.decode()
    # then the list shows kind, department, limits and the no-visit badge; the search finds the food licence only
    assert "食品经营许可证核发" in listing and "民办学校办学许可" in listing
    assert "行政许可" in listing and "市场监督管理局" in listing and "承诺 5 个工作日" in listing
    assert "一次不用跑" in listing and "就业创业" in listing
    assert "食品经营许可证核发" in found and "民办学校办学许可" not in found
    assert "没有找到相关事项" in nothing


def test_enterprise_tab_shows_life_events_and_bundles(hall):
    page = Client().get("/services/", {"audience": "enterprise"}).content.decode()
    assert "开办企业一件事" in page and "开办企业" in page and "企业设立登记" in page
    assert "食品经营许可证核发" not in page  # a person-only item


def test_catalogue_paginates_twenty_per_page(hall):
    page = Client().get("/services/", {"page": "99"})
    assert page.status_code == 200  # an out-of-range page shows the last one


def test_catalogue_and_guide_answer_in_english_too(hall):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/services/"})
    for url in ("/services/", f"/services/{hall.food.implementation_code}/", "/certificates/verify/"):
        response = client.get(url)
        assert response.status_code == 200 and 'lang="en"' in response.content.decode()


def test_guide_shows_the_whole_guide_with_materials_and_faq(hall):
    page = Client().get(f"/services/{hall.food.implementation_code}/").content.decode()
    assert "《中华人民共和国行政许可法》" in page and "符合条件的申请人" in page
    assert "申请书" in page and "身份证明" in page and "可用电子证照免提交：居民身份证" in page
    assert "需要到现场吗？" in page and "全程网办，无需到现场。" in page
    assert "不收费" in page and "20 个工作日" in page and "食品经营许可证" in page
    assert f"/services/{hall.food.implementation_code}/apply/" in page and "在线办理" in page
    assert Client().get("/services/NOSUCHCODE/").status_code == 404


# -- applying ------------------------------------------------------------------------------------------------------


def test_apply_page_renders_the_generated_form_with_html5_hints(hall):
    page = citizen_client(hall.citizen).get(f"/services/{hall.food.implementation_code}/apply/").content.decode()
    assert '<label for="f_contact_phone">联系电话' in page
    assert 'pattern="^1[3-9]\\d{9}$"' in page and 'maxlength="11"' in page
    assert '<select name="business_kind"' in page and "餐饮服务" in page
    assert "可由电子证照自动填写" in page  # applicant_name comes from the resident ID
    assert 'name="material_m1"' in page and 'accept=".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx"' in page
    assert f'name="reuse_m2" value="{hall.id_card.pk}"' in page
    assert f"使用已有电子证照：居民身份证 {hall.id_card.number}" in page
    assert page.count('name="consent"') == 1 and "我同意调用政府部门已有的证照数据用于本次申请" in page
    assert 'enctype="multipart/form-data"' in page


def test_apply_page_sends_strangers_to_login(hall):
    response = Client().get(f"/services/{hall.food.implementation_code}/apply/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_apply_with_an_upload_and_a_reused_certificate_shows_the_receipt(hall):
    # given a citizen with a resident ID
    client = citizen_client(hall.citizen)
    # when they submit the form with one PDF and the certificate, with consent
    response = client.post(f"/services/{hall.food.implementation_code}/apply/", food_post(hall))
    # then they land on the receipt of their application
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/applications/{application.number}/receipt/"
    assert application.form_data["applicant_name"] == "张三"  # filled from the certificate
    materials = {m.spec.code: m for m in application.materials.all()}
    assert materials["m1"].file.name == "申请书.pdf" and materials["m2"].certificate == hall.id_card
    receipt = main_of(client.get(response["Location"]))
    assert application.number in receipt and "食品经营许可证核发" in receipt and "第 1 版" in receipt
    assert "张*" in receipt and "张三" not in receipt  # the applicant is masked on paper
    assert "申请书" in receipt and "调用电子证照（居民身份证）" in receipt
    assert "5 个工作日" in receipt and application.due_on.strftime("%Y-%m-%d") in receipt
    assert 'id="print-receipt"' in receipt and "servicehall/print.js" in receipt and "onclick" not in receipt


def test_bad_apply_keeps_what_was_typed_names_every_problem_and_saves_nothing(hall):
    # given a form without a phone number and an executable disguised as a PDF
    disguised = SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    data = food_post(hall, contact_phone="", material_m1=disguised)
    # when it is submitted
    response = citizen_client(hall.citizen).post(f"/services/{hall.food.implementation_code}/apply/", data)
    # then the same form comes back with both messages next to their inputs and the typed shop name kept
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写联系电话" in page
    assert "文件“申请书.pdf”的内容不是允许的类型" in page
    assert 'value="张三小吃"' in page and '<option value="餐饮服务" selected>' in page
    assert f'value="{hall.id_card.pk}" checked' in page and 'name="consent" value="on" checked' in page
    assert Application.objects.count() == 0 and StoredFile.objects.count() == 0 and Task.objects.count() == 0


def test_missing_material_and_missing_consent_are_shown_by_the_material(hall):
    data = food_post(hall, material_m1=None, consent=None)
    page = citizen_client(hall.citizen).post(f"/services/{hall.food.implementation_code}/apply/", data)
    html = page.content.decode()
    assert "请提供“申请书”" in html and "调用已有证照需要您的授权同意" in html
    assert Application.objects.count() == 0


def test_staff_cannot_apply_and_are_told_why(hall):
    client = client_for(hall.org.clerk_a)
    page = client.get(f"/services/{hall.food.implementation_code}/apply/")
    post = client.post(f"/services/{hall.food.implementation_code}/apply/", food_post(hall))
    assert page.status_code == 403 and "工作人员账号不能以申请人身份办理" in page.content.decode()
    assert post.status_code == 403 and Application.objects.count() == 0


def test_an_account_without_a_real_name_identity_is_told_to_complete_it(hall):
    from zhizhi.accounts.tests.factories import UserFactory

    anonymous = citizen_client(UserFactory(username="nobody", phone="13800000009"))
    page = anonymous.get(f"/services/{hall.food.implementation_code}/apply/")
    assert page.status_code == 403 and "请先完成实名认证" in page.content.decode()


def test_bundle_is_filed_with_one_form_and_shows_each_part(hall):
    client = citizen_client(hall.citizen)
    guide = client.get("/services/bundles/open-business/").content.decode()
    assert "企业设立登记" in guide and "公章刻制备案" in guide and "税务局" in guide
    form = client.get("/services/bundles/open-business/apply/").content.decode()
    assert form.count('name="contact_phone"') == 1  # shared fields appear once
    assert 'name="material_11359900SCJOPEN/m1"' in form and 'name="material_11359900RSJOPEN/m1"' in form
    data = {"enterprise_name": "张三餐饮", "contact_phone": "13900001111", "capital": "50", "seal_count": "2"}
    for code in ("11359900SCJOPEN", "11359900GAJOPEN", "11359900SWUJOPEN", "11359900RSJOPEN"):
        data[f"material_{code}/m1"] = pdf_upload(f"{code}.pdf")
    missing_one = {k: v for k, v in data.items() if k != "material_11359900GAJOPEN/m1"}
    refused = client.post("/services/bundles/open-business/apply/", missing_one).content.decode()
    assert "公章刻制备案" in refused and "请提供“申请表”" in refused and Application.objects.count() == 0
    for code in ("11359900SCJOPEN", "11359900GAJOPEN", "11359900SWUJOPEN", "11359900RSJOPEN"):
        data[f"material_{code}/m1"] = pdf_upload(f"{code}.pdf")
    response = client.post("/services/bundles/open-business/apply/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    filing = client.get(response["Location"]).content.decode()
    assert "开办企业一件事" in filing and "已办结 0 / 4 项" in filing and filing.count("待受理") == 4


# -- my applications ---------------------------------------------------------------------------------------------


def test_my_applications_lists_only_my_own(hall):
    application = submitted(hall)
    mine = citizen_client(hall.citizen).get("/my/applications/").content.decode()
    theirs = citizen_client(hall.other_citizen).get("/my/applications/").content.decode()
    assert application.number in mine and "待受理" in mine
    assert application.number not in theirs and "您还没有办件" in theirs
    other = citizen_client(hall.other_citizen)
    assert other.get(f"/my/applications/{application.number}/").status_code == 404
    assert other.get(f"/my/applications/{application.number}/receipt/").status_code == 404
    material = application.materials.get(spec__code="m1")
    assert other.get(f"/my/applications/{application.number}/materials/{material.pk}/").status_code == 404
    own = citizen_client(hall.citizen).get(f"/my/applications/{application.number}/materials/{material.pk}/")
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF


def test_my_application_shows_the_timeline_and_current_step(hall):
    application = submitted(hall)
    do(hall.org.clerk_a, application, "accept", "accept")
    page = citizen_client(hall.citizen).get(f"/my/applications/{application.number}/").content.decode()
    assert "提交申请" in page and "已受理" in page and "审查中" in page
    assert "当前环节" in page and "审查" in page and application.due_on.strftime("%Y-%m-%d") in page


def test_correction_form_is_prefilled_and_resubmits(hall):
    # given an application the clerk sent back for correction
    application = submitted(hall)
    do(hall.org.clerk_a, application, "accept", "correction", opinion="申请书未签字，请重新上传")
    client = citizen_client(hall.citizen)
    # when the applicant opens it
    page = client.get(f"/my/applications/{application.number}/").content.decode()
    # then the request, the prefilled form and the material inputs are there
    assert "补正材料" in page and "申请书未签字，请重新上传" in page
    assert 'value="张三小吃"' in page and 'name="material_m1"' in page
    # and a corrected upload sends it back to the window
    response = client.post(
        f"/my/applications/{application.number}/",
        {"action": "correct", **food_form(), "shop_name": "张三小吃店", "material_m1": pdf_upload("签字版.pdf")},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.form_data["shop_name"] == "张三小吃店"
    current = application.materials.get(spec__code="m1", superseded_at__isnull=True)
    assert current.file.name == "签字版.pdf"
    assert application.materials.filter(spec__code="m1", superseded_at__isnull=False).count() == 1  # kept


def test_rating_form_appears_after_conclusion_and_the_rating_is_shown_once_given(hall):
    # given an approved application
    application = approved(hall)
    client = citizen_client(hall.citizen)
    page = client.get(f"/my/applications/{application.number}/").content.decode()
    assert "评价本次服务" in page and "非常满意" in page and "非常不满意" in page
    assert "已签发食品经营许可证" in page
    # when the applicant rates it
    rating = {"action": "rate", "level": "5", "comment": "很快"}
    response = client.post(f"/my/applications/{application.number}/", rating)
    # then the rating is stored and shown instead of the form
    assert response.status_code == 302
    assert Rating.objects.get(application=application).level == 5
    after = client.get(f"/my/applications/{application.number}/").content.decode()
    assert "我的评价" in after and "非常满意" in after and "评价本次服务" not in after


def test_rating_is_not_offered_before_conclusion(hall):
    application = submitted(hall)
    client = citizen_client(hall.citizen)
    assert "评价本次服务" not in client.get(f"/my/applications/{application.number}/").content.decode()
    response = client.post(f"/my/applications/{application.number}/", {"action": "rate", "level": "5"})
    assert response.status_code == 200 and "办件办结后才能评价" in response.content.decode()
    assert Rating.objects.count() == 0


def test_my_certificates_list_the_new_certificate_with_its_digest(hall):
    application = approved(hall)
    certificate = Certificate.objects.get(application=application)
    client = citizen_client(hall.citizen)
    listing = client.get("/my/certificates/").content.decode()
    assert "食品经营许可证" in listing and certificate.number in listing and "居民身份证" in listing
    detail = client.get(f"/my/certificates/{certificate.pk}/").content.decode()
    assert certificate.digest in detail and "张三小吃" in detail and "店名" in detail
    assert f"/certificates/verify/?number={certificate.number}&amp;digest={certificate.digest}" in detail
    assert citizen_client(hall.other_citizen).get(f"/my/certificates/{certificate.pk}/").status_code == 404


def test_certificate_verification_shows_validity_without_personal_data(hall):
    card = hall.id_card
    valid = Client().get("/certificates/verify/", {"number": card.number, "digest": card.digest}).content.decode()
    assert "核验通过" in valid and "居民身份证" in valid and "张*" in valid
    assert "张三" not in valid and hall.person.id_number not in valid
    forged = Client().get("/certificates/verify/", {"number": card.number, "digest": "0" * 64}).content.decode()
    assert "核验未通过" in forged and "居民身份证" not in forged
    empty = Client().get("/certificates/verify/").content.decode()
    assert "证照编号" in empty and "核验未通过" not in empty


# -- staff ---------------------------------------------------------------------------------------------------------


def test_inbox_shows_the_task_to_the_clerk_of_the_department_only(hall):
    application = submitted(hall)
    mine = client_for(hall.org.clerk_a).get("/workbench/tasks/").content.decode()
    other = client_for(hall.org.clerk_b).get("/workbench/tasks/").content.decode()
    assert application.number in mine and "受理" in mine and "窗口受理人员" in mine and "认领" in mine
    assert application.number not in other and "暂无待办任务" in other
    searched = client_for(hall.org.clerk_a).get("/workbench/tasks/", {"q": "民办学校"}).content.decode()
    assert application.number not in searched
    assert citizen_client(hall.citizen).get("/workbench/tasks/").status_code == 403


def test_inbox_search_answers_htmx_with_the_table_only(hall):
    application = submitted(hall)
    client = client_for(hall.org.clerk_a)
    partial = client.get("/workbench/tasks/", {"q": application.number}, HTTP_HX_REQUEST="true").content.decode()
    assert application.number in partial and "<html" not in partial and "csrfmiddlewaretoken" in partial
    none = client.get("/workbench/tasks/", {"q": "SB000"}, HTTP_HX_REQUEST="true").content.decode()
    assert "没有符合条件的任务" in none


def test_clerk_claims_and_accepts_from_the_task_page(hall):
    # given a new application in the clerk's inbox
    application = submitted(hall)
    task = application.tasks.get(status=TaskStatus.OPEN)
    client = client_for(hall.org.clerk_a)
    # when the clerk claims it
    claimed = client.post(f"/workbench/tasks/{task.pk}/claim/")
    assert claimed.status_code == 302 and claimed["Location"] == f"/workbench/tasks/{task.pk}/"
    page = client.get(claimed["Location"]).content.decode()
    # then the task page shows the data, unmasked for the clerk and audited, and the outcomes of this step
    assert "张三小吃" in page and "13900001111" in page and hall.person.id_number in page
    assert 'value="accept"' in page and "要求补正" in page and "不予受理" in page and 'value="approve"' not in page
    assert f"/workbench/applications/{application.number}/materials/" in page
    assert AuditEntry.objects.filter(action="servicehall.application.view", target_id=str(application.pk)).count() == 1
    # and accepting moves the application on to review
    response = client.post(f"/workbench/tasks/{task.pk}/", {"outcome": "accept", "opinion": "材料齐全"})
    assert response.status_code == 302
    task.refresh_from_db()
    application.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.outcome == "accept"
    assert application.status == ApplicationStatus.PROCESSING
    assert application.tasks.get(status=TaskStatus.OPEN).role == "reviewer"
    done = client.get("/workbench/tasks/", {"status": "done"}).content.decode()
    assert application.number in done


def test_a_task_claimed_by_a_colleague_cannot_be_claimed_again(hall):
    from zhizhi.accounts.models import Role
    from zhizhi.accounts.tests.factories import staff_with_role

    application = submitted(hall)
    task = application.tasks.get(status=TaskStatus.OPEN)
    client_for(hall.org.clerk_a).post(f"/workbench/tasks/{task.pk}/claim/")
    colleague = client_for(staff_with_role(hall.org.a, Role.WINDOW_CLERK, user__username="clerk_a2", name="陈窗口"))
    response = colleague.post(f"/workbench/tasks/{task.pk}/claim/", follow=True)
    assert response.redirect_chain[-1][0] == "/workbench/tasks/" and "已由王窗口认领" in response.content.decode()
    task.refresh_from_db()
    assert task.claimed_by == hall.org.clerk_a


def test_refusal_without_an_opinion_is_explained_on_the_task_page(hall):
    application = submitted(hall)
    task = application.tasks.get(status=TaskStatus.OPEN)
    response = client_for(hall.org.clerk_a).post(f"/workbench/tasks/{task.pk}/", {"outcome": "refuse", "opinion": ""})
    assert response.status_code == 200 and "请填写办理意见" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_head_sees_the_application_masked_and_no_audit_row_is_written(hall):
    application = submitted(hall)
    do(hall.org.clerk_a, application, "accept", "accept")
    do(hall.reviewer_a, application, "review", "pass")
    task = application.tasks.get(status=TaskStatus.OPEN)
    before = AuditEntry.objects.filter(action="servicehall.application.view").count()
    page = client_for(hall.org.head_a).get(f"/workbench/tasks/{task.pk}/").content.decode()
    assert "决定" in page and "准予" in page and "不予许可" in page
    assert "139****1111" in page and "13900001111" not in page and hall.person.id_number not in page
    assert AuditEntry.objects.filter(action="servicehall.application.view").count() == before


def test_staff_of_an_unrelated_department_get_404_on_the_application_and_its_file(hall):
    application = submitted(hall)
    material = application.materials.get(spec__code="m1")
    url = f"/workbench/applications/{application.number}/"
    file_url = f"{url}materials/{material.pk}/"
    stranger = client_for(hall.org.clerk_b)
    assert stranger.get(url).status_code == 404
    assert stranger.get(file_url).status_code == 404
    # while the implementing department's clerk reads both; the download is an attachment, never sniffed
    clerk = client_for(hall.org.clerk_a)
    assert clerk.get(url).status_code == 200
    download = clerk.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="servicehall.material.download").count() == 1


def test_staff_application_list_filters_and_masks(hall):
    application = submitted(hall)
    client = client_for(hall.org.clerk_a)
    listing = client.get("/workbench/applications/").content.decode()
    assert application.number in listing and "张*" in listing and "张三<" not in listing
    assert application.number not in client.get("/workbench/applications/", {"status": "approved"}).content.decode()
    assert application.number not in client_for(hall.org.clerk_b).get("/workbench/applications/").content.decode()


def test_statistics_show_on_time_rate_and_ratings(hall):
    application = approved(hall)
    services.rating_submit(user=hall.citizen, application=application, level=4)
    page = client_for(hall.org.head_a).get("/workbench/servicehall/stats/").content.decode()
    assert "市场监督管理局" in page and "100%" in page and "4.0" in page and 'class="w-100"' in page
    by_item = client_for(hall.org.head_a).get("/workbench/servicehall/stats/", {"by": "item"}).content.decode()
    assert "食品经营许可证核发" in by_item


def test_bad_rating_is_rectified_by_the_head_and_visited_by_the_supervisor(hall):
    # given a bad rating, which opened a rectification for the department
    application = approved(hall)
    services.rating_submit(user=hall.citizen, application=application, level=1, comment="态度差")
    rectification = Rectification.objects.get()
    head, supervisor = client_for(hall.org.head_a), client_for(hall.org.supervisor)
    page = head.get("/workbench/rectifications/").content.decode()
    assert "态度差" in page and "非常不满意" in page and "提交整改措施" in page
    # when the head reports without measures, then with them
    empty = head.post("/workbench/rectifications/", {"rectification": rectification.pk, "action": "report"})
    assert empty.status_code == 200 and "请填写整改措施" in empty.content.decode()
    head.post("/workbench/rectifications/", {"rectification": rectification.pk, "action": "report", "measure": "培训"})
    # then only the supervision office is offered the return visit, and recording it closes the rectification
    assert "记录回访" not in head.get("/workbench/rectifications/").content.decode()
    assert "记录回访" in supervisor.get("/workbench/rectifications/").content.decode()
    visit = {"rectification": rectification.pk, "action": "visit", "note": "电话回访", "satisfied": "yes"}
    refused = head.post("/workbench/rectifications/", visit)
    assert "此操作需要效能监察人员" in refused.content.decode()
    undecided = supervisor.post("/workbench/rectifications/", {**visit, "satisfied": ""}).content.decode()
    assert "请选择回访结果" in undecided and "电话回访</textarea>" in undecided  # what was typed is kept
    supervisor.post("/workbench/rectifications/", visit)
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.CLOSED and rectification.visit_satisfied is True
    assert "态度差" not in client_for(hall.org.clerk_b).get("/workbench/rectifications/").content.decode()


# -- administration --------------------------------------------------------------------------------------------------


def test_admin_process_upload_refuses_a_script_task_with_a_readable_message(hall):
    client = client_for(hall.org.admin, verified=True)
    bad = SimpleUploadedFile("steal.bpmn", (FIXTURES / "script_task.bpmn").read_bytes(), content_type="text/xml")
    response = client.post("/admin/processes/", {"key": "steal", "name": "窃取", "file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and "流程定义不能包含脚本任务" in page and "自动处理" in page
    assert "steal" not in client.get("/admin/processes/").content.decode().split("流程版本")[1]
    good = SimpleUploadedFile(
        "standard.bpmn",
        (Path(services.__file__).parent / "processes" / "standard.bpmn").read_bytes(),
        content_type="text/xml",
    )
    response = client.post("/admin/processes/", {"key": "county_standard", "name": "县级标准流程", "file": good})
    assert response.status_code == 302
    assert "county_standard" in client.get("/admin/processes/").content.decode()
    assert client_for(hall.org.clerk_a).get("/admin/processes/").status_code == 403


def test_catalogue_export_and_import_round_trip(hall):
    client = client_for(hall.org.admin, verified=True)
    # given the exported catalogue
    exported = client.get("/admin/catalogue/export.json")
    assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment;")
    document = json.loads(exported.content)
    assert {i["implementation_code"] for i in document["items"]} >= {"11359900SCJ0001", "11359900JYJ0001"}
    # when it is imported again, unchanged, and then with one guide changed
    upload = SimpleUploadedFile("catalogue.json", exported.content, content_type="application/json")
    same = client.post("/admin/catalogue/", {"file": upload}).content.decode()
    food = next(i for i in document["items"] if i["implementation_code"] == "11359900SCJ0001")
    food["promised_limit_days"] = 3
    changed = SimpleUploadedFile("c.json", json.dumps(document, ensure_ascii=False).encode(), "application/json")
    report = client.post("/admin/catalogue/", {"file": changed}).content.decode()
    # then nothing is republished the first time and one new version the second
    assert "导入结果" in same and "<dt>未变化</dt><dd>6</dd>" in same and "<dt>发布新版本</dt><dd>0</dd>" in same
    assert "<dt>发布新版本</dt><dd>1</dd>" in report
    hall.food.refresh_from_db()
    assert hall.food.current.promised_limit_days == 3 and hall.food.current.version == 2
    xlsx = client.get("/admin/catalogue/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    workbook = SimpleUploadedFile("catalogue.xlsx", xlsx.content)
    assert "<dt>未变化</dt><dd>6</dd>" in client.post("/admin/catalogue/", {"file": workbook}).content.decode()


def test_catalogue_import_names_the_problems_of_a_bad_file(hall):
    client = client_for(hall.org.admin, verified=True)
    bad = SimpleUploadedFile("bad.json", b'{"format": "zhizhi.servicehall.catalogue/1", "items": [{"name": ""}]}')
    page = client.post("/admin/catalogue/", {"file": bad}).content.decode()
    assert "事项目录文件内容有误" in page and "items.0" in page
    broken = SimpleUploadedFile("broken.json", b"{not json")
    assert "不是有效的 JSON" in client.post("/admin/catalogue/", {"file": broken}).content.decode()


def test_material_records_stay_consistent_after_a_refused_apply(hall):
    # a refused apply leaves no material rows; a later good apply stores exactly two
    citizen_client(hall.citizen).post(
        f"/services/{hall.food.implementation_code}/apply/", food_post(hall, contact_phone="12")
    )
    assert ApplicationMaterial.objects.count() == 0
    submitted(hall)
    assert ApplicationMaterial.objects.count() == 2


def test_enterprise_representative_files_for_the_enterprise(hall):
    client = citizen_client(hall.citizen)
    code = "11359900SCJOPEN"
    page = client.get(f"/services/{code}/apply/").content.decode()
    assert "以个人身份申请" in page and "示范市张三餐饮有限公司" in page
    data = {"enterprise_name": "示范市张三餐饮有限公司", "contact_phone": "13900001111"}
    stranger = citizen_client(hall.other_citizen)
    refused = stranger.post(
        f"/services/{code}/apply/", {**data, "material_m1": pdf_upload(), "enterprise_id": str(hall.enterprise.pk)}
    )
    assert "您不是该企业的法定代表人或经办人" in refused.content.decode() and Application.objects.count() == 0
    response = client.post(
        f"/services/{code}/apply/", {**data, "material_m1": pdf_upload(), "enterprise_id": str(hall.enterprise.pk)}
    )
    assert response.status_code == 302, main_of(response)
    application = Application.objects.get()
    assert application.enterprise == hall.enterprise and application.applicant_name == hall.enterprise.name


def test_choosing_the_enterprise_refreshes_the_certificates_offered(hall):
    # given a certificate held by the citizen's enterprise that can stand in for a material of a bundle part
    from zhizhi.servicehall.models import CertificateType, MaterialSpec

    licence_type = CertificateType.objects.get(code="business_license")
    MaterialSpec.objects.filter(version__item__implementation_code="11359900SCJOPEN").update(
        certificate_type=licence_type
    )
    licence = services.certificate_create(
        type=licence_type, person=None, enterprise=hall.enterprise, data={"name": "x"}, issued_on=date(2024, 1, 1)
    )
    client = citizen_client(hall.citizen)
    url = "/services/11359900SCJOPEN/apply/"
    # when the applicant picks the enterprise (htmx asks for the materials again)
    personal = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    for_enterprise = client.get(url, {"enterprise_id": hall.enterprise.pk}, HTTP_HX_REQUEST="true").content.decode()
    # then only the enterprise's certificate is offered, and only the materials part of the page is sent
    assert licence.number not in personal and "<html" not in personal
    assert licence.number in for_enterprise and "我同意调用政府部门已有的证照数据用于本次申请" in for_enterprise
    assert 'hx-get="/services/11359900SCJOPEN/apply/"' in client.get(url).content.decode()


def queries_for(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_query_per_row(hall):
    # given one application, then three more
    submitted(hall)
    citizen, clerk = citizen_client(hall.citizen), client_for(hall.org.clerk_a)
    urls = ["/my/applications/", "/my/certificates/"]
    staff_urls = ["/workbench/tasks/", "/workbench/applications/"]
    before = [queries_for(citizen, u) for u in urls] + [queries_for(clerk, u) for u in staff_urls]
    catalogue = queries_for(Client(), "/services/")
    for _ in range(3):
        submitted_again = citizen.post(f"/services/{hall.food.implementation_code}/apply/", food_post(hall))
        assert submitted_again.status_code == 302
    # then the list pages need no more queries than before
    after = [queries_for(citizen, u) for u in urls] + [queries_for(clerk, u) for u in staff_urls]
    assert after == before
    assert queries_for(Client(), "/services/") == catalogue
