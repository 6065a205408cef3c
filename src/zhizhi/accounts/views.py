"""Account pages (login, two factors, registration) and the organisation pages of the administration area."""

import re
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhizhi.accounts import access, selectors, services
from zhizhi.accounts.forms import (
    ApiClientForm,
    CodeForm,
    DepartmentForm,
    LoginForm,
    MembershipForm,
    RegisterForm,
    StaffForm,
)
from zhizhi.accounts.models import PhoneChallenge, Role, User
from zhizhi.core.errors import ApplicationError
from zhizhi.web.guards import admin_required, login_required, user_of
from zhizhi.web.paging import page_of

PENDING = "pending_login"
PAGE_SIZE = 25


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _home_for(user: User) -> str:
    if access.is_sysadmin(user):
        return reverse("web:admin_home")
    return reverse("web:workbench") if access.staff_of(user) else reverse("web:home")


def _form_error(form: Any, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, str(exc.message))


# -- login -----------------------------------------------------------------------------------------------------


def login_view(request: HttpRequest) -> HttpResponse:
    """First factor: user name or phone with password; then a TOTP code (staff who set one up) or an SMS code."""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked_out.html", status=429)
        if user is None:
            form.add_error(None, _("用户名/手机号或密码不正确"))
        else:
            return _second_factor_start(request, user)
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


def _second_factor_start(request: HttpRequest, user: User) -> HttpResponse:
    next_url = _next_url(request, _home_for(user))
    if access.staff_of(user) is not None or access.is_sysadmin(user):
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            request.session[PENDING] = {"user": user.pk, "step": "totp", "next": next_url}
            return redirect("accounts:login_verify")
        login(request, user, backend="zhizhi.accounts.auth.UsernameOrPhoneBackend")
        return redirect(next_url)
    if not user.phone:
        login(request, user, backend="zhizhi.accounts.auth.UsernameOrPhoneBackend")
        return redirect(next_url)
    try:
        services.phone_challenge_send(phone=user.phone, purpose=PhoneChallenge.Purpose.LOGIN)
    except ApplicationError as exc:
        messages.warning(request, str(exc.message))
    request.session[PENDING] = {"user": user.pk, "step": "sms", "next": next_url}
    return redirect("accounts:login_verify")


def login_verify(request: HttpRequest) -> HttpResponse:
    """Second factor: the code from the authenticator app or the text message."""
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.get(pk=pending["user"])
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        if pending["step"] == "totp":
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None and device.verify_token(code):
                del request.session[PENDING]
                login(request, user, backend="zhizhi.accounts.auth.UsernameOrPhoneBackend")
                otp_login(request, device)
                return redirect(pending["next"])
            form.add_error("code", _("动态口令不正确或已过期"))
        else:
            try:
                services.phone_challenge_verify(phone=user.phone or "", purpose=PhoneChallenge.Purpose.LOGIN, code=code)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                del request.session[PENDING]
                login(request, user, backend="zhizhi.accounts.auth.UsernameOrPhoneBackend")
                return redirect(pending["next"])
    masked_phone = (user.phone[:3] + "****" + user.phone[-4:]) if user.phone else ""
    return render(request, "accounts/verify.html", {"form": form, "step": pending["step"], "phone": masked_phone})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link cannot do it)."""
    logout(request)
    return redirect("web:home")


def register_view(request: HttpRequest) -> HttpResponse:
    """Real-name registration for citizens and enterprise agents: phone, SMS code, name, ID number, password."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "send_code":
                services.phone_challenge_send(phone=data["phone"], purpose=PhoneChallenge.Purpose.REGISTER)
                messages.success(request, _("验证码已发送到您的手机，10分钟内有效"))
                return render(request, "accounts/register.html", {"form": form, "code_sent": True})
            if data["password"] != data["password2"]:
                form.add_error("password2", _("两次输入的密码不一致"))
            else:
                user = services.citizen_register(
                    phone=data["phone"],
                    code=data["code"] or "",
                    password=data["password"] or "",
                    name=data["name"] or "",
                    id_number=data["id_number"] or "",
                )
                login(request, user, backend="zhizhi.accounts.auth.UsernameOrPhoneBackend")
                messages.success(request, _("注册成功，欢迎使用"))
                return redirect("web:home")
        except ApplicationError as exc:
            _form_error(form, exc)
    return render(request, "accounts/register.html", {"form": form, "code_sent": bool(request.POST.get("code"))})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app (TOTP): required for administrators, offered to all staff."""
    user = user_of(request)
    next_url = _next_url(request, _home_for(user))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        if request.user.is_verified():  # type: ignore[union-attr]
            return redirect(next_url)
        # A device exists but this session has not proved it: ask for the code.
        form = CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["code"].strip()):
                otp_login(request, confirmed)
                return redirect(next_url)
            form.add_error("code", _("动态口令不正确或已过期"))
        return render(request, "accounts/verify.html", {"form": form, "step": "totp", "next": next_url})
    device = services.two_factor_device_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_confirm(user=user, device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("已绑定动态口令"))
            return redirect(next_url)
        form.add_error("code", _("动态口令不正确，请确认手机时间准确后重试"))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(buffer.getvalue().decode()),  # noqa: S308 - an SVG we generated
        "secret": secret,
        "next": next_url,
    }
    return render(request, "accounts/two_factor_setup.html", context)


# -- administration: departments -------------------------------------------------------------------------------


@admin_required
def department_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = page_of(request, selectors.department_list(q=q, active_only=False), size=PAGE_SIZE)
    return render(request, "accounts/department_list.html", {"page": page, "q": q})


@admin_required
def department_edit(request: HttpRequest, department_id: int | None = None) -> HttpResponse:
    department = selectors.department_by_id(department_id) if department_id else None
    initial = {}
    if department is not None:
        initial = {
            f: getattr(department, f)
            for f in ("code", "name", "short_name", "division", "parent", "phone", "address", "sort_order")
        }
    form = DepartmentForm(request.POST or None, initial=initial)
    if department is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if department is None:
                department = services.department_create(actor=user_of(request), **data)
            else:
                data.pop("code")
                services.department_update(actor=user_of(request), department=department, **data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已保存部门：%(name)s") % {"name": department.name})
            return redirect("accounts:department_list")
    return render(request, "accounts/department_form.html", {"form": form, "department": department})


@admin_required
def department_members(request: HttpRequest, department_id: int) -> HttpResponse:
    department = access.access_department_internal(request.user, department_id)
    members = selectors.department_staff(department=department)
    return render(request, "accounts/department_members.html", {"department": department, "members": members})


# -- administration: staff -------------------------------------------------------------------------------------


@admin_required
def staff_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    department = request.GET.get("department", "")
    department_id = int(department) if re.fullmatch(r"[0-9]{1,18}", department) else None
    staff = selectors.staff_list(q=q, role=role, department_id=department_id)
    page = page_of(request, staff, size=PAGE_SIZE)
    context = {"page": page, "q": q, "role": role, "roles": Role.choices}
    template = "accounts/_staff_table.html" if request.headers.get("HX-Request") else "accounts/staff_list.html"
    return render(request, template, context)


@admin_required
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = services.staff_create(
                actor=user_of(request),
                username=data["username"],
                name=data["name"],
                employee_no=data["employee_no"],
                password=data["password"],
                memberships=[(data["department"], data["role"])],
                phone=data["phone"],
                title=data["title"],
                email=data["email"],
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已创建工作人员：%(name)s") % {"name": staff.name})
            return redirect("accounts:staff_detail", staff_id=staff.pk)
    return render(request, "accounts/staff_form.html", {"form": form})


@admin_required
def staff_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    staff = selectors.staff_by_id(staff_id)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add" and form.is_valid():
                services.membership_add(
                    actor=user_of(request),
                    staff=staff,
                    department=form.cleaned_data["department"],
                    role=form.cleaned_data["role"],
                )
                messages.success(request, _("已添加岗位"))
                return redirect("accounts:staff_detail", staff_id=staff.pk)
            if action == "remove":
                membership = selectors.membership_of(
                    staff=staff, membership_id=int(request.POST.get("membership", "0"))
                )
                services.membership_remove(actor=user_of(request), membership=membership)
                messages.success(request, _("已移除岗位"))
                return redirect("accounts:staff_detail", staff_id=staff.pk)
            if action in {"activate", "deactivate"}:
                services.staff_set_active(actor=user_of(request), staff=staff, active=action == "activate")
                return redirect("accounts:staff_detail", staff_id=staff.pk)
        except (ApplicationError, ValueError) as exc:
            messages.error(request, str(getattr(exc, "message", _("操作未能完成"))))
    return render(request, "accounts/staff_detail.html", {"staff": staff, "form": form})


# -- administration: API clients -------------------------------------------------------------------------------


@admin_required
def api_client_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("revoke"):
        try:
            client = selectors.api_client_by_id(int(request.POST["revoke"]))
            services.api_client_revoke(actor=user_of(request), client=client)
            messages.success(request, _("已吊销：%(name)s") % {"name": client.name})
        except (ApplicationError, ValueError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        return redirect("accounts:api_client_list")
    page = page_of(request, selectors.api_client_list(), size=PAGE_SIZE)
    return render(request, "accounts/api_client_list.html", {"page": page})


@admin_required
def api_client_create(request: HttpRequest) -> HttpResponse:
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, token = services.api_client_create(
                actor=user_of(request),
                name=data["name"],
                department=data["department"],
                scopes=data["scopes"],
                valid_days=data["valid_days"],
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            return render(request, "accounts/api_client_created.html", {"client": client, "token": token})
    return render(request, "accounts/api_client_form.html", {"form": form})
