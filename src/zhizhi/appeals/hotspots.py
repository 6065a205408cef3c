"""Hotspot discovery over the city's recent appeals: the last week clustered by topic and place, compared with the
eight weeks before; the current list replaces the previous one, and a new surge warns the city's leaders."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhizhi.accounts.models import Membership, Role
from zhizhi.appeals.models import Appeal, Hotspot
from zhizhi.core.audit import audit_record
from zhizhi.notify.services import notification_send
from zhizhi.textmining.hotspots import HotspotInput, hotspots_detect

WINDOW = timedelta(days=7)
BASELINE_WINDOWS = 8
MAX_APPEALS = 50_000
# Leaders who hear of surges: heads of the 12345 centre's parent bureau and the supervision office.
SURGE_ROLES = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD)


def _inputs(now: datetime) -> list[HotspotInput]:
    since = now - WINDOW * (BASELINE_WINDOWS + 1)
    rows = (
        Appeal.objects.filter(received_at__gt=since, received_at__lte=now)
        .select_related("division")
        .order_by("-received_at")
        .values_list("pk", "subject", "detail", "division__code", "received_at", "likes", "contact_phone")[:MAX_APPEALS]
    )
    return [
        HotspotInput(
            key=pk,
            subject=subject,
            detail=detail,
            place=code or "",
            at=at,
            likes=likes,
            caller=phone[-8:] if phone else "",
        )
        for pk, subject, detail, code, at, likes, phone in rows
    ]


def _leaders() -> list[object]:
    members = Membership.objects.filter(role=Role.SUPERVISOR).select_related("staff__user")
    heads = Membership.objects.filter(
        role=Role.DEPARTMENT_HEAD, department__memberships__role=Role.DISPATCHER
    ).select_related("staff__user")
    return list({m.staff.user_id: m.staff.user for m in [*members, *heads]}.values())


def hotspots_refresh(*, now: datetime | None = None) -> list[Hotspot]:
    """Detect the current hotspots, store them as the current list and notify leaders of new surges."""
    now = now or timezone.now()
    found = hotspots_detect(_inputs(now), now=now, window=WINDOW, baseline_windows=BASELINE_WINDOWS)
    previous_surges = set(
        Hotspot.objects.filter(is_current=True, surge=True).values_list("representative_id", flat=True)
    )
    with transaction.atomic():
        Hotspot.objects.filter(is_current=True).update(is_current=False)
        stored = []
        for rank, spot in enumerate(found, start=1):
            hotspot = Hotspot.objects.create(
                detected_at=now,
                window_start=now - WINDOW,
                window_end=now,
                rank=rank,
                subject=spot.subject[:200],
                keywords=spot.keywords,
                place=spot.place[:200],
                size=spot.size,
                growth=spot.growth,
                support=spot.support,
                score=spot.score,
                baseline=spot.baseline,
                surge=spot.surge,
                representative_id=spot.representative,
            )
            hotspot.members.set(spot.members)
            stored.append(hotspot)
        surges = [h for h in stored if h.surge and h.representative_id not in previous_surges]
        for hotspot in surges:
            for leader in _leaders():
                notification_send(
                    recipient=leader,  # type: ignore[arg-type]
                    title=_("热点激增预警：%(subject)s") % {"subject": hotspot.subject[:40]},
                    body=_("近7天 %(size)d 件，基线每周 %(baseline).1f 件。关键词：%(keywords)s")
                    % {"size": hotspot.size, "baseline": hotspot.baseline, "keywords": "、".join(hotspot.keywords)},
                    link=f"/workbench/hotspots/{hotspot.pk}/",
                )
        audit_record(
            actor=None,
            action="appeals.hotspots.detect",
            detail={"hotspots": len(stored), "new_surges": [h.pk for h in surges]},
        )
    return stored
