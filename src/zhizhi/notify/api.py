"""Inbox API: the caller's messages."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from zhizhi.accounts.auth import StaffOrCitizenSession
from zhizhi.core.api import PageNumberPagination
from zhizhi.notify import selectors, services

router = Router(tags=["notifications"], auth=StaffOrCitizenSession())


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="My messages, newest first")
@paginate(PageNumberPagination)
def notification_list(request: HttpRequest, unread: bool = False) -> Any:
    return selectors.notification_list(recipient=request.auth, unread_only=unread)  # type: ignore[attr-defined]


@router.post("/notifications/read", response=MarkedOut, summary="Mark some or all of my messages read")
def notification_mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkedOut:
    marked = services.notification_mark_read(recipient=request.auth, notification_ids=payload.ids)  # type: ignore[attr-defined]
    return MarkedOut(marked=marked)
