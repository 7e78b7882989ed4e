"""When a home's visits fall due, and where each stands on a given day; no database writes.

A monthly home has one period per calendar month it is open (any date in the month will do). A
supported-living scheme has a chain: the first period runs from the day it opened, each next
one from the previous visit (app.timescales.next_in_chain), so a late visit moves every later
deadline; a period whose deadline passed before its visit is missed, even once visited.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.models import ChildrensHome, Reg44Visit
from app.services.settings import authority_settings
from app.timescales import MeetingType, Window, add_months, window

# What a period is on a given day, as the tracker and the at-risk page word it.
VISITED, DUE, MISSED, UPCOMING = "visited", "due", "missed", "upcoming"


@dataclass(frozen=True)
class Period:
    start: date
    earliest: date
    latest: date  # the deadline the service works to (a working day)
    visit: Reg44Visit | None
    # The last day a visit still counts: a monthly home's visit may be on any day of the month,
    # a weekend after its last working day included.
    ends: date

    def status(self, today: date) -> str:
        if self.visit is not None and self.visit.visited_on is not None:
            return MISSED if self.visit.visited_on > self.ends else VISITED
        if today > self.ends:
            return MISSED
        return DUE if today >= self.start else UPCOMING


def period_window(home: ChildrensHome, start: date) -> Window:
    settings = authority_settings()
    return window(MeetingType.REG44_VISIT, start, sequence="subsequent", settings=settings,
                  calendar=settings.calendar(),
                  supported_living=home.supported_living)  # fmt: skip


def month_start(day: date) -> date:
    return day.replace(day=1)


def periods(home: ChildrensHome, visits: Iterable[Reg44Visit], until: date) -> list[Period]:
    """Every period of `home` that has started by `until` (and the one running then), oldest
    first; none after the home closed."""
    by_start = {visit.period_start: visit for visit in visits}
    last_day = min(until, home.closed_on) if home.closed_on else until
    if home.supported_living:
        return _chain(home, by_start, last_day)
    result = []
    start = month_start(home.opened_on)
    while start <= last_day:
        span = period_window(home, start)
        ends = add_months(start, 1) - timedelta(days=1)
        result.append(Period(start, span.earliest, span.latest, by_start.get(start), ends))
        start = add_months(start, 1)
    return result


def _chain(home: ChildrensHome, by_start: dict[date, Reg44Visit], last_day: date) -> list[Period]:
    result = []
    start = home.opened_on
    while start <= last_day:
        span = period_window(home, start)
        visit = by_start.get(start)
        result.append(Period(start, span.earliest, span.latest, visit, span.latest))
        if visit is None or visit.visited_on is None or visit.visited_on <= start:
            break  # the period still open: the next one counts from its visit
        start = visit.visited_on
    return result
