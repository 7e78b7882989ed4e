"""Everything the meeting page shows about one meeting: its window and whether it is in
timescale, where and how it is held, who comes and how, their needs, and its history in words.

The history is read from the audit log (rows for this meeting) and from the rearrangements
that moved or cancelled it; both carry ids and codes only, turned into words here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Chair, Meeting, RearrangementMove, RequestAttendee, Room, User
from app.models.rearrangements import KINDS, REASONS
from app.services.booking.meetings import get_meeting
from app.time import format_local, london_date

# What each audited action on a meeting means, as an admin says it.
ACTION_WORDS = {
    "meeting.booked": "Booked",
    "meeting.recorded": "Recorded as already held",
    "meeting.held": "Marked held",
    "meeting.locked": "Locked: a repair keeps it where it is",
    "meeting.unlocked": "Unlocked",
    "meeting.cancel": "Cancelled",
    "meeting.moved": "Moved by a repair",
    "meeting.cancelled": "Cancelled by a repair",
    "meeting.unplaced": "Left unplaced by a repair and cancelled",
}
PRESENCE_WORDS = {"in_room": "In the room", "online": "Online", "either": "In the room or online"}
FORMAT_WORDS = {
    "in_person": "In person",
    "hybrid": "Hybrid (in the room and online)",
    "virtual": "Online only",
    "off_site": "Off site",
}
ARRANGEMENT_WORDS = {
    "arrival_times": "Different arrival and leaving times",
    "waiting_area": "Separate waiting areas",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    words: str
    by: str  # who did it; "" for the scheduler or an unknown actor


@dataclass(frozen=True)
class Timescale:
    earliest: date
    preferred_latest: date | None
    latest: date
    day: date  # the meeting's day in London
    in_timescale: bool
    words: str


def meeting_page(user, meeting_id: int) -> dict:
    """The meeting (scoped as get_meeting scopes it: another chair's is not found) and what
    its page shows beside it."""
    meeting = get_meeting(user, meeting_id)
    request = meeting.request
    attendees = db.session.scalars(
        select(RequestAttendee).where(RequestAttendee.request_id == request.id)
    ).all()
    return {
        "meeting": meeting,
        "meeting_request": request,
        "timescale": timescale(meeting),
        "attendance": {attendee.person_id: attendee for attendee in attendees},
        "needs": needs(meeting),
        "history": history(meeting),
        "format_words": FORMAT_WORDS.get(request.format, request.format),
        "presence_words": PRESENCE_WORDS,
    }


def timescale(meeting: Meeting) -> Timescale:
    """In timescale when it falls on or before the request's latest day (the statute's limit);
    before the earliest day is also out of its window (too soon after the last meeting)."""
    request = meeting.request
    day = london_date(meeting.starts_at)
    if day > request.latest:
        words = f"Out of timescale: {(day - request.latest).days} days after the latest day"
    elif day < request.earliest:
        words = "Out of its window: before the earliest day"
    elif request.preferred_latest and day > request.preferred_latest:
        words = "In timescale, after the preferred day"
    else:
        words = "In timescale"
    in_timescale = request.earliest <= day <= request.latest
    return Timescale(request.earliest, request.preferred_latest, request.latest, day,
                     in_timescale, words)  # fmt: skip


def needs(meeting: Meeting) -> list[str]:
    """The request's needs, in words, each with whether the room booked meets it."""
    request, room = meeting.request, meeting.room
    found = []
    if request.needs_step_free:
        found.append("Step-free room" + _met(room, room.step_free if room else None))
    if request.needs_separate_waiting_area:
        met = room.separate_waiting_area if room else None
        found.append("Separate waiting area" + _met(room, met))
    if request.interpreter_language:
        found.append(f"Interpreter: {request.interpreter_language}")
    if request.kept_apart_arrangement:
        arrangement = ARRANGEMENT_WORDS.get(
            request.kept_apart_arrangement, request.kept_apart_arrangement
        )
        found.append(f"Parties kept apart: {arrangement}")
    elif request.case.kept_apart:
        found.append("Parties kept apart: no arrangement chosen yet")
    return found


def _met(room: Room | None, met: bool | None) -> str:
    if room is None:
        return " (no room booked)"
    return " (this room has it)" if met else " (this room does not have it)"


def history(meeting: Meeting) -> list[HistoryEntry]:
    """What happened to the meeting, newest first: audited actions and rearrangements."""
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.object_type == "Meeting", AuditEvent.object_id == str(meeting.id)
        )
    ).all()
    moves = db.session.scalars(
        select(RearrangementMove).where(RearrangementMove.meeting_id == meeting.id)
    ).all()
    names = _user_names(
        {e.actor_id for e in events} | {m.rearrangement.created_by_id for m in moves}
    )
    entries = [
        HistoryEntry(e.at, ACTION_WORDS.get(e.action, e.action), names.get(e.actor_id, ""))
        for e in events
        if not _told_by_a_move(e, moves)
    ]
    entries += [
        HistoryEntry(m.rearrangement.decided_at or m.rearrangement.created_at, _move_words(m),
                     names.get(m.rearrangement.created_by_id, ""))
        for m in moves
    ]  # fmt: skip
    if not any(e.words == "Booked" for e in entries):
        entries.append(HistoryEntry(meeting.created_at, "Proposed or booked", ""))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _told_by_a_move(event: AuditEvent, moves) -> bool:
    """A repair's audit row, or a cancellation's beside its move, says less than the move."""
    if event.detail.startswith("rearrangement="):
        return True
    return event.action == "meeting.cancel" and any(m.change == "cancelled" for m in moves)


def _move_words(move: RearrangementMove) -> str:
    rearrangement = move.rearrangement
    kind = KINDS.get(rearrangement.kind, rearrangement.kind)
    reason = REASONS.get(rearrangement.reason, rearrangement.reason)
    if move.change == "moved" and move.to_starts_at is not None:
        chair = db.session.get(Chair, move.to_chair_id) if move.to_chair_id else None
        change = f"Moved from {format_local(move.from_starts_at)} to "
        change += format_local(move.to_starts_at)
        if chair is not None and move.to_chair_id != move.from_chair_id:
            change += f", chair now {chair.name}"
    elif move.change == "cancelled":
        change = f"Cancelled (was {format_local(move.from_starts_at)})"
    else:
        change = f"Could not be placed again (was {format_local(move.from_starts_at)})"
    return f"{change}. {kind}; reason: {reason}"


def _user_names(ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {row.id: row.name for row in rows}
