"""Who may see and do what in the service hall. Applicants see their own applications; staff see applications
that have a task in a department their roles reach; a task is done by the role it waits for, in its department."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zhizhi.accounts.access import department_descendants, department_scope, require_scope, require_staff, staff_of
from zhizhi.accounts.models import ApiClient, ApiScope, Enterprise, Membership, Person, Role, User
from zhizhi.core.errors import Forbidden, NotFound
from zhizhi.servicehall.models import Application, ApplicationMaterial, Certificate, Rectification, Task, TaskStatus


def is_staff_actor(actor: Any) -> bool:
    """Staff members and department API clients (as opposed to citizens)."""
    return isinstance(actor, ApiClient) or staff_of(actor) is not None or getattr(actor, "is_superuser", False)


def application_queryset_for(actor: Any) -> QuerySet[Application]:
    """Applications the actor may read: their own as applicant, or those their departments work on as staff."""
    base = Application.objects.select_related("item", "version", "department", "bundle_application")
    require_scope(actor, ApiScope.SERVICEHALL_READ)
    if not is_staff_actor(actor):
        if not isinstance(actor, User) or not actor.is_authenticated:
            raise Forbidden(_("请先登录"))
        return base.filter(applicant=actor)
    scope = department_scope(actor)
    if scope is None:
        return base
    return base.filter(departments__in=scope).distinct()


def access_application(actor: Any, number: str) -> Application:
    """An application by number, or 404 for anyone who may not see it (not 403: existence is not revealed)."""
    application = application_queryset_for(actor).filter(number=number).first()
    if application is None:
        raise NotFound(_("办件不存在或无权查看"), extra={"number": number})
    return application


def access_material_file(actor: Any, number: str, material_id: int) -> ApplicationMaterial:
    """An uploaded material of an application the actor may read."""
    application = access_application(actor, number)
    material = (
        ApplicationMaterial.objects.select_related("file", "spec")
        .filter(pk=material_id, application=application, file__isnull=False)
        .first()
    )
    if material is None:
        raise NotFound(_("材料不存在"), extra={"material_id": material_id})
    return material


# The roles that handle tasks; supervisors and administrators read applications but do not decide them.
TASK_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPARTMENT_HEAD)


def task_queryset_for(actor: Any) -> QuerySet[Task]:
    """Tasks waiting for a role the actor holds (as a membership) in a department that membership reaches."""
    require_staff(actor)
    tasks = Task.objects.select_related("application__item", "application__version", "department", "claimed_by")
    staff = staff_of(actor)
    if staff is None:
        return tasks.none()
    memberships = list(Membership.objects.filter(staff=staff, role__in=TASK_ROLES).values_list("role", "department_id"))
    allowed = Q(pk__in=[])
    for role in TASK_ROLES:
        reach = department_descendants(dept for held, dept in memberships if held == role)
        if reach:
            allowed |= Q(role=role, department_id__in=reach)
    return tasks.filter(allowed)


def access_task(actor: Any, task_id: int) -> Task:
    """A task the actor may claim and complete; 404 for any other."""
    task = task_queryset_for(actor).filter(pk=task_id).first()
    if task is None:
        raise NotFound(_("任务不存在或无权办理"), extra={"task_id": task_id})
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        return task
    staff = staff_of(actor)
    if task.status == TaskStatus.CLAIMED and staff is not None and task.claimed_by_id not in (None, staff.pk):
        raise Forbidden(
            _("该任务已由%(name)s认领") % {"name": task.claimed_by.name if task.claimed_by else ""},
            extra={"task_id": task_id},
        )
    return task


def enterprises_acted_for(person: Person) -> QuerySet[Enterprise]:
    """Enterprises a person may act for: as legal representative or as an authorised agent."""
    acting = Q(legal_representative=person) | Q(agent_links__person=person, agent_links__is_active=True)
    return Enterprise.objects.filter(acting).distinct()


def holder_filter(user: User) -> Q:
    """Certificates held by the user as a person or by an enterprise they represent or act for."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return Q(pk__in=[])
    return Q(person=person) | Q(enterprise__in=enterprises_acted_for(person).values("pk"))


def access_certificate(actor: Any, certificate_id: int) -> Certificate:
    """A certificate its holder may see in full; staff of the issuing department too."""
    certificate = Certificate.objects.select_related("type", "issuer").filter(pk=certificate_id).first()
    if certificate is not None and isinstance(actor, User) and actor.is_authenticated:
        if Certificate.objects.filter(holder_filter(actor), pk=certificate_id).exists():
            return certificate
        scope = department_scope(actor) if is_staff_actor(actor) else set()
        if scope is None or (scope and certificate.issuer_id in scope):
            return certificate
    raise NotFound(_("证照不存在或无权查看"), extra={"certificate_id": certificate_id})


def rectification_queryset_for(actor: Any) -> QuerySet[Rectification]:
    """Rectifications of the departments the actor's roles reach."""
    require_staff(actor)
    rectifications = Rectification.objects.select_related("rating__application__item", "department")
    scope = department_scope(actor)
    return rectifications if scope is None else rectifications.filter(department_id__in=scope)


def access_rectification(actor: Any, rectification_id: int) -> Rectification:
    """A rectification the actor may report on or close; 404 otherwise."""
    found = rectification_queryset_for(actor).filter(pk=rectification_id).first()
    if found is None:
        raise NotFound(_("整改任务不存在或无权查看"), extra={"rectification_id": rectification_id})
    return found
