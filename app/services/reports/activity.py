"""The service's other figures for a period: rearrangements and cancellations, escalations,
each chair's workload, and the rooms' use (beside app.services.reports.figures, which counts
meetings held and their timeliness)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Case,
    Chair,
    Child,
    Escalation,
    HistoricalMeeting,
    Meeting,
    Rearrangement,
    RearrangementMove,
    Room,
    TravelTime,
)
from app.models.escalations import ORGANISATIONS, THEMES
from app.models.meetings import MeetingStatus
from app.models.rearrangements import REASONS, RearrangementStatus
from app.services.reports.figures import Period
from app.time import london_date, to_utc

# The IRO Handbook: a full-time IRO's caseload should be 50 to 70 children.
HANDBOOK_CASELOAD = (50, 70)
IMPORTED_REASON = "Recorded before Quorum"


def quarter(day: date) -> str:
    """The financial quarter a day falls in: '2025-26 Q1' is April to June 2025 (so that the
    quarters sort in order)."""
    first_year = day.year if day.month >= 4 else day.year - 1
    number = (day.month - 4) % 12 // 3 + 1
    return f"{first_year}-{(first_year + 1) % 100:02d} Q{number}"


@dataclass(frozen=True)
class Change:
    """One meeting rearranged or cancelled: when it was decided, why, and its type."""

    day: date
    reason: str  # a code of REASONS, or IMPORTED_REASON
    meeting_type: str
    cancelled: bool


@dataclass(frozen=True)
class Rearrangements:
    changes: list[Change]

    def by(self, key) -> list[tuple[str, int, int]]:
        """(key, rearranged, cancelled) rows, in the key's order."""
        moved: Counter[str] = Counter()
        cancelled: Counter[str] = Counter()
        for change in self.changes:
            (cancelled if change.cancelled else moved)[key(change)] += 1
        return [(k, moved[k], cancelled[k]) for k in sorted(set(moved) | set(cancelled))]


def rearrangements(chosen: Period) -> Rearrangements:
    """Each meeting moved or cancelled by a rearrangement confirmed in the period, and each
    rearrangement an imported meeting records (counted on the day it was held)."""
    starts, ends = _bounds(chosen)
    rows = db.session.scalars(
        select(Rearrangement)
        .where(Rearrangement.status.in_((RearrangementStatus.CONFIRMED.value,
                                         RearrangementStatus.APPLIED.value)))
        .where(Rearrangement.created_at >= starts, Rearrangement.created_at < ends)
        .options(selectinload(Rearrangement.moves).selectinload(RearrangementMove.meeting)
                 .selectinload(Meeting.request))
    )  # fmt: skip
    changes = []
    for row in rows:
        day = london_date(row.decided_at or row.created_at)
        if not chosen.start <= day <= chosen.end:
            continue
        for move in row.moves:
            changes.append(Change(day, row.reason, move.meeting.request.meeting_type,
                                  cancelled=move.change != "moved"))  # fmt: skip
    imported = db.session.scalars(
        select(HistoricalMeeting).where(
            HistoricalMeeting.rearranged > 0,
            HistoricalMeeting.held_on >= chosen.start,
            HistoricalMeeting.held_on <= chosen.end,
        )
    )
    for meeting in imported:
        changes += [Change(meeting.held_on, IMPORTED_REASON, meeting.meeting_type, False)
                    ] * meeting.rearranged  # fmt: skip
    return Rearrangements(sorted(changes, key=lambda c: c.day))


def reason_words(code: str) -> str:
    return REASONS.get(code, code)


@dataclass(frozen=True)
class Escalated:
    day: date
    organisation: str
    theme: str


def escalations(chosen: Period) -> list[Escalated]:
    """Escalations raised in the period (still open, or since resolved): proposed and
    dismissed ones were never raised with anyone."""
    starts, ends = _bounds(chosen)
    rows = db.session.scalars(
        select(Escalation).where(
            Escalation.raised_at.is_not(None),
            Escalation.raised_at >= starts,
            Escalation.raised_at < ends,
        )
    )
    found = [Escalated(london_date(row.raised_at), row.organisation, row.theme) for row in rows
             if row.raised_at is not None]  # fmt: skip
    return sorted((e for e in found if chosen.start <= e.day <= chosen.end), key=lambda e: e.day)


def organisation_words(code: str) -> str:
    return ORGANISATIONS.get(code, code)


def theme_words(code: str) -> str:
    return THEMES.get(code, "No theme given") if code else "No theme given"


@dataclass(frozen=True)
class ChairLoad:
    name: str
    fte: Decimal
    meetings: int
    hours: float
    travel_hours: float
    children: int  # children in the open cases the chair is allocated to

    @property
    def caseload_range(self) -> tuple[int, int]:
        low, high = HANDBOOK_CASELOAD
        return round(low * self.fte), round(high * self.fte)

    @property
    def caseload_words(self) -> str:
        low, high = self.caseload_range
        if self.children > high:
            return "Above the Handbook's range"
        if self.children == high:
            return "At the upper limit"
        return "Within the range" if self.children >= low else "Below the range"


def workload(chosen: Period) -> list[ChairLoad]:
    """Each chair still working, or who chaired in the period: meetings (booked or held),
    hours, travel from their base (there and back) and children allocated, against the IRO
    Handbook's 50 to 70 children per full-time IRO (scaled by FTE)."""
    meetings = _meetings(chosen)
    travel = {(t.locality_a_id, t.locality_b_id): t.minutes
              for t in db.session.scalars(select(TravelTime))}  # fmt: skip
    rooms = {room.id: room for room in db.session.scalars(select(Room))}
    per_chair: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        per_chair.setdefault(meeting.chair_id, []).append(meeting)
    allocated = db.session.execute(
        select(Case.allocated_chair_id, func.count(Child.id))
        .join(Child, Child.case_id == Case.id)
        .where(Case.closed_on.is_(None), Case.allocated_chair_id.is_not(None))
        .group_by(Case.allocated_chair_id)
    )
    children = {chair_id: count for chair_id, count in allocated}
    loads = []
    for chair in db.session.scalars(select(Chair).order_by(Chair.name)):
        own = per_chair.get(chair.id, [])
        if chair.retired_at is not None and not own:
            continue
        minutes = sum((m.ends_at - m.starts_at).total_seconds() / 60 for m in own)
        travelled = sum(
            2 * _minutes_between(travel, chair.base_locality_id, rooms[m.room_id].locality_id)
            for m in own if m.room_id is not None
        )  # fmt: skip
        loads.append(ChairLoad(chair.name, chair.fte, len(own), round(minutes / 60, 2),
                               round(travelled / 60, 2), children.get(chair.id, 0)))  # fmt: skip
    return loads


@dataclass(frozen=True)
class RoomUse:
    name: str
    locality: str
    hybrid: bool
    meetings: int
    hours: float
    portable_kit: int  # hybrid meetings here that needed the chair's portable kit


def room_use(chosen: Period) -> list[RoomUse]:
    """Each room's meetings (booked or held) in the period, whether it has hybrid equipment,
    and how many hybrid meetings needed a chair's portable kit because it had none."""
    per_room: dict[int, list[Meeting]] = {}
    for meeting in _meetings(chosen):
        if meeting.room_id is not None:
            per_room.setdefault(meeting.room_id, []).append(meeting)
    found = []
    for room in db.session.scalars(select(Room).options(selectinload(Room.locality))):
        own = per_room.get(room.id, [])
        if room.retired_at is not None and not own:
            continue
        hybrid = room.hybrid == "full"
        minutes = sum((m.ends_at - m.starts_at).total_seconds() / 60 for m in own)
        kit = 0 if hybrid else sum(1 for m in own if m.request.format == "hybrid")
        found.append(RoomUse(room.name, room.locality.name, hybrid, len(own),
                             round(minutes / 60, 2), kit))  # fmt: skip
    return sorted(found, key=lambda r: (r.locality, r.name))


def _meetings(chosen: Period) -> list[Meeting]:
    """Meetings booked or held on a London day of the period."""
    starts, ends = _bounds(chosen)
    rows = db.session.scalars(
        select(Meeting)
        .where(Meeting.status.in_((MeetingStatus.CONFIRMED.value, MeetingStatus.HELD.value)))
        .where(Meeting.starts_at >= starts, Meeting.starts_at < ends)
        .options(selectinload(Meeting.request))
    )
    return list(rows)


def _bounds(chosen: Period) -> tuple[datetime, datetime]:
    """The UTC instants of the period's first London midnight and the one after its end."""
    return to_utc(chosen.start, _MIDNIGHT), to_utc(chosen.end + timedelta(days=1), _MIDNIGHT)


def _minutes_between(travel: dict[tuple[int, int], int], a: int, b: int) -> int:
    if a == b:
        return 0
    return travel.get((min(a, b), max(a, b)), 0)


_MIDNIGHT = datetime.min.time()
