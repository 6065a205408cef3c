"""What the current request tells the layers below it: the client's address, for audit rows and rate limits."""

import ipaddress
from contextvars import ContextVar

client_address: ContextVar[str] = ContextVar("client_address", default="")


def canonical_address(value: str) -> str | None:
    """An IP address in its canonical text form (2001:db8::1, not 2001:0DB8:0::1), or None when it is not one."""
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None
