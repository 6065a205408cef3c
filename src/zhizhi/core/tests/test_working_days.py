"""Working-day arithmetic across the 2026 Spring Festival and National Day, make-up days included."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from zhizhi.core.working_days import (
    calendar_known,
    is_working_day,
    working_day_on_or_after,
    working_days_add,
    working_days_between,
)


def test_spring_festival_2026_holidays_and_make_up_saturdays():
    # the holiday runs 15–23 February; Saturday 14 and Saturday 28 February are make-up working days
    assert is_working_day(date(2026, 2, 14))
    assert all(not is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(date(2026, 2, 28))
    assert not is_working_day(date(2026, 3, 1))


def test_five_working_days_from_before_spring_festival_jump_the_holiday():
    # Thursday 12 Feb + 5 working days: 13, 14 (make-up Saturday), 24, 25, 26
    assert working_days_add(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_national_day_2026_with_make_up_sunday_and_saturday():
    assert is_working_day(date(2026, 9, 20))  # a Sunday, worked for National Day
    assert not is_working_day(date(2026, 9, 26))  # Mid-autumn weekend
    assert all(not is_working_day(date(2026, 10, d)) for d in range(1, 8))
    assert is_working_day(date(2026, 10, 10))  # a Saturday, worked
    # Wednesday 30 Sep + 3 working days: 8, 9, 10 October
    assert working_days_add(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


def test_twenty_working_days_across_national_day():
    # 18 Sep 2026 (Fri) + 20: 20 Sep (a make-up Sunday), 21–24 (25 is Mid-autumn), 28–30, 8–10 Oct, 12–16, 19–22
    assert working_days_add(date(2026, 9, 18), 20) == date(2026, 10, 22)


def test_zero_day_limit_on_a_holiday_moves_to_the_next_working_day():
    assert working_days_add(date(2026, 10, 3), 0) == date(2026, 10, 8)
    assert working_day_on_or_after(date(2026, 2, 15)) == date(2026, 2, 24)


def test_unpublished_year_counts_weekdays():
    assert not calendar_known(2099)
    assert working_days_add(date(2099, 1, 2), 1) == date(2099, 1, 5)  # Friday → Monday


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 1)), st.integers(min_value=0, max_value=60))
def test_add_and_between_agree(start, days):
    end = working_days_add(start, days)
    assert is_working_day(end)
    if days:
        assert working_days_between(start, end) == days
        assert working_days_between(start, end - timedelta(days=1)) == days - 1
