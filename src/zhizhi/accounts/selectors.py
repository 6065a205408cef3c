"""Every read of the organisation that a page, the API or a task needs."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhizhi.accounts.models import ApiClient, Department, Division, Enterprise, Membership, Person, Staff, User
from zhizhi.core.errors import NotFound


def division_list(*, parent_code: str | None = None, level: str | None = None, q: str = "") -> QuerySet[Division]:
    """Divisions, optionally the children of one, of one level, or matching a name or code."""
    divisions = Division.objects.select_related("parent").filter(is_active=True)
    if parent_code:
        divisions = divisions.filter(parent__code=parent_code)
    if level:
        divisions = divisions.filter(level=level)
    if q:
        divisions = divisions.filter(Q(name__contains=q) | Q(code__startswith=q))
    return divisions.order_by("code")


def division_by_code(code: str) -> Division:
    """One division by its code, or 404."""
    division = Division.objects.select_related("parent").filter(code=code).first()
    if division is None:
        raise NotFound(_("区划代码 %(code)s 不存在") % {"code": code}, extra={"code": code})
    return division


def department_list(*, q: str = "", division_code: str | None = None, active_only: bool = True) -> QuerySet[Department]:
    """Departments in display order, with their division and parent, searchable by name or code."""
    departments = Department.objects.select_related("division", "parent")
    if active_only:
        departments = departments.filter(is_active=True)
    if q:
        departments = departments.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(code__icontains=q))
    if division_code:
        departments = departments.filter(division__code=division_code)
    return departments.annotate(staff_count=Count("memberships__staff", distinct=True)).order_by("sort_order", "code")


def department_by_id(department_id: int) -> Department:
    """A department by id, or 404."""
    department = Department.objects.select_related("division", "parent").filter(pk=department_id).first()
    if department is None:
        raise NotFound(_("部门不存在"), extra={"department_id": department_id})
    return department


def department_staff(*, department: Department) -> QuerySet[Membership]:
    """The roles held in a department, with who holds them."""
    return (
        Membership.objects.filter(department=department, staff__is_active=True)
        .select_related("staff", "staff__user")
        .order_by("staff__employee_no", "role")
    )


def staff_list(*, q: str = "", department_id: int | None = None, role: str = "") -> QuerySet[Staff]:
    """Staff with their memberships, searchable by name, user name or employee number."""
    staff = Staff.objects.select_related("user").prefetch_related("memberships__department")
    if q:
        staff = staff.filter(Q(name__contains=q) | Q(user__username__icontains=q) | Q(employee_no__icontains=q))
    if department_id:
        staff = staff.filter(memberships__department_id=department_id)
    if role:
        staff = staff.filter(memberships__role=role)
    return staff.distinct().order_by("employee_no")


def staff_by_id(staff_id: int) -> Staff:
    """A staff member by id, or 404."""
    staff = Staff.objects.select_related("user").prefetch_related("memberships__department").filter(pk=staff_id).first()
    if staff is None:
        raise NotFound(_("工作人员不存在"), extra={"staff_id": staff_id})
    return staff


def person_search(
    *, persons: QuerySet[Person], id_number: str = "", name: str = "", phone: str = ""
) -> QuerySet[Person]:
    """Exact look-up by ID number or phone, or by full name; never a partial match on personal data."""
    if not (id_number or name or phone):
        return persons.none()
    if id_number:
        persons = persons.filter(id_number=id_number.strip().upper())
    if name:
        persons = persons.filter(name=name.strip())
    if phone:
        persons = persons.filter(phone=phone.strip())
    return persons.order_by("id")


def enterprise_search(*, enterprises: QuerySet[Enterprise], uscc: str = "", q: str = "") -> QuerySet[Enterprise]:
    """Enterprises by exact USCC or by name fragment."""
    if uscc:
        enterprises = enterprises.filter(uscc=uscc.strip().upper())
    if q:
        enterprises = enterprises.filter(name__contains=q.strip())
    return enterprises.order_by("id")


def api_client_list() -> QuerySet[ApiClient]:
    """Every API client, newest first."""
    return ApiClient.objects.select_related("department", "created_by").order_by("-created_at")


def api_client_by_id(client_id: int) -> ApiClient:
    """An API client by id, or 404."""
    client = ApiClient.objects.select_related("department").filter(pk=client_id).first()
    if client is None:
        raise NotFound(_("接口调用方不存在"), extra={"api_client_id": client_id})
    return client


def memberships_of(*, staff: Staff) -> QuerySet[Membership]:
    """A staff member's roles, with their departments, in display order."""
    return staff.memberships.select_related("department").order_by("department__sort_order", "department__code")


def membership_of(*, staff: Staff, membership_id: int) -> Membership:
    """One of a staff member's roles, or 404."""
    membership = Membership.objects.select_related("department", "staff").filter(pk=membership_id, staff=staff).first()
    if membership is None:
        raise NotFound(_("该岗位不存在"), extra={"membership_id": membership_id})
    return membership


def two_factor_enabled(*, user: User) -> bool:
    """Whether the user has a confirmed authenticator (TOTP) device."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
