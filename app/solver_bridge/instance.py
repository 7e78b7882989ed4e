"""Rows → instance: the database as a chairs-instance/1 (docs/exchange-format.md).

It reads models and writes plain dicts (typed by app.solver_bridge.format_types), and calls
nothing of solver/ (the calls into the solver are in app.solver_bridge.calls). Ids are stable
strings: "R<id>" for an open request, "M<id>" for a booked meeting passed in as pinned, "C<id>"
chairs, "ROOM<id>" rooms, "P<id>" people; localities go by name. Every time is Europe/London
wall-clock time.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, cast

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Chair,
    Locality,
    Meeting,
    MeetingRequest,
    RequestAttendee,
    Room,
    TravelTime,
    Unavailability,
)
from app.models.meetings import BLOCKING_STATUSES
from app.solver_bridge import format_types as exchange
from app.time import LONDON
from app.timescales import AuthoritySettings, MeetingType, WorkingCalendar, earliest_with_notice

GRAIN_MINUTES = 15
# The working day meetings are booked within, unless the authority sets its own.
DEFAULT_HOURS = (time(9, 0), time(17, 0))
ROOM_FORMATS = ("in_person", "hybrid")


class IncompleteData(ValueError):
    """The database cannot make a valid instance (say, a missing driving time); in words."""


@dataclass
class _Scope:
    """What the instance covers: its days, and the UTC span from the first to the last."""

    days: list[date]
    start: datetime
    end: datetime
    today: date
    calendar: WorkingCalendar
    settings: AuthoritySettings | None = None  # None: no notice (see build_instance)
    chairs: dict[int, Chair] = field(default_factory=dict)
    rooms: dict[int, Room] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)  # person id -> role
    spells: dict[tuple[str, int], list[exchange.Interval]] = field(default_factory=dict)


def chair_key(chair_id: int) -> str:
    return f"C{chair_id}"


def room_key(room_id: int) -> str:
    return f"ROOM{room_id}"


def request_key(request_id: int) -> str:
    return f"R{request_id}"


def local_stamp(moment: datetime, round_up: bool = False) -> str:
    """An aware datetime as `YYYY-MM-DDTHH:MM` in Europe/London (seconds rounded outwards)."""
    local = moment.astimezone(LONDON)
    if round_up and (local.second or local.microsecond):
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%Y-%m-%dT%H:%M")


def local_to_utc(text: str) -> datetime:
    """An instance date-time (`YYYY-MM-DDTHH:MM`, Europe/London) as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON).astimezone(UTC)


def local_day_time_to_utc(day: date, clock: str) -> datetime:
    return local_to_utc(f"{day.isoformat()}T{clock}")


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def open_requests(horizon_end: date, also: int | None = None) -> list[MeetingRequest]:
    """Open requests the solver books whose window ends on or before `horizon_end`, and the
    request `also` (one booked by hand, whatever its type)."""
    booked_by_solver = [kind.value for kind in MeetingType if kind.info.solver_books]
    return list(
        db.session.scalars(
            select(MeetingRequest)
            .where(
                MeetingRequest.status == "open",
                MeetingRequest.latest <= horizon_end,
                or_(
                    MeetingRequest.meeting_type.in_(booked_by_solver),
                    MeetingRequest.id == also,
                ),
            )
            .options(
                selectinload(MeetingRequest.attendees).selectinload(RequestAttendee.person),
                selectinload(MeetingRequest.locality),
            )
            .order_by(MeetingRequest.id)
        )
    )


def build_instance(
    now: datetime,
    horizon_end: date,
    calendar: WorkingCalendar | None = None,
    movable: Collection[int] | None = None,
    first_day: date | None = None,
    settings: AuthoritySettings | None = None,
    hours: tuple[time, time] = DEFAULT_HOURS,
    also: int | None = None,
) -> exchange.Instance:
    """Every open request whose window ends by `horizon_end`, with every chair, room, person and
    booked meeting that bears on them. Days run from the next working day after `now` to the
    horizon end (or the latest window end, if later). Raises IncompleteData.

    A repair passes `movable`, the ids of the confirmed meetings it may move: then no open
    request is planned, and those meetings come in unpinned, with what was booked and sent as
    their `current` (so every move is scored); every other booking stays pinned.

    A hand booking's check passes `first_day` (today, say) when it is before the next working
    day, so that the checker judges that day rather than calling it "not a working day".

    With the authority's `settings`, every request (and a repair's movable meeting) gets its
    notice: its earliest day is no sooner than the first day with full notice, unless that
    would pass its latest day. A plan or repair run passes them, and so does find-times.
    Without them there is no notice: re-checking a plan already made (it had its notice when
    it was made) and a hand booking's check (which asks about notice in its own words).

    `hours` is the working day (start, end) meetings are booked within: the authority's.

    Find-times and a hand booking pass `also`, their request's id: a type the solver does not
    plan (a plan checkpoint) is still found times for and checked, one request at a time."""
    calendar = calendar or WorkingCalendar()
    requests = open_requests(horizon_end, also) if movable is None else []
    today = now.astimezone(LONDON).date()
    first = calendar.next_working_day(today)
    if first_day is not None and first_day < first:
        first = first_day
    last = max([horizon_end, first, *(r.latest for r in requests)])
    days = calendar.bookable_days(first, last)
    scope = _Scope(
        days, _local_midnight(first), _local_midnight(last + timedelta(days=1)), today, calendar,
        settings,
    )  # fmt: skip
    scope.chairs = {c.id: c for c in db.session.scalars(select(Chair).order_by(Chair.id))}
    scope.rooms = {r.id: r for r in db.session.scalars(select(Room).order_by(Room.id))}
    _load_spells(scope)
    meetings = [_open_meeting(r, scope) for r in requests]
    meetings += [
        _movable_meeting(m, scope) if m.id in (movable or ()) else _pinned_meeting(m, scope)
        for m in _booked_meetings(scope)
    ]
    localities = _localities()
    return {
        "format": "chairs-instance/1",
        "name": f"quorum-{first.isoformat()}-to-{last.isoformat()}",
        "days": [d.isoformat() for d in days],
        "not_before": first.isoformat(),
        "grain_minutes": GRAIN_MINUTES,
        "day_start": hours[0].strftime("%H:%M"),
        "day_end": hours[1].strftime("%H:%M"),
        "localities": [loc.name for loc in localities],
        "travel_minutes": _travel_minutes(localities),
        "chairs": [_chair(c, scope) for c in scope.chairs.values()],
        "rooms": [_room(r, scope) for r in scope.rooms.values()],
        "people": _people(scope),
        "meetings": meetings,
    }


def _localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.name)))


def _travel_minutes(localities: list[Locality]) -> dict[str, dict[str, int]]:
    by_id = {loc.id: loc.name for loc in localities}
    matrix = {name: {name: 0} for name in by_id.values()}
    for pair in db.session.scalars(select(TravelTime)):
        a, b = by_id[pair.locality_a_id], by_id[pair.locality_b_id]
        matrix[a][b] = matrix[b][a] = pair.minutes
    for a, row in matrix.items():
        missing = [b for b in matrix if b not in row]
        if missing:
            raise IncompleteData(
                f"No driving time between {a} and {missing[0]}: add it on the localities page."
            )
    return matrix


def _load_spells(scope: _Scope) -> None:
    """Every unavailability overlapping the horizon, in one query (not one per owner)."""
    spells = db.session.scalars(
        select(Unavailability)
        .where(Unavailability.starts_at < scope.end, Unavailability.ends_at > scope.start)
        .order_by(Unavailability.starts_at, Unavailability.id)
    )
    for s in spells:
        scope.spells.setdefault(_owner(s), []).append(
            {
                "start": local_stamp(s.starts_at),
                "end": local_stamp(s.ends_at, round_up=True),
                "reason": s.note or s.kind,
            }
        )


def _owner(spell: Unavailability) -> tuple[str, int]:
    if spell.person_id:
        return ("person", spell.person_id)
    if spell.chair_id:
        return ("chair", spell.chair_id)
    assert spell.room_id is not None  # exactly one owner (the table's check constraint)
    return ("room", spell.room_id)


def _unavailable(kind: str, owner_id: int, scope: _Scope) -> list[exchange.Interval]:
    return list(scope.spells.get((kind, owner_id), []))


def _retired_spell(scope: _Scope) -> exchange.Interval:
    # A retired chair or room stays in the instance only for the bookings it still holds; the
    # whole horizon is blocked so that nothing new goes to it.
    return {"start": local_stamp(scope.start), "end": local_stamp(scope.end), "reason": "retired"}


def _chair(chair: Chair, scope: _Scope) -> exchange.Chair:
    unavailable = _unavailable("chair", chair.id, scope)
    if chair.retired_at is not None:
        unavailable.append(_retired_spell(scope))
    return {
        "id": chair_key(chair.id),
        "name": chair.name,
        "base": chair.base_locality.name,
        "fte": float(chair.fte),
        "roles": chair.role_list,
        "working_days": chair.working_day_list,
        "max_meetings_per_day": chair.max_meetings_per_day,
        "max_minutes_per_week": chair.max_minutes_per_week,
        "portable_hybrid_kit": chair.portable_hybrid_kit,
        "unavailable": unavailable,
    }


def _room(room: Room, scope: _Scope) -> exchange.Room:
    unavailable = _unavailable("room", room.id, scope)
    if room.retired_at is not None:
        unavailable.append(_retired_spell(scope))
    return {
        "id": room_key(room.id),
        "name": room.name,
        "locality": room.locality.name,
        "capacity": room.capacity,
        "hybrid": cast(Literal["full", "none"], room.hybrid),  # by the column's check
        "accessible": room.step_free,
        "separate_waiting_area": room.separate_waiting_area,
        "unavailable": unavailable,
    }


def _people(scope: _Scope) -> list[exchange.Person]:
    return [
        {
            "id": f"P{person_id}",
            "role": role or "other",
            "unavailable": _unavailable("person", person_id, scope),
        }
        for person_id, role in sorted(scope.people.items())
    ]


def _attendance(request: MeetingRequest, scope: _Scope) -> dict:
    found: dict[str, list[str]] = {"required_people": [], "optional_people": []}
    for attendee in request.attendees:
        scope.people.setdefault(attendee.person_id, attendee.role or attendee.person.role)
        found[f"{attendee.attendance}_people"].append(f"P{attendee.person_id}")
    return found


def _open_meeting(request: MeetingRequest, scope: _Scope) -> exchange.Meeting:
    meeting: exchange.Meeting = {
        "id": request_key(request.id),
        "type": request.meeting_type,
        "case": f"CASE{request.case_id}",
        "duration_minutes": request.duration_minutes,
        "earliest": _earliest_bookable(request, scope).isoformat(),
        "latest": request.latest.isoformat(),
        "format": _format(request),
        "locality": request.locality.name,
        "in_person_count": request.in_person_count,
        "eligible_roles": list(MeetingType(request.meeting_type).info.eligible_roles),
        "needs_accessible": request.needs_step_free,
        "needs_separate_waiting_area": request.needs_separate_waiting_area,
        **_attendance(request, scope),
    }
    if request.preferred_latest:
        meeting["preferred_latest"] = request.preferred_latest.isoformat()
    chair = scope.chairs.get(request.allocated_chair_id or 0)
    if chair is not None and chair.retired_at is None:
        meeting["allocated_chair"] = chair_key(chair.id)
        meeting["chair_fixed"] = request.chair_fixed
    window: exchange.TimeWindow = {}
    if request.not_before_time:
        window["earliest_start"] = request.not_before_time.strftime("%H:%M")
    if request.not_after_time:
        window["latest_end"] = request.not_after_time.strftime("%H:%M")
    if window:
        meeting["time_window"] = window
    return meeting


def _earliest_bookable(request: MeetingRequest, scope: _Scope) -> date:
    """The request's earliest day, or the first day with the type's full notice if later (no
    later than its latest day). A booking sent today is no use for a meeting tomorrow morning:
    reports are not shared and the family cannot arrange to come."""
    if scope.settings is None:
        return request.earliest
    first = scope.settings.first_day_with_notice(request.meeting_type, scope.today, scope.calendar)
    return earliest_with_notice(request.earliest, request.latest, first)


def _booked_meetings(scope: _Scope) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.status.in_(BLOCKING_STATUSES),
                Meeting.starts_at < scope.end,
                Meeting.ends_at > scope.start,
                or_(Meeting.room_id.is_(None), Meeting.room_id.in_(scope.rooms)),
                Meeting.chair_id.in_(scope.chairs),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def _movable_meeting(booked: Meeting, scope: _Scope) -> exchange.Meeting:
    """A confirmed meeting a repair may move: its request's window and needs, as booked."""
    meeting = _open_meeting(booked.request, scope)
    # It may stay where it is (its attendees were told when it was booked), so notice never
    # puts its earliest day after the day it is on now; a move keeps at least that much notice.
    on_day = booked.starts_at.astimezone(LONDON).date()
    on_day = max(on_day, booked.request.earliest)
    meeting["earliest"] = min(date.fromisoformat(meeting["earliest"]), on_day).isoformat()
    return {
        **meeting,
        "id": f"M{booked.id}",
        "duration_minutes": _booked_minutes(booked),
        "format": _booked_format(booked),
        "current": booked_as(booked),
    }


def _booked_minutes(booked: Meeting) -> int:
    minutes = (booked.ends_at - booked.starts_at).total_seconds() / 60
    return GRAIN_MINUTES * max(1, math.ceil(minutes / GRAIN_MINUTES))


def _format(request: MeetingRequest) -> exchange.MeetingFormat:
    return cast(exchange.MeetingFormat, request.format)  # one of FORMATS: the column's check


def _booked_format(booked: Meeting) -> exchange.MeetingFormat:
    meeting_format = _format(booked.request)
    if booked.room_id is None and meeting_format in ROOM_FORMATS:
        return "virtual"  # booked without a room: it holds none
    if booked.room_id is not None and meeting_format not in ROOM_FORMATS:
        return "in_person"  # booked into a room after all: it holds that room
    return meeting_format


def booked_as(booked: Meeting) -> exchange.CurrentBooking:
    """A booking as an instance's `current`: what its attendees have in their calendars."""
    start = booked.starts_at.astimezone(LONDON)
    return {
        "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "chair": chair_key(booked.chair_id),
        "room": room_key(booked.room_id) if booked.room_id is not None else None,
    }


def _pinned_meeting(booked: Meeting, scope: _Scope) -> exchange.Meeting:
    """A confirmed or held meeting: a fact that occupies its chair, room and people."""
    request = booked.request
    start = booked.starts_at.astimezone(LONDON)
    return {
        "id": f"M{booked.id}",
        "type": request.meeting_type,
        "case": f"CASE{request.case_id}",
        "duration_minutes": _booked_minutes(booked),
        "earliest": min(request.earliest, start.date()).isoformat(),
        "latest": max(request.latest, start.date()).isoformat(),
        "format": _booked_format(booked),
        "locality": request.locality.name,
        "in_person_count": request.in_person_count,
        "required_people": [f"P{a.person_id}" for a in request.attendees if _note(a, scope)],
        "optional_people": [],
        "current": booked_as(booked),
        "pinned": True,
    }


def _note(attendee, scope: _Scope) -> bool:
    """Required attendees of a booked meeting are busy then; optional ones do not block."""
    if attendee.attendance != "required":
        return False
    scope.people.setdefault(attendee.person_id, attendee.role or attendee.person.role)
    return True
