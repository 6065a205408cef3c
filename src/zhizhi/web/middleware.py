"""Turn an ApplicationError raised in a page into a readable error page with the right status."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhizhi.core.errors import ApplicationError


class ApplicationErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            return render(
                request,
                "web/error.html",
                {"message": exception.message, "status": exception.status},
                status=exception.status,
            )
        return None
