"""Moving one confirmed meeting by hand, from its page or by dropping it on the week's table:
the same checks as booking (rules broken named first, moved anyway only knowingly; a day out of
timescale needs its reason), a rearrangement with its reason and one move in its history, and
the updated invitation to everyone on it (same UID, higher SEQUENCE)."""

import itertools
import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, Locality, Meeting, OutboxMessage, Rearrangement
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.cases import date_parts
from tests.app.factories.outbox import SLOT, book, make_world
from tests.app.factories.rows import (
    NOW,
    make_chair,
    make_meeting,
    make_request,
    make_room,
    make_travel_time,
)

WEDNESDAY = datetime(2026, 3, 11, 14, 0, tzinfo=UTC)  # the day after SLOT, 14:00 GMT


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def booked(app):
    """A meeting booked for Tue 10 March with a parent and a social worker invited, a second
    chair in the same town, and a second room."""
    world = make_world()
    meeting = book(world)
    other = make_chair(name="Brook Other", base_locality=world.chair.base_locality)
    room = make_room(locality=world.room.locality)
    towns = db.session.scalars(select(Locality).order_by(Locality.id)).all()
    for a, b in itertools.combinations(towns, 2):  # the rules check driving between them
        make_travel_time(a, b, minutes=20)
    db.session.commit()
    return meeting, other, room


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _move(client, meeting, day, start, chair, room, **extra):
    url = f"/meetings/{meeting.id}/move"
    data = {"csrf_token": csrf_token(client, url), "day": date_parts(day), "start": start,
            "chair": str(chair.id), "room": str(room.id) if room else "",
            "reason": "family_request", **extra}  # fmt: skip
    return client.post(url, data=data)


def test_a_meeting_moved_from_its_page_tells_everyone_and_keeps_its_history(client, booked):
    meeting, other, room = booked
    uid, sequence = meeting.ical_uid, meeting.ical_sequence
    signed_in_as(client, "admin")
    response = _move(client, meeting, WEDNESDAY.date(), "14:00", other, room)
    assert response.status_code == 302, _text(response)[:3000]
    db.session.refresh(meeting)
    assert (meeting.starts_at, meeting.chair_id, meeting.room_id) == (WEDNESDAY, other.id, room.id)
    assert (meeting.ical_uid, meeting.status) == (uid, "confirmed")
    assert meeting.ical_sequence > sequence
    (change,) = db.session.scalars(select(Rearrangement))
    assert (change.kind, change.reason, change.status) == ("moved_by_hand", "family_request",
                                                           "confirmed")  # fmt: skip
    (move,) = change.moves
    assert (move.change, move.from_starts_at, move.to_starts_at) == ("moved", SLOT, WEDNESDAY)
    updates = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.meeting_id == meeting.id, OutboxMessage.sequence == meeting.ical_sequence,
        OutboxMessage.method == "REQUEST")).all()  # fmt: skip
    assert len(updates) >= 2  # the parent and the social worker at least
    history = _text(client.get(f"/rearrangements/{change.id}"))
    assert "moved by hand" in history and "Family request" in history
    assert "moved by hand" in _text(client.get("/rearrangements"))


def test_a_move_onto_another_meeting_names_the_clash_and_moves_nothing(client, booked):
    meeting, other, room = booked
    make_meeting(chair=other, room=room, starts_at=WEDNESDAY, request=make_request())
    db.session.commit()
    signed_in_as(client, "admin")
    response = _move(client, meeting, WEDNESDAY.date(), "14:00", other, room)
    assert response.status_code == 400
    page = _text(response)
    assert 'id="warnings"' in page and "Move it anyway" in page
    db.session.refresh(meeting)
    assert meeting.starts_at == SLOT and db.session.scalars(select(Rearrangement)).all() == []
    # Even ticked "anyway", the database refuses a double booking of the chair.
    anyway = _move(client, meeting, WEDNESDAY.date(), "14:00", other, room, anyway="y")
    assert anyway.status_code == 400 and "Nothing was moved" in _text(anyway)
    db.session.refresh(meeting)
    assert meeting.starts_at == SLOT


def test_a_move_out_of_timescale_needs_its_reason_and_asks_a_manager(client, booked):
    meeting, other, room = booked
    late_day = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)  # after the latest day, 27 March
    signed_in_as(client, "admin")
    refused = _move(client, meeting, late_day.date(), "11:00", other, room, anyway="y")
    assert refused.status_code == 400 and "Give the reason" in _text(refused)
    db.session.refresh(meeting)
    assert meeting.starts_at == SLOT
    moved = _move(client, meeting, late_day.date(), "11:00", other, room, anyway="y",
                  **{f"late-{meeting.id}-reason": "Court date moved"})  # fmt: skip
    assert moved.status_code == 302, _text(moved)[:3000]
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status) == ("late_booking", "pending")


def test_a_drop_on_the_week_fills_in_the_day_and_the_chair(client, booked):
    meeting, other, _ = booked
    signed_in_as(client, "admin")
    week = _text(client.get("/calendar/chairs?week=2026-03-09"))
    assert f'data-move-url="/meetings/{meeting.id}/move"' in week and 'draggable="true"' in week
    assert f'data-drop-day="2026-03-11" data-drop-chair="{other.id}"' in week
    page = _text(client.get(f"/meetings/{meeting.id}/move?day=2026-03-11&chair={other.id}"))
    assert 'name="day-day" type="text" value="11"' in page or 'value="11"' in page
    assert re.search(rf'<option value="{other.id}" selected', page)


def test_a_chair_may_not_move_meetings(client, booked):
    meeting, _, _ = booked
    signed_in_as(client, "chair")
    assert client.get(f"/meetings/{meeting.id}/move").status_code == 403
    db.session.refresh(meeting)
    assert db.session.get(Meeting, meeting.id).starts_at == SLOT
