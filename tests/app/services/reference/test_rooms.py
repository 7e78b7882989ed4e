"""Rooms: creating and editing them. What the room pages share with the chair, person and
locality pages (list filters, retire, closures in UK time, access) is in
tests/app/views/test_reference_pages.py."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Room
from tests.app.factories.reference_forms import (
    RETIRED,
    Browser,
    assert_refused,
    count,
    last_audit,
    room_data,
)
from tests.app.factories.rows import make_locality, make_room


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def test_creating_a_room_saves_what_was_entered(admin):
    locality = make_locality()
    db.session.commit()
    response = admin.post("/rooms/new", room_data(locality, separate_waiting_area="y"))
    assert response.status_code == 302
    room = db.session.scalar(select(Room))
    assert (room.name, room.locality_id, room.capacity, room.hybrid) == (
        "Conference Room 1",
        locality.id,
        12,
        "full",
    )
    assert room.step_free and room.separate_waiting_area


def test_the_same_room_name_is_allowed_in_another_locality(admin):
    make_room(name="Conference Room 1")
    locality = make_locality()
    db.session.commit()
    assert admin.post("/rooms/new", room_data(locality)).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": " "}, "Enter the room name"),
        ({"name": "x" * 121}, "The room name must be 120 characters or fewer"),
        ({"locality_id": ""}, "Select the room's locality"),
        ({"address": ""}, "Enter the address"),
        ({"capacity": ""}, "Enter the capacity"),
        ({"capacity": "ten"}, "Capacity must be a whole number"),
        ({"capacity": "0"}, "Capacity must be a whole number from 1 to 100"),
        ({"capacity": "101"}, "Capacity must be a whole number from 1 to 100"),
        ({"hybrid": None}, "Select whether the room has hybrid equipment"),
        ({"hybrid": "partial"}, "Select whether the room has hybrid equipment"),
        ({"name": "lindsey room"}, "There is already a room called lindsey room in Louth"),
    ],
)
def test_bad_room_details_are_refused_and_nothing_is_saved(admin, overrides, message):
    louth = make_locality(name="Louth")
    make_room(name="Lindsey Room", locality=louth)
    db.session.commit()
    assert_refused(admin.post("/rooms/new", room_data(louth, **overrides)), message)
    assert count(Room) == 1


def test_a_room_cannot_be_put_in_a_retired_locality(admin):
    locality = make_locality(retired_at=RETIRED)
    db.session.commit()
    assert_refused(admin.post("/rooms/new", room_data(locality)), "Select the room's locality")


def test_editing_a_room_saves_the_change_and_audits_the_fields(admin):
    room = make_room(capacity=8, hybrid="full")
    db.session.commit()
    data = room_data(
        room.locality, name=room.name, address=room.address, capacity="10", hybrid="none"
    )
    assert admin.post(f"/rooms/{room.id}/edit", data).status_code == 302
    assert (db.session.get(Room, room.id).capacity, db.session.get(Room, room.id).hybrid) == (
        10,
        "none",
    )
    assert last_audit().detail == "fields=capacity,hybrid"
