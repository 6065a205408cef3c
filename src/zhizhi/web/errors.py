"""Error pages: JSON for the API's addresses, a readable page elsewhere."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhizhi.core.api import api_route_not_found, error_response


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_route_not_found(request)
    return render(request, "web/error.html", {"status": 404, "message": _("页面不存在")}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(status=500, message=_("服务器内部错误，已记录，请稍后再试"))
    return render(request, "web/error.html", {"status": 500, "message": _("服务器内部错误，请稍后再试")}, status=500)
