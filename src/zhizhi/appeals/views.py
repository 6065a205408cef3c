"""Appeals hub pages (12345 接诉即办): the citizen's form and appeals, the hotline operator's form, the staff work
queues and an appeal's workbench (dispatch, merge, accept, return, reply with its quality check, follow-up, close,
督办), bulk import, hotspots, routing models and the public statistics. Same discipline as api.py: parse -> access
-> service/selector; a service's refusal is shown next to the fields it names."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from huey.contrib.djhuey import HUEY
from huey.exceptions import TaskException

from zhizhi.accounts import selectors as org
from zhizhi.accounts.access import department_scope, roles_of
from zhizhi.accounts.models import DivisionLevel, Role, User
from zhizhi.appeals import access, routing, selectors, services
from zhizhi.appeals.api import appeal_detail_out
from zhizhi.appeals.forms import (
    AppealForm,
    CallFollowUpForm,
    CloseForm,
    DispatchForm,
    EscalateForm,
    FollowUpForm,
    HotlineForm,
    ImportForm,
    MergeForm,
    PlaceChoices,
    ReasonForm,
    ReplyForm,
    UnmaskForm,
)
from zhizhi.appeals.interchange import rows_read
from zhizhi.appeals.models import (
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    Category,
    Channel,
    Hotspot,
)
from zhizhi.core.errors import ApplicationError, Forbidden, InvalidInput, NotFound
from zhizhi.textmining.replies import BLOCKING
from zhizhi.web.forms import Form
from zhizhi.web.guards import admin_required, login_required, staff_required, user_of
from zhizhi.web.paging import page_of

MAX_REPORTED_ROWS = 200
# The hotline form's live preview starts once the operator has typed this much of the subject and detail.
PREVIEW_MIN_CHARS = 4
# A new appeal without suggestions this recently received is still being routed in the background.
ROUTING_GRACE = timedelta(minutes=10)
MERGEABLE = (AppealStatus.RECEIVED, AppealStatus.DISPATCHED, AppealStatus.RETURNED)
ESCALATABLE = (AppealStatus.DISPATCHED, AppealStatus.HANDLING, AppealStatus.RETURNED)
_CODE = re.compile(r"[0-9A-Za-z-]{1,40}")
_VERSION = re.compile(r"[0-9]{1,9}")


def _code(value: str | None) -> str:
    """A code from the query string (category, department, division), or "" when it cannot be one."""
    value = (value or "").strip()
    return value if _CODE.fullmatch(value) else ""


def _refuse(form: django_forms.Form, error: ApplicationError) -> None:
    """Put a service's refusal on the form: each problem next to the field it names, the rest on top."""
    listed = [e for e in error.extra.get("errors") or [] if isinstance(e, Mapping)]
    if not listed:
        listed = [{"field": error.extra.get("field", ""), "message": error.message}]
    for problem in listed:
        name = str(problem.get("field") or "")
        form.add_error(name if name in form.fields else None, str(problem.get("message", "")))


def _clock(appeal: Appeal, now: datetime) -> dict[str, Any]:
    """The deadline that runs now (signing for, or replying) and how far it has run, for colouring."""
    if appeal.status == AppealStatus.DISPATCHED:
        due, start = appeal.accept_due_at, appeal.dispatched_at
    elif appeal.status == AppealStatus.HANDLING:
        due, start = appeal.reply_due_at, appeal.accepted_at or appeal.dispatched_at
    else:
        return {"due": appeal.reply_due_at if appeal.status == AppealStatus.REPLIED else None, "state": "none"}
    if due is None:
        return {"due": None, "state": "none"}
    if now > due:
        return {"due": due, "state": "over"}
    share = (now - start) / max(due - start, timedelta(minutes=1)) if start else 0
    return {"due": due, "state": "warn" if share >= services.WARNING_SHARE else "ok"}


# -- places --------------------------------------------------------------------------------------------------------


def _options(parent_code: str = "", level: str = "") -> list[tuple[str, str]]:
    if not parent_code and not level:
        return []
    divisions = org.division_list(parent_code=parent_code or None, level=level or None)
    return [(d.code, d.name) for d in divisions]


def _places(data: Mapping[str, Any]) -> PlaceChoices:
    """The place selects for what was chosen so far: a street list once a district is chosen, and so on."""
    districts = _options(level=DivisionLevel.COUNTY)
    district = _code(data.get("district"))
    streets = _options(parent_code=district) if district in {code for code, _name in districts} else []
    street = _code(data.get("street"))
    communities = _options(parent_code=street) if street in {code for code, _name in streets} else []
    return PlaceChoices(districts=districts, streets=streets, communities=communities)


def _place_partial(request: HttpRequest, form_class: type[AppealForm]) -> HttpResponse:
    """The place selects again after the district or street changed (HTMX)."""
    chosen = {name: _code(request.GET.get(name)) for name in ("district", "street", "community")}
    form = form_class(initial=chosen, places=_places(request.GET))
    return render(request, "appeals/_place.html", {"form": form})


def _appeal_in(form: AppealForm, *, channel: str, contact_name: str = "") -> services.AppealIn:
    data = form.cleaned_data
    return services.AppealIn(
        channel=channel,
        subject=data["subject"],
        detail=data["detail"],
        kind=data["kind"],
        division_code=form.division_code_chosen(),
        address=data["address"],
        latitude=data["latitude"] or None,
        longitude=data["longitude"] or None,
        anonymous=data["anonymous"],
        contact_name=contact_name,
        contact_phone=data["contact_phone"],
    )


# -- citizens ------------------------------------------------------------------------------------------------------


def _citizen(request: HttpRequest) -> User:
    """The signed-in citizen; staff accounts register calls on the hotline form instead."""
    user = user_of(request)
    if access.is_staff_actor(user):
        raise Forbidden(_("工作人员账号不能以市民身份反映诉求；热线来电请在“热线登记”中录入"))
    return user


def _account_phone(user: User) -> str:
    person = getattr(user, "person", None)
    return user.phone or (person.phone if person is not None else "") or ""


@login_required
def appeal_new(request: HttpRequest) -> HttpResponse:
    """我要反映: the citizen's form; on success the appeal's page with its number."""
    user = _citizen(request)
    if request.method == "GET" and request.headers.get("HX-Request"):
        return _place_partial(request, AppealForm)
    posted = request.method == "POST"
    places = _places(request.POST if posted else request.GET)
    form = AppealForm(request.POST if posted else None, places=places, initial={"contact_phone": _account_phone(user)})
    if posted and "refresh_place" not in request.POST and form.is_valid():
        mobile = "Mobi" in request.headers.get("User-Agent", "")
        try:
            appeal = services.appeal_submit(
                actor=user, data=_appeal_in(form, channel=Channel.MOBILE if mobile else Channel.WEB)
            )
        except ApplicationError as error:
            _refuse(form, error)
        else:
            messages.success(
                request, _("您的诉求已受理登记，工单编号 %(number)s。办理进展会通知您。") % {"number": appeal.number}
            )
            return redirect("my-appeal", number=appeal.number)
    if posted and "refresh_place" in request.POST:
        form = AppealForm(initial=request.POST.dict(), places=places)
    return render(request, "appeals/appeal_new.html", {"form": form})


def _my_appeals(user: User) -> QuerySet[Appeal]:
    """The user's own appeals: what they sent themselves, never another citizen's."""
    return access.appeal_queryset_for(user).filter(appellant=user)


@login_required
def my_appeals(request: HttpRequest) -> HttpResponse:
    """我的诉求: my appeals, newest first, by status."""
    user = user_of(request)
    status = request.GET.get("status", "")
    status = status if status in AppealStatus.values or status == "open" else ""
    rows = selectors.appeal_filter(_my_appeals(user), status=status)
    context = {"page": page_of(request, rows), "status": status, "statuses": AppealStatus.choices}
    return render(request, "appeals/my_appeals.html", context)


@login_required
def my_appeal(request: HttpRequest, number: str) -> HttpResponse:
    """One of my appeals: its public timeline, the replies, and the follow-up (回访) once it is answered."""
    user = user_of(request)
    appeal = _my_appeals(user).filter(number=number).first()
    if appeal is None:
        raise NotFound(_("诉求不存在或无权查看"), extra={"number": number})
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_follow_up(
                actor=user,
                appeal=appeal,
                satisfaction=form.cleaned_data["satisfaction"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            _refuse(form, error)
        else:
            if appeal.status == AppealStatus.HANDLING:
                messages.success(request, _("感谢您的评价。您的诉求已重新交办，承办部门将再次办理。"))
            else:
                messages.success(request, _("感谢您的评价。"))
            return redirect("my-appeal", number=appeal.number)
    rating = appeal.status == AppealStatus.REPLIED
    if form.is_bound and not rating:  # rated twice, or the appeal moved on: say so where it can be read
        for problem in form.non_field_errors():
            messages.error(request, str(problem))
    context = {"appeal": appeal, "detail": appeal_detail_out(user, appeal), "form": form if rating else None}
    return render(request, "appeals/my_appeal.html", context)


# -- staff: lists ----------------------------------------------------------------------------------------------------


@staff_required
def workbench_appeals(request: HttpRequest) -> HttpResponse:
    """诉求工单: dispatchers' queue, a department's open work, and a search over every appeal one may see."""
    user = user_of(request)
    dispatcher = services.is_dispatcher(user)
    tabs = [("dispatch", _("待派单"))] if dispatcher else [("department", _("本部门待办"))]
    tabs.append(("all", _("全部工单")))
    default = "dispatch" if dispatcher else "all" if department_scope(user) is None else "department"
    tab = request.GET.get("tab", default)
    tab = tab if tab in dict(tabs) else default
    q = request.GET.get("q", "").strip()[: selectors.MAX_SEARCH]
    status = request.GET.get("status", "")
    status = status if status in AppealStatus.values or status == "open" else ""
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    category = _code(request.GET.get("category"))
    department = _code(request.GET.get("department"))
    if tab == "dispatch":
        rows = selectors.appeal_filter(selectors.dispatch_queue(), q=q)
    elif tab == "department":
        rows = selectors.appeal_filter(selectors.department_queue(services.handling_departments(user)), q=q)
    else:
        rows = selectors.appeal_filter(
            access.appeal_queryset_for(user),
            status=status,
            q=q,
            category=category,
            channel=channel,
            department=department,
        )
    page = page_of(request, rows)
    now = timezone.now()
    context = {
        "tab": tab,
        "tabs": tabs,
        "page": page,
        "rows": [{"appeal": a, "clock": _clock(a, now)} for a in page],
        "q": q,
        "status": status,
        "statuses": AppealStatus.choices,
        "channel": channel,
        "channels": Channel.choices,
        "category": category,
        "categories": Category.objects.filter(is_active=True, level__lte=2).order_by("code"),
        "department": department,
        "departments": org.department_list() if dispatcher or department_scope(user) is None else [],
        "filtered": bool(q or status or channel or category or department),
        "dispatcher": dispatcher,
    }
    if request.headers.get("HX-Request"):
        return render(request, "appeals/_appeal_table.html", context)
    return render(request, "appeals/workbench_appeals.html", context)


@staff_required
def hotline_form(request: HttpRequest) -> HttpResponse:
    """热线登记: the operator types the call in; the appeal opens on its workbench page with routing suggestions."""
    user = user_of(request)
    if not services.is_dispatcher(user):
        raise Forbidden(_("仅限12345热线派单人员登记来电"))
    if request.method == "GET" and request.headers.get("HX-Request"):
        return _place_partial(request, HotlineForm)
    posted = request.method == "POST"
    places = _places(request.POST if posted else request.GET)
    form = HotlineForm(request.POST if posted else None, places=places)
    if posted and "refresh_place" not in request.POST and form.is_valid():
        data = _appeal_in(form, channel=Channel.HOTLINE, contact_name=form.cleaned_data["contact_name"])
        try:
            appeal = services.appeal_submit(actor=user, data=data)
        except ApplicationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("已登记来电，工单编号 %(number)s") % {"number": appeal.number})
            if request.POST.get("then") == "next":
                return redirect("appeal-hotline")
            return redirect("appeal-workbench", number=appeal.number)
    if posted and "refresh_place" in request.POST:
        form = HotlineForm(initial=request.POST.dict(), places=places)
    return render(request, "appeals/hotline.html", {"form": form})


@staff_required
@require_POST
def hotline_preview(request: HttpRequest) -> HttpResponse:
    """What the router and the open appeals say about the call being typed (HTMX, beside the hotline form): the
    top-3 departments, and open appeals that are likely the same problem, so the operator can tell the caller."""
    user = user_of(request)
    if not services.is_dispatcher(user):
        raise Forbidden(_("仅限12345热线派单人员登记来电"))
    subject = request.POST.get("subject", "").strip()
    detail = request.POST.get("detail", "").strip()
    context: dict[str, Any] = {"state": "ready", "max_subject": services.MAX_SUBJECT, "max_detail": services.MAX_DETAIL}
    if len(subject) > services.MAX_SUBJECT or len(detail) > services.MAX_DETAIL:
        context["state"] = "too_long"
    elif len(subject) + len(detail) < PREVIEW_MIN_CHARS:
        context["state"] = "empty"
    else:
        codes = [_code(request.POST.get(n)) for n in ("division_code", "community", "street", "district")]
        place = next((code for code in codes if code), request.POST.get("address", "").strip()[:200])
        model, suggestions = routing.routing_suggest(subject=subject, detail=detail)
        context |= {
            "model": model,
            "suggestions": [s for s in suggestions if s["department"]],
            "duplicates": selectors.open_duplicates(text=f"{subject} {detail}", place=place, at=timezone.now()),
        }
    return render(request, "appeals/_hotline_preview.html", context)


# -- staff: one appeal ---------------------------------------------------------------------------------------------


@dataclass
class Desk:
    """What this staff member may do with this appeal now, by role and status."""

    dispatcher: bool
    handler: bool
    supervisor: bool
    status: str

    @property
    def dispatch(self) -> bool:
        return self.dispatcher and self.status in (AppealStatus.RECEIVED, AppealStatus.RETURNED)

    @property
    def merge(self) -> bool:
        return self.dispatcher and self.status in OPEN_STATUSES

    @property
    def close(self) -> bool:
        return self.dispatcher and self.status == AppealStatus.REPLIED

    @property
    def escalate(self) -> bool:
        return (self.dispatcher or self.supervisor) and self.status in ESCALATABLE

    @property
    def accept(self) -> bool:
        return self.handler and self.status == AppealStatus.DISPATCHED

    @property
    def give_back(self) -> bool:
        return self.handler and self.status in (AppealStatus.DISPATCHED, AppealStatus.HANDLING)

    @property
    def reply(self) -> bool:
        return self.handler and self.status == AppealStatus.HANDLING

    @property
    def any(self) -> bool:
        return any((self.dispatch, self.merge, self.close, self.escalate, self.accept, self.give_back, self.reply))


def _desk(user: User, appeal: Appeal) -> Desk:
    return Desk(
        dispatcher=services.is_dispatcher(user),
        handler=services.may_handle(user, appeal),
        supervisor=Role.SUPERVISOR in roles_of(user),
        status=appeal.status,
    )


@dataclass
class Workbench:
    """The forms of an appeal's workbench page; the one just posted is bound and carries its messages."""

    user: User
    appeal: Appeal
    desk: Desk
    forms: dict[str, django_forms.Form] = field(default_factory=dict)
    check: dict[str, Any] | None = None  # the reply quality check to show
    refused: bool = False  # the reply was refused by the check: offer "仍然发送"
    purpose: str = ""  # an allowed purpose for showing the contact unmasked

    def dispatch_form(self, data: Any = None) -> DispatchForm:
        categories = Category.objects.filter(is_active=True).select_related("department").order_by("code")
        departments = [(d.code, d.name) for d in org.department_list()]
        labels = [(c.code, f"{c.path}（{c.department.name}）" if c.department else c.path) for c in categories]
        return DispatchForm(data, categories=labels, departments=departments)


def _do_dispatch(bench: Workbench, form: DispatchForm) -> str:
    data = form.cleaned_data
    department = selectors.departments_by_code([data["department"]])[0] if data["department"] else None
    appeal = services.appeal_dispatch(
        actor=bench.user,
        appeal=bench.appeal,
        category=selectors.category_by_code(data["category"]),
        department=department,
        co_departments=selectors.departments_by_code(list(data["co_departments"]), field_name="co_departments"),
        note=data["note"],
    )
    return _("已派单至%(department)s") % {"department": appeal.department.name if appeal.department else ""}


def _do_merge(bench: Workbench, form: MergeForm) -> str:
    numbers = sorted(set(form.cleaned_data["duplicates"]))
    found = list(access.appeal_queryset_for(bench.user).filter(number__in=numbers))
    missing = sorted(set(numbers) - {a.number for a in found})
    if missing:
        raise NotFound(_("诉求不存在：%(numbers)s") % {"numbers": "、".join(missing)}, extra={"field": "duplicates"})
    master = services.appeal_merge(actor=bench.user, master=bench.appeal, duplicates=found)
    return _("已并案：并入 %(count)d 件，共涉及 %(people)d 位诉求人") % {"count": len(found), "people": master.affected}


def _do_close(bench: Workbench, form: CloseForm) -> str:
    resolved = form.cleaned_data["resolved"] == "yes"
    services.appeal_close(actor=bench.user, appeal=bench.appeal, resolved=resolved, note=form.cleaned_data["note"])
    return _("已办结（已解决）") if resolved else _("已办结（未解决）")


def _do_call_follow_up(bench: Workbench, form: CallFollowUpForm) -> str:
    appeal = services.appeal_follow_up(
        actor=bench.user,
        appeal=bench.appeal,
        satisfaction=form.cleaned_data["satisfaction"],
        note=form.cleaned_data["note"],
    )
    return _("回访已记录，诉求已重新交办") if appeal.status == AppealStatus.HANDLING else _("回访已记录")


def _do_escalate(bench: Workbench, form: EscalateForm) -> str:
    data = form.cleaned_data
    escalation = services.appeal_escalate(
        actor=bench.user, appeal=bench.appeal, reason=data["reason"], days=data["days"]
    )
    return _("已督办（第 %(level)d 级）") % {"level": escalation.level}


def _do_accept(bench: Workbench, form: Form) -> str:
    services.appeal_accept(actor=bench.user, appeal=bench.appeal)
    return _("已签收，请在答复时限内办理并答复")


def _do_return(bench: Workbench, form: ReasonForm) -> str:
    services.appeal_return(actor=bench.user, appeal=bench.appeal, reason=form.cleaned_data["reason"])
    return _("已退单，诉求已退回热线中心重新派单")


def _do_reply(bench: Workbench, form: ReplyForm) -> str:
    data = form.cleaned_data
    try:
        services.appeal_reply(actor=bench.user, appeal=bench.appeal, text=data["text"], confirmed=data["confirmed"])
    except InvalidInput as error:
        if isinstance(error.extra.get("check"), dict):
            bench.check = error.extra["check"]
            bench.refused = True
        raise
    return _("答复已发送，诉求人将收到通知")


Action = Callable[[Workbench, Any], str]
# action -> (form key, form factory, may this desk do it, what it does)
ACTIONS: dict[str, tuple[Callable[[Workbench, Any], django_forms.Form], Callable[[Desk], bool], Action]] = {
    "dispatch": (lambda b, d: b.dispatch_form(d), lambda k: k.dispatch, _do_dispatch),
    "merge": (lambda b, d: MergeForm(d), lambda k: k.merge, _do_merge),
    "close": (lambda b, d: CloseForm(d), lambda k: k.close, _do_close),
    "call_follow_up": (lambda b, d: CallFollowUpForm(d), lambda k: k.close, _do_call_follow_up),
    "escalate": (lambda b, d: EscalateForm(d), lambda k: k.escalate, _do_escalate),
    "accept": (lambda b, d: Form(d), lambda k: k.accept, _do_accept),
    "return": (lambda b, d: ReasonForm(d), lambda k: k.give_back, _do_return),
    "reply": (lambda b, d: ReplyForm(d), lambda k: k.reply, _do_reply),
}


def _act(request: HttpRequest, bench: Workbench, action: str) -> str | None:
    """Carry out a posted action; its success message, or None with the messages on its form."""
    make, allowed, perform = ACTIONS[action]
    if not allowed(bench.desk):
        messages.error(
            request,
            _("此诉求当前为“%(status)s”，您的岗位不能进行此操作") % {"status": bench.appeal.get_status_display()},
        )
        return None
    form = make(bench, request.POST)
    bench.forms[action] = form
    if not form.is_valid():
        return None
    try:
        return perform(bench, form)
    except ApplicationError as error:
        _refuse(form, error)
    return None


def _reply_check(bench: Workbench, form: ReplyForm) -> None:
    """检查答复质量: score a draft without sending it."""
    bench.forms["reply"] = form
    if not bench.desk.reply:
        form.add_error(None, _("只有主办部门办理中的诉求可以答复"))
        return
    if form.is_valid():
        text = form.cleaned_data["text"].strip()
        if not text:
            form.add_error("text", _("请先填写答复内容"))
            return
        check = services.appeal_reply_check(appeal=bench.appeal, text=text[: services.MAX_REPLY])
        bench.check = services.check_to_json(check)


def _unmask(request: HttpRequest, bench: Workbench, form: UnmaskForm) -> None:
    bench.forms["unmask"] = form
    if not form.is_valid():
        return
    purpose = form.cleaned_data["purpose"].strip()
    if not access.may_unmask_contact(bench.user, bench.appeal, purpose=purpose):
        messages.error(request, _("您的岗位不能查看此诉求人的联系方式"))
        return
    bench.purpose = purpose


def _routing_state(appeal: Appeal, now: datetime) -> str:
    """Whether routing suggestions are shown, still being worked out, or not to be expected."""
    if appeal.suggestions:
        return "ready"
    routed = appeal.routed_at is not None
    if appeal.status != AppealStatus.RECEIVED or routed or now - appeal.received_at > ROUTING_GRACE:
        return "none"
    return "pending" if routing.active_model() is not None else "no_model"


@staff_required
def appeal_workbench(request: HttpRequest, number: str) -> HttpResponse:
    """An appeal for the centre and the departments: details, timeline, and the steps this person may take now."""
    user = user_of(request)
    appeal = access.access_appeal(user, number)
    bench = Workbench(user=user, appeal=appeal, desk=_desk(user, appeal))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "check":
            _reply_check(bench, ReplyForm(request.POST))
            if request.headers.get("HX-Request"):
                context = {"check": bench.check, "form": bench.forms["reply"], "partial": True}
                return render(request, "appeals/_reply_check.html", {**context, "blocking_flags": BLOCKING})
        elif action == "unmask":
            _unmask(request, bench, UnmaskForm(request.POST))
        elif action in ACTIONS:
            done = _act(request, bench, action)
            if done is not None:
                messages.success(request, done)
                if access.appeal_queryset_for(user).filter(pk=appeal.pk).exists():
                    return redirect("appeal-workbench", number=appeal.number)
                return redirect("workbench-appeals")  # 退单: the appeal has left this department
        else:
            messages.error(request, _("未知的操作"))
    return render(request, "appeals/appeal_workbench.html", _workbench_context(bench))


def _workbench_context(bench: Workbench) -> dict[str, Any]:
    appeal, desk, now = bench.appeal, bench.desk, timezone.now()
    forms = bench.forms
    detail = appeal_detail_out(bench.user, appeal, purpose=bench.purpose)
    duplicates = []
    if desk.merge and appeal.master_id is None:
        duplicates = [
            {"appeal": other, "score": score, "mergeable": other.status in MERGEABLE}
            for other, score in selectors.appeal_duplicates(appeal)
        ]
    may_unmask = detail["contact_masked"] and access.may_unmask_contact(bench.user, appeal, purpose="?")
    return {
        "appeal": appeal,
        "detail": detail,
        "desk": desk,
        "clock": _clock(appeal, now),
        "suggestions": detail["suggestions"][:3] if desk.dispatch else [],
        "routing_state": _routing_state(appeal, now),
        "duplicates": duplicates,
        "check": bench.check,
        "refused": bench.refused,
        "blocking_flags": BLOCKING,
        "unmask_form": (forms.get("unmask") or UnmaskForm()) if may_unmask else None,
        "dispatch_form": (forms.get("dispatch") or bench.dispatch_form()) if desk.dispatch else None,
        "merge_form": forms.get("merge") or MergeForm(),
        "close_form": forms.get("close") or CloseForm(),
        "call_form": forms.get("call_follow_up") or CallFollowUpForm(),
        "escalate_form": forms.get("escalate") or EscalateForm(),
        "accept_form": forms.get("accept") or Form(),
        "return_form": forms.get("return") or ReasonForm(),
        "reply_form": forms.get("reply") or ReplyForm(),
    }


# -- staff: import, hotspots, routing ------------------------------------------------------------------------------


@staff_required
def appeals_import(request: HttpRequest) -> HttpResponse:
    """批量导入: another system's export, CSV or Excel; the report names every bad row and why."""
    user = user_of(request)
    if not services.is_dispatcher(user):
        raise Forbidden(_("仅限12345热线派单人员导入"))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = rows_read(name=upload.name or "", raw=upload.read(), required=("external_id", "detail"))
            report = services.appeals_import(actor=user, rows=rows)
        except ApplicationError as error:
            form.add_error("file", str(error.message))
        else:
            messages.success(
                request,
                _("导入完成：新增 %(created)d 件，已导入过 %(existing)d 件，有问题 %(errors)d 行")
                % {"created": report.created, "existing": report.existing, "errors": len(report.errors)},
            )
    context = {
        "form": form,
        "report": report,
        "bad_rows": report.errors[:MAX_REPORTED_ROWS] if report else [],
        "max_rows": MAX_REPORTED_ROWS,
    }
    return render(request, "appeals/import.html", context)


@staff_required
def hotspots(request: HttpRequest) -> HttpResponse:
    """热点: the latest detection's clusters of appeals, with surges flagged."""
    return render(request, "appeals/hotspots.html", {"page": page_of(request, selectors.hotspot_list())})


@staff_required
def hotspot(request: HttpRequest, hotspot_id: int) -> HttpResponse:
    """One hotspot and its appeals (those this person may see)."""
    user = user_of(request)
    spot = Hotspot.objects.filter(pk=hotspot_id).select_related("representative").first()
    if spot is None:
        raise NotFound(_("热点不存在"), extra={"id": hotspot_id})
    members = selectors.hotspot_members(spot, access.appeal_queryset_for(user))
    page = page_of(request, members)
    hidden = max(spot.members.count() - page.paginator.count, 0)
    return render(request, "appeals/hotspot.html", {"hotspot": spot, "page": page, "hidden": hidden})


def _evaluation_rows(evaluation: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """An evaluation (`Evaluation.to_dict()`) laid out for tables: per class, the confusion matrix, the curve."""
    per_class = evaluation.get("per_class")
    classes = [
        {"code": code, "name": names.get(code, code), **scores}
        for code, scores in (per_class.items() if isinstance(per_class, Mapping) else [])
        if isinstance(scores, Mapping)
    ]
    labels = [str(label) for label in evaluation.get("labels") or []]
    matrix = evaluation.get("confusion") or []
    confusion = [
        {"code": code, "name": names.get(code, code), "cells": list(row)}
        for code, row in zip(labels, matrix, strict=False)
    ]
    thresholds = evaluation.get("thresholds")
    return {
        "classes": classes,
        "confusion": confusion,
        "confusion_labels": labels,
        "curve": [p for p in evaluation.get("coverage_curve") or [] if isinstance(p, Mapping)],
        "thresholds": sorted(thresholds.items()) if isinstance(thresholds, Mapping) else [],
    }


@admin_required
def routing_models(request: HttpRequest) -> HttpResponse:
    """分拨模型: versions with their evaluation; train a new one or put another back into use."""
    user = user_of(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "train":
            _train(request, user)
        elif action == "activate":
            version = request.POST.get("version", "")
            model = (
                selectors.routing_models().filter(version=int(version)).first() if _VERSION.fullmatch(version) else None
            )
            if model is None:
                raise NotFound(_("模型版本不存在"), extra={"version": version[:20]})
            routing.routing_model_activate(actor=user, model=model)
            messages.success(request, _("已启用 v%(version)d") % {"version": model.version})
        return redirect("routing-models")
    models = list(selectors.routing_models())
    wanted = request.GET.get("version", "")
    selected = next((m for m in models if _VERSION.fullmatch(wanted) and m.version == int(wanted)), None)
    selected = selected or next((m for m in models if m.is_active), None) or (models[0] if models else None)
    evaluation = selected.evaluation if selected is not None and isinstance(selected.evaluation, dict) else {}
    codes = {*(selected.labels if selected else []), *(evaluation.get("labels") or [])}
    labels = {c.code: c.path for c in Category.objects.filter(code__in=[str(code) for code in codes])}
    context = {
        "models": models,
        "selected": selected,
        "evaluation": evaluation,
        **_evaluation_rows(evaluation, labels),
    }
    return render(request, "appeals/routing_models.html", context)


def _train(request: HttpRequest, user: User) -> None:
    """Queue a training run; when tasks run in-process (demo, tests) say at once how it went."""
    from zhizhi.appeals.tasks import routing_train_task

    result = routing_train_task(user.pk)
    if not HUEY.immediate:
        messages.success(request, _("已开始训练新模型，可能需要几分钟；完成后将通知您，新版本出现在下方列表中"))
        return
    try:
        outcome = result.get()
    except TaskException:
        messages.error(request, _("训练出错，详见运行日志"))
        return
    if "error" in outcome:
        messages.error(request, _("训练未能完成：%(reason)s") % {"reason": outcome["error"]})
        return
    messages.success(request, _("已训练并启用新模型 v%(version)s") % {"version": outcome["version"]})


# -- public ----------------------------------------------------------------------------------------------------------


def _with_shares(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    top = max((row["count"] for row in rows), default=0)
    return [{**row, "share": row["count"] / top if top else 0} for row in rows]


def public_statistics(request: HttpRequest) -> HttpResponse:
    """诉求数据公开: volumes, response, on-time, satisfaction and resolution, and typical cases; no personal data."""
    stats = selectors.public_statistics()
    context = {
        "stats": stats,
        "by_category": _with_shares(stats["by_category"]),
        "by_district": _with_shares(stats["by_district"]),
        "by_month": _with_shares([{**row, "name": row["month"]} for row in stats["by_month"]]),
    }
    return render(request, "appeals/statistics.html", context)
