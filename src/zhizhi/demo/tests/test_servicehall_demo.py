"""The demo service hall: a history in every state through the real services, certificates that verify, an intact
audit chain, determinism for a seed and a second run that adds nothing."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from zhizhi.accounts.models import Enterprise, Person
from zhizhi.core.audit import audit_verify
from zhizhi.core.models import AuditEntry
from zhizhi.demo.generator import AGENT_PHONE, CITIZEN_PHONE, DemoSummary, demo_generate
from zhizhi.demo.servicehall import HISTORY_DAYS, servicehall_generate
from zhizhi.notify.models import Notification
from zhizhi.servicehall import services
from zhizhi.servicehall.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    BundleApplication,
    Certificate,
    Rating,
    Rectification,
    ServiceItem,
    Task,
    TaskStatus,
)
from zhizhi.servicehall.selectors import certificate_verify

pytestmark = pytest.mark.django_db

SMALL = {"persons": 50, "enterprises": 10, "applications": 40, "appeals": 0}
TABLES = (
    ServiceItem,
    Certificate,
    Application,
    Task,
    ApplicationEvent,
    Rating,
    Rectification,
    Notification,
    AuditEntry,
)


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def small_hall() -> DemoSummary:
    return demo_generate(seed=11, **SMALL)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def test_history_has_applications_in_every_state(small_hall: DemoSummary) -> None:
    # then: 40 applications, bundle filings among them, every status a citizen or a clerk would see
    assert Application.objects.count() == 40
    assert BundleApplication.objects.exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CORRECTION,
        ApplicationStatus.PROCESSING,
        ApplicationStatus.APPROVED,
        ApplicationStatus.DENIED,
        ApplicationStatus.REFUSED,
    } <= statuses
    waiting = Task.objects.filter(status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED], application__status="processing")
    assert waiting.filter(spec__in=["review", "joint_review"]).exists()
    assert waiting.filter(spec="decide").exists()
    assert Task.objects.filter(status=TaskStatus.OPEN, role="applicant", application__status="correction").exists()
    # every approval of an item that issues a certificate produced one
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED, version__issues_certificate__isnull=False)
    assert approved.exists()
    assert all(Certificate.objects.filter(application=a).exists() for a in approved)
    assert Rating.objects.exists()
    assert small_hall.created_total > 0


def test_history_lies_in_the_past_months_in_order(small_hall: DemoSummary) -> None:
    now = timezone.now()
    first = now - datetime.timedelta(days=HISTORY_DAYS + 1)
    for application in Application.objects.prefetch_related("events"):
        assert first <= application.submitted_at <= now, application.number
        moments = [event.created_at for event in application.events.all()]
        assert moments[0] == application.submitted_at  # stamped when it happened, not when the demo ran
        assert moments == sorted(moments) and moments[-1] <= now
        if application.concluded_at is not None:
            assert application.submitted_at < application.concluded_at <= now
    assert len({a.submitted_at.date() for a in Application.objects.all()}) > 10


def test_certificates_verify_and_the_demo_accounts_can_reuse_them(small_hall: DemoSummary) -> None:
    # then every certificate, from the registers or from an approval, carries the digest the service computes
    for certificate in Certificate.objects.select_related("type"):
        assert certificate_verify(number=certificate.number, digest=certificate.digest) == certificate
        expected = services.certificate_digest(
            number=certificate.number,
            type_code=certificate.type.code,
            holder_identifier=certificate.holder_identifier,
            issued_on=certificate.issued_on,
            valid_until=certificate.valid_until,
            data=certificate.data,
        )
        assert certificate.digest == expected, certificate.number
    for person in Person.objects.all():
        assert {"resident_id", "household_register"} <= set(person.certificates.values_list("type__code", flat=True))
    for enterprise in Enterprise.objects.all():
        assert enterprise.certificates.filter(type__code="business_license").exists(), enterprise.uscc
    citizen = Person.objects.get(phone=CITIZEN_PHONE)
    held = set(citizen.certificates.values_list("type__code", flat=True))
    assert {"resident_id", "household_register", "property_certificate"} <= held
    assert Application.objects.filter(applicant=citizen.user).count() >= 3
    agent = Person.objects.get(phone=AGENT_PHONE)
    assert Enterprise.objects.filter(agent_links__person=agent, certificates__type__code="business_license").exists()


def test_second_run_adds_nothing_and_the_audit_chain_holds(small_hall: DemoSummary) -> None:
    # given
    counts = _counts()
    assert audit_verify().intact

    # when
    again = demo_generate(seed=11, **SMALL)

    # then
    assert again.created_total == 0
    assert _counts() == counts
    report = audit_verify()
    assert report.intact and report.checked == AuditEntry.objects.count()
    submitted = AuditEntry.objects.filter(action="servicehall.application.submit").count()
    assert submitted == Application.objects.count()


def _history_digest(seed: int, now: datetime.datetime) -> str:
    """File a history into the (rolled back) demo city and digest what a person would see of it."""
    with transaction.atomic():
        demo_generate(seed=3, persons=40, enterprises=8, applications=0, appeals=0)
        servicehall_generate(seed=seed, applications=30, now=now)
        rows = sorted(
            Application.objects.values_list(
                "item__implementation_code", "status", "submitted_at", "concluded_at", "due_on", "applicant__username"
            )
        )
        transaction.set_rollback(True)
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_same_seed_and_moment_give_the_same_history() -> None:
    now = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    assert _history_digest(5, now) == _history_digest(5, now)
    assert _history_digest(6, now) != _history_digest(5, now)
