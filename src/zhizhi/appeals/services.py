"""Every write of the appeals hub: intake from any channel, dispatch (by hand or by the router), acceptance and
退单, replies with their quality check, follow-up, reopening, closing (also "closed, not resolved"), 督办, merging
duplicates, the SLA clocks and the category tree. One transaction each, with its audit row."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhizhi.accounts.access import department_descendants, staff_of
from zhizhi.accounts.models import Department, Division, Membership, Role, User
from zhizhi.appeals.models import (
    OPEN_STATUSES,
    Appeal,
    AppealEvent,
    AppealKind,
    AppealStatus,
    Category,
    Channel,
    Escalation,
    Reply,
    Satisfaction,
)
from zhizhi.appeals.selectors import SERVICES
from zhizhi.core.audit import audit_record, audit_record_many
from zhizhi.core.bulk import bulk_update_rows
from zhizhi.core.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from zhizhi.core.working_days import working_days_add
from zhizhi.notify.services import Notice, notices_send, notification_send, notification_send_many
from zhizhi.textmining.replies import BLOCKING as BLOCKING_FLAGS
from zhizhi.textmining.replies import ReplyCheck, reply_check

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_SUBJECT = 200
MAX_DETAIL = 5000
MIN_DETAIL = 5
MAX_NOTE = 500
MAX_REPLY = 5000
MAX_REOPENS = 2
DEFAULT_ACCEPT_HOURS = 24
DEFAULT_REPLY_DAYS = 15
WARNING_SHARE = 0.8
# Past its reply deadline the department head is alerted (level 1); this many working days later still without a
# reply, the supervision office (level 2).
SECOND_LEVEL_AFTER_DAYS = 2
# China's extent: coordinates outside it cannot be a place in a Chinese city.
LATITUDE_RANGE = (Decimal("3.8"), Decimal("53.6"))
LONGITUDE_RANGE = (Decimal("73.4"), Decimal("135.1"))


# -- who may act ------------------------------------------------------------------------------------------------


def is_dispatcher(user: Any) -> bool:
    """Staff of the dispatch centre: anyone holding the dispatcher role, or a system administrator."""
    staff = staff_of(user)
    if staff is None:
        return bool(getattr(user, "is_superuser", False))
    return Membership.objects.filter(staff=staff, role__in=[Role.DISPATCHER, Role.SYSADMIN]).exists()


def _require_dispatcher(user: Any) -> None:
    if not is_dispatcher(user):
        raise Forbidden(_("仅限12345热线派单人员操作"))


def handling_departments(user: Any) -> set[int]:
    """Departments whose appeals the user handles: every department (and sub-unit) they hold a post in."""
    staff = staff_of(user)
    if staff is None:
        return set()
    return department_descendants(Membership.objects.filter(staff=staff).values_list("department_id", flat=True))


def may_handle(user: Any, appeal: Appeal) -> bool:
    """Whether the user works in the appeal's lead department (or a unit above it) and so may handle it."""
    return appeal.department_id is not None and appeal.department_id in handling_departments(user)


def _require_handler(user: Any, appeal: Appeal) -> None:
    if not may_handle(user, appeal):
        raise Forbidden(_("只有主办部门的工作人员可以办理此诉求"), extra={"number": appeal.number})


# -- intake -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealIn:
    """What a channel hands over; everything is checked by `appeal_submit`."""

    channel: str
    subject: str
    detail: str
    kind: str = AppealKind.COMPLAINT
    division_code: str = ""
    address: str = ""
    latitude: Any = None
    longitude: Any = None
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    external_id: str = ""
    category_code: str = ""
    received_at: datetime | None = None
    likes: int = 0


@dataclass(frozen=True)
class CheckedAppeal:
    values: dict[str, Any]
    category: Category | None


def _coordinate(value: Any, *, name: str, bounds: tuple[Decimal, Decimal], errors: list[dict[str, str]]) -> Any:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors.append({"field": name, "message": _("坐标必须是数字")})
        return None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        errors.append(
            {"field": name, "message": _("坐标超出范围（%(low)s 至 %(high)s）") % {"low": bounds[0], "high": bounds[1]}}
        )
        return None
    return number


def appeal_check(data: AppealIn, *, category: Category | None = None) -> CheckedAppeal:
    """Check what a channel sent and report every problem at once (InvalidInput with the list in `extra`);
    `category` is the active category of `data.category_code` when the caller has already looked it up."""
    errors: list[dict[str, str]] = []
    subject = " ".join(data.subject.split())
    detail = data.detail.strip()
    if data.channel not in Channel.values:
        errors.append({"field": "channel", "message": _("未知的渠道")})
    if data.kind not in AppealKind.values:
        errors.append({"field": "kind", "message": _("诉求类型应为咨询、求助、投诉、举报、建议或表扬")})
    if len(detail) < MIN_DETAIL:
        errors.append({"field": "detail", "message": _("请填写诉求内容（至少 %(n)d 个字）") % {"n": MIN_DETAIL}})
    elif len(detail) > MAX_DETAIL:
        errors.append(
            {
                "field": "detail",
                "message": _("诉求内容不能超过 %(n)d 个字（现有 %(len)d 个字）")
                % {"n": MAX_DETAIL, "len": len(detail)},
            }
        )
    if not subject:
        subject = detail.split("。")[0][:40]
    if len(subject) > MAX_SUBJECT:
        errors.append({"field": "subject", "message": _("标题不能超过 %(n)d 个字") % {"n": MAX_SUBJECT}})
    if len(data.address) > 200:
        errors.append({"field": "address", "message": _("地址不能超过 200 个字")})
    latitude = _coordinate(data.latitude, name="latitude", bounds=LATITUDE_RANGE, errors=errors)
    longitude = _coordinate(data.longitude, name="longitude", bounds=LONGITUDE_RANGE, errors=errors)
    if (latitude is None) != (longitude is None) and not any(e["field"] in ("latitude", "longitude") for e in errors):
        errors.append({"field": "latitude", "message": _("经纬度须同时填写")})
    division = None
    if data.division_code:
        division = Division.objects.filter(code=data.division_code, is_active=True).first()
        if division is None:
            errors.append({"field": "division_code", "message": _("未知的行政区划代码")})
    if category is not None and (category.code != data.category_code or not category.is_active):
        raise ValueError("appeal_check: the category given is not the active category of data.category_code")
    if data.category_code and category is None:
        category = Category.objects.filter(code=data.category_code, is_active=True).first()
        if category is None:
            errors.append({"field": "category_code", "message": _("未知的诉求分类")})
    name = data.contact_name.strip()[:50]
    phone = "".join(ch for ch in data.contact_phone if ch.isdigit() or ch == "-")[:20]
    if not data.anonymous and data.channel != Channel.IMPORT and not phone:
        errors.append({"field": "contact_phone", "message": _("请留下联系电话，或选择匿名反映")})
    if len(data.external_id) > 64:
        errors.append({"field": "external_id", "message": _("外部编号不能超过 64 个字符")})
    if errors:
        raise InvalidInput(errors[0]["message"], extra={"errors": errors})
    return CheckedAppeal(
        values={
            "channel": data.channel,
            "external_id": data.external_id,
            "kind": data.kind,
            "subject": subject,
            "detail": detail,
            "division": division,
            "address": data.address.strip(),
            "latitude": latitude,
            "longitude": longitude,
            "anonymous": data.anonymous,
            "contact_name": "" if data.anonymous else name,
            "contact_phone": "" if data.anonymous else phone,
            "likes": max(int(data.likes or 0), 0),
        },
        category=category,
    )


def _event(
    appeal: Appeal,
    *,
    kind: str,
    title: str,
    note: str = "",
    department: Department | None = None,
    actor: Any = None,
    public: bool = True,
    at: datetime | None = None,
    save: bool = True,
) -> AppealEvent:
    """A timeline entry, saved unless `save` is False (for a bulk INSERT)."""
    staff = staff_of(actor)
    event = AppealEvent(
        appeal=appeal,
        kind=kind,
        title=title,
        note=note,
        department=department,
        actor_label=staff.name if staff else "",
        public=public,
        created_at=at or timezone.now(),
    )
    if save:
        event.save(force_insert=True)
    return event


def _number(pk: int, when: datetime) -> str:
    return f"RX{timezone.localtime(when):%Y%m%d}{pk:08d}"


def _tell_appellant(appeal: Appeal, title: str, body: str = "", *, sms: bool = False) -> None:
    if appeal.appellant_id is None:
        return
    notification_send(
        recipient=appeal.appellant,  # type: ignore[arg-type]
        title=title,
        body=body,
        link=f"/my/appeals/{appeal.number}/",
        channels=("inbox", "sms") if sms else ("inbox",),
    )


@transaction.atomic
def appeal_submit(*, actor: User | None, data: AppealIn, checked: CheckedAppeal | None = None) -> Appeal:
    """Register an appeal from any channel and queue its routing; a known external id returns the existing one."""
    citizen = actor if isinstance(actor, User) and staff_of(actor) is None and actor.is_authenticated else None
    person = getattr(citizen, "person", None) if citizen is not None else None
    if checked is None:
        if person is not None and not data.anonymous:  # a signed-in citizen's own name and phone by default
            data = replace(
                data, contact_name=data.contact_name or person.name, contact_phone=data.contact_phone or person.phone
            )
        checked = appeal_check(data)
    if data.external_id:
        existing = Appeal.objects.filter(channel=data.channel, external_id=data.external_id).first()
        if existing is not None:
            return existing
    operator = actor if actor is not None and citizen is None and actor.is_authenticated else None
    if citizen is None and data.channel == Channel.HOTLINE:
        citizen = _caller_account(checked.values["contact_phone"])
        person = getattr(citizen, "person", None) if citizen is not None else None
    now = timezone.now()
    values = dict(checked.values)
    appeal = Appeal.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        **values,
        appellant=citizen,
        person=person,
        received_by=operator,
        category=checked.category,
        received_at=data.received_at or now,
    )
    appeal.number = _number(appeal.pk, appeal.received_at)
    appeal.save(update_fields=["number"])
    _event(appeal, kind="received", title=_("诉求已登记"), note=str(Channel(appeal.channel).label), actor=actor)
    _tell_appellant(
        appeal,
        _("您的诉求已受理登记：%(number)s") % {"number": appeal.number},
        _("我们会尽快转交有关部门办理，可在“我的诉求”查看进展。"),
        sms=True,
    )
    audit_record(
        actor=actor,
        action="appeals.appeal.submit",
        target=appeal,
        detail={"channel": appeal.channel, "external_id": appeal.external_id},
    )
    appeal_id = appeal.pk
    transaction.on_commit(lambda: _route_later(appeal_id))
    return appeal


def _caller_account(phone: str) -> User | None:
    """The citizen account registered with a caller's phone (verified by SMS when it was registered), so a hotline
    call shows in that citizen's 我的诉求 and they can rate the reply online; staff accounts are never linked."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) != 11:  # a mobile number: accounts are registered with one
        return None
    user = User.objects.filter(phone=digits, is_active=True).first()
    return user if user is not None and staff_of(user) is None else None


def _route_later(appeal_id: int) -> None:
    from zhizhi.appeals.tasks import appeal_route_task

    appeal_route_task(appeal_id)


# -- dispatch ---------------------------------------------------------------------------------------------------


def category_department(category: Category) -> Department | None:
    """The department a category sends its appeals to: its own, else the nearest ancestor's."""
    node: Category | None = category
    while node is not None:
        if node.department_id is not None:
            return node.department
        node = node.parent
    return None


def _category_limit(category: Category | None, attribute: str, default: int) -> int:
    node = category
    while node is not None:
        value = getattr(node, attribute)
        if value is not None:
            return int(value)
        node = node.parent
    return default


def _end_of_working_day(start: datetime, days: int) -> datetime:
    day = working_days_add(timezone.localtime(start, SHANGHAI).date(), days)
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def _deadlines(appeal: Appeal, now: datetime) -> None:
    category = appeal.category
    appeal.accept_due_at = now + timedelta(hours=_category_limit(category, "accept_hours", DEFAULT_ACCEPT_HOURS))
    appeal.reply_due_at = _end_of_working_day(now, _category_limit(category, "reply_days", DEFAULT_REPLY_DAYS))


def _lock(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("category__parent", "department", "appellant")
        .get(pk=appeal.pk)
    )


DISPATCH_FIELDS = [
    "category",
    "department",
    "status",
    "dispatched_at",
    "auto_dispatched",
    "accepted_at",
    "accept_due_at",
    "reply_due_at",
    "updated_at",
]


@dataclass
class _Dispatch:
    """What dispatching an appeal writes besides the appeal itself, unsaved (for one save or a batch)."""

    event: AppealEvent
    notice: Notice
    audit_detail: dict[str, Any]


def _dispatch_apply(
    appeal: Appeal,
    *,
    actor: User | None,
    category: Category,
    department: Department,
    recipients: Sequence[User],
    note: str,
    now: datetime,
) -> _Dispatch:
    """Set the appeal's category, department, state and clocks (unsaved); its timeline entry, the notice to the
    department's `recipients` and the audit detail."""
    suggested = appeal.suggestions[0]["category"] if appeal.suggestions else None
    redispatch = appeal.status == AppealStatus.RETURNED
    appeal.category = category
    appeal.department = department
    appeal.status = AppealStatus.DISPATCHED
    appeal.dispatched_at = now
    appeal.auto_dispatched = actor is None
    appeal.accepted_at = None
    appeal.updated_at = now
    _deadlines(appeal, now)
    title = _("重新派单至%(department)s") if redispatch else _("已派单至%(department)s")
    if actor is None:
        title = _("智能分拨自动派单至%(department)s")
    event = _event(
        appeal, kind="dispatched", title=title % {"department": department.name}, note=note, actor=actor, save=False
    )
    notice = Notice(
        recipients=recipients,
        title=_("新派诉求：%(subject)s") % {"subject": appeal.subject[:40]},
        body=_("请于 %(due)s 前签收。") % {"due": timezone.localtime(appeal.accept_due_at).strftime("%m-%d %H:%M")},
        link=f"/workbench/appeals/{appeal.number}/",
    )
    detail = {
        "category": category.code,
        "suggested": suggested,
        "corrected": suggested is not None and suggested != category.code,  # a dispatcher's correction
        "auto": actor is None,
        "redispatch": redispatch,
    }
    return _Dispatch(event=event, notice=notice, audit_detail=detail)


@transaction.atomic
def appeal_dispatch(
    *,
    actor: User | None,
    appeal: Appeal,
    category: Category,
    department: Department | None = None,
    co_departments: Sequence[Department] = (),
    note: str = "",
    now: datetime | None = None,
) -> Appeal:
    """Send an appeal to its lead department (and co-handlers) under a category, and start its clocks; actor None
    is the router dispatching automatically."""
    if actor is not None:
        _require_dispatcher(actor)
    appeal = _lock(appeal)
    if appeal.status not in (AppealStatus.RECEIVED, AppealStatus.RETURNED):
        raise InvalidTransition(
            _("诉求 %(number)s 当前为“%(status)s”，不能派单")
            % {"number": appeal.number, "status": appeal.get_status_display()},
            extra={"status": appeal.status},
        )
    department = department or category_department(category)
    if department is None:
        raise InvalidInput(_("分类“%(category)s”没有对应的承办部门，请选择部门") % {"category": category.path})
    done = _dispatch_apply(
        appeal,
        actor=actor,
        category=category,
        department=department,
        recipients=_members(department),
        note=note,
        now=now or timezone.now(),
    )
    appeal.save(update_fields=DISPATCH_FIELDS)
    appeal.co_departments.set([d for d in co_departments if d.pk != department.pk])
    done.event.save()
    notices_send([done.notice])
    audit_record(
        actor=actor,
        action="appeals.appeal.dispatch",
        target=appeal,
        department_code=department.code,
        detail=done.audit_detail,
    )
    return appeal


def appeals_dispatch_auto(
    *, dispatches: Sequence[tuple[Appeal, Category, str]], now: datetime, save_also: Sequence[str] = ()
) -> list[Appeal]:
    """Dispatch received appeals as the router (actor None), each under its category with a note, in the caller's
    transaction, which holds their locks: one statement each for the appeals, timeline entries, notices and audit
    rows; `save_also` names fields the caller has set on them, saved in the same UPDATE. Appeals whose category has
    no department are left as they are; the appeals dispatched."""
    dispatched, done, codes = [], [], []
    members: dict[int, list[User]] = {}
    for appeal, category, note in dispatches:
        department = category_department(category)
        if department is None or appeal.status != AppealStatus.RECEIVED:
            continue
        if department.pk not in members:
            members[department.pk] = _members(department)
        recipients = members[department.pk]
        done.append(
            _dispatch_apply(
                appeal, actor=None, category=category, department=department, recipients=recipients, note=note, now=now
            )
        )
        dispatched.append(appeal)
        codes.append(department.code)
    if not dispatched:
        return []
    bulk_update_rows(dispatched, [*DISPATCH_FIELDS, *save_also])
    AppealEvent.objects.bulk_create([d.event for d in done])
    notices_send(_notices_by_department(dispatched, [d.notice for d in done]))
    audit_record_many(
        actor=None,
        action="appeals.appeal.dispatch",
        targets=dispatched,
        details=[d.audit_detail for d in done],
        department_codes=codes,
    )
    return dispatched


@transaction.atomic
def appeal_accept(*, actor: User, appeal: Appeal) -> Appeal:
    """The lead department signs for the appeal (签收) and starts handling it."""
    appeal = _lock(appeal)
    _require_handler(actor, appeal)
    if appeal.status != AppealStatus.DISPATCHED:
        raise InvalidTransition(_("诉求 %(number)s 不在待签收状态") % {"number": appeal.number})
    appeal.status = AppealStatus.HANDLING
    appeal.accepted_at = timezone.now()
    appeal.save(update_fields=["status", "accepted_at", "updated_at"])
    _event(appeal, kind="accepted", title=_("%(department)s已签收") % {"department": appeal.department}, actor=actor)
    department = appeal.department
    assert department is not None
    audit_record(actor=actor, action="appeals.appeal.accept", target=appeal, department_code=department.code)
    return appeal


@transaction.atomic
def appeal_return(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """退单: the department sends the appeal back to the dispatcher with a reason (not ours, wrong place …)."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("请说明退单理由"), extra={"field": "reason"})
    if len(reason) > MAX_NOTE:
        raise InvalidInput(_("退单理由不能超过 %(n)d 个字") % {"n": MAX_NOTE}, extra={"field": "reason"})
    appeal = _lock(appeal)
    _require_handler(actor, appeal)
    if appeal.status not in (AppealStatus.DISPATCHED, AppealStatus.HANDLING):
        raise InvalidTransition(_("诉求 %(number)s 当前不能退单") % {"number": appeal.number})
    department = appeal.department
    assert department is not None
    appeal.status = AppealStatus.RETURNED
    appeal.department = None
    appeal.accept_due_at = None
    appeal.save(update_fields=["status", "department", "accept_due_at", "updated_at"])
    appeal.co_departments.clear()
    _event(appeal, kind="returned", title=_("%(department)s退单") % {"department": department.name}, note=reason)
    audit_record(
        actor=actor,
        action="appeals.appeal.return",
        target=appeal,
        department_code=department.code,
        detail={"reason": reason},
    )
    return appeal


# -- replies ----------------------------------------------------------------------------------------------------


def appeal_reply_check(*, appeal: Appeal, text: str, at: datetime | None = None) -> ReplyCheck:
    """Score a draft reply against the appeal it answers (relevance, completeness, timeliness, tone)."""
    limit = None
    if appeal.reply_due_at and appeal.dispatched_at:
        limit = appeal.reply_due_at - appeal.dispatched_at
    return reply_check(
        subject=appeal.subject,
        detail=appeal.detail,
        reply=text,
        asked_at=appeal.dispatched_at or appeal.received_at,
        replied_at=at or timezone.now(),
        limit=limit,
    )


def check_to_json(check: ReplyCheck) -> dict[str, Any]:
    """A reply check as the API and the pages show it."""
    return {
        "score": check.score,
        "ok": check.ok,
        "relevance": round(check.relevance, 2),
        "completeness": round(check.completeness, 2),
        "timeliness": round(check.timeliness, 2),
        "tone": round(check.tone, 2),
        "flags": [{"code": f.code, "text": f.text} for f in check.flags],
    }


@transaction.atomic
def appeal_reply(*, actor: User, appeal: Appeal, text: str, confirmed: bool = False) -> Reply:
    """Send the department's answer; a draft the quality check blocks (boilerplate, never names the place or
    object) is refused with the reasons unless the drafter confirms it."""
    text = text.strip()
    if len(text) < 10:
        raise InvalidInput(_("答复内容太短，请说明办理情况"), extra={"field": "text"})
    if len(text) > MAX_REPLY:
        raise InvalidInput(_("答复内容不能超过 %(n)d 个字") % {"n": MAX_REPLY}, extra={"field": "text"})
    appeal = _lock(appeal)
    _require_handler(actor, appeal)
    if appeal.status != AppealStatus.HANDLING:
        raise InvalidTransition(_("诉求 %(number)s 当前不能答复（请先签收）") % {"number": appeal.number})
    now = timezone.now()
    check = appeal_reply_check(appeal=appeal, text=text, at=now)
    if not check.ok and not confirmed:
        raise InvalidInput(
            _("答复未通过质量检查：%(reason)s")
            % {"reason": "；".join(f.text for f in check.flags if f.code in BLOCKING_FLAGS)},
            extra={"check": check_to_json(check)},
        )
    department = appeal.department
    assert department is not None
    reply = Reply.objects.create(
        appeal=appeal,
        department=department,
        author=actor,
        text=text,
        score=check.score,
        flags=[{"code": f.code, "text": f.text} for f in check.flags],
        created_at=now,
    )
    appeal.status = AppealStatus.REPLIED
    appeal.replied_at = now
    appeal.replied_on_time = appeal.reply_due_at is None or now <= appeal.reply_due_at
    appeal.save(update_fields=["status", "replied_at", "replied_on_time", "updated_at"])
    _event(appeal, kind="replied", title=_("%(department)s已答复") % {"department": department.name}, note=text)
    for each in [appeal, *appeal.merged.select_related("appellant")]:
        if each.pk != appeal.pk:
            _event(each, kind="replied", title=_("主工单已答复"), note=text)
        _tell_appellant(each, _("您的诉求有答复了：%(number)s") % {"number": each.number}, text[:200], sms=True)
    audit_record(
        actor=actor,
        action="appeals.appeal.reply",
        target=appeal,
        department_code=department.code,
        detail={"score": check.score, "flags": [f.code for f in check.flags], "confirmed": confirmed},
    )
    return reply


# -- follow-up, reopening, closing ------------------------------------------------------------------------------


def _close(appeal: Appeal, *, resolved: bool, note: str, now: datetime) -> None:
    appeal.status = AppealStatus.CLOSED
    appeal.closed_at = now
    appeal.resolved = resolved
    appeal.close_note = note[:MAX_NOTE]
    merged = list(appeal.merged.all())
    for child in merged:
        child.closed_at = now
        child.resolved = resolved
    Appeal.objects.bulk_update(merged, ["closed_at", "resolved"])
    title = _("已办结（已解决）") if resolved else _("已办结（未解决）")
    _event(appeal, kind="closed", title=title, note=note)


@transaction.atomic
def appeal_follow_up(*, actor: User, appeal: Appeal, satisfaction: str, note: str = "") -> Appeal:
    """回访: the appellant (or the centre calling them) rates the reply; unsatisfied reopens it while reopening is
    still allowed, else the appeal is closed as not resolved."""
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("满意度应为满意、基本满意或不满意"), extra={"field": "satisfaction"})
    appeal = _lock(appeal)
    own = appeal.appellant_id is not None and appeal.appellant_id == actor.pk
    if not own and not is_dispatcher(actor):
        raise Forbidden(_("只有诉求人本人或热线回访人员可以评价"))
    if appeal.status != AppealStatus.REPLIED:
        raise InvalidTransition(_("诉求 %(number)s 当前不在待回访状态") % {"number": appeal.number})
    now = timezone.now()
    appeal.satisfaction = satisfaction
    label = Satisfaction(satisfaction).label
    _event(appeal, kind="follow_up", title=_("回访评价：%(label)s") % {"label": label}, note=note[:MAX_NOTE])
    reopened = False
    if satisfaction != Satisfaction.UNSATISFIED:
        _close(appeal, resolved=True, note=note, now=now)
    elif appeal.reopen_count < MAX_REOPENS:
        reopened = True
        appeal.status = AppealStatus.HANDLING
        appeal.reopen_count += 1
        appeal.replied_at = None
        appeal.replied_on_time = None
        appeal.reply_due_at = _end_of_working_day(now, _category_limit(appeal.category, "reply_days", 15))
        _event(appeal, kind="reopened", title=_("诉求人不满意，已重新交办"), department=appeal.department)
    else:
        _close(appeal, resolved=False, note=note or _("多次办理后诉求人仍不满意"), now=now)
    appeal.save()
    audit_record(
        actor=actor,
        action="appeals.appeal.follow_up",
        target=appeal,
        detail={"satisfaction": satisfaction, "reopened": reopened},
    )
    return appeal


@transaction.atomic
def appeal_close(*, actor: User, appeal: Appeal, resolved: bool, note: str) -> Appeal:
    """The centre closes a replied appeal without a rating: resolved, or honestly "closed, not resolved"."""
    _require_dispatcher(actor)
    note = note.strip()
    if not note:
        raise InvalidInput(_("请填写办结说明"), extra={"field": "note"})
    appeal = _lock(appeal)
    if appeal.status != AppealStatus.REPLIED:
        raise InvalidTransition(_("只有已答复的诉求可以办结"), extra={"status": appeal.status})
    _close(appeal, resolved=resolved, note=note, now=timezone.now())
    appeal.save()
    audit_record(actor=actor, action="appeals.appeal.close", target=appeal, detail={"resolved": resolved})
    return appeal


# -- escalation (督办) -------------------------------------------------------------------------------------------


def _heads(department: Department | None) -> list[User]:
    if department is None:
        return []
    members = Membership.objects.filter(department=department, role=Role.DEPARTMENT_HEAD).select_related("staff__user")
    return [m.staff.user for m in members]


def _supervisors() -> list[User]:
    members = Membership.objects.filter(role=Role.SUPERVISOR).select_related("staff__user")
    return list({m.staff.user_id: m.staff.user for m in members}.values())


def _notices_by_department(appeals: Sequence[Appeal], notices: Sequence[Notice]) -> list[Notice]:
    """One notice per department for a batch of new appeals (a burst must not fill the staff's inboxes): the
    appeal's own when it is alone, else how many arrived, the first subject and the earliest time to accept."""
    groups: dict[int, list[int]] = {}
    for i, appeal in enumerate(appeals):
        groups.setdefault(appeal.department_id or 0, []).append(i)
    merged = []
    for indexes in groups.values():
        if len(indexes) == 1:
            merged.append(notices[indexes[0]])
            continue
        first = appeals[indexes[0]]
        due = min(at for i in indexes if (at := appeals[i].accept_due_at) is not None)
        merged.append(
            Notice(
                recipients=notices[indexes[0]].recipients,
                title=_("新派诉求 %(n)d 件：%(subject)s 等") % {"n": len(indexes), "subject": first.subject[:30]},
                body=_("最早一件请于 %(due)s 前签收。") % {"due": timezone.localtime(due).strftime("%m-%d %H:%M")},
                link="/workbench/appeals/?status=dispatched",
            )
        )
    return merged


def _members(department: Department | None) -> list[User]:
    """The staff of a department to tell about an appeal (at most 20 of them)."""
    members = Membership.objects.filter(department=department).select_related("staff__user")[:20]
    return [member.staff.user for member in members]


def _escalate(appeal: Appeal, *, level: int, reason: str, actor: User | None, due_at: datetime | None) -> Escalation:
    escalation = Escalation.objects.create(
        appeal=appeal, level=level, reason=reason, ordered_by=actor, due_at=due_at, created_at=timezone.now()
    )
    appeal.escalation_level = max(appeal.escalation_level, level)
    recipients = _heads(appeal.department) if level <= 1 else [*_heads(appeal.department), *_supervisors()]
    notification_send_many(
        recipients=recipients,
        title=_("督办：%(subject)s") % {"subject": appeal.subject[:40]},
        body=reason,
        link=f"/workbench/appeals/{appeal.number}/",
    )
    names = {1: _("部门负责人"), 2: _("效能监察")}
    _event(
        appeal,
        kind="escalated",
        title=_("督办（%(level)s）") % {"level": names.get(level, str(level))},
        note=reason,
        department=appeal.department,
        actor=actor,
    )
    return escalation


@transaction.atomic
def appeal_escalate(*, actor: User, appeal: Appeal, reason: str, days: int | None = None) -> Escalation:
    """A 督办 order from the centre or the supervision office: one level up the ladder, with its own deadline."""
    staff = staff_of(actor)
    supervisor = staff is not None and Membership.objects.filter(staff=staff, role=Role.SUPERVISOR).exists()
    if not supervisor and not is_dispatcher(actor):
        raise Forbidden(_("仅限热线中心或效能监察人员督办"))
    reason = reason.strip()
    if not reason or len(reason) > MAX_NOTE:
        raise InvalidInput(_("请填写督办事由（不超过 %(n)d 个字）") % {"n": MAX_NOTE}, extra={"field": "reason"})
    if days is not None and not 1 <= days <= 60:
        raise InvalidInput(_("督办时限应为 1 至 60 个工作日"), extra={"field": "days"})
    appeal = _lock(appeal)
    if appeal.status not in (AppealStatus.DISPATCHED, AppealStatus.HANDLING, AppealStatus.RETURNED):
        raise InvalidTransition(_("只有办理中的诉求可以督办"), extra={"status": appeal.status})
    now = timezone.now()
    due_at = _end_of_working_day(now, days) if days else None
    escalation = _escalate(appeal, level=min(appeal.escalation_level + 1, 2), reason=reason, actor=actor, due_at=due_at)
    if due_at is not None and appeal.status == AppealStatus.HANDLING:
        appeal.reply_due_at = min(due_at, appeal.reply_due_at) if appeal.reply_due_at else due_at
    appeal.save(update_fields=["escalation_level", "reply_due_at", "updated_at"])
    audit_record(
        actor=actor,
        action="appeals.appeal.escalate",
        target=appeal,
        department_code=appeal.department.code if appeal.department else "",
        detail={"level": escalation.level, "reason": reason},
    )
    return escalation


@dataclass
class ClockReport:
    warned: int = 0
    escalated: int = 0


def clocks_check(*, now: datetime | None = None) -> ClockReport:
    """The SLA ladder, run every few minutes: a warning at 80% of the reply time, the head when a deadline passes,
    the supervision office when it is still unanswered two working days later; each step once per appeal."""
    now = now or timezone.now()
    report = ClockReport()
    late_accept = Appeal.objects.filter(
        status=AppealStatus.DISPATCHED, accept_due_at__lt=now, escalation_level=0
    ).values_list("pk", flat=True)
    running = Appeal.objects.filter(status=AppealStatus.HANDLING, reply_due_at__isnull=False).values_list(
        "pk", flat=True
    )
    for pk in [*late_accept, *running]:
        outcome = _clock_check(pk, now=now)
        if outcome == "warned":
            report.warned += 1
        elif outcome == "escalated":
            report.escalated += 1
    return report


@transaction.atomic
def _clock_check(pk: int, *, now: datetime) -> str | None:
    appeal = (
        Appeal.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("department", "category")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        return None
    if appeal.status == AppealStatus.DISPATCHED:
        if appeal.accept_due_at and now > appeal.accept_due_at and appeal.escalation_level == 0:
            _escalate(appeal, level=1, reason=_("超过签收时限仍未签收"), actor=None, due_at=None)
            appeal.save(update_fields=["escalation_level"])
            return "escalated"
        return None
    if appeal.status != AppealStatus.HANDLING or appeal.reply_due_at is None:
        return None
    if now > appeal.reply_due_at:
        second = _end_of_working_day(appeal.reply_due_at, SECOND_LEVEL_AFTER_DAYS)
        level = 2 if now > second else 1
        if level > appeal.escalation_level:
            reason = _("已超过答复时限") if level == 1 else _("超期两个工作日仍未答复")
            _escalate(appeal, level=level, reason=reason, actor=None, due_at=None)
            appeal.save(update_fields=["escalation_level"])
            return "escalated"
        return None
    start = appeal.accepted_at or appeal.dispatched_at
    if appeal.warned_at is None and start is not None:
        share = (now - start) / max(appeal.reply_due_at - start, timedelta(minutes=1))
        if share >= WARNING_SHARE:
            notification_send_many(
                recipients=_members(appeal.department),
                title=_("诉求即将超期：%(subject)s") % {"subject": appeal.subject[:40]},
                body=_("请于 %(due)s 前答复。")
                % {"due": timezone.localtime(appeal.reply_due_at).strftime("%Y-%m-%d %H:%M")},
                link=f"/workbench/appeals/{appeal.number}/",
            )
            appeal.warned_at = now
            appeal.save(update_fields=["warned_at"])
            return "warned"
    return None


# -- merging duplicates -----------------------------------------------------------------------------------------


@transaction.atomic
def appeal_merge(*, actor: User, master: Appeal, duplicates: Sequence[Appeal]) -> Appeal:
    """并案: duplicates of one problem join a master case, which counts every citizen affected; the master's reply
    reaches them all."""
    _require_dispatcher(actor)
    ids = sorted({d.pk for d in duplicates} - {master.pk})
    if not ids:
        raise InvalidInput(_("请选择要合并的重复诉求"), extra={"field": "duplicates"})
    locked = {
        a.pk: a for a in Appeal.objects.select_for_update(of=("self",)).filter(pk__in=[master.pk, *ids]).order_by("pk")
    }
    master = locked[master.pk]
    if master.status not in OPEN_STATUSES or master.master_id is not None:
        raise InvalidTransition(_("主工单 %(number)s 已办结或已并案") % {"number": master.number})
    children = [locked[pk] for pk in ids if pk in locked]
    if len(children) != len(ids):
        raise NotFound(_("部分重复诉求不存在"), extra={"ids": ids})
    for child in children:
        if child.status not in (AppealStatus.RECEIVED, AppealStatus.DISPATCHED, AppealStatus.RETURNED):
            raise InvalidTransition(
                _("诉求 %(number)s 已在办理中，不能并入其他工单") % {"number": child.number},
                extra={"number": child.number},
            )
        if Appeal.objects.filter(master=child).exists():
            raise InvalidTransition(_("诉求 %(number)s 本身是主工单") % {"number": child.number})
    now = timezone.now()
    for child in children:
        child.status = AppealStatus.MERGED
        child.master = master
        child.department = master.department
        _event(child, kind="merged", title=_("已并入工单 %(number)s") % {"number": master.number}, actor=actor)
    Appeal.objects.bulk_update(children, ["status", "master", "department"])
    Appeal.objects.filter(pk=master.pk).update(
        affected=F("affected") + sum(c.affected for c in children),
        likes=F("likes") + sum(c.likes for c in children),
        updated_at=now,
    )
    master.refresh_from_db()
    _event(
        master,
        kind="merged_in",
        title=_("并入 %(count)d 件重复诉求，共涉及 %(people)d 位诉求人")
        % {"count": len(children), "people": master.affected},
        note="、".join(c.number for c in children),
        actor=actor,
    )
    audit_record(
        actor=actor, action="appeals.appeal.merge", target=master, detail={"merged": [c.number for c in children]}
    )
    return master


# -- categories -------------------------------------------------------------------------------------------------


@dataclass
class CategoryImportReport:
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _int_or_none(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@transaction.atomic
def categories_import(*, actor: User | None, rows: Iterable[Mapping[str, Any]]) -> CategoryImportReport:
    """Load the category tree from rows with level1, level2, level3 (optionally department, accept_hours,
    reply_days); known paths keep their codes, so importing again changes only what changed."""
    report = CategoryImportReport()
    parsed = []
    departments = {d.code: d for d in Department.objects.all()}
    for number, row in enumerate(rows, start=2):
        names = [str(row.get(f"level{n}") or "").strip() for n in (1, 2, 3)]
        names = [n for n in names if n]
        if not names:
            report.errors.append({"row": number, "message": _("缺少分类名称")})
            continue
        if any(len(n) > 60 or "/" in n for n in names):
            report.errors.append({"row": number, "message": _("分类名称过长或含有“/”")})
            continue
        code = str(row.get("department") or "").strip()
        if code and code not in departments:
            report.errors.append({"row": number, "message": _("未知的部门代码：%(code)s") % {"code": code}})
            continue
        parsed.append((names, departments.get(code), _int_or_none(row.get("accept_hours")), row))
    if report.errors:
        raise InvalidInput(report.errors[0]["message"], extra={"errors": report.errors})
    existing = {c.path: c for c in Category.objects.all()}
    children_count: dict[str, int] = {}
    for category in existing.values():
        key = category.parent.path if category.parent_id else ""  # type: ignore[union-attr]
        children_count[key] = children_count.get(key, 0) + 1
    leaf_departments: dict[str, list[Department]] = {}
    for names, department, accept_hours, row in parsed:
        parent: Category | None = None
        for level, name in enumerate(names, start=1):
            path = "/".join(names[:level])
            found = existing.get(path)
            leaf = level == len(names)
            if found is None:
                key = parent.path if parent else ""
                children_count[key] = children_count.get(key, 0) + 1
                code = f"{parent.code if parent else ''}{children_count[key]:02d}"
                found = Category.objects.create(code=code, name=name, path=path, level=level, parent=parent)
                existing[path] = found
                report.created += 1
            category = found
            if leaf:
                changed = False
                reply_days = _int_or_none(row.get("reply_days"))
                for attribute, value in (
                    ("department", department),
                    ("accept_hours", accept_hours),
                    ("reply_days", reply_days),
                ):
                    if value is not None and getattr(category, attribute) != value:
                        setattr(category, attribute, value)
                        changed = True
                if changed:
                    category.save()
                    report.updated += 1
            elif department is not None:
                leaf_departments.setdefault(path, []).append(department)
            parent = category
    # A parent without its own department takes the one most of its children use, so routing at that level works.
    for path, choices in leaf_departments.items():
        category = existing[path]
        if category.department_id is None:
            category.department = max(set(choices), key=lambda d: (choices.count(d), -d.pk))
            category.save(update_fields=["department"])
    if report.created or report.updated:  # importing the same tree again changes nothing and records nothing
        SERVICES.forget()
        audit_record(
            actor=actor,
            action="appeals.categories.import",
            detail={"created": report.created, "updated": report.updated},
        )
    return report


# -- bulk import ------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


_KIND_LABELS = {str(label): value for value, label in AppealKind.choices}
_TRUE = {"1", "true", "yes", "是", "y"}


def _import_row(row: Mapping[str, str], categories: Mapping[str, Category]) -> AppealIn:
    received_at = None
    text = (row.get("received_at") or "").strip()
    if text:
        try:
            received_at = datetime.fromisoformat(text.replace("/", "-"))
        except ValueError as error:
            raise InvalidInput(
                _("登记时间格式有误（应为 2026-01-31 09:30）"), extra={"field": "received_at"}
            ) from error
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=SHANGHAI)
        if received_at > timezone.now() + timedelta(minutes=5):
            raise InvalidInput(_("登记时间不能晚于现在"), extra={"field": "received_at"})
    kind = (row.get("kind") or "").strip() or AppealKind.COMPLAINT
    category = (row.get("category") or "").strip()
    known = categories.get(category)
    if category and known is None:
        raise InvalidInput(_("未知的诉求分类：%(category)s") % {"category": category[:60]}, extra={"field": "category"})
    return AppealIn(
        channel=Channel.IMPORT,
        external_id=(row.get("external_id") or "").strip(),
        received_at=received_at,
        kind=_KIND_LABELS.get(kind, kind),
        subject=row.get("subject") or "",
        detail=row.get("detail") or "",
        division_code=(row.get("division_code") or "").strip(),
        address=row.get("address") or "",
        latitude=row.get("latitude") or None,
        longitude=row.get("longitude") or None,
        anonymous=(row.get("anonymous") or "").strip().lower() in _TRUE,
        contact_name=row.get("contact_name") or "",
        contact_phone=row.get("contact_phone") or "",
        category_code=known.code if known else "",
    )


def appeals_import(*, actor: User, rows: Sequence[Mapping[str, str]]) -> ImportReport:
    """Import appeals from another system's export: every good row is registered (once per external id, so a
    second import adds nothing), every bad row is reported with its line number and reason."""
    _require_dispatcher(actor)
    report = ImportReport()
    categories: dict[str, Category] = {}
    for category in Category.objects.filter(is_active=True):
        categories[category.code] = category
        categories[category.path] = category
    good: list[tuple[AppealIn, CheckedAppeal]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        try:
            data = _import_row(row, categories)
            if not data.external_id:
                raise InvalidInput(_("缺少外部编号"), extra={"field": "external_id"})
            if data.external_id in seen:
                raise InvalidInput(_("外部编号在文件中重复"), extra={"field": "external_id"})
            checked = appeal_check(data)
        except InvalidInput as error:
            errors = error.extra.get("errors") or [{"field": error.extra.get("field", ""), "message": error.message}]
            report.errors.append(
                {
                    "row": line,
                    "external_id": (row.get("external_id") or "")[:64],
                    "message": "；".join(str(e["message"]) for e in errors),
                    "fields": [e["field"] for e in errors],
                }
            )
            continue
        seen.add(data.external_id)
        good.append((data, checked))
    known = set(
        Appeal.objects.filter(channel=Channel.IMPORT, external_id__in=[d.external_id for d, _c in good]).values_list(
            "external_id", flat=True
        )
    )
    with transaction.atomic():
        for data, checked in good:
            if data.external_id in known:
                report.existing += 1
                continue
            appeal_submit(actor=actor, data=data, checked=checked)
            report.created += 1
        audit_record(
            actor=actor,
            action="appeals.appeal.import",
            detail={"created": report.created, "existing": report.existing, "errors": len(report.errors)},
        )
    return report
