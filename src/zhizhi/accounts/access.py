"""Who may see and do what: role × department scope. Views and the API get protected objects only here."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhizhi.accounts.models import (
    ApiClient,
    ApiScope,
    Department,
    Enterprise,
    Membership,
    Person,
    Role,
    Staff,
    User,
)
from zhizhi.core.errors import Forbidden, NotFound

# Roles whose holders see every department (the supervision office and system administrators).
GLOBAL_ROLES = frozenset({Role.SUPERVISOR, Role.SYSADMIN})
# Roles that may see personal data unmasked, for a stated purpose, and are audited when they do.
UNMASK_ROLES = frozenset({Role.WINDOW_CLERK, Role.REVIEWER, Role.DISPATCHER, Role.DATA_OFFICER})

Actor = User | ApiClient


def staff_of(actor: Any) -> Staff | None:
    """The active Staff record behind a user, or None."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return None
    staff = getattr(actor, "staff", None)
    return staff if staff is not None and staff.is_active else None


def roles_of(actor: Any) -> set[str]:
    """Every role the actor holds in any department."""
    staff = staff_of(actor)
    if staff is None:
        return set()
    return set(Membership.objects.filter(staff=staff).values_list("role", flat=True))


def is_sysadmin(actor: Any) -> bool:
    """A system administrator (or Django superuser)."""
    if isinstance(actor, User) and actor.is_authenticated and actor.is_superuser:
        return True
    return Role.SYSADMIN in roles_of(actor)


def department_descendants(root_ids: Iterable[int]) -> set[int]:
    """The given departments and every unit under them."""
    children: dict[int | None, list[int]] = {}
    for dept_id, parent_id in Department.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(dept_id)
    seen: set[int] = set()
    stack = list(root_ids)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(children.get(current, []))
    return seen


def department_scope(actor: Any, *, roles: Iterable[str] | None = None) -> set[int] | None:
    """Ids of the departments the actor's roles reach (sub-units included); None means every department."""
    if isinstance(actor, ApiClient):
        return department_descendants([actor.department_id])
    if is_sysadmin(actor):
        return None
    staff = staff_of(actor)
    if staff is None:
        return set()
    memberships = Membership.objects.filter(staff=staff)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    pairs = list(memberships.values_list("department_id", "role"))
    if any(role in GLOBAL_ROLES for _dept, role in pairs):
        return None
    return department_descendants(dept for dept, _role in pairs)


def access_department_internal(actor: Any, department_id: int) -> Department:
    """A department whose internal records (staff, work) the actor may read; 404 for any other."""
    scope = department_scope(actor)
    if scope is not None and department_id not in scope:
        raise NotFound(_("部门不存在或无权查看"), extra={"department_id": department_id})
    department = Department.objects.filter(pk=department_id).select_related("division", "parent").first()
    if department is None:
        raise NotFound(_("部门不存在或无权查看"), extra={"department_id": department_id})
    return department


def require_staff(actor: Any) -> Staff | None:
    """Let staff and API clients through; citizens and strangers get 403."""
    if isinstance(actor, ApiClient):
        return None
    staff = staff_of(actor)
    if staff is None and not is_sysadmin(actor):
        raise Forbidden(_("仅限工作人员访问"))
    return staff


def require_sysadmin(actor: Any) -> None:
    """Let only system administrators through, and only after two-factor verification in this session."""
    if not is_sysadmin(actor):
        raise Forbidden(_("仅限系统管理员操作"))
    is_verified = getattr(actor, "is_verified", None)
    if is_verified is None or not is_verified():
        raise Forbidden(_("系统管理操作需要先完成动态口令验证"), extra={"reason": "two_factor_required"})


def require_scope(actor: Any, scope: ApiScope) -> None:
    """An API client must hold `scope`; people are judged by their roles elsewhere."""
    if isinstance(actor, ApiClient) and scope.value not in actor.scopes:
        raise Forbidden(_("访问令牌没有此权限：%(scope)s") % {"scope": scope.value}, extra={"scope": scope.value})


def may_unmask(actor: Any, *, purpose: str) -> bool:
    """Whether the actor's role and stated purpose allow unmasked personal data."""
    if not purpose.strip():
        return False
    return is_sysadmin(actor) or bool(roles_of(actor) & UNMASK_ROLES)


def access_person(actor: Any, person_id: int) -> Person:
    """A person's register entry, for staff, API clients with the scope, or the person themself."""
    person = Person.objects.select_related("division").filter(pk=person_id).first()
    own = person is not None and isinstance(actor, User) and person.user_id == actor.pk
    if not own:
        require_scope(actor, ApiScope.PERSONS_READ)
        require_staff(actor)  # before saying whether the person exists
    if person is None:
        raise NotFound(_("未找到该自然人"), extra={"person_id": person_id})
    return person


def person_queryset_for(actor: Any) -> QuerySet[Person]:
    """Persons the actor may look up: everyone for staff and scoped clients."""
    require_scope(actor, ApiScope.PERSONS_READ)
    require_staff(actor)
    return Person.objects.select_related("division")


def enterprise_queryset_for(actor: Any) -> QuerySet[Enterprise]:
    """Enterprises the actor may look up."""
    require_scope(actor, ApiScope.ENTERPRISES_READ)
    require_staff(actor)
    return Enterprise.objects.select_related("division", "legal_representative")
