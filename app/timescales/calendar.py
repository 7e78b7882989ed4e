"""Working days and calendar arithmetic for statutory timescales (pure: no Flask, no database).

A working day is Monday to Friday that is not a bank or public holiday in England and Wales
(Working Together to Safeguard Children 2023 and the 2010 Care Planning regulations count in
working days). Holidays come from the pinned `holidays` package with ``subdiv="ENG"``: without
the subdivision it silently drops Easter Monday and the August bank holiday.

An authority's own closure days (say, the council shuts between Christmas and New Year) block
bookings but never move a statutory deadline: `is_working_day` ignores them, `is_bookable`
honours them. All values are calendar dates, so clock changes cannot shift anything.
"""

from __future__ import annotations

import calendar as _month_lengths
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import holidays

__all__ = [
    "TimescaleError",
    "WorkingCalendar",
    "add_months",
    "add_weeks",
    "last_day_of_month",
]

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


class TimescaleError(ValueError):
    """Bad timescale input, with a message an admin can act on."""


@cache
def _bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays for one year, cached because the package is slow."""
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return dict(england.items())


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, _month_lengths.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same date `months` later (or earlier); the month's last day if that month is shorter.

    "Not more than three months after" means the same date three months on (spec: counting
    rules); 31 January + 1 month is therefore 28 (or 29) February.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return min(date(year, month, 1) + timedelta(days=day.day - 1), last_day_of_month(year, month))


def add_weeks(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


def _check_count(count: int) -> None:
    if count < 0:
        raise TimescaleError(f"A number of working days cannot be negative (got {count}).")


@dataclass(frozen=True)
class WorkingCalendar:
    """England and Wales working days, plus an authority's closure days (bookings only)."""

    closure_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "closure_days", frozenset(self.closure_days))

    # -- what kind of day is it --------------------------------------------------------------
    def bank_holiday(self, day: date) -> str | None:
        """The bank holiday's name ('Boxing Day (observed)'), or None."""
        return _bank_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Counts towards statutory timescales; closure days do not change this."""
        return day.weekday() < _SATURDAY and self.bank_holiday(day) is None

    def is_bookable(self, day: date) -> bool:
        """A meeting may be booked on it: a working day on which the authority is open."""
        return self.is_working_day(day) and day not in self.closure_days

    # -- counting ----------------------------------------------------------------------------
    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start`; `start` is day 0 and is not counted."""
        _check_count(count)
        day = start
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def subtract_working_days(self, start: date, count: int) -> date:
        """The `count`th working day before `start`; `start` itself is not counted."""
        _check_count(count)
        day = start
        for _ in range(count):
            day = self.previous_working_day(day)
        return day

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= _ONE_DAY
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def latest_working_day(self, deadline: date) -> date:
        """The last working day on or before `deadline`: meetings never roll forward past it."""
        return deadline if self.is_working_day(deadline) else self.previous_working_day(deadline)

    def first_working_day(self, day: date) -> date:
        """The first working day on or after `day` (for 'not before' rules)."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if `end` is earlier).

        The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for day in _days(start + _ONE_DAY, end) if self.is_working_day(day))

    def bank_holidays_between(self, start: date, end: date) -> list[str]:
        """Names of weekday bank holidays in (start, end]: the days a count skipped."""
        return [
            name
            for day in _days(start + _ONE_DAY, end)
            if day.weekday() < _SATURDAY and (name := self.bank_holiday(day))
        ]

    def bookable_days(self, first: date, last: date) -> list[date]:
        """Every bookable day from `first` to `last` inclusive (the solver's candidate days)."""
        return [day for day in _days(first, last) if self.is_bookable(day)]


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY
