"""Application lifecycles through the services: the standard path with a certificate, joint review, a bundle of
four, a 补正 round trip with its paused clock, ratings, clocks and the refusals that must leave nothing behind."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhizhi.core.errors import Forbidden, InvalidInput, InvalidTransition, PayloadTooLarge
from zhizhi.core.identifiers import uscc_parse
from zhizhi.core.models import AuditEntry
from zhizhi.notify.models import Notification
from zhizhi.servicehall import services
from zhizhi.servicehall.models import (
    Application,
    ApplicationMaterial,
    ApplicationStatus,
    BundleApplication,
    Certificate,
    Rectification,
    StoredFile,
    Task,
    TaskStatus,
)
from zhizhi.servicehall.selectors import certificate_verify, item_list, statistics
from zhizhi.servicehall.tests.conftest import food_form, pdf_upload

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _submit_food(hall, **kwargs):
    supplied = kwargs.pop(
        "supplied", services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True)
    )
    return services.application_submit(
        user=hall.citizen, version=hall.food.current, form_data=kwargs.pop("form", food_form()), supplied=supplied
    )


def _open_task(application, spec=None):
    tasks = application.tasks.filter(status=TaskStatus.OPEN)
    if spec:
        tasks = tasks.filter(spec=spec)
    return tasks.get()


def _do(staff, application, spec, outcome, opinion="同意"):
    task = _open_task(application, spec)
    services.task_claim(actor=staff.user, task=task)
    return services.task_complete(actor=staff.user, task=task, outcome=outcome, opinion=opinion)


def test_standard_lifecycle_issues_a_verifiable_certificate(hall):
    # given a citizen's application with one upload and a reused resident ID
    application = _submit_food(hall)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.form_data["applicant_name"] == "张三"  # filled from the reused certificate
    assert _open_task(application).role == "window_clerk"
    # when the clerk accepts, the reviewer passes and the head approves
    _do(hall.org.clerk_a, application, "accept", "accept")
    _do(hall.reviewer_a, application, "review", "pass")
    _do(hall.org.head_a, application, "decide", "approve")
    # then the application is concluded on time and a certificate with a correct digest exists
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.concluded_on_time is True
    certificate = Certificate.objects.get(application=application)
    assert certificate.type.code == "food_business_license"
    assert certificate.data["shop_name"] == "张三小吃"
    assert certificate_verify(number=certificate.number, digest=certificate.digest) == certificate
    assert certificate_verify(number=certificate.number, digest="0" * 64) is None
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds[0] == "submitted" and "certificate" in kinds and "concluded" in kinds
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"servicehall.application.submit", "servicehall.task.complete"} <= actions
    decided = AuditEntry.objects.filter(action="servicehall.task.complete", target_id=str(application.pk)).last()
    assert decided.detail["certificate"] == {"number": certificate.number, "digest": certificate.digest}
    submitted = AuditEntry.objects.get(action="servicehall.application.submit", target_id=str(application.pk))
    assert submitted.detail["reused_certificates"] == [hall.id_card.number]  # the 免提交 reuse is on record
    assert Notification.objects.filter(recipient=hall.citizen).count() >= 3


def test_application_keeps_its_version_when_the_guide_changes(hall):
    from zhizhi.servicehall.interchange import document_parse
    from zhizhi.servicehall.tests.conftest import catalogue_document

    application = _submit_food(hall)
    document = catalogue_document()
    document["items"][0]["promised_limit_days"] = 3
    services.catalogue_import(actor=None, document=document_parse(document))
    hall.food.refresh_from_db()
    assert hall.food.current.version == 2
    application.refresh_from_db()
    assert application.version.version == 1 and application.version.status == "retired"
    # importing the same document again publishes nothing new
    report = services.catalogue_import(actor=None, document=document_parse(document))
    assert report.versions_published == 0


def test_published_version_cannot_be_edited(hall):
    from zhizhi.core.errors import Conflict

    version = hall.food.current
    version.name = "改名"
    with pytest.raises(Conflict):
        version.save()


def test_joint_review_runs_two_departments_in_parallel(hall):
    # given an application for the joint-review item (JYJ + GAJ)
    application = services.application_submit(
        user=hall.citizen,
        version=hall.school.current,
        form_data={"contact_phone": "13900001111"},
        supplied=services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True),
    )
    _do(hall.org.clerk_b, application, "accept", "accept")
    # then both departments have a review task at once, and no decision is open yet
    reviews = application.tasks.filter(spec="joint_review", status=TaskStatus.OPEN)
    assert sorted(reviews.values_list("department__code", flat=True)) == ["359900-GAJ", "359900-JYJ"]
    assert not application.tasks.filter(spec="decide").exists()
    # when the first reviewer agrees, the decision still waits for the second
    services.task_complete(
        actor=hall.reviewer_b.user, task=reviews.get(department__code="359900-JYJ"), outcome="agree", opinion="同意"
    )
    assert not application.tasks.filter(spec="decide").exists()
    services.task_complete(
        actor=hall.reviewer_gaj.user, task=_open_task(application, "joint_review"), outcome="agree", opinion="同意"
    )
    # then the decision is open for JYJ's head, who approves
    _do(hall.head_b, application, "decide", "approve")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_bundle_of_four_items_concludes_when_every_part_concludes(hall):
    from zhizhi.servicehall.selectors import bundle_by_code

    bundle = bundle_by_code("open-business")
    form = {"enterprise_name": "示范市张三餐饮有限公司", "contact_phone": "13900001111", "capital": 50, "seal_count": 3}
    uploads = {f"{p.item.implementation_code}/m1": pdf_upload() for p in bundle.parts.all()}
    filing = services.bundle_submit(
        user=hall.citizen, bundle=bundle, form_data=form, supplied=services.Supplied(uploads=uploads)
    )
    parts = list(filing.parts.select_related("department").order_by("department__code"))
    assert len(parts) == 4
    # data entered once feeds every part, each with only the fields its own form declares
    assert all(p.form_data["enterprise_name"] == "示范市张三餐饮有限公司" for p in parts)
    assert {p.department.code: ("capital" in p.form_data) for p in parts}["359900-SCJ"] is True
    assert not any("capital" in p.form_data for p in parts if p.department.code != "359900-SCJ")
    for index, part in enumerate(parts):
        dept = part.department.code
        _do(hall.clerk_for(dept), part, "accept", "accept")
        _do(hall.reviewer_for(dept), part, "review", "pass")
        _do(hall.head_for(dept), part, "decide", "approve")
        filing.refresh_from_db()
        expected = BundleApplication.Status.CONCLUDED if index == 3 else BundleApplication.Status.PROCESSING
        assert filing.status == expected
    # and the registration put the new enterprise into the register, its founder as legal representative
    licence = Certificate.objects.get(type__code="business_license", application__bundle_application=filing)
    enterprise = licence.enterprise
    assert enterprise.name == "示范市张三餐饮有限公司" and enterprise.legal_representative == hall.person
    assert licence.data["uscc"] == enterprise.uscc and uscc_parse(enterprise.uscc)
    assert enterprise in services.enterprises_of(hall.citizen)


def test_correction_round_trip_pauses_the_clock(hall, django_capture_on_commit_callbacks):
    # given an application submitted on Thursday 12 Feb 2026 with a 5-working-day promise
    submitted = datetime(2026, 2, 12, 10, tzinfo=SHANGHAI)
    application = services.application_submit(
        user=hall.citizen,
        version=hall.food.current,
        form_data=food_form(),
        supplied=services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True),
        submitted_at=submitted,
    )
    assert application.due_on == date(2026, 2, 26)  # 13, 14 (make-up Saturday), 24, 25, 26
    # when the clerk asks for a correction on Friday 13 Feb (the clock pauses)
    task = _open_task(application, "accept")
    services.task_complete(
        actor=hall.org.clerk_a.user,
        task=task,
        outcome="correction",
        opinion="申请书缺少签名",
        when=datetime(2026, 2, 13, 9, tzinfo=SHANGHAI),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION
    assert _open_task(application).role == "applicant"
    assert services.clock_used_share(application, day=date(2026, 3, 2)) == services.clock_used_share(
        application, day=date(2026, 2, 13)
    )
    # and the applicant resubmits on Tuesday 24 Feb, after the Spring Festival
    from unittest import mock

    with mock.patch("zhizhi.servicehall.services.timezone.now", return_value=datetime(2026, 2, 24, 9, tzinfo=SHANGHAI)):
        services.application_resubmit(
            user=hall.citizen,
            application=application,
            form_data={"shop_name": "张三小吃（补正）"},
            supplied=services.Supplied(uploads={"m1": pdf_upload("签名申请书.pdf")}),
        )
    application.refresh_from_db()
    # then the paused working days (14 Feb make-up Saturday and 24 Feb) extend the due date by two working days
    assert application.paused_days == 2
    assert application.due_on == date(2026, 2, 28)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.form_data["shop_name"] == "张三小吃（补正）"
    assert application.materials.get(spec__code="m1", superseded_at__isnull=True).file.name == "签名申请书.pdf"
    assert application.materials.get(spec__code="m1", superseded_at__isnull=False).file.name == "申请书.pdf"
    assert _open_task(application, "accept").role == "window_clerk"


def test_refusal_concludes_without_certificate(hall):
    application = _submit_food(hall)
    _do(hall.org.clerk_a, application, "accept", "refuse", opinion="不属于本部门职责")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert not Certificate.objects.filter(application=application).exists()


def test_return_from_decision_goes_back_to_review(hall):
    application = _submit_food(hall)
    _do(hall.org.clerk_a, application, "accept", "accept")
    _do(hall.reviewer_a, application, "review", "pass")
    _do(hall.org.head_a, application, "decide", "return", opinion="请核实经营场所")
    assert _open_task(application).spec == "review"


def test_a_negative_outcome_needs_an_opinion_and_a_task_completes_once(hall):
    application = _submit_food(hall)
    task = _open_task(application, "accept")
    with pytest.raises(InvalidInput):
        services.task_complete(actor=hall.org.clerk_a.user, task=task, outcome="refuse", opinion="")
    with pytest.raises(InvalidInput):
        services.task_complete(actor=hall.org.clerk_a.user, task=task, outcome="approve", opinion="x")
    services.task_complete(actor=hall.org.clerk_a.user, task=task, outcome="accept")
    with pytest.raises(InvalidTransition):
        services.task_complete(actor=hall.org.clerk_a.user, task=task, outcome="accept")


def _nothing_saved(before_files: int) -> None:
    assert Application.objects.count() == 0
    assert ApplicationMaterial.objects.count() == 0
    assert StoredFile.objects.count() == before_files
    assert Task.objects.count() == 0


def test_disguised_executable_is_refused_and_nothing_is_saved(hall):
    fake = SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(InvalidInput):
        _submit_food(
            hall, supplied=services.Supplied(uploads={"m1": fake}, reuse={"m2": hall.id_card.pk}, consent=True)
        )
    _nothing_saved(0)


def test_oversized_upload_is_refused(hall, monkeypatch):
    monkeypatch.setattr("zhizhi.servicehall.uploads.MAX_UPLOAD_BYTES", 1000)
    big = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4\n" + b"0" * 5000, content_type="application/pdf")
    with pytest.raises(PayloadTooLarge):
        _submit_food(hall, supplied=services.Supplied(uploads={"m1": big}, reuse={"m2": hall.id_card.pk}, consent=True))
    _nothing_saved(0)


def test_form_data_violating_the_schema_is_refused_with_every_field_named(hall):
    bad = {"contact_phone": "12345", "shop_name": "店" * 61, "business_kind": "挖矿"}
    with pytest.raises(InvalidInput) as caught:
        _submit_food(hall, form=bad)
    fields = caught.value.extra["fields"]
    assert {"contact_phone", "shop_name", "business_kind"} <= set(fields)
    _nothing_saved(0)


def test_missing_material_and_reuse_without_consent_are_refused(hall):
    with pytest.raises(InvalidInput) as caught:
        _submit_food(hall, supplied=services.Supplied(reuse={"m2": hall.id_card.pk}, consent=False))
    assert {"m1", "consent"} <= set(caught.value.extra["materials"])
    _nothing_saved(0)


def test_someone_elses_certificate_cannot_be_reused(hall):
    with pytest.raises(InvalidInput):
        services.application_submit(
            user=hall.other_citizen,
            version=hall.food.current,
            form_data={**food_form(), "applicant_name": "李四"},
            supplied=services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True),
        )
    _nothing_saved(0)


def test_bad_rating_opens_a_rectification_with_fifteen_working_days(hall):
    application = _submit_food(hall)
    with pytest.raises(InvalidTransition):
        services.rating_submit(user=hall.citizen, application=application, level=5)
    _do(hall.org.clerk_a, application, "accept", "refuse", opinion="材料不符")
    application.refresh_from_db()
    rating = services.rating_submit(user=hall.citizen, application=application, level=1, comment="态度差")
    rectification = Rectification.objects.get(rating=rating)
    with pytest.raises(Forbidden):  # only the department's head reports the rectification
        services.rectification_report(actor=hall.org.clerk_a.user, rectification=rectification, action="已改")
    assert rectification.department == hall.org.a
    from zhizhi.core.working_days import working_days_add

    assert rectification.due_on == working_days_add(services.today(), 15)
    assert Notification.objects.filter(recipient=hall.org.head_a.user, title__contains="差评").exists()
    services.rectification_report(actor=hall.org.head_a.user, rectification=rectification, action="加强窗口培训")
    with pytest.raises(Forbidden):  # the department does not close its own bad rating
        services.rectification_visit(
            actor=hall.org.head_a.user, rectification=rectification, note="满意", satisfied=True
        )
    services.rectification_visit(
        actor=hall.org.supervisor.user, rectification=rectification, note="回访满意", satisfied=True
    )
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.CLOSED
    rows = {row.key: row for row in statistics(by="department")}
    assert rows["359900-SCJ"].bad_ratings == 1


def test_clock_check_warns_then_alerts_handler_and_head_once(hall):
    application = services.application_submit(
        user=hall.citizen,
        version=hall.food.current,
        form_data=food_form(),
        supplied=services.Supplied(uploads={"m1": pdf_upload()}, reuse={"m2": hall.id_card.pk}, consent=True),
        submitted_at=datetime(2026, 3, 2, 9, tzinfo=SHANGHAI),  # Monday; 5 working days → due Monday 9 March
    )
    assert application.due_on == date(2026, 3, 9)
    assert services.clocks_check(day=date(2026, 3, 5)) == {"warned": 0, "overdue": 0}  # 3 of 5 days
    assert services.clocks_check(day=date(2026, 3, 6)) == {"warned": 1, "overdue": 0}  # 4 of 5 = 80%
    assert services.clocks_check(day=date(2026, 3, 6)) == {"warned": 0, "overdue": 0}
    assert Notification.objects.filter(recipient=hall.org.clerk_a.user, title__contains="即将超期").exists()
    assert services.clocks_check(day=date(2026, 3, 10)) == {"warned": 0, "overdue": 1}
    assert Notification.objects.filter(recipient=hall.org.head_a.user, title__contains="已超期").exists()


def test_chinese_search_finds_items_by_keyword_and_name(hall):
    assert [i.implementation_code for i in item_list(q="开饭店")][:1] == ["11359900SCJ0001"]
    assert [i.implementation_code for i in item_list(q="食品经营许可")][:1] == ["11359900SCJ0001"]
    assert [i.implementation_code for i in item_list(q="我要办学校")][:1] == ["11359900JYJ0001"]
    assert item_list(q="宇宙飞船") == []
