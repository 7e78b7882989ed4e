"""The service's figures from its own data: meetings held (Quorum's and those imported from
before it), timeliness per meeting type, and meetings held per month.

A period is any run of days; the annual report's is the financial year, April to March.
Meetings and children are counted apart: a sibling group's review is one meeting and several
children's reviews.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Child, HistoricalMeeting, Meeting, MeetingRequest
from app.models.meetings import MeetingStatus
from app.services import ServiceError
from app.time import london_date
from app.timescales import ComplianceRow, MeetingType, compliance
from app.timescales.compliance import percent

# The longest period a figure is asked for at once: ten financial years.
LONGEST_PERIOD = timedelta(days=3653)
FINANCIAL_YEAR_STARTS = 4  # April


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def months(self) -> list[str]:
        """'2021-04' … for every month the period touches, in order."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def financial_year(day: date) -> Period:
    """The April-to-March year that `day` falls in."""
    first = day.year if day.month >= FINANCIAL_YEAR_STARTS else day.year - 1
    return Period(date(first, FINANCIAL_YEAR_STARTS, 1), date(first + 1, 3, 31))


def period(start: date | None, end: date | None, today: date) -> Period:
    """The period asked for; either end left out gives this financial year's. Bad input raises
    ServiceError naming the field."""
    default = financial_year(today)
    chosen = Period(start or default.start, end or default.end)
    if chosen.end < chosen.start:
        raise ServiceError("The period must end on or after the day it starts.", "to")
    if chosen.end - chosen.start > LONGEST_PERIOD:
        raise ServiceError("Ask for at most ten years at a time.", "to")
    return chosen


def period_asked(year: str, start: str, end: str, today: date) -> Period:
    """The period a page's query asks for: a financial year by its first year ("2025" is
    April 2025 to March 2026), or from and to days (YYYY-MM-DD); nothing asked, this year's."""
    if year.strip():
        if not year.strip().isdigit() or not 2000 <= int(year) <= today.year:
            raise ServiceError(f"Choose a financial year from 2000 to {today.year}.", "year")
        return financial_year(date(int(year), FINANCIAL_YEAR_STARTS, 1))
    days = []
    for text, field_name in ((start, "from"), (end, "to")):
        try:
            days.append(date.fromisoformat(text.strip()) if text.strip() else None)
        except ValueError:
            raise ServiceError(f"Enter the '{field_name}' day as YYYY-MM-DD, for example "
                               "2025-04-01.", field_name) from None  # fmt: skip
    return period(days[0], days[1], today)


@dataclass(frozen=True)
class Held:
    """A meeting held, Quorum's own or imported: what the figures count."""

    meeting_type: str
    held_on: date
    latest: date
    children: int
    chair_id: int | None
    late_reason: str | None
    agreed_by: str | None
    reference: str  # Quorum's request number, or the imported row's case reference
    imported: bool


def held_meetings(chosen: Period) -> list[Held]:
    """Every meeting held in the period, oldest first."""
    return sorted(_quorum_held(chosen) + _imported_held(chosen), key=lambda h: h.held_on)


def _quorum_held(chosen: Period) -> list[Held]:
    children = (
        select(func.count(Child.id))
        .where(Child.case_id == MeetingRequest.case_id)
        .scalar_subquery()
    )
    # Starts are stored in UTC; a day either side catches every London day of the period.
    rows = db.session.execute(
        select(Meeting, MeetingRequest, children)
        .join(MeetingRequest, Meeting.request_id == MeetingRequest.id)
        .where(Meeting.status == MeetingStatus.HELD.value)
        .where(Meeting.starts_at >= _utc_midnight(chosen.start - timedelta(days=1)))
        .where(Meeting.starts_at < _utc_midnight(chosen.end + timedelta(days=2)))
    )
    found = []
    for meeting, meeting_request, child_count in rows:
        held_on = meeting.held_on or london_date(meeting.starts_at)
        if chosen.start <= held_on <= chosen.end:
            found.append(Held(
                meeting_request.meeting_type, held_on, meeting_request.latest,
                max(child_count, 1), meeting.chair_id, meeting.late_reason or None,
                meeting.late_agreed_by or None, str(meeting_request.id), imported=False,
            ))  # fmt: skip
    return found


def _imported_held(chosen: Period) -> list[Held]:
    rows = db.session.scalars(
        select(HistoricalMeeting).where(
            HistoricalMeeting.held_on >= chosen.start, HistoricalMeeting.held_on <= chosen.end
        )
    )
    return [
        Held(row.meeting_type, row.held_on, row.latest, row.children, row.chair_id,
             row.late_reason or None, row.agreed_by or None, row.case_reference, imported=True)
        for row in rows
    ]  # fmt: skip


def timeliness(chosen: Period, meeting_types: Iterable[str] = ()) -> list[ComplianceRow]:
    """Per meeting type held in the period (and each of `meeting_types`, even if none was):
    held, in timescale, the percentage to two decimals, and each late one with its reason
    and who agreed it."""
    return compliance(held_meetings(chosen), chosen.start, chosen.end, meeting_types=meeting_types)


# The annual report's totals: conferences together, reviews of children in care together.
TOTALS: dict[str, tuple[MeetingType, ...]] = {
    "Child protection conferences": (
        MeetingType.ICPC, MeetingType.PREBIRTH_ICPC, MeetingType.RCPC,
    ),
    "Children in care reviews": (MeetingType.CIC_REVIEW,),
}  # fmt: skip


@dataclass(frozen=True)
class Total:
    label: str
    held: int
    in_timescale: int
    percentage: float | None


def totals(rows: list[ComplianceRow]) -> list[Total]:
    """The annual report's lines ("4 of 722 conferences out of timescale, 99.45%")."""
    found = []
    for label, kinds in TOTALS.items():
        held = sum(row.held for row in rows if row.meeting_type in kinds)
        in_time = sum(row.in_timescale for row in rows if row.meeting_type in kinds)
        found.append(Total(label, held, in_time, percent(in_time, held) if held else None))
    return found


@dataclass(frozen=True)
class Monthly:
    """Meetings (and children's reviews) held per month, per type, in `months` order."""

    months: list[str]
    meetings: dict[str, list[int]]
    children: dict[str, list[int]]

    def cumulative(self, meeting_type: str) -> list[int]:
        running, total = [], 0
        for count in self.meetings[meeting_type]:
            total += count
            running.append(total)
        return running


def monthly(chosen: Period) -> Monthly:
    months = chosen.months
    column = {month: index for index, month in enumerate(months)}
    meetings: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    children: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for held in held_meetings(chosen):
        index = column[f"{held.held_on:%Y-%m}"]
        meetings[held.meeting_type][index] += 1
        children[held.meeting_type][index] += held.children
    order = [kind.value for kind in MeetingType if kind.value in meetings]
    return Monthly(months, {k: meetings[k] for k in order}, {k: children[k] for k in order})


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
