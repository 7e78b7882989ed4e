"""Regulation 44 visits at risk, for the at-risk page: due within AMBER_WORKING_DAYS working
days and not yet made, or missed (the period ended with no visit) in the last
MISSED_LOOKBACK_MONTHS months (older ones are on the tracker). `today` is passed in."""

from dataclasses import dataclass
from datetime import date

from app.services.reg44 import homes as homes_service
from app.services.reg44.schedule import MISSED, periods
from app.services.reg44.tracker import visits_by_home
from app.services.settings import authority_settings
from app.timescales import add_months

MISSED_LOOKBACK_MONTHS = 6


@dataclass(frozen=True)
class VisitAtRiskRow:
    home_id: int
    home: str
    locality: str
    period_start: date
    latest: date
    working_days_left: int  # 0 on the latest day, negative once past it
    missed: bool
    booked: bool  # a time is booked in the visitor's calendar


def visits_at_risk(today: date, amber_working_days: int) -> list[VisitAtRiskRow]:
    """Missed visits first (oldest first), then those falling due, soonest first."""
    calendar = authority_settings().calendar()
    homes = homes_service.list_homes(include_closed=True)
    visits = visits_by_home([home.id for home in homes])
    since = add_months(today, -MISSED_LOOKBACK_MONTHS)
    rows = []
    for home in homes:
        for period in periods(home, visits[home.id], today):
            visited = period.visit is not None and period.visit.visited_on is not None
            if visited or period.ends < since:
                continue
            left = calendar.working_days_between(today, period.latest)
            missed = period.status(today) == MISSED
            if not missed and (today < period.start or left > amber_working_days):
                continue
            booked = period.visit is not None and period.visit.planned_starts_at is not None
            rows.append(VisitAtRiskRow(home.id, home.name, home.locality.name, period.start,
                                       period.latest, left, missed, booked))  # fmt: skip
    return sorted(rows, key=lambda row: (not row.missed, row.latest, row.home))
