"""Generate the demo city 示范市: divisions, departments, staff with roles, citizens, enterprises, demo accounts.

`demo_plan` decides every row from the seed alone (its own random streams, fixed reference dates, lists in a
fixed order); `demo_generate` writes the rows that are not there yet, looked up by their natural keys, so a
second run adds nothing. All demo users share one password hash: argon2 is slow on purpose.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Q

from zhizhi.accounts.models import (
    Department,
    Division,
    Enterprise,
    EnterpriseAgent,
    Membership,
    Person,
    Role,
    Staff,
    User,
)
from zhizhi.core.audit import audit_record
from zhizhi.core.identifiers import USCC_ALPHABET, id_number_make, uscc_make
from zhizhi.demo import business, city, people

DEMO_PASSWORD: Final = "Zhizhi@2026"  # noqa: S105 - published: it is a demo city
DEFAULT_SEED: Final = 2026
DEFAULT_PERSONS: Final = 5000
DEFAULT_ENTERPRISES: Final = 1000

# Nothing depends on today's date: the city is generated as it stands on this day.
REFERENCE_DATE: Final = datetime.date(2026, 1, 1)
_LAST_REGISTRATION: Final = REFERENCE_DATE - datetime.timedelta(days=1)
_NEW_CODES_FROM: Final = datetime.date(2015, 10, 1)  # credit codes assigned from scratch ("MA...") after this
_AGENT_AUTHORISED_AT: Final = datetime.datetime(2025, 3, 1, 1, 0, tzinfo=datetime.UTC)

# Real GB/T 2260 county codes elsewhere, for residents born outside the city: Beijing Chaoyang, Shanghai Xuhui,
# Guangzhou Tianhe, Chengdu Wuhou, Fuzhou Gulou, Xiamen Siming, Hangzhou Xihu, Nanjing Xuanwu, Wuhan Wuchang,
# Changsha Yuelu, Nanchang Donghu, Nan'an.
OTHER_COUNTY_CODES: Final = (
    "110105", "310104", "440106", "510107", "350102", "350203",
    "330106", "320102", "420106", "430104", "360102", "350583",
)  # fmt: skip
_LOCAL_SHARE: Final = 0.88
# Where people live, by county (same order as city.COUNTIES).
_COUNTY_WEIGHTS: Final = (22, 18, 15, 15, 10, 20)


@dataclass(frozen=True)
class FixedStaff:
    """A memorable demo login for one role."""

    username: str
    name: str
    role: str
    department_code: str
    title: str
    employee_no: str
    phone: str
    is_superuser: bool = False


FIXED_STAFF: Final = (
    FixedStaff("admin", "周建华", Role.SYSADMIN, city.DATA_BUREAU, "高级工程师", "SFS9001", "13800000011", True),
    FixedStaff("clerk", "林晓梅", Role.WINDOW_CLERK, city.MARKET_REGULATION, "一级科员", "SFS9002", "13800000012"),
    FixedStaff("reviewer", "陈志明", Role.REVIEWER, city.MARKET_REGULATION, "科长", "SFS9003", "13800000013"),
    FixedStaff("head", "黄国强", Role.DEPARTMENT_HEAD, city.MARKET_REGULATION, "局长", "SFS9004", "13800000014"),
    FixedStaff("dispatcher", "吴丽娟", Role.DISPATCHER, city.HOTLINE_CENTRE, "科员", "SFS9005", "13800000015"),
    FixedStaff("dataofficer", "郑浩", Role.DATA_OFFICER, city.DATA_BUREAU, "副科长", "SFS9006", "13800000016"),
    FixedStaff("supervisor", "刘振东", Role.SUPERVISOR, city.SUPERVISION_OFFICE, "副主任", "SFS9007", "13800000017"),
)

CITIZEN_PHONE: Final = "13800000001"
AGENT_PHONE: Final = "13800000002"


@dataclass(frozen=True)
class StaffPlan:
    username: str
    name: str
    employee_no: str
    phone: str
    title: str
    memberships: tuple[tuple[str, str], ...]  # (department code, role)
    is_superuser: bool = False


@dataclass(frozen=True)
class PersonPlan:
    name: str
    id_number: str
    sex: str
    birth_date: datetime.date
    phone: str
    division_code: str | None
    address: str
    username: str | None = None


@dataclass(frozen=True)
class EnterprisePlan:
    name: str
    uscc: str
    kind: str
    legal_representative: str  # id_number
    division_code: str
    address: str
    registered_on: datetime.date
    registered_capital: Decimal | None


@dataclass(frozen=True)
class DemoPlan:
    """Every row the demo city consists of, by natural key."""

    seed: int
    divisions: tuple[city.DivisionRow, ...]
    departments: tuple[city.DepartmentSpec, ...]
    staff: tuple[StaffPlan, ...]
    persons: tuple[PersonPlan, ...]
    enterprises: tuple[EnterprisePlan, ...]
    agents: tuple[tuple[str, str], ...]  # (uscc, id_number)


@dataclass(frozen=True)
class TableCount:
    """What one run did to one table: rows created and planned rows that were already there."""

    table: str
    label: str
    created: int
    present: int


@dataclass(frozen=True)
class DemoAccount:
    """A login to try the demo with."""

    username: str
    role_label: str
    name: str
    where: str  # department or what the account stands for
    opens: str  # the page to open after signing in


@dataclass(frozen=True)
class DemoSummary:
    """The outcome of a generation run."""

    seed: int
    tables: tuple[TableCount, ...]
    accounts: tuple[DemoAccount, ...]
    password: str = DEMO_PASSWORD

    @property
    def created_total(self) -> int:
        return sum(table.created for table in self.tables)


# -- the plan --------------------------------------------------------------------------------------------------


def _staff_title(rng: random.Random, role: str, spec: city.DepartmentSpec) -> str:
    if role == Role.DEPARTMENT_HEAD:
        return spec.head_title
    choices = {
        Role.WINDOW_CLERK: ("科员", "一级科员", "四级主任科员", "三级主任科员"),
        Role.REVIEWER: ("副科长", "科长", "二级主任科员", "一级主任科员"),
        Role.DATA_OFFICER: ("科员", "一级科员", "四级主任科员", "副科长", "工程师"),
        Role.DISPATCHER: ("科员", "一级科员", "四级主任科员"),
        Role.SUPERVISOR: ("科长", "副科长", "一级主任科员", "四级调研员"),
        Role.SYSADMIN: ("工程师", "高级工程师"),
    }[Role(role)]
    return rng.choice(choices)


def _department_posts(spec: city.DepartmentSpec) -> list[tuple[str, int]]:
    return [
        (Role.DEPARTMENT_HEAD.value, 1),
        (Role.DATA_OFFICER.value, 1 if spec.parent_code is None else 0),
        (Role.WINDOW_CLERK.value, spec.clerks),
        (Role.REVIEWER.value, spec.reviewers),
        (Role.DISPATCHER.value, spec.dispatchers),
        (Role.SUPERVISOR.value, spec.supervisors),
        (Role.SYSADMIN.value, spec.sysadmins),
    ]


def _staff_plan(seed: int, phones: set[str]) -> list[StaffPlan]:
    rng = random.Random(f"{seed}:staff")
    fixed = {(f.department_code, str(f.role)): f for f in FIXED_STAFF}
    phones.update(f.phone for f in FIXED_STAFF)
    plans: list[StaffPlan] = []
    extra: dict[int, list[tuple[str, str]]] = {}  # plan index -> data officer posts in sub-units
    data_officer: dict[str, int] = {}  # department code -> plan index of the one who keeps its data
    serial = 0
    for spec in city.DEPARTMENTS:
        if spec.parent_code is not None:
            keeper = data_officer[spec.parent_code]
            data_officer[spec.code] = keeper
            extra.setdefault(keeper, []).append((spec.code, Role.DATA_OFFICER.value))
        for role, count in _department_posts(spec):
            for index in range(count):
                if role == Role.DATA_OFFICER:
                    data_officer[spec.code] = len(plans)
                account = fixed.get((spec.code, role)) if index == 0 else None
                if account is not None:
                    plans.append(
                        StaffPlan(
                            username=account.username,
                            name=account.name,
                            employee_no=account.employee_no,
                            phone=account.phone,
                            title=account.title,
                            memberships=((spec.code, role),),
                            is_superuser=account.is_superuser,
                        )
                    )
                    continue
                serial += 1
                sex = "M" if rng.random() < 0.55 else "F"
                senior = role in (Role.DEPARTMENT_HEAD, Role.SUPERVISOR)
                birth_year = rng.randint(1966, 1980) if senior else rng.randint(1970, 2000)
                phone = _unique_phone(rng, phones)
                plans.append(
                    StaffPlan(
                        username=f"s{serial:04d}",
                        name=people.person_name(rng, sex=sex, birth_year=birth_year),
                        employee_no=f"SFS{serial:04d}",
                        phone=phone,
                        title=_staff_title(rng, role, spec),
                        memberships=((spec.code, role),),
                    )
                )
    return [
        replace(plan, memberships=plan.memberships + tuple(extra.get(index, ()))) for index, plan in enumerate(plans)
    ]


def _unique_phone(rng: random.Random, phones: set[str]) -> str:
    while True:
        phone = people.mobile_phone(rng)
        if phone not in phones:
            phones.add(phone)
            return phone


def _id_number(rng: random.Random, *, division_code: str, birth_date: datetime.date, sex: str, seen: set[str]) -> str:
    # The order code's parity is the holder's sex: odd for men, even for women.
    while True:
        sequence = rng.randrange(500) * 2 + (1 if sex == "M" else 0)
        number = id_number_make(division_code=division_code, birth_date=birth_date, sequence=sequence)
        if number not in seen:
            seen.add(number)
            return number


def _fixed_persons() -> list[PersonPlan]:
    county = city.COUNTIES[0]
    street = county.streets[0]
    community = street.communities[0]
    road = street.roads[0]
    return [
        PersonPlan(
            name="陈晓燕",
            id_number=id_number_make(division_code=county.code, birth_date=datetime.date(1988, 3, 15), sequence=124),
            sex="F",
            birth_date=datetime.date(1988, 3, 15),
            phone=CITIZEN_PHONE,
            division_code=community.code,
            address=f"{county.address_prefix}{street.name}{road}18号2栋501室",
            username=f"p{CITIZEN_PHONE}",
        ),
        PersonPlan(
            name="林志强",
            id_number=id_number_make(division_code=county.code, birth_date=datetime.date(1985, 7, 8), sequence=57),
            sex="M",
            birth_date=datetime.date(1985, 7, 8),
            phone=AGENT_PHONE,
            division_code=community.code,
            address=f"{county.address_prefix}{street.name}{road}36号5栋1102室",
            username=f"p{AGENT_PHONE}",
        ),
    ]


def _person_plan(seed: int, total: int, phones: set[str]) -> list[PersonPlan]:
    rng = random.Random(f"{seed}:persons")
    plans = _fixed_persons()
    seen = {plan.id_number for plan in plans}
    phones.update(plan.phone for plan in plans)
    while len(plans) < total:
        sex = "M" if rng.random() < 0.512 else "F"
        birth_date = people.birth_date_pick(rng)
        county = rng.choices(city.COUNTIES, weights=_COUNTY_WEIGHTS)[0]
        street = rng.choice(county.streets)
        community = rng.choice(street.communities)
        local = rng.random() < _LOCAL_SHARE
        id_division = county.code if local else rng.choice(OTHER_COUNTY_CODES)
        id_number = _id_number(rng, division_code=id_division, birth_date=birth_date, sex=sex, seen=seen)
        plans.append(
            PersonPlan(
                name=people.person_name(rng, sex=sex, birth_year=birth_date.year),
                id_number=id_number,
                sex=sex,
                birth_date=birth_date,
                phone=_unique_phone(rng, phones),
                division_code=community.code if local else None,
                address=city.home_address(rng, county, street, community),
            )
        )
    return plans


def _fixed_enterprise(agent: PersonPlan) -> EnterprisePlan:
    county = city.COUNTIES[0]
    street = county.streets[0]
    return EnterprisePlan(
        name=f"{city.CITY_NAME}云帆信息科技有限公司",
        uscc=uscc_make(
            registration_authority="9",
            organisation_kind="1",
            division_code=county.code,
            organisation_body8="MA2Y3K7Q",
        ),
        kind="有限责任公司",
        legal_representative=agent.id_number,
        division_code=county.code,
        address=f"{county.address_prefix}{street.name}{street.roads[0]}88号金融大厦12层1208室",
        registered_on=datetime.date(2019, 6, 18),
        registered_capital=Decimal("500.00"),
    )


def _kind_sequence(rng: random.Random, total: int) -> list[business.EntityKind]:
    # Exact shares by largest remainder, then shuffled: the mix does not drift with the seed.
    weight_sum = sum(kind.weight for kind in business.ENTITY_KINDS)
    quotas = [total * kind.weight / weight_sum for kind in business.ENTITY_KINDS]
    counts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    sequence = [kind for kind, count in zip(business.ENTITY_KINDS, counts, strict=True) for _ in range(count)]
    rng.shuffle(sequence)
    return sequence


def _registration_date(rng: random.Random, earliest_year: int) -> datetime.date:
    # Registrations grew year after year: weight each year by how late it is.
    years = list(range(earliest_year, _LAST_REGISTRATION.year + 1))
    year = rng.choices(years, weights=[i + 1 for i in range(len(years))])[0]
    start = datetime.date(year, 1, 1)
    return start + datetime.timedelta(days=rng.randrange((datetime.date(year, 12, 31) - start).days + 1))


def _organisation_body(rng: random.Random, kind: business.EntityKind, registered_on: datetime.date) -> str:
    # Codes assigned after the 2015 reform start with a letter pair (MA for market entities, MJ for civil
    # affairs); older entities kept their digit organisation code.
    if registered_on >= _NEW_CODES_FROM and kind.registration_authority in ("9", "5"):
        prefix = "MA" if kind.registration_authority == "9" else "MJ"
        return prefix + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    return "".join(rng.choice("0123456789") for _ in range(8))


def _capital(rng: random.Random, kind: business.EntityKind) -> Decimal | None:
    if kind.capital_range is None:
        return None
    low, high = kind.capital_range
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    if value >= 100:
        value = round(value, -1)
    return Decimal(f"{value:.2f}") if value < 10 else Decimal(f"{round(value):d}.00")


def _enterprise_name(
    rng: random.Random,
    kind: business.EntityKind,
    county: city.County,
    street: city.Street,
    legal_name: str,
) -> tuple[str, str]:
    """The entity's name and the division code of its registering authority (city or county)."""
    trade = rng.choice(business.TRADE_NAMES)
    county_prefix = county.address_prefix
    if kind.key == "company":
        industry = rng.choice(business.INDUSTRIES)
        shape = rng.random()
        if shape < 0.55:
            return f"{city.CITY_NAME}{trade}{industry}有限公司", city.CITY_CODE if rng.random() < 0.3 else county.code
        if shape < 0.8:
            return f"{county_prefix}{trade}{industry}有限公司", county.code
        return f"示范{trade}{industry}有限公司", city.CITY_CODE
    if kind.key == "joint_stock":
        return f"示范{trade}{rng.choice(business.INDUSTRIES)}股份有限公司", city.CITY_CODE
    if kind.key == "individual":
        shop = rng.choice(business.SHOPS)
        surname = legal_name[0]
        brand = rng.choice((f"老{surname}", f"{surname}记", f"阿{legal_name[-1]}", trade, trade))
        return f"{county.name}{brand}{shop}", county.code
    if kind.key == "cooperative":
        return f"{county.name}{street.name}{trade}{rng.choice(business.COOPERATIVE_PRODUCTS)}专业合作社", county.code
    if kind.key == "association":
        association = rng.choice(business.ASSOCIATIONS)
        if rng.random() < 0.7:
            return f"{city.CITY_NAME}{association}", city.CITY_CODE
        return f"{county_prefix}{association}", county.code
    if kind.key == "social_service":
        return f"{county_prefix}{trade}{rng.choice(business.SOCIAL_SERVICES)}", county.code
    if kind.key == "institution":
        shape = rng.random()
        if shape < 0.35:
            template = rng.choice(business.CITY_INSTITUTIONS)
            return template.format(city=city.CITY_NAME), city.CITY_CODE
        if shape < 0.65:
            template = rng.choice(business.COUNTY_INSTITUTIONS)
        else:
            template = rng.choice(business.STREET_INSTITUTIONS[street.kind])
        return template.format(county=county_prefix, street=street.name), county.code
    community = rng.choice(street.communities)
    return f"{county_prefix}{street.name}{community.stem}{rng.choice(('花园', '小区', '新村'))}业主委员会", county.code


def _premises(kind: business.EntityKind) -> str:
    return {"company": "office", "joint_stock": "office", "individual": "shop", "cooperative": "village"}.get(
        kind.key, "plain"
    )


def _enterprise_plan(seed: int, total: int, persons: Sequence[PersonPlan]) -> list[EnterprisePlan]:
    rng = random.Random(f"{seed}:enterprises")
    agent = next(p for p in persons if p.phone == AGENT_PHONE)
    plans = [_fixed_enterprise(agent)]
    codes = {plans[0].uscc}
    names = {plans[0].name}
    candidates = [p for p in persons if p.username is None] or list(persons)
    rural = [c for c in city.COUNTIES if any(s.kind != "subdistrict" for s in c.streets)]
    for kind in _kind_sequence(rng, total - 1):
        registered_on = _registration_date(rng, kind.earliest_year)
        if kind.key == "cooperative":
            county = rng.choice(rural)
            street = rng.choice([s for s in county.streets if s.kind != "subdistrict"])
        else:
            county = rng.choices(city.COUNTIES, weights=_COUNTY_WEIGHTS)[0]
            street = rng.choice(county.streets)
        legal = rng.choice(candidates)
        for _attempt in range(50):  # someone of working age when the entity was registered
            if 22 <= registered_on.year - legal.birth_date.year <= 65:
                break
            legal = rng.choice(candidates)
        for _attempt in range(20):  # names are unique where the vocabulary allows
            name, registration_division = _enterprise_name(rng, kind, county, street, legal.name)
            if name not in names:
                break
        names.add(name)
        while True:
            uscc = uscc_make(
                registration_authority=kind.registration_authority,
                organisation_kind=kind.organisation_kind,
                division_code=registration_division,
                organisation_body8=_organisation_body(rng, kind, registered_on),
            )
            if uscc not in codes:
                codes.add(uscc)
                break
        plans.append(
            EnterprisePlan(
                name=name,
                uscc=uscc,
                kind=kind.label,
                legal_representative=legal.id_number,
                division_code=county.code,
                address=city.business_address(
                    rng, county, street, premises=_premises(kind), tower=rng.choice(business.TOWERS)
                ),
                registered_on=registered_on,
                registered_capital=_capital(rng, kind),
            )
        )
    return plans


def demo_plan(
    *, seed: int = DEFAULT_SEED, persons: int = DEFAULT_PERSONS, enterprises: int = DEFAULT_ENTERPRISES
) -> DemoPlan:
    """Decide every row of the demo city from the seed alone (nothing is read or written)."""
    if persons < 2 or enterprises < 1:
        raise ValueError(f"the demo city needs at least 2 persons and 1 enterprise, not {persons} and {enterprises}")
    phones: set[str] = set()
    staff = _staff_plan(seed, phones)
    person_plans = _person_plan(seed, persons, phones)
    enterprise_plans = _enterprise_plan(seed, enterprises, person_plans)
    agent = next(p for p in person_plans if p.phone == AGENT_PHONE)
    return DemoPlan(
        seed=seed,
        divisions=tuple(city.division_rows()),
        departments=city.DEPARTMENTS,
        staff=tuple(staff),
        persons=tuple(person_plans),
        enterprises=tuple(enterprise_plans),
        agents=((enterprise_plans[0].uscc, agent.id_number),),
    )


# -- writing ---------------------------------------------------------------------------------------------------

_BATCH_SIZE: Final = 1000


def _pks_by(model: type[models.Model], field_name: str, values: Iterable[str]) -> dict[str, int]:
    """Primary keys of the rows whose `field_name` is one of `values`, in as few queries as the database allows."""
    wanted = sorted(set(values))
    chunk = connection.features.max_query_params or len(wanted) or 1
    found: dict[str, int] = {}
    for start in range(0, len(wanted), chunk):
        rows = model._default_manager.filter(**{f"{field_name}__in": wanted[start : start + chunk]})
        found.update(rows.values_list(field_name, "pk"))
    return found


def _write_divisions(rows: Sequence[city.DivisionRow]) -> TableCount:
    pks = _pks_by(Division, "code", (row.code for row in rows))
    present = len(pks)
    created = 0
    for level in ("city", "county", "street", "community"):
        missing = [row for row in rows if row.level == level and row.code not in pks]
        Division.objects.bulk_create(
            [
                Division(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent_id=pks.get(row.parent_code) if row.parent_code else None,
                )
                for row in missing
            ],
            batch_size=_BATCH_SIZE,
        )
        created += len(missing)
        pks.update(_pks_by(Division, "code", (row.code for row in missing)))
    return TableCount("divisions", "行政区划", created, present)


def _write_departments(specs: Sequence[city.DepartmentSpec]) -> TableCount:
    pks = _pks_by(Department, "code", (spec.code for spec in specs))
    division_pks = _pks_by(Division, "code", (spec.division_code for spec in specs))
    present = len(pks)
    parents = {spec.code: spec.parent_code for spec in specs}

    def depth(code: str | None) -> int:
        return 0 if code is None or code not in parents else 1 + depth(parents[code])

    created = 0
    for level in range(max(depth(spec.parent_code) for spec in specs) + 1):
        missing = [spec for spec in specs if depth(spec.parent_code) == level and spec.code not in pks]
        Department.objects.bulk_create(
            [
                Department(
                    code=spec.code,
                    name=spec.name,
                    short_name=spec.short_name,
                    division_id=division_pks[spec.division_code],
                    parent_id=pks.get(spec.parent_code) if spec.parent_code else None,
                    phone=spec.phone,
                    address=spec.address,
                    sort_order=spec.sort_order,
                )
                for spec in missing
            ],
            batch_size=_BATCH_SIZE,
        )
        created += len(missing)
        pks.update(_pks_by(Department, "code", (spec.code for spec in missing)))
    return TableCount("departments", "部门", created, present)


@dataclass(frozen=True)
class _UserPlan:
    username: str
    name: str
    phone: str | None
    is_superuser: bool


def _write_users(plans: Sequence[_UserPlan]) -> tuple[TableCount, dict[str, int]]:
    """Create the missing logins; return the user pk for each planned user name."""
    phones = [plan.phone for plan in plans if plan.phone]
    existing = {
        (username, phone): pk
        for username, phone, pk in User.objects.filter(
            Q(username__in=[plan.username for plan in plans]) | Q(phone__in=phones)
        ).values_list("username", "phone", "pk")
    }
    by_username = {username: pk for (username, _phone), pk in existing.items()}
    by_phone = {phone: pk for (_username, phone), pk in existing.items() if phone}
    resolved: dict[str, int] = {}
    missing = []
    for plan in plans:
        pk = by_username.get(plan.username) or (by_phone.get(plan.phone) if plan.phone else None)
        if pk is not None:
            resolved[plan.username] = pk  # someone may have registered the demo phone by hand: use that login
        else:
            missing.append(plan)
    if missing:
        password = make_password(DEMO_PASSWORD)  # once: argon2 takes a noticeable fraction of a second
        User.objects.bulk_create(
            [
                User(
                    username=plan.username,
                    name=plan.name,
                    phone=plan.phone,
                    password=password,
                    is_superuser=plan.is_superuser,
                    is_staff=plan.is_superuser,
                )
                for plan in missing
            ],
            batch_size=_BATCH_SIZE,
        )
        resolved.update(_pks_by(User, "username", (plan.username for plan in missing)))
    return TableCount("users", "账号", len(missing), len(plans) - len(missing)), resolved


def _write_staff(plans: Sequence[StaffPlan], user_pks: dict[str, int]) -> tuple[TableCount, TableCount]:
    staff_pks = _pks_by(Staff, "employee_no", (plan.employee_no for plan in plans))
    taken_users = set(
        Staff.objects.filter(user_id__in=[user_pks[plan.username] for plan in plans]).values_list("user_id", flat=True)
    )
    missing = [
        plan for plan in plans if plan.employee_no not in staff_pks and user_pks[plan.username] not in taken_users
    ]
    Staff.objects.bulk_create(
        [
            Staff(
                user_id=user_pks[plan.username],
                name=plan.name,
                employee_no=plan.employee_no,
                phone=plan.phone,
                title=plan.title,
            )
            for plan in missing
        ],
        batch_size=_BATCH_SIZE,
    )
    staff_count = TableCount("staff", "工作人员", len(missing), len(plans) - len(missing))
    staff_pks.update(_pks_by(Staff, "employee_no", (plan.employee_no for plan in missing)))

    department_pks = _pks_by(Department, "code", (code for plan in plans for code, _role in plan.memberships))
    wanted = [
        (staff_pks[plan.employee_no], department_pks[code], role)
        for plan in plans
        if plan.employee_no in staff_pks
        for code, role in plan.memberships
    ]
    existing = set(
        Membership.objects.filter(staff_id__in=sorted({staff for staff, _d, _r in wanted})).values_list(
            "staff_id", "department_id", "role"
        )
    )
    new = [triple for triple in wanted if triple not in existing]
    Membership.objects.bulk_create(
        [Membership(staff_id=staff, department_id=department, role=role) for staff, department, role in new],
        batch_size=_BATCH_SIZE,
    )
    return staff_count, TableCount("memberships", "岗位", len(new), len(wanted) - len(new))


def _write_persons(plans: Sequence[PersonPlan], user_pks: dict[str, int]) -> TableCount:
    present = _pks_by(Person, "id_number", (plan.id_number for plan in plans))
    division_pks = _pks_by(Division, "code", (plan.division_code for plan in plans if plan.division_code))
    login_pks = [user_pks[plan.username] for plan in plans if plan.username]
    linked = set(Person.objects.filter(user_id__in=login_pks).values_list("user_id", flat=True))
    missing = [plan for plan in plans if plan.id_number not in present]

    def user_id(plan: PersonPlan) -> int | None:
        pk = user_pks.get(plan.username) if plan.username else None
        return pk if pk is not None and pk not in linked else None

    Person.objects.bulk_create(
        [
            Person(
                name=plan.name,
                id_number=plan.id_number,
                sex=plan.sex,
                birth_date=plan.birth_date,
                phone=plan.phone,
                division_id=division_pks.get(plan.division_code) if plan.division_code else None,
                address=plan.address,
                user_id=user_id(plan),
            )
            for plan in missing
        ],
        batch_size=_BATCH_SIZE,
    )
    return TableCount("persons", "自然人", len(missing), len(present))


def _write_enterprises(plans: Sequence[EnterprisePlan], agents: Sequence[tuple[str, str]]) -> list[TableCount]:
    present = _pks_by(Enterprise, "uscc", (plan.uscc for plan in plans))
    missing = [plan for plan in plans if plan.uscc not in present]
    person_pks = _pks_by(Person, "id_number", (plan.legal_representative for plan in missing))
    division_pks = _pks_by(Division, "code", (plan.division_code for plan in missing))
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=plan.name,
                uscc=plan.uscc,
                kind=plan.kind,
                legal_representative_id=person_pks[plan.legal_representative],
                division_id=division_pks.get(plan.division_code),
                address=plan.address,
                registered_on=plan.registered_on,
                registered_capital=plan.registered_capital,
            )
            for plan in missing
        ],
        batch_size=_BATCH_SIZE,
    )
    enterprise_pks = _pks_by(Enterprise, "uscc", (uscc for uscc, _id in agents))
    agent_pks = _pks_by(Person, "id_number", (id_number for _uscc, id_number in agents))
    wanted = [(enterprise_pks[uscc], agent_pks[id_number]) for uscc, id_number in agents]
    existing = set(
        EnterpriseAgent.objects.filter(enterprise_id__in=[e for e, _p in wanted]).values_list(
            "enterprise_id", "person_id"
        )
    )
    new = [pair for pair in wanted if pair not in existing]
    EnterpriseAgent.objects.bulk_create(
        [
            EnterpriseAgent(enterprise_id=enterprise, person_id=person, authorised_at=_AGENT_AUTHORISED_AT)
            for enterprise, person in new
        ]
    )
    return [
        TableCount("enterprises", "企业", len(missing), len(present)),
        TableCount("enterprise_agents", "企业经办人", len(new), len(wanted) - len(new)),
    ]


def _accounts(plan: DemoPlan) -> tuple[DemoAccount, ...]:
    names = {spec.code: spec.name for spec in plan.departments}
    accounts = [
        DemoAccount(
            username=f.username,
            role_label=str(Role(f.role).label),
            name=f.name,
            where=names[f.department_code],
            opens="/admin/" if f.role == Role.SYSADMIN else "/workbench/",
        )
        for f in FIXED_STAFF
    ]
    citizen, agent = (next(p for p in plan.persons if p.phone == phone) for phone in (CITIZEN_PHONE, AGENT_PHONE))
    enterprise = next(e for e in plan.enterprises if e.uscc == plan.agents[0][0])
    accounts.append(DemoAccount(CITIZEN_PHONE, "市民", citizen.name, "自然人（实名）", "/"))
    accounts.append(DemoAccount(AGENT_PHONE, "企业经办人", agent.name, enterprise.name, "/"))
    return tuple(accounts)


def demo_generate(
    *,
    seed: int = DEFAULT_SEED,
    persons: int = DEFAULT_PERSONS,
    enterprises: int = DEFAULT_ENTERPRISES,
    applications: int | None = None,
    appeals: int | None = None,
) -> DemoSummary:
    """Create whatever of the demo city is missing (by natural keys) and record one audit entry if anything was;
    the service hall's history holds `applications` and the appeals hub's `appeals` (by default in proportion to
    the persons, 0 for none)."""
    from zhizhi.demo.appeals import DEFAULT_APPEALS, appeals_demo_generate  # they build on this module
    from zhizhi.demo.servicehall import applications_for, servicehall_generate

    plan = demo_plan(seed=seed, persons=persons, enterprises=enterprises)
    users = [_UserPlan(s.username, s.name, None, s.is_superuser) for s in plan.staff]
    users += [_UserPlan(p.username, p.name, p.phone, False) for p in plan.persons if p.username]
    with transaction.atomic():
        tables = [_write_divisions(plan.divisions), _write_departments(plan.departments)]
        user_count, user_pks = _write_users(users)
        tables.append(user_count)
        tables.extend(_write_staff(plan.staff, user_pks))
        tables.append(_write_persons(plan.persons, user_pks))
        tables.extend(_write_enterprises(plan.enterprises, plan.agents))
        history = applications_for(persons) if applications is None else applications
        tables.extend(servicehall_generate(seed=seed, applications=history))
        hotline = round(DEFAULT_APPEALS * persons / DEFAULT_PERSONS) if appeals is None else appeals
        tables.extend(appeals_demo_generate(seed=seed, appeals=hotline))
        created = {table.table: table.created for table in tables}
        if any(created.values()):
            detail: dict[str, Any] = {
                "seed": seed,
                "created": created,
                "present": {table.table: table.present for table in tables},
            }
            audit_record(actor=None, action="demo.generate", detail=detail)
    return DemoSummary(seed=seed, tables=tuple(tables), accounts=_accounts(plan))
