"""View decorators: who may open a page. Object-level checks stay in each app's access.py."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from zhizhi.accounts.access import is_sysadmin, staff_of
from zhizhi.accounts.models import User
from zhizhi.core.errors import Forbidden

View = Callable[..., HttpResponse]


def login_required(view: View) -> View:
    """Send anonymous visitors to the login page and back."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view: View) -> View:
    """Only staff (and administrators) may open the workbench."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if staff_of(request.user) is None and not is_sysadmin(request.user):
            raise Forbidden(_("仅限工作人员访问"))
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    """Only system administrators who have passed two-factor verification in this session."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_sysadmin(request.user):
            raise Forbidden(_("仅限系统管理员访问"))
        if not request.user.is_verified():  # type: ignore[union-attr]
            return redirect(f"{_two_factor_url()}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped


def _two_factor_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor_setup")


def user_of(request: HttpRequest) -> User:
    """The signed-in user of a request that a guard above has already let through."""
    user = request.user
    if not isinstance(user, User):
        raise Forbidden(_("请先登录"))
    return user
