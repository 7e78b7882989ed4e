"""A generated instance (chairs-instance/1, docs/exchange-format.md) as model rows, for the
demo county: localities and driving times, rooms, chairs, their unavailability, people and the
open meeting requests with their attendees. Rows are added to the session and flushed (so they
have ids), never committed: the demo loader commits once.

The exchange format carries identifiers, not names or addresses; the caller supplies those
through `Details`, so the demo's synthetic details are filled in without changing this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from app.extensions import db
from app.models import (
    Case,
    Chair,
    Locality,
    Meeting,
    MeetingRequest,
    Person,
    RequestAttendee,
    Room,
    TravelTime,
    Unavailability,
)
from app.models.staff import CHAIR_ROLES, WEEKDAYS
from app.services.requests.rules import attendee_role
from app.solver_bridge import format_types as exchange
from app.solver_bridge.instance import local_day_time_to_utc, local_to_utc

# An instance's chair, room or person: each may list when it is unavailable.
_Owner = exchange.Chair | exchange.Room | exchange.Person
# The instance's free-text reasons, as the unavailability kinds the app knows.
_KIND_OF_REASON = {
    "annual leave": "leave",
    "training": "training",
    "all-day course": "training",
    "court hearing": "court",
    "closed for repairs": "closure",
    "other booking": "other",
    "contact session": "other",
    "team meeting": "other",
}


def _placeholder_person(person: exchange.Person) -> dict:
    return {"name": person["id"], "role": person["role"]}


@dataclass
class Details:
    """What the exchange format leaves out: names, addresses and contact details."""

    person: Callable[[exchange.Person], dict] = _placeholder_person  # -> Person fields
    room_address: Callable[[exchange.Room], str] = lambda room: ""
    chair_email: Callable[[exchange.Chair], str] = lambda chair: (
        f"{chair['id'].lower()}@example.org"
    )


@dataclass
class InstanceRows:
    """The rows made from one instance, by the instance's ids (names for localities)."""

    localities: dict[str, Locality] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)
    chairs: dict[str, Chair] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    requests: dict[str, MeetingRequest] = field(default_factory=dict)


def add_resources(instance: exchange.Instance, details: Details | None = None) -> InstanceRows:
    """Localities, driving times, rooms, chairs and people, with their unavailability."""
    details = details or Details()
    rows = InstanceRows()
    rows.localities = {name: Locality(name=name) for name in instance["localities"]}
    db.session.add_all(rows.localities.values())
    db.session.flush()
    db.session.add_all(_travel_times(instance, rows.localities))
    rows.rooms = {r["id"]: _room(r, rows.localities, details) for r in instance["rooms"]}
    rows.chairs = {c["id"]: _chair(c, rows.localities, details) for c in instance["chairs"]}
    rows.people = {p["id"]: Person(**details.person(p)) for p in instance["people"]}
    for group in (rows.rooms, rows.chairs, rows.people):
        db.session.add_all(group.values())
    db.session.flush()
    db.session.add_all(_unavailability(instance, rows))
    return rows


def _travel_times(instance: exchange.Instance, localities: dict[str, Locality]) -> list[TravelTime]:
    times = []
    for a, row in instance["travel_minutes"].items():
        for b, minutes in row.items():
            if localities[a].id < localities[b].id:
                times.append(
                    TravelTime(
                        locality_a_id=localities[a].id,
                        locality_b_id=localities[b].id,
                        minutes=minutes,
                    )
                )
    return times


def _room(room: exchange.Room, localities: dict[str, Locality], details: Details) -> Room:
    return Room(
        name=room["name"],
        locality_id=localities[room["locality"]].id,
        address=details.room_address(room),
        capacity=room["capacity"],
        hybrid=room["hybrid"],
        step_free=room["accessible"],
        separate_waiting_area=room["separate_waiting_area"],
    )


def _chair(chair: exchange.Chair, localities: dict[str, Locality], details: Details) -> Chair:
    return Chair(
        name=chair["name"],
        email=details.chair_email(chair),
        base_locality_id=localities[chair["base"]].id,
        fte=Decimal(str(chair["fte"])).quantize(Decimal("0.01")),
        # Canonical order, as the services keep them (see app.models.staff).
        roles=" ".join(r for r in CHAIR_ROLES if r in chair["roles"]),
        working_days=" ".join(d for d in WEEKDAYS if d in chair["working_days"]),
        max_meetings_per_day=chair["max_meetings_per_day"],
        max_minutes_per_week=chair["max_minutes_per_week"],
        portable_hybrid_kit=chair["portable_hybrid_kit"],
        # Every online or hybrid meeting needs a link: each chair has their own (an opaque one).
        personal_meeting_link=f"https://meet.demo.invalid/room-{chair['id'].lower()}",
    )


def _unavailability(instance: exchange.Instance, rows: InstanceRows) -> list[Unavailability]:
    owners: tuple[tuple[str, Sequence[_Owner], Mapping[str, Chair | Room | Person], str], ...] = (
        ("chair_id", instance["chairs"], rows.chairs, "commitment"),
        ("room_id", instance["rooms"], rows.rooms, "other"),
        ("person_id", instance["people"], rows.people, "commitment"),
    )
    found = []
    for column, items, by_id, default_kind in owners:
        for item in items:
            for spell in item.get("unavailable", []):
                found.append(
                    Unavailability(
                        **{column: by_id[item["id"]].id},
                        starts_at=local_to_utc(spell["start"]),
                        ends_at=local_to_utc(spell["end"]),
                        kind=_KIND_OF_REASON.get(spell["reason"], default_kind),
                        note=spell["reason"][:200],
                    )
                )
    return found


def add_requests(
    instance: exchange.Instance,
    rows: InstanceRows,
    cases: Mapping[str, Case],
    created_at: datetime,
    describe: Callable[[exchange.Meeting], dict] | None = None,
) -> dict[str, MeetingRequest]:
    """The instance's meetings as open requests of the given cases (by the instance's case id).

    `describe(meeting)` adds what the format does not carry: sequence, trigger date, rule text.
    """
    for meeting in instance["meetings"]:
        extra = (
            describe(meeting)
            if describe
            else {"trigger_date": date.fromisoformat(meeting["earliest"])}
        )
        request = _request(meeting, rows, cases[meeting["case"]], created_at, extra)
        rows.requests[meeting["id"]] = request
    db.session.add_all(rows.requests.values())
    db.session.flush()
    db.session.add_all(_attendees(instance, rows))
    return rows.requests


def _request(
    meeting: exchange.Meeting, rows: InstanceRows, case: Case, created_at: datetime, extra: dict
) -> MeetingRequest:
    window = meeting.get("time_window", {})
    allocated = meeting.get("allocated_chair")
    return MeetingRequest(
        case_id=case.id,
        meeting_type=meeting["type"],
        earliest=date.fromisoformat(meeting["earliest"]),
        latest=date.fromisoformat(meeting["latest"]),
        preferred_latest=_maybe_date(meeting.get("preferred_latest")),
        duration_minutes=meeting["duration_minutes"],
        format=meeting["format"],
        locality_id=rows.localities[meeting["locality"]].id,
        # A virtual or off-site meeting has nobody in a room; the column counts the chair.
        in_person_count=max(1, meeting.get("in_person_count", 1)),
        allocated_chair_id=rows.chairs[allocated].id if allocated else None,
        chair_fixed=bool(meeting.get("chair_fixed")),
        needs_step_free=bool(meeting.get("needs_accessible")),
        needs_separate_waiting_area=bool(meeting.get("needs_separate_waiting_area")),
        not_before_time=_maybe_time(window.get("earliest_start")),
        not_after_time=_maybe_time(window.get("latest_end")),
        status="open",
        created_at=created_at,
        **extra,
    )


def _attendees(instance: exchange.Instance, rows: InstanceRows) -> list[RequestAttendee]:
    found = []
    for meeting in instance["meetings"]:
        request_id = rows.requests[meeting["id"]].id
        seen: set[str] = set()
        listed = (
            ("required", meeting.get("required_people", [])),
            ("optional", meeting.get("optional_people", [])),
        )
        for attendance, people in listed:
            for person_id in people:
                if person_id in seen:  # required wins over optional; one row per person
                    continue
                seen.add(person_id)
                person = rows.people[person_id]
                found.append(
                    RequestAttendee(
                        request_id=request_id,
                        person_id=person.id,
                        attendance=attendance,
                        role=attendee_role(person.role),
                    )
                )
    return found


def meetings_from_plan(
    solution: exchange.Solution, rows: InstanceRows, now: datetime, status: str = "proposed"
) -> list[Meeting]:
    """A solution's assignments as Meeting rows (not added to the session)."""
    meetings = []
    for a in solution["assignments"]:
        day = date.fromisoformat(a["day"])
        request = rows.requests[a["meeting"]]
        meetings.append(
            Meeting(
                request_id=request.id,
                starts_at=local_day_time_to_utc(day, a["start"]),
                ends_at=local_day_time_to_utc(day, a["end"]),
                room_id=rows.rooms[a["room"]].id if a["room"] else None,
                chair_id=rows.chairs[a["chair"]].id,
                status=status,
                ical_uid=f"request-{request.id}-{a['meeting']}@quorum.example.org",
                created_at=now,
                updated_at=now,
            )
        )
    return meetings


def _maybe_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _maybe_time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None
