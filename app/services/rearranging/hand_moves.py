"""Moving one confirmed meeting by hand: to a chosen day, start, chair and room, for a reason.

The same checks as booking a found time: every rule the new place breaks is named first, and
the admin moves it anyway only knowingly; a day after the latest needs the reason it is late
(a manager's agreement given or asked for); the database refuses a double booking. The move
is a rearrangement like any other (its reason counts in the figures), with one move in its
history, and everyone invited gets the updated invite (same UID, higher SEQUENCE).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.extensions import db
from app.models import Chair, Meeting, Rearrangement, Room
from app.services import NotFound, ServiceError, audit
from app.services.booking.bookings import refuse_missing_join_links
from app.services.booking.in_words import in_words, instance_names, late_warnings, plain
from app.services.booking.late_agreements import Agreement, required_agreements
from app.services.notifications.outbox import snapshot
from app.services.rearranging.rearrangements import check_reason
from app.services.rearranging.repairs import PlannedMove, move_one
from app.services.settings import authority_settings
from app.solver_bridge.calls import booking_review, instance_problems
from app.solver_bridge.format_types import Assignment
from app.solver_bridge.instance import IncompleteData, build_instance, chair_key, room_key
from app.solver_bridge.solution import Move
from app.time import NonexistentLocalTime, describe_slot, london_date, to_utc


@dataclass(frozen=True)
class HandMove:
    meeting_id: int
    day: date
    start: time
    chair_id: int | None
    room_id: int | None


class MoveBreaksRules(ServiceError):
    """The new place breaks rules the admin may knowingly accept ("Move it anyway")."""

    def __init__(self, warnings: list[str]):
        super().__init__("This move breaks the rules listed. Move it anyway?")
        self.warnings = warnings


def movable_meeting_or_missing(meeting_id: int) -> Meeting:
    """The meeting to move, for its page (NotFound when there is none)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("There is no such meeting.")
    return meeting


def movable_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.status != "confirmed":
        raise ServiceError("Only a confirmed meeting can be moved.", "submit")
    return meeting


def move_warnings(now: datetime, move: HandMove) -> list[str]:
    """Every rule the new place breaks, in words (empty when it breaks none)."""
    meeting = movable_meeting(move.meeting_id)
    _check(now, move, meeting)
    request = meeting.request
    settings = authority_settings()
    try:
        instance = build_instance(
            now, max(request.latest, move.day), settings.calendar(), movable=[meeting.id],
            first_day=move.day, hours=settings.working_hours,
        )  # fmt: skip
    except IncompleteData as error:
        return [f"The rules could not be checked: {error}"]
    problems = instance_problems(instance)
    if problems:
        return [f"The rules could not be checked: {problems[0]}"]
    starts = move.start.hour * 60 + move.start.minute + _minutes(meeting)
    assignment: Assignment = {
        "meeting": f"M{meeting.id}",
        "day": move.day.isoformat(),
        "start": move.start.strftime("%H:%M"),
        "end": f"{starts // 60:02d}:{starts % 60:02d}",
        "chair": chair_key(move.chair_id or 0),
        "room": room_key(move.room_id) if move.room_id else None,
    }
    broken, added = booking_review(instance, assignment)
    names = instance_names(instance) | {f"M{meeting.id}": "this meeting"}
    return [plain(in_words(message, names)) for message in broken] + late_warnings(added)


def move_meeting(
    now: datetime, actor_id: int | None, move: HandMove, reason: str, reason_text: str,
    anyway: bool, late: Agreement = "",
) -> Rearrangement:  # fmt: skip
    """Move the meeting; MoveBreaksRules (nothing changed) when it breaks a rule and not
    `anyway`; a Clash (nothing changed) when the database finds a double booking."""
    check_reason(reason, reason_text)
    warnings = move_warnings(now, move)
    if warnings and not anyway:
        raise MoveBreaksRules(warnings)
    meeting = movable_meeting(move.meeting_id)
    starts_at = to_utc(move.day, move.start, "start")
    to = Move(meeting.id, move.chair_id or 0, move.room_id, starts_at,
              starts_at + (meeting.ends_at - meeting.starts_at))  # fmt: skip
    if (to.starts_at, to.chair_id, to.room_id) == (meeting.starts_at, meeting.chair_id,
                                                    meeting.room_id):  # fmt: skip
        raise ServiceError("That is where the meeting is already: choose another place.", "day")
    refuse_missing_join_links("The meeting cannot be moved:",
                              [(meeting.request_id, to.chair_id, to.starts_at)])  # fmt: skip
    late_days = [(meeting.id, move.day)] if move.day > meeting.request.latest else []
    decisions = required_agreements(late_days, {meeting.id: late})
    before = snapshot(meeting)
    rearrangement = Rearrangement(
        created_at=now, created_by_id=actor_id, kind="moved_by_hand", reason=reason,
        reason_text=reason_text.strip(), summary=f"Meeting {describe_slot(meeting)} moved by hand",
        status="confirmed", decided_at=now, decided_by_id=actor_id,
    )  # fmt: skip
    db.session.add(rearrangement)
    move_one(now, actor_id, rearrangement, PlannedMove(meeting, to), before, decisions,
             "Choose another place.")  # fmt: skip
    audit.record(now, actor_id, "rearrangement.moved_by_hand", rearrangement,
                 f"meeting_id={meeting.id}")  # fmt: skip
    db.session.commit()
    return rearrangement


def _check(now: datetime, move: HandMove, meeting: Meeting) -> None:
    if move.chair_id is None or db.session.get(Chair, move.chair_id) is None:
        raise ServiceError("Choose the chair.", "chair")
    if move.room_id is not None and db.session.get(Room, move.room_id) is None:
        raise ServiceError("Choose a room from the list, or no room.", "room")
    if move.day < london_date(now):
        raise ServiceError("That day has passed: choose today or a later day.", "day")
    try:
        starts_at = to_utc(move.day, move.start, "start")
    except NonexistentLocalTime as error:
        raise ServiceError(error.message, "start") from None
    if starts_at <= now:
        raise ServiceError("That time has passed: choose a later time or another day.", "start")


def _minutes(meeting: Meeting) -> int:
    return int((meeting.ends_at - meeting.starts_at) / timedelta(minutes=1))
