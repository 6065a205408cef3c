"""Factories for the organisation: divisions, departments, staff with roles, persons, enterprises."""

import datetime

import factory
from django.contrib.auth.hashers import make_password

from zhizhi.accounts.models import Department, Division, Enterprise, Membership, Person, Staff, User
from zhizhi.core.identifiers import id_number_make, uscc_make

PASSWORD = "Correct-Horse-42"
_PASSWORD_HASH = None


def password_hash() -> str:
    """One argon2 hash shared by all test users: hashing is deliberately slow."""
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = "359900"
    name = "示范市"
    level = "city"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"359900-D{n:03d}")
    name = factory.Sequence(lambda n: f"测试局{n}")
    division = factory.SubFactory(DivisionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.LazyFunction(password_hash)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    name = factory.SelfAttribute("user.name")
    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


def staff_with_role(department: Department, role: str, **kwargs: object) -> Staff:
    """A staff member holding `role` in `department`."""
    staff = StaffFactory(**kwargs)
    Membership.objects.create(staff=staff, department=department, role=role)
    return staff


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{'三四五六七八九'[n % 7]}{n}")
    id_number = factory.Sequence(
        lambda n: id_number_make(
            division_code="359902",
            birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 500),
            sequence=n % 500 * 2 + 1,
        )
    )
    sex = "M"
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 500))
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    address = "示范市中山区城关街道解放路12号3栋402室"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"示范市测试{n}有限公司")
    uscc = factory.Sequence(
        lambda n: uscc_make(
            registration_authority="9",
            organisation_kind="1",
            division_code="359902",
            organisation_body8=f"MA{n:06d}",
        )
    )
    kind = "有限责任公司"
    legal_representative = factory.SubFactory(PersonFactory)
