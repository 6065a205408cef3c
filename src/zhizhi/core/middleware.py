"""Request plumbing every page and API call passes through: request guard, security headers, client address."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from zhizhi.core.request_context import canonical_address, client_address

Handler = Callable[[HttpRequest], HttpResponse]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline style attributes; it still runs no inline script.
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
JSON_API_PREFIXES = ("/api/",)
BODY_METHODS = {"POST", "PUT", "PATCH"}
# API endpoints that take multipart uploads instead of JSON (one file per request).
MULTIPART_API_PATHS = frozenset(
    {
        "/api/v1/servicehall/files",
        "/api/v1/servicehall/admin/processes",
        "/api/v1/appeals/import",
        "/api/v1/appeals/admin/categories",
    }
)


def client_address_of(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ZHIZHI_TRUSTED_PROXY_HOPS proxies the entry they added.

    Only the entries our own proxies appended to X-Forwarded-For are trusted (counted from the right); whatever a
    client writes there itself is ignored.
    """
    address = canonical_address(request.META.get("REMOTE_ADDR", "")) or ""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = canonical_address(forwarded[-hops]) or address
    return address


def _has_nul(data: QueryDict) -> bool:
    """Whether any key or value holds a NUL character (PostgreSQL cannot store one in text)."""
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _refuse(request: HttpRequest, *, status: int, message: str, extra: dict[str, object]) -> HttpResponse:
    if request.path.startswith(JSON_API_PREFIXES) or request.path.startswith("/open311/"):
        return JsonResponse(
            {"message": message, "extra": extra}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestGuardMiddleware:
    """Refuse before any view runs: large bodies (413), NUL in a query or JSON (400), non-JSON API writes (415).

    Form fields need no check here: Django's form fields refuse NUL characters themselves.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.content_type == "multipart/form-data"
        limit = settings.MAX_UPLOAD_BODY_BYTES if multipart else settings.MAX_BODY_BYTES
        if length > limit:
            limit_mb = limit / (1024 * 1024)
            return _refuse(
                request,
                status=413,
                message=_("请求内容过大：上限为 %(limit).0f MB") % {"limit": limit_mb},
                extra={"limit_bytes": limit, "received_bytes": length},
            )
        if "\x00" in request.path or _has_nul(request.GET):
            return _refuse(request, status=400, message=_("请求中含有不允许的空字符"), extra={"reason": "nul"})
        if request.method in BODY_METHODS and request.path.startswith(JSON_API_PREFIXES) and length > 0:
            upload = multipart and request.path in MULTIPART_API_PATHS
            if request.content_type != "application/json" and not upload:
                return _refuse(
                    request,
                    status=415,
                    message=_("接口只接受 JSON 请求体（Content-Type: application/json）"),
                    extra={"content_type": request.content_type},
                )
            if not upload and (b"\x00" in request.body or b"\\u0000" in request.body):
                return _refuse(request, status=400, message=_("请求中含有不允许的空字符"), extra={"reason": "nul"})
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Send a Content-Security-Policy without inline scripts and a restrictive Permissions-Policy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        csp = CSP_API_DOCS if request.path.startswith("/api/v1/docs") else CSP
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


class ClientAddressMiddleware:
    """Remember the client's address for the audit rows and rate limits of this request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(client_address_of(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
