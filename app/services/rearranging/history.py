"""Reading rearrangements for the pages and the reports: the history (newest first, with each
move from where to where), the counts by reason and month, and a repair's preview in words
(who gets an update, who a cancellation)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Chair, PlanRun, Rearrangement, Room
from app.models.rearrangements import KINDS, REASONS
from app.services.rearranging.rearrangements import get_rearrangement
from app.services.rearranging.repairs import PlannedMove, preview
from app.time import LONDON

STATUS_WORDS = {
    "repairing": "Repair to review",
    "confirmed": "Confirmed",
    "discarded": "Discarded",
    "applied": "Recorded (nothing to move)",
}


@dataclass(frozen=True)
class Place:
    """Where a meeting is (or would be), in words."""

    day: str
    time: str
    chair: str
    room: str


@dataclass(frozen=True)
class MoveRow:
    meeting_id: int
    reference: str
    meeting_type: str
    before: Place
    after: Place | None  # None: not placed (confirming cancels it and reopens its request)
    late: bool = False
    updated: list[str] = field(default_factory=list)  # who gets an updated invite
    cancelled: list[str] = field(default_factory=list)  # who gets a cancellation
    reasons: list[str] = field(default_factory=list)  # why it could not be placed
    late_reason: str = ""
    late_agreed_by: str = ""


@dataclass(frozen=True)
class RearrangementPage:
    rearrangement: Rearrangement
    run: PlanRun | None
    moves: list[MoveRow] | None  # the preview while repairing; None until the run is done
    unchanged: int
    history: list[MoveRow]  # what a confirmed repair moved


@dataclass(frozen=True)
class ReasonCount:
    month: date  # the first day of the month (Europe/London)
    reason: str
    rearrangements: int
    meetings_moved: int
    meetings_cancelled: int = 0  # cancelled by the change itself, or left unplaced by its repair

    @property
    def reason_words(self) -> str:
        return REASONS.get(self.reason, self.reason)


def kind_words(kind: str) -> str:
    return KINDS.get(kind, kind)


def reason_words(rearrangement: Rearrangement) -> str:
    words = REASONS.get(rearrangement.reason, rearrangement.reason)
    return f"{words}: {rearrangement.reason_text}" if rearrangement.reason_text else words


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def list_rearrangements(limit: int = 200) -> list[Rearrangement]:
    """Newest first, with their moves and who recorded them."""
    query = (
        select(Rearrangement)
        .options(selectinload(Rearrangement.moves), selectinload(Rearrangement.created_by))
        .order_by(Rearrangement.created_at.desc(), Rearrangement.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def rearrangement_of_run(run_id: int) -> Rearrangement | None:
    """The rearrangement a repair run was made for (None for a plan run)."""
    return db.session.scalar(select(Rearrangement).where(Rearrangement.plan_run_id == run_id))


def counts_by_reason_and_month() -> list[ReasonCount]:
    """Rearrangements recorded, and meetings they moved, by month (newest first) and reason;
    the figures the quarterly reports quote."""
    rearrangements: Counter[tuple[date, str]] = Counter()
    moved: Counter[tuple[date, str]] = Counter()
    cancelled: Counter[tuple[date, str]] = Counter()
    query = select(Rearrangement).options(selectinload(Rearrangement.moves))
    for row in db.session.scalars(query):
        key = (_month(row.created_at), row.reason)
        rearrangements[key] += 1
        moved[key] += sum(1 for move in row.moves if move.change == "moved")
        cancelled[key] += sum(1 for move in row.moves if move.change != "moved")
    ordered = sorted(rearrangements, key=lambda key: (-key[0].toordinal(), key[1]))
    return [
        ReasonCount(key[0], key[1], rearrangements[key], moved[key], cancelled[key])
        for key in ordered
    ]


def _month(moment: datetime) -> date:
    return moment.astimezone(LONDON).date().replace(day=1)


def rearrangement_page(rearrangement_id: int) -> RearrangementPage:
    """Everything the rearrangement's page shows. NotFound for an unknown id."""
    rearrangement = get_rearrangement(rearrangement_id)
    run = db.session.get(PlanRun, rearrangement.plan_run_id or 0)
    moves, unchanged = None, 0
    if rearrangement.status == "repairing":
        planned = preview(rearrangement)
        if planned is not None:
            moves, unchanged = [_planned_row(m) for m in planned.moves], planned.unchanged
    return RearrangementPage(rearrangement, run, moves, unchanged, _history(rearrangement))


def _planned_row(move: PlannedMove) -> MoveRow:
    meeting, to = move.meeting, move.to
    before = _place(meeting.starts_at, meeting.chair_id, meeting.room_id)
    after = _place(to.starts_at, to.chair_id, to.room_id) if to is not None else None
    updated, cancelled = _who_is_told(move)
    return MoveRow(
        meeting.id,
        meeting.request.case.reference,
        meeting.request.meeting_type,
        before,
        after,
        move.late,
        updated,
        cancelled,
        list(move.reasons),
    )


def _who_is_told(move: PlannedMove) -> tuple[list[str], list[str]]:
    """As the outbox will do it: everyone gets an update; a chair taken off the meeting gets a
    cancellation and the new chair an invite; a meeting not placed is cancelled for all."""
    told = list(move.told)
    if move.to is None:
        return [], told
    old = move.meeting.chair
    if move.to.chair_id == old.id:
        return told, []
    new = db.session.get_one(Chair, move.to.chair_id)
    staying = [who for who in told if who != f"{old.name} (chair)"]
    return [f"{new.name} (chair)", *staying], [f"{old.name} (chair)"]


def _history(rearrangement: Rearrangement) -> list[MoveRow]:
    rows = []
    for move in rearrangement.moves:
        meeting = move.meeting
        before = _place(move.from_starts_at, move.from_chair_id, move.from_room_id)
        after = None
        if move.to_starts_at is not None and move.to_chair_id is not None:  # both, or neither
            after = _place(move.to_starts_at, move.to_chair_id, move.to_room_id)
        rows.append(
            MoveRow(
                meeting.id,
                meeting.request.case.reference,
                meeting.request.meeting_type,
                before,
                after,
                bool(move.late_reason),
                late_reason=move.late_reason,
                late_agreed_by=move.late_agreed_by,
            )
        )
    return rows


def _place(starts_at: datetime, chair_id: int, room_id: int | None) -> Place:
    local = starts_at.astimezone(LONDON)
    chair = db.session.get(Chair, chair_id)
    room = db.session.get(Room, room_id) if room_id is not None else None
    return Place(
        day=f"{local:%a} {local.day} {local:%b %Y}",
        time=f"{local:%H:%M}",
        chair=chair.name if chair is not None else "",
        room=room.name if room is not None else "No room",
    )
