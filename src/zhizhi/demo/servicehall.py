"""The demo city's service hall (一网通办): its catalogue, the registers' e-certificates and months of history.

`servicehall_generate` imports `service_catalogue.json` through `catalogue_import`; gives every demo person a
resident ID card and a household register entry, about 30% of them a property certificate, and every enterprise
its business licence; opens accounts for a pool of citizens (many of them legal representatives); and files about
1,500 applications over the last nine months through the real services (`application_submit`, `task_complete`,
`application_resubmit`, `bundle_submit`, `rating_submit`, the rectification services, `clocks_check`), so that the
audit chain, tasks, timelines, clocks and issued certificates agree with each other.

The services stamp their rows with the current time, so history is replayed under a simulated clock: while it runs,
`django.utils.timezone.now` returns the moment of the step being replayed, the SMS and e-mail copies of these past
notifications are not sent (their inbox rows stay) and SpiffWorkflow's per-task log lines are held back. Audit
entries keep the real time at which the generator wrote them.

Every choice comes from the seed; dates count back from the moment of generation. The catalogue is imported when
one of its items, bundles or certificate types is missing; register certificates are created for holders without
one of that type; accounts and history only when the database holds no application yet.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import logging
import math
import random
import re
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zhizhi.accounts.models import Department, Enterprise, EnterpriseAgent, Membership, Person, Role, User
from zhizhi.core.identifiers import id_number_make, uscc_make
from zhizhi.core.working_days import is_working_day, working_day_on_or_after, working_days_add
from zhizhi.demo import business, city, people
from zhizhi.demo.generator import AGENT_PHONE, CITIZEN_PHONE, DEFAULT_PERSONS, DEMO_PASSWORD, TableCount
from zhizhi.notify import tasks as notify_tasks
from zhizhi.servicehall import interchange, services
from zhizhi.servicehall.form_schema import form_data_clean, form_schema_merge
from zhizhi.servicehall.models import (
    Application,
    Bundle,
    Certificate,
    CertificateType,
    OnlineDepth,
    Rating,
    Rectification,
    ServiceItem,
    ServiceItemVersion,
    Task,
    TaskStatus,
)

logger = logging.getLogger("zhizhi.demo")

CATALOGUE_PATH: Final = Path(__file__).resolve().parent / "service_catalogue.json"
# For the default city of DEFAULT_PERSONS persons, scaled with its size. Through the real services one application
# with its steps takes about 35 ms on SQLite (a quarter of it the audit chain's pure-Python SM3), so 1,500 fit in
# about a minute; with OpenSSL's SM3 in core.audit, 2,000 take 44 s.
DEFAULT_APPLICATIONS: Final = 2000
CITIZEN_POOL: Final = 300  # citizens with an account who file the history (the city has 5,000 persons)
BUNDLE_FILINGS: Final = 40  # filings of each bundle (一件事) in the default history
HISTORY_DAYS: Final = 270
PROPERTY_SHARE: Final = 0.3
RATED_SHARE: Final = 0.6
PROGRESS_EVERY: Final = 250

FIXED_PHONES: Final = (CITIZEN_PHONE, AGENT_PHONE)  # the demo citizen and agent, whose accounts the city opens
SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
PROVINCE_ABBREVIATION: Final = "闽"

# The register certificates every holder gets, by the catalogue's certificate type codes.
RESIDENT_ID: Final = "resident_id"
HOUSEHOLD_REGISTER: Final = "household_register"
BUSINESS_LICENSE: Final = "business_license"
PROPERTY_CERTIFICATE: Final = "property_certificate"

# How the running part of the history is made up, as shares of the single (non-bundle) applications. The rest
# concluded: mostly approved, some denied or refused.
_FATE_SHARES: Final = (
    ("approved", 0.848),
    ("denied", 0.035),
    ("refused", 0.035),
    ("waiting", 0.016),  # 待受理
    ("correction", 0.012),  # 待补正
    ("review", 0.022),  # 审查中, the review (or joint review) open
    ("decision", 0.014),  # 审查中, the decision open
    ("overdue", 0.018),  # stuck at review or decision past its due date
)
_CORRECTED_SHARE: Final = 0.1  # concluded applications that went through one 补正 round trip first
_LATE_SHARE: Final = 0.08  # concluded applications that concluded after their due date
_RETURN_SHARE: Final = 0.02  # decisions sent back to review once
_OBJECTION_SHARE: Final = 0.25  # joint reviews in which one department objects

# Volume by month (Spring Festival in February and National Day in October are quiet; school enrolment and
# graduation make July to September busy).
_MONTH_WEIGHTS: Final = {1: 1.0, 2: 0.65, 3: 1.2, 4: 1.0, 5: 0.95, 6: 1.0, 7: 1.15, 8: 1.1, 9: 1.1, 10: 0.8, 11: 1.0}
_MONTH_WEIGHTS_DEFAULT: Final = 1.05
_OFF_DAY_WEIGHT: Final = 0.2  # online filings on weekends and holidays, relative to a working day

_RATING_LEVELS: Final = (5, 4, 3, 2, 1)
_RATING_WEIGHTS_GOOD: Final = (72, 20, 6, 1.2, 0.8)
_RATING_WEIGHTS_BAD: Final = (38, 25, 17, 12, 8)  # after a late conclusion, a denial or a refusal
_RATING_COMMENTS: Final = {
    5: (
        "全程网办，一次都没跑，点赞！",
        "办理速度很快，工作人员很耐心。",
        "材料可以直接调用电子证照，很方便。",
        "",
        "",
        "",
    ),
    4: ("整体满意，进度提醒再及时一些就更好了。", "办得挺快，就是表单有点长。", "", ""),
    3: ("等待时间有点长。", "咨询电话不太好打通。", ""),
    2: ("材料要求前后说法不一致，补正了两次。", "超过承诺时间才办好，也没人告知进度。"),
    1: ("超期了也没人告知进度，电话一直打不通。", "窗口让我来回跑了三趟，体验很差。"),
}
_RECTIFICATION_ACTIONS: Final = (
    "已约谈相关窗口人员，重新梳理办事指南中的材料要求并在网上公示。",
    "已建立超期预警提醒，办理环节临近时限自动提示承办人。",
    "已增设咨询专线并安排专人接听，一次性告知所需材料。",
)
_VISIT_NOTES: Final = (
    "电话回访申请人，对整改措施表示认可。",
    "回访时申请人表示问题已解决。",
    "回访时申请人仍认为办理时间偏长，已做解释说明。",
)
_OPINIONS: Final = {
    ("accept", "accept"): ("材料齐全，符合法定形式，予以受理。", "经核对，申请材料齐全，予以受理。"),
    ("accept", "correction"): (
        "申请书缺少申请人签名，请补正后重新提交。",
        "上传的证明材料不清晰，请重新上传清晰的扫描件。",
        "申请表填写内容与证明材料不一致，请核对后补正。",
        "缺少相关证明材料，请补充提交。",
    ),
    ("accept", "refuse"): (
        "申请事项不属于本机关职权范围，请向有关部门申请，不予受理。",
        "申请人不符合申请条件，不予受理。",
    ),
    ("review", "pass"): ("经审查，申请材料真实有效，符合法定条件，建议准予。", "审查通过。"),
    ("joint_review", "agree"): ("本部门审查同意。", "经核查，符合本部门要求，同意。"),
    ("joint_review", "object"): ("现场核查不符合相关安全要求，不同意。", "相关证明材料不充分，本部门不同意。"),
    ("decide", "approve"): ("同意。", "准予。"),
    ("decide", "deny"): ("经审查，不符合法定条件，决定不予许可。", "申请人未达到规定标准，不予批准。"),
    ("decide", "return"): ("请进一步核实申请人提交材料的真实性后再报。",),
}
_REASONS: Final = ("情况属实，特此申请。", "因工作和生活需要，特此申请办理。", "本人承诺所填信息真实有效。")
# Items for people of a certain age, by a word in their name: (word, youngest, oldest).
_AGE_FIT: Final = (
    ("高龄", 80, 120),
    ("退休", 50, 66),
    ("养老", 50, 66),
    ("出生", 22, 42),
    ("新生儿", 22, 42),
    ("教师资格", 21, 36),
    ("失业", 20, 55),
    ("退役军人", 24, 70),
)
_CHILD_NAMES: Final = {"男": ("浩宇", "宇轩", "俊熙", "沐宸", "子轩"), "女": ("梓萱", "欣怡", "思琪", "若汐", "一诺")}


# -- entry point -----------------------------------------------------------------------------------------------


def applications_for(persons: int) -> int:
    """How many applications the history of a city of `persons` persons holds by default."""
    return max(0, round(DEFAULT_APPLICATIONS * persons / DEFAULT_PERSONS))


def servicehall_generate(
    *,
    seed: int,
    applications: int = DEFAULT_APPLICATIONS,
    catalogue: Path = CATALOGUE_PATH,
    now: datetime.datetime | None = None,
) -> list[TableCount]:
    """Import the demo catalogue and fill the certificate registers; on a service hall without applications, open
    the citizens' accounts and file `applications` applications of history (none when it is 0)."""
    started = time.monotonic()
    now = now or timezone.now()
    with transaction.atomic():
        certificates = Certificate.objects.count()
        tables = [_catalogue_write(catalogue)]
        _register_certificates_write(seed, today=timezone.localtime(now).date())
        if applications <= 0:
            return [*tables, _created_since(certificates)]
        present = Application.objects.count()
        if present:
            accounts = Person.objects.filter(user__isnull=False).exclude(phone__in=FIXED_PHONES).count()
            return [
                *tables,
                _created_since(certificates),
                TableCount("citizen_accounts", "市民账号", 0, accounts),
                TableCount("applications", "办件", 0, present),
                TableCount("ratings", "好差评", 0, Rating.objects.count()),
            ]
        accounts_table, citizens = _citizen_accounts_write(seed, size=_pool_size(applications))
        _History(seed=seed, citizens=citizens, now=now).write(applications)
        tables += [
            _created_since(certificates),
            accounts_table,
            TableCount("applications", "办件", Application.objects.count(), 0),
            TableCount("ratings", "好差评", Rating.objects.count(), 0),
        ]
    logger.info("service hall demo data written in %.1f s", time.monotonic() - started)
    return tables


def _created_since(certificates: int) -> TableCount:
    """Certificates created since there were `certificates` of them (registers and those applications earned)."""
    return TableCount("certificates", "电子证照", Certificate.objects.count() - certificates, certificates)


def _pool_size(applications: int) -> int:
    return min(CITIZEN_POOL, max(12, applications // 6))


# -- the catalogue ---------------------------------------------------------------------------------------------


def _catalogue_write(path: Path) -> TableCount:
    """Import the catalogue unless every item, bundle and certificate type of it is there already."""
    document = interchange.document_from_json(path.read_bytes())
    codes = [row.implementation_code for row in document.items]
    present = ServiceItem.objects.filter(implementation_code__in=codes, current__isnull=False).count()
    complete = (
        present == len(codes)
        and Bundle.objects.filter(code__in=[b.code for b in document.bundles]).count() == len(document.bundles)
        and CertificateType.objects.filter(code__in=[t.code for t in document.certificate_types]).count()
        == len(document.certificate_types)
    )
    if complete:
        return TableCount("service_items", "政务服务事项", 0, present)
    report = services.catalogue_import(actor=None, document=document)
    return TableCount("service_items", "政务服务事项", report.items_created, len(codes) - report.items_created)


# -- register certificates -------------------------------------------------------------------------------------


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _person_face(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "id_number": person.id_number,
        "sex": "男" if person.sex == "M" else "女",
        "birth_date": person.birth_date.isoformat(),
        "address": person.address,
    }


def _property_face(person: Person, rng: random.Random, number: str) -> dict[str, Any]:
    village = "村" in person.address and "组" in person.address
    if village:
        area = rng.uniform(90, 260)
    else:
        area = rng.choice((rng.uniform(45, 95), rng.uniform(85, 145), rng.uniform(120, 220)))
    return {
        "certificate_no": number,
        "owner": person.name,
        "location": person.address,
        "area": round(area, 2),
        "usage": "宅基地/住宅" if village else "住宅",
    }


def _enterprise_face(enterprise: Enterprise) -> dict[str, Any]:
    capital = enterprise.registered_capital
    face: dict[str, Any] = {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "kind": enterprise.kind,
        "legal_representative": enterprise.legal_representative.name,
        "address": enterprise.address,
    }
    if capital is not None:
        face["registered_capital"] = float(capital)
    if enterprise.registered_on is not None:
        face["registered_on"] = enterprise.registered_on.isoformat()
    return face


@dataclass
class _CertificateRow:
    type: CertificateType
    number: str
    issued_on: datetime.date
    data: dict[str, Any]
    person: Person | None = None
    enterprise: Enterprise | None = None


def _certificate_build(row: _CertificateRow) -> Certificate:
    """A certificate exactly as `services.certificate_create` would record it, digest included."""
    kind = row.type
    holder_name = row.enterprise.name if row.enterprise else row.person.name  # type: ignore[union-attr]
    holder_identifier = row.enterprise.uscc if row.enterprise else row.person.id_number  # type: ignore[union-attr]
    valid_until = (
        services.add_years(row.issued_on, kind.validity_years) - datetime.timedelta(days=1)
        if kind.validity_years
        else None
    )
    clean = {k: v for k, v in row.data.items() if k in kind.field_labels}
    return Certificate(
        number=row.number,
        type=kind,
        person=row.person,
        enterprise=row.enterprise,
        holder_name=holder_name,
        holder_identifier=holder_identifier,
        issuer=kind.issuer,
        issued_on=row.issued_on,
        valid_until=valid_until,
        data=clean,
        digest=services.certificate_digest(
            number=row.number,
            type_code=kind.code,
            holder_identifier=holder_identifier,
            issued_on=row.issued_on,
            valid_until=valid_until,
            data=clean,
        ),
    )


def _register_certificates_write(seed: int, *, today: datetime.date) -> None:
    """Resident ID, household register and (for some) property certificate per person, a licence per enterprise."""
    types = {
        t.code: t for t in CertificateType.objects.select_related("issuer__division").filter(code__in=_REGISTER_TYPES)
    }
    registered = Certificate.objects.filter(type__in=types.values())  # issued by an application too
    have = set(registered.filter(person__isnull=False).values_list("type_id", "person_id"))
    have |= set(registered.filter(enterprise__isnull=False).values_list("type_id", "enterprise_id"))
    rows: list[_CertificateRow] = []
    persons = list(Person.objects.order_by("id_number"))
    for person in persons:
        rng = random.Random(f"{seed}:registers:{person.id_number}")
        face = _person_face(person)
        if RESIDENT_ID in types and (types[RESIDENT_ID].pk, person.pk) not in have:
            kind = types[RESIDENT_ID]
            years = kind.validity_years or 20
            first = max(
                services.add_years(person.birth_date, 16),
                services.add_years(today, -years) + datetime.timedelta(days=60),
            )
            issued_on = _day_between(rng, first, today - datetime.timedelta(days=30))
            rows.append(
                _CertificateRow(kind, _register_number(kind, issued_on, person.pk), issued_on, face, person=person)
            )
        if HOUSEHOLD_REGISTER in types and (types[HOUSEHOLD_REGISTER].pk, person.pk) not in have:
            kind = types[HOUSEHOLD_REGISTER]
            first = max(person.birth_date, datetime.date(1995, 1, 1))
            issued_on = _day_between(rng, first, today - datetime.timedelta(days=60))
            data = {**face, "household_head": person.name, "relation": "户主"}
            rows.append(
                _CertificateRow(kind, _register_number(kind, issued_on, person.pk), issued_on, data, person=person)
            )
    if PROPERTY_CERTIFICATE in types:
        kind = types[PROPERTY_CERTIFICATE]
        for person in persons:
            rng = random.Random(f"{seed}:property:{person.id_number}")  # per person: the same owners every run
            owner = rng.random() < PROPERTY_SHARE or person.phone in FIXED_PHONES
            if not owner or (kind.pk, person.pk) in have:
                continue
            issued_on = _day_between(rng, datetime.date(2010, 1, 1), today - datetime.timedelta(days=90))
            serial = person.pk * 7919 % 10**7  # a bijection on 7 digits: distinct, and scattered like real serials
            number = f"{PROVINCE_ABBREVIATION}({issued_on.year}){city.CITY_NAME}不动产权第{serial:07d}号"
            rows.append(_CertificateRow(kind, number, issued_on, _property_face(person, rng, number), person=person))
    if BUSINESS_LICENSE in types:
        kind = types[BUSINESS_LICENSE]
        for enterprise in Enterprise.objects.select_related("legal_representative").order_by("uscc"):
            if (kind.pk, enterprise.pk) in have:
                continue
            issued_on = enterprise.registered_on or datetime.date(2015, 1, 1)
            rows.append(
                _CertificateRow(kind, enterprise.uscc, issued_on, _enterprise_face(enterprise), enterprise=enterprise)
            )
    certificates = [_certificate_build(row) for row in rows]
    Certificate.objects.bulk_create(certificates, batch_size=1000)


_REGISTER_TYPES: Final = (RESIDENT_ID, HOUSEHOLD_REGISTER, BUSINESS_LICENSE, PROPERTY_CERTIFICATE)


def _register_number(kind: CertificateType, issued_on: datetime.date, holder_pk: int) -> str:
    """Like the numbers `certificate_create` gives, with a 10-digit serial (theirs has 9), so the two never meet;
    never the holder's ID number, which would then travel into audit entries and links."""
    return f"{kind.issuer.division.code}{issued_on:%Y}{kind.pk:03d}{holder_pk:010d}"


# -- citizens who file -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Citizen:
    """A citizen with an account, and the enterprises they may file for."""

    user: User
    person: Person
    enterprises: tuple[Enterprise, ...]


def _citizen_accounts_write(seed: int, *, size: int) -> tuple[TableCount, list[_Citizen]]:
    """Accounts for a pool of citizens: the demo citizen and agent, legal representatives and others."""
    rng = random.Random(f"{seed}:citizens")
    persons = list(Person.objects.order_by("id_number"))
    enterprises = list(Enterprise.objects.select_related("legal_representative").order_by("uscc"))
    fixed = [p for p in persons if p.phone in FIXED_PHONES and p.user_id]
    chosen: dict[int, Person] = {p.pk: p for p in fixed}
    by_pk = {p.pk: p for p in persons}
    for enterprise in rng.sample(enterprises, k=min(len(enterprises), round(size * 0.45))):
        if len(chosen) >= size * 0.45:
            break
        chosen.setdefault(enterprise.legal_representative_id, by_pk[enterprise.legal_representative_id])
    others = [p for p in persons if p.pk not in chosen]
    for person in rng.sample(others, k=max(0, min(len(others), size - len(chosen)))):
        chosen[person.pk] = person
    taken_phones = set(
        User.objects.filter(phone__in=[p.phone for p in chosen.values()]).values_list("phone", flat=True)
    )
    missing = [p for p in chosen.values() if p.user_id is None and p.phone and p.phone not in taken_phones]
    if missing:
        password = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            [User(username=f"p{p.phone}", name=p.name, phone=p.phone, password=password) for p in missing],
            batch_size=1000,
        )
        users = dict(User.objects.filter(username__in=[f"p{p.phone}" for p in missing]).values_list("username", "pk"))
        for person in missing:
            person.user_id = users[f"p{person.phone}"]
        Person.objects.bulk_update(missing, ["user"], batch_size=1000)
    pool = [p for p in chosen.values() if p.user_id is not None]
    users_by_pk = {u.pk: u for u in User.objects.filter(pk__in=[p.user_id for p in pool])}
    represented: dict[int, list[Enterprise]] = defaultdict(list)
    for enterprise in enterprises:
        represented[enterprise.legal_representative_id].append(enterprise)
    by_enterprise = {e.pk: e for e in enterprises}
    for link in EnterpriseAgent.objects.filter(is_active=True, person_id__in=[p.pk for p in pool]):
        acting_for = by_enterprise.get(link.enterprise_id)
        if acting_for is not None and acting_for not in represented[link.person_id]:
            represented[link.person_id].append(acting_for)
    citizens = [
        _Citizen(user=users_by_pk[p.user_id], person=p, enterprises=tuple(represented.get(p.pk, ())))
        for p in sorted(pool, key=lambda p: p.id_number)
        if p.user_id is not None
    ]
    had = [p for p in pool if p not in missing and p.phone not in FIXED_PHONES]
    return TableCount("citizen_accounts", "市民账号", len(missing), len(had)), citizens


# -- replaying the past ----------------------------------------------------------------------------------------


class _Clock:
    """The moment the services take for now while history is replayed."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def now(self) -> datetime.datetime:
        return self.moment


def _not_delivered(notification_id: int) -> None:
    """A past notification stays in the inbox; its SMS and e-mail copies are not sent months late."""


@contextlib.contextmanager
def _replaying(clock: _Clock) -> Iterator[None]:
    """Let the services stamp rows with `clock`'s moment, keep past notifications in the inbox only, and hold back
    SpiffWorkflow's line per task state change."""
    spiff = logging.getLogger("spiff")
    level = spiff.level
    spiff.setLevel(max(level, logging.WARNING))
    try:
        with (
            mock.patch.object(timezone, "now", clock.now),
            mock.patch.object(notify_tasks, "notification_deliver", _not_delivered),
        ):
            yield
    finally:
        spiff.setLevel(level)


def _blank_pdf() -> bytes:
    """A valid one-page A4 PDF (what a scanned material stands in for)."""
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class _Staffing:
    """Who does a task: someone holding its role in its department or, as roles reach sub-units, in a parent;
    where nobody does, the department's head stands in (counted in `stand_ins`)."""

    def __init__(self) -> None:
        self.holders: dict[tuple[int, str], list[User]] = defaultdict(list)
        memberships = Membership.objects.select_related("staff__user").order_by("staff__employee_no")
        for membership in memberships:
            self.holders[(membership.department_id, membership.role)].append(membership.staff.user)
        self.parents = dict(Department.objects.values_list("pk", "parent_id"))
        self.codes = dict(Department.objects.values_list("pk", "code"))
        self.stand_ins: Counter[tuple[str, str]] = Counter()
        self.supervisors = sorted(
            {user for (_department, role), users in self.holders.items() if role == Role.SUPERVISOR for user in users},
            key=lambda user: user.username,
        )

    def _holders(self, department_id: int | None, role: str) -> list[User]:
        while department_id is not None:
            users = self.holders.get((department_id, role))
            if users:
                return users
            department_id = self.parents.get(department_id)
        return []

    def user_for(self, rng: random.Random, *, department_id: int | None, role: str) -> User:
        users = self._holders(department_id, role)
        if not users:
            self.stand_ins[(self.codes.get(department_id or 0, "?"), role)] += 1
            users = self._holders(department_id, Role.DEPARTMENT_HEAD)
        if not users:
            raise RuntimeError(f"no staff can do {role} tasks of department {self.codes.get(department_id or 0)}")
        return rng.choice(users)


def _founds_enterprise(version: ServiceItemVersion) -> bool:
    """Whether the item registers a new enterprise (its approval issues a business licence)."""
    return version.issues_certificate is not None and version.issues_certificate.code == BUSINESS_LICENSE


def _working_days_back(day: datetime.date, days: int) -> datetime.date:
    """The working day `days` working days before `day`."""
    counted = 0
    while counted < days:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def _local(day: datetime.date, hour: float) -> datetime.datetime:
    minutes = round(hour * 60)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=SHANGHAI)


def _quotas(total: int, shares: Sequence[tuple[str, float]], *, at_least_one: bool) -> list[str]:
    """`total` labels in the given shares (largest remainder); with `at_least_one`, every label where room allows."""
    counts = {label: math.floor(total * share) for label, share in shares}
    remainders = sorted(shares, key=lambda pair: (math.floor(total * pair[1]) - total * pair[1], pair[0]))
    for label, _share in remainders[: total - sum(counts.values())]:
        counts[label] += 1
    if at_least_one and total >= 2 * len(shares):
        for label, _share in shares:
            if counts[label] == 0:
                largest = max(counts, key=lambda key: counts[key])
                counts[largest] -= 1
                counts[label] = 1
    return [label for label, _share in shares for _ in range(counts[label])]


@dataclass
class _Step:
    """One thing that happens to an application at a moment."""

    moment: datetime.datetime
    kind: str  # accept, resubmit, review, decide, claim, rate, rectify, visit
    outcome: str = ""


@dataclass
class _Plan:
    """An application to file and what happens to it."""

    submitted_at: datetime.datetime
    version: ServiceItemVersion
    citizen: _Citizen
    enterprise: Enterprise | None
    fate: str
    steps: list[_Step] = field(default_factory=list)
    bundle: Bundle | None = None
    parts: list[_Plan] = field(default_factory=list)  # a bundle filing's applications, in part order


class _History:
    """Plans the service hall's past from the seed and replays it through the services."""

    def __init__(self, *, seed: int, citizens: Sequence[_Citizen], now: datetime.datetime) -> None:
        self.rng = random.Random(f"{seed}:history")
        self.now = now
        self.cutoff = now - datetime.timedelta(minutes=5)
        self.today = timezone.localtime(now).date()
        self.clock = _Clock(now)
        self.staffing = _Staffing()
        self.citizens = list(citizens)
        self.employers = [c for c in self.citizens if c.enterprises]
        self.pdf = _blank_pdf()
        self.versions = [
            item.current
            for item in ServiceItem.objects.filter(
                is_active=True, current__isnull=False, current__online_depth__gte=OnlineDepth.ONLINE_FILING
            )
            .select_related("current__item__department", "current__process", "current__issues_certificate")
            .prefetch_related("current__materials__certificate_type", "current__joint_departments")
            .order_by("implementation_code")
            if item.current is not None
        ]
        self.popularity = self._popularity()
        self.held: dict[tuple[str, int], dict[str, Certificate]] = defaultdict(dict)
        holders = [c.person.pk for c in self.citizens]
        firms = sorted({e.pk for c in self.citizens for e in c.enterprises})
        usable = Certificate.objects.filter(status=Certificate.Status.VALID).select_related("type")
        for certificate in usable.filter(person_id__in=holders).order_by("issued_on", "id"):
            self.held[("person", certificate.person_id)][certificate.type.code] = certificate  # type: ignore[index]
        for certificate in usable.filter(enterprise_id__in=firms).order_by("issued_on", "id"):
            self.held[("enterprise", certificate.enterprise_id)][certificate.type.code] = certificate  # type: ignore[index]
        self.first_day = self.today - datetime.timedelta(days=HISTORY_DAYS)
        self.days = [self.first_day + datetime.timedelta(days=i) for i in range(HISTORY_DAYS)]
        weights = [
            _MONTH_WEIGHTS.get(day.month, _MONTH_WEIGHTS_DEFAULT)
            * (1.0 if is_working_day(day) else _OFF_DAY_WEIGHT)
            * (0.85 + 0.3 * index / HISTORY_DAYS)  # online filing grows through the year
            for index, day in enumerate(self.days)
        ]
        self.cumulative = list(itertools.accumulate(weights))
        self.filed = 0
        self.cut_short = 0  # steps planned for after the moment of generation, left undone

    # -- what to file --------------------------------------------------------------------------------------------

    def _popularity(self) -> list[float]:
        """A long tail: a few items draw most applications; items for persons a little more."""
        order = list(range(len(self.versions)))
        self.rng.shuffle(order)
        rank = {index: position for position, index in enumerate(order)}
        return [
            (1.3 if "person" in v.service_objects else 1.0) / (rank[i] + 1) ** 0.9 for i, v in enumerate(self.versions)
        ]

    def _fileable(self, version: ServiceItemVersion) -> bool:
        return "person" in version.service_objects or bool(self.employers)

    def _suits(self, version: ServiceItemVersion, fate: str) -> bool:
        """Whether an item can have an application of this fate: 即办件 are done the day they are filed."""
        if not self._fileable(version):
            return False
        if fate in ("review", "decision"):
            return version.promised_limit_days >= 3
        if fate in ("waiting", "correction", "overdue"):
            return version.promised_limit_days >= 1
        return True

    def _version_for(self, fate: str, covered: set[int]) -> ServiceItemVersion:
        candidates = [(i, v) for i, v in enumerate(self.versions) if self._suits(v, fate)]
        if not candidates:
            candidates = [(i, v) for i, v in enumerate(self.versions) if self._fileable(v)]
        uncovered = [(i, v) for i, v in candidates if i not in covered]
        if fate == "approved" and uncovered:  # every item gets some history before the long tail takes over
            index, version = uncovered[0]
        else:
            index, version = self.rng.choices(candidates, weights=[self.popularity[i] for i, _v in candidates])[0]
        covered.add(index)
        return version

    def _applicant_for(self, version: ServiceItemVersion) -> tuple[_Citizen, Enterprise | None]:
        """A citizen for whom the item makes sense, filing for an enterprise they act for where it is one's item;
        whoever founds an enterprise files as a person."""
        objects = version.service_objects
        founding = _founds_enterprise(version)
        acts_for_enterprise = "person" not in objects or self.rng.random() < 0.65
        if self.employers and "enterprise" in objects and not founding and acts_for_enterprise:
            citizen = self.rng.choice(self.employers)
            return citizen, self.rng.choice(citizen.enterprises)
        return self._citizen_for(version.name, version), None

    def _citizen_for(self, name: str, version: ServiceItemVersion | None = None) -> _Citizen:
        """A citizen of an age the item is for (高龄津贴 80+, 出生 22–42 …), any adult otherwise; mostly one who
        holds the registers' certificates the item asks for (the owner of the flat sells it)."""
        low, high = next(((lo, hi) for word, lo, hi in _AGE_FIT if word in name), (18, 120))
        fitting = [c for c in self.citizens if low <= self.today.year - c.person.birth_date.year <= high]
        fitting = fitting or self.citizens
        wanted = {
            m.certificate_type.code
            for m in (version.materials.all() if version else ())
            if m.requirement == "required" and m.certificate_type and m.certificate_type.code in _REGISTER_TYPES
        }
        holding = [c for c in fitting if wanted <= set(self.held.get(("person", c.person.pk), {}))]
        return self.rng.choice(holding if holding and self.rng.random() < 0.85 else fitting)

    def _day_until(self, latest: datetime.date) -> datetime.date:
        """A day of the history up to `latest`, drawn with the season's and the week's volume."""
        end = min(max((latest - self.first_day).days, 0), HISTORY_DAYS - 1)
        point = self.rng.random() * self.cumulative[end]
        return self.days[min(bisect_right(self.cumulative, point), end)]

    def _filing_moment(self, day: datetime.date, *, limit: int = 5) -> datetime.datetime:
        """When a citizen files online: mostly office hours, many in the evening, weekends less; items done on the
        spot (即办件) or the next day are filed in office hours on a working day."""
        rng = self.rng
        if limit <= 1:
            return _local(working_day_on_or_after(day), rng.choice((rng.uniform(8.5, 11.5), rng.uniform(14.5, 16.5))))
        if not is_working_day(day):
            return _local(day, rng.uniform(9, 22))
        shape = rng.random()
        if shape < 0.55:
            return _local(day, rng.choice((rng.uniform(8.5, 12), rng.uniform(14.5, 17.5))))
        if shape < 0.85:
            return _local(day, rng.uniform(19, 23))
        return _local(day, rng.choice((rng.uniform(7, 8.5), rng.uniform(12, 14.5), rng.uniform(17.5, 19))))

    def _office_moment(self, day: datetime.date) -> datetime.datetime:
        rng = self.rng
        return _local(day, rng.uniform(8.5, 12) if rng.random() < 0.55 else rng.uniform(14.5, 17.5))

    def _after(self, previous: datetime.datetime, day: datetime.date) -> datetime.datetime:
        """An office moment on `day` (or the next working day) that comes after `previous`: on the same day soon
        after it, before the office closes."""
        since = timezone.localtime(previous, SHANGHAI)
        day = working_day_on_or_after(max(day, since.date()))
        if day == since.date() and since.hour + since.minute / 60 >= 8.5:
            closing = _local(day, 17.9)
            if previous + datetime.timedelta(minutes=5) < closing:
                room = min(datetime.timedelta(minutes=120), closing - previous)
                return (
                    previous
                    + datetime.timedelta(minutes=5)
                    + (room - datetime.timedelta(minutes=5)) * self.rng.random()
                )
            day = working_days_add(day, 1)
        return self._office_moment(day)

    # -- plans ---------------------------------------------------------------------------------------------------

    def plans(self, applications: int) -> list[_Plan]:
        """Every filing of the history, in the order it was filed."""
        bundles = list(
            Bundle.objects.filter(is_active=True)
            .prefetch_related("parts__item__current__materials__certificate_type", "parts__item__current__process")
            .order_by("code")
        )
        online = OnlineDepth.ONLINE_FILING
        bundles = [
            b for b in bundles if all(p.item.current and p.item.current.online_depth >= online for p in b.parts.all())
        ]
        sizes = [len(b.parts.all()) for b in bundles]
        per_bundle = round(BUNDLE_FILINGS * applications / DEFAULT_APPLICATIONS)
        if bundles and sizes and per_bundle * sum(sizes) > applications // 3:
            per_bundle = applications // 3 // sum(sizes)
        per_bundle = max(per_bundle, 1) if bundles and applications >= 4 * sum(sizes) else per_bundle
        plans = self._single_plans(applications - per_bundle * sum(sizes))
        for bundle in bundles:
            plans += [self._bundle_plan(bundle) for _ in range(per_bundle)]
        self._fixed_accounts_plans(plans)
        plans.sort(key=lambda plan: plan.submitted_at)
        return plans

    def _single_plans(self, count: int) -> list[_Plan]:
        fates = _quotas(count, _FATE_SHARES, at_least_one=True)
        self.rng.shuffle(fates)
        covered: set[int] = set()
        plans = []
        for fate in fates:
            version = self._version_for(fate, covered)
            citizen, enterprise = self._applicant_for(version)
            plan = _Plan(submitted_at=self.now, version=version, citizen=citizen, enterprise=enterprise, fate=fate)
            self._timetable(plan)
            plans.append(plan)
        return plans

    def _bundle_plan(self, bundle: Bundle) -> _Plan:
        versions = [p.item.current for p in bundle.parts.all() if p.item.current is not None]
        needs_enterprise = any("person" not in v.service_objects for v in versions)
        if needs_enterprise and self.employers:
            citizen = self.rng.choice(self.employers)
            enterprise: Enterprise | None = self.rng.choice(citizen.enterprises)
        else:
            citizen, enterprise = self._citizen_for(bundle.name), None
        limit = min(v.promised_limit_days for v in versions)
        moment = self._filing_moment(self._day_until(_working_days_back(self.today, 1)), limit=limit)
        filing = _Plan(
            submitted_at=moment,
            version=versions[0],
            citizen=citizen,
            enterprise=enterprise,
            fate="bundle",
            bundle=bundle,
        )
        for version in versions:
            fate = self.rng.choices(("approved", "refused", "denied"), weights=(94, 3, 3))[0]
            part = _Plan(submitted_at=moment, version=version, citizen=citizen, enterprise=enterprise, fate=fate)
            self._timetable(part, submitted=True)
            filing.parts.append(part)
        return filing

    def _fixed_accounts_plans(self, plans: list[_Plan]) -> None:
        """The demo citizen and the demo agent file a few of the applications, in states worth showing (for the
        agent, as the enterprise); where the item does not suit them, another one of that fate takes its place."""
        wanted = [
            (CITIZEN_PHONE, "person", ("approved", "approved", "correction", "review", "waiting")),
            (AGENT_PHONE, "enterprise", ("approved", "decision")),
        ]
        taken: set[int] = set()
        for phone, audience, fates in wanted:
            citizen = next((c for c in self.citizens if c.person.phone == phone), None)
            if citizen is None or (audience == "enterprise" and not citizen.enterprises):
                continue
            for fate in fates:
                plan = next((p for p in plans if p.bundle is None and p.fate == fate and id(p) not in taken), None)
                fitting = [
                    v
                    for v in self.versions
                    if audience in v.service_objects and self._suits(v, fate) and not _founds_enterprise(v)
                ]
                if plan is None or not fitting:
                    continue
                taken.add(id(plan))
                plan.citizen = citizen
                plan.enterprise = citizen.enterprises[0] if audience == "enterprise" else None
                if plan.version not in fitting:
                    plan.version = self.rng.choice(fitting)
                    plan.steps = []
                    self._timetable(plan)

    def _timetable(self, plan: _Plan, *, submitted: bool = False) -> None:
        """Choose when the application is filed (unless `submitted`) and when each later step happens."""
        rng = self.rng
        fate = plan.fate
        limit = plan.version.promised_limit_days
        concluded = fate in ("approved", "denied", "refused")
        accept_k = min(limit, rng.choices((0, 1, 2), weights=(50, 35, 15))[0])
        late = concluded and limit > 0 and rng.random() < _LATE_SHARE
        if limit == 0:
            finish_k = 0
        elif late:
            finish_k = limit + rng.randint(1, max(2, math.ceil(limit * 0.4)))
        else:
            finish_k = rng.randint(max(accept_k, math.ceil(limit * 0.3)), limit)
        finish_k = max(finish_k, accept_k)
        review_k = accept_k + round((finish_k - accept_k) * rng.uniform(0.35, 0.8))
        if not submitted:
            plan.submitted_at = self._submission(plan, limit, finish_k)
        start = timezone.localtime(plan.submitted_at, SHANGHAI).date()
        if fate == "correction" or fate == "decision":
            accept_k = min(accept_k, 1)
        if fate == "review" or fate == "decision" or fate == "correction" or fate == "overdue":
            back = self._working_days_since(start)
            accept_k = min(accept_k, max(back - 1, 0))
            review_k = min(max(review_k, accept_k + 1), max(back - 1, accept_k))
            if fate == "decision" and review_k <= accept_k and back >= 2:
                review_k = accept_k + 1

        def day(k: int) -> datetime.date:
            return working_days_add(base, k) if k > 0 else working_day_on_or_after(base)

        base = start
        steps = plan.steps
        moment = self._after(plan.submitted_at, day(accept_k))
        if fate == "waiting":
            return
        corrected = fate == "correction" or (fate in ("approved", "denied") and rng.random() < _CORRECTED_SHARE)
        if corrected:
            steps.append(_Step(moment, "accept", "correction"))
            if fate == "correction":
                return
            again = timezone.localtime(moment, SHANGHAI).date() + datetime.timedelta(days=rng.randint(1, 6))
            if limit <= 1:  # brought to the window, or filed online while it is open
                again = working_day_on_or_after(again)
                resubmitted = _local(again, rng.uniform(8.5, 16))
            else:
                resubmitted = _local(again, rng.uniform(8, 22.5))
            steps.append(_Step(resubmitted, "resubmit"))
            base, review_k, finish_k = again, review_k - accept_k, finish_k - accept_k
            accept_k = 0
            moment = self._after(resubmitted, day(0))
        if fate == "refused":
            steps.append(_Step(moment, "accept", "refuse"))
            self._rating_steps(plan, moment, unhappy=True)
            return
        steps.append(_Step(moment, "accept", "accept"))
        if fate == "review" or (fate == "overdue" and rng.random() < 0.6):
            self._claim_step(plan, moment)
            return
        objection = plan.version.process.key == "joint_review" and rng.random() < _OBJECTION_SHARE
        moment = self._after(moment, day(review_k))
        steps.append(_Step(moment, "review", "object" if objection else "pass"))
        if fate in ("decision", "overdue"):
            self._claim_step(plan, moment)
            return
        moment = self._after(moment, day(finish_k))
        if rng.random() < _RETURN_SHARE and plan.version.process.key == "standard" and limit >= 3:
            steps.append(_Step(moment, "decide", "return"))
            moment = self._after(moment, timezone.localtime(moment, SHANGHAI).date() + datetime.timedelta(days=1))
            steps.append(_Step(moment, "review", "pass"))
            moment = self._after(moment, timezone.localtime(moment, SHANGHAI).date() + datetime.timedelta(days=1))
        denied = fate == "denied" or (objection and rng.random() < 0.6)
        steps.append(_Step(moment, "decide", "deny" if denied else "approve"))
        self._rating_steps(plan, moment, unhappy=denied or late)

    def _working_days_since(self, day: datetime.date) -> int:
        count, cursor = 0, day
        while cursor < self.today:
            cursor += datetime.timedelta(days=1)
            if is_working_day(cursor) and cursor < self.today:
                count += 1
        return count

    def _submission(self, plan: _Plan, limit: int, finish_k: int) -> datetime.datetime:
        """When an application with this fate was filed: concluded ones long enough ago to have concluded by now,
        running ones recently enough to be running, overdue ones just too long ago."""
        rng, fate = self.rng, plan.fate
        if fate == "waiting":
            earliest = _local(_working_days_back(self.today, 1), 12)
            return earliest + (self.cutoff - earliest) * rng.uniform(0.05, 0.95)
        if fate == "correction":
            back = rng.randint(2, 8)
        elif fate == "review":
            back = rng.randint(1, min(3, limit - 1))
        elif fate == "decision":
            back = rng.randint(2, max(2, min(limit - 1, 6)))
        elif fate == "overdue":
            back = rng.randint(limit + 2, limit + 12)
        else:
            latest = _working_days_back(self.today, math.ceil(finish_k * 1.2) + 12)
            return self._filing_moment(self._day_until(latest), limit=limit)
        return _local(_working_days_back(self.today, back), rng.uniform(8.5, 10.5))

    def _claim_step(self, plan: _Plan, after: datetime.datetime) -> None:
        """Half the waiting staff tasks are claimed (办理中) by the one who will handle them."""
        if self.rng.random() < 0.5:
            plan.steps.append(_Step(after + datetime.timedelta(minutes=self.rng.uniform(20, 240)), "claim"))

    def _rating_steps(self, plan: _Plan, concluded: datetime.datetime, *, unhappy: bool) -> None:
        rng = self.rng
        if rng.random() >= RATED_SHARE:
            return
        weights = _RATING_WEIGHTS_BAD if unhappy else _RATING_WEIGHTS_GOOD
        level = rng.choices(_RATING_LEVELS, weights=weights)[0]
        rated = concluded + datetime.timedelta(hours=rng.uniform(0.3, 60))
        plan.steps.append(_Step(rated, "rate", str(level)))
        if level > 2 or rng.random() >= 0.8:
            return
        rectified = self._after(rated, working_days_add(timezone.localtime(rated, SHANGHAI).date(), rng.randint(2, 10)))
        plan.steps.append(_Step(rectified, "rectify"))
        if rng.random() < 0.85:
            visited = self._after(
                rectified, working_days_add(timezone.localtime(rectified, SHANGHAI).date(), rng.randint(1, 5))
            )
            plan.steps.append(_Step(visited, "visit"))

    # -- replay --------------------------------------------------------------------------------------------------

    def write(self, applications: int) -> None:
        """File the history and move each application through its steps, then check the clocks as of now."""
        plans = self.plans(applications)
        started = time.monotonic()
        with _replaying(self.clock):
            for plan in plans:
                if plan.bundle is not None:
                    filed = self._file_bundle(plan)
                    for part, application in zip(plan.parts, filed, strict=True):
                        self._replay(part, application)
                else:
                    self._replay(plan, self._file(plan))
                if self.filed // PROGRESS_EVERY != (self.filed - len(plan.parts or [plan])) // PROGRESS_EVERY:
                    logger.info(
                        "service hall history: %d of %d applications (%.0f s)",
                        self.filed,
                        applications,
                        time.monotonic() - started,
                    )
            self.clock.moment = self.now
            services.clocks_check(day=self.today)
        for (department, role), count in sorted(self.staffing.stand_ins.items()):
            logger.info("no %s in %s or above it: its head did %d such tasks", role, department, count)
        if self.cut_short:
            logger.info("%d applications had steps planned after now, left undone", self.cut_short)

    def _pdf(self, name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(f"{name[:60]}.pdf", self.pdf, content_type="application/pdf")

    def certificates_of(self, citizen: _Citizen, enterprise: Enterprise | None) -> dict[str, Certificate]:
        held = dict(self.held.get(("person", citizen.person.pk), {}))
        if enterprise is not None:
            held.update(self.held.get(("enterprise", enterprise.pk), {}))
        return held

    def _materials(
        self, version: ServiceItemVersion, citizen: _Citizen, enterprise: Enterprise | None, *, prefix: str = ""
    ) -> tuple[dict[str, Any], dict[str, int], set[str]]:
        """Uploads and reused certificates for the materials: most citizens let the hall fetch what it holds."""
        held = self.certificates_of(citizen, enterprise)
        uploads: dict[str, Any] = {}
        reuse: dict[str, int] = {}
        reused: set[str] = set()
        for spec in version.materials.all():
            certificate = held.get(spec.certificate_type.code) if spec.certificate_type else None
            if certificate is not None and self.rng.random() < 0.85:
                reuse[prefix + spec.code] = certificate.pk
                reused.add(certificate.type.code)
            elif spec.form == "paper":
                continue
            elif spec.requirement == "required" or self.rng.random() < 0.35:
                uploads[prefix + spec.code] = self._pdf(spec.name)
        return uploads, reuse, reused

    def _file(self, plan: _Plan) -> Application:
        self.clock.moment = plan.submitted_at
        uploads, reuse, reused = self._materials(plan.version, plan.citizen, plan.enterprise)
        form = _Form(self, plan, reused).values(plan.version.form_schema)
        self.filed += 1
        return services.application_submit(
            user=plan.citizen.user,
            version=plan.version,
            form_data=form,
            supplied=services.Supplied(uploads=uploads, reuse=reuse, consent=bool(reuse)),
            enterprise_id=plan.enterprise.pk if plan.enterprise else None,
            submitted_at=plan.submitted_at,
        )

    def _file_bundle(self, plan: _Plan) -> list[Application]:
        self.clock.moment = plan.submitted_at
        uploads: dict[str, Any] = {}
        reuse: dict[str, int] = {}
        for part in plan.parts:
            prefix = f"{part.version.item.implementation_code}/"
            more = self._materials(part.version, plan.citizen, plan.enterprise, prefix=prefix)
            uploads.update(more[0])
            reuse.update(more[1])
        schema = form_schema_merge([part.version.form_schema for part in plan.parts])
        assert plan.bundle is not None
        filing = services.bundle_submit(
            user=plan.citizen.user,
            bundle=plan.bundle,
            form_data=_Form(self, plan, set()).values(schema),  # bundle_submit checks the form before any prefill
            supplied=services.Supplied(uploads=uploads, reuse=reuse, consent=bool(reuse)),
            enterprise_id=plan.enterprise.pk if plan.enterprise else None,
        )
        self.filed += len(plan.parts)
        by_version = {a.version_id: a for a in filing.parts.all()}
        return [by_version[part.version.pk] for part in plan.parts]

    def _replay(self, plan: _Plan, application: Application) -> None:
        for step in plan.steps:
            if step.moment >= self.cutoff:
                self.cut_short += 1
                return
            self.clock.moment = step.moment
            if step.kind in ("accept", "review", "decide"):
                self._complete(application, step)
                if step.kind == "decide" and step.outcome == "approve" and plan.version.issues_certificate_id:
                    self._certificate_keep(application)
            elif step.kind == "resubmit":
                material = next((s for s in plan.version.materials.all() if s.form != "paper"), None)
                uploads = {material.code: self._pdf(f"{material.name}（补正）")} if material else {}
                services.application_resubmit(
                    user=plan.citizen.user, application=application, form_data={}, supplied=services.Supplied(uploads)
                )
            elif step.kind == "claim":
                task = Task.objects.filter(application=application, status=TaskStatus.OPEN).exclude(role="applicant")
                for open_task in task.order_by("id")[:1]:
                    actor = self.staffing.user_for(self.rng, department_id=open_task.department_id, role=open_task.role)
                    services.task_claim(actor=actor, task=open_task)
            elif step.kind == "rate":
                application = Application.objects.get(pk=application.pk)
                level = int(step.outcome)
                comment = self.rng.choice(_RATING_COMMENTS[level])
                services.rating_submit(user=plan.citizen.user, application=application, level=level, comment=comment)
            elif step.kind in ("rectify", "visit"):
                self._rectification_step(application, step)

    def _complete(self, application: Application, step: _Step) -> None:
        specs = {"accept": ("accept",), "review": ("review", "joint_review"), "decide": ("decide",)}[step.kind]
        tasks = list(
            Task.objects.filter(
                application=application, spec__in=specs, status__in=[TaskStatus.OPEN, TaskStatus.CLAIMED]
            ).order_by("id")
        )
        moment = step.moment
        for index, task in enumerate(tasks):
            outcome = step.outcome
            if task.spec == "joint_review":
                outcome = "object" if outcome == "object" and index == len(tasks) - 1 else "agree"
            elif task.spec == "review":
                outcome = "pass" if outcome == "object" else outcome
            if index:
                moment += datetime.timedelta(minutes=self.rng.uniform(15, 120))
            self.clock.moment = moment
            actor = (
                task.claimed_by.user
                if task.claimed_by is not None
                else self.staffing.user_for(self.rng, department_id=task.department_id, role=task.role)
            )
            opinion = self.rng.choice(_OPINIONS[(task.spec, outcome)])
            services.task_complete(actor=actor, task=task, outcome=outcome, opinion=opinion, when=moment)

    def _certificate_keep(self, application: Application) -> None:
        """An issued certificate can be reused by its holder's later applications."""
        certificate = Certificate.objects.filter(application=application).select_related("type").first()
        if certificate is None:
            return
        if certificate.enterprise_id:
            self.held[("enterprise", certificate.enterprise_id)].setdefault(certificate.type.code, certificate)
        elif certificate.person_id:
            self.held[("person", certificate.person_id)].setdefault(certificate.type.code, certificate)

    def _rectification_step(self, application: Application, step: _Step) -> None:
        rectification = Rectification.objects.filter(rating__application=application).first()
        if rectification is None:
            return
        if step.kind == "rectify":
            head = self.staffing.user_for(
                self.rng, department_id=rectification.department_id, role=Role.DEPARTMENT_HEAD
            )
            services.rectification_report(
                actor=head, rectification=rectification, action=self.rng.choice(_RECTIFICATION_ACTIONS)
            )
        else:  # the supervision office calls the applicant back
            services.rectification_visit(
                actor=self.rng.choice(self.staffing.supervisors),
                rectification=rectification,
                note=self.rng.choice(_VISIT_NOTES),
                satisfied=self.rng.random() < 0.75,
            )


# -- application forms -----------------------------------------------------------------------------------------

# What citizens write into free-text fields, by field key.
_FIELD_TEXTS: Final[dict[str, tuple[str, ...]]] = {
    "business_scope": (
        "餐饮服务；食品销售",
        "软件开发；信息技术咨询服务",
        "日用百货、五金交电零售",
        "茶叶种植、加工及销售",
    ),
    "business_items": (
        "热食类食品制售；冷食类食品制售",
        "预包装食品（含冷藏冷冻食品）销售",
        "散装食品销售；保健食品销售",
    ),
    "permitted_scope": ("汽油、柴油（闭杯闪点≤60℃）", "甲苯、二甲苯、丙酮、乙醇", "液化石油气"),
    "crop_species": ("水稻", "玉米、大豆", "蔬菜（番茄、辣椒）"),
    "industry_category": ("食品制造业", "纺织业", "非金属矿物制品业", "电子器件制造"),
    "main_pollutants": ("化学需氧量、氨氮", "颗粒物、二氧化硫、氮氧化物", "挥发性有机物"),
    "subject": ("语文", "数学", "英语", "音乐", "学前教育"),
    "destination": ("上海市", "广东省深圳市", "海南省三亚市", "浙江省杭州市"),
    "birth_place": (f"{city.CITY_NAME}妇幼保健院", f"{city.CITY_NAME}第一医院", f"{city.CITY_NAME}中医院"),
    "seal_maker": (f"{city.CITY_NAME}诚信印章有限公司", f"{city.CITY_NAME}金印刻章服务部"),
    "case_name": ("无证经营食品案", "销售过期食品案", "虚假宣传案", "价格欺诈案"),
    "case_summary": ("申请人在用人单位工作两年，单位拖欠工资四个月，请求支付拖欠的劳动报酬。",),
    "claim": ("请求依法确认争议土地的使用权归申请人所有。",),
    "design_summary": ("地上十八层、地下一层框架结构，配建地下停车场。", "三层钢结构厂房及配套办公楼。"),
    "safety_system": ("已建立安全生产责任制、车辆动态监控和驾驶员安全教育制度。",),
    "sanitation_measures": ("配备消毒间、通风换气设施，公共用品用具一客一换一消毒。",),
    "traffic_plan": ("分两期半幅施工，设置围挡和交通导改标志，夜间设警示灯。",),
    "resume": ("2016年至2020年就读于示范师范学院，2020年起在示范市实验小学任教。",),
    "job_intention": ("希望从事行政文员或仓储物流相关工作。", "会计、出纳类岗位。"),
    "application_reason": ("家庭成员患重病，收入微薄，生活困难，特申请最低生活保障。",),
    "project_name": ("示范市滨江花园二期项目", "示范市智能制造产业园厂房工程", "示范市东湖片区配套道路工程"),
    "construction_contractor": ("示范市建工集团有限公司", "福建省示范建设工程有限公司"),
    "supervision_unit": ("示范市建设监理有限公司",),
    "opposing_party": ("示范市鑫源房地产开发有限公司", "东湖区某建筑劳务有限公司"),
    "usage": ("住宅", "成套住宅"),
    "former_employer": ("示范市恒通物流有限公司", "示范市华兴电子有限公司", "示范市瑞丰食品有限公司"),
}
_DIGITS: Final = "0123456789"


def _sample_text(candidates: Sequence[str], pattern: str | None, max_length: int | None) -> str | None:
    """The first candidate that fits the field's pattern (applied as the form checks it) and length."""
    for candidate in candidates:
        if not candidate or (max_length is not None and len(candidate) > max_length):
            continue
        if pattern is None or re.search(pattern, candidate, re.ASCII):
            return candidate
    return None


class _Form:
    """Values a citizen would type into an application form, from their own registers where a field asks."""

    def __init__(self, history: _History, plan: _Plan, reused: set[str]) -> None:
        self.rng = rng = history.rng
        self.plan = plan
        self.person = plan.citizen.person
        self.reused = reused
        self.newborn = False  # set per form: whether it is about a newborn child
        self.day = timezone.localtime(plan.submitted_at, SHANGHAI).date()
        held = history.certificates_of(plan.citizen, plan.enterprise)
        self.faces: dict[str, Mapping[str, Any]] = {code: c.data for code, c in held.items()}
        self.enterprise: dict[str, Any] = {}
        versions = [p.version for p in plan.parts] or [plan.version]
        founding = any(_founds_enterprise(v) for v in versions)
        if plan.enterprise is not None and not founding:
            self.enterprise = _enterprise_face(plan.enterprise)
        else:  # the enterprise this citizen is about to found
            body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
            county = rng.choice(city.COUNTIES)
            self.enterprise = {
                "name": f"{city.CITY_NAME}{rng.choice(business.TRADE_NAMES)}{rng.choice(business.INDUSTRIES)}有限公司",
                "uscc": uscc_make(
                    registration_authority="9",
                    organisation_kind="1",
                    division_code=county.code,
                    organisation_body8=body,
                ),
                "kind": "有限责任公司",
                "legal_representative": self.person.name,
                "registered_capital": float(rng.choice((10, 30, 50, 100, 200, 500))),
                "address": f"{county.address_prefix}{rng.choice(county.streets).name}{rng.randint(1, 200)}号",
            }
        child_born = self.day - datetime.timedelta(days=rng.randint(2, 40))
        child_sex = rng.choice(("男", "女"))
        self.child = {
            "child_name": self.person.name[0] + rng.choice(_CHILD_NAMES[child_sex]),
            "child_sex": child_sex,
            "birth_date": child_born.isoformat(),
            "id_number": id_number_make(
                division_code=self.person.id_number[:6] if self.person.division_id else city.COUNTIES[0].code,
                birth_date=child_born,
                sequence=rng.randrange(500) * 2 + (1 if child_sex == "男" else 0),
            ),
        }
        other_born = datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        other_sex = rng.choice("MF")
        self.other = {  # a counterpart: the buyer of a flat, say
            "name": people.person_name(rng, sex=other_sex, birth_year=other_born.year),
            "id_number": id_number_make(
                division_code=rng.choice(city.COUNTIES).code,
                birth_date=other_born,
                sequence=rng.randrange(500) * 2 + (1 if other_sex == "M" else 0),
            ),
        }

    def values(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """Form data that `form_data_clean` accepts; fields the hall prefills from reused certificates stay empty."""
        required = set(schema.get("required", []))
        self.newborn = "child_name" in schema.get("properties", {})
        values: dict[str, Any] = {}
        for key, spec in schema.get("properties", {}).items():
            source = spec.get("x-from")
            if isinstance(source, Mapping) and self._prefilled(source):
                continue
            if key not in required and self.rng.random() < 0.5:
                continue  # optional fields: half the time left empty
            value = self._value(key, spec)
            if value is not None:
                values[key] = value
        prefilled = {
            key: self.faces[spec["x-from"]["certificate"]][spec["x-from"]["field"]]
            for key, spec in schema.get("properties", {}).items()
            if key not in values
            and isinstance(spec.get("x-from"), Mapping)
            and spec["x-from"].get("field") in self.faces.get(spec["x-from"].get("certificate"), {})
        }
        form_data_clean(schema=schema, data={**values, **prefilled})  # a mismatch here is the generator's to fix
        return values

    def _prefilled(self, source: Mapping[str, Any]) -> bool:
        """Whether the hall fills the field from a certificate the citizen lets it reuse."""
        face = self.faces.get(str(source.get("certificate")), {})
        return source.get("certificate") in self.reused and face.get(str(source.get("field"))) not in (None, "")

    def _value(self, key: str, spec: Mapping[str, Any]) -> Any:
        kind = spec.get("type")
        title = str(spec.get("title", ""))
        source = spec.get("x-from")
        if isinstance(source, Mapping):
            value = self.faces.get(str(source.get("certificate")), {}).get(str(source.get("field")))
            if value not in (None, ""):
                return _coerce(kind, value)
        if ("child" in key and key.removeprefix("child_") in self.child) or key in ("child_name", "child_sex"):
            return self.child.get(key, self.child.get(key.removeprefix("child_")))
        if "enum" in spec:
            return self._choice(key, spec["enum"])
        if kind == "boolean":
            return self.rng.random() < 0.9
        if kind in ("integer", "number"):
            return self._number(key, kind, title, spec)
        if spec.get("format") == "date":
            return self._date(key, title).isoformat()
        text = self._text(key, title, spec)
        if text is None:
            raise ValueError(f"the demo cannot fill the field {key!r} ({title}) of {self.plan.version.name}")
        return text

    def _choice(self, key: str, choices: Sequence[str]) -> str:
        """An option; the kind of entity the item's name names (有限责任公司 for its registration), a newborn's
        relation to the head of the household by its sex, the applicant as head of their own household."""
        named = [c for c in choices if c in self.plan.version.name]
        if key == "kind" and named:
            return named[0]
        if key == "relation":
            if "子" in choices and "女" in choices and self.newborn:
                return "子" if self.child["child_sex"] == "男" else "女"
            if "户主" in choices:
                return "户主"
        return self.rng.choice(choices)

    def _number(self, key: str, kind: str, title: str, spec: Mapping[str, Any]) -> int | float:
        rng = self.rng
        if key == "registered_capital":
            low, high = 3.0, 500.0
        elif "总建筑面积" in title or "规模" in title:
            low, high = 800.0, 60000.0
        elif "面积" in title:
            low, high = (45.0, 180.0) if key == "area" else (20.0, 400.0)
        elif any(word in title for word in ("人数", "人口", "数量", "个数", "辆", "员数")):
            low, high = (1.0, 6.0) if "家庭" in title else (2.0, 60.0)
        elif "万元" in title:
            low, high = (50.0, 300.0) if "价格" in title and "合同" not in title else (100.0, 8000.0)
        elif any(word in title for word in ("金额", "收入", "费用", "元")):
            low, high = 800.0, 3000.0
        else:
            low, high = 1.0, 100.0
        low = max(low, float(spec.get("minimum", low)))
        high = min(high, float(spec.get("maximum", high)))
        high = max(high, low)
        if kind == "integer":
            return rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        return round(rng.uniform(low, high), 2)

    def _date(self, key: str, title: str) -> datetime.date:
        rng, day = self.rng, self.day
        if "birth" in key or "出生" in title:
            return (
                datetime.date.fromisoformat(self.child["birth_date"]) if "老" not in title else self.person.birth_date
            )
        if any(word in title for word in ("入伍",)):
            return datetime.date(rng.randint(1985, 2012), rng.randint(1, 12), 1)
        if any(word in title for word in ("退役",)):
            return datetime.date(rng.randint(1990, 2024), rng.randint(1, 12), rng.randint(1, 28))
        if any(word in title for word in ("有效期", "截止", "届满", "完工", "结束")):
            return day + datetime.timedelta(days=rng.randint(20, 400))
        if any(word in title for word in ("开始", "起始", "开工", "计划", "拟", "退休")):
            return day + datetime.timedelta(days=rng.randint(3, 45))
        if "成立" in title:
            return day
        return day - datetime.timedelta(days=rng.randint(3, 60))

    def _text(self, key: str, title: str, spec: Mapping[str, Any]) -> str | None:
        rng, person, firm = self.rng, self.person, self.enterprise
        words = f"{key} {title}"
        guesses: list[str] = []
        if key in _FIELD_TEXTS:
            guesses.append(rng.choice(_FIELD_TEXTS[key]))
        if any(w in words for w in ("phone", "电话", "手机")):
            guesses.append(person.phone)
        if any(w in words for w in ("受让", "transferee")):
            guesses.append(self.other["id_number"] if "id_number" in key else self.other["name"])
        if "id_number" in key or "身份号码" in title:
            guesses.append(person.id_number)
        if any(w in words for w in ("uscc", "信用代码")):
            guesses.append(firm.get("uscc", ""))
        if "bank" in key or "账号" in title:
            guesses.append("6217" + "".join(rng.choice(_DIGITS) for _ in range(15)))
        if key.endswith("_no") or any(w in title for w in ("编号", "文号", "证号")):
            if "土地" in title or "不动产" in title:
                year, serial = rng.randint(2012, 2025), rng.randrange(10**7)
                guesses.append(f"{PROVINCE_ABBREVIATION}({year}){city.CITY_NAME}不动产权第{serial:07d}号")
            elif "文号" in title:
                guesses.append(f"示环审〔{rng.randint(2023, 2026)}〕{rng.randint(1, 120)}号")
            guesses.append(f"{self.day:%Y}{''.join(rng.choice(_DIGITS) for _ in range(8))}")
        if any(w in words for w in ("address", "地址", "住所", "场所", "地点", "location", "坐落", "位置")):
            guesses.append(firm["address"] if firm and "住址" not in title and "户籍" not in title else person.address)
        if any(w in title for w in ("企业", "名称", "单位")) and "姓名" not in title:
            guesses.append(firm.get("name", ""))
        if "legal_representative" in key or "法定代表人" in title or "经营者" in title:
            guesses.append(firm.get("legal_representative", person.name))
        if "household_head" in key or "户主" in title:
            guesses.append(person.name)
        if any(w in words for w in ("mother", "母亲")):
            guesses.append(person.name if person.sex == "F" else self.other["name"])
        if any(w in words for w in ("father", "父亲")):
            guesses.append(person.name if person.sex == "M" else self.other["name"])
        if any(w in words for w in ("name", "姓名", "负责人", "联系人", "经办人", "principal", "manager", "contact")):
            guesses.append(person.name)
        if key in ("remarks", "reason") or spec.get("x-widget") == "textarea" or "说明" in title:
            guesses.append(rng.choice(_REASONS))
        guesses += ["".join(rng.choice(_DIGITS) for _ in range(n)) for n in (6, 8, 10, 12, 16, 18, 19)]
        guesses.append(rng.choice(_REASONS))
        return _sample_text(guesses, spec.get("pattern"), spec.get("maxLength"))


def _coerce(kind: str | None, value: Any) -> Any:
    if kind == "integer":
        return int(float(value))
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return bool(value)
    return str(value)
