"""The demo city generator: valid identifiers, the promised size and roles, fixed accounts, determinism, idempotence."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db import transaction

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
from zhizhi.core.identifiers import division_code_parse, id_number_parse, uscc_parse
from zhizhi.core.models import AuditEntry
from zhizhi.demo import city
from zhizhi.demo.generator import DEMO_PASSWORD, REFERENCE_DATE, DemoSummary, demo_generate

pytestmark = pytest.mark.django_db

TABLES = (Division, Department, User, Staff, Membership, Person, Enterprise, EnterpriseAgent)
SMALL = {"persons": 300, "enterprises": 60, "applications": 0, "appeals": 0}  # the histories have their own tests


@pytest.fixture
def demo_city(db: Any) -> DemoSummary:
    """The demo city at full size without the service hall history (one password hash: a second or two)."""
    return demo_generate(applications=0, appeals=0)


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def _digest() -> str:
    """A digest of every generated row's natural key and the values a person would see."""
    parts: list[Any] = [
        sorted(Division.objects.values_list("code", "name", "level", "parent__code")),
        sorted(Department.objects.values_list("code", "name", "parent__code", "phone", "address")),
        sorted(Staff.objects.values_list("employee_no", "user__username", "name", "phone", "title")),
        sorted(Membership.objects.values_list("staff__employee_no", "department__code", "role")),
        sorted(Person.objects.values_list("id_number", "name", "sex", "birth_date", "phone", "address")),
        sorted(
            Enterprise.objects.values_list(
                "uscc", "name", "kind", "legal_representative__id_number", "registered_on", "registered_capital"
            )
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _fresh_run_digest(seed: int) -> str:
    """Generate into the empty test database, take the digest, and roll the run back."""
    with transaction.atomic():
        assert Person.objects.count() == 0
        demo_generate(seed=seed, **SMALL)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def test_full_city_has_the_promised_size(demo_city: DemoSummary) -> None:
    # then
    assert (Person.objects.count(), Enterprise.objects.count(), EnterpriseAgent.objects.count()) == (5000, 1000, 1)
    assert User.objects.count() == Staff.objects.count() + 2  # every staff member, the citizen and the agent
    assert 40 <= Department.objects.filter(division__code=city.CITY_CODE).count() <= 50
    assert 180 <= Staff.objects.count() <= 230
    counties = Division.objects.filter(level="county")
    assert 5 <= counties.count() <= 6
    for county in counties:
        streets = Division.objects.filter(parent=county)
        assert 4 <= streets.count() <= 8, county.name
        for street in streets:
            assert 3 <= Division.objects.filter(parent=street).count() <= 6, street.name
    created = {table.table: table.created for table in demo_city.tables}
    assert created["persons"] == 5000 and created["enterprises"] == 1000
    assert all(table.present == 0 for table in demo_city.tables)


def test_every_division_code_agrees_with_its_level_and_parent(demo_city: DemoSummary) -> None:
    for code, level, parent_code in Division.objects.values_list("code", "level", "parent__code"):
        info = division_code_parse(code)
        assert info.level == level, code
        if code == city.CITY_CODE:
            assert parent_code is None and info.parent_code == "350000"
        else:
            assert parent_code == info.parent_code, code


def test_every_person_has_a_valid_unique_id_number_matching_sex_and_birth_date(demo_city: DemoSummary) -> None:
    rows = list(Person.objects.values_list("id_number", "sex", "birth_date", "phone", "division__code"))
    local_counties = {county.code for county in city.COUNTIES}
    local = 0
    for id_number, sex, birth_date, _phone, division_code in rows:
        info = id_number_parse(id_number, today=REFERENCE_DATE)
        assert (info.sex, info.birth_date) == (sex, birth_date), id_number
        assert datetime.date(1940, 1, 1) <= birth_date <= datetime.date(2008, 12, 31)
        if division_code is not None:  # registered here: the community lies in the county of the ID number
            assert division_code[:6] == info.division_code
            local += 1
        else:
            assert info.division_code not in local_counties
    assert len({row[0] for row in rows}) == len(rows)
    phones = [row[3] for row in rows]
    assert len(set(phones)) == len(phones) and all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)
    assert 0.8 * len(rows) < local < len(rows)  # most are local, some were born elsewhere
    decades = Counter(birth_date.year // 10 * 10 for _i, _s, birth_date, _p, _d in rows)
    assert set(decades) == {1940, 1950, 1960, 1970, 1980, 1990, 2000}


def test_every_enterprise_has_a_valid_credit_code_registered_in_the_city(demo_city: DemoSummary) -> None:
    city_codes = {city.CITY_CODE} | {county.code for county in city.COUNTIES}
    rows = Enterprise.objects.values_list(
        "uscc", "kind", "division__code", "division__level", "registered_on", "legal_representative__birth_date"
    )
    prefixes = Counter()
    for uscc, kind, division_code, division_level, registered_on, born in rows:
        info = uscc_parse(uscc)
        assert info.division_code in city_codes, uscc
        assert division_level == "county" and division_code in city_codes
        assert datetime.date(1995, 1, 1) <= registered_on <= datetime.date(2025, 12, 31)
        assert registered_on.year - born.year >= 18, uscc
        prefixes[(info.registration_authority + info.organisation_kind, kind)] += 1
    assert {prefix for prefix, _kind in prefixes} == {"91", "92", "93", "51", "52", "12", "Y1"}
    assert prefixes[("92", "个体工商户")] > 200 and prefixes[("93", "农民专业合作社")] > 30


def test_every_role_is_staffed_and_every_department_has_a_head_and_a_data_officer(demo_city: DemoSummary) -> None:
    roles = Counter(Membership.objects.values_list("role", flat=True))
    assert set(roles) == set(Role.values)
    for department in Department.objects.all():
        held = set(department.memberships.values_list("role", flat=True))
        assert {Role.DEPARTMENT_HEAD, Role.DATA_OFFICER} <= held, department.code
    hotline = Membership.objects.filter(department__code=city.HOTLINE_CENTRE, role=Role.DISPATCHER)
    assert hotline.count() >= 8
    assert Membership.objects.filter(department__code=city.SUPERVISION_OFFICE, role=Role.SUPERVISOR).count() >= 2
    assert Membership.objects.filter(department__code=city.DATA_BUREAU, role=Role.SYSADMIN).count() == 2
    assert Department.objects.filter(parent__isnull=False).count() >= 30  # the tree has sub-units


def test_fixed_demo_accounts_exist_with_their_roles_and_the_demo_password(demo_city: DemoSummary) -> None:
    expected = {
        "admin": (Role.SYSADMIN, city.DATA_BUREAU),
        "clerk": (Role.WINDOW_CLERK, city.MARKET_REGULATION),
        "reviewer": (Role.REVIEWER, city.MARKET_REGULATION),
        "head": (Role.DEPARTMENT_HEAD, city.MARKET_REGULATION),
        "dispatcher": (Role.DISPATCHER, city.HOTLINE_CENTRE),
        "dataofficer": (Role.DATA_OFFICER, city.DATA_BUREAU),
        "supervisor": (Role.SUPERVISOR, city.SUPERVISION_OFFICE),
    }
    for username, (role, department_code) in expected.items():
        staff = Staff.objects.get(user__username=username)
        assert staff.memberships.filter(role=role, department__code=department_code).exists(), username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    assert check_password(DEMO_PASSWORD, admin.password)

    citizen = Person.objects.select_related("user").get(phone="13800000001")
    assert citizen.user is not None and (citizen.user.username, citizen.user.phone) == ("p13800000001", "13800000001")
    assert check_password(DEMO_PASSWORD, citizen.user.password)
    agent = Person.objects.select_related("user").get(phone="13800000002")
    assert agent.user is not None and agent.user.phone == "13800000002"
    assert EnterpriseAgent.objects.filter(person=agent, is_active=True).exists()
    assert Person.objects.filter(user__isnull=False).count() == 2
    assert [account.username for account in demo_city.accounts] == [*expected, "13800000001", "13800000002"]


def test_second_run_creates_nothing_and_writes_no_audit_entry(demo_city: DemoSummary) -> None:
    # given
    counts = _row_counts()
    digest = _digest()
    audit = AuditEntry.objects.filter(action="demo.generate")
    assert audit.count() == 1 and audit.get().detail["created"]["persons"] == 5000

    # when
    again = demo_generate(applications=0, appeals=0)

    # then
    assert again.created_total == 0
    assert {table.table: table.present for table in again.tables} == {
        table.table: table.created for table in demo_city.tables
    }
    assert _row_counts() == counts
    assert _digest() == digest
    assert audit.count() == 1


def test_same_seed_gives_the_same_city_and_another_seed_other_people() -> None:
    # when
    first = _fresh_run_digest(7)
    second = _fresh_run_digest(7)
    other = _fresh_run_digest(8)

    # then
    assert first == second
    assert other != first


def test_another_seed_keeps_the_map_and_the_organisation() -> None:
    # given
    demo_generate(seed=1, **SMALL)
    divisions = sorted(Division.objects.values_list("code", "name"))
    departments = sorted(Department.objects.values_list("code", "name"))
    people = set(Person.objects.values_list("id_number", flat=True))

    # when: a second run with another seed adds its own people but no second city
    summary = demo_generate(seed=2, **SMALL)

    # then
    created = {table.table: table.created for table in summary.tables}
    assert created["divisions"] == created["departments"] == created["staff"] == 0
    assert sorted(Division.objects.values_list("code", "name")) == divisions
    assert sorted(Department.objects.values_list("code", "name")) == departments
    assert created["persons"] == SMALL["persons"] - 2  # all but the fixed citizen and agent
    assert people < set(Person.objects.values_list("id_number", flat=True))


def test_command_prints_counts_and_the_demo_accounts() -> None:
    # when
    out = io.StringIO()
    call_command("demo", "--seed", "3", "--persons", "40", "--enterprises", "8", "--applications", "0", stdout=out)

    # then
    text = out.getvalue()
    assert "自然人" in text and "40" in text
    for username in ("admin", "clerk", "reviewer", "head", "dispatcher", "dataofficer", "supervisor"):
        assert f" {username} " in text
    assert DEMO_PASSWORD in text and "/workbench/" in text and "/admin/" in text and "sms.log" in text
    assert Person.objects.count() == 40 and Enterprise.objects.count() == 8
