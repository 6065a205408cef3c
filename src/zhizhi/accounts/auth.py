"""How people and systems prove who they are: user name or phone with password, API tokens, lockout."""

import hashlib
import secrets
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, SessionAuth

from zhizhi.accounts.models import ApiClient, User
from zhizhi.core.process_cache import ProcessCache

TOKEN_PREFIX = "zz"  # noqa: S105 - a label, not a secret
# A revoked token is refused at once by the server process that revoked it and by every other within this time.
CLIENT_CACHE_SECONDS = 5
CLIENTS: ProcessCache[str, ApiClient] = ProcessCache(seconds=CLIENT_CACHE_SECONDS)


class UsernameOrPhoneBackend(ModelBackend):
    """Staff sign in with their user name, citizens and enterprise agents with their phone number."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        user = User.objects.filter(Q(username=username) | Q(phone=username)).first()
        if user is None:
            User().set_password(password)  # same cost as a real check, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The key failed sign-ins are counted under: the account, whichever of its names (user name, phone) was typed."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    typed = str(typed).strip()
    if not typed:
        return ""
    user = User.objects.filter(Q(username=typed) | Q(phone=typed)).only("pk").first()
    return f"user:{user.pk}" if user is not None else typed.lower()


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None, **kwargs: Any
) -> HttpResponse:
    """Tell a locked-out caller, in JSON for the API and as a page otherwise, with status 429."""
    message = _("登录失败次数过多，账号已临时锁定，请稍后再试")
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {"reason": "locked_out"}}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


def token_digest(token: str) -> str:
    """SHA-256 of a token: what is stored and compared."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_make() -> tuple[str, str]:
    """A new token and its public prefix: `zz_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def _client_by_prefix(prefix: str) -> ApiClient | None:
    return ApiClient.objects.select_related("department").filter(prefix=prefix).first()


def api_client_of(token: str) -> ApiClient | None:
    """The usable API client whose token this is (`zz_<prefix>_<secret>`), or None."""
    parts = token.split("_")
    if len(parts) < 3 or parts[0] != TOKEN_PREFIX:
        return None
    client = CLIENTS.get(parts[1], _client_by_prefix)
    if client is None or not client.is_usable or not secrets.compare_digest(client.token_hash, token_digest(token)):
        return None
    return client


class TokenAuth(APIKeyHeader):
    """`Authorization: Bearer zz_<prefix>_<secret>` for department systems."""

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        if not key or not key.startswith("Bearer "):
            return None
        client = api_client_of(key.removeprefix("Bearer ").strip())
        if client is None:
            return None
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            client.last_used_at = now
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        request.api_client = client  # type: ignore[attr-defined]
        return client


class StaffOrCitizenSession(SessionAuth):
    """The browser's session, with CSRF protection for writes."""


api_auth = [TokenAuth(), StaffOrCitizenSession()]
