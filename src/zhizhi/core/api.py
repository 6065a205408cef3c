"""API plumbing shared by every app: one error shape, pagination, the not-found answer."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase

from zhizhi.core.errors import ApplicationError

MAX_PAGE_SIZE = 200


def error_response(*, status: int, message: Any, extra: dict[str, Any] | None = None) -> JsonResponse:
    """The one error shape of the API: {"message": ..., "extra": {...}}."""
    return JsonResponse(
        {"message": str(message), "extra": extra or {}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


_LOCATION_NOISE = {"body", "query", "path", "payload", "form", "header", "cookie"}


def _validation_errors(exc: ValidationError) -> dict[str, Any]:
    fields = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in _LOCATION_NOISE]
        fields.append({"field": ".".join(location), "message": error.get("msg", "")})
    return {"errors": fields}


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every failure of `api` answer in the one error shape with the right status."""

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return error_response(status=exc.status, message=exc.message, extra=exc.extra)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        extra = _validation_errors(exc)
        first = extra["errors"][0] if extra["errors"] else {"field": "", "message": ""}
        message = _("输入有误：%(field)s %(reason)s") % {"field": first["field"], "reason": first["message"]}
        return error_response(status=422, message=message, extra=extra)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(status=401, message=_("需要登录或有效的访问令牌"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        messages = {400: _("请求格式有误，无法解析（例如 JSON 不完整）"), 405: _("不支持该请求方法")}
        return error_response(status=exc.status_code, message=messages.get(exc.status_code, str(exc)))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(status=404, message=_("未找到"))


def api_route_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Answer an unknown /api/ address in JSON, not with an HTML page."""
    return error_response(
        status=404, message=_("接口不存在：%(path)s") % {"path": request.path}, extra={"path": request.path}
    )


class PageNumberPagination(PaginationBase):
    """Pages of `page_size` items (at most 200): {"items": [...], "count": N, "page": P, "page_size": S}."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    items_attribute = "items"

    def paginate_queryset(  # type: ignore[override]
        self, queryset: Any, pagination: Input, **params: Any
    ) -> dict[str, Any]:
        page = max(pagination.page, 1)
        size = min(max(pagination.page_size, 1), MAX_PAGE_SIZE)
        offset = (page - 1) * size
        count = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        return {
            "items": list(queryset[offset : offset + size]),
            "count": count,
            "page": page,
            "page_size": size,
        }
