"""Every write to the organisation: departments, staff, API clients, registration — one transaction each, audited."""

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhizhi.accounts.models import (
    ApiClient,
    ApiScope,
    Department,
    Division,
    Membership,
    Person,
    PhoneChallenge,
    Role,
    Staff,
    User,
)
from zhizhi.core.audit import audit_record
from zhizhi.core.errors import Conflict, InvalidInput, TooManyRequests
from zhizhi.core.identifiers import IdentifierError, id_number_parse
from zhizhi.core.request_context import canonical_address, client_address
from zhizhi.notify.sms import sms_send

PHONE_CODE_TTL = timedelta(minutes=10)
PHONE_CODE_RESEND_SECONDS = 60
PHONE_CODE_MAX_ATTEMPTS = 5
PHONE_CODES_PER_ADDRESS_HOUR = 20  # one address cannot make us text many phones (SMS bombing)


def _department_code(department: Department | None) -> str:
    return department.code if department is not None else ""


def phone_normalise(phone: str) -> str:
    """Mainland mobile number: 11 digits starting with 1; a +86 prefix is dropped."""
    digits = phone.strip().replace(" ", "").replace("-", "")
    digits = digits.removeprefix("+86")
    if not re.fullmatch(r"1[0-9]{10}", digits):
        raise InvalidInput(_("手机号应为以1开头的11位数字"), extra={"field": "phone"})
    return digits


def _password_check(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), extra={"field": "password"}) from exc


# -- departments -----------------------------------------------------------------------------------------------


@transaction.atomic
def department_create(
    *,
    actor: User,
    code: str,
    name: str,
    division: Division,
    parent: Department | None = None,
    short_name: str = "",
    phone: str = "",
    address: str = "",
    sort_order: int = 100,
) -> Department:
    """Create a department under an optional parent."""
    code = code.strip()
    if Department.objects.filter(code=code).exists():
        raise Conflict(_("部门代码 %(code)s 已被使用") % {"code": code}, extra={"field": "code"})
    department = Department.objects.create(
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        division=division,
        parent=parent,
        phone=phone,
        address=address,
        sort_order=sort_order,
    )
    audit_record(actor=actor, action="accounts.department.create", target=department, department_code=code)
    return department


@transaction.atomic
def department_update(*, actor: User, department: Department, **changes: Any) -> Department:
    """Change a department's name, parent, contacts or active flag."""
    allowed = {"name", "short_name", "division", "parent", "phone", "address", "sort_order", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(_("不能修改这些字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    parent = changes.get("parent")
    if parent is not None:
        node: Department | None = parent
        while node is not None:
            if node.pk == department.pk:
                raise InvalidInput(_("上级部门不能是本部门或其下级部门"), extra={"field": "parent"})
            node = node.parent
    before = {field: str(getattr(department, field)) for field in changes}
    for field, value in changes.items():
        setattr(department, field, value)
    department.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        action="accounts.department.update",
        target=department,
        department_code=department.code,
        detail={"before": before, "after": {f: str(getattr(department, f)) for f in changes}},
    )
    return department


# -- staff -----------------------------------------------------------------------------------------------------


@transaction.atomic
def staff_create(
    *,
    actor: User,
    username: str,
    name: str,
    employee_no: str,
    password: str,
    memberships: list[tuple[Department, str]],
    phone: str = "",
    title: str = "",
    email: str = "",
) -> Staff:
    """Create a staff login with its department roles."""
    if User.objects.filter(username=username).exists():
        raise Conflict(_("用户名 %(u)s 已被使用") % {"u": username}, extra={"field": "username"})
    if Staff.objects.filter(employee_no=employee_no).exists():
        raise Conflict(_("工号 %(n)s 已被使用") % {"n": employee_no}, extra={"field": "employee_no"})
    if not memberships:
        raise InvalidInput(_("至少需要一个部门岗位"), extra={"field": "memberships"})
    user = User(username=username, name=name, email=email)
    _password_check(password, user)
    user.set_password(password)
    user.save()
    staff = Staff.objects.create(user=user, name=name, employee_no=employee_no, phone=phone, title=title)
    for department, role in memberships:
        _membership_add(staff=staff, department=department, role=role)
    audit_record(
        actor=actor,
        action="accounts.staff.create",
        target=staff,
        department_code=memberships[0][0].code,
        detail={"roles": [[d.code, r] for d, r in memberships]},
    )
    return staff


def _membership_add(*, staff: Staff, department: Department, role: str) -> tuple[Membership, bool]:
    if role not in Role.values:
        raise InvalidInput(_("未知角色：%(r)s") % {"r": role}, extra={"field": "role"})
    return Membership.objects.get_or_create(staff=staff, department=department, role=role)


@transaction.atomic
def membership_add(*, actor: User, staff: Staff, department: Department, role: str) -> Membership:
    """Give a staff member a role in a department (nothing happens if they hold it already)."""
    membership, created = _membership_add(staff=staff, department=department, role=role)
    if not created:
        return membership
    audit_record(
        actor=actor,
        action="accounts.membership.add",
        target=staff,
        department_code=department.code,
        detail={"role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Take a role in a department away from a staff member (the last one cannot be removed)."""
    if Membership.objects.filter(staff=membership.staff).count() <= 1:
        raise Conflict(_("这是该人员的最后一个岗位，请改为停用人员"))
    audit_record(
        actor=actor,
        action="accounts.membership.remove",
        target=membership.staff,
        department_code=membership.department.code,
        detail={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def staff_set_active(*, actor: User, staff: Staff, active: bool) -> Staff:
    """Put a staff member on or off duty; off duty also blocks the login."""
    staff.is_active = active
    staff.save(update_fields=["is_active"])
    staff.user.is_active = active
    staff.user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="accounts.staff.activate" if active else "accounts.staff.deactivate", target=staff)
    return staff


# -- API clients -----------------------------------------------------------------------------------------------


@transaction.atomic
def api_client_create(
    *, actor: User, name: str, department: Department, scopes: list[str], valid_days: int = 365
) -> tuple[ApiClient, str]:
    """Register a department system and return it with its token, which is shown only this once."""
    from zhizhi.accounts.auth import token_digest, token_make

    unknown = sorted(set(scopes) - set(ApiScope.values))
    if unknown:
        raise InvalidInput(_("未知的权限范围：%(s)s") % {"s": ", ".join(unknown)}, extra={"field": "scopes"})
    if not 1 <= valid_days <= 3 * 365:
        raise InvalidInput(_("有效期应在1到1095天之间"), extra={"field": "valid_days"})
    prefix, token = token_make()
    client = ApiClient.objects.create(
        name=name,
        department=department,
        prefix=prefix,
        token_hash=token_digest(token),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=valid_days),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="accounts.api_client.create",
        target=client,
        department_code=department.code,
        detail={"scopes": client.scopes, "expires_at": client.expires_at.isoformat()},
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, actor: User, client: ApiClient) -> ApiClient:
    """Revoke a token: refused at once by this server process, by the others within `auth.CLIENT_CACHE_SECONDS`;
    the record stays for the audit trail."""
    from zhizhi.accounts.auth import CLIENTS

    if client.revoked_at is not None:
        raise Conflict(_("该令牌已被吊销"))
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    CLIENTS.forget(client.prefix)
    audit_record(
        actor=actor,
        action="accounts.api_client.revoke",
        target=client,
        department_code=client.department.code,
    )
    return client


# -- citizens --------------------------------------------------------------------------------------------------


def _code_digest(phone: str, code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{phone}:{code}".encode()).hexdigest()


@transaction.atomic
def phone_challenge_send(*, phone: str, purpose: str) -> PhoneChallenge:
    """Send a six-digit one-time code to a phone: at most one a minute per purpose, 20 an hour per client address.

    For registration, a phone that already has an account gets a text saying so instead of a code, and the caller
    gets the same answer either way, so the endpoint does not reveal who has an account.
    """
    phone = phone_normalise(phone)
    if purpose not in PhoneChallenge.Purpose.values:
        raise InvalidInput(_("未知的验证码用途"), extra={"field": "purpose"})
    now = timezone.now()
    if PhoneChallenge.objects.filter(
        phone=phone, purpose=purpose, created_at__gt=now - timedelta(seconds=PHONE_CODE_RESEND_SECONDS)
    ).exists():
        raise Conflict(_("验证码发送过于频繁，请一分钟后再试"), extra={"field": "phone", "retry_after": 60})
    address = canonical_address(client_address.get())
    if address is not None:
        sent = PhoneChallenge.objects.filter(client_ip=address, created_at__gt=now - timedelta(hours=1)).count()
        if sent >= PHONE_CODES_PER_ADDRESS_HOUR:
            raise TooManyRequests(_("本网络地址请求验证码过多，请一小时后再试"), extra={"retry_after": 3600})
    code = f"{secrets.randbelow(10**6):06d}"
    already_registered = purpose == PhoneChallenge.Purpose.REGISTER and User.objects.filter(phone=phone).exists()
    challenge = PhoneChallenge.objects.create(
        phone=phone,
        purpose=purpose,
        # an unusable digest when no code was sent: nothing typed can match it
        code_hash="!" if already_registered else _code_digest(phone, code),
        expires_at=now + PHONE_CODE_TTL,
        client_ip=address,
    )
    if already_registered:
        text = _("【%(sign)s】该手机号已注册，请直接登录。如非本人操作请忽略。") % {"sign": settings.SMS_SIGN}
    else:
        text = _("【%(sign)s】您的验证码是%(code)s，10分钟内有效。如非本人操作请忽略。") % {
            "sign": settings.SMS_SIGN,
            "code": code,
        }
    transaction.on_commit(lambda: sms_send(phone=phone, text=text))
    return challenge


def phone_challenge_verify(*, phone: str, purpose: str, code: str) -> None:
    """Accept the latest unexpired code for this phone and purpose (once), or say what is wrong."""
    phone = phone_normalise(phone)
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if challenge is None or challenge.expires_at < timezone.now():
            raise InvalidInput(_("验证码已失效，请重新获取"), extra={"field": "code"})
        if challenge.attempts >= PHONE_CODE_MAX_ATTEMPTS:
            raise InvalidInput(_("验证码错误次数过多，请重新获取"), extra={"field": "code"})
        if not secrets.compare_digest(challenge.code_hash, _code_digest(phone, code.strip())):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            wrong = True
        else:
            challenge.used_at = timezone.now()
            challenge.save(update_fields=["used_at"])
            wrong = False
    if wrong:
        raise InvalidInput(_("验证码不正确"), extra={"field": "code"})


def id_number_check(value: str) -> Any:
    """Parse a resident ID number or raise 422 naming exactly what is wrong with it."""
    try:
        return id_number_parse(value, division_exists=lambda code: Division.objects.filter(code=code).exists())
    except IdentifierError as exc:
        raise InvalidInput(exc.message, extra={"field": "id_number", "code": exc.code}) from exc


def citizen_register(*, phone: str, code: str, password: str, name: str, id_number: str) -> User:
    """Open a real-name citizen account: verified phone, valid ID number matching the register, a password.

    The SMS code is checked before the population register is consulted, so the register cannot be probed without
    owning a phone; and where the register holds a phone for the person, the account must use that phone.
    """
    phone = phone_normalise(phone)
    name = name.strip()
    if not name:
        raise InvalidInput(_("请填写姓名"), extra={"field": "name"})
    info = id_number_check(id_number)
    candidate = User(username=f"p{phone}", phone=phone, name=name)
    _password_check(password, candidate)
    phone_challenge_verify(phone=phone, purpose=PhoneChallenge.Purpose.REGISTER, code=code)
    mismatch = InvalidInput(
        _("姓名、身份证号与手机号不符合登记信息，请核对，或携带身份证到政务服务窗口办理"), extra={"field": "id_number"}
    )
    try:
        return _citizen_account_open(candidate=candidate, password=password, info=info, mismatch=mismatch)
    except IntegrityError as exc:  # a concurrent registration took the phone or the person first
        raise Conflict(_("该账号已存在，请直接登录"), extra={"field": "phone"}) from exc


@transaction.atomic
def _citizen_account_open(*, candidate: User, password: str, info: Any, mismatch: InvalidInput) -> User:
    """Create the login and link it to the register's person (created when the register does not know them)."""
    person = Person.objects.select_for_update().filter(id_number=info.value).first()
    if person is not None and (person.name != candidate.name or (person.phone and person.phone != candidate.phone)):
        raise mismatch
    if person is not None and person.user_id is not None:
        raise Conflict(_("该身份证号已注册账号，请直接登录"), extra={"field": "id_number"})
    if User.objects.filter(Q(phone=candidate.phone) | Q(username=candidate.username)).exists():
        raise Conflict(_("该手机号已注册，请直接登录"), extra={"field": "phone"})
    candidate.set_password(password)
    candidate.save()
    if person is None:
        person = Person.objects.create(
            name=candidate.name,
            id_number=info.value,
            sex=info.sex,
            birth_date=info.birth_date,
            phone=candidate.phone or "",
            division=Division.objects.filter(code=info.division_code).first(),
            user=candidate,
        )
    elif Person.objects.filter(pk=person.pk, user__isnull=True).update(user=candidate, phone=candidate.phone) != 1:
        raise Conflict(_("该身份证号已注册账号，请直接登录"), extra={"field": "id_number"})
    audit_record(actor=candidate, action="accounts.citizen.register", target=person)
    return candidate


def person_unmasked_read(*, actor: Any, person: Person, purpose: str) -> None:
    """Record that a staff member read a person's unmasked data, and why."""
    audit_record(actor=actor, action="accounts.person.read_unmasked", target=person, detail={"purpose": purpose})


# -- two-factor authentication ---------------------------------------------------------------------------------


def two_factor_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator device the user is binding: an unconfirmed one, created on first use."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "authenticator"})
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Confirm a new authenticator with a code it shows; False when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, action="accounts.two_factor.enable", target=user)
    return True
