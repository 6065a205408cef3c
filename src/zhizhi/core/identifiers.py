"""Parse, check and build Chinese identifiers: identity numbers, unified social credit codes, division codes.

    id_number_parse        resident identity number, GB 11643-1999 (ISO 7064 MOD 11-2 check character)
    uscc_parse             unified social credit code, GB 32100-2015 (MOD 31 check, GB 11714 org code inside)
    division_code_parse    administrative division code, GB/T 2260 (6 digits) and its street / community forms

A value that is not valid raises IdentifierError (a ValueError) with a stable `code` and a Chinese `message`;
something valid but doubtful (a division code that is not in the current table) is an IdentifierWarning on
the result. The `*_make` functions build valid values for the demo data and for tests.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PROVINCE_CODES",
    "REGISTRATION_AUTHORITY_CODES",
    "USCC_ALPHABET",
    "DivisionCodeInfo",
    "DivisionLevel",
    "IdNumberInfo",
    "IdentifierError",
    "IdentifierWarning",
    "UsccInfo",
    "division_code_parse",
    "id_number_check_char",
    "id_number_make",
    "id_number_parse",
    "organisation_code_check_char",
    "uscc_check_char",
    "uscc_make",
    "uscc_parse",
]

Message: TypeAlias = str | Promise
DivisionLevel: TypeAlias = Literal["province", "city", "county", "street", "community"]

# The first two digits of a GB/T 2260 code: provinces, autonomous regions, municipalities, Taiwan, HK, Macao.
PROVINCE_CODES: Final = frozenset(
    {
        *("11", "12", "13", "14", "15"),  # North
        *("21", "22", "23"),  # Northeast
        *("31", "32", "33", "34", "35", "36", "37"),  # East
        *("41", "42", "43", "44", "45", "46"),  # South Central
        *("50", "51", "52", "53", "54"),  # Southwest
        *("61", "62", "63", "64", "65"),  # Northwest
        *("71", "81", "82"),  # Taiwan, Hong Kong, Macao
    }
)

# GB 32100-2015 table 1, the first character: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
# 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他.
REGISTRATION_AUTHORITY_CODES: Final = frozenset("123456789ANY")

# GB 32100-2015: digits and upper-case letters without I, O, Z, S, V; a character's value is its index here.
USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"

_DIGITS: Final = frozenset(string.digits)
_ASCII_UPPER: Final = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_EARLIEST_BIRTH_DATE: Final = datetime.date(1900, 1, 1)

_ID_NUMBER_WEIGHTS: Final = tuple(2 ** (17 - i) % 11 for i in range(17))
_ID_NUMBER_CHECK_CHARS: Final = "10X98765432"

_USCC_VALUES: Final = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS: Final = tuple(3**i % 31 for i in range(17))

_ORGANISATION_CODE_CHARS: Final = frozenset(string.digits + string.ascii_uppercase)
_ORGANISATION_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def _interpolate_now(message: Message, params: Mapping[str, object]) -> str:
    return str(message) % params


# Formats a lazy message only when it is rendered, so it is translated into the language active at that time.
_interpolate = lazy(_interpolate_now, str)


class IdentifierError(ValueError):
    """A value that is not a valid identifier; `code` names the failure, `message` says it in words."""

    def __init__(self, code: str, message: Message) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class IdentifierWarning:
    """Something doubtful about a valid identifier; `code` names it, `message` says it in words."""

    code: str
    # Left out of == and hash: comparing lazy messages would render them, which needs configured settings.
    message: Message = field(compare=False)


@dataclass(frozen=True)
class IdNumberInfo:
    """A valid resident identity number and what it says about its holder."""

    value: str
    division_code: str
    birth_date: datetime.date
    sex: Literal["M", "F"]
    warnings: tuple[IdentifierWarning, ...] = ()


@dataclass(frozen=True)
class UsccInfo:
    """A valid unified social credit code split into its parts."""

    value: str
    registration_authority: str
    organisation_kind: str
    division_code: str
    organisation_code: str
    warnings: tuple[IdentifierWarning, ...] = ()


@dataclass(frozen=True)
class DivisionCodeInfo:
    """A well-formed administrative division code, its level and the code of the division above it."""

    code: str
    level: DivisionLevel
    parent_code: str | None


def _normalise(value: str) -> str:
    # Only ASCII letters are upper-cased: Unicode case mapping can change the length ("ß" -> "SS").
    return value.strip().translate(_ASCII_UPPER)


def _is_division_code6(code: str) -> bool:
    return len(code) == 6 and _DIGITS.issuperset(code) and code[:2] in PROVINCE_CODES


def _division_warnings(
    division_code: str, division_exists: Callable[[str], bool] | None
) -> tuple[IdentifierWarning, ...]:
    if division_exists is None or division_exists(division_code):
        return ()
    message = _interpolate(_("区划代码%(code)s不在现行行政区划代码表中"), {"code": division_code})
    return (IdentifierWarning("division_unknown", message),)


def id_number_check_char(body17: str) -> str:
    """Return the check character (ISO 7064 MOD 11-2) of the first 17 digits of an identity number."""
    if len(body17) != 17 or not _DIGITS.issuperset(body17):
        raise ValueError(f"an identity number body is 17 ASCII digits, got {body17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(body17, _ID_NUMBER_WEIGHTS, strict=True))
    return _ID_NUMBER_CHECK_CHARS[total % 11]


def _birth_date(digits: str, *, today: datetime.date) -> datetime.date:
    try:
        birth_date = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdentifierError(
            "birth_date", _interpolate(_("身份证号中的出生日期%(date)s不是有效日期"), {"date": digits})
        ) from None
    if birth_date < _EARLIEST_BIRTH_DATE:
        raise IdentifierError(
            "birth_date", _interpolate(_("身份证号中的出生日期%(date)s早于1900年1月1日"), {"date": digits})
        )
    if birth_date > today:
        raise IdentifierError("birth_date", _interpolate(_("身份证号中的出生日期%(date)s晚于今天"), {"date": digits}))
    return birth_date


def id_number_parse(
    value: str,
    *,
    division_exists: Callable[[str], bool] | None = None,
    today: datetime.date | None = None,
) -> IdNumberInfo:
    """Check an 18-character resident identity number and return its division, birth date and sex."""
    number = _normalise(value)
    if not number:
        raise IdentifierError("empty", _("身份证号不能为空"))
    if len(number) != 18:
        raise IdentifierError("length", _interpolate(_("身份证号应为18位，实际为%(n)d位"), {"n": len(number)}))
    for position, char in enumerate(number, start=1):
        if char not in _DIGITS and not (position == 18 and char == "X"):
            raise IdentifierError(
                "characters",
                _interpolate(
                    _("身份证号第%(position)d位“%(char)s”无效：前17位应为数字，末位应为数字或X"),
                    {"position": position, "char": char},
                ),
            )
    division_code = number[:6]
    if division_code[:2] not in PROVINCE_CODES:
        raise IdentifierError(
            "division_format",
            _interpolate(_("身份证号前6位%(code)s不是有效的行政区划代码"), {"code": division_code}),
        )
    birth_date = _birth_date(number[6:14], today=today or datetime.date.today())
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise IdentifierError(
            "check",
            _interpolate(
                _("身份证号校验码错误：末位应为%(expected)s，实际为%(actual)s"),
                {"expected": expected, "actual": number[17]},
            ),
        )
    return IdNumberInfo(
        value=number,
        division_code=division_code,
        birth_date=birth_date,
        sex="M" if int(number[16]) % 2 else "F",
        warnings=_division_warnings(division_code, division_exists),
    )


def id_number_make(*, division_code: str, birth_date: datetime.date, sequence: int) -> str:
    """Build a valid identity number from its division, birth date and 3-digit order code (odd for men)."""
    if not _is_division_code6(division_code):
        raise ValueError(f"{division_code!r} is not a 6-digit division code of a province")
    if birth_date < _EARLIEST_BIRTH_DATE:
        raise ValueError(f"birth date {birth_date} is before 1900-01-01")
    if not 0 <= sequence <= 999:
        raise ValueError(f"order code {sequence} is not in 0..999")
    body = f"{division_code}{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}{sequence:03d}"
    return body + id_number_check_char(body)


def organisation_code_check_char(body8: str) -> str:
    """Return the check character (GB 11714) of the first 8 characters of an organisation code."""
    if len(body8) != 8 or not _ORGANISATION_CODE_CHARS.issuperset(body8):
        raise ValueError(f"an organisation code body is 8 digits or upper-case letters, got {body8!r}")
    total = sum(int(char, 36) * weight for char, weight in zip(body8, _ORGANISATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_char(body17: str) -> str:
    """Return the check character (GB 32100, MOD 31) of the first 17 characters of a credit code."""
    if len(body17) != 17 or not set(body17) <= _USCC_VALUES.keys():
        raise ValueError(f"a credit code body is 17 characters of {USCC_ALPHABET}, got {body17!r}")
    total = sum(_USCC_VALUES[char] * weight for char, weight in zip(body17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_parse(value: str, *, division_exists: Callable[[str], bool] | None = None) -> UsccInfo:
    """Check an 18-character unified social credit code and return its parts."""
    code = _normalise(value)
    if not code:
        raise IdentifierError("empty", _("统一社会信用代码不能为空"))
    if len(code) != 18:
        raise IdentifierError("length", _interpolate(_("统一社会信用代码应为18位，实际为%(n)d位"), {"n": len(code)}))
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUES:
            raise IdentifierError(
                "characters",
                _interpolate(
                    _("统一社会信用代码第%(position)d位“%(char)s”无效：只能是数字或除I、O、Z、S、V以外的大写字母"),
                    {"position": position, "char": char},
                ),
            )
    if code[0] not in REGISTRATION_AUTHORITY_CODES:
        raise IdentifierError(
            "registration_authority",
            _interpolate(_("统一社会信用代码第1位“%(char)s”不是登记管理部门代码"), {"char": code[0]}),
        )
    division_code = code[2:8]
    if not _is_division_code6(division_code):
        raise IdentifierError(
            "division_format",
            _interpolate(_("统一社会信用代码第3至8位%(code)s不是有效的行政区划代码"), {"code": division_code}),
        )
    organisation_code = code[8:17]
    expected_organisation = organisation_code_check_char(organisation_code[:8])
    if organisation_code[8] != expected_organisation:
        raise IdentifierError(
            "organisation_code",
            _interpolate(
                _("统一社会信用代码中的组织机构代码%(code)s校验码错误：第17位应为%(expected)s"),
                {"code": organisation_code, "expected": expected_organisation},
            ),
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(
            "check",
            _interpolate(
                _("统一社会信用代码校验码错误：末位应为%(expected)s，实际为%(actual)s"),
                {"expected": expected, "actual": code[17]},
            ),
        )
    return UsccInfo(
        value=code,
        registration_authority=code[0],
        organisation_kind=code[1],
        division_code=division_code,
        organisation_code=organisation_code,
        warnings=_division_warnings(division_code, division_exists),
    )


def uscc_make(
    *, registration_authority: str, organisation_kind: str, division_code: str, organisation_body8: str
) -> str:
    """Build a valid credit code, adding the organisation code's and the credit code's check characters."""
    if registration_authority not in REGISTRATION_AUTHORITY_CODES:
        raise ValueError(f"{registration_authority!r} is not a registration authority code")
    if len(organisation_kind) != 1 or organisation_kind not in _USCC_VALUES:
        raise ValueError(f"{organisation_kind!r} is not one character of {USCC_ALPHABET}")
    if not _is_division_code6(division_code):
        raise ValueError(f"{division_code!r} is not a 6-digit division code of a province")
    if len(organisation_body8) != 8 or not set(organisation_body8) <= _USCC_VALUES.keys():
        raise ValueError(f"an organisation code body is 8 characters of {USCC_ALPHABET}: {organisation_body8!r}")
    body = (
        registration_authority
        + organisation_kind
        + division_code
        + organisation_body8
        + organisation_code_check_char(organisation_body8)
    )
    return body + uscc_check_char(body)


def division_code_parse(code: str) -> DivisionCodeInfo:
    """Check a division code of 6 (to county), 9 (street) or 12 (community) digits; give level and parent."""
    code = code.strip()
    if not code:
        raise IdentifierError("empty", _("区划代码不能为空"))
    if len(code) not in (6, 9, 12):
        raise IdentifierError("length", _("区划代码应为6、9或12位数字"))
    for position, char in enumerate(code, start=1):
        if char not in _DIGITS:
            raise IdentifierError(
                "characters",
                _interpolate(_("区划代码第%(position)d位“%(char)s”不是数字"), {"position": position, "char": char}),
            )
    if code[:2] not in PROVINCE_CODES:
        raise IdentifierError(
            "division_format",
            _interpolate(_("区划代码%(code)s的前两位不是省级代码"), {"code": code}),
        )
    for start in range(6, len(code), 3):
        if code[start : start + 3] == "000":
            raise IdentifierError(
                "division_format",
                _interpolate(
                    _("区划代码%(code)s第%(first)d至%(last)d位不能为000"),
                    {"code": code, "first": start + 1, "last": start + 3},
                ),
            )
    if len(code) == 12:
        return DivisionCodeInfo(code=code, level="community", parent_code=code[:9])
    if len(code) == 9:
        return DivisionCodeInfo(code=code, level="street", parent_code=code[:6])
    if code[2:] == "0000":
        return DivisionCodeInfo(code=code, level="province", parent_code=None)
    if code[4:] == "00":
        return DivisionCodeInfo(code=code, level="city", parent_code=code[:2] + "0000")
    return DivisionCodeInfo(code=code, level="county", parent_code=code[:4] + "00")
