"""Open311 GeoReport v2: every answer validated against JSON schemas written from the spec, XML alongside JSON,
the spec's error format for bad input, API keys for posting, and the PyPI client `georeport` reading services and
requests from a running server."""

import json
from pathlib import Path

import pytest
import xmltodict
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from zhizhi.accounts.models import ApiScope
from zhizhi.appeals.models import Appeal, AppealStatus, Category, Intake
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "open311_schemas"
BASE = "/open311/v2"


def valid(name: str, document: object) -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(document)


@pytest.fixture
def api_key(hub, token_for):
    return token_for(hub.centre, [ApiScope.OPEN311.value])


def _post(client: Client, fmt: str = "json", **fields: str):
    return client.post(f"{BASE}/requests.{fmt}", data=fields)


def _service_code(hub) -> str:
    return hub.category("市政设施").code


def test_discovery_services_and_definition_follow_the_spec(hub):
    client = Client()
    valid("discovery", client.get(f"{BASE}/discovery.json").json())
    services = client.get(f"{BASE}/services.json").json()
    valid("services", services)
    assert {s["service_name"] for s in services} == {"市政设施", "市容环卫", "噪声污染", "招生入学"}
    definition = client.get(f"{BASE}/services/{_service_code(hub)}.json").json()
    valid("service_definition", definition)
    codes = {a["code"]: a for a in definition["attributes"]}
    assert {v["name"] for v in codes["subcategory"]["values"]} == {"路灯损坏", "道路破损"}
    # XML carries the same with the spec's element names
    xml = xmltodict.parse(client.get(f"{BASE}/services.xml").content)
    assert len(xml["services"]["service"]) == len(services)


def test_post_and_get_requests(hub, api_key, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the registration task runs in-process in tests
        answer = _post(
            client,
            api_key=api_key,
            service_code=_service_code(hub),
            lat="26.0745",
            long="119.2965",
            address_string="示范市中山区人民路18号",
            description="人民路18号门口的窨井盖缺失，晚上行人容易掉下去，请尽快处理。",
            first_name="明",
            last_name="李",
            phone="13911112222",
            **{"attribute[subcategory]": hub.category("道路破损").code},
        )
    assert answer.status_code == 201, answer.content
    created = answer.json()
    valid("post_request", created)
    # the answer carries a token; once the request is registered, the token gives its number
    tokens = client.get(f"{BASE}/tokens/{created[0]['token']}.json").json()
    valid("tokens", tokens)
    number = tokens[0]["service_request_id"]
    appeal = Appeal.objects.get(number=number)
    assert appeal.channel == "open311" and appeal.category == hub.category("道路破损")
    assert appeal.contact_name == "李明" and appeal.latitude is not None
    # GET one, GET a list, tokens — all valid, and without the citizen's name or phone
    one = client.get(f"{BASE}/requests/{number}.json")
    valid("requests", one.json())
    listing = client.get(f"{BASE}/requests.json", {"service_code": _service_code(hub), "status": "open"}).json()
    valid("requests", listing)
    assert [r["service_request_id"] for r in listing] == [number]
    assert "13911112222" not in one.content.decode() and "李明" not in one.content.decode()
    xml = xmltodict.parse(client.get(f"{BASE}/requests/{number}.xml").content)
    assert xml["service_requests"]["request"]["service_request_id"] == number


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"service_code": "9999", "lat": "26.07", "long": "119.29"}, 404),
        ({"lat": "26.07", "long": "119.29"}, 400),
        ({"service_code": "CODE"}, 400),  # no location
        ({"service_code": "CODE", "lat": "126.07", "long": "119.29"}, 400),  # invalid coordinates
        ({"service_code": "CODE", "lat": "26.07", "long": "119.29", "description": ""}, 400),
        ({"service_code": "CODE", "lat": "26.07", "long": "119.29", "description": "很长" * 50_000}, 400),
    ],
)
def test_bad_requests_answer_in_the_spec_error_format(hub, api_key, fields, status):
    fields = {k: (_service_code(hub) if v == "CODE" else v) for k, v in fields.items()}
    fields.setdefault("description", "路灯坏了，晚上很黑，请派人维修。")
    before = (Appeal.objects.count(), Intake.objects.count(), AuditEntry.objects.count())
    for fmt in ("json", "xml"):
        answer = _post(Client(), fmt, api_key=api_key, **fields)
        assert answer.status_code == status, answer.content
        if fmt == "json":
            valid("errors", answer.json())
        else:
            assert xmltodict.parse(answer.content)["errors"]["error"]["code"] == str(status)
    assert (Appeal.objects.count(), Intake.objects.count(), AuditEntry.objects.count()) == before


def test_posting_needs_a_key_with_the_open311_scope(hub, token_for):
    fields = {"service_code": _service_code(hub), "lat": "26.07", "long": "119.29", "description": "路灯坏了请维修。"}
    assert _post(Client(), **fields).status_code == 403
    assert _post(Client(), api_key="zz_nope_nope", **fields).status_code == 403
    other = token_for(hub.centre, [ApiScope.APPEALS_READ.value])
    answer = _post(Client(), api_key=other, **fields)
    assert answer.status_code == 403
    valid("errors", answer.json())
    assert not Appeal.objects.exists()


def test_a_burst_of_requests_costs_one_insert_each_and_a_revoked_key_stops_at_once(
    hub, api_key, django_assert_num_queries
):
    from zhizhi.accounts.models import ApiClient
    from zhizhi.accounts.services import api_client_revoke

    fields = {"service_code": _service_code(hub), "lat": "26.07", "long": "119.29", "description": "路灯坏了请维修。"}
    assert _post(Client(), api_key=api_key, **fields).status_code == 201
    # the key and the service are remembered by the server process: a request is checked and stored in one query
    with django_assert_num_queries(1):
        assert _post(Client(), api_key=api_key, **fields).status_code == 201
    api_client_revoke(actor=hub.org.admin.user, client=ApiClient.objects.get(prefix=api_key.split("_")[1]))
    answer = _post(Client(), api_key=api_key, **fields)
    assert answer.status_code == 403
    assert Intake.objects.count() == 2


def test_unknown_format_and_date_range(hub):
    client = Client()
    assert client.get(f"{BASE}/services.yaml").status_code == 404
    answer = client.get(
        f"{BASE}/requests.json", {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}
    )
    assert answer.status_code == 400
    valid("errors", answer.json())
    assert client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}).status_code == 400


def test_closed_appeals_show_as_closed_with_the_reply(hub):
    from zhizhi.appeals import services
    from zhizhi.appeals.tests.conftest import GOOD_REPLY

    appeal = services.appeal_accept(actor=hub.urban_handler.user, appeal=hub.dispatched())
    services.appeal_reply(actor=hub.urban_handler.user, appeal=appeal, text=GOOD_REPLY)
    services.appeal_follow_up(actor=hub.citizen, appeal=appeal, satisfaction="satisfied")
    row = Client().get(f"{BASE}/requests/{appeal.number}.json").json()[0]
    assert row["status"] == "closed" and row["status_notes"].startswith("经现场核查")
    assert "0599-83123456" not in row["status_notes"]  # numbers are blanked on public answers
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.CLOSED


@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_services_and_requests_from_the_running_server(hub, api_key, live_server):
    from georeport import GeoReport

    _post(
        Client(),
        api_key=api_key,
        service_code=_service_code(hub),
        lat="26.07",
        long="119.29",
        description="幸福里小区门口路灯不亮已经一周。",
    )
    for fmt in ("json", "xml"):
        client = GeoReport(f"{live_server.url}{BASE}", output_format=fmt)
        services = client.get_service_list()
        names = {s["service_name"] for s in services}
        assert "市政设施" in names
        definition = client.get_service_definition(_service_code(hub))
        assert definition["service_code"] == _service_code(hub)
        requests = client.get_service_requests(status="open")
        row = requests if isinstance(requests, dict) else requests[0]  # xmltodict gives a dict for one element
        assert row["service_code"] == _service_code(hub)
        one = client.get_service_request(row["service_request_id"])
        assert one["status"] == "open"
    assert Category.objects.filter(level=2).count() == len(names)
