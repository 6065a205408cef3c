"""Every read of the appeals hub: work queues, search, likely duplicates, hotspots, department performance and the
public statistics (which carry no personal data and do not hide "closed, not resolved")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from zhizhi.accounts.models import Department, Division
from zhizhi.appeals.models import (
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    Category,
    Hotspot,
    Reply,
    RoutingModel,
    Satisfaction,
)
from zhizhi.appeals.routing import ROUTING_LEVEL
from zhizhi.core.errors import InvalidInput
from zhizhi.core.process_cache import ProcessCache
from zhizhi.textmining.duplicates import AppealText, duplicates_find

DUPLICATE_WINDOW = timedelta(days=14)
DUPLICATE_CANDIDATES = 500
# Open311 services by code, for the POST of every request; `categories_import` clears it (categories are never
# deactivated by the product, and registration keeps an appeal's category only while it is active).
SERVICES: ProcessCache[str, Category] = ProcessCache(seconds=60)
MAX_SEARCH = 50


def appeal_filter(
    appeals: QuerySet[Appeal],
    *,
    status: str = "",
    q: str = "",
    category: str = "",
    channel: str = "",
    department: str = "",
) -> QuerySet[Appeal]:
    """Narrow a list by status (or "open"), words in the number, subject or detail, category, channel, department."""
    if status == "open":
        appeals = appeals.filter(status__in=OPEN_STATUSES)
    elif status:
        appeals = appeals.filter(status=status)
    q = q.strip()[:MAX_SEARCH]
    if q:
        appeals = appeals.filter(Q(number=q) | Q(subject__icontains=q) | Q(detail__icontains=q))
    if category:
        appeals = appeals.filter(category__code__startswith=category)
    if channel:
        appeals = appeals.filter(channel=channel)
    if department:
        appeals = appeals.filter(department__code=department)
    return appeals


def dispatch_queue() -> QuerySet[Appeal]:
    """What waits for a dispatcher: new appeals the router did not dispatch, and returned ones."""
    return (
        Appeal.objects.filter(status__in=[AppealStatus.RECEIVED, AppealStatus.RETURNED])
        .select_related("division", "category")
        .order_by("received_at", "id")
    )


def department_queue(department_ids: set[int]) -> QuerySet[Appeal]:
    """A department's open work: to sign for, and in hand (reopened ones included)."""
    return (
        Appeal.objects.filter(
            status__in=[AppealStatus.DISPATCHED, AppealStatus.HANDLING], department_id__in=department_ids
        )
        .select_related("division", "category", "department")
        .order_by("reply_due_at", "id")
    )


def appeal_duplicates(appeal: Appeal, *, limit: int = 5) -> list[tuple[Appeal, float]]:
    """Open appeals received within two weeks that are likely the same problem, best first with their score."""
    return open_duplicates(
        text=f"{appeal.subject} {appeal.detail}",
        place=_place(appeal),
        at=appeal.received_at,
        exclude=appeal.pk,
        limit=limit,
    )


def open_duplicates(
    *, text: str, place: str, at: datetime, exclude: int | None = None, limit: int = 5
) -> list[tuple[Appeal, float]]:
    """Open appeals received in the two weeks before `at` that likely describe the problem in `text` at `place`
    (a division code or an address), best first with their score: for an appeal, or for a call still being typed."""
    recent = Appeal.objects.filter(
        status__in=OPEN_STATUSES, received_at__gte=at - DUPLICATE_WINDOW, master__isnull=True
    )
    if exclude is not None:
        recent = recent.exclude(pk=exclude)
    candidates = list(recent.select_related("division").order_by("-received_at")[:DUPLICATE_CANDIDATES])
    if not candidates:
        return []
    new = AppealText(key=0, text=text, place=place, at=at)
    others = [
        AppealText(key=c.pk, text=f"{c.subject} {c.detail}", place=_place(c), at=c.received_at) for c in candidates
    ]
    found = duplicates_find(new, others, window=DUPLICATE_WINDOW, limit=limit)
    by_id = {c.pk: c for c in candidates}
    return [(by_id[key], score) for key, score in found]


def _place(appeal: Appeal) -> str:
    return appeal.division.code if appeal.division else appeal.address


def service_by_code(code: str) -> Category | None:
    """An Open311 service: an active category of the routing level, remembered by this process for a minute."""
    return SERVICES.get(code, _service_load)


def _service_load(code: str) -> Category | None:
    return Category.objects.filter(code=code, level=ROUTING_LEVEL, is_active=True).first()


def category_by_code(code: str) -> Category:
    """An active category by its code; InvalidInput naming it when there is none."""
    category = Category.objects.filter(code=code, is_active=True).select_related("department", "parent").first()
    if category is None:
        raise InvalidInput(_("未知的诉求分类：%(code)s") % {"code": code[:20]}, extra={"field": "category"})
    return category


def departments_by_code(codes: Sequence[str], *, field_name: str = "department") -> list[Department]:
    """Active departments by their codes, in the order given; InvalidInput naming the unknown ones."""
    found = {d.code: d for d in Department.objects.filter(code__in=codes, is_active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInput(
            _("未知的部门：%(code)s") % {"code": "、".join(c[:40] for c in missing)}, extra={"field": field_name}
        )
    return [found[c] for c in codes]


def hotspot_members(hotspot: Hotspot, appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """A hotspot's appeals among those given (the viewer's), newest first."""
    return appeals.filter(hotspots=hotspot).order_by("-received_at", "-id")


def hotspot_list(*, current: bool = True) -> QuerySet[Hotspot]:
    """The latest detection's hotspots, surges first within their rank order."""
    return Hotspot.objects.filter(is_current=current).select_related("representative").order_by("rank")


def routing_models() -> QuerySet[RoutingModel]:
    """Model versions, newest first, without their stored bytes."""
    return RoutingModel.objects.defer("blob").select_related("trained_by").order_by("-version")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def department_performance(*, since: datetime | None = None) -> list[dict[str, Any]]:
    """Per lead department: appeals, replied, on time, satisfied, closed not resolved, returned."""
    appeals = Appeal.objects.exclude(department=None).exclude(status=AppealStatus.MERGED)
    if since is not None:
        appeals = appeals.filter(received_at__gte=since)
    rows = (
        appeals.values("department__code", "department__name")
        .annotate(
            total=Count("id"),
            replied=Count("id", filter=Q(replied_at__isnull=False)),
            on_time=Count("id", filter=Q(replied_on_time=True)),
            rated=Count("id", filter=~Q(satisfaction="")),
            satisfied=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
            unresolved=Count("id", filter=Q(status=AppealStatus.CLOSED, resolved=False)),
            escalated=Count("id", filter=Q(escalation_level__gt=0)),
        )
        .order_by("-total")
    )
    return [
        {
            "code": row["department__code"],
            "name": row["department__name"],
            "total": row["total"],
            "replied": row["replied"],
            "on_time_rate": _rate(row["on_time"], row["replied"]),
            "satisfaction_rate": _rate(row["satisfied"], row["rated"]),
            "unresolved": row["unresolved"],
            "escalated": row["escalated"],
        }
        for row in rows
    ]


_PERSONAL = re.compile(r"\d{7,}|\d{3,4}-\d{7,8}|[\w.]+@[\w.]+")


def redact(text: str) -> str:
    """Text for public pages: phone, ID and account numbers and e-mail addresses blanked out."""
    return _PERSONAL.sub("***", text)


def public_statistics(*, months: int = 12, now: datetime | None = None) -> dict[str, Any]:
    """The public page's numbers: volumes by category, district and month; response, on-time and satisfaction
    rates; closed-not-resolved counted in the open; typical cases without personal data."""
    now = now or timezone.now()
    since = now - timedelta(days=31 * months)
    appeals = Appeal.objects.filter(received_at__gte=since).exclude(status=AppealStatus.MERGED)
    total = appeals.count()
    counted = appeals.aggregate(
        n_dispatched=Count("id", filter=Q(dispatched_at__isnull=False)),
        n_replied=Count("id", filter=Q(replied_at__isnull=False)),
        n_on_time=Count("id", filter=Q(replied_on_time=True)),
        n_closed=Count("id", filter=Q(status=AppealStatus.CLOSED)),
        n_resolved=Count("id", filter=Q(status=AppealStatus.CLOSED, resolved=True)),
        n_unresolved=Count("id", filter=Q(status=AppealStatus.CLOSED, resolved=False)),
        n_rated=Count("id", filter=~Q(satisfaction="")),
        n_satisfied=Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        n_basic=Count("id", filter=Q(satisfaction=Satisfaction.BASIC)),
        n_unsatisfied=Count("id", filter=Q(satisfaction=Satisfaction.UNSATISFIED)),
    )
    totals = {key.removeprefix("n_"): value for key, value in counted.items()}
    # categories at the first level: count through the tree by code prefix
    level1 = {c.code: c.name for c in Category.objects.filter(level=1)}
    by_category: dict[str, int] = {}
    for code, count in appeals.exclude(category=None).values_list("category__code").annotate(n=Count("id")):
        name = level1.get(code[:2], code[:2])
        by_category[name] = by_category.get(name, 0) + count
    counties = {d.code[:6]: d.name for d in Division.objects.filter(level="county")}
    by_district: dict[str, int] = {}
    for code, count in appeals.exclude(division=None).values_list("division__code").annotate(n=Count("id")):
        name = counties.get(code[:6], "")
        if name:
            by_district[name] = by_district.get(name, 0) + count
    by_month = [
        {"month": row["month"].strftime("%Y-%m"), "count": row["n"]}
        for row in appeals.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("id"))
        if row["month"] is not None
    ]
    by_month.sort(key=lambda row: row["month"])
    typical = [
        {
            "category": reply.appeal.category.path if reply.appeal.category else "",
            "subject": redact(reply.appeal.subject),
            "reply": redact(reply.text[:300]),
            "department": reply.department.name,
            "replied_on": timezone.localtime(reply.created_at).date().isoformat(),
        }
        for reply in Reply.objects.filter(
            appeal__received_at__gte=since, appeal__status=AppealStatus.CLOSED, appeal__resolved=True, score__gte=80
        )
        .select_related("appeal__category", "department")
        .order_by("-score", "-created_at")[:6]
    ]
    return {
        "since": since.date().isoformat(),
        "total": total,
        **totals,
        "response_rate": _rate(totals["replied"], totals["dispatched"]),
        "on_time_rate": _rate(totals["on_time"], totals["replied"]),
        "satisfaction_rate": _rate(totals["satisfied"] + totals["basic"], totals["rated"]),
        "resolved_rate": _rate(totals["resolved"], totals["closed"]),
        "by_category": sorted(({"name": k, "count": v} for k, v in by_category.items()), key=lambda r: -r["count"]),
        "by_district": sorted(({"name": k, "count": v} for k, v in by_district.items()), key=lambda r: -r["count"]),
        "by_month": by_month,
        "typical": typical,
    }
