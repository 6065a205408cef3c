"""Open311 GeoReport v2 at /open311/v2/: discovery, services (the second level of the category tree), service
definitions, service requests (POST with an API key, GET in public) and tokens, in JSON and XML, with the spec's
error format. A service request is an appeal; its public view carries no personal data. A POST is checked and
answered with a token at once, and registered as an appeal by the task queue (`appeals.intake`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhizhi.accounts.auth import api_client_of
from zhizhi.accounts.models import ApiClient, ApiScope
from zhizhi.appeals import services
from zhizhi.appeals.intake import intake_accept, intake_status
from zhizhi.appeals.models import OPEN_STATUSES, Appeal, AppealKind, AppealStatus, Category, Channel
from zhizhi.appeals.routing import ROUTING_LEVEL
from zhizhi.appeals.selectors import redact, service_by_code
from zhizhi.core.errors import ApplicationError
from zhizhi.core.masking import mask

FORMATS = ("json", "xml")
MAX_RESULTS = 1000
MAX_RANGE = timedelta(days=90)
MAX_DESCRIPTION = 4000


class Open311Error(Exception):
    """An error answered in the spec's format: [{"code": status, "description": text}]."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# -- rendering ---------------------------------------------------------------------------------------------------


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    top = ElementTree.Element(root)
    for row in rows:
        element = ElementTree.SubElement(top, item)
        _xml_fill(element, row)
    return b'<?xml version="1.0" encoding="utf-8"?>' + bytes(ElementTree.tostring(top, encoding="utf-8"))


def _xml_fill(element: ElementTree.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        if isinstance(value, list):
            holder = ElementTree.SubElement(element, key)
            for entry in value:
                child = ElementTree.SubElement(holder, key.rstrip("s") if key != "values" else "value")
                if isinstance(entry, dict):
                    _xml_fill(child, entry)
                else:
                    child.text = str(entry)
        elif isinstance(value, dict):
            _xml_fill(ElementTree.SubElement(element, key), value)
        else:
            child = ElementTree.SubElement(element, key)
            if value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)


def _respond(fmt: str, root: str, item: str, rows: list[dict[str, Any]], *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows), status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(rows, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    rows = [{"code": status, "description": description}]
    return _respond(fmt if fmt in FORMATS else "json", "errors", "error", rows, status=status)


def _endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the format, and turn our errors into the spec's error answer."""

    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return _error("json", 404, _("不支持的格式：%(fmt)s（可用 json 或 xml）") % {"fmt": fmt[:10]})
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return _error(fmt, error.status, error.description)
        except ApplicationError as error:
            return _error(fmt, 400 if error.status == 422 else error.status, str(error.message))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


# -- discovery and services --------------------------------------------------------------------------------------


@_endpoint
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """Where this endpoint is and what it speaks."""
    base = request.build_absolute_uri(reverse("open311-discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    body = {
        "changeset": "2026-11-23T00:00:00Z",
        "contact": _("12345 政务服务便民热线"),
        "key_service": _("请向系统管理员申请 Open311 接口密钥"),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-23T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        top = ElementTree.Element("discovery")
        _xml_fill(top, body)
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _services() -> QuerySet[Category]:
    return Category.objects.filter(level=ROUTING_LEVEL, is_active=True).select_related("parent").order_by("code")


def _service_row(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.path,
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(c.name for c in category.children.all()[:10]),
        "group": category.parent.name if category.parent else "",
    }


@_endpoint
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """The services: one per category at the routing level."""
    rows = [_service_row(c) for c in _services().prefetch_related("children")]
    return _respond(fmt, "services", "service", rows)


def _service(code: str) -> Category:
    category = service_by_code(code)
    if category is None:
        raise Open311Error(404, _("未知的 service_code：%(code)s") % {"code": code[:20]})
    return category


@_endpoint
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    """A service's attributes: the appeal type, and the finer category where the tree has one."""
    category = _service(service_code)
    attributes: list[dict[str, Any]] = [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("诉求类型"),
            "order": 1,
            "description": _("诉求类型"),
            "values": [{"key": value, "name": str(label)} for value, label in AppealKind.choices],
        }
    ]
    children = list(category.children.filter(is_active=True))
    if children:
        attributes.append(
            {
                "variable": True,
                "code": "subcategory",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("细分类别"),
                "order": 2,
                "description": _("细分类别"),
                "values": [{"key": c.code, "name": c.name} for c in children],
            }
        )
    body = {"service_code": category.code, "attributes": attributes}
    if fmt == "xml":
        top = ElementTree.Element("service_definition")
        _xml_fill(top, body)
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


# -- requests ----------------------------------------------------------------------------------------------------


def _w3(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _request_row(appeal: Appeal) -> dict[str, Any]:
    latest = appeal.replies.all()
    note = latest[len(latest) - 1].text[:500] if latest else appeal.get_status_display()
    service = appeal.category
    while service is not None and service.level > ROUTING_LEVEL:
        service = service.parent
    closed = appeal.status in (AppealStatus.CLOSED, AppealStatus.MERGED)
    return {
        "service_request_id": appeal.number,
        "status": "closed" if closed else "open",
        "status_notes": redact(str(note)),
        "service_name": service.name if service else "",
        "service_code": service.code if service else "",
        "description": redact(appeal.detail[:1000]),
        "agency_responsible": appeal.department.name if appeal.department else "",
        "service_notice": "",
        "requested_datetime": _w3(appeal.received_at),
        "updated_datetime": _w3(appeal.updated_at),
        "expected_datetime": _w3(appeal.reply_due_at),
        "address": mask("address", appeal.address) if appeal.address else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(appeal.latitude) if appeal.latitude is not None else None,
        "long": float(appeal.longitude) if appeal.longitude is not None else None,
        "media_url": "",
    }


def _api_client(key: str) -> ApiClient:
    client = api_client_of(key)
    if client is None:
        raise Open311Error(403, _("api_key 无效或已过期"))
    if ApiScope.OPEN311.value not in client.scopes:
        raise Open311Error(403, _("该 api_key 没有 Open311 上报权限"))
    return client


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """Check the request and accept it for registration (`appeals.intake`): the answer carries a token, which
    `tokens/<token>` turns into the service_request_id once the request is registered."""
    data = request.POST
    client = _api_client(data.get("api_key", ""))
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("缺少 service_code"))
    category = _service(code)
    subcategory = data.get("attribute[subcategory]", "").strip()
    if subcategory:
        chosen = category.children.filter(code=subcategory, is_active=True).first()
        if chosen is None:
            raise Open311Error(400, _("未知的细分类别：%(code)s") % {"code": subcategory[:20]})
        category = chosen
    address = data.get("address_string", "").strip()
    latitude, longitude = data.get("lat", "").strip(), data.get("long", "").strip()
    if not address and not (latitude and longitude):
        raise Open311Error(400, _("需要提供位置：lat 与 long，或 address_string"))
    description = data.get("description", "")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description 不能超过 %(n)d 个字") % {"n": MAX_DESCRIPTION})
    name = f"{data.get('last_name', '')}{data.get('first_name', '')}".strip()
    phone = data.get("phone", "").strip()
    kind = data.get("attribute[kind]", "").strip() or AppealKind.COMPLAINT
    intake = intake_accept(
        client=client,
        category=category,
        data=services.AppealIn(
            channel=Channel.OPEN311,
            subject=description.strip().split("。")[0][:40],
            detail=description,
            kind=kind,
            address=address[:200],
            latitude=latitude or None,
            longitude=longitude or None,
            anonymous=not phone,
            contact_name=name[:50],
            contact_phone=phone,
            category_code=category.code,
        ),
    )
    rows = [{"token": intake.token, "service_notice": _("已受理，登记后将在答复时限内办理"), "account_id": None}]
    return _respond(fmt, "service_requests", "request", rows, status=201)


def _moment(text: str, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise Open311Error(400, _("%(name)s 不是 W3C 日期时间格式") % {"name": name}) from error
    return value if value.tzinfo else timezone.make_aware(value)


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    appeals = (
        Appeal.objects.select_related("category__parent__parent", "department")
        .prefetch_related("replies")
        .order_by("-received_at")
    )
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        appeals = appeals.filter(number__in=ids[:MAX_RESULTS])
    else:
        end = _moment(request.GET["end_date"], "end_date") if request.GET.get("end_date") else timezone.now()
        start = _moment(request.GET["start_date"], "start_date") if request.GET.get("start_date") else end - MAX_RANGE
        if end - start > MAX_RANGE or start > end:
            raise Open311Error(400, _("start_date 与 end_date 之间不能超过 90 天"))
        appeals = appeals.filter(received_at__gte=start, received_at__lte=end)
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            wanted = Q()
            for code in codes:
                wanted |= Q(category__code__startswith=_service(code).code)
            appeals = appeals.filter(wanted)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status 只能是 open 或 closed"))
        if statuses == {"open"}:
            appeals = appeals.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            appeals = appeals.exclude(status__in=OPEN_STATUSES)
    return _respond(fmt, "service_requests", "request", [_request_row(a) for a in appeals[:MAX_RESULTS]])


@_endpoint
def requests_endpoint(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """POST a new service request (API key), or GET requests by id, service, date range and status."""
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, _("不支持该请求方法"))
    return _get_requests(request, fmt)


@_endpoint
def request_detail(request: HttpRequest, service_request_id: str, *, fmt: str) -> HttpResponse:
    """One service request."""
    appeal = (
        Appeal.objects.select_related("category__parent__parent", "department")
        .filter(number=service_request_id[:30])
        .first()
    )
    if appeal is None:
        raise Open311Error(404, _("未找到服务请求：%(id)s") % {"id": service_request_id[:30]})
    return _respond(fmt, "service_requests", "request", [_request_row(appeal)])


@_endpoint
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    """The request a token stands for: its service_request_id once registered, null while it waits."""
    intake = intake_status(token[:32])
    if intake is None:
        raise Open311Error(404, _("未找到令牌：%(token)s") % {"token": token[:32]})
    number = intake.appeal.number if intake.appeal is not None else None
    return _respond(fmt, "service_requests", "request", [{"service_request_id": number, "token": intake.token}])
