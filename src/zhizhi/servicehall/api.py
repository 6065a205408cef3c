"""Service hall API: catalogue, applications, tasks, bundles, certificates, ratings, statistics, administration."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from zhizhi.accounts.access import department_scope, may_unmask, require_staff, require_sysadmin
from zhizhi.accounts.auth import api_auth
from zhizhi.core.api import PageNumberPagination
from zhizhi.core.audit import audit_record
from zhizhi.core.errors import Forbidden, InvalidInput
from zhizhi.core.masking import mask
from zhizhi.servicehall import access, selectors, services
from zhizhi.servicehall.access import is_staff_actor
from zhizhi.servicehall.form_schema import form_data_masked
from zhizhi.servicehall.interchange import CatalogueDocument, document_parse, document_to_workbook
from zhizhi.servicehall.models import Application, Certificate, StoredFile, Task
from zhizhi.servicehall.uploads import file_store

router = Router(tags=["service hall"], auth=api_auth)
PROCESS_KEY = re.compile(r"[a-z][a-z0-9_]{1,59}")
public_router = Router(tags=["service hall (public)"])


# -- schemas ---------------------------------------------------------------------------------------------------


class ThemeOut(Schema):
    code: str
    name: str
    audience: str
    kind: str
    item_count: int = 0


class ItemOut(Schema):
    """A catalogue entry: the item's code and department with its current version's key facts."""

    implementation_code: str
    name: str = Field(alias="current.name")
    item_kind: str = Field(alias="current.item_kind")
    department_code: str = Field(alias="department.code")
    department_name: str = Field(alias="department.name")
    handling_kind: str = Field(alias="current.handling_kind")
    promised_limit_days: int = Field(alias="current.promised_limit_days")
    statutory_limit_days: int = Field(alias="current.statutory_limit_days")
    onsite_visits: int = Field(alias="current.onsite_visits")
    online_depth: int = Field(alias="current.online_depth")
    service_objects: list[str] = Field(alias="current.service_objects")


class ItemGuideOut(Schema):
    version: int
    guide: dict[str, Any] = Field(description="every field of the implementation list, in the interchange format")


class BundleOut(Schema):
    code: str
    name: str
    audience: str
    description: str
    promised_limit_days: int
    items: list[dict[str, str]]

    @staticmethod
    def resolve_items(obj: Any) -> list[dict[str, str]]:
        return [
            {
                "implementation_code": p.item.implementation_code,
                "name": p.item.current.name if p.item.current else "",
                "department": p.item.department.name,
            }
            for p in obj.parts.all()
        ]


RowId = Annotated[int, Field(ge=1, le=2**62)]


class SubmitIn(Schema):
    data: dict[str, Any] = Field(default_factory=dict, description="form fields, keyed as in the item's form_schema")
    files: dict[str, RowId] = Field(default_factory=dict, description="material code → id from POST /servicehall/files")
    reuse: dict[str, RowId] = Field(default_factory=dict, description="material code → certificate id to reuse")
    consent: bool = Field(False, description="the applicant agrees that held certificates are used")
    enterprise_id: RowId | None = None


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class EventOut(Schema):
    kind: str
    title: str
    note: str
    created_at: datetime


class ApplicationOut(Schema):
    number: str
    item_code: str
    item_name: str
    version: int
    department_name: str
    applicant_name: str
    status: str
    status_label: str
    submitted_at: datetime
    due_on: date | None
    concluded_at: datetime | None
    bundle_number: str | None = None

    @staticmethod
    def resolve_item_code(obj: Application) -> str:
        return obj.item.implementation_code

    @staticmethod
    def resolve_item_name(obj: Application) -> str:
        return obj.version.name

    @staticmethod
    def resolve_version(obj: Application) -> int:
        return obj.version.version

    @staticmethod
    def resolve_department_name(obj: Application) -> str:
        return obj.department.name

    @staticmethod
    def resolve_applicant_name(obj: Application) -> str:
        return mask("name", obj.applicant_name) if obj.enterprise_id is None else obj.applicant_name

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_bundle_number(obj: Application) -> str | None:
        return obj.bundle_application.number if obj.bundle_application is not None else None


class MaterialOut(Schema):
    id: int
    code: str
    name: str
    file_name: str | None
    certificate_number: str | None


class TaskOut(Schema):
    id: int
    application_number: str
    item_name: str
    spec: str
    label: str
    role: str
    department_name: str | None
    status: str
    outcomes: list[str]
    outcome: str
    opinion: str
    claimed_by: str | None
    due_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_application_number(obj: Task) -> str:
        return obj.application.number

    @staticmethod
    def resolve_item_name(obj: Task) -> str:
        return obj.application.version.name

    @staticmethod
    def resolve_department_name(obj: Task) -> str | None:
        return obj.department.name if obj.department else None

    @staticmethod
    def resolve_claimed_by(obj: Task) -> str | None:
        return obj.claimed_by.name if obj.claimed_by else None

    @staticmethod
    def resolve_due_on(obj: Task) -> date | None:
        return obj.application.due_on


class ApplicationDetailOut(ApplicationOut):
    form_data: dict[str, Any]
    materials: list[MaterialOut]
    events: list[EventOut]
    tasks: list[TaskOut] = Field(description="internal tasks; empty for applicants")
    certificate_number: str | None
    rating_level: int | None

    @staticmethod
    def resolve_form_data(obj: Application) -> dict[str, Any]:
        return obj.form_data if getattr(obj, "unmasked", True) else form_data_masked(obj.form_data)

    @staticmethod
    def resolve_materials(obj: Application) -> list[dict[str, Any]]:
        return [
            {
                "id": m.pk,
                "code": m.spec.code,
                "name": m.spec.name,
                "file_name": m.file.name if m.file else None,
                "certificate_number": m.certificate.number if m.certificate else None,
            }
            for m in obj.materials.all()
        ]

    @staticmethod
    def resolve_events(obj: Application) -> list[Any]:
        return list(obj.events.all())

    @staticmethod
    def resolve_tasks(obj: Application) -> list[Any]:
        return list(obj.tasks.all()) if getattr(obj, "show_tasks", False) else []

    @staticmethod
    def resolve_certificate_number(obj: Application) -> str | None:
        certificate = selectors.application_certificate(obj)
        return certificate.number if certificate else None

    @staticmethod
    def resolve_rating_level(obj: Application) -> int | None:
        rating = selectors.application_rating(obj)
        return rating.level if rating else None


class CompleteIn(Schema):
    outcome: str = Field(min_length=1, max_length=30)
    opinion: str = Field("", max_length=2000)


class ResubmitIn(Schema):
    data: dict[str, Any] = Field(default_factory=dict)
    files: dict[str, RowId] = Field(default_factory=dict)
    reuse: dict[str, RowId] = Field(default_factory=dict)
    consent: bool = False


class RatingIn(Schema):
    level: int = Field(ge=1, le=5, description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意")
    comment: str = Field("", max_length=500)


class RatingOut(Schema):
    level: int
    comment: str
    rectification_due_on: date | None


class CertificateOut(Schema):
    id: int
    number: str
    type_code: str
    type_name: str
    holder_name: str
    issuer_name: str
    issued_on: date
    valid_until: date | None
    status: str
    data: dict[str, Any]
    digest: str

    @staticmethod
    def resolve_type_code(obj: Certificate) -> str:
        return obj.type.code

    @staticmethod
    def resolve_type_name(obj: Certificate) -> str:
        return obj.type.name

    @staticmethod
    def resolve_issuer_name(obj: Certificate) -> str:
        return obj.issuer.name


class VerifyOut(Schema):
    valid: bool
    type_name: str | None = None
    holder_name: str | None = Field(None, description="masked")
    issuer_name: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    status: str | None = None


class StatOut(Schema):
    key: str
    label: str
    concluded: int
    on_time: int
    on_time_rate: float | None
    running: int
    overdue: int
    ratings: int
    bad_ratings: int
    average_rating: float | None


class ProcessOut(Schema):
    id: int
    key: str
    version: int
    name: str
    process_id: str
    user_tasks: list[dict[str, Any]]
    created_at: datetime


class ImportOut(Schema):
    certificate_types: int
    themes: int
    items_created: int
    versions_published: int
    items_unchanged: int
    bundles: int


# -- helpers -----------------------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Any:
    """The authenticated caller: a user (session) or an API client (token)."""
    return request.auth  # type: ignore[attr-defined]


def _stored_files(actor: Any, ids: dict[str, int]) -> dict[str, StoredFile]:
    found = {f.pk: f for f in StoredFile.objects.filter(pk__in=list(ids.values()), uploaded_by=actor)}
    missing = {code: file_id for code, file_id in ids.items() if file_id not in found}
    if missing:
        raise InvalidInput(_("所引用的上传文件不存在"), extra={"files": missing})
    return {code: found[file_id] for code, file_id in ids.items()}


def _citizen(request: HttpRequest) -> Any:
    actor = _actor(request)
    if is_staff_actor(actor):
        raise Forbidden(_("工作人员账号不能以申请人身份办理，请使用个人账号"))
    return actor


def _detail(request: HttpRequest, application: Application, *, purpose: str) -> Application:
    """The application as its reader may see it: staff get the tasks, and personal data unmasked only when their
    role and stated purpose allow, which is audited."""
    actor = _actor(request)
    application = selectors.application_detail(application)
    if is_staff_actor(actor):
        application.show_tasks = True  # type: ignore[attr-defined]
        application.unmasked = may_unmask(actor, purpose=purpose)  # type: ignore[attr-defined]
        if application.unmasked:  # type: ignore[attr-defined]
            audit_record(
                actor=actor,
                action="servicehall.application.view",
                target=application,
                department_code=application.department.code,
                detail={"via": "api", "purpose": purpose[:200]},
            )
    return application


# -- public catalogue --------------------------------------------------------------------------------------------


@public_router.get("/themes", response=list[ThemeOut], summary="Themes and life events")
def themes(request: HttpRequest, audience: Literal["person", "enterprise", ""] = "") -> Any:
    return list(selectors.theme_list(audience=audience))


@public_router.get("/items", response=list[ItemOut], summary="Browse and search the catalogue")
@paginate(PageNumberPagination)
def items(
    request: HttpRequest,
    q: str = "",
    theme: str = "",
    department_id: int | None = None,
    audience: Literal["person", "enterprise", ""] = "",
    kind: str = "",
) -> Any:
    if department_id is not None and not 1 <= department_id <= 2**62:
        raise InvalidInput(_("部门编号无效"), extra={"department_id": department_id})
    return selectors.item_list(q=q, theme=theme, department_id=department_id, audience=audience, kind=kind)


@public_router.get("/items/{code}", response=ItemGuideOut, summary="The complete guide of an item")
def item_guide(request: HttpRequest, code: str) -> Any:
    from zhizhi.servicehall.interchange import item_row

    item = selectors.item_by_code(code)
    assert item.current is not None
    return {"version": item.current.version, "guide": item_row(item)}


@public_router.get("/bundles", response=list[BundleOut], summary="一件事 bundles")
def bundles(request: HttpRequest) -> Any:
    return list(selectors.bundle_list())


@public_router.get("/certificates/verify", response=VerifyOut, summary="Verify a certificate by number and digest")
def certificate_verify(request: HttpRequest, number: str, digest: str) -> Any:
    found = selectors.certificate_verify(number=number, digest=digest)
    if found is None:
        return {"valid": False}
    return {
        "valid": found.status == Certificate.Status.VALID,
        "type_name": found.type.name,
        "holder_name": mask("name", found.holder_name) if found.person_id else found.holder_name,
        "issuer_name": found.issuer.name,
        "issued_on": found.issued_on,
        "valid_until": found.valid_until,
        "status": found.status,
    }


# -- applicants --------------------------------------------------------------------------------------------------


@router.post("/files", response={201: FileOut}, summary="Upload one material file (multipart, field `file`)")
def file_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    stored = file_store(upload=file, uploaded_by=_citizen(request))
    return Status(201, stored)


@router.post("/items/{code}/applications", response={201: ApplicationOut}, summary="Apply for an item")
def application_submit(request: HttpRequest, code: str, payload: SubmitIn) -> Any:
    user = _citizen(request)
    item = selectors.item_by_code(code)
    assert item.current is not None
    supplied = services.Supplied(
        uploads=_stored_files(user, payload.files), reuse=payload.reuse, consent=payload.consent
    )
    application = services.application_submit(
        user=user, version=item.current, form_data=payload.data, supplied=supplied, enterprise_id=payload.enterprise_id
    )
    return Status(201, application)


@router.post("/bundles/{code}/applications", response={201: dict[str, Any]}, summary="File a 一件事 bundle")
def bundle_submit(request: HttpRequest, code: str, payload: SubmitIn) -> Any:
    user = _citizen(request)
    bundle = selectors.bundle_by_code(code)
    supplied = services.Supplied(
        uploads=_stored_files(user, payload.files), reuse=payload.reuse, consent=payload.consent
    )
    filing = services.bundle_submit(
        user=user, bundle=bundle, form_data=payload.data, supplied=supplied, enterprise_id=payload.enterprise_id
    )
    return Status(201, {"number": filing.number, "parts": [a.number for a in filing.parts.all()]})


@router.get("/applications", response=list[ApplicationOut], summary="Applications the caller may see")
@paginate(PageNumberPagination)
def application_list(request: HttpRequest, status: str = "", q: str = "") -> Any:
    return selectors.applications_filtered(access.application_queryset_for(_actor(request)), status=status, q=q)


@router.get("/applications/{number}", response=ApplicationDetailOut, summary="One application with its timeline")
def application_detail(request: HttpRequest, number: str, purpose: str = "") -> Any:
    """Staff see personal data in the form unmasked only with a role that may and a stated `purpose` (audited)."""
    return _detail(request, access.access_application(_actor(request), number), purpose=purpose)


@router.post("/applications/{number}/resubmit", response=ApplicationOut, summary="Submit corrections (补正)")
def application_resubmit(request: HttpRequest, number: str, payload: ResubmitIn) -> Any:
    user = _citizen(request)
    application = access.access_application(user, number)
    supplied = services.Supplied(
        uploads=_stored_files(user, payload.files), reuse=payload.reuse, consent=payload.consent
    )
    return services.application_resubmit(user=user, application=application, form_data=payload.data, supplied=supplied)


@router.post("/applications/{number}/rating", response={201: RatingOut}, summary="Rate a concluded application")
def rating_submit(request: HttpRequest, number: str, payload: RatingIn) -> Any:
    user = _citizen(request)
    application = access.access_application(user, number)
    rating = services.rating_submit(user=user, application=application, level=payload.level, comment=payload.comment)
    rectification = getattr(rating, "rectification", None)
    return Status(
        201,
        {
            "level": rating.level,
            "comment": rating.comment,
            "rectification_due_on": rectification.due_on if rectification else None,
        },
    )


@router.get("/my/certificates", response=list[CertificateOut], summary="Certificates the caller holds")
def my_certificates(request: HttpRequest) -> Any:
    return list(selectors.certificates_of(_citizen(request)))


# -- staff -------------------------------------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut], summary="The caller's task inbox")
@paginate(PageNumberPagination)
def task_list(request: HttpRequest, status: Literal["active", "done"] = "active", q: str = "") -> Any:
    return selectors.inbox(access.task_queryset_for(_actor(request)), status=status, q=q)


@router.post("/tasks/{task_id}/claim", response=TaskOut, summary="Claim a task")
def task_claim(request: HttpRequest, task_id: int) -> Any:
    task = access.access_task(_actor(request), task_id)
    return services.task_claim(actor=_actor(request), task=task)


@router.post("/tasks/{task_id}/complete", response=TaskOut, summary="Complete a task with an outcome and opinion")
def task_complete(request: HttpRequest, task_id: int, payload: CompleteIn) -> Any:
    task = access.access_task(_actor(request), task_id)
    return services.task_complete(actor=_actor(request), task=task, outcome=payload.outcome, opinion=payload.opinion)


@router.get("/statistics", response=list[StatOut], summary="On-time rates and ratings per item or department")
def statistics(request: HttpRequest, by: Literal["item", "department"] = "department") -> Any:
    require_staff(_actor(request))
    rows = selectors.statistics(by=by, departments=department_scope(_actor(request)))
    return [{**row.__dict__, "on_time_rate": row.on_time_rate} for row in rows]


# -- administration ----------------------------------------------------------------------------------------------


@router.get("/admin/processes", response=list[ProcessOut], summary="Process definitions (administrators)")
def process_list(request: HttpRequest) -> Any:
    require_sysadmin(_actor(request))
    return list(selectors.process_definition_list())


@router.post("/admin/processes", response={201: ProcessOut}, summary="Upload a BPMN 2.0 process (multipart)")
def process_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    key: Form[str],
    name: Form[str] = "",
) -> Any:
    require_sysadmin(_actor(request))
    if not PROCESS_KEY.fullmatch(key) or len(name) > 100:
        raise InvalidInput(_("流程标识应为小写字母开头的字母、数字或下划线，名称不超过 100 字"), extra={"key": key})
    if file.size and file.size > 1024 * 1024:
        raise InvalidInput(_("BPMN 文件不能超过 1 MB"), extra={"size": file.size})
    try:
        xml = file.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(_("BPMN 文件应为 UTF-8 编码的 XML")) from error
    definition = services.process_definition_upload(actor=_actor(request), key=key, name=name, bpmn_xml=xml)
    return Status(201, definition)


@router.post("/admin/catalogue", response=ImportOut, summary="Import a catalogue document (JSON body)")
def catalogue_import(request: HttpRequest, payload: CatalogueDocument) -> Any:
    require_sysadmin(_actor(request))
    report = services.catalogue_import(actor=_actor(request), document=payload)
    return report.__dict__


@router.get("/admin/catalogue", summary="Export the catalogue as JSON or Excel")
def catalogue_export(request: HttpRequest, format: Literal["json", "xlsx"] = "json") -> Any:
    require_sysadmin(_actor(request))
    document = selectors.catalogue_export()
    if format == "json":
        return document
    response = HttpResponse(
        document_to_workbook(document_parse(document)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="catalogue.xlsx"'
    return response
