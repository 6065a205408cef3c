"""Tests for zhizhi.core.identifiers: failure codes, properties, cross-checks with independent checkers."""

from __future__ import annotations

import datetime
import itertools
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import stdnum
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from zhizhi.core.identifiers import (
    PROVINCE_CODES,
    REGISTRATION_AUTHORITY_CODES,
    USCC_ALPHABET,
    DivisionCodeInfo,
    IdentifierError,
    division_code_parse,
    id_number_check_char,
    id_number_make,
    id_number_parse,
    organisation_code_check_char,
    uscc_check_char,
    uscc_make,
    uscc_parse,
)

TODAY = datetime.date(2025, 6, 30)


def error_code(parse: Callable[[str], object], value: str) -> str | None:
    """Return the failure code parse raises for value, or None when the value is valid."""
    try:
        parse(value)
    except IdentifierError as error:
        return error.code
    return None


def with_id_check(body17: str) -> str:
    """Complete a 17-digit body with its check character so that only the body can be wrong."""
    return body17 + id_number_check_char(body17)


def with_uscc_checks(body16: str) -> str:
    """Complete a 16-character body with both check characters so that only the body can be wrong."""
    body17 = body16 + organisation_code_check_char(body16[8:16])
    return body17 + uscc_check_char(body17)


@pytest.fixture
def renderable_messages() -> Iterator[None]:
    """Make lazy messages renderable: settings with translation off, unless a settings module is loaded."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    yield


# --- resident identity numbers ------------------------------------------------------------------------------


def test_id_number_parse_reads_the_gb_11643_example() -> None:
    # when
    info = id_number_parse("11010519491231002X", today=TODAY)

    # then
    assert info.value == "11010519491231002X"
    assert info.division_code == "110105"
    assert info.birth_date == datetime.date(1949, 12, 31)
    assert info.sex == "F"
    assert info.warnings == ()


@pytest.mark.parametrize("value", ["11010519491231002x", " 11010519491231002X\n", "\u300011010519491231002x"])
def test_id_number_parse_normalises_case_and_surrounding_space(value: str) -> None:
    assert id_number_parse(value, today=TODAY).value == "11010519491231002X"


def test_id_number_parse_reads_sex_from_the_17th_digit() -> None:
    # given: stdnum's documented example, a man (17th digit 7)
    value = "360426199101010071"

    # when
    info = id_number_parse(value, today=TODAY)

    # then
    assert (info.division_code, info.birth_date, info.sex) == ("360426", datetime.date(1991, 1, 1), "M")


def test_id_number_make_builds_a_number_parse_reads_back() -> None:
    # when
    value = id_number_make(division_code="440305", birth_date=datetime.date(2000, 2, 29), sequence=7)

    # then
    assert value[:17] == "44030520000229007"
    info = id_number_parse(value, today=TODAY)
    assert (info.division_code, info.birth_date, info.sex) == ("440305", datetime.date(2000, 2, 29), "M")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("  \t", "empty"),
        ("11010519491231002", "length"),
        ("11010519491231002X0", "length"),
        ("110105194912310", "length"),
        ("11010519491231002Y", "characters"),
        ("1101051949123100X2", "characters"),
        ("11010519491231 02X", "characters"),
        ("１1010519491231002X", "characters"),  # a full-width digit is not a digit here
        (with_id_check("99010519491231002"), "division_format"),
        (with_id_check("00000019491231002"), "division_format"),
        (with_id_check("11010519490230002"), "birth_date"),  # 30 February
        (with_id_check("11010519491301002"), "birth_date"),  # month 13
        (with_id_check("11010519490000002"), "birth_date"),
        (with_id_check("11010519000229002"), "birth_date"),  # 1900 was not a leap year
        (with_id_check("11010518991231002"), "birth_date"),  # before 1900-01-01
        (with_id_check("11010520250701002"), "birth_date"),  # the day after TODAY
        ("110105194912310021", "check"),
        ("110105194912310020", "check"),
        ("11010519491231003X", "check"),
    ],
)
def test_id_number_parse_names_the_failure(value: str, code: str) -> None:
    assert error_code(lambda v: id_number_parse(v, today=TODAY), value) == code


def test_id_number_parse_checks_the_first_failure_in_order() -> None:
    # given: a wrong province prefix, an impossible date and a wrong check character at once
    value = "990105194902300020"

    # then: the division is reported, it comes first
    assert error_code(lambda v: id_number_parse(v, today=TODAY), value) == "division_format"


def test_id_number_parse_accepts_birth_on_the_first_and_the_last_allowed_day() -> None:
    assert id_number_parse(with_id_check("11010519000101002"), today=TODAY).birth_date == datetime.date(1900, 1, 1)
    assert id_number_parse(with_id_check("11010520250630002"), today=TODAY).birth_date == TODAY


def test_id_number_parse_compares_birth_date_with_the_real_today_by_default() -> None:
    # given
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    value = id_number_make(division_code="110105", birth_date=tomorrow, sequence=1)

    # then
    assert error_code(id_number_parse, value) == "birth_date"
    assert error_code(lambda v: id_number_parse(v, today=tomorrow), value) is None


def test_id_number_parse_warns_about_an_unknown_division_but_accepts_the_number() -> None:
    # given
    asked: list[str] = []

    def division_exists(code: str) -> bool:
        asked.append(code)
        return code != "110105"

    # when
    info = id_number_parse("11010519491231002X", division_exists=division_exists, today=TODAY)

    # then
    assert asked == ["110105"]
    assert [warning.code for warning in info.warnings] == ["division_unknown"]
    assert id_number_parse("11010519491231002X", division_exists=lambda code: True, today=TODAY).warnings == ()


def test_id_number_parse_does_not_ask_about_the_division_of_an_invalid_number() -> None:
    def division_exists(code: str) -> bool:
        raise AssertionError("asked about a division of an invalid number")

    assert error_code(lambda v: id_number_parse(v, division_exists=division_exists), "110105194912310021") == "check"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"division_code": "110105", "birth_date": datetime.date(1990, 1, 1), "sequence": 1000},
        {"division_code": "110105", "birth_date": datetime.date(1990, 1, 1), "sequence": -1},
        {"division_code": "990105", "birth_date": datetime.date(1990, 1, 1), "sequence": 1},
        {"division_code": "11010", "birth_date": datetime.date(1990, 1, 1), "sequence": 1},
        {"division_code": "110105", "birth_date": datetime.date(1899, 12, 31), "sequence": 1},
    ],
)
def test_id_number_make_refuses_what_cannot_be_a_valid_number(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        id_number_make(**kwargs)


@pytest.mark.parametrize("body", ["1101051949123100", "110105194912310021", "1101051949123100X", "１1010519491231002"])
def test_id_number_check_char_refuses_a_body_that_is_not_17_digits(body: str) -> None:
    with pytest.raises(ValueError):
        id_number_check_char(body)


# --- unified social credit codes ----------------------------------------------------------------------------


def test_uscc_parse_reads_the_gb_32100_example() -> None:
    # when
    info = uscc_parse("91350100M000100Y43")

    # then
    assert info.value == "91350100M000100Y43"
    assert info.registration_authority == "9"
    assert info.organisation_kind == "1"
    assert info.division_code == "350100"
    assert info.organisation_code == "M000100Y4"
    assert info.warnings == ()


@pytest.mark.parametrize(
    "value",
    [
        # Checked by hand: org code MA01ABCD -> 358 % 11 = 6 -> 5; credit code sum 1897 % 31 = 6 -> 25 -> R.
        "Y1110105MA01ABCD5R",
        "N2510100MA6CW3K769",
        "51110000500021676X",  # an organisation code check of X
        "91110000600037341L",  # stdnum's documented example
    ],
)
def test_uscc_parse_accepts_valid_codes_of_several_registration_authorities(value: str) -> None:
    assert uscc_parse(value).value == value


def test_uscc_parse_upper_cases_and_strips() -> None:
    assert uscc_parse(" y1110105ma01abcd5r\t").value == "Y1110105MA01ABCD5R"


def test_uscc_make_builds_a_code_parse_reads_back() -> None:
    # when
    value = uscc_make(
        registration_authority="Y",
        organisation_kind="1",
        division_code="110105",
        organisation_body8="MA01ABCD",
    )

    # then
    assert value == "Y1110105MA01ABCD5R"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        (" ", "empty"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100I000100Y43", "characters"),
        ("91350100o000100Y43", "characters"),  # upper-cased to O, which is not allowed
        ("9135010-M000100Y43", "characters"),
        ("91350100M000100Y4ß", "characters"),  # upper-casing must not turn one character into two ("SS")
        (with_uscc_checks("01350100M000100Y"), "registration_authority"),
        (with_uscc_checks("B1350100M000100Y"), "registration_authority"),
        (with_uscc_checks("91990100M000100Y"), "division_format"),
        (with_uscc_checks("9135A100M000100Y"), "division_format"),
        ("91350100M000100Y53", "organisation_code"),
        ("91350100M000100YX3", "organisation_code"),
        ("91350100M000100Y44", "check"),
        ("91350100M000100Y40", "check"),
    ],
)
def test_uscc_parse_names_the_failure(value: str, code: str) -> None:
    assert error_code(uscc_parse, value) == code


def test_uscc_parse_warns_about_an_unknown_division_but_accepts_the_code() -> None:
    # when
    info = uscc_parse("91350100M000100Y43", division_exists=lambda code: code != "350100")

    # then
    assert [warning.code for warning in info.warnings] == ["division_unknown"]


@pytest.mark.parametrize(
    ("body8", "check"),
    [("D2143569", "X"), ("60003734", "1"), ("M000100Y", "4"), ("00000000", "0"), ("50002167", "6")],
)
def test_organisation_code_check_char_follows_gb_11714(body8: str, check: str) -> None:
    assert organisation_code_check_char(body8) == check


@pytest.mark.parametrize(
    "kwargs",
    [
        {"registration_authority": "0", "organisation_kind": "1", "division_code": "110105"},
        {"registration_authority": "9", "organisation_kind": "I", "division_code": "110105"},
        {"registration_authority": "9", "organisation_kind": "1", "division_code": "990105"},
        {"registration_authority": "9", "organisation_kind": "11", "division_code": "110105"},
    ],
)
def test_uscc_make_refuses_parts_that_cannot_make_a_valid_code(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        uscc_make(**kwargs, organisation_body8="MA01ABCD")


def test_uscc_make_refuses_an_organisation_body_with_letters_outside_the_alphabet() -> None:
    with pytest.raises(ValueError):
        uscc_make(
            registration_authority="9",
            organisation_kind="1",
            division_code="110105",
            organisation_body8="MA01ABCS",
        )


# --- division codes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level", "parent_code"),
    [
        ("110000", "province", None),
        ("330100", "city", "330000"),
        ("330106", "county", "330100"),
        ("441900", "city", "440000"),
        ("441900003", "street", "441900"),  # a town directly under a city without districts
        ("330106001", "street", "330106"),
        ("330106001002", "community", "330106001"),
        (" 330106001002 ", "community", "330106001"),
    ],
)
def test_division_code_parse_gives_level_and_parent(code: str, level: str, parent_code: str | None) -> None:
    assert division_code_parse(code) == DivisionCodeInfo(code=code.strip(), level=level, parent_code=parent_code)


@pytest.mark.parametrize(
    ("code", "failure"),
    [
        ("", "empty"),
        ("1101", "length"),
        ("1101050", "length"),
        ("1101050010", "length"),
        ("1101050010010", "length"),
        ("11010a", "characters"),
        ("110105 01", "characters"),
        ("1101050O1", "characters"),
        ("990000", "division_format"),
        ("000000", "division_format"),
        ("110105000", "division_format"),
        ("110105001000", "division_format"),
        ("110105000001", "division_format"),
    ],
)
def test_division_code_parse_names_the_failure(code: str, failure: str) -> None:
    assert error_code(division_code_parse, code) == failure


# --- messages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parse", "value", "code", "must_mention"),
    [
        (id_number_parse, "11010519491231002", "length", ["17"]),
        (id_number_parse, "110105194912310021", "check", ["X"]),
        (id_number_parse, "1101051949123100A1", "characters", ["17", "A"]),
        (id_number_parse, with_id_check("11010519490230002"), "birth_date", ["19490230"]),
        (uscc_parse, "91350100M000100Y44", "check", ["3"]),
        (uscc_parse, "91350100M000I00Y43", "characters", ["13", "I"]),
        (uscc_parse, "91350100M000100Y53", "organisation_code", ["4"]),
        (division_code_parse, "110105000", "division_format", ["110105000", "7", "9"]),
    ],
)
def test_error_messages_name_what_is_wrong(
    renderable_messages: None, parse: Callable[[str], object], value: str, code: str, must_mention: list[str]
) -> None:
    # when
    with pytest.raises(IdentifierError) as raised:
        parse(value)

    # then
    assert raised.value.code == code
    text = str(raised.value)
    assert text == str(raised.value.message)
    for part in must_mention:
        assert part in text


def test_warning_message_names_the_division(renderable_messages: None) -> None:
    info = id_number_parse("11010519491231002X", division_exists=lambda code: False, today=TODAY)
    assert "110105" in str(info.warnings[0].message)


# --- properties ---------------------------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCE_CODES))
division_codes6 = st.builds(lambda p, rest: p + rest, provinces, st.text(alphabet="0123456789", min_size=4, max_size=4))
uscc_chars = st.sampled_from(USCC_ALPHABET)


@given(
    division_code=division_codes6,
    birth_date=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_id_number_round_trip_keeps_division_birth_date_and_sex(
    division_code: str, birth_date: datetime.date, sequence: int
) -> None:
    # when
    info = id_number_parse(
        id_number_make(division_code=division_code, birth_date=birth_date, sequence=sequence), today=TODAY
    )

    # then
    assert info.division_code == division_code
    assert info.birth_date == birth_date
    assert info.sex == ("M" if sequence % 2 else "F")


@given(
    division_code=division_codes6,
    birth_date=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789Xx"),
)
def test_id_number_any_single_changed_character_is_detected(
    division_code: str, birth_date: datetime.date, sequence: int, position: int, replacement: str
) -> None:
    # given
    value = id_number_make(division_code=division_code, birth_date=birth_date, sequence=sequence)
    assume(value[position] != replacement.upper())

    # when
    changed = value[:position] + replacement + value[position + 1 :]

    # then
    assert error_code(lambda v: id_number_parse(v, today=TODAY), changed) is not None


@given(
    registration_authority=st.sampled_from(sorted(REGISTRATION_AUTHORITY_CODES)),
    organisation_kind=uscc_chars,
    division_code=division_codes6,
    organisation_body8=st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8),
)
def test_uscc_round_trip_keeps_every_part(
    registration_authority: str, organisation_kind: str, division_code: str, organisation_body8: str
) -> None:
    # given
    value = uscc_make(
        registration_authority=registration_authority,
        organisation_kind=organisation_kind,
        division_code=division_code,
        organisation_body8=organisation_body8,
    )

    # when
    info = uscc_parse(value.lower())

    # then
    assert info.value == value
    assert info.registration_authority == registration_authority
    assert info.organisation_kind == organisation_kind
    assert info.division_code == division_code
    assert info.organisation_code[:8] == organisation_body8


@given(
    registration_authority=st.sampled_from(sorted(REGISTRATION_AUTHORITY_CODES)),
    organisation_kind=uscc_chars,
    division_code=division_codes6,
    organisation_body8=st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8),
    position=st.integers(min_value=0, max_value=17),
    replacement=uscc_chars,
)
def test_uscc_any_single_changed_character_is_detected(
    registration_authority: str,
    organisation_kind: str,
    division_code: str,
    organisation_body8: str,
    position: int,
    replacement: str,
) -> None:
    # given
    value = uscc_make(
        registration_authority=registration_authority,
        organisation_kind=organisation_kind,
        division_code=division_code,
        organisation_body8=organisation_body8,
    )
    assume(value[position] != replacement)

    # when
    changed = value[:position] + replacement + value[position + 1 :]

    # then
    assert error_code(uscc_parse, changed) is not None


LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "street": 3, "community": 4}
nonzero3 = st.integers(min_value=1, max_value=999).map(lambda n: f"{n:03d}")
nonzero2 = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")
division_codes_any_level = st.one_of(
    provinces.map(lambda p: p + "0000"),
    st.builds(lambda p, c: p + c + "00", provinces, nonzero2),
    st.builds(lambda p, c, x: p + c + x, provinces, st.text("0123456789", min_size=2, max_size=2), nonzero2),
    st.builds(lambda code6, s: code6 + s, division_codes6, nonzero3),
    st.builds(lambda code6, s, c: code6 + s + c, division_codes6, nonzero3, nonzero3),
)


@given(code=division_codes_any_level)
def test_division_code_parents_lead_up_to_the_province(code: str) -> None:
    # when
    chain = [division_code_parse(code)]
    while chain[-1].parent_code is not None:
        chain.append(division_code_parse(chain[-1].parent_code))

    # then
    assert chain[-1].level == "province"
    assert chain[-1].code == code[:2] + "0000"
    for child, parent in itertools.pairwise(chain):
        assert LEVEL_RANK[parent.level] < LEVEL_RANK[child.level]
        if len(child.code) > 6:
            assert len(parent.code) == len(child.code) - 3 and child.code.startswith(parent.code)
        else:
            # a 6-digit parent keeps the child's leading digits and zeroes the rest
            kept = parent.code.rstrip("0")
            assert child.code.startswith(kept) and parent.code == kept.ljust(6, "0")
    expected_level = {12: "community", 9: "street"}.get(len(code)) or (
        "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"
    )
    assert chain[0].level == expected_level


@given(code=st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_division_code_parse_accepts_six_digits_exactly_when_the_province_is_known(code: str) -> None:
    assert (error_code(division_code_parse, code) is None) == (code[:2] in PROVINCE_CODES)


# --- cross-check: identity numbers against python-stdnum ----------------------------------------------------
#
# stdnum.cn.ric.is_valid checks length, digits, the check character, that the birth date is a calendar date
# and that the first six digits are a county its own table (stdnum/cn/loc.dat) lists as existing in the birth
# year. It does not bound the date (1800 and 3000 pass), and our parser does not look divisions up (an unknown
# division is a warning). So the generated space keeps both judging the same thing:
#   - valid numbers use only division codes that loc.dat lists without a year range (valid in every year),
#     and birth dates between 1900-01-01 and TODAY;
#   - corrupted numbers either break the check character (a changed, swapped, dropped or added character) or
#     carry an impossible calendar date with a recomputed check character.
# Never generated: a correct check character with a real date outside 1900..TODAY (stdnum accepts, we reject)
# or with a division code absent from loc.dat (stdnum rejects, or raises KeyError when the province is known
# but the county is not: is_valid does not catch it; we accept with a warning).

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def reference_id_check(body17: str) -> str:
    """The check character that makes the weighted sum of all 18 characters 1 modulo 11 (X stands for 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(body17, ID_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def stdnum_timeless_division_codes() -> list[str]:
    """The 6-digit codes stdnum's loc.dat lists with no year range, so they pass for any birth year."""
    text = (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text(encoding="utf-8")
    codes, province = [], ""
    for line in text.splitlines():
        if match := re.match(r"(\d{2}) province=", line):
            province = match[1]
        elif (match := re.match(r'  (\d{4}) county="([^"]*)"$', line)) and "[" not in match[2]:
            codes.append(province + match[1])
    return codes


def impossible_date(rng: random.Random) -> str:
    """Eight digits that look like YYYYMMDD but name no calendar day."""
    year = rng.randint(1900, 2024)
    kind = rng.randrange(5)
    if kind == 0:
        return f"{year}{rng.choice([0, *range(13, 100)]):02d}{rng.randint(1, 28):02d}"
    if kind == 1:
        return f"{year}{rng.randint(1, 12):02d}{rng.choice([0, *range(32, 100)]):02d}"
    if kind == 2:
        return f"{year}02{rng.choice([30, 31]):02d}"
    if kind == 3:
        return f"{year}{rng.choice([4, 6, 9, 11]):02d}31"
    non_leap = rng.choice([y for y in range(1900, 2025) if y % 4 or (y % 100 == 0 and y % 400)])
    return f"{non_leap}0229"


def generate_id_numbers(rng: random.Random, count: int, division_codes: list[str]) -> Iterator[tuple[str, str]]:
    """Yield (kind, number): about half valid, half corrupted in one of several ways."""
    first_day, last_day = datetime.date(1900, 1, 1).toordinal(), TODAY.toordinal()
    for _ in range(count):
        birth_date = datetime.date.fromordinal(rng.randint(first_day, last_day))
        body = f"{rng.choice(division_codes)}{birth_date:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + reference_id_check(body)
        kind = rng.choice(["valid"] * 5 + ["changed", "swapped", "date", "dropped", "added"])
        if kind == "valid":
            if rng.random() < 0.5:
                number = number.lower()
            if rng.random() < 0.05:
                number = f" {number}\t"
        elif kind == "changed":
            position = rng.randrange(18)
            number = (
                number[:position] + rng.choice("0123456789X".replace(number[position], "")) + number[position + 1 :]
            )
        elif kind == "swapped":
            position = rng.randrange(17)
            number = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        elif kind == "date":
            body = body[:6] + impossible_date(rng) + body[14:]
            number = body + reference_id_check(body)
        elif kind == "dropped":
            position = rng.randrange(18)
            number = number[:position] + number[position + 1 :]
        else:
            position = rng.randrange(19)
            number = number[:position] + rng.choice("0123456789") + number[position:]
        yield kind, number


def test_id_number_verdicts_match_stdnum_on_100_000_numbers() -> None:
    # given
    division_codes = stdnum_timeless_division_codes()
    assert len(division_codes) > 400, "stdnum's loc.dat format changed; update stdnum_timeless_division_codes"
    rng = random.Random(20250630)
    counts: Counter[tuple[str, bool]] = Counter()
    mismatches: list[tuple[str, str, bool]] = []
    started = time.perf_counter()

    # when
    for kind, number in generate_id_numbers(rng, 120_000, division_codes):
        ours = error_code(lambda v: id_number_parse(v, today=TODAY), number) is None
        theirs = stdnum_ric.is_valid(number)
        counts[kind, ours] += 1
        if ours != theirs:
            mismatches.append((kind, number, ours))

    # then
    print(f"\nidentity numbers vs stdnum: {counts.total()} cases in {time.perf_counter() - started:.1f}s,")
    print(f"  (kind, valid): {sorted(counts.items())}, mismatches: {len(mismatches)}")
    assert counts.total() >= 100_000
    assert counts["valid", True] > 50_000 and counts["valid", False] == 0
    assert counts["swapped", True] > 0, "swapping two equal digits leaves a valid number"
    assert mismatches == []


# --- cross-check: credit codes against an independent reference and against python-stdnum ------------------

REFERENCE_USCC_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **{"A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "J": 18, "K": 19, "L": 20},
    **{"M": 21, "N": 22, "P": 23, "Q": 24, "R": 25, "T": 26, "U": 27, "W": 28, "X": 29, "Y": 30},
}
REFERENCE_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
REFERENCE_ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
REFERENCE_PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
REFERENCE_PROVINCES += [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]
REFERENCE_AUTHORITIES = "123456789ANY"


def reference_organisation_check(body8: str) -> str:
    """GB 11714: the character that makes the weighted sum a multiple of 11 (X for 10); A-Z count 10-35."""
    total = sum(
        (ord(char) - ord("A") + 10 if char.isalpha() else int(char)) * weight
        for char, weight in zip(body8, REFERENCE_ORGANISATION_WEIGHTS, strict=True)
    )
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def reference_uscc_check(body17: str) -> str:
    """GB 32100: the one character that makes the weighted sum of all 18 a multiple of 31, found by search."""
    total = sum(
        REFERENCE_USCC_VALUES[char] * weight for char, weight in zip(body17, REFERENCE_USCC_WEIGHTS, strict=True)
    )
    (check,) = [char for char, value in REFERENCE_USCC_VALUES.items() if (total + value) % 31 == 0]
    return check


def reference_uscc_failure(value: str) -> str | None:
    """The first rule a credit code breaks, in the documented order, or None when it is valid."""
    code = value.strip().upper()
    if not code:
        return "empty"
    if len(code) != 18:
        return "length"
    if not all(char in REFERENCE_USCC_VALUES for char in code):
        return "characters"
    if code[0] not in REFERENCE_AUTHORITIES:
        return "registration_authority"
    if not code[2:8].isdigit() or int(code[2:4]) not in REFERENCE_PROVINCES:
        return "division_format"
    if code[16] != reference_organisation_check(code[8:16]):
        return "organisation_code"
    if code[17] != reference_uscc_check(code[:17]):
        return "check"
    return None


def reference_uscc(rng: random.Random, *, authority: str, organisation_kind: str, division: str) -> str:
    """A credit code with the given first three parts and correct check characters, the rest random."""
    organisation = "".join(rng.choices(USCC_ALPHABET, k=8))
    body = authority + organisation_kind + division + organisation + reference_organisation_check(organisation)
    return body + reference_uscc_check(body)


def random_division(rng: random.Random) -> str:
    return f"{rng.choice(REFERENCE_PROVINCES)}{rng.randrange(10_000):04d}"


def generate_usccs(rng: random.Random, count: int, *, digit_prefix: bool = False) -> Iterator[tuple[str, str]]:
    """Yield (kind, code): about half valid, the rest corrupted so that every failure code occurs."""
    authorities = "123456789" if digit_prefix else REFERENCE_AUTHORITIES
    not_authorities = "0" if digit_prefix else [c for c in USCC_ALPHABET if c not in REFERENCE_AUTHORITIES]
    organisation_kinds = "0123456789" if digit_prefix else USCC_ALPHABET
    kinds = ["valid"] * 6 + ["changed", "foreign", "authority", "division", "organisation", "length"]
    for _ in range(count):
        kind = rng.choice(kinds)
        authority, organisation_kind = rng.choice(authorities), rng.choice(organisation_kinds)
        code = reference_uscc(
            rng, authority=authority, organisation_kind=organisation_kind, division=random_division(rng)
        )
        if kind == "valid":
            if rng.random() < 0.1:
                code = code.lower()
            if rng.random() < 0.05:
                code = f"\u3000{code} "
        elif kind == "changed":
            position = rng.randrange(18)
            code = code[:position] + rng.choice(USCC_ALPHABET.replace(code[position], "")) + code[position + 1 :]
        elif kind == "foreign":
            position = rng.randrange(18)
            code = code[:position] + rng.choice("IOZSVioszv-*#０Ａ") + code[position + 1 :]
        elif kind == "authority":
            code = reference_uscc(
                rng,
                authority=rng.choice(not_authorities),
                organisation_kind=organisation_kind,
                division=random_division(rng),
            )
        elif kind == "division":
            if rng.random() < 0.5:  # a province that does not exist
                division = rng.choice(["00", "10", "16", "20", "24", "38", "47", "55", "60", "66", "83", "99"])
                division += f"{rng.randrange(10_000):04d}"
            else:  # a letter among the digits
                division, position = random_division(rng), rng.randrange(6)
                division = division[:position] + rng.choice("ABCDEFGHJKLMNPQRTUWXY") + division[position + 1 :]
            code = reference_uscc(rng, authority=authority, organisation_kind=organisation_kind, division=division)
        elif kind == "organisation":
            body = code[:16] + rng.choice(USCC_ALPHABET.replace(code[16], ""))
            code = body + reference_uscc_check(body)
        else:
            position = rng.randrange(18)
            code = rng.choice(
                [
                    code[:position] + code[position + 1 :],
                    code[:position] + rng.choice(USCC_ALPHABET) + code[position:],
                ]
            )
        yield kind, code


def test_uscc_failures_match_an_independent_reference_on_100_000_codes() -> None:
    # given
    rng = random.Random(32100)
    counts: Counter[str | None] = Counter()
    mismatches: list[tuple[str, str, str | None, str | None]] = []
    started = time.perf_counter()

    # when
    for kind, code in generate_usccs(rng, 120_000):
        ours, reference = error_code(uscc_parse, code), reference_uscc_failure(code)
        counts[ours] += 1
        if ours != reference:
            mismatches.append((kind, code, ours, reference))

    # then
    print(f"\ncredit codes vs reference: {counts.total()} cases in {time.perf_counter() - started:.1f}s,")
    print(f"  by our verdict: {sorted(counts.items(), key=str)}, mismatches: {len(mismatches)}")
    assert counts.total() >= 100_000
    assert counts[None] > 50_000
    for failure in [
        "length",
        "characters",
        "registration_authority",
        "division_format",
        "organisation_code",
        "check",
    ]:
        assert counts[failure] > 1000, failure
    assert mismatches[:10] == []


def test_uscc_verdicts_match_stdnum_where_stdnum_can_judge() -> None:
    # stdnum.cn.uscc requires the first eight characters to be digits (it refuses the letters A, N, Y and a
    # letter as the organisation kind, which GB 32100 allows), and checks only length, alphabet and the final
    # check character: not the registration authority table, the province, or the organisation code check.
    # It also reads full-width digits (０-９) as digits, which we refuse. So on codes whose first eight
    # characters are digits, ours must agree except for those four reasons. Codes are generated with digit
    # prefixes; those a corruption put a letter into are skipped.
    rng = random.Random(11714)
    compared, agreements, explained = 0, 0, Counter[tuple[str, str]]()
    unexplained: list[tuple[str, str, str | None, bool]] = []

    for kind, code in generate_usccs(rng, 130_000, digit_prefix=True):
        if not re.fullmatch(r"[0-9]{8}", code.strip()[:8]):
            continue
        compared += 1
        ours, theirs = error_code(uscc_parse, code), stdnum_uscc.is_valid(code)
        if (ours is None) == theirs:
            agreements += 1
        elif theirs and ours in {"registration_authority", "division_format", "organisation_code"}:
            explained[kind, ours] += 1
        elif theirs and ours == "characters" and re.search("[０-９]", code):
            explained[kind, "full-width digit"] += 1
        else:
            unexplained.append((kind, code, ours, theirs))

    print(
        f"\ncredit codes vs stdnum (digit prefix): {compared} compared, {agreements} agree, "
        f"explained disagreements: {sorted(explained.items())}, unexplained: {len(unexplained)}"
    )
    assert compared >= 100_000
    assert unexplained[:10] == []
    # each reason shows up only with the corruption that produces it; everything else agrees
    assert set(explained) <= {
        ("authority", "registration_authority"),
        ("division", "division_format"),
        ("organisation", "organisation_code"),
        ("foreign", "full-width digit"),
    }
