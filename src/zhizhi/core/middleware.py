"""Request plumbing every page and API call passes through: body limit, security headers, client address."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from zhizhi.core.audit import client_address

Handler = Callable[[HttpRequest], HttpResponse]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline style attributes; it still runs no inline script.
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class BodySizeLimitMiddleware:
    """Refuse a request body over MAX_BODY_BYTES with 413 before anything reads it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_BODY_BYTES:
            limit_mb = settings.MAX_BODY_BYTES / (1024 * 1024)
            message = _("请求内容过大：上限为 %(limit).0f MB") % {"limit": limit_mb}
            extra = {"limit_bytes": settings.MAX_BODY_BYTES, "received_bytes": length}
            if request.path.startswith("/api/") or request.path.startswith("/open311/"):
                return JsonResponse({"message": message, "extra": extra}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
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
    """Remember the client's address for the audit rows this request writes."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = request.META.get("REMOTE_ADDR", "")
        if settings.BEHIND_PROXY:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                address = forwarded.split(",")[0].strip()
        token = client_address.set(address)
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
