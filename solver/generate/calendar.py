"""Working days for generated instances: Monday–Friday minus England's bank holidays.

Statutory windows reach before and after the horizon (a review due next month is still in
this month's list), so the calendar keeps working days well beyond both ends.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

import holidays

# Working days kept beyond each end of the horizon, for windows that stick out of it.
_MARGIN_DAYS = 90


def bank_holidays(first_year: int, last_year: int) -> set[date]:
    # subdiv="ENG": without it the package drops Easter Monday and the August bank holiday.
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return set(table.keys())


def is_working_day(day: date, closed: set[date]) -> bool:
    return day.weekday() < 5 and day not in closed


class WorkingCalendar:
    """The horizon's working days, plus working days either side for window arithmetic."""

    def __init__(self, first_day: date, horizon_length: int) -> None:
        start = first_day - timedelta(days=_MARGIN_DAYS * 2)
        stop = first_day + timedelta(days=horizon_length * 2 + _MARGIN_DAYS * 2)
        closed = bank_holidays(start.year, stop.year)
        self.all_days: list[date] = [
            start + timedelta(days=k)
            for k in range((stop - start).days)
            if is_working_day(start + timedelta(days=k), closed)
        ]
        self._position = {day: k for k, day in enumerate(self.all_days)}
        first = bisect_right(self.all_days, first_day - timedelta(days=1))
        self.horizon: list[date] = self.all_days[first : first + horizon_length]

    def position(self, day: date) -> int:
        """Index of a working day in the whole calendar."""
        return self._position[day]

    def shift(self, day: date, working_days: int) -> date:
        """The working day `working_days` positions after (or before, if negative) `day`."""
        return self.all_days[self._position[day] + working_days]

    def weeks(self) -> list[list[date]]:
        """The horizon's days grouped by ISO week, in order."""
        grouped: dict[tuple[int, int], list[date]] = {}
        for day in self.horizon:
            grouped.setdefault(iso_week(day), []).append(day)
        return list(grouped.values())


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]
