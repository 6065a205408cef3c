"""Who may see what in the appeals hub. The dispatch centre, supervisors and administrators see every appeal;
department staff see the appeals their departments lead or co-handle; citizens see their own. The appellant's
contact is masked for everyone but the centre and the lead department's staff, who unmask it for a stated purpose
(audited); public pages never carry it."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zhizhi.accounts.access import department_scope, require_scope, staff_of
from zhizhi.accounts.models import ApiClient, ApiScope, User
from zhizhi.appeals.models import Appeal
from zhizhi.appeals.services import handling_departments, is_dispatcher
from zhizhi.core.errors import Forbidden, NotFound


def is_staff_actor(actor: Any) -> bool:
    """Staff members and department API clients (as opposed to citizens)."""
    return isinstance(actor, ApiClient) or staff_of(actor) is not None or getattr(actor, "is_superuser", False)


def appeal_queryset_for(actor: Any) -> QuerySet[Appeal]:
    """Appeals the actor may read."""
    base = Appeal.objects.select_related("category", "department", "division")
    require_scope(actor, ApiScope.APPEALS_READ)
    if not is_staff_actor(actor):
        if not isinstance(actor, User) or not actor.is_authenticated:
            raise Forbidden(_("请先登录"))
        return base.filter(appellant=actor)
    if isinstance(actor, User) and is_dispatcher(actor):
        return base
    scope = department_scope(actor)
    if scope is None:  # supervisors and administrators
        return base
    reach = scope if isinstance(actor, ApiClient) else handling_departments(actor)
    return base.filter(Q(department_id__in=reach) | Q(co_departments__in=reach)).distinct()


def access_appeal(actor: Any, number: str) -> Appeal:
    """An appeal by number, or 404 for anyone who may not see it (existence is not revealed)."""
    appeal = appeal_queryset_for(actor).filter(number=number).first()
    if appeal is None:
        raise NotFound(_("诉求不存在或无权查看"), extra={"number": number})
    return appeal


def may_unmask_contact(actor: Any, appeal: Appeal, *, purpose: str) -> bool:
    """Whether the actor may read the appellant's name and phone unmasked for `purpose`."""
    if not purpose.strip() or appeal.anonymous or not isinstance(actor, User):
        return False
    if is_dispatcher(actor):
        return True
    return appeal.department_id is not None and appeal.department_id in handling_departments(actor)
