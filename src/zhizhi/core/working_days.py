"""Working-day arithmetic for statutory clocks: China's public holidays and make-up working days (调休).

The `chinesecalendar` package carries the State Council's holiday schedule, published a year at a time. For a
year it does not know yet, Monday to Friday count as working days; `calendar_known(year)` tells which is which,
so an operator can see that a deadline falls into an unpublished year.
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

_FIRST_YEAR, _LAST_YEAR = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year


def calendar_known(year: int) -> bool:
    """Whether the holiday schedule of `year` is published in the installed calendar."""
    return _FIRST_YEAR <= year <= _LAST_YEAR


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    """A day on which government offices work: a weekday that is not a holiday, or a make-up working day."""
    if calendar_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def working_day_on_or_after(day: date) -> date:
    """The first working day from `day` on."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_add(start: date, days: int) -> date:
    """The working day on which a limit of `days` working days from `start` runs out.

    The day of the event itself does not count (the law counts from the next day), so a 1-day limit from a
    Friday ends on Monday. A limit of 0 ends on `start` itself, or on the next working day if `start` is not one.
    """
    if days < 0:
        raise ValueError("a working-day limit cannot be negative")
    day = start
    if days == 0:
        return working_day_on_or_after(day)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
