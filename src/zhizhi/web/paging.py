"""`page_of`: one page of a list page's rows, by the `?page=` of the request (out-of-range pages give the last)."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 20


def page_of(request: HttpRequest, rows: Any, *, size: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(rows, size).get_page(request.GET.get("page"))
