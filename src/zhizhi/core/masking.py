"""Field masking for personal data (PIPL; GB/T 35273 §7.2): what a viewer sees unless allowed more."""

import re
from collections.abc import Callable

_ADDRESS_LEVEL = re.compile(r"^.*?(街道|镇|乡|苏木)")
_ADDRESS_ROAD = re.compile(r"^.*?(路|街|大道|巷|胡同)")


def mask_id_number(value: str) -> str:
    """Keep the first 6 and last 4 characters of an identity number: 110105********002X."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number: 138****5678."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """Keep the surname: 张*, 欧**."""
    if not value:
        return value
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_address(value: str) -> str:
    """Keep the address down to the street (街道/镇/乡, or the road when no street is named)."""
    if not value:
        return value
    match = _ADDRESS_LEVEL.match(value) or _ADDRESS_ROAD.match(value)
    kept = match.group(0) if match else value[: min(6, len(value) // 2)]
    return kept + "***" if kept != value else kept


MASKS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    "address": mask_address,
}


def mask(kind: str, value: str | None) -> str:
    """Mask `value` as a field of `kind` (id_number, phone, name, address)."""
    if value is None:
        return ""
    return MASKS[kind](str(value))
