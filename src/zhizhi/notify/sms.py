"""The SMS gateway interface. Settings name the class (ZHIZHI_SMS_GATEWAY); the console gateway is the default."""

import json
import logging
import urllib.request
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("zhizhi.sms")


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class ConsoleSmsGateway:
    """Writes each message to the log (and var/sms.log): for the demo and for development."""

    def send(self, *, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)
        with (settings.VAR_DIR / "sms.log").open("a", encoding="utf-8") as log:
            log.write(f"{phone}\t{text}\n")


@dataclass
class SentSms:
    phone: str
    text: str


class LocmemSmsGateway:
    """Keeps messages in memory (`outbox`), for tests."""

    outbox: list[SentSms] = []

    def send(self, *, phone: str, text: str) -> None:
        LocmemSmsGateway.outbox.append(SentSms(phone=phone, text=text))


class HttpJsonSmsGateway:
    """POSTs {"phone", "text", "sign"} as JSON to ZHIZHI_SMS_GATEWAY_URL with a bearer key: adapt a provider here."""

    def send(self, *, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text, "sign": settings.SMS_SIGN}).encode()
        request = urllib.request.Request(  # noqa: S310 - the operator configures this URL
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_KEY}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


@cache
def _gateway(path: str) -> SmsGateway:
    gateway: SmsGateway = import_string(path)()
    return gateway


def sms_send(*, phone: str, text: str) -> None:
    """Send one text message through the configured gateway."""
    _gateway(settings.SMS_GATEWAY).send(phone=phone, text=text)
