"""Service hall pages (一网通办): the public catalogue and guides, applying online, my applications and certificates,
public certificate verification, the staff inbox and application pages, statistics, rectifications, and the
administration of processes and the catalogue. Same discipline as api.py: parse -> access -> service/selector."""

import contextlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhizhi.accounts import selectors as org
from zhizhi.accounts.access import department_scope, is_sysadmin, may_unmask, roles_of
from zhizhi.accounts.models import Role, User
from zhizhi.core.audit import audit_record
from zhizhi.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput, NotFound
from zhizhi.servicehall import access, selectors, services
from zhizhi.servicehall.form_schema import form_fields, form_schema_merge
from zhizhi.servicehall.forms import (
    CatalogueImportForm,
    MaterialView,
    ProcessUploadForm,
    RatingForm,
    TaskCompleteForm,
    VerifyForm,
    field_views,
)
from zhizhi.servicehall.interchange import (
    document_from_json,
    document_from_workbook,
    document_parse,
    document_to_workbook,
)
from zhizhi.servicehall.models import (
    Application,
    ApplicationStatus,
    Audience,
    Certificate,
    ItemKind,
    MaterialSpec,
    OnlineDepth,
    Rectification,
    ServiceItemVersion,
    Task,
    TaskStatus,
    Theme,
)
from zhizhi.servicehall.uploads import file_open
from zhizhi.web.guards import admin_required, login_required, staff_required, user_of
from zhizhi.web.paging import page_of

WARNING_SHARE = 0.8
UNMASK_PURPOSE = "servicehall.application.handle"
MAX_BPMN_BYTES = 1024 * 1024
_ID = re.compile(r"[0-9]{1,18}")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and _ID.fullmatch(value) else None


# -- errors on forms ---------------------------------------------------------------------------------------------


@dataclass
class Problems:
    """A service's refusal laid out for a form: per field, per material, and what belongs to the whole form."""

    fields: dict[str, str] = field(default_factory=dict)
    materials: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    enterprise: str = ""
    consent: str = ""

    def __bool__(self) -> bool:
        return bool(self.fields or self.materials or self.general or self.enterprise or self.consent)


def _problems_add(problems: Problems, error_extra: Mapping[str, Any], message: str, *, prefix: str = "") -> None:
    """Sort one refusal's details into `problems`: next to the fields and materials it names, its message on top."""
    for key, text in (error_extra.get("fields") or {}).items():
        problems.fields.setdefault(str(key), str(text))
    for key, text in (error_extra.get("materials") or {}).items():
        if key == "consent":
            problems.consent = str(text)
        else:
            problems.materials[f"{prefix}{key}"] = str(text)
    if error_extra.get("field") == "enterprise_id":
        problems.enterprise = message
    elif error_extra.get("field"):
        problems.fields.setdefault(str(error_extra["field"]), message)
    if message not in problems.general:  # the summary at the top of the form
        problems.general.append(message)


def _problems_of(error: ApplicationError) -> Problems:
    problems = Problems()
    parts = error.extra.get("parts")
    if isinstance(parts, dict):  # a bundle: one entry per item that refused
        problems.general.append(str(error.message))
        for code, part in parts.items():
            part = dict(part)
            message = f"{part.get('item', code)}：{part.get('message', '')}"
            _problems_add(problems, part, message, prefix=f"{code}/")
        return problems
    _problems_add(problems, error.extra, str(error.message))
    return problems


# -- reading the applicant's form ----------------------------------------------------------------------------------


def _typed(data: QueryDict, fields: Iterable[Any]) -> dict[str, Any]:
    """What the applicant typed, as text (booleans as "on" when ticked); the service coerces and checks it."""
    typed: dict[str, Any] = {}
    for f in fields:
        if f.kind == "boolean":
            if data.get(f.key):
                typed[f.key] = "on"
        else:
            typed[f.key] = data.get(f.key, "")
    return typed


def _material_views(
    specs: Iterable[MaterialSpec],
    *,
    prefix: str,
    reusable: Mapping[str, Sequence[Certificate]],
    data: QueryDict | None,
    errors: Mapping[str, str],
) -> list[MaterialView]:
    views = []
    for spec in specs:
        key = f"{prefix}{spec.code}"
        reuse = data.get(f"reuse_{key}", "") if data is not None else ""
        views.append(
            MaterialView(
                spec=spec,
                key=key,
                certificates=list(reusable.get(spec.code, [])),
                reuse=reuse,
                error=errors.get(key, ""),
            )
        )
    return views


def _supplied(request: HttpRequest, materials: Iterable[MaterialView]) -> services.Supplied:
    """Uploads and chosen certificates by material key; a chosen certificate takes the place of an upload."""
    uploads: dict[str, UploadedFile[bytes]] = {}
    reuse: dict[str, int] = {}
    for material in materials:
        chosen = _int_or_none(request.POST.get(material.reuse_name))
        upload = request.FILES.get(material.file_name)
        if chosen is not None:
            reuse[material.key] = chosen
        elif upload is not None:
            uploads[material.key] = upload
    return services.Supplied(uploads=uploads, reuse=reuse, consent=bool(request.POST.get("consent")))


def _citizen(request: HttpRequest) -> User:
    """The signed-in applicant; staff accounts are told to use a personal account."""
    user = user_of(request)
    if access.is_staff_actor(user):
        raise Forbidden(_("工作人员账号不能以申请人身份办理，请使用个人账号登录后申请"))
    return user


def _may_file(user: User, version: ServiceItemVersion) -> None:
    """Refuse, before the applicant fills anything in, an account that cannot file at all (no real-name identity);
    whom they file for is chosen on the form."""
    with contextlib.suppress(InvalidInput):  # an enterprise-only item: the form asks for the enterprise
        services.applicant_resolve(user=user, version=version, enterprise_id=None)


def _enterprise_choice(request: HttpRequest, *, objects: Sequence[str], enterprises: Sequence[Any]) -> int | None:
    """The enterprise the applicant files for: as posted, else the only sensible default."""
    source = request.POST if request.method == "POST" else request.GET
    if "enterprise" not in objects:
        return None
    if "enterprise_id" in source:
        return _int_or_none(source.get("enterprise_id"))
    if "person" not in objects and enterprises:
        return int(enterprises[0].pk)
    return None


# -- public catalogue ----------------------------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    """Browse by audience, theme, life event and department, or search in Chinese; 一件事 bundles alongside."""
    audience = request.GET.get("audience", Audience.PERSON)
    if audience not in Audience.values:
        audience = Audience.PERSON
    q = request.GET.get("q", "").strip()[:100]
    theme = request.GET.get("theme", "").strip()[:40]
    kind = request.GET.get("kind", "")
    kind = kind if kind in ItemKind.values else ""
    department_id = _int_or_none(request.GET.get("department"))
    themes = list(selectors.theme_list(audience=audience))
    items = selectors.item_list(q=q, theme=theme, department_id=department_id, audience=audience, kind=kind)
    bundles = [b for b in selectors.bundle_list() if b.audience == audience]
    context = {
        "audience": audience,
        "audiences": Audience.choices,
        "q": q,
        "theme": theme,
        "kind": kind,
        "kinds": ItemKind.choices,
        "department_id": department_id,
        "themes": [t for t in themes if t.kind == Theme.Kind.THEME],
        "life_events": [t for t in themes if t.kind == Theme.Kind.LIFE_EVENT],
        "departments": selectors.department_choices(),
        "page": page_of(request, items),
        "bundles": bundles,
        "filtered": bool(q or theme or kind or department_id),
    }
    return render(request, "servicehall/catalogue.html", context)


def guide(request: HttpRequest, code: str) -> HttpResponse:
    """An item's complete guide (办事指南) from its current published version."""
    item = selectors.item_by_code(code)
    version = item.current
    assert version is not None
    context = {
        "item": item,
        "version": version,
        "materials": list(version.materials.all()),
        "joint_departments": list(version.joint_departments.all()),
        "themes": list(item.themes.all()),
        "online": version.online_depth >= OnlineDepth.ONLINE_FILING,
        "objects": [Audience(o).label for o in version.service_objects if o in Audience.values],
    }
    return render(request, "servicehall/guide.html", context)


def bundle_guide(request: HttpRequest, code: str) -> HttpResponse:
    """A 一件事 bundle: the items it files together and the departments that handle them."""
    bundle = selectors.bundle_by_code(code)
    parts = [p.item for p in bundle.parts.all()]
    return render(request, "servicehall/bundle_guide.html", {"bundle": bundle, "parts": parts})


# -- applying ------------------------------------------------------------------------------------------------------


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """The item's generated form and its materials; on success the receipt, else the same form with messages."""
    user = _citizen(request)
    item = selectors.item_by_code(code)
    version = item.current
    assert version is not None
    if request.method != "POST":
        _may_file(user, version)
    fields = form_fields(version.form_schema)
    specs = list(version.materials.all())
    objects = list(version.service_objects)
    enterprises = selectors.enterprises_for(user) if "enterprise" in objects else []
    enterprise_id = _enterprise_choice(request, objects=objects, enterprises=enterprises)
    reusable = selectors.reusable_certificates(user=user, version=version, enterprise_id=enterprise_id)
    data = request.POST if request.method == "POST" else None
    materials = _material_views(specs, prefix="", reusable=reusable, data=data, errors={})
    values: dict[str, Any] = {}
    problems = Problems()
    if request.method == "POST":
        values = _typed(request.POST, fields)
        supplied = _supplied(request, materials)
        try:
            application = services.application_submit(
                user=user, version=version, form_data=values, supplied=supplied, enterprise_id=enterprise_id
            )
        except ApplicationError as error:
            problems = _problems_of(error)
        else:
            messages.success(request, _("申请已提交，办件编号 %(number)s") % {"number": application.number})
            return redirect("servicehall:receipt", number=application.number)
        materials = _material_views(specs, prefix="", reusable=reusable, data=data, errors=problems.materials)
    context = {
        "item": item,
        "version": version,
        "fields": field_views(fields, values=values, errors=problems.fields),
        "material_groups": [{"title": "", "materials": materials}],
        "offers_reuse": any(m.certificates for m in materials),
        "enterprises": enterprises,
        "enterprise_id": enterprise_id,
        "person_allowed": "person" in objects,
        "enterprise_allowed": "enterprise" in objects,
        "problems": problems,
        "consent": bool(request.POST.get("consent")) if request.method == "POST" else False,
        "action": reverse("servicehall:apply", kwargs={"code": item.implementation_code}),
    }
    if request.method == "GET" and request.headers.get("HX-Request"):  # the enterprise changed: its certificates
        return render(request, "servicehall/_materials.html", context)
    return render(request, "servicehall/apply.html", context)


@login_required
def bundle_apply(request: HttpRequest, code: str) -> HttpResponse:
    """One form for every item of a bundle; materials grouped per item."""
    user = _citizen(request)
    bundle = selectors.bundle_by_code(code)
    items = [p.item for p in bundle.parts.all()]
    versions: list[ServiceItemVersion] = [i.current for i in items if i.current is not None]
    try:
        fields = form_fields(form_schema_merge([v.form_schema for v in versions]))
    except ApplicationError as error:  # the parts' forms disagree: the catalogue needs fixing, not the applicant
        raise InvalidInput(_("该一件事的申请表暂不可用：%(reason)s") % {"reason": error.message}) from error
    if versions and request.method != "POST":
        _may_file(user, versions[0])
    # Who may file: whom every part serves.
    objects = [o for o in Audience.values if versions and all(o in v.service_objects for v in versions)]
    enterprises = selectors.enterprises_for(user) if "enterprise" in objects else []
    enterprise_id = _enterprise_choice(request, objects=objects, enterprises=enterprises)
    data = request.POST if request.method == "POST" else None

    def groups(errors: Mapping[str, str]) -> list[dict[str, Any]]:
        result = []
        for version in versions:
            reusable = selectors.reusable_certificates(user=user, version=version, enterprise_id=enterprise_id)
            result.append(
                {
                    "title": version.name,
                    "department": version.item.department,
                    "materials": _material_views(
                        version.materials.all(),
                        prefix=f"{version.item.implementation_code}/",
                        reusable=reusable,
                        data=data,
                        errors=errors,
                    ),
                }
            )
        return result

    material_groups = groups({})
    values: dict[str, Any] = {}
    problems = Problems()
    if request.method == "POST":
        values = _typed(request.POST, fields)
        supplied = _supplied(request, [m for g in material_groups for m in g["materials"]])
        try:
            filing = services.bundle_submit(
                user=user, bundle=bundle, form_data=values, supplied=supplied, enterprise_id=enterprise_id
            )
        except ApplicationError as error:
            problems = _problems_of(error)
        else:
            messages.success(
                request, _("已提交“%(name)s”，编号 %(number)s") % {"name": bundle.name, "number": filing.number}
            )
            return redirect("servicehall:my_bundle", number=filing.number)
        material_groups = groups(problems.materials)
    context = {
        "bundle": bundle,
        "fields": field_views(fields, values=values, errors=problems.fields),
        "material_groups": material_groups,
        "offers_reuse": any(m.certificates for g in material_groups for m in g["materials"]),
        "enterprises": enterprises,
        "enterprise_id": enterprise_id,
        "person_allowed": "person" in objects,
        "enterprise_allowed": "enterprise" in objects,
        "problems": problems,
        "consent": bool(request.POST.get("consent")) if request.method == "POST" else False,
        "action": reverse("servicehall:bundle_apply", kwargs={"code": bundle.code}),
    }
    if request.method == "GET" and request.headers.get("HX-Request"):  # the enterprise changed: its certificates
        return render(request, "servicehall/_materials.html", context)
    return render(request, "servicehall/bundle_apply.html", context)


# -- my applications -------------------------------------------------------------------------------------------


def _my_applications(user: User) -> QuerySet[Application]:
    """The user's own applications (staff accounts see their departments' work in the workbench, not here)."""
    return access.application_queryset_for(user).filter(applicant=user)


def _my_application(user: User, number: str) -> Application:
    application = _my_applications(user).filter(number=number).first()
    if application is None:
        raise NotFound(_("办件不存在或无权查看"), extra={"number": number})
    return application


def _open_tasks(application: Application) -> list[Task]:
    return [t for t in application.tasks.all() if t.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)]


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """My applications, newest first, by status."""
    user = user_of(request)
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    rows = selectors.applications_filtered(_my_applications(user), status=status)
    context = {"page": page_of(request, rows), "status": status, "statuses": ApplicationStatus.choices}
    return render(request, "servicehall/my_applications.html", context)


@login_required
def my_application(request: HttpRequest, number: str) -> HttpResponse:
    """One of my applications: timeline, current step, materials, certificate, 补正 and 好差评."""
    user = user_of(request)
    application = selectors.application_detail(_my_application(user, number))
    version = application.version
    rating = selectors.application_rating(application)
    rating_form = RatingForm()
    correcting = application.status == ApplicationStatus.CORRECTION
    fields = form_fields(version.form_schema) if correcting else []
    specs = list(version.materials.all()) if correcting else []
    reusable = (
        selectors.reusable_certificates(user=user, version=version, enterprise_id=application.enterprise_id)
        if correcting
        else {}
    )
    values: dict[str, Any] = dict(application.form_data)
    problems = Problems()
    data = request.POST if request.method == "POST" else None
    materials = _material_views(specs, prefix="", reusable=reusable, data=data, errors={})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rate":
            rating_form = RatingForm(request.POST)
            if rating_form.is_valid():
                try:
                    services.rating_submit(
                        user=user,
                        application=application,
                        level=rating_form.cleaned_data["level"],
                        comment=rating_form.cleaned_data["comment"],
                    )
                except ApplicationError as error:
                    field_name = error.extra.get("field")
                    rating_form.add_error(field_name if field_name in rating_form.fields else None, str(error.message))
                else:
                    messages.success(request, _("感谢您的评价"))
                    return redirect("servicehall:my_application", number=application.number)
        elif action == "correct" and correcting:
            values = _typed(request.POST, fields)
            supplied = _supplied(request, materials)
            try:
                services.application_resubmit(user=user, application=application, form_data=values, supplied=supplied)
            except ApplicationError as error:
                problems = _problems_of(error)
            else:
                messages.success(request, _("补正材料已提交，等待窗口重新受理"))
                return redirect("servicehall:my_application", number=application.number)
            materials = _material_views(specs, prefix="", reusable=reusable, data=data, errors=problems.materials)
    show_rating_form = application.is_concluded and rating is None
    if not show_rating_form:
        for problem in rating_form.non_field_errors() if rating_form.is_bound else []:
            messages.error(request, str(problem))
    correction_note = next(
        (e.note for e in reversed(list(application.events.all())) if e.kind.endswith(".correction") and e.note), ""
    )
    context = {
        "application": application,
        "events": list(application.events.all()),
        "open_tasks": _open_tasks(application),
        "certificate": selectors.application_certificate(application),
        "rating": rating,
        "rating_form": rating_form if show_rating_form else None,
        "correcting": correcting,
        "correction_note": correction_note,
        "fields": field_views(fields, values=values, errors=problems.fields),
        "material_groups": [{"title": "", "materials": materials}],
        "offers_reuse": any(m.certificates for m in materials),
        "problems": problems,
        "consent": bool(request.POST.get("consent")) if request.method == "POST" else False,
    }
    return render(request, "servicehall/my_application.html", context)


@login_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The printable receipt (回执) of an application."""
    application = selectors.application_detail(_my_application(user_of(request), number))
    return render(request, "servicehall/receipt.html", {"application": application, "version": application.version})


@login_required
def my_bundle(request: HttpRequest, number: str) -> HttpResponse:
    """A 一件事 filing: each part's status and the overall status."""
    filing = selectors.bundle_application_for(user=user_of(request), number=number)
    parts = list(filing.parts.all())
    done = sum(1 for p in parts if p.is_concluded)
    context = {"filing": filing, "parts": parts, "done": done, "total": len(parts)}
    return render(request, "servicehall/my_bundle.html", context)


def _download(stored: Any) -> HttpResponse:
    """A stored material as an attachment (RFC 5987 file name), never rendered inline, streamed from storage."""
    response = FileResponse(
        file_open(stored), as_attachment=True, filename=stored.name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # a streaming response; the page guards are typed for HttpResponse


@login_required
def my_material(request: HttpRequest, number: str, material_id: int) -> HttpResponse:
    """Download a material of my own application."""
    user = user_of(request)
    application = _my_application(user, number)
    material = access.access_material_file(user, application.number, material_id)
    return _download(material.file)


# -- certificates --------------------------------------------------------------------------------------------------


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    """The e-certificates I hold, personally or for my enterprises."""
    page = page_of(request, selectors.certificates_of(user_of(request)))
    return render(request, "servicehall/my_certificates.html", {"page": page, "today": timezone.localdate()})


@login_required
def my_certificate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """One certificate: its face data and the digest anyone can verify it with."""
    user = user_of(request)
    certificate = access.access_certificate(user, certificate_id)
    if not selectors.certificates_of(user).filter(pk=certificate.pk).exists():
        raise NotFound(_("证照不存在或无权查看"), extra={"certificate_id": certificate_id})
    labels = certificate.type.field_labels
    face = [(labels.get(k, k), v) for k, v in certificate.data.items()]
    verify_url = (
        reverse("servicehall:certificate_verify") + "?" + _query(number=certificate.number, digest=certificate.digest)
    )
    return render(
        request,
        "servicehall/my_certificate.html",
        {"certificate": certificate, "face": face, "verify_url": verify_url},
    )


def _query(**params: str) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Public verification: a certificate number and its SM3 digest; the answer shows no personal data beyond a
    masked holder name."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    result: dict[str, Any] | None = None
    if form.is_bound and form.is_valid():
        found = selectors.certificate_verify(number=form.cleaned_data["number"], digest=form.cleaned_data["digest"])
        result = {"found": found, "valid": found is not None and found.status == Certificate.Status.VALID}
        if found is not None and found.valid_until and found.valid_until < timezone.localdate():
            result["valid"] = False
            result["expired"] = True
    return render(request, "servicehall/verify.html", {"form": form, "result": result})


# -- staff: inbox and tasks ----------------------------------------------------------------------------------------


def _scope_departments(user: User) -> list[Any]:
    scope = department_scope(user)
    return [d for d in org.department_list() if scope is None or d.pk in scope]


def _clock(application: Application) -> dict[str, Any]:
    """How far an application's clock has run, for colouring its due date."""
    if application.is_concluded or application.due_on is None:
        return {"state": "none", "share": 0}
    share = selectors.clock_share(application)
    state = "over" if share > 1 else "warn" if share >= WARNING_SHARE else "ok"
    return {"state": state, "share": round(share * 100)}


@staff_required
def task_inbox(request: HttpRequest) -> HttpResponse:
    """Tasks waiting for my roles in my departments (待办), or the ones done (已办)."""
    user = user_of(request)
    status = "done" if request.GET.get("status") == "done" else "active"
    q = request.GET.get("q", "").strip()[:100]
    department_id = _int_or_none(request.GET.get("department"))
    tasks = selectors.inbox(access.task_queryset_for(user), status=status, q=q)
    if department_id is not None:
        tasks = tasks.filter(department_id=department_id)
    page = page_of(request, tasks.select_related("application__department"))
    rows = [{"task": t, "clock": _clock(t.application)} for t in page]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "q": q,
        "department_id": department_id,
        "departments": _scope_departments(user),
    }
    template = "servicehall/_inbox_table.html" if request.headers.get("HX-Request") else "servicehall/task_inbox.html"
    return render(request, template, context)


@staff_required
@require_POST
def task_claim(request: HttpRequest, task_id: int) -> HttpResponse:
    """Take a task so colleagues see who handles it."""
    user = user_of(request)
    try:
        task = access.access_task(user, task_id)
        services.task_claim(actor=user, task=task)
    except (Forbidden, InvalidInput, Conflict) as error:  # someone was quicker: say so in the inbox
        messages.error(request, str(error.message))
        return redirect("servicehall:task_inbox")
    messages.success(
        request, _("已认领：%(number)s %(label)s") % {"number": task.application.number, "label": task.label}
    )
    return redirect("servicehall:task_detail", task_id=task.pk)


def _unmasked_view(request: HttpRequest, application: Application) -> bool:
    """Whether this staff member sees the applicant's data unmasked; if so the read is audited (once per view)."""
    user = user_of(request)
    if not may_unmask(user, purpose=UNMASK_PURPOSE):
        return False
    audit_record(
        actor=user,
        action="servicehall.application.view",
        target=application,
        department_code=application.department.code,
        detail={"via": "web", "path": request.path},
    )
    return True


def _staff_application_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    application = selectors.application_detail(application)
    fields = {f.key: f for f in form_fields(application.version.form_schema)}
    form_rows = [
        {"key": key, "label": fields[key].label if key in fields else key, "value": value}
        for key, value in application.form_data.items()
    ]
    tasks = list(application.tasks.all())
    return {
        "application": application,
        "unmasked": _unmasked_view(request, application),
        "form_rows": form_rows,
        "events": list(application.events.all()),
        "opinions": [t for t in tasks if t.status == TaskStatus.DONE and (t.opinion or t.outcome)],
        "open_tasks": [t for t in tasks if t.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)],
        "certificate": selectors.application_certificate(application),
        "rating": selectors.application_rating(application),
        "clock": _clock(application),
    }


@staff_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task: the application's data, materials and history, and the completion form."""
    user = user_of(request)
    task = access.access_task(user, task_id)
    workable = task.status in (TaskStatus.OPEN, TaskStatus.CLAIMED) and task.role != services.APPLICANT_ROLE
    form = TaskCompleteForm(request.POST or None, outcomes=list(task.outcomes)) if workable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.task_complete(
                actor=user, task=task, outcome=form.cleaned_data["outcome"], opinion=form.cleaned_data["opinion"]
            )
        except ApplicationError as error:
            field_name = error.extra.get("field")
            form.add_error(field_name if field_name in form.fields else None, str(error.message))
        else:
            messages.success(
                request, _("已办理：%(number)s %(label)s") % {"number": task.application.number, "label": task.label}
            )
            return redirect("servicehall:task_inbox")
    context = {"task": task, "form": form, **_staff_application_context(request, task.application)}
    return render(request, "servicehall/task_detail.html", context)


# -- staff: applications, files, statistics, rectifications -----------------------------------------------------------


@staff_required
def staff_applications(request: HttpRequest) -> HttpResponse:
    """Applications my departments work on, filtered by status, number or item, and department."""
    user = user_of(request)
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    department_id = _int_or_none(request.GET.get("department"))
    rows = selectors.applications_filtered(
        access.application_queryset_for(user), status=status, q=q, department_id=department_id
    )
    context = {
        "page": page_of(request, rows),
        "status": status,
        "statuses": ApplicationStatus.choices,
        "q": q,
        "department_id": department_id,
        "departments": _scope_departments(user),
    }
    return render(request, "servicehall/staff_applications.html", context)


@staff_required
def staff_application(request: HttpRequest, number: str) -> HttpResponse:
    """An application, read-only, for the departments that work on it."""
    application = access.access_application(user_of(request), number)
    return render(request, "servicehall/staff_application.html", _staff_application_context(request, application))


@staff_required
def staff_material(request: HttpRequest, number: str, material_id: int) -> HttpResponse:
    """Download an application's material (staff of the departments that work on it); the read is audited."""
    user = user_of(request)
    material = access.access_material_file(user, number, material_id)
    response = _download(material.file)
    audit_record(
        actor=user,
        action="servicehall.material.download",
        target=material.application,
        department_code=material.application.department.code,
        detail={"material": material.spec.code},
    )
    return response


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    """On-time rates and ratings per item or per department, within my departments."""
    by = "item" if request.GET.get("by") == "item" else "department"
    rows = selectors.statistics(by=by, departments=department_scope(user_of(request)))
    return render(request, "servicehall/statistics.html", {"rows": rows, "by": by})


@staff_required
def rectifications(request: HttpRequest) -> HttpResponse:
    """差评整改: the department reports what it changed, then records the return visit."""
    user = user_of(request)
    errors: dict[int, str] = {}
    typed: dict[int, dict[str, str]] = {}
    if request.method == "POST":
        rectification_id = _int_or_none(request.POST.get("rectification")) or 0
        rectification = access.access_rectification(user, rectification_id)
        action = request.POST.get("action")
        try:
            if action == "report":
                services.rectification_report(
                    actor=user, rectification=rectification, action=request.POST.get("measure", "")
                )
                messages.success(request, _("整改措施已提交"))
            elif action == "visit":
                satisfied = request.POST.get("satisfied")
                if satisfied not in ("yes", "no"):
                    raise InvalidInput(_("请选择回访结果"), extra={"field": "satisfied"})
                services.rectification_visit(
                    actor=user,
                    rectification=rectification,
                    note=request.POST.get("note", ""),
                    satisfied=satisfied == "yes",
                )
                messages.success(request, _("回访情况已记录"))
            else:
                raise InvalidInput(_("未知的操作"))
        except ApplicationError as error:
            errors[rectification.pk] = str(error.message)
            typed[rectification.pk] = {
                "measure": request.POST.get("measure", ""),
                "note": request.POST.get("note", ""),
                "satisfied": request.POST.get("satisfied", ""),
            }
        else:
            return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    status = status if status in Rectification.Status.values else ""
    rows = access.rectification_queryset_for(user).select_related("rating__application__version")
    if status:
        rows = rows.filter(status=status)
    page = page_of(request, rows.order_by("status", "due_on", "id"))
    items = [{"r": r, "error": errors.get(r.pk, ""), "typed": typed.get(r.pk, {})} for r in page]
    roles = roles_of(user)
    context = {
        # The department's head reports the measures; the supervision office makes the return visit.
        "can_report": Role.DEPARTMENT_HEAD in roles,
        "can_visit": bool(roles & {Role.SUPERVISOR, Role.SYSADMIN}) or is_sysadmin(user),
        "page": page,
        "items": items,
        "status": status,
        "statuses": Rectification.Status.choices,
        "today": timezone.localdate(),
    }
    return render(request, "servicehall/rectifications.html", context)


# -- administration ------------------------------------------------------------------------------------------------


@admin_required
def admin_processes(request: HttpRequest) -> HttpResponse:
    """Approval process versions, and uploading a new BPMN 2.0 definition."""
    form = ProcessUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BPMN_BYTES:
                raise InvalidInput(_("BPMN 文件不能超过 1 MB"), extra={"field": "file"})
            try:
                xml = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise InvalidInput(_("BPMN 文件应为 UTF-8 编码的 XML"), extra={"field": "file"}) from error
            definition = services.process_definition_upload(
                actor=user_of(request), key=form.cleaned_data["key"], name=form.cleaned_data["name"], bpmn_xml=xml
            )
        except ApplicationError as error:
            form.add_error("file", str(error.message))
        else:
            messages.success(
                request,
                _("已保存流程 %(key)s 第 %(version)s 版") % {"key": definition.key, "version": definition.version},
            )
            return redirect("servicehall:admin_processes")
    page = page_of(request, selectors.process_definition_list())
    return render(request, "servicehall/admin_processes.html", {"form": form, "page": page})


@admin_required
def admin_catalogue(request: HttpRequest) -> HttpResponse:
    """Import the catalogue from JSON or Excel, and export it."""
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    report = None
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            raw = upload.read()
            workbook = raw.startswith(b"PK\x03\x04")  # .xlsx is a zip; anything else must be JSON
            document = document_from_workbook(raw) if workbook else document_from_json(raw)
            report = services.catalogue_import(actor=user_of(request), document=document)
        except ApplicationError as error:
            form.add_error("file", str(error.message))
            problems = [p for p in error.extra.get("problems", []) if isinstance(p, dict)][:50]
            if error.extra.get("where"):
                problems.append({"where": error.extra["where"], "problem": str(error.message)})
        else:
            messages.success(request, _("事项目录已导入"))
    return render(request, "servicehall/admin_catalogue.html", {"form": form, "report": report, "problems": problems})


@admin_required
def admin_catalogue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole catalogue as a JSON document or an Excel workbook, for re-import elsewhere."""
    document = selectors.catalogue_export()
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(document_to_workbook(document_parse(document)), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.xlsx"'
    else:
        body = json.dumps(document, ensure_ascii=False, indent=2, default=str)
        response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
