"""Every write of the service hall: catalogue import and publishing, process definitions, applications and their
tasks, SLA clocks, bundles (一件事), e-certificates, ratings and rectifications. One transaction each, audited."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhizhi.accounts.access import department_descendants
from zhizhi.accounts.models import Department, Enterprise, EnterpriseAgent, Membership, Person, Role, Staff, User
from zhizhi.core.audit import audit_record, digest
from zhizhi.core.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound, PayloadTooLarge
from zhizhi.core.identifiers import uscc_make
from zhizhi.core.working_days import working_days_add, working_days_between
from zhizhi.notify.services import notification_send
from zhizhi.servicehall import process as engine
from zhizhi.servicehall.access import enterprises_acted_for
from zhizhi.servicehall.form_schema import (
    form_data_clean,
    form_data_for,
    form_prefill,
    form_schema_check,
    form_schema_merge,
)
from zhizhi.servicehall.interchange import CatalogueDocument, ItemIn, item_row
from zhizhi.servicehall.models import (
    CONCLUDED_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    ApplicationStatus,
    Bundle,
    BundleApplication,
    BundleItem,
    Certificate,
    CertificateType,
    ItemKind,
    MaterialSpec,
    OnlineDepth,
    ProcessDefinition,
    Rating,
    Rectification,
    ServiceItem,
    ServiceItemVersion,
    StoredFile,
    Task,
    TaskStatus,
    Theme,
    VersionStatus,
)
from zhizhi.servicehall.search import search_body, search_index_update
from zhizhi.servicehall.uploads import file_check, file_store

RECTIFICATION_DAYS = 15
WARNING_SHARE = 0.8
APPLICANT_ROLE = "applicant"


def today() -> date:
    """Today in the city's time zone."""
    return timezone.localdate()


# -- process definitions ---------------------------------------------------------------------------------------


# End events an approval process may reach, and what each means for the application.
END_EVENTS = {
    "approved": ApplicationStatus.APPROVED,
    "denied": ApplicationStatus.DENIED,
    "refused": ApplicationStatus.REFUSED,
}


def _definition_info(bpmn_xml: str) -> engine.DefinitionInfo:
    try:
        info = engine.definition_validate(bpmn_xml)
    except engine.ProcessError as error:
        raise InvalidInput(error.message, extra={"code": error.code, **(error.extra or {})}) from error
    unknown = sorted(set(info.end_events) - set(END_EVENTS))
    if unknown or not info.end_events:
        raise InvalidInput(
            _("结束事件的 id 只能是 approved（准予）、denied（不予许可）或 refused（不予受理）"),
            extra={"code": "unknown_end_event", "end_events": unknown},
        )
    for task in info.user_tasks:
        if len(task.name) > 60 or len(task.label) > 100 or any(len(o) > 30 for o in task.outcomes):
            raise InvalidInput(
                _("任务“%(name)s”的编号、名称或办理结果过长") % {"name": task.name[:60]},
                extra={"code": "too_long", "task": task.name[:60]},
            )
    return info


@transaction.atomic
def process_definition_upload(*, actor: User | None, key: str, name: str, bpmn_xml: str) -> ProcessDefinition:
    """Validate a BPMN file (no scripts, known roles, safe conditions) and store it as the key's next version."""
    if "\x00" in key or "\x00" in name:
        raise InvalidInput(_("流程标识或名称中含有不允许的空字符"))
    info = _definition_info(bpmn_xml)
    latest = ProcessDefinition.objects.select_for_update().filter(key=key).order_by("-version").first()
    if latest is not None and latest.digest == info.digest:
        return latest
    definition = ProcessDefinition.objects.create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        name=name or info.name or key,
        process_id=info.process_id,
        bpmn_xml=bpmn_xml,
        digest=info.digest,
        user_tasks=[
            {"name": t.name, "label": t.label, "role": t.role, "outcomes": list(t.outcomes)} for t in info.user_tasks
        ],
        uploaded_by=actor,
    )
    audit_record(actor=actor, action="servicehall.process.upload", target=definition, detail={"key": key})
    return definition


def process_definition_current(key: str) -> ProcessDefinition:
    """The newest active version of a process key; the built-in templates are installed on first use."""
    definition = ProcessDefinition.objects.filter(key=key, is_active=True).order_by("-version").first()
    if definition is not None:
        return definition
    try:
        xml = engine.default_definition(key)
    except (FileNotFoundError, KeyError, engine.ProcessError) as error:
        raise InvalidInput(_("审批流程“%(key)s”不存在") % {"key": key}, extra={"process": key}) from error
    names = {"standard": _("标准审批流程"), "joint_review": _("并联审批流程")}
    return process_definition_upload(actor=None, key=key, name=str(names.get(key, key)), bpmn_xml=xml)


# -- catalogue -----------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What a catalogue import changed."""

    certificate_types: int = 0
    themes: int = 0
    items_created: int = 0
    versions_published: int = 0
    items_unchanged: int = 0
    bundles: int = 0
    codes: list[str] = field(default_factory=list)


def _department(code: str, *, where: str) -> Department:
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise InvalidInput(_("部门代码“%(code)s”不存在") % {"code": code}, extra={"where": where, "department": code})
    return department


def _certificate_type(code: str | None, *, where: str) -> CertificateType | None:
    if code is None:
        return None
    found = CertificateType.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(
            _("证照类型“%(code)s”不存在") % {"code": code}, extra={"where": where, "certificate_type": code}
        )
    return found


def item_publish(*, actor: User | None, row: ItemIn) -> tuple[ServiceItem, bool]:
    """Create or update an item from an import row; a changed guide becomes a new published version."""
    where = row.implementation_code
    department = _department(row.department, where=where)
    form_schema_check(row.form_schema)
    joint = [_department(code, where=where) for code in row.joint_departments]
    if row.process == "joint_review" and len(joint) < 2:
        raise InvalidInput(_("并联审批事项至少需要两个审查部门"), extra={"where": where})
    process = process_definition_current(row.process)
    issued = _certificate_type(row.issues_certificate.type if row.issues_certificate else None, where=where)
    material_types = {m.code: _certificate_type(m.certificate_type, where=where) for m in row.materials}
    themes = list(Theme.objects.filter(code__in=row.themes))
    if len(themes) != len(set(row.themes)):
        missing = sorted(set(row.themes) - {t.code for t in themes})
        raise InvalidInput(_("主题不存在：%(codes)s") % {"codes": "、".join(missing)}, extra={"where": where})

    item, _created = ServiceItem.objects.get_or_create(
        implementation_code=row.implementation_code,
        defaults={"basic_code": row.basic_code, "department": department},
    )
    item.themes.set(themes)
    current = item.current
    if current is not None and current.process_id == process.pk and _same_guide(item, row):
        if item.department_id != department.pk or item.basic_code != row.basic_code:
            item.department, item.basic_code = department, row.basic_code
            item.save(update_fields=["department", "basic_code", "updated_at"])
        _index(item, current)
        return item, False

    number = (item.versions.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    version = ServiceItemVersion.objects.create(
        item=item,
        version=number,
        status=VersionStatus.DRAFT,
        name=row.name,
        item_kind=row.item_kind,
        legal_basis=row.legal_basis,
        acceptance_conditions=row.acceptance_conditions,
        process_description=row.process_description,
        statutory_limit_days=row.statutory_limit_days,
        promised_limit_days=row.promised_limit_days,
        limit_notes=row.limit_notes,
        handling_kind=row.handling_kind,
        service_objects=row.service_objects,
        onsite_visits=row.onsite_visits,
        fees=[fee.model_dump() for fee in row.fees],
        place=row.place,
        hours=row.hours,
        consult_phone=row.consult_phone,
        complaint_phone=row.complaint_phone,
        online_depth=row.online_depth,
        faq=[entry.model_dump() for entry in row.faq],
        keywords=row.keywords,
        form_schema=row.form_schema,
        process=process,
        issues_certificate=issued,
        certificate_validity_years=row.issues_certificate.validity_years if row.issues_certificate else None,
    )
    version.joint_departments.set(joint)
    MaterialSpec.objects.bulk_create(
        MaterialSpec(
            version=version,
            code=m.code,
            name=m.name,
            requirement=m.requirement,
            condition=m.condition,
            form=m.form,
            source=m.source,
            copies=m.copies,
            blank_form=m.blank_form,
            sample=m.sample,
            notes=m.notes,
            certificate_type=material_types[m.code],
            sort_order=index,
        )
        for index, m in enumerate(row.materials)
    )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    if current is not None:
        current.status = VersionStatus.RETIRED
        current.save(update_fields=["status"])
    item.current = version
    item.department = department
    item.basic_code = row.basic_code
    item.is_active = True
    item.save(update_fields=["current", "department", "basic_code", "is_active", "updated_at"])
    _index(item, version)
    audit_record(
        actor=actor,
        action="servicehall.item.publish",
        target=item,
        department_code=department.code,
        detail={"version": number},
    )
    return item, True


def _same_guide(item: ServiceItem, row: ItemIn) -> bool:
    """Whether an import row says exactly what the item's current version says (then no new version is made)."""
    identity = {"implementation_code", "basic_code", "department", "themes"}
    stored = {k: v for k, v in item_row(item).items() if k not in identity}
    wanted = {k: v for k, v in row.model_dump(mode="json").items() if k not in identity}
    stored["joint_departments"] = sorted(stored["joint_departments"])
    wanted["joint_departments"] = sorted(wanted["joint_departments"])
    return stored == wanted


def _chinese(label: Any) -> str:
    """A lazily translated label in Chinese, whatever the request's language (the search index is Chinese)."""
    with translation.override("zh-hans"):
        return str(label)


def _index(item: ServiceItem, version: ServiceItemVersion) -> None:
    other = [
        item.department.name,
        item.department.short_name,
        _chinese(ItemKind(version.item_kind).label),
        *item.themes.values_list("name", flat=True),
        *version.materials.values_list("name", flat=True),
        version.acceptance_conditions[:500],
    ]
    search_index_update(item=item, body=search_body(name=version.name, keywords=version.keywords, other=other))


@transaction.atomic
def catalogue_import(*, actor: User | None, document: CatalogueDocument) -> ImportReport:
    """Import certificate types, themes, items (new published versions where the guide changed) and bundles."""
    report = ImportReport()
    for ct in document.certificate_types:
        issuer = _department(ct.issuer_department, where=ct.code)
        CertificateType.objects.update_or_create(
            code=ct.code,
            defaults={
                "name": ct.name,
                "holder": ct.holder,
                "issuer": issuer,
                "validity_years": ct.validity_years,
                "fields": [f.model_dump() for f in ct.fields],
            },
        )
        report.certificate_types += 1
    for order, theme in enumerate(document.themes):
        Theme.objects.update_or_create(
            code=theme.code,
            defaults={"name": theme.name, "audience": theme.audience, "kind": theme.kind, "sort_order": order},
        )
        report.themes += 1
    for row in document.items:
        existed = ServiceItem.objects.filter(implementation_code=row.implementation_code).exists()
        _item, published = item_publish(actor=actor, row=row)
        report.codes.append(row.implementation_code)
        if not existed:
            report.items_created += 1
        if published:
            report.versions_published += 1
        else:
            report.items_unchanged += 1
    for b in document.bundles:
        items = []
        for code in b.items:
            item = ServiceItem.objects.filter(implementation_code=code).first()
            if item is None or item.current is None:
                raise InvalidInput(_("一件事“%(name)s”引用的事项 %(code)s 不存在") % {"name": b.name, "code": code})
            items.append(item)
        schemas = [i.current.form_schema for i in items if i.current is not None]
        form_schema_merge(schemas)  # identical keys must mean the same thing in every part
        life_event = Theme.objects.filter(code=b.theme).first() if b.theme else None
        bundle, _created = Bundle.objects.update_or_create(
            code=b.code,
            defaults={
                "name": b.name,
                "audience": b.audience,
                "theme": life_event,
                "description": b.description,
                "promised_limit_days": b.promised_limit_days,
                "is_active": True,
            },
        )
        BundleItem.objects.filter(bundle=bundle).delete()
        BundleItem.objects.bulk_create(
            BundleItem(bundle=bundle, item=item, sort_order=index) for index, item in enumerate(items)
        )
        report.bundles += 1
    audit_record(
        actor=actor,
        action="servicehall.catalogue.import",
        detail={
            "items": len(document.items),
            "published": report.versions_published,
            "bundles": report.bundles,
        },
    )
    return report


# -- applications ----------------------------------------------------------------------------------------------


def _applicant_person(user: User) -> Person | None:
    return Person.objects.filter(user=user).first()


def enterprises_of(user: User) -> list[Enterprise]:
    """Enterprises a citizen may act for: as legal representative or as an authorised agent."""
    person = _applicant_person(user)
    if person is None:
        return []
    return list(enterprises_acted_for(person).order_by("name"))


@dataclass(frozen=True)
class Applicant:
    """Who files: the account, the person behind it and, for enterprise items, the enterprise."""

    user: User
    person: Person | None
    enterprise: Enterprise | None

    @property
    def name(self) -> str:
        if self.enterprise is not None:
            return self.enterprise.name
        if self.person is not None:
            return self.person.name
        return self.user.name or self.user.username


def applicant_resolve(*, user: User, version: ServiceItemVersion, enterprise_id: int | None) -> Applicant:
    """Check that the user may file this item for themself or for the enterprise they name."""
    if _staff_of(user) is not None:
        raise Forbidden(_("工作人员账号不能以申请人身份提交办件，请使用个人账号"))
    person = _applicant_person(user)
    if person is None:
        raise Forbidden(_("请先完成实名认证（登记身份证号）后再申请"), extra={"reason": "identity_required"})
    enterprise = None
    if enterprise_id is not None:
        enterprise = next((e for e in enterprises_of(user) if e.pk == enterprise_id), None)
        if enterprise is None:
            raise Forbidden(_("您不是该企业的法定代表人或经办人"), extra={"enterprise_id": enterprise_id})
    objects = set(version.service_objects)
    if enterprise is None and "person" not in objects:
        raise InvalidInput(_("该事项仅面向法人办理，请选择您代办的企业"), extra={"field": "enterprise_id"})
    if enterprise is not None and "enterprise" not in objects:
        raise InvalidInput(_("该事项仅面向个人办理"), extra={"field": "enterprise_id"})
    return Applicant(user=user, person=person, enterprise=enterprise)


def _certificates_usable(applicant: Applicant) -> Any:
    holders = Certificate.objects.none()
    if applicant.person is not None:
        holders = Certificate.objects.filter(person=applicant.person)
    if applicant.enterprise is not None:
        holders = holders | Certificate.objects.filter(enterprise=applicant.enterprise)
    return holders.filter(status=Certificate.Status.VALID).select_related("type")


@dataclass(frozen=True)
class Supplied:
    """The materials of one submission: uploads by material code, and certificate ids reused with consent."""

    uploads: Mapping[str, UploadedFile[bytes] | StoredFile] = field(default_factory=dict)
    reuse: Mapping[str, int] = field(default_factory=dict)
    consent: bool = False


def _materials_check(
    *, version: ServiceItemVersion, applicant: Applicant, supplied: Supplied, partial: bool = False
) -> tuple[list[tuple[MaterialSpec, UploadedFile[bytes] | StoredFile | None, Certificate | None]], list[Certificate]]:
    specs = {spec.code: spec for spec in version.materials.select_related("certificate_type")}
    problems: dict[str, str] = {}
    unknown = (set(supplied.uploads) | set(supplied.reuse)) - set(specs)
    for code in sorted(unknown):
        problems[code] = _("没有编号为 %(code)s 的申请材料") % {"code": code}
    if supplied.reuse and not supplied.consent:
        problems["consent"] = _("调用已有证照需要您的授权同意")
    usable = {c.pk: c for c in _certificates_usable(applicant)} if supplied.reuse else {}
    too_large = False
    chosen: list[tuple[MaterialSpec, UploadedFile[bytes] | StoredFile | None, Certificate | None]] = []
    reused: list[Certificate] = []
    for code, spec in specs.items():
        upload = supplied.uploads.get(code)
        if isinstance(upload, StoredFile) and (
            upload.uploaded_by_id != applicant.user.pk or ApplicationMaterial.objects.filter(file=upload).exists()
        ):
            problems[code] = _("所选文件不存在或已被其他办件使用")
        elif upload is not None and not isinstance(upload, StoredFile):
            try:
                file_check(upload=upload)
            except (InvalidInput, PayloadTooLarge) as error:
                problems[code] = str(error.message)
                too_large = too_large or isinstance(error, PayloadTooLarge)
        if upload is not None and code in supplied.reuse:
            problems[code] = _("“%(name)s”请在上传文件和使用电子证照中选择一种") % {"name": spec.name}
        certificate = None
        if code in supplied.reuse:
            certificate = usable.get(supplied.reuse[code])
            if certificate is None or spec.certificate_type_id is None:
                problems[code] = _("“%(name)s”不能用所选证照替代") % {"name": spec.name}
            elif certificate.type_id != spec.certificate_type_id:
                problems[code] = _("“%(name)s”需要%(type)s") % {"name": spec.name, "type": spec.certificate_type}
            else:
                reused.append(certificate)
        if upload is None and certificate is None:
            if spec.requirement == "required" and spec.form != "paper" and not partial and code not in problems:
                problems[code] = _("请提供“%(name)s”") % {"name": spec.name}
            continue
        chosen.append((spec, upload, certificate))
    if problems:
        error_class = PayloadTooLarge if too_large else InvalidInput
        raise error_class(_("申请材料不齐全或不符合要求"), extra={"materials": problems})
    return chosen, reused


def _submission_check(
    *,
    version: ServiceItemVersion,
    applicant: Applicant,
    supplied: Supplied,
    form_data: Mapping[str, Any],
    partial: bool = False,
) -> tuple[list[tuple[MaterialSpec, UploadedFile[bytes] | StoredFile | None, Certificate | None]], Any]:
    """Check materials and form together, so the applicant hears of every problem at once."""
    problems: dict[str, Any] = {}
    chosen: list[tuple[MaterialSpec, UploadedFile[bytes] | StoredFile | None, Certificate | None]] = []
    reused: list[Certificate] = []
    too_large = False
    try:
        chosen, reused = _materials_check(version=version, applicant=applicant, supplied=supplied, partial=partial)
    except (InvalidInput, PayloadTooLarge) as error:
        problems["materials"] = error.extra["materials"]
        too_large = isinstance(error, PayloadTooLarge)
    try:
        cleaned = _form_with_certificates(version, form_data, reused)
    except InvalidInput as error:
        problems["fields"] = error.extra.get("fields", {})
        cleaned = None
    if problems:
        message = _("申请信息有误，请按提示修改") if "fields" in problems else _("申请材料不齐全或不符合要求")
        raise (PayloadTooLarge if too_large else InvalidInput)(message, extra=problems)
    return chosen, cleaned


def _materials_store(
    *,
    application: Application,
    chosen: Sequence[tuple[MaterialSpec, UploadedFile[bytes] | StoredFile | None, Certificate | None]],
    user: User,
    consent_at: datetime,
) -> None:
    materials = []
    for spec, upload, certificate in chosen:
        stored = (
            upload if isinstance(upload, StoredFile) or upload is None else file_store(upload=upload, uploaded_by=user)
        )
        materials.append(
            ApplicationMaterial(
                application=application,
                spec=spec,
                file=stored,
                certificate=certificate,
                consent_at=consent_at if certificate is not None else None,
            )
        )
    ApplicationMaterial.objects.bulk_create(materials)


def _form_with_certificates(version: ServiceItemVersion, data: Mapping[str, Any], reused: Sequence[Certificate]) -> Any:
    filled = form_prefill(schema=version.form_schema, certificates=[(c.type.code, c.data) for c in reused])
    merged = {**{k: v for k, v in data.items() if v not in ("", None)}, **filled}
    return form_data_clean(schema=version.form_schema, data=merged)


def _event(
    application: Application, *, kind: str, title: str, note: str = "", department: Department | None = None
) -> ApplicationEvent:
    """A timeline entry, not yet saved: a step's entries are written together."""
    return ApplicationEvent(
        application=application,
        kind=kind,
        title=title,
        note=note,
        department=department,
        created_at=timezone.now(),
    )


def _notify_applicant(application: Application, title: str, body: str = "", *, sms: bool = True) -> None:
    """Tell the applicant in the inbox, and by SMS for the steps that ask something of them or end the matter."""
    notification_send(
        recipient=application.applicant,
        title=title,
        body=body,
        link=f"/my/applications/{application.number}/",
        channels=("inbox", "sms") if sms else ("inbox",),
    )


def _number(prefix: str, pk: int, when: datetime) -> str:
    return f"{prefix}{timezone.localtime(when):%Y%m%d}{pk:08d}"


def _review_departments(version: ServiceItemVersion, department: Department) -> list[Department]:
    joint = list(version.joint_departments.order_by("code"))
    return joint or [department]


def _run_start(application: Application, version: ServiceItemVersion, reviewers: Sequence[Department]) -> None:
    run = engine.ProcessRun.start(
        bpmn_xml=application.process.bpmn_xml,
        data={"review_departments": [d.code for d in reviewers], "item": application.item.implementation_code},
    )
    application.process_state = run.dump()
    _tasks_sync(application, run, departments={d.code: d for d in reviewers}, open_tasks=[])


@transaction.atomic
def application_submit(
    *,
    user: User,
    version: ServiceItemVersion,
    form_data: Mapping[str, Any],
    supplied: Supplied | None = None,
    enterprise_id: int | None = None,
    bundle_application: BundleApplication | None = None,
    submitted_at: datetime | None = None,
) -> Application:
    """File an application under the item's current version: check form and materials, store files, start the
    process and its clock, and tell the applicant its number."""
    supplied = supplied or Supplied()
    if version.status != VersionStatus.PUBLISHED or not version.item.is_active:
        raise InvalidInput(_("该事项版本已停止受理，请按最新办事指南申请"), extra={"version": version.pk})
    if version.online_depth < OnlineDepth.ONLINE_FILING:
        message = _("该事项不支持在线申报，请按办事指南到窗口办理")
        raise InvalidInput(message, extra={"online_depth": version.online_depth})
    applicant = applicant_resolve(user=user, version=version, enterprise_id=enterprise_id)
    chosen, cleaned = _submission_check(version=version, applicant=applicant, supplied=supplied, form_data=form_data)
    reused = [c for _spec, _upload, c in chosen if c is not None]
    now = submitted_at or timezone.now()
    department = version.item.department
    reviewers = _review_departments(version, department)
    application = Application.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        version=version,
        item=version.item,
        department=department,
        applicant=user,
        person=applicant.person,
        enterprise=applicant.enterprise,
        applicant_name=applicant.name,
        bundle_application=bundle_application,
        form_data=cleaned,
        process=version.process,
        submitted_at=now,
        limit_days=version.promised_limit_days,
        clock_started_on=timezone.localtime(now).date(),
        due_on=working_days_add(timezone.localtime(now).date(), version.promised_limit_days),
    )
    application.number = _number("SB", application.pk, now)
    application.departments.add(*{department, *reviewers})
    _materials_store(application=application, chosen=chosen, user=user, consent_at=now)
    _run_start(application, version, reviewers)
    application.save(update_fields=["number", "process_state", "updated_at"])
    _event(application, kind="submitted", title=str(_("提交申请")), department=department).save()
    _notify_applicant(
        application,
        str(_("您的申请已提交：%(item)s") % {"item": version.name}),
        str(_("办件编号 %(number)s，可在“我的办件”查看进度。") % {"number": application.number}),
    )
    # Last, so the audit chain's lock is held for as short a time as possible before the commit.
    audit_record(
        actor=user,
        action="servicehall.application.submit",
        target=application,
        department_code=department.code,
        detail={
            "item": version.item.implementation_code,
            "version": version.version,
            "reused_certificates": [c.number for c in reused],  # 免提交: used with the applicant's consent
        },
    )
    return application


def _tasks_sync(
    application: Application,
    run: engine.ProcessRun,
    *,
    departments: Mapping[str, Department] | None = None,
    open_tasks: Sequence[Task] | None = None,
) -> list[Task]:
    """Mirror the engine's ready user tasks into the task table: new ones open, vanished ones cancelled.
    `open_tasks` are the application's open tasks when the caller has them (none for a new application)."""
    ready = {t.id: t for t in run.ready_tasks()}
    if open_tasks is None:
        open_tasks = list(application.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED]))
    existing = {t.engine_id: t for t in open_tasks}
    for engine_id, task in existing.items():
        if engine_id not in ready:
            task.status = TaskStatus.CANCELLED
            task.save(update_fields=["status"])
    lookup = dict(departments or {})
    created = []
    for engine_id, spec in ready.items():
        if engine_id in existing:
            continue
        department: Department | None = application.department
        if spec.role == APPLICANT_ROLE:
            department = None
        elif spec.department:
            department = lookup.get(spec.department) or Department.objects.filter(code=spec.department).first()
        created.append(
            Task(
                application=application,
                engine_id=engine_id,
                spec=spec.spec,
                label=spec.label,
                role=spec.role,
                department=department,
                outcomes=list(spec.outcomes),
            )
        )
    if created:
        Task.objects.bulk_create(created)
    return created


def _run_load(application: Application) -> engine.ProcessRun:
    return engine.ProcessRun.load(bpmn_xml=application.process.bpmn_xml, state=application.process_state)


def _staff_of(user: User) -> Staff | None:
    staff = getattr(user, "staff", None)
    return staff if isinstance(staff, Staff) else None


@transaction.atomic
def task_claim(*, actor: User, task: Task) -> Task:
    """Take an open task so colleagues see who is handling it."""
    staff = _staff_of(actor)
    if staff is None:
        raise Forbidden(_("仅限工作人员认领任务"))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.CLAIMED and task.claimed_by_id == staff.pk:
        return task
    if task.status != TaskStatus.OPEN:
        raise InvalidTransition(
            _("任务“%(label)s”当前为%(status)s，不能认领") % {"label": task.label, "status": task.get_status_display()}
        )
    task.status = TaskStatus.CLAIMED
    task.claimed_by = staff
    task.save(update_fields=["status", "claimed_by"])
    audit_record(
        actor=actor,
        action="servicehall.task.claim",
        target=task.application,
        department_code=task.department.code if task.department else "",
        detail={"task": task.spec},
    )
    return task


_OUTCOME_TITLES = {
    ("accept", "accept"): _("已受理"),
    ("accept", "correction"): _("需要补正材料"),
    ("accept", "refuse"): _("不予受理"),
    ("review", "pass"): _("审查通过"),
    ("review", "return"): _("退回受理环节"),
    ("joint_review", "agree"): _("联合审查同意"),
    ("joint_review", "object"): _("联合审查提出意见"),
    ("decide", "approve"): _("决定准予"),
    ("decide", "deny"): _("决定不予许可"),
    ("decide", "return"): _("退回审查环节"),
}


@transaction.atomic
def task_complete(*, actor: User, task: Task, outcome: str, opinion: str = "", when: datetime | None = None) -> Task:
    """Complete a staff task with an outcome and an opinion, move the process on and apply what it means:
    acceptance, a correction request (the clock pauses), refusal, a decision, the certificate."""
    # The application's open tasks, this one among them, locked together: the engine step may cancel the others.
    open_tasks = list(
        Task.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(application_id=task.application_id, status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED])
        .order_by("pk")
    )
    current = next((t for t in open_tasks if t.pk == task.pk), None)
    if current is None:
        raise InvalidTransition(_("任务“%(label)s”已办理，不能重复提交") % {"label": task.label})
    task = current
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "version__issues_certificate__issuer__division", "item", "process", "department", "applicant", "person"
        )
        .get(pk=task.application_id)
    )
    staff = _staff_of(actor)
    if task.role == APPLICANT_ROLE or staff is None:
        raise Forbidden(_("此环节只能由相应岗位的工作人员办理"))
    if task.status == TaskStatus.CLAIMED and task.claimed_by_id not in (None, staff.pk):
        raise Forbidden(_("该任务已由其他工作人员认领"), extra={"task_id": task.pk})
    if outcome not in task.outcomes:
        raise InvalidInput(
            _("办理结果“%(outcome)s”不适用于此环节") % {"outcome": outcome}, extra={"allowed": task.outcomes}
        )
    if outcome in ("correction", "refuse", "deny", "return", "object") and not opinion.strip():
        raise InvalidInput(_("请填写办理意见，说明理由"), extra={"field": "opinion"})
    if len(opinion) > 2000:
        raise InvalidInput(_("办理意见不能超过 2000 字"), extra={"field": "opinion"})
    now = when or timezone.now()
    run = _run_load(application)
    try:
        run.complete(task_id=task.engine_id, outcome=outcome, data={"opinion": opinion})
    except engine.ProcessError as error:
        raise InvalidTransition(error.message, extra={"code": error.code}) from error
    task.status = TaskStatus.DONE
    task.outcome = outcome
    task.opinion = opinion
    task.completed_by = actor
    task.completed_at = now
    if task.claimed_by_id is None:
        task.claimed_by = staff
    task.save(update_fields=["status", "outcome", "opinion", "completed_by", "completed_at", "claimed_by"])
    application.process_state = run.dump()
    title = str(_OUTCOME_TITLES.get((task.spec, outcome), f"{task.label}：{outcome}"))
    events = [_event(application, kind=f"{task.spec}.{outcome}", title=title, note=opinion, department=task.department)]
    fields = ["process_state", "status", "updated_at"]
    day = timezone.localtime(now).date()
    if task.spec == "accept" and outcome == "accept":
        application.status = ApplicationStatus.PROCESSING
        application.accepted_at = now
        fields.append("accepted_at")
    elif outcome == "correction":
        application.status = ApplicationStatus.CORRECTION
        application.paused_since = day
        fields.append("paused_since")
    _tasks_sync(application, run, open_tasks=[t for t in open_tasks if t.pk != task.pk])
    certificate = None
    if run.is_completed:
        certificate = _conclude(application, run.end_event, now=now, events=events)
        fields += ["concluded_at", "concluded_on_time"]
    ApplicationEvent.objects.bulk_create(events)
    application.save(update_fields=fields)
    if run.is_completed and application.bundle_application_id:
        bundle_conclude_check(bundle_application_id=application.bundle_application_id)
    if outcome == "correction":
        _notify_applicant(application, str(_("请补正申请材料：%(number)s") % {"number": application.number}), opinion)
    elif not run.is_completed:  # the conclusion sends its own message
        _notify_applicant(
            application,
            str(_("办件进展：%(number)s %(step)s") % {"number": application.number, "step": title}),
            sms=False,  # progress shows in the inbox and timeline; texts when the applicant must act or it ends
        )
    # Last, so the audit chain's lock is held for as short a time as possible before the commit.
    detail: dict[str, Any] = {"task": task.spec, "outcome": outcome}
    if certificate is not None:  # the certificate is issued by this step: one audit row records both
        detail["certificate"] = {"number": certificate.number, "digest": certificate.digest}
    audit_record(
        actor=actor,
        action="servicehall.task.complete",
        target=application,
        department_code=task.department.code if task.department else "",
        detail=detail,
    )
    return task


def _conclude(
    application: Application, end_event: str | None, *, now: datetime, events: list[ApplicationEvent]
) -> Certificate | None:
    """Conclude the application as its end event says; return the certificate it earned. Timeline entries go to
    `events`, which the caller writes."""
    status = END_EVENTS.get(end_event or "")
    if status is None:
        raise InvalidTransition(
            _("流程结束于未知的结束事件“%(event)s”，办件无法办结") % {"event": end_event},
            extra={"end_event": end_event},
        )
    application.status = status
    application.concluded_at = now
    application.paused_since = None
    day = timezone.localtime(now).date()
    application.concluded_on_time = application.due_on is None or day <= application.due_on
    titles = {
        ApplicationStatus.APPROVED: _("办结：准予"),
        ApplicationStatus.DENIED: _("办结：不予许可"),
        ApplicationStatus.REFUSED: _("办结：不予受理"),
    }
    events.append(_event(application, kind="concluded", title=str(titles[status]), department=application.department))
    certificate = None
    if status == ApplicationStatus.APPROVED and application.version.issues_certificate_id:
        certificate = certificate_issue(application=application, issued_on=day)
        events.append(
            _event(
                application,
                kind="certificate",
                title=str(_("已签发电子证照")),
                note=f"{certificate.type.name} {certificate.number}",
                department=application.department,
            )
        )
    body = str(_("证照编号 %(number)s 已存入“我的证照”。") % {"number": certificate.number}) if certificate else ""
    _notify_applicant(
        application,
        str(_("您的办件已办结：%(number)s（%(status)s）") % {"number": application.number, "status": status.label}),
        body,
    )
    return certificate


@transaction.atomic
def application_resubmit(
    *, user: User, application: Application, form_data: Mapping[str, Any], supplied: Supplied | None = None
) -> Application:
    """The applicant's 补正: corrected form data and materials; the clock runs again from today."""
    supplied = supplied or Supplied()
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("version", "process").get(pk=application.pk)
    )
    if application.applicant_id != user.pk:
        raise NotFound(_("办件不存在"), extra={"number": application.number})
    if application.status != ApplicationStatus.CORRECTION:
        raise InvalidTransition(_("办件 %(number)s 当前不需要补正") % {"number": application.number})
    task = application.tasks.filter(role=APPLICANT_ROLE, status=TaskStatus.OPEN).first()
    if task is None:
        raise InvalidTransition(_("办件 %(number)s 没有待补正的环节") % {"number": application.number})
    version = application.version
    applicant = Applicant(user=user, person=application.person, enterprise=application.enterprise)
    merged = {**application.form_data, **{k: v for k, v in form_data.items() if v not in ("", None)}}
    chosen, application.form_data = _submission_check(
        version=version, applicant=applicant, supplied=supplied, form_data=merged, partial=True
    )
    reused = [c for _spec, _upload, c in chosen if c is not None]
    now = timezone.now()
    replaced = [spec for spec, _u, _c in chosen]
    application.materials.filter(spec__in=replaced, superseded_at__isnull=True).update(superseded_at=now)
    _materials_store(application=application, chosen=chosen, user=user, consent_at=now)
    run = _run_load(application)
    run.complete(task_id=task.engine_id, outcome="done", data={})
    task.status = TaskStatus.DONE
    task.outcome = "done"
    task.completed_by = user
    task.completed_at = now
    task.save(update_fields=["status", "outcome", "completed_by", "completed_at"])
    application.process_state = run.dump()
    _clock_resume(application, day=timezone.localtime(now).date())
    application.status = ApplicationStatus.SUBMITTED
    _tasks_sync(application, run)
    application.save(
        update_fields=["form_data", "process_state", "status", "paused_since", "paused_days", "due_on", "updated_at"]
    )
    _event(application, kind="resubmitted", title=str(_("已提交补正材料"))).save()
    audit_record(
        actor=user,
        action="servicehall.application.resubmit",
        target=application,
        department_code=application.department.code,
        detail={"materials": [s.code for s in replaced], "reused_certificates": [c.number for c in reused]},
    )
    return application


def _clock_resume(application: Application, *, day: date) -> None:
    if application.paused_since is None or application.clock_started_on is None:
        return
    application.paused_days += working_days_between(application.paused_since, day)
    application.paused_since = None
    application.due_on = working_days_add(
        application.clock_started_on, application.limit_days + application.paused_days
    )


def clock_used_share(application: Application, *, day: date) -> float:
    """How much of the working-day limit is used (1.0 = due today, above 1 = overdue); pauses do not count."""
    if application.clock_started_on is None:
        return 0.0
    end = application.paused_since or day
    used = working_days_between(application.clock_started_on, end) - application.paused_days
    return used / max(application.limit_days, 1)


def _handlers_and_heads(application: Application) -> tuple[set[User], set[User]]:
    open_tasks = application.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED]).select_related(
        "claimed_by__user", "department"
    )
    handlers: set[User] = set()
    departments: set[int] = set()
    for task in open_tasks:
        if task.claimed_by is not None:
            handlers.add(task.claimed_by.user)
        elif task.department_id is not None:
            handlers.update(
                m.staff.user
                for m in Membership.objects.filter(department_id=task.department_id, role=task.role).select_related(
                    "staff__user"
                )
            )
        if task.department_id is not None:
            departments.add(task.department_id)
    heads = {
        m.staff.user
        for m in Membership.objects.filter(
            department_id__in=departments or {application.department_id}, role=Role.DEPARTMENT_HEAD
        ).select_related("staff__user")
    }
    return handlers, heads


def clocks_check(*, day: date | None = None) -> dict[str, int]:
    """Warn handlers when 80% of an application's time is used and alert handlers and heads once it is past its
    due date; each application is warned and alerted once, each in its own short transaction."""
    day = day or today()
    counts = {"warned": 0, "overdue": 0}
    running = Application.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING],
        overdue_notified_at__isnull=True,
        due_on__isnull=False,
    ).values_list("pk", flat=True)
    for pk in list(running):
        outcome = _clock_check(pk, day=day)
        if outcome:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _clock_check(pk: int, *, day: date) -> str | None:
    application = (
        Application.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("version")
        .filter(pk=pk, overdue_notified_at__isnull=True)
        .first()
    )
    if application is None or application.due_on is None or application.paused_since is not None:
        return None
    now = timezone.now()
    if day > application.due_on:
        handlers, heads = _handlers_and_heads(application)
        for user in handlers | heads:
            notification_send(
                recipient=user,
                title=str(_("办件已超期：%(number)s") % {"number": application.number}),
                body=str(
                    _("%(item)s 应于 %(due)s 办结。") % {"item": application.version.name, "due": application.due_on}
                ),
                link=f"/workbench/applications/{application.number}/",
            )
        application.overdue_notified_at = now
        application.warned_at = application.warned_at or now
        application.save(update_fields=["overdue_notified_at", "warned_at"])
        return "overdue"
    share = clock_used_share(application, day=day)
    if share >= WARNING_SHARE and application.warned_at is None:
        handlers, _heads = _handlers_and_heads(application)
        for user in handlers:
            notification_send(
                recipient=user,
                title=str(_("办件即将超期：%(number)s") % {"number": application.number}),
                body=str(
                    _("已用时限 %(share)d%%，应于 %(due)s 办结。")
                    % {"share": min(share, 1) * 100, "due": application.due_on}
                ),
                link=f"/workbench/applications/{application.number}/",
            )
        application.warned_at = now
        application.save(update_fields=["warned_at"])
        return "warned"
    return None


# -- e-certificates --------------------------------------------------------------------------------------------


def certificate_digest(
    *, number: str, type_code: str, holder_identifier: str, issued_on: date, valid_until: date | None, data: Any
) -> str:
    """SM3 over the certificate's canonical content: what the public verification recomputes."""
    content = {
        "number": number,
        "type": type_code,
        "holder": holder_identifier,
        "issued_on": issued_on.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "data": data,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return digest(canonical.encode(), algorithm="sm3")


def add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def certificate_create(
    *,
    type: CertificateType,
    person: Person | None,
    enterprise: Enterprise | None,
    data: Mapping[str, Any],
    issued_on: date,
    validity_years: int | None = None,
    application: Application | None = None,
    number: str = "",
) -> Certificate:
    """Record an e-certificate with its digest (demo registers and approvals both come here)."""
    if (person is None) == (enterprise is None):
        raise ValueError("a certificate has exactly one holder")
    if (type.holder == "enterprise") != (enterprise is not None):
        raise ValueError(f"a {type.code} certificate is held by a {type.holder}")
    holder_name = enterprise.name if enterprise else person.name  # type: ignore[union-attr]
    holder_identifier = enterprise.uscc if enterprise else person.id_number  # type: ignore[union-attr]
    years = validity_years or type.validity_years
    valid_until = add_years(issued_on, years) - timedelta(days=1) if years else None
    clean = {k: v for k, v in data.items() if k in type.field_labels}
    certificate = Certificate.objects.create(
        number=number or f"tmp-{uuid.uuid4().hex[:24]}",
        type=type,
        person=person,
        enterprise=enterprise,
        holder_name=holder_name,
        holder_identifier=holder_identifier,
        issuer=type.issuer if application is None else application.department,
        issued_on=issued_on,
        valid_until=valid_until,
        data=clean,
        digest="",
        application=application,
    )
    if not number:
        certificate.number = f"{type.issuer.division.code}{issued_on:%Y}{type.pk:03d}{certificate.pk:09d}"
    certificate.digest = certificate_digest(
        number=certificate.number,
        type_code=type.code,
        holder_identifier=holder_identifier,
        issued_on=issued_on,
        valid_until=valid_until,
        data=clean,
    )
    certificate.save(update_fields=["number", "digest"])
    return certificate


def _enterprise_register(application: Application, *, registered_on: date) -> Enterprise:
    """Put the enterprise that an approved establishment registration creates into the enterprise register, with a
    new credit code, the applicant as legal representative and agent (个体工商户 for person-only items)."""
    data = application.form_data
    person = application.person
    if person is None:
        raise Conflict(_("申请人没有实名信息，无法登记市场主体"), extra={"number": application.number})
    individual = "enterprise" not in application.version.service_objects
    name = str(data.get("enterprise_name") or data.get("name") or person.name)
    division = application.department.division.code[:6]
    for attempt in range(1000):
        body = f"MA{(application.pk * 7919 + attempt) % 10**6:06d}"
        uscc = uscc_make(
            registration_authority="9",
            organisation_kind="2" if individual else "1",
            division_code=division,
            organisation_body8=body,
        )
        if not Enterprise.objects.filter(uscc=uscc).exists():
            break
    capital = data.get("registered_capital")
    enterprise = Enterprise.objects.create(
        name=name,
        uscc=uscc,
        kind=str(data.get("kind") or ("个体工商户" if individual else "")),
        legal_representative=person,
        division=application.department.division if len(application.department.division.code) == 6 else None,
        address=str(data.get("address") or ""),
        registered_on=registered_on,
        registered_capital=capital if isinstance(capital, int | float) else None,
    )
    EnterpriseAgent.objects.create(enterprise=enterprise, person=person)
    application.enterprise = enterprise
    application.save(update_fields=["enterprise"])
    audit_record(
        actor=None,
        action="servicehall.enterprise.register",
        target=enterprise,
        department_code=application.department.code,
        detail={"application": application.number},
    )
    return enterprise


def certificate_issue(*, application: Application, issued_on: date) -> Certificate:
    """Issue the certificate an approved application earns, from its form data and the holder's register data;
    an establishment registration first registers the new enterprise."""
    version = application.version
    certificate_type = version.issues_certificate
    assert certificate_type is not None
    if certificate_type.holder == "enterprise" and application.enterprise is None:
        _enterprise_register(application, registered_on=issued_on)
    holder: dict[str, Any] = {}
    if application.enterprise is not None:
        holder = {"name": application.enterprise.name, "uscc": application.enterprise.uscc}
    elif application.person is not None:
        holder = {"name": application.person.name, "id_number": application.person.id_number}
    data = {**application.form_data, **holder, "registered_on": issued_on.isoformat()}
    if application.enterprise is not None and application.enterprise.legal_representative is not None:
        data.setdefault("legal_representative", application.enterprise.legal_representative.name)
    person = application.person if application.enterprise is None else None
    if person is None and application.enterprise is None:
        raise Conflict(_("申请人没有实名信息，无法发证"), extra={"number": application.number})
    certificate = certificate_create(
        type=certificate_type,
        person=person,
        enterprise=application.enterprise,
        data=data,
        issued_on=issued_on,
        validity_years=version.certificate_validity_years,
        application=application,
    )
    return certificate


# -- bundles (一件事) ---------------------------------------------------------------------------------------------


@transaction.atomic
def bundle_submit(
    *,
    user: User,
    bundle: Bundle,
    form_data: Mapping[str, Any],
    supplied: Supplied | None = None,
    enterprise_id: int | None = None,
) -> BundleApplication:
    """File every item of a bundle with one form: each part gets the fields its own form declares; materials are
    keyed "<implementation code>/<material code>"."""
    supplied = supplied or Supplied()
    parts = [p.item for p in bundle.parts.select_related("item__current")]
    versions = [item.current for item in parts if item.current is not None]
    if not bundle.is_active or len(versions) != len(parts):
        raise InvalidInput(_("该一件事暂停办理"), extra={"bundle": bundle.code})
    merged_schema = form_schema_merge([v.form_schema for v in versions])
    cleaned = form_data_clean(schema=merged_schema, data=form_data)
    now = timezone.now()
    filing = BundleApplication.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:24]}", bundle=bundle, applicant=user, form_data=cleaned, submitted_at=now
    )
    filing.number = _number("YJS", filing.pk, now)
    filing.save(update_fields=["number"])
    problems: dict[str, Any] = {}
    for version in versions:
        code = version.item.implementation_code
        prefix = f"{code}/"
        part_supplied = Supplied(
            uploads={k[len(prefix) :]: v for k, v in supplied.uploads.items() if k.startswith(prefix)},
            reuse={k[len(prefix) :]: v for k, v in supplied.reuse.items() if k.startswith(prefix)},
            consent=supplied.consent,
        )
        try:
            with transaction.atomic():
                application_submit(
                    user=user,
                    version=version,
                    form_data=form_data_for(schema=version.form_schema, data=cleaned),
                    supplied=part_supplied,
                    enterprise_id=enterprise_id,
                    bundle_application=filing,
                    submitted_at=now,
                )
        except InvalidInput as error:
            problems[code] = {"item": version.name, "message": str(error.message), **error.extra}
    if problems:
        raise InvalidInput(_("一件事中有事项的申请信息不完整"), extra={"parts": problems})
    audit_record(actor=user, action="servicehall.bundle.submit", target=filing, detail={"bundle": bundle.code})
    return filing


@transaction.atomic
def bundle_conclude_check(*, bundle_application_id: int) -> bool:
    """Conclude a bundle filing when every part has concluded."""
    filing = BundleApplication.objects.select_for_update().filter(pk=bundle_application_id).first()
    if filing is None or filing.status == BundleApplication.Status.CONCLUDED:
        return False
    if filing.parts.exclude(status__in=list(CONCLUDED_STATUSES)).exists():
        return False
    filing.status = BundleApplication.Status.CONCLUDED
    filing.concluded_at = timezone.now()
    filing.save(update_fields=["status", "concluded_at"])
    audit_record(actor=None, action="servicehall.bundle.conclude", target=filing, detail={})
    notification_send(
        recipient=filing.applicant,
        title=str(_("“%(name)s”已全部办结") % {"name": filing.bundle.name}),
        link=f"/my/bundles/{filing.number}/",
        channels=("inbox", "sms"),
    )
    return True


# -- ratings (好差评) ----------------------------------------------------------------------------------------------


@transaction.atomic
def rating_submit(*, user: User, application: Application, level: int, comment: str = "") -> Rating:
    """The applicant rates a concluded application once; a bad rating opens a rectification for the department."""
    if application.applicant_id != user.pk:
        raise NotFound(_("办件不存在"), extra={"number": application.number})
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("department").get(pk=application.pk)
    )
    if not application.is_concluded:
        raise InvalidTransition(_("办件办结后才能评价"), extra={"number": application.number})
    if Rating.objects.filter(application=application).exists():
        raise Conflict(_("该办件已评价过"), extra={"number": application.number})
    if level not in (1, 2, 3, 4, 5):
        raise InvalidInput(_("评价等级应为 1 到 5"), extra={"field": "level"})
    if len(comment) > 500:
        raise InvalidInput(_("评价内容不能超过 500 字"), extra={"field": "comment"})
    rating = Rating.objects.create(
        application=application, level=level, comment=comment, rated_by=user, department=application.department
    )
    audit_record(
        actor=user,
        action="servicehall.rating.submit",
        target=application,
        department_code=application.department.code,
        detail={"level": level},
    )
    if rating.is_bad:
        rectification = Rectification.objects.create(
            rating=rating,
            department=application.department,
            due_on=working_days_add(today(), RECTIFICATION_DAYS),
        )
        heads = Membership.objects.filter(department=application.department, role=Role.DEPARTMENT_HEAD).select_related(
            "staff__user"
        )
        for membership in heads:
            notification_send(
                recipient=membership.staff.user,
                title=str(_("差评待整改：%(number)s") % {"number": application.number}),
                body=str(_("请于 %(due)s 前完成整改并回访。") % {"due": rectification.due_on}),
                link="/workbench/rectifications/",
            )
    return rating


def _require_role_over(actor: User, department: Department, *, roles: Sequence[str]) -> None:
    """The actor must hold one of `roles` in the department or above it (global roles anywhere)."""
    staff = _staff_of(actor)
    held = list(Membership.objects.filter(staff=staff, role__in=roles).values_list("role", "department_id"))
    if any(role in (Role.SUPERVISOR, Role.SYSADMIN) for role, _dept in held):
        return
    if department.pk not in department_descendants(dept for _role, dept in held):
        names = "、".join(str(Role(r).label) for r in roles)
        raise Forbidden(_("此操作需要%(roles)s岗位") % {"roles": names})


@transaction.atomic
def rectification_report(*, actor: User, rectification: Rectification, action: str) -> Rectification:
    """The department's head records what it changed after a bad rating."""
    _require_role_over(actor, rectification.department, roles=(Role.DEPARTMENT_HEAD,))
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.status != Rectification.Status.OPEN:
        raise InvalidTransition(_("该整改已提交"))
    if not action.strip() or len(action) > 2000:
        raise InvalidInput(_("请填写整改措施（不超过 2000 字）"), extra={"field": "action"})
    rectification.action = action.strip()
    rectification.status = Rectification.Status.RECTIFIED
    rectification.rectified_at = timezone.now()
    rectification.save(update_fields=["action", "status", "rectified_at"])
    audit_record(
        actor=actor,
        action="servicehall.rectification.report",
        target=rectification.rating.application,
        department_code=rectification.department.code,
    )
    return rectification


@transaction.atomic
def rectification_visit(*, actor: User, rectification: Rectification, note: str, satisfied: bool) -> Rectification:
    """The return visit (回访) to the applicant, by the supervision office, closes the rectification."""
    _require_role_over(actor, rectification.department, roles=(Role.SUPERVISOR, Role.SYSADMIN))
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.status != Rectification.Status.RECTIFIED:
        raise InvalidTransition(_("整改措施提交后才能回访"))
    if not note.strip() or len(note) > 2000:
        raise InvalidInput(_("请填写回访情况（不超过 2000 字）"), extra={"field": "note"})
    rectification.visit_note = note.strip()
    rectification.visit_satisfied = satisfied
    rectification.visited_at = timezone.now()
    rectification.status = Rectification.Status.CLOSED
    rectification.save(update_fields=["visit_note", "visit_satisfied", "visited_at", "status"])
    audit_record(
        actor=actor,
        action="servicehall.rectification.visit",
        target=rectification.rating.application,
        department_code=rectification.department.code,
        detail={"satisfied": satisfied},
    )
    return rectification
