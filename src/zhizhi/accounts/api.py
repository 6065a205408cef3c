"""Organisation API: current user, divisions, departments, staff, person and enterprise look-up, API clients."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from zhizhi.accounts import access, selectors, services
from zhizhi.accounts.auth import api_auth
from zhizhi.accounts.models import (
    ApiClient,
    ApiScope,
    Department,
    Division,
    Enterprise,
    Membership,
    Person,
    Role,
    Staff,
    User,
)
from zhizhi.core.api import PageNumberPagination
from zhizhi.core.errors import InvalidInput
from zhizhi.core.masking import mask

router = Router(tags=["organisation"], auth=api_auth)
public_router = Router(tags=["registration"])


# -- schemas ---------------------------------------------------------------------------------------------------


class MembershipOut(Schema):
    department_id: int
    department_name: str
    role: str
    role_label: str


class MeOut(Schema):
    kind: str = Field(description="staff, citizen or api_client")
    id: int
    name: str
    username: str = ""
    phone: str = ""
    roles: list[MembershipOut] = []
    two_factor: bool = False


class DivisionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Division) -> str | None:
        return obj.parent.code if obj.parent else None


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    division_code: str
    division_name: str
    parent_id: int | None
    phone: str
    address: str
    is_active: bool

    @staticmethod
    def resolve_division_code(obj: Department) -> str:
        return obj.division.code

    @staticmethod
    def resolve_division_name(obj: Department) -> str:
        return obj.division.name


class DepartmentIn(Schema):
    code: str = Field(min_length=2, max_length=40, pattern=r"^[0-9A-Za-z-]+$")
    name: str = Field(min_length=2, max_length=100)
    division_code: str = Field(max_length=12)
    parent_id: int | None = None
    short_name: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=200)
    sort_order: int = Field(100, ge=0, le=100_000)


class StaffMemberOut(Schema):
    staff_id: int
    name: str
    employee_no: str
    title: str
    role: str
    role_label: str

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.staff.name

    @staticmethod
    def resolve_employee_no(obj: Membership) -> str:
        return obj.staff.employee_no

    @staticmethod
    def resolve_title(obj: Membership) -> str:
        return obj.staff.title

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


class StaffOut(Schema):
    id: int
    username: str
    name: str
    employee_no: str
    title: str
    phone: str
    is_active: bool
    roles: list[MembershipOut]

    @staticmethod
    def resolve_username(obj: Staff) -> str:
        return obj.user.username

    @staticmethod
    def resolve_phone(obj: Staff) -> str:
        return mask("phone", obj.phone)

    @staticmethod
    def resolve_roles(obj: Staff) -> list[MembershipOut]:
        return _memberships(obj)


class MembershipIn(Schema):
    department_id: int
    role: Role


class StaffIn(Schema):
    username: str = Field(min_length=3, max_length=150, pattern=r"^[A-Za-z0-9_.@+-]+$")
    name: str = Field(min_length=1, max_length=100)
    employee_no: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=8, max_length=128)
    phone: str = Field("", max_length=20)
    title: str = Field("", max_length=60)
    email: str = Field("", max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    memberships: list[MembershipIn] = Field(min_length=1, max_length=20)


class PersonOut(Schema):
    id: int
    name: str
    id_number: str
    sex: str | None
    birth_date: date | None
    phone: str
    address: str
    division_code: str | None
    masked: bool


class EnterpriseOut(Schema):
    id: int
    name: str
    uscc: str
    kind: str
    legal_representative: str
    division_code: str | None
    address: str
    registered_on: date | None

    @staticmethod
    def resolve_legal_representative(obj: Enterprise) -> str:
        return mask("name", obj.legal_representative.name)

    @staticmethod
    def resolve_division_code(obj: Enterprise) -> str | None:
        return obj.division.code if obj.division else None


class ApiClientOut(Schema):
    id: int
    name: str
    department_id: int
    prefix: str
    scopes: list[str]
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiClientIn(Schema):
    name: str = Field(min_length=2, max_length=100)
    department_id: int
    scopes: list[str] = Field(min_length=1, max_length=20)
    valid_days: int = Field(365, ge=1, le=3 * 365)


class ApiClientCreated(ApiClientOut):
    token: str = Field(description="shown only once; store it in the calling system")


class SmsCodeIn(Schema):
    phone: str = Field(max_length=20)
    purpose: Literal["register"] = "register"


class RegisterIn(Schema):
    phone: str = Field(max_length=20)
    code: str = Field(min_length=4, max_length=8)
    password: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=40)


class Accepted(Schema):
    message: str


# -- conversions -----------------------------------------------------------------------------------------------


def _memberships(staff: Staff) -> list[MembershipOut]:
    return [
        MembershipOut(
            department_id=m.department_id,
            department_name=m.department.name,
            role=m.role,
            role_label=str(m.get_role_display()),
        )
        for m in staff.memberships.all()
    ]


def person_out(person: Person, *, unmasked: bool) -> PersonOut:
    """A person as the API shows them: masked unless the viewer was allowed, and audited, to see more."""
    if unmasked:
        return PersonOut(
            id=person.pk,
            name=person.name,
            id_number=person.id_number,
            sex=person.sex,
            birth_date=person.birth_date,
            phone=person.phone,
            address=person.address,
            division_code=person.division.code if person.division else None,
            masked=False,
        )
    return PersonOut(
        id=person.pk,
        name=mask("name", person.name),
        id_number=mask("id_number", person.id_number),
        sex=None,
        birth_date=None,
        phone=mask("phone", person.phone),
        address=mask("address", person.address),
        division_code=person.division.code if person.division else None,
        masked=True,
    )


def _client_out(client: ApiClient) -> dict[str, Any]:
    return {
        "id": client.pk,
        "name": client.name,
        "department_id": client.department_id,
        "prefix": client.prefix,
        "scopes": client.scopes,
        "expires_at": client.expires_at,
        "revoked_at": client.revoked_at,
        "last_used_at": client.last_used_at,
    }


def _unmask_allowed(actor: Any, unmask: bool, purpose: str) -> bool:
    if not unmask:
        return False
    if not access.may_unmask(actor, purpose=purpose):
        raise InvalidInput(_("查看未脱敏信息需要相应岗位，并填写查询事由（purpose）"), extra={"field": "purpose"})
    return True


# -- endpoints -------------------------------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="The caller: a staff member, a citizen or an API client")
def me(request: HttpRequest) -> MeOut:
    actor = request.auth  # type: ignore[attr-defined]
    if isinstance(actor, ApiClient):
        return MeOut(kind="api_client", id=actor.pk, name=actor.name)
    user: User = actor
    staff = access.staff_of(user)
    if staff is not None:
        staff = selectors.staff_by_id(staff.pk)
        return MeOut(
            kind="staff",
            id=user.pk,
            name=staff.name,
            username=user.username,
            phone=mask("phone", staff.phone),
            roles=_memberships(staff),
            two_factor=selectors.two_factor_enabled(user=user),
        )
    return MeOut(kind="citizen", id=user.pk, name=user.name, username=user.username, phone=mask("phone", user.phone))


@router.get("/divisions", response=list[DivisionOut], summary="Administrative divisions")
@paginate(PageNumberPagination)
def division_list(request: HttpRequest, parent: str | None = None, level: str | None = None, q: str = "") -> Any:
    access.require_scope(request.auth, ApiScope.DIVISIONS_READ)  # type: ignore[attr-defined]
    return selectors.division_list(parent_code=parent, level=level, q=q)


@router.get("/divisions/{code}", response=DivisionOut, summary="One division by code")
def division_detail(request: HttpRequest, code: str) -> DivisionOut:
    access.require_scope(request.auth, ApiScope.DIVISIONS_READ)  # type: ignore[attr-defined]
    return DivisionOut.from_orm(selectors.division_by_code(code))


@router.get("/departments", response=list[DepartmentOut], summary="Departments (public directory data)")
@paginate(PageNumberPagination)
def department_list(request: HttpRequest, q: str = "", division: str | None = None) -> Any:
    access.require_scope(request.auth, ApiScope.DEPARTMENTS_READ)  # type: ignore[attr-defined]
    return selectors.department_list(q=q, division_code=division)


@router.get("/departments/{department_id}", response=DepartmentOut, summary="One department")
def department_detail(request: HttpRequest, department_id: int) -> DepartmentOut:
    access.require_scope(request.auth, ApiScope.DEPARTMENTS_READ)  # type: ignore[attr-defined]
    return DepartmentOut.from_orm(selectors.department_by_id(department_id))


@router.get(
    "/departments/{department_id}/staff",
    response=list[StaffMemberOut],
    summary="Who holds which role in a department (internal: own departments only)",
)
@paginate(PageNumberPagination)
def department_staff(request: HttpRequest, department_id: int) -> Any:
    actor = request.auth  # type: ignore[attr-defined]
    access.require_staff(actor)
    department = access.access_department_internal(actor, department_id)
    return selectors.department_staff(department=department)


@router.post("/departments", response={201: DepartmentOut}, summary="Create a department (administrators)")
def department_create(request: HttpRequest, payload: DepartmentIn) -> Status[DepartmentOut]:
    actor = request.auth  # type: ignore[attr-defined]
    access.require_sysadmin(actor)
    division = selectors.division_by_code(payload.division_code)
    parent = selectors.department_by_id(payload.parent_id) if payload.parent_id else None
    department = services.department_create(
        actor=actor,
        code=payload.code,
        name=payload.name,
        division=division,
        parent=parent,
        short_name=payload.short_name,
        phone=payload.phone,
        address=payload.address,
        sort_order=payload.sort_order,
    )
    return Status(201, DepartmentOut.from_orm(department))


@router.get("/staff", response=list[StaffOut], summary="Staff (administrators)")
@paginate(PageNumberPagination)
def staff_list(request: HttpRequest, q: str = "", department_id: int | None = None, role: str = "") -> Any:
    access.require_sysadmin(request.auth)  # type: ignore[attr-defined]
    return selectors.staff_list(q=q, department_id=department_id, role=role)


@router.get("/staff/{staff_id}", response=StaffOut, summary="One staff member (administrators)")
def staff_detail(request: HttpRequest, staff_id: int) -> StaffOut:
    access.require_sysadmin(request.auth)  # type: ignore[attr-defined]
    return StaffOut.from_orm(selectors.staff_by_id(staff_id))


@router.post("/staff", response={201: StaffOut}, summary="Create a staff login with roles (administrators)")
def staff_create(request: HttpRequest, payload: StaffIn) -> Status[StaffOut]:
    actor = request.auth  # type: ignore[attr-defined]
    access.require_sysadmin(actor)
    memberships = [(selectors.department_by_id(m.department_id), m.role.value) for m in payload.memberships]
    staff = services.staff_create(
        actor=actor,
        username=payload.username,
        name=payload.name,
        employee_no=payload.employee_no,
        password=payload.password,
        memberships=memberships,
        phone=payload.phone,
        title=payload.title,
        email=payload.email,
    )
    return Status(201, StaffOut.from_orm(selectors.staff_by_id(staff.pk)))


@router.get("/persons", response=list[PersonOut], summary="Look up persons by ID number, phone or full name (masked)")
@paginate(PageNumberPagination)
def person_list(request: HttpRequest, id_number: str = "", name: str = "", phone: str = "") -> Any:
    """Always masked: unmasked data is read one person at a time, with a purpose, at /persons/{id}."""
    actor = request.auth  # type: ignore[attr-defined]
    persons = selectors.person_search(
        persons=access.person_queryset_for(actor), id_number=id_number, name=name, phone=phone
    )
    return [person_out(p, unmasked=False) for p in persons[:200]]


@router.get("/persons/{person_id}", response=PersonOut, summary="One person (masked unless allowed and audited)")
def person_detail(request: HttpRequest, person_id: int, unmask: bool = False, purpose: str = "") -> PersonOut:
    actor = request.auth  # type: ignore[attr-defined]
    person = access.access_person(actor, person_id)
    own = isinstance(actor, User) and person.user_id == actor.pk
    unmasked = own or _unmask_allowed(actor, unmask, purpose)
    if unmasked and not own:
        services.person_unmasked_read(actor=actor, person=person, purpose=purpose)
    return person_out(person, unmasked=unmasked)


@router.get("/enterprises", response=list[EnterpriseOut], summary="Look up enterprises by USCC or name")
@paginate(PageNumberPagination)
def enterprise_list(request: HttpRequest, uscc: str = "", q: str = "") -> Any:
    enterprises = access.enterprise_queryset_for(request.auth)  # type: ignore[attr-defined]
    return selectors.enterprise_search(enterprises=enterprises, uscc=uscc, q=q)


@router.get("/api-clients", response=list[ApiClientOut], summary="Department systems with tokens (administrators)")
@paginate(PageNumberPagination)
def api_client_list(request: HttpRequest) -> Any:
    access.require_sysadmin(request.auth)  # type: ignore[attr-defined]
    return selectors.api_client_list()


@router.post("/api-clients", response={201: ApiClientCreated}, summary="Issue a token to a department system")
def api_client_create(request: HttpRequest, payload: ApiClientIn) -> Status[dict[str, Any]]:
    actor = request.auth  # type: ignore[attr-defined]
    access.require_sysadmin(actor)
    client, token = services.api_client_create(
        actor=actor,
        name=payload.name,
        department=selectors.department_by_id(payload.department_id),
        scopes=payload.scopes,
        valid_days=payload.valid_days,
    )
    return Status(201, {**_client_out(client), "token": token})


@router.post("/api-clients/{client_id}/revoke", response=ApiClientOut, summary="Revoke a token")
def api_client_revoke(request: HttpRequest, client_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    access.require_sysadmin(actor)
    client = services.api_client_revoke(actor=actor, client=selectors.api_client_by_id(client_id))
    return _client_out(client)


@public_router.post("/sms-codes", response={202: Accepted}, summary="Send a one-time code to a phone")
def sms_code_send(request: HttpRequest, payload: SmsCodeIn) -> Status[Accepted]:
    services.phone_challenge_send(phone=payload.phone, purpose=payload.purpose)
    return Status(202, Accepted(message=_("验证码已发送")))


@public_router.post("/register", response={201: MeOut}, summary="Register a real-name citizen account")
def register(request: HttpRequest, payload: RegisterIn) -> Status[MeOut]:
    user = services.citizen_register(
        phone=payload.phone,
        code=payload.code,
        password=payload.password,
        name=payload.name,
        id_number=payload.id_number,
    )
    return Status(
        201,
        MeOut(kind="citizen", id=user.pk, name=user.name, username=user.username, phone=mask("phone", user.phone)),
    )
