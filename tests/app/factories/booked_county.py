"""A small county for the rearrangement tests: two chairs and two rooms in one town, with
confirmed meetings whose people (a parent and a social worker) are required and have email."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import RequestAttendee
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_person,
    make_request,
    make_room,
)


def make_county() -> dict:
    """Chair A has two confirmed meetings on Tuesday 3 March 2026, chair B one on Wednesday;
    committed. Returns {"chairs": (a, b), "rooms": [room 1, room 2], "meetings": [three]}."""
    town = make_locality(name="Sleaford")
    rooms = [make_room(locality=town), make_room(locality=town)]
    a, b = make_chair(base_locality=town), make_chair(base_locality=town)
    meetings = [
        make_booked_meeting(town, a, rooms[0], datetime(2026, 3, 3, 10, tzinfo=UTC)),
        make_booked_meeting(town, a, rooms[0], datetime(2026, 3, 3, 14, tzinfo=UTC)),
        make_booked_meeting(town, b, rooms[1], datetime(2026, 3, 4, 10, tzinfo=UTC)),
    ]
    db.session.commit()
    return {"chairs": (a, b), "rooms": rooms, "meetings": meetings}


def make_booked_meeting(town, chair, room, starts_at: datetime):
    """A meeting of a booked request for a case in this town, with a required parent and social
    worker (each with an email unique to the request)."""
    request = make_request(case=make_case(home_locality=town), status="booked")
    for role in ("parent", "social_worker"):
        person = make_person(role=role, email=f"{role}{request.id}@example.org")
        db.session.add(RequestAttendee(request=request, person=person, attendance="required"))
    return make_meeting(request=request, chair=chair, room=room, starts_at=starts_at)
