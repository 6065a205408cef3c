"""Appeal lifecycles through the services: dispatch, return and re-dispatch, the escalation ladder, reopening after
an unsatisfied follow-up, "closed, not resolved", merging duplicates, the reply check, category import and the
refusals that must leave nothing behind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhizhi.appeals import services
from zhizhi.appeals.models import Appeal, AppealEvent, AppealStatus, Category, Escalation, Reply
from zhizhi.appeals.tests.conftest import BOILERPLATE_REPLY, CATEGORY_ROWS, GOOD_REPLY
from zhizhi.core.errors import Forbidden, InvalidInput, InvalidTransition
from zhizhi.core.models import AuditEntry
from zhizhi.notify.models import Notification

pytestmark = pytest.mark.django_db


def _kinds(appeal: Appeal) -> list[str]:
    return list(AppealEvent.objects.filter(appeal=appeal).values_list("kind", flat=True))


def test_full_lifecycle_return_redispatch_reply_and_satisfied_follow_up(hub):
    # given a citizen's appeal dispatched by mistake to the environment bureau
    appeal = hub.submit()
    assert appeal.number.startswith("RX") and appeal.status == AppealStatus.RECEIVED
    appeal = services.appeal_dispatch(actor=hub.dispatcher.user, appeal=appeal, category=hub.category("施工噪声"))
    assert appeal.status == AppealStatus.DISPATCHED and appeal.department == hub.environment
    assert appeal.reply_due_at is not None and appeal.accept_due_at is not None
    # when the environment bureau returns it (退单) and the dispatcher re-dispatches to urban management
    with pytest.raises(InvalidInput):
        services.appeal_return(actor=hub.env_handler.user, appeal=appeal, reason="  ")
    appeal = services.appeal_return(actor=hub.env_handler.user, appeal=appeal, reason="路灯不属于本局职责")
    assert appeal.status == AppealStatus.RETURNED and appeal.department is None
    appeal = services.appeal_dispatch(actor=hub.dispatcher.user, appeal=appeal, category=hub.category("路灯损坏"))
    assert appeal.department == hub.urban
    # then only urban management may sign for it, and it replies; the citizen is satisfied
    with pytest.raises(Forbidden):
        services.appeal_accept(actor=hub.env_handler.user, appeal=appeal)
    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=appeal)
    reply = services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
    assert reply.score > 0
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REPLIED and appeal.replied_on_time is True
    appeal = services.appeal_follow_up(actor=hub.citizen, appeal=appeal, satisfaction="satisfied")
    assert appeal.status == AppealStatus.CLOSED and appeal.resolved is True
    assert _kinds(appeal) == [
        "received",
        "dispatched",
        "returned",
        "dispatched",
        "accepted",
        "replied",
        "follow_up",
        "closed",
    ]
    actions = list(AuditEntry.objects.filter(target_id=str(appeal.pk)).values_list("action", flat=True))
    assert actions == [
        "appeals.appeal.submit",
        "appeals.appeal.dispatch",
        "appeals.appeal.return",
        "appeals.appeal.dispatch",
        "appeals.appeal.accept",
        "appeals.appeal.reply",
        "appeals.appeal.follow_up",
    ]
    redispatch = AuditEntry.objects.filter(action="appeals.appeal.dispatch", target_id=str(appeal.pk)).last()
    assert redispatch.detail["redispatch"] is True
    assert Notification.objects.filter(recipient=hub.citizen, title__contains="有答复").exists()


def test_unsatisfied_follow_up_reopens_then_closes_not_resolved(hub):
    appeal = hub.dispatched()
    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=appeal)
    for round_ in range(services.MAX_REOPENS + 1):
        services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
        appeal = services.appeal_follow_up(
            actor=hub.citizen, appeal=appeal, satisfaction="unsatisfied", note="灯还是不亮"
        )
        if round_ < services.MAX_REOPENS:
            # reopened: back to the department with a new reply deadline
            assert appeal.status == AppealStatus.HANDLING
            assert appeal.reopen_count == round_ + 1
    # after the last allowed reopening, unsatisfied closes it as "closed, not resolved" — a visible outcome
    assert appeal.status == AppealStatus.CLOSED and appeal.resolved is False
    assert _kinds(appeal).count("reopened") == services.MAX_REOPENS
    assert Reply.objects.filter(appeal=appeal).count() == services.MAX_REOPENS + 1


def test_only_the_appellant_or_the_centre_rates(hub):
    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched())
    services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
    with pytest.raises(Forbidden):
        services.appeal_follow_up(actor=hub.other_citizen, appeal=appeal, satisfaction="satisfied")
    with pytest.raises(Forbidden):
        services.appeal_follow_up(actor=hub.urban_handler.user, appeal=appeal, satisfaction="satisfied")
    with pytest.raises(InvalidInput):
        services.appeal_follow_up(actor=hub.citizen, appeal=appeal, satisfaction="great")
    # the centre's phone follow-up may close it honestly as not resolved
    closed = services.appeal_close(actor=hub.dispatcher.user, appeal=appeal, resolved=False, note="三次回访未接通")
    assert closed.status == AppealStatus.CLOSED and closed.resolved is False


def test_escalation_ladder_head_then_supervision(hub):
    # given an appeal signed for but not answered
    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched())
    due = appeal.reply_due_at
    # when the clock passes 80% of the time, then the due date, then two more working days
    start = appeal.accepted_at
    at_80 = start + (due - start) * 0.85
    assert services.clocks_check(now=at_80).warned == 1
    assert services.clocks_check(now=at_80).warned == 0  # once
    assert services.clocks_check(now=due + timedelta(hours=1)).escalated == 1
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1
    assert Notification.objects.filter(recipient=hub.urban_head.user, title__startswith="督办").count() == 1
    assert services.clocks_check(now=due + timedelta(hours=2)).escalated == 0
    late = due + timedelta(days=6)
    assert services.clocks_check(now=late).escalated == 1
    appeal.refresh_from_db()
    assert appeal.escalation_level == 2
    assert Notification.objects.filter(recipient=hub.org.supervisor.user, title__startswith="督办").exists()
    assert list(Escalation.objects.filter(appeal=appeal).values_list("level", flat=True)) == [1, 2]


def test_late_acceptance_escalates_and_manual_order(hub):
    appeal = hub.dispatched(category="垃圾清运")  # 2 hours to sign for
    assert services.clocks_check(now=appeal.accept_due_at + timedelta(minutes=1)).escalated == 1
    with pytest.raises(Forbidden):
        services.appeal_escalate(actor=hub.urban_handler.user, appeal=appeal, reason="催办")
    escalation = services.appeal_escalate(actor=hub.org.supervisor.user, appeal=appeal, reason="群众反映强烈", days=2)
    assert escalation.level == 2 and escalation.due_at is not None


def test_merge_counts_citizens_and_the_reply_reaches_all(hub):
    # given three citizens reporting the same broken street light
    master = hub.submit()
    second = hub.submit(
        actor=hub.other_citizen, detail="幸福里小区3号楼前面路灯坏了好久了，晚上很黑，希望有关部门派人修一下。"
    )
    third = hub.submit(actor=hub.dispatcher.user, channel="hotline", contact_phone="13700002222")
    # when the dispatcher merges them into the first
    master = services.appeal_merge(actor=hub.dispatcher.user, master=master, duplicates=[second, third])
    assert master.affected == 3
    second.refresh_from_db()
    assert second.status == AppealStatus.MERGED and second.master == master
    # then the master is handled once and its reply reaches every citizen
    master = services.appeal_dispatch(actor=hub.dispatcher.user, appeal=master, category=hub.category("路灯损坏"))
    master = services.appeal_accept(actor=hub.urban_handler.user, appeal=master)
    services.appeal_reply(actor=hub.urban_handler.user, appeal=master, text=GOOD_REPLY)
    assert Notification.objects.filter(recipient=hub.other_citizen, title__contains="有答复").exists()
    assert AppealEvent.objects.filter(appeal=second, kind="replied").exists()
    # a merged appeal cannot be merged again, and a case in hand cannot be merged into another
    fourth = hub.submit()
    with pytest.raises(InvalidTransition):
        services.appeal_merge(actor=hub.dispatcher.user, master=fourth, duplicates=[master])
    with pytest.raises(Forbidden):
        services.appeal_merge(actor=hub.urban_handler.user, master=fourth, duplicates=[third])


def test_boilerplate_reply_is_refused_with_reasons_unless_confirmed(hub):
    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched())
    check = services.appeal_reply_check(appeal=appeal, text=BOILERPLATE_REPLY)
    assert not check.ok and "boilerplate" in {f.code for f in check.flags}
    good = services.appeal_reply_check(appeal=appeal, text=GOOD_REPLY)
    assert good.ok and good.score > check.score
    with pytest.raises(InvalidInput) as refused:
        services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=BOILERPLATE_REPLY)
    assert refused.value.extra["check"]["flags"]
    assert not Reply.objects.filter(appeal=appeal).exists()  # nothing half-saved
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HANDLING
    reply = services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=BOILERPLATE_REPLY, confirmed=True)
    assert "boilerplate" in {f["code"] for f in reply.flags}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"detail": "   "}, "detail"),
        ({"detail": "很长" * 50_000}, "detail"),
        ({"latitude": "95", "longitude": "120"}, "latitude"),
        ({"latitude": "26.1", "longitude": "abc"}, "longitude"),
        ({"latitude": "26.1"}, "latitude"),
        ({"division_code": "999999999999"}, "division_code"),
        ({"kind": "chat"}, "kind"),
        ({"contact_phone": "", "actor": None}, "contact_phone"),
        ({"category_code": "9999"}, "category_code"),
    ],
)
def test_bad_intake_is_refused_and_nothing_is_saved(hub, overrides, field):
    before = (Appeal.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as refused:
        hub.submit(**overrides)
    assert field in {e["field"] for e in refused.value.extra["errors"]}
    assert (Appeal.objects.count(), AuditEntry.objects.count()) == before


def test_anonymous_appeal_keeps_no_contact(hub):
    appeal = hub.submit(actor=hub.dispatcher.user, channel="hotline", anonymous=True, contact_name="某某")
    assert appeal.anonymous and appeal.contact_name == "" and appeal.contact_phone == ""


def test_a_call_from_a_registered_phone_reaches_that_citizens_appeals(hub):
    # a call from the phone of citizen1's account: theirs to follow and rate online, with the SMS receipt
    call = hub.submit(actor=hub.dispatcher.user, channel="hotline", contact_phone="139-1234-5678")
    assert (call.appellant, call.person, call.received_by) == (hub.citizen, hub.person, hub.dispatcher.user)
    assert Notification.objects.filter(recipient=hub.citizen, link=f"/my/appeals/{call.number}/").exists()
    # an unknown phone, an anonymous call, a staff member's phone and another channel link no one
    hub.dispatcher.user.phone = "13700000000"
    hub.dispatcher.user.save(update_fields=["phone"])
    for overrides in (
        {"channel": "hotline", "contact_phone": "13600000000"},
        {"channel": "hotline", "anonymous": True},
        {"channel": "hotline", "contact_phone": "13700000000"},
        {"channel": "mailbox", "contact_phone": "13912345678"},
    ):
        assert hub.submit(actor=hub.dispatcher.user, **overrides).appellant is None, overrides


def test_external_id_makes_intake_idempotent(hub):
    first = hub.submit(actor=None, channel="open311", external_id="ext-1", anonymous=True)
    again = hub.submit(actor=None, channel="open311", external_id="ext-1", anonymous=True)
    assert first.pk == again.pk and Appeal.objects.count() == 1


def test_category_import_is_idempotent_and_parents_take_their_childrens_department(hub):
    assert Category.objects.count() == 3 + 4 + 5
    facilities = hub.category("市政设施")
    assert facilities.level == 2 and services.category_department(facilities) == hub.urban
    assert hub.category("路灯损坏").code.startswith(facilities.code)
    report = services.categories_import(actor=None, rows=CATEGORY_ROWS)
    assert report.created == 0 and report.updated == 0
    changed = [dict(CATEGORY_ROWS[0], reply_days="2")]
    assert services.categories_import(actor=None, rows=changed).updated == 1
    with pytest.raises(InvalidInput):
        services.categories_import(actor=None, rows=[{"level1": "城乡建设", "department": "NOPE"}])


def test_dispatch_is_for_dispatchers_and_only_from_the_right_states(hub):
    appeal = hub.submit()
    with pytest.raises(Forbidden):
        services.appeal_dispatch(actor=hub.urban_handler.user, appeal=appeal, category=hub.category("路灯损坏"))
    appeal = services.appeal_dispatch(actor=hub.dispatcher.user, appeal=appeal, category=hub.category("路灯损坏"))
    with pytest.raises(InvalidTransition):
        services.appeal_dispatch(actor=hub.dispatcher.user, appeal=appeal, category=hub.category("路灯损坏"))
    with pytest.raises(InvalidTransition):
        services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)  # not signed for yet


def test_deadlines_follow_the_category_in_working_days(hub):
    # given the Tuesday before the National Day holiday of 2026 (1-7 October off)
    tuesday = timezone.datetime(2026, 9, 29, 10, 0, tzinfo=services.SHANGHAI)
    appeal = hub.submit()
    appeal = services.appeal_dispatch(
        actor=hub.dispatcher.user, appeal=appeal, category=hub.category("施工噪声"), now=tuesday
    )
    # then its three working days are 30 September, 8 and 9 October: due at the end of 9 October
    local = timezone.localtime(appeal.reply_due_at, services.SHANGHAI)
    assert (local.date().isoformat(), local.hour) == ("2026-10-09", 23)
