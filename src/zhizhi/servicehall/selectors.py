"""Every read the service hall's pages, API and tasks need: catalogue browsing and search, inboxes, an applicant's
applications and certificates, certificate verification and statistics."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from zhizhi.accounts.models import Department, Enterprise, User
from zhizhi.core.errors import NotFound
from zhizhi.servicehall.access import holder_filter
from zhizhi.servicehall.models import (
    CONCLUDED_STATUSES,
    Application,
    ApplicationMaterial,
    ApplicationStatus,
    Bundle,
    BundleApplication,
    Certificate,
    CertificateType,
    MaterialSpec,
    ProcessDefinition,
    Rating,
    ServiceItem,
    ServiceItemVersion,
    Task,
    TaskStatus,
    Theme,
)
from zhizhi.servicehall.search import item_search
from zhizhi.servicehall.services import certificate_digest, clock_used_share, enterprises_of, today


def theme_list(*, audience: str = "") -> QuerySet[Theme]:
    """Themes and life events with how many items each holds."""
    themes = Theme.objects.annotate(item_count=Count("items", filter=Q(items__is_active=True)))
    return themes.filter(audience=audience) if audience else themes


def item_list(
    *, q: str = "", theme: str = "", department_id: int | None = None, audience: str = "", kind: str = ""
) -> list[ServiceItem]:
    """Published, active items, filtered; a Chinese query ranks by relevance, otherwise by department and name."""
    items = ServiceItem.objects.filter(is_active=True, current__isnull=False).select_related("current", "department")
    if theme:
        items = items.filter(themes__code=theme)
    if department_id is not None:
        items = items.filter(department_id=department_id)
    if kind:
        items = items.filter(current__item_kind=kind)
    if q.strip():
        ranked = item_search(q)
        found = {item.pk: item for item in items.filter(pk__in=ranked)}
        result = [found[pk] for pk in ranked if pk in found]
    else:
        result = list(items.order_by("department__sort_order", "current__name"))
    if audience:
        result = [item for item in result if item.current and audience in item.current.service_objects]
    return result


def item_by_code(code: str) -> ServiceItem:
    """An active item with its current version, materials, FAQ and themes; 404 if unknown or withdrawn."""
    item = (
        ServiceItem.objects.select_related("current__process", "current__issues_certificate", "department")
        .prefetch_related(
            "themes",
            Prefetch("current__materials", queryset=MaterialSpec.objects.select_related("certificate_type")),
            "current__joint_departments",
        )
        .filter(implementation_code=code, is_active=True, current__isnull=False)
        .first()
    )
    if item is None:
        raise NotFound(_("事项不存在或已停止办理"), extra={"code": code})
    return item


def version_by_id(version_id: int) -> ServiceItemVersion:
    """An item version (any status), for applications that keep the version they were filed under."""
    version = ServiceItemVersion.objects.select_related("item", "process").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("事项版本不存在"), extra={"version_id": version_id})
    return version


def bundle_list() -> QuerySet[Bundle]:
    """Active bundles with their items."""
    return Bundle.objects.filter(is_active=True).prefetch_related("parts__item__current", "parts__item__department")


def bundle_by_code(code: str) -> Bundle:
    """One active bundle; 404 otherwise."""
    bundle = bundle_list().filter(code=code).first()
    if bundle is None:
        raise NotFound(_("一件事不存在或已暂停办理"), extra={"code": code})
    return bundle


def bundle_application_for(*, user: User, number: str) -> BundleApplication:
    """The user's own bundle filing with its parts."""
    filing = (
        BundleApplication.objects.select_related("bundle")
        .prefetch_related(Prefetch("parts", queryset=Application.objects.select_related("version", "department")))
        .filter(number=number, applicant=user)
        .first()
    )
    if filing is None:
        raise NotFound(_("一件事办件不存在"), extra={"number": number})
    return filing


def applications_filtered(
    applications: QuerySet[Application], *, status: str = "", q: str = "", department_id: int | None = None
) -> QuerySet[Application]:
    """Narrow an access-checked application list by status, number or item name, and department."""
    if status:
        applications = applications.filter(status=status)
    if department_id is not None:
        applications = applications.filter(department_id=department_id)
    q = q.strip()[:100]
    if q:
        applications = applications.filter(Q(number__icontains=q) | Q(version__name__icontains=q))
    return applications.order_by("-submitted_at", "-id")


def application_detail(application: Application) -> Application:
    """An application with what its page shows: materials, tasks, events, rating, certificate."""
    return (
        Application.objects.select_related("version__process", "item", "department", "person", "enterprise")
        .prefetch_related(
            Prefetch(
                "materials",
                queryset=ApplicationMaterial.objects.filter(superseded_at__isnull=True).select_related(
                    "spec", "file", "certificate__type"
                ),
            ),
            Prefetch("tasks", queryset=Task.objects.select_related("department", "claimed_by")),
            "events__department",
        )
        .get(pk=application.pk)
    )


def application_rating(application: Application) -> Rating | None:
    """The rating of an application, if given."""
    return Rating.objects.filter(application=application).select_related("rectification").first()


def application_certificate(application: Application) -> Certificate | None:
    """The certificate an application produced, if any."""
    return Certificate.objects.filter(application=application).select_related("type").first()


def inbox(tasks: QuerySet[Task], *, status: str = "active", q: str = "") -> QuerySet[Task]:
    """A staff inbox: open and claimed tasks (or done ones), most urgent first."""
    if status == "done":
        tasks = tasks.filter(status=TaskStatus.DONE).order_by("-completed_at", "-id")
    else:
        tasks = tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED]).order_by(
            "application__due_on", "created_at", "id"
        )
    q = q.strip()[:100]
    if q:
        tasks = tasks.filter(Q(application__number__icontains=q) | Q(application__version__name__icontains=q))
    return tasks


def certificates_of(user: User) -> QuerySet[Certificate]:
    """Certificates the user holds, personally or through enterprises they act for."""
    return Certificate.objects.filter(holder_filter(user)).select_related("type", "issuer").order_by("-issued_on")


def certificate_verify(*, number: str, digest: str) -> Certificate | None:
    """The certificate whose number and SM3 digest both match, or None."""
    if not number or not digest or len(number) > 60 or len(digest) > 64:
        return None
    found = (
        Certificate.objects.select_related("type", "issuer")
        .filter(number=number.strip(), digest=digest.strip().lower())
        .first()
    )
    if found is None:
        return None
    recomputed = certificate_digest(
        number=found.number,
        type_code=found.type.code,
        holder_identifier=found.holder_identifier,
        issued_on=found.issued_on,
        valid_until=found.valid_until,
        data=found.data,
    )
    return found if recomputed == found.digest else None


def reusable_certificates(*, user: User, version: ServiceItemVersion, enterprise_id: int | None) -> dict[str, Any]:
    """For each material a certificate can replace, the applicant's valid certificates of that type."""
    wanted = {m.code: m.certificate_type_id for m in version.materials.all() if m.certificate_type_id}
    if not wanted:
        return {}
    certificates = certificates_of(user).filter(status=Certificate.Status.VALID, type_id__in=set(wanted.values()))
    if enterprise_id is None:
        certificates = certificates.filter(enterprise__isnull=True)
    else:
        certificates = certificates.filter(Q(enterprise_id=enterprise_id) | Q(enterprise__isnull=True))
    by_type: dict[int, list[Certificate]] = {}
    for certificate in certificates:
        by_type.setdefault(certificate.type_id, []).append(certificate)
    return {code: by_type.get(type_id, []) for code, type_id in wanted.items()}


def enterprises_for(user: User) -> list[Enterprise]:
    """Enterprises the citizen may file for."""
    return enterprises_of(user)


def process_definition_list() -> QuerySet[ProcessDefinition]:
    """Every stored process version, newest first within a key."""
    return ProcessDefinition.objects.select_related("uploaded_by").order_by("key", "-version")


@dataclass(frozen=True)
class Rate:
    """A row of statistics: concluded applications, how many on time, ratings and their average."""

    key: str
    label: str
    concluded: int
    on_time: int
    running: int
    overdue: int
    ratings: int
    bad_ratings: int
    average_rating: float | None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.concluded if self.concluded else None


def statistics(*, by: str, departments: set[int] | None = None, day: date | None = None) -> list[Rate]:
    """On-time rates and ratings per item or per department, for the departments given (None = all)."""
    day = day or today()
    group = "item__implementation_code" if by == "item" else "department__code"
    label = "item__current__name" if by == "item" else "department__name"
    applications = Application.objects.all()
    if departments is not None:
        applications = applications.filter(department_id__in=departments)
    concluded = list(CONCLUDED_STATUSES - {ApplicationStatus.WITHDRAWN})
    running = [ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING, ApplicationStatus.CORRECTION]
    rows = applications.values(group).annotate(
        concluded=Count("id", filter=Q(status__in=concluded)),
        on_time=Count("id", filter=Q(status__in=concluded, concluded_on_time=True)),
        running=Count("id", filter=Q(status__in=running)),
        overdue=Count("id", filter=Q(status__in=running, due_on__lt=day, paused_since__isnull=True)),
        ratings=Count("rating"),
        bad_ratings=Count("rating", filter=Q(rating__level__lte=2)),
        average_rating=Avg("rating__level"),
    )
    labels = dict(applications.order_by().values_list(group, label).distinct())
    result = [
        Rate(
            key=row[group],
            label=labels.get(row[group], row[group]),
            concluded=row["concluded"],
            on_time=row["on_time"],
            running=row["running"],
            overdue=row["overdue"],
            ratings=row["ratings"],
            bad_ratings=row["bad_ratings"],
            average_rating=float(row["average_rating"]) if row["average_rating"] is not None else None,
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-(r.concluded + r.running), r.key))


def department_choices() -> QuerySet[Department]:
    """Departments that implement at least one active item, for catalogue browsing."""
    return (
        Department.objects.filter(service_items__is_active=True)
        .annotate(item_count=Count("service_items", filter=Q(service_items__is_active=True)))
        .order_by("sort_order", "code")
    )


def clock_share(application: Application) -> float:
    """How much of an application's working-day limit is used today."""
    return clock_used_share(application, day=today())


def catalogue_export() -> dict[str, Any]:
    """The whole catalogue (current versions) in the interchange format, for export and re-import."""
    from zhizhi.servicehall.interchange import FORMAT, item_row

    items = (
        ServiceItem.objects.filter(current__isnull=False)
        .select_related("department", "current__process", "current__issues_certificate")
        .prefetch_related("themes", "current__joint_departments", "current__materials__certificate_type")
        .order_by("implementation_code")
    )
    document: dict[str, Any] = {
        "format": FORMAT,
        "certificate_types": [
            {
                "code": t.code,
                "name": t.name,
                "holder": t.holder,
                "issuer_department": t.issuer.code,
                "validity_years": t.validity_years,
                "fields": t.fields,
            }
            for t in CertificateType.objects.select_related("issuer").order_by("code")
        ],
        "themes": [
            {"code": t.code, "name": t.name, "audience": t.audience, "kind": t.kind} for t in Theme.objects.all()
        ],
        "items": [],
        "bundles": [
            {
                "code": b.code,
                "name": b.name,
                "audience": b.audience,
                "theme": b.theme.code if b.theme else None,
                "description": b.description,
                "items": [p.item.implementation_code for p in b.parts.all()],
                "promised_limit_days": b.promised_limit_days,
            }
            for b in Bundle.objects.select_related("theme").prefetch_related("parts__item")
        ],
    }
    for item in items:
        document["items"].append(item_row(item))
    return document
