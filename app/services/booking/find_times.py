"""Find times for one request: the ten best places inside its statutory window, and booking one
of them or a time of the admin's own choosing.

The solver (through app.solver_bridge) ranks the options by what each adds to the score, and
its independent checker judges a hand booking against the bookings already made: every broken
rule becomes a warning the admin must accept. A real double booking is still refused by the
database (app.services.booking.bookings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Chair, Meeting, MeetingRequest, Room
from app.services import NotFound, ServiceError
from app.services.booking.bookings import book_meeting
from app.services.booking.in_words import (
    costs_in_words,
    in_words,
    instance_names,
    late_warnings,
    plain,
)
from app.services.booking.late_agreements import Agreement, required_agreements
from app.services.settings import authority_settings
from app.solver_bridge.calls import booking_review, find_options, instance_problems
from app.solver_bridge.format_types import Assignment, Instance
from app.solver_bridge.instance import (
    IncompleteData,
    build_instance,
    chair_key,
    request_key,
    room_key,
)
from app.time import NonexistentLocalTime, format_day, london_date, to_utc
from app.timescales import MeetingType

OPTION_COUNT = 10
# The page links to it beside the hand-booking form.
HELD_ALREADY = (
    "A meeting that has already been held is not booked: use 'Record a meeting already held', "
    "which sends nothing."
)


@dataclass(frozen=True)
class TimeOption:
    day: date
    start: str  # HH:MM, Europe/London
    end: str
    chair: Chair
    room: Room | None
    score: int
    costs: list[str]
    short_notice: bool = False  # before the first day with full notice (the window is tight)


@dataclass
class FoundTimes:
    request: MeetingRequest
    options: list[TimeOption] = field(default_factory=list)
    problem: str | None = None  # why no options could be looked for, in words
    notice_days: int = 0  # the type's notice, in working days
    full_notice_from: date | None = None  # the first day a meeting booked now has full notice


@dataclass(frozen=True)
class Choice:
    """A time the admin picked: a London day and start, a chair and (unless virtual) a room."""

    day: date
    start: time
    chair_id: int | None
    room_id: int | None


class RulesBroken(ServiceError):
    """The choice breaks rules the admin may knowingly accept ("Book anyway")."""

    def __init__(self, warnings: list[str]):
        super().__init__("This booking breaks the rules listed. Book it anyway?")
        self.warnings = warnings


def get_request(request_id: int) -> MeetingRequest:
    request = db.session.get(MeetingRequest, request_id)
    if request is None:
        raise NotFound("That meeting request does not exist.")
    return request


def find_times(now: datetime, request_id: int) -> FoundTimes:
    request = get_request(request_id)
    found = FoundTimes(request)
    found.notice_days, found.full_notice_from = _notice(now, request)
    if request.status != "open":
        found.problem = f"This request is {request.status}: only open requests are booked here."
        return found
    try:
        instance = _instance_with(now, request, request.latest)
    except ServiceError as error:
        found.problem = error.message
        return found
    options = find_options(instance, request_key(request.id), OPTION_COUNT)
    chairs, rooms = _by_id(Chair), _by_id(Room)
    found.options = [
        TimeOption(
            day=date.fromisoformat(o.day),
            start=o.start,
            end=o.end,
            chair=chairs[_number(o.chair)],
            room=rooms[_number(o.room)] if o.room else None,
            score=o.score,
            costs=costs_in_words(o.terms),
            short_notice=date.fromisoformat(o.day) < found.full_notice_from,
        )
        for o in options
    ]
    if not found.options:
        found.problem = "No chair and room are free inside the window: book by hand below."
    return found


def booking_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(chairs, rooms) still in service, as (id, name) pairs for the hand-booking form."""
    chairs = db.session.scalars(
        select(Chair).where(Chair.retired_at.is_(None)).order_by(Chair.name)
    )
    rooms = db.session.scalars(select(Room).where(Room.retired_at.is_(None)).order_by(Room.name))
    return [(c.id, c.name) for c in chairs], [(r.id, r.name) for r in rooms]


def warnings_for(now: datetime, request_id: int, choice: Choice) -> list[str]:
    """Every rule the choice breaks, in words (empty when it breaks none)."""
    request = _open_request(request_id)
    _check_choice(choice)
    _starts_at(now, choice)
    try:
        instance = _instance_with(
            now, request, max(request.latest, choice.day), choice.day, notice=False
        )
    except ServiceError as error:
        return [f"The rules could not be checked: {error.message}"]
    ends = _minutes(choice.start) + request.duration_minutes
    assignment: Assignment = {
        "meeting": request_key(request.id),
        "day": choice.day.isoformat(),
        "start": choice.start.strftime("%H:%M"),
        "end": f"{ends // 60:02d}:{ends % 60:02d}",
        "chair": chair_key(choice.chair_id or 0),
        "room": room_key(choice.room_id) if choice.room_id else None,
    }
    broken, added = booking_review(instance, assignment)
    names = _names(instance, request)
    warnings = [plain(in_words(m, names)) for m in broken] + late_warnings(added)
    if is_short_notice(now, request, choice.day):
        days, full = _notice(now, request)
        warnings.append(
            f"Short notice: less than {days} working days before the meeting (full notice from "
            f"{format_day(full)}), so reports may not reach the family in time."
        )
    return warnings


def book_time(
    now: datetime,
    actor_id: int | None,
    request_id: int,
    choice: Choice,
    anyway: bool,
    late: Agreement = "",
    short_notice: bool = False,
) -> Meeting:
    """Book the choice; RulesBroken (nothing changed) when it breaks a rule and not `anyway`;
    BookingConflict (nothing changed) when the database finds a double booking. A day after the
    request's latest day needs `late`, the reason, as a plan or a repair does; it is kept on
    the meeting, with a manager's agreement given or asked for. A day before the first with
    full notice needs `short_notice`, the admin's explicit choice."""
    warnings = warnings_for(now, request_id, choice)
    if warnings and not anyway:
        raise RulesBroken(warnings)
    request = get_request(request_id)
    if is_short_notice(now, request, choice.day) and not short_notice:
        days, full = _notice(now, request)
        raise ServiceError(
            f"{format_day(choice.day)} gives less than {days} working days' notice (full notice "
            f"from {format_day(full)}). Tick 'Book at short notice' to book it anyway.",
            "short_notice",
        )
    agreed = required_agreements(_late_days(request, choice), {request.id: late})
    starts_at = _starts_at(now, choice)
    ends_at = starts_at + _duration(request)
    return book_meeting(
        now,
        actor_id,
        request_id,
        starts_at,
        ends_at,
        choice.chair_id or 0,
        choice.room_id,
        late=agreed.get(request.id),
    )


def is_short_notice(now: datetime, request: MeetingRequest, day: date | None) -> bool:
    """A booking on `day` made now would give less than the type's notice."""
    return day is not None and day < _notice(now, request)[1]


def _notice(now: datetime, request: MeetingRequest) -> tuple[int, date]:
    """(the type's notice in working days, the first day a meeting booked now has it)."""
    settings = authority_settings()
    days = settings.notice_working_days(request.meeting_type)
    return days, settings.first_day_with_notice(
        request.meeting_type, london_date(now), settings.calendar()
    )


def is_late(request: MeetingRequest, day: date | None) -> bool:
    """A booking on `day` would be out of timescale (after the request's latest day)."""
    return day is not None and day > request.latest


def _late_days(request: MeetingRequest, choice: Choice) -> list[tuple[int, date]]:
    return [(request.id, choice.day)] if is_late(request, choice.day) else []


def _starts_at(now: datetime, choice: Choice) -> datetime:
    """The UTC start of the choice. A past day or time is refused: booking sends invitations,
    and a meeting that has already been held is recorded with "Record a meeting already held"
    (app.services.booking.held), which sends nothing. A time the clocks skip is refused
    (app.time.to_utc)."""
    today = london_date(now)
    if choice.day < today:
        raise ServiceError(
            f"{format_day(choice.day)} has passed: choose today or a later day. {HELD_ALREADY}",
            "day",
        )
    try:
        starts_at = to_utc(choice.day, choice.start, "start")
    except NonexistentLocalTime as error:
        raise ServiceError(error.message, "start") from None
    if starts_at <= now:
        raise ServiceError(
            f"{choice.start:%H:%M} today has passed: choose a later time or another day. "
            f"{HELD_ALREADY}",
            "start",
        )
    return starts_at


def _open_request(request_id: int) -> MeetingRequest:
    request = get_request(request_id)
    if request.status != "open":
        raise ServiceError(f"This request is {request.status}: only an open request can be booked.")
    return request


def _check_choice(choice: Choice) -> None:
    if choice.chair_id is None or db.session.get(Chair, choice.chair_id) is None:
        raise ServiceError("Choose the chair.", "chair")
    if choice.room_id is not None and db.session.get(Room, choice.room_id) is None:
        raise ServiceError("Choose a room from the list, or no room.", "room")


def _instance_with(
    now: datetime,
    request: MeetingRequest,
    horizon_end: date,
    day: date | None = None,
    notice: bool = True,
) -> Instance:
    """The instance for finding or checking times. A booking today needs today among its days
    (a plan's days start on the next working day), or the checker would call today "not a
    working day"; a hand booking's check leaves notice out (it asks about it in its own words)."""
    settings = authority_settings()
    try:
        instance = build_instance(
            now,
            horizon_end,
            settings.calendar(),
            first_day=day,
            settings=settings if notice else None,
            hours=settings.working_hours,
            also=request.id if _hand_booked(request) else None,
        )
    except IncompleteData as error:
        raise ServiceError(str(error)) from error
    if not any(m["id"] == request_key(request.id) for m in instance["meetings"]):
        raise ServiceError("Quorum does not find times for this kind of meeting: book by hand.")
    problems = instance_problems(instance)
    if problems:
        raise ServiceError(f"The bookings cannot be read as a plan: {problems[0]}")
    return instance


def _hand_booked(request: MeetingRequest) -> bool:
    """A type the solver does not plan, but booked here with a chair of its own (the plan
    checkpoint); a type no chair holds (a Regulation 44 visit) is not."""
    info = MeetingType(request.meeting_type).info
    return not info.solver_books and bool(info.eligible_roles)


def _names(instance: Instance, request: MeetingRequest) -> dict[str, str]:
    return instance_names(instance) | {request_key(request.id): "this meeting"}


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _duration(request: MeetingRequest) -> timedelta:
    return timedelta(minutes=request.duration_minutes)


def _by_id(model) -> dict:
    return {row.id: row for row in db.session.scalars(select(model))}


def _number(key: str) -> int:
    return int(re.sub(r"^\D+", "", key))
