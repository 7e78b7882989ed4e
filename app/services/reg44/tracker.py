"""The month-by-month tracker, one period's page, and recording a visit and its report."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor, Reg44Visit
from app.services import NotFound, ServiceError, audit
from app.services.reg44 import homes as homes_service
from app.services.reg44.schedule import Period, month_start, period_window, periods
from app.timescales import add_months

MONTHS_BEFORE, MONTHS_AFTER = 6, 2
MOST_MONTHS = 24


@dataclass(frozen=True)
class Cell:
    """One home in one month: its period there, if one starts, is visited or falls due in it."""

    period: Period | None
    status: str  # visited | due | missed | upcoming, or "none" (nothing due this month)


@dataclass(frozen=True)
class TrackerRow:
    home: ChildrensHome
    cells: list[Cell]


@dataclass(frozen=True)
class Tracker:
    months: list[date]  # the 1st of each month shown
    rows: list[TrackerRow]
    today: date
    earlier: date  # the first month of the page before and after, for links
    later: date


def parse_month(text: str | None, field: str = "from") -> date | None:
    """'2026-03' as 1 March 2026; None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else _bad_month(field)
    except ValueError:
        return _bad_month(field)


def _bad_month(field: str) -> date:
    raise ServiceError("Enter the first month as a year and month, like 2026-03", field)


def financial_year(text: str | None) -> date | None:
    """'2026' as April 2026 (the financial year 2026 to 2027); None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ServiceError("Enter the financial year as the year it starts, like 2026", "year")
    return date(int(text), 4, 1)


def tracker(today: date, first: str | None = None, year: str | None = None) -> Tracker:
    """Rows are the open homes (and those closed within the months shown), columns the last
    6 and the next 2 months by default, from `first` (YYYY-MM) for 9 months, or the April to
    March of financial `year`."""
    fy_start = financial_year(year)
    if fy_start is not None:
        start, count = fy_start, 12
    else:
        start = parse_month(first) or add_months(month_start(today), -MONTHS_BEFORE)
        count = MONTHS_BEFORE + 1 + MONTHS_AFTER
    months = [add_months(start, n) for n in range(count)]
    end = add_months(months[-1], 1)
    homes = [
        home
        for home in homes_service.list_homes(include_closed=True)
        if (home.closed_on is None or home.closed_on >= start) and home.opened_on < end
    ]
    visits = visits_by_home([home.id for home in homes])
    rows = []
    for home in homes:
        spans = periods(home, visits[home.id], max(today, months[-1]))
        rows.append(TrackerRow(home, [_cell(home, spans, month, today) for month in months]))
    return Tracker(months, rows, today, add_months(start, -count), add_months(start, count))


def visits_by_home(home_ids: list[int]) -> dict[int, list[Reg44Visit]]:
    found: dict[int, list[Reg44Visit]] = defaultdict(list)
    if home_ids:
        for visit in db.session.scalars(select(Reg44Visit).where(Reg44Visit.home_id.in_(home_ids))):
            found[visit.home_id].append(visit)
    return found


def _cell(home: ChildrensHome, spans: list[Period], month: date, today: date) -> Cell:
    def in_month(day: date | None) -> bool:
        return day is not None and month_start(day) == month

    if not home.supported_living:
        period = next((span for span in spans if span.start == month), None)
        return Cell(period, period.status(today) if period else "none")
    # Supported living: the month it was visited in, else the month its deadline falls in.
    for span in spans:
        if span.visit is not None and in_month(span.visit.visited_on):
            return Cell(span, span.status(today))
    for span in spans:
        if in_month(span.latest):
            return Cell(span, span.status(today))
    return Cell(None, "none")


@dataclass(frozen=True)
class VisitPage:
    home: ChildrensHome
    period: Period
    status: str
    visitors: list[IndependentVisitor]


def visit_page(home_id: int, period_start: str | date | None, today: date) -> VisitPage:
    home = homes_service.get_home(home_id)
    period = find_period(home, period_start, today)
    return VisitPage(home, period, period.status(today), homes_service.list_visitors())


def find_period(home: ChildrensHome, period_start: str | date | None, today: date) -> Period:
    """The period of `home` starting on `period_start` (ISO date), or NotFound: one that is not
    a period of this home (a typed URL, a supported-living chain that moved on)."""
    if isinstance(period_start, str):
        try:
            period_start = date.fromisoformat(period_start.strip())
        except ValueError:
            raise NotFound("There is no such visit period for this home.") from None
    if period_start is None:
        raise NotFound("There is no such visit period for this home.")
    visits = db.session.scalars(select(Reg44Visit).where(Reg44Visit.home_id == home.id))
    horizon = max(today, add_months(month_start(today), MONTHS_AFTER + 1))
    for period in periods(home, list(visits), horizon):
        if period.start == period_start:
            return period
    raise NotFound("There is no such visit period for this home.")


def visit_row(home: ChildrensHome, period: Period) -> Reg44Visit:
    """The period's row, added (not committed) when this is the first thing recorded for it."""
    if period.visit is not None:
        return period.visit
    span = period_window(home, period.start)
    visit = Reg44Visit(home_id=home.id, period_start=period.start, earliest=span.earliest,
                       latest=span.latest, ical_uid=f"reg44-{uuid.uuid4()}@quorum",
                       ical_sequence=0)  # fmt: skip
    db.session.add(visit)
    return visit


def record_visit(
    now: datetime,
    actor_id: int | None,
    home_id: int,
    period_start: str | None,
    visited_on: date | None,
    visitor_id: int | None,
    today: date,
) -> Reg44Visit:
    home = homes_service.get_home(home_id)
    period = find_period(home, period_start, today)
    if visited_on is None:
        raise ServiceError("Enter the date of the visit", "visited_on")
    if visited_on > today:
        raise ServiceError("The date of the visit cannot be in the future", "visited_on")
    if home.closed_on is not None and visited_on > home.closed_on:
        raise ServiceError(f"{home.name} closed on {home.closed_on:%d %B %Y}", "visited_on")
    if not home.supported_living and not period.start <= visited_on <= period.ends:
        raise ServiceError(
            f"The visit for {period.start:%B %Y} must be in {period.start:%B %Y}", "visited_on"
        )
    if home.supported_living:
        _check_chain(home, period, visited_on, today)
    visitor = db.session.get(IndependentVisitor, visitor_id) if visitor_id else None
    if visitor is None or visitor.retired_at is not None:
        raise ServiceError("Choose the visitor from the list", "visitor_id")
    visit = visit_row(home, period)
    report = visit.report_received_on
    if report is not None and report < visited_on:
        raise ServiceError(
            f"The report was received on {report:%d %B %Y}, before that date", "visited_on"
        )
    visit.visited_on, visit.visitor_id = visited_on, visitor.id
    db.session.flush()
    detail = f"home_id={home.id} period_start={period.start} visited_on={visited_on}"
    audit.record(now, actor_id, "reg44_visit.recorded", visit, detail)
    _commit()
    return visit


def _check_chain(home: ChildrensHome, period: Period, visited_on: date, today: date) -> None:
    """A supported-living visit is after the one before it, and only the last visit can be
    changed: every later period counts from it."""
    if visited_on <= period.start:
        after = "the home opened" if period.start == home.opened_on else "the previous visit"
        raise ServiceError(
            f"The visit must be after {after} on {period.start:%d %B %Y}", "visited_on"
        )
    visits = db.session.scalars(select(Reg44Visit).where(Reg44Visit.home_id == home.id))
    spans = periods(home, list(visits), today)
    later = [span for span in spans if span.start > period.start and span.visit is not None]
    if later:
        raise ServiceError("A later visit has been recorded: only the last visit can be changed",
                           "visited_on")  # fmt: skip


def record_report(now: datetime, actor_id: int | None, home_id: int, period_start: str | None,
                  received_on: date | None, today: date) -> Reg44Visit:  # fmt: skip
    home = homes_service.get_home(home_id)
    period = find_period(home, period_start, today)
    visit = period.visit
    if visit is None or visit.visited_on is None:
        raise ServiceError("Record the visit before its report", "received_on")
    if received_on is None:
        raise ServiceError("Enter the date the report was received", "received_on")
    if received_on > today:
        raise ServiceError("The date the report was received cannot be in the future",
                           "received_on")  # fmt: skip
    if received_on < visit.visited_on:
        raise ServiceError(
            f"The report cannot be received before the visit on {visit.visited_on:%d %B %Y}",
            "received_on",
        )
    visit.report_received_on = received_on
    audit.record(now, actor_id, "reg44_visit.report_received", visit,
                 f"home_id={home.id} received_on={received_on}")  # fmt: skip
    _commit()
    return visit


def _commit() -> None:
    """Two admins recording the same period's first row at once: the second is told, and
    nothing of theirs is kept."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise ServiceError("Someone else recorded this visit at the same time: look again",
                           "submit") from error  # fmt: skip
