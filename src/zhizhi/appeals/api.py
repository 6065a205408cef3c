"""Appeals hub API: intake, work queues, the appeal's steps (dispatch, accept, return, reply with its quality
check, follow-up, close, 督办, merge), bulk import, categories, routing models, hotspots and statistics."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from zhizhi.accounts.access import require_staff, require_sysadmin
from zhizhi.accounts.auth import api_auth
from zhizhi.accounts.models import User
from zhizhi.appeals import access, routing, selectors, services
from zhizhi.appeals.interchange import rows_read
from zhizhi.appeals.models import Appeal, AppealKind, Category, Channel, Hotspot, RoutingModel
from zhizhi.core.api import PageNumberPagination
from zhizhi.core.audit import audit_record
from zhizhi.core.errors import Forbidden, InvalidInput, NotFound
from zhizhi.core.masking import mask

router = Router(tags=["appeals"], auth=api_auth)
public_router = Router(tags=["appeals (public)"])

Text200 = Annotated[str, Field(max_length=200)]
# Longer texts than the service accepts still arrive, so the answer names the limit instead of a schema error.
LongText = Annotated[str, Field(max_length=200_000)]


# -- schemas ---------------------------------------------------------------------------------------------------


class AppealIn(Schema):
    subject: Text200 = ""
    detail: LongText
    kind: str = AppealKind.COMPLAINT
    channel: str = Field("", description="web, mobile or hotline; staff may set hotline, citizens get web/mobile")
    division_code: Annotated[str, Field(max_length=12)] = ""
    address: Text200 = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    anonymous: bool = False
    contact_name: Annotated[str, Field(max_length=50)] = ""
    contact_phone: Annotated[str, Field(max_length=20)] = ""
    category_code: Annotated[str, Field(max_length=20)] = ""


class EventOut(Schema):
    kind: str
    title: str
    note: str
    created_at: datetime


class ReplyOut(Schema):
    department: str = Field(alias="department.name")
    text: str
    score: int | None = Field(description="quality score 0-100; null for replies migrated unchecked")
    flags: list[dict[str, str]]
    created_at: datetime


class AppealOut(Schema):
    number: str
    channel: str
    kind: str
    kind_label: str
    subject: str
    status: str
    status_label: str
    category: str | None = Field(None, alias="category_name")
    department: str | None = Field(None, alias="department_name")
    division: str | None = Field(None, alias="division_name")
    address: str
    received_at: datetime
    reply_due_at: datetime | None
    replied_at: datetime | None
    satisfaction: str
    resolved: bool | None
    affected: int
    escalation_level: int


class AppealDetailOut(AppealOut):
    detail: str
    contact_name: str
    contact_phone: str
    contact_masked: bool
    anonymous: bool
    suggestions: list[dict[str, Any]]
    confidence: float | None
    auto_dispatched: bool
    master: str | None
    co_departments: list[str]
    events: list[EventOut]
    replies: list[ReplyOut]


class DispatchIn(Schema):
    category: Annotated[str, Field(max_length=20)]
    department: Annotated[str, Field(max_length=40)] = ""
    co_departments: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=10)
    note: Annotated[str, Field(max_length=500)] = ""


class ReasonIn(Schema):
    reason: Annotated[str, Field(max_length=2000)]


class EscalateIn(ReasonIn):
    days: int | None = None


class ReplyIn(Schema):
    text: LongText
    confirmed: bool = Field(False, description="send although the quality check blocks it")


class ReplyCheckOut(Schema):
    score: int
    ok: bool
    relevance: float
    completeness: float
    timeliness: float
    tone: float
    flags: list[dict[str, str]]


class FollowUpIn(Schema):
    satisfaction: str = Field(description="satisfied, basic or unsatisfied")
    note: Annotated[str, Field(max_length=500)] = ""


class CloseIn(Schema):
    resolved: bool
    note: Annotated[str, Field(max_length=500)]


class MergeIn(Schema):
    duplicates: list[Annotated[str, Field(max_length=30)]] = Field(min_length=1, max_length=100)


class DuplicateOut(Schema):
    appeal: AppealOut
    score: float


class SuggestIn(Schema):
    subject: Text200 = ""
    detail: Annotated[str, Field(max_length=5000)]


class ImportOut(Schema):
    created: int
    existing: int
    errors: list[dict[str, Any]]


class CategoryOut(Schema):
    code: str
    name: str
    path: str
    level: int
    department: str | None = None
    accept_hours: int | None
    reply_days: int | None

    @staticmethod
    def resolve_department(obj: Category) -> str | None:
        return obj.department.code if obj.department else None


class RoutingModelOut(Schema):
    version: int
    trained_at: datetime
    examples: int
    labels: list[str]
    threshold: float | None
    target_precision: float
    train_seconds: float
    is_active: bool
    evaluation: dict[str, Any]


class TrainIn(Schema):
    target_precision: float = Field(0.95, ge=0.5, lt=1)


class HotspotOut(Schema):
    id: int
    rank: int
    subject: str
    keywords: list[str]
    place: str
    size: int
    growth: float
    support: int
    baseline: float
    surge: bool
    detected_at: datetime


class HotspotDetailOut(HotspotOut):
    members: list[AppealOut]


# -- helpers -----------------------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    actor = _actor(request)
    if not isinstance(actor, User):
        raise Forbidden(_("此操作需要以工作人员或市民身份登录"))
    return actor


def appeal_detail_out(actor: Any, appeal: Appeal, *, purpose: str = "") -> dict[str, Any]:
    """An appeal for its detail view: contact unmasked only for who may, with a purpose, and audited."""
    staff_view = access.is_staff_actor(actor)
    unmask = access.may_unmask_contact(actor, appeal, purpose=purpose)
    own = isinstance(actor, User) and appeal.appellant_id == actor.pk
    if unmask:
        audit_record(
            actor=actor,
            action="appeals.contact.read",
            target=appeal,
            department_code=appeal.department.code if appeal.department else "",
            detail={"purpose": purpose[:200]},
        )
    show = unmask or own
    events = appeal.events.all() if staff_view else appeal.events.filter(public=True)
    summary = ("kind_label", "status_label", "category_name", "department_name", "division_name")
    return {
        **{f: getattr(appeal, f) for f in AppealOut.model_fields if f not in ("category", "department", "division")},
        **{name: getattr(appeal, name) for name in summary},
        "detail": appeal.detail,
        "anonymous": appeal.anonymous,
        "contact_name": appeal.contact_name if show else mask("name", appeal.contact_name),
        "contact_phone": appeal.contact_phone if show else mask("phone", appeal.contact_phone),
        "contact_masked": not show,
        "suggestions": appeal.suggestions if staff_view else [],
        "confidence": appeal.confidence if staff_view else None,
        "auto_dispatched": appeal.auto_dispatched,
        "master": appeal.master.number if appeal.master_id else None,  # type: ignore[union-attr]
        "co_departments": [d.name for d in appeal.co_departments.all()],
        "events": list(events),
        "replies": list(appeal.replies.select_related("department")),
    }


# -- intake ------------------------------------------------------------------------------------------------------


@router.post("/", response={201: AppealDetailOut}, summary="Submit an appeal (citizen, hotline operator, staff)")
def appeal_submit(request: HttpRequest, payload: AppealIn) -> Any:
    actor = _user(request)
    staff = access.is_staff_actor(actor)
    channel = payload.channel or (Channel.HOTLINE if staff else Channel.WEB)
    allowed = (
        {Channel.HOTLINE, Channel.WEB, Channel.MOBILE, Channel.MAILBOX} if staff else {Channel.WEB, Channel.MOBILE}
    )
    if channel not in allowed:
        raise InvalidInput(_("不支持的受理渠道：%(channel)s") % {"channel": channel}, extra={"field": "channel"})
    data = services.AppealIn(channel=channel, **payload.dict(exclude={"channel"}))
    appeal = services.appeal_submit(actor=actor, data=data)
    return Status(201, appeal_detail_out(actor, access.access_appeal(actor, appeal.number)))


@router.post("/suggest", response=list[dict[str, Any]], summary="Routing suggestions for a text (operator form)")
def appeal_suggest(request: HttpRequest, payload: SuggestIn) -> Any:
    require_staff(_actor(request))
    _model, suggestions = routing.routing_suggest(subject=payload.subject, detail=payload.detail)
    return suggestions


@router.post("/import", response=ImportOut, summary="Bulk import appeals from CSV or Excel (idempotent)")
def appeals_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    actor = _user(request)
    if not services.is_dispatcher(actor):
        raise Forbidden(_("仅限12345热线派单人员导入"))
    rows = rows_read(name=file.name or "", raw=file.read(), required=("external_id", "detail"))
    return services.appeals_import(actor=actor, rows=rows)


# -- lists -------------------------------------------------------------------------------------------------------


@router.get("/", response=list[AppealOut], summary="Appeals the caller may see")
@paginate(PageNumberPagination)
def appeal_list(
    request: HttpRequest, status: str = "", q: str = "", category: str = "", channel: str = "", department: str = ""
) -> Any:
    appeals = access.appeal_queryset_for(_actor(request))
    return selectors.appeal_filter(
        appeals, status=status, q=q, category=category, channel=channel, department=department
    )


@router.get("/queue/dispatch", response=list[AppealOut], summary="Appeals waiting for a dispatcher")
@paginate(PageNumberPagination)
def dispatch_queue(request: HttpRequest) -> Any:
    if not services.is_dispatcher(_actor(request)):
        raise Forbidden(_("仅限12345热线派单人员查看"))
    return selectors.dispatch_queue()


@router.get("/queue/department", response=list[AppealOut], summary="The caller's departments' open appeals")
@paginate(PageNumberPagination)
def department_queue(request: HttpRequest) -> Any:
    return selectors.department_queue(services.handling_departments(_user(request)))


# -- one appeal --------------------------------------------------------------------------------------------------


@router.get("/{number}", response=AppealDetailOut, summary="One appeal with its timeline and replies")
def appeal_detail(request: HttpRequest, number: str, purpose: str = "") -> Any:
    """The appellant's contact is masked unless the caller may unmask it and states a `purpose` (audited)."""
    actor = _actor(request)
    return appeal_detail_out(actor, access.access_appeal(actor, number), purpose=purpose)


@router.post("/{number}/dispatch", response=AppealDetailOut, summary="Dispatch (or re-dispatch) to a department")
def appeal_dispatch(request: HttpRequest, number: str, payload: DispatchIn) -> Any:
    actor = _user(request)
    appeal = access.access_appeal(actor, number)
    appeal = services.appeal_dispatch(
        actor=actor,
        appeal=appeal,
        category=selectors.category_by_code(payload.category),
        department=selectors.departments_by_code([payload.department])[0] if payload.department else None,
        co_departments=selectors.departments_by_code(payload.co_departments, field_name="co_departments"),
        note=payload.note,
    )
    return appeal_detail_out(actor, appeal)


@router.post("/{number}/accept", response=AppealDetailOut, summary="Sign for an appeal (签收)")
def appeal_accept(request: HttpRequest, number: str) -> Any:
    actor = _user(request)
    appeal = services.appeal_accept(actor=actor, appeal=access.access_appeal(actor, number))
    return appeal_detail_out(actor, appeal)


@router.post("/{number}/return", response=AppealDetailOut, summary="Return to the dispatcher with a reason (退单)")
def appeal_return(request: HttpRequest, number: str, payload: ReasonIn) -> Any:
    actor = _user(request)
    appeal = services.appeal_return(actor=actor, appeal=access.access_appeal(actor, number), reason=payload.reason)
    return appeal_detail_out(actor, appeal)


@router.post("/{number}/reply/check", response=ReplyCheckOut, summary="Check a draft reply's quality")
def reply_check(request: HttpRequest, number: str, payload: ReplyIn) -> Any:
    actor = _user(request)
    appeal = access.access_appeal(actor, number)
    if not services.may_handle(actor, appeal):
        raise Forbidden(_("只有主办部门的工作人员可以答复此诉求"), extra={"number": number})
    return services.check_to_json(services.appeal_reply_check(appeal=appeal, text=payload.text[:5000]))


@router.post("/{number}/reply", response={201: ReplyOut}, summary="Send the reply (quality-checked)")
def appeal_reply(request: HttpRequest, number: str, payload: ReplyIn) -> Any:
    actor = _user(request)
    appeal = access.access_appeal(actor, number)
    return Status(
        201, services.appeal_reply(actor=actor, appeal=appeal, text=payload.text, confirmed=payload.confirmed)
    )


@router.post("/{number}/follow-up", response=AppealDetailOut, summary="Rate the reply (回访)")
def appeal_follow_up(request: HttpRequest, number: str, payload: FollowUpIn) -> Any:
    actor = _user(request)
    appeal = services.appeal_follow_up(
        actor=actor, appeal=access.access_appeal(actor, number), satisfaction=payload.satisfaction, note=payload.note
    )
    return appeal_detail_out(actor, appeal)


@router.post("/{number}/close", response=AppealDetailOut, summary="Close a replied appeal, resolved or not")
def appeal_close(request: HttpRequest, number: str, payload: CloseIn) -> Any:
    actor = _user(request)
    appeal = services.appeal_close(
        actor=actor, appeal=access.access_appeal(actor, number), resolved=payload.resolved, note=payload.note
    )
    return appeal_detail_out(actor, appeal)


@router.post("/{number}/escalate", response=AppealDetailOut, summary="Order 督办")
def appeal_escalate(request: HttpRequest, number: str, payload: EscalateIn) -> Any:
    actor = _user(request)
    appeal = access.access_appeal(actor, number)
    services.appeal_escalate(actor=actor, appeal=appeal, reason=payload.reason, days=payload.days)
    return appeal_detail_out(actor, access.access_appeal(actor, number))


@router.get("/{number}/duplicates", response=list[DuplicateOut], summary="Likely duplicates among open appeals")
def appeal_duplicates(request: HttpRequest, number: str) -> Any:
    actor = _actor(request)
    require_staff(actor)
    appeal = access.access_appeal(actor, number)
    return [{"appeal": other, "score": round(score, 3)} for other, score in selectors.appeal_duplicates(appeal)]


@router.post("/{number}/merge", response=AppealDetailOut, summary="Merge duplicates into this master case")
def appeal_merge(request: HttpRequest, number: str, payload: MergeIn) -> Any:
    actor = _user(request)
    master = access.access_appeal(actor, number)
    found = list(access.appeal_queryset_for(actor).filter(number__in=payload.duplicates))
    if len(found) != len(set(payload.duplicates)):
        missing = sorted(set(payload.duplicates) - {a.number for a in found})
        raise NotFound(_("诉求不存在：%(numbers)s") % {"numbers": "、".join(missing)}, extra={"missing": missing})
    master = services.appeal_merge(actor=actor, master=master, duplicates=found)
    return appeal_detail_out(actor, master)


# -- categories, routing models, hotspots, statistics -----------------------------------------------------------


@public_router.get("/categories", response=list[CategoryOut], summary="The appeal category tree")
def category_list(request: HttpRequest) -> Any:
    return Category.objects.filter(is_active=True).select_related("department")


@router.post("/admin/categories", response=dict[str, Any], summary="Import the category tree (CSV or Excel)")
def categories_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    actor = _user(request)
    require_sysadmin(actor)
    rows = rows_read(name=file.name or "", raw=file.read(), required=("level1",))
    report = services.categories_import(actor=actor, rows=rows)
    return {"created": report.created, "updated": report.updated}


@router.get("/admin/routing", response=list[RoutingModelOut], summary="Routing model versions with evaluations")
def routing_models(request: HttpRequest) -> Any:
    require_sysadmin(_actor(request))
    return selectors.routing_models()


@router.post("/admin/routing", response={202: dict[str, str]}, summary="Train a new routing model (background)")
def routing_train(request: HttpRequest, payload: TrainIn) -> Any:
    actor = _user(request)
    require_sysadmin(actor)
    from zhizhi.appeals.tasks import routing_train_task

    routing_train_task(actor.pk, payload.target_precision)
    return Status(202, {"message": str(_("已开始训练新模型，完成后在此列表中出现"))})


@router.post("/admin/routing/{version}/activate", response=RoutingModelOut, summary="Use this model version")
def routing_activate(request: HttpRequest, version: int) -> Any:
    actor = _user(request)
    require_sysadmin(actor)
    model = RoutingModel.objects.filter(version=version).first()
    if model is None:
        raise NotFound(_("模型版本不存在"), extra={"version": version})
    return routing.routing_model_activate(actor=actor, model=model)


@router.get("/insights/hotspots", response=list[HotspotOut], summary="Current hotspots")
def hotspot_list(request: HttpRequest) -> Any:
    require_staff(_actor(request))
    return selectors.hotspot_list()


@router.get("/insights/hotspots/{hotspot_id}", response=HotspotDetailOut, summary="One hotspot with its appeals")
def hotspot_detail(request: HttpRequest, hotspot_id: int) -> Any:
    """The members are those of the hotspot's appeals the caller may see."""
    actor = _actor(request)
    require_staff(actor)
    hotspot = Hotspot.objects.filter(pk=hotspot_id).first()
    if hotspot is None:
        raise NotFound(_("热点不存在"), extra={"id": hotspot_id})
    members = selectors.hotspot_members(hotspot, access.appeal_queryset_for(actor))
    return {**{f: getattr(hotspot, f) for f in HotspotOut.model_fields}, "members": list(members)}


@router.get("/insights/departments", response=list[dict[str, Any]], summary="On-time and satisfaction per department")
def department_performance(request: HttpRequest) -> Any:
    require_staff(_actor(request))
    return selectors.department_performance()


@public_router.get("/statistics", response=dict[str, Any], summary="Public statistics (no personal data)")
def public_statistics(request: HttpRequest) -> Any:
    return selectors.public_statistics()
