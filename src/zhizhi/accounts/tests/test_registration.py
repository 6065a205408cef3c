import datetime
import re

import pytest
from django.test import Client

from zhizhi.accounts.models import Person, User
from zhizhi.conftest import api_json
from zhizhi.core.identifiers import id_number_make

pytestmark = pytest.mark.django_db(transaction=True)

VALID_ID = id_number_make(division_code="359902", birth_date=datetime.date(1990, 5, 17), sequence=123)


def _code(outbox, phone: str) -> str:
    message = [m for m in outbox if m.phone == phone][-1]
    return re.search(r"(\d{6})", message.text).group(1)


def _register(client: Client, outbox, **overrides):
    phone = overrides.pop("phone", "13912345678")
    assert api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": phone}).status_code == 202
    body = {
        "phone": phone,
        "code": _code(outbox, phone),
        "password": "Gov-Service-2026",
        "name": "陈小明",
        "id_number": VALID_ID,
        **overrides,
    }
    return api_json(client, "post", "/api/v1/auth/register", body)


def test_citizen_registers_with_phone_code_and_id_number(org, client, sms_outbox):
    response = _register(client, sms_outbox)
    assert response.status_code == 201, response.content
    user = User.objects.get(phone="13912345678")
    person = Person.objects.get(user=user)
    assert person.id_number == VALID_ID and person.sex == "M" and person.birth_date == datetime.date(1990, 5, 17)
    assert response.json()["phone"] == "139****5678"


@pytest.mark.parametrize(
    ("id_number", "code", "words"),
    [
        ("11010519491231002", "length", "18"),
        (VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1"), "check", "校验"),
        ("359902199002301234", "birth_date", "出生日期"),
        ("35990219900517A23X", "characters", ""),
    ],
)
def test_invalid_id_number_is_422_naming_the_problem(org, client, sms_outbox, id_number, code, words):
    response = _register(client, sms_outbox, id_number=id_number)
    assert response.status_code == 422
    body = response.json()
    assert body["extra"] == {"field": "id_number", "code": code}
    assert words in body["message"]
    assert not User.objects.filter(phone="13912345678").exists()


def test_wrong_sms_code_is_422_and_creates_nothing(org, client, sms_outbox):
    api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "13912345678"})
    right = _code(sms_outbox, "13912345678")
    wrong = "000000" if right != "000000" else "111111"
    response = api_json(
        client,
        "post",
        "/api/v1/auth/register",
        {
            "phone": "13912345678",
            "code": wrong,
            "password": "Gov-Service-2026",
            "name": "陈小明",
            "id_number": VALID_ID,
        },
    )
    assert response.status_code == 422 and response.json()["extra"]["field"] == "code"
    assert not User.objects.filter(phone="13912345678").exists() and not Person.objects.exists()


def test_codes_cannot_be_requested_twice_a_minute(client, db, sms_outbox):
    assert api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "13912345678"}).status_code == 202
    response = api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "13912345678"})
    assert response.status_code == 409
    assert len(sms_outbox) == 1


def test_bad_phone_is_422(client, db):
    response = api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "12345"})
    assert response.status_code == 422 and response.json()["extra"]["field"] == "phone"


def test_name_must_match_the_population_register(org, client, sms_outbox):
    Person.objects.create(name="陈大明", id_number=VALID_ID, sex="M", birth_date=datetime.date(1990, 5, 17))
    response = _register(client, sms_outbox)
    assert response.status_code == 422 and response.json()["extra"]["field"] == "id_number"
    assert not User.objects.filter(phone="13912345678").exists()


def test_nobody_takes_over_a_register_entry_with_another_phone(org, client, sms_outbox):
    # given the register knows this person with their own phone
    person = Person.objects.create(
        name="陈小明", id_number=VALID_ID, sex="M", birth_date=datetime.date(1990, 5, 17), phone="13700000000"
    )
    # when someone who knows the name and ID number registers with another phone
    response = _register(client, sms_outbox, phone="13912345678")
    # then the same answer as for any mismatch, and the person stays unlinked
    assert response.status_code == 422
    assert "不符合登记信息" in response.json()["message"]
    person.refresh_from_db()
    assert person.user_id is None and person.phone == "13700000000"
    # while the person themself, with the phone on record, can register
    assert _register(Client(), sms_outbox, phone="13700000000").status_code == 201


def test_register_cannot_be_probed_without_a_valid_code(org, client, sms_outbox):
    Person.objects.create(name="陈大明", id_number=VALID_ID, sex="M", birth_date=datetime.date(1990, 5, 17))
    response = api_json(
        client,
        "post",
        "/api/v1/auth/register",
        {
            "phone": "13912345678",
            "code": "123456",
            "password": "Gov-Service-2026",
            "name": "陈小明",
            "id_number": VALID_ID,
        },
    )
    assert response.status_code == 422
    assert response.json()["extra"]["field"] == "code"


def test_an_id_number_registers_only_once(org, client, sms_outbox):
    assert _register(client, sms_outbox).status_code == 201
    response = _register(Client(), sms_outbox, phone="13912345679")
    assert response.status_code == 422
    assert User.objects.filter(person__id_number=VALID_ID).count() == 1


def test_a_registered_phone_gets_a_notice_not_a_code(org, client, sms_outbox):
    from zhizhi.accounts.models import PhoneChallenge

    assert _register(client, sms_outbox).status_code == 201
    PhoneChallenge.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    # the caller cannot tell a registered phone from a new one
    assert api_json(Client(), "post", "/api/v1/auth/sms-codes", {"phone": "13912345678"}).status_code == 202
    assert "已注册" in sms_outbox[-1].text and not re.search(r"\d{6}", sms_outbox[-1].text)


def test_the_public_endpoint_sends_only_registration_codes(client, db):
    response = api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "13912345678", "purpose": "login"})
    assert response.status_code == 422


def test_api_writes_must_be_json(client, db):
    response = client.post("/api/v1/auth/sms-codes", data="phone=13912345678", content_type="text/plain")
    assert response.status_code == 415
    assert set(response.json()) == {"message", "extra"}


def test_one_address_cannot_request_codes_for_many_phones(client, db, sms_outbox):
    from zhizhi.accounts.services import PHONE_CODES_PER_ADDRESS_HOUR

    for i in range(PHONE_CODES_PER_ADDRESS_HOUR):
        assert api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": f"1391234{i:04d}"}).status_code == 202
    response = api_json(client, "post", "/api/v1/auth/sms-codes", {"phone": "13999999999"})
    assert response.status_code == 429
    assert response.json()["extra"] == {"retry_after": 3600}
    assert len(sms_outbox) == PHONE_CODES_PER_ADDRESS_HOUR
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert api_json(other, "post", "/api/v1/auth/sms-codes", {"phone": "13999999999"}).status_code == 202
