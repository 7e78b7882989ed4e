"""Recording a change after a court date, a placement move, a sickness…: the fact itself (a
period of unavailability, a new window, a cancellation), its reason from the fixed list, and —
when confirmed meetings no longer fit — a repair run that moves as few of them as it must.

One transaction per change: the fact, the rearrangement, the repair run and the audit rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Chair,
    Meeting,
    Person,
    PlanRun,
    Rearrangement,
    RearrangementMove,
    Room,
)
from app.models.rearrangements import KINDS, REASONS
from app.services import NotFound, ServiceError, audit
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.planning.runs import queue_repair_run
from app.services.reference.unavailability import Period, add_period
from app.time import LONDON, describe_slot, format_day

# How far past the affected meetings' windows a repair may look for room to move others.
REPAIR_MARGIN = timedelta(days=7)


@dataclass(frozen=True)
class Change:
    """What an admin records. Which fields matter depends on `kind` (see `_apply`)."""

    kind: str
    reason: str
    reason_text: str = ""
    meeting_id: int | None = (
        None  # window_changed, attendee_unavailable, cancelled, brought_forward
    )
    chair_id: int | None = None  # chair_unavailable
    room_id: int | None = None  # room_closed
    person_id: int | None = None  # attendee_unavailable
    first_day: date | None = None  # chair_unavailable, room_closed: the days, both included
    last_day: date | None = None
    earliest: date | None = None  # window_changed: the new window; brought_forward: latest only
    latest: date | None = None


def get_rearrangement(rearrangement_id: int) -> Rearrangement:
    found = db.session.get(Rearrangement, rearrangement_id)
    if found is None:
        raise NotFound("That rearrangement does not exist.")
    return found


def record_change(now: datetime, actor_id: int | None, change: Change) -> Rearrangement:
    """Record the change and apply its fact; queue a repair when meetings no longer fit.
    Bad input raises ServiceError and changes nothing."""
    _check_reason(change)
    summary, affected = _apply(now, actor_id, change)
    rearrangement = Rearrangement(
        created_at=now,
        created_by_id=actor_id,
        kind=change.kind,
        reason=change.reason,
        reason_text=change.reason_text.strip(),
        summary=summary[:300],
        status="applied",
    )
    db.session.add(rearrangement)
    if change.kind == "cancelled":  # kept in the history like any other change to a meeting
        rearrangement.moves.append(_cancelled_move(db.session.get_one(Meeting, change.meeting_id)))
    if affected:
        run = queue_repair_run(now, actor_id, _horizon_end(now, affected), _movable(now, affected))
        rearrangement.plan_run_id, rearrangement.status = run.id, "repairing"
    db.session.flush()
    audit.record(now, actor_id, f"rearrangement.{change.kind}", rearrangement, summary[:200])
    db.session.commit()
    return rearrangement


def check_cancellation(meeting_id: int, reason: str, reason_text: str) -> Meeting:
    """What record_change would refuse in cancelling this meeting, checked before the page that
    asks to confirm it: raises ServiceError; changes nothing."""
    check_reason(reason, reason_text)
    return _confirmed_meeting(meeting_id)


def repair_again(now: datetime, actor_id: int | None, rearrangement_id: int) -> Rearrangement:
    """A new repair run for the same rearrangement, on the calendar as it is now: after the
    last one failed, or went stale because meetings were booked, moved or closed since."""
    rearrangement = db.session.get(Rearrangement, rearrangement_id, with_for_update=True)
    if rearrangement is None:
        raise NotFound("That rearrangement does not exist.")
    old = db.session.get(PlanRun, rearrangement.plan_run_id or 0)
    if rearrangement.status != "repairing" or old is None:
        raise ServiceError(f"This rearrangement is already {rearrangement.status}.")
    if old.status in ("queued", "running"):
        raise ServiceError("The repair is still being worked out.")
    still = db.session.scalars(
        select(Meeting).where(
            Meeting.id.in_(json.loads(old.movable)), Meeting.status == "confirmed"
        )
    ).all()
    if not still:
        raise ServiceError("None of its meetings is still booked: there is nothing to repair.")
    run = queue_repair_run(now, actor_id, old.horizon_end, _movable(now, list(still)))
    rearrangement.plan_run_id = run.id
    audit.record(now, actor_id, "rearrangement.repair_again", rearrangement, f"run={run.id}")
    db.session.commit()
    return rearrangement


def _check_reason(change: Change) -> None:
    if change.kind not in KINDS:
        raise ServiceError("Select what changed from the list.", "kind")
    check_reason(change.reason, change.reason_text)


def check_reason(reason: str, reason_text: str) -> None:
    """A reason from the fixed list (REASONS), with words when it is "other"."""
    if reason not in REASONS:
        raise ServiceError("Select a reason from the list.", "reason")
    if reason == "other" and not reason_text.strip():
        raise ServiceError("Say what the other reason is.", "reason_text")
    if len(reason_text) > 500:
        raise ServiceError("The reason must be 500 characters or fewer.", "reason_text")


def _apply(now: datetime, actor_id: int | None, change: Change) -> tuple[str, list[Meeting]]:
    """Apply the fact; return it in words and the confirmed meetings that no longer fit."""
    if change.kind == "chair_unavailable":
        return _chair_unavailable(now, actor_id, change)
    if change.kind == "room_closed":
        return _room_closed(now, actor_id, change)
    if change.kind == "cancelled":
        # A meeting that has started may still be cancelled (it was inquorate, say): nothing
        # moves, so only the facts change. A meeting already held is not cancelled.
        return _cancelled(now, actor_id, _confirmed_meeting(change.meeting_id))
    meeting = _future_meeting(now, change.meeting_id)
    if change.kind == "attendee_unavailable":
        return _attendee_unavailable(now, actor_id, change, meeting)
    return _window_changed(now, actor_id, change, meeting)


def _chair_unavailable(now, actor_id, change: Change) -> tuple[str, list[Meeting]]:
    chair = _row(Chair, change.chair_id, "chair")
    starts, ends = _days(change)
    kind = {"chair_absence": "sickness", "court": "court"}.get(change.reason, "other")
    add_period(now, actor_id, chair, _whole_days(kind, starts, ends))
    meetings = _confirmed_between(Meeting.chair_id == chair.id, starts, ends, now)
    return f"{chair.name} unavailable {_span(change)}", meetings


def _room_closed(now, actor_id, change: Change) -> tuple[str, list[Meeting]]:
    room = _row(Room, change.room_id, "room")
    starts, ends = _days(change)
    add_period(now, actor_id, room, _whole_days("closure", starts, ends))
    meetings = _confirmed_between(Meeting.room_id == room.id, starts, ends, now)
    return f"{room.name} closed {_span(change)}", meetings


def _attendee_unavailable(now, actor_id, change: Change, meeting: Meeting):
    person = _row(Person, change.person_id, "person_id")
    required = {a.person_id for a in meeting.request.attendees if a.attendance == "required"}
    if person.id not in required:
        raise ServiceError("Select one of the meeting's required attendees.", "person_id")
    start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    period = Period(
        "commitment", start.date(), start.time(), end.date(), end.time(), "Cannot attend"
    )
    add_period(now, actor_id, person, period)
    return f"A required attendee cannot attend {describe_slot(meeting)}", [meeting]


def _cancelled(now, actor_id, meeting: Meeting) -> tuple[str, list[Meeting]]:
    """Cancelled at once, with its request: nothing to repair. Everyone invited gets a CANCEL."""
    before = snapshot(meeting)
    meeting.status, meeting.updated_at = "cancelled", now
    meeting.request.status = "cancelled"
    queue_meeting_notices(now, meeting, before)
    audit.record(now, actor_id, "request.cancel", meeting.request, "changed: status")
    audit.record(now, actor_id, "meeting.cancel", meeting, f"request_id={meeting.request_id}")
    return f"Meeting {describe_slot(meeting)} cancelled", []


def _cancelled_move(meeting: Meeting) -> RearrangementMove:
    return RearrangementMove(
        meeting_id=meeting.id,
        change="cancelled",
        from_starts_at=meeting.starts_at,
        from_chair_id=meeting.chair_id,
        from_room_id=meeting.room_id,
    )


def _window_changed(now, actor_id, change: Change, meeting: Meeting):
    request = meeting.request
    earliest = change.earliest if change.kind == "window_changed" else request.earliest
    latest = change.latest
    if latest is None or earliest is None:
        raise ServiceError("Enter the new latest day.", "latest")
    if earliest > latest:
        raise ServiceError("The earliest day must be on or before the latest day.", "earliest")
    if latest < now.astimezone(LONDON).date():
        raise ServiceError("The latest day must be today or later.", "latest")
    day = meeting.starts_at.astimezone(LONDON).date()
    if change.kind == "brought_forward" and latest >= day:
        raise ServiceError(
            f"To bring it forward, the new latest day must be before {format_day(day)}.",
            "latest",
        )
    request.earliest, request.latest = earliest, latest
    # The safe day stays inside the new window (a window moved later would leave it before).
    request.preferred_latest = min(max(request.preferred_latest or latest, earliest), latest)
    request.window_rule = f"Changed on {now.astimezone(LONDON):%-d %b %Y}: {REASONS[change.reason]}"
    audit.record(now, actor_id, "request.window_changed", request, f"{earliest}..{latest}")
    affected = [meeting] if not earliest <= day <= latest else []
    return f"Window changed to {earliest:%-d %b} – {latest:%-d %b %Y}", affected


def _confirmed_meeting(meeting_id: int | None) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id or 0)
    if meeting is None or meeting.status != "confirmed":
        raise ServiceError("Select a confirmed meeting.", "meeting_id")
    return meeting


def _future_meeting(now: datetime, meeting_id: int | None) -> Meeting:
    meeting = _confirmed_meeting(meeting_id)
    if meeting.starts_at <= now:
        raise ServiceError(
            "That meeting has already started; it cannot be rearranged.", "meeting_id"
        )
    return meeting


def _row(model, row_id: int | None, field: str):
    row = db.session.get(model, row_id or 0)
    if row is None or getattr(row, "retired_at", None) is not None:
        raise ServiceError(f"Select a {model.__name__.lower()} from the list.", field)
    return row


def _days(change: Change) -> tuple[datetime, datetime]:
    if change.first_day is None or change.last_day is None:
        raise ServiceError("Enter the first and last day.", "first_day")
    if change.last_day < change.first_day:
        raise ServiceError("The last day must be on or after the first day.", "last_day")
    if (change.last_day - change.first_day).days > 366:
        raise ServiceError("A change can cover a year at most.", "last_day")
    starts = datetime.combine(change.first_day, time(0), LONDON)
    return starts, datetime.combine(change.last_day + timedelta(days=1), time(0), LONDON)


def _whole_days(kind: str, starts: datetime, ends: datetime) -> Period:
    """The London days from `starts` to `ends` (midnights, as `_days` gives them)."""
    return Period(kind, starts.date(), time(0), ends.date(), time(0), "Rearrangement")


def _span(change: Change) -> str:
    if change.first_day == change.last_day:
        return f"on {change.first_day:%a %-d %b %Y}"
    return f"from {change.first_day:%a %-d %b} to {change.last_day:%a %-d %b %Y}"


def _confirmed_between(condition, starts: datetime, ends: datetime, now: datetime) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                condition,
                Meeting.status == "confirmed",
                Meeting.starts_at < ends,
                Meeting.ends_at > max(starts, now),
            )
            .order_by(Meeting.starts_at)
        )
    )


def _horizon_end(now: datetime, affected: list[Meeting]) -> date:
    last = max(max(m.request.latest, m.starts_at.astimezone(LONDON).date()) for m in affected)
    return max(last + REPAIR_MARGIN, now.astimezone(LONDON).date())


def _movable(now: datetime, affected: list[Meeting]) -> list[int]:
    """The affected meetings, and every other confirmed, unlocked meeting from tomorrow to the
    horizon: they may shift to make room (each move is costly, so few will)."""
    tomorrow = datetime.combine(now.astimezone(LONDON).date() + timedelta(days=1), time(0), LONDON)
    until = datetime.combine(_horizon_end(now, affected) + timedelta(days=1), time(0), LONDON)
    others = db.session.scalars(
        select(Meeting.id).where(
            Meeting.status == "confirmed",
            Meeting.locked.is_(False),
            Meeting.starts_at >= tomorrow,
            Meeting.starts_at < until,
        )
    )
    return sorted({m.id for m in affected} | set(others))
