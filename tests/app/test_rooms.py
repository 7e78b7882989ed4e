"""Rooms: list, filter, create, edit, retire, and closures entered in UK time."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Room, Unavailability
from tests.app.factories import make_locality, make_room
from tests.app.factories_admin import (
    Browser,
    count,
    date_parts,
    error_summary,
    last_audit,
    make_unavailability,
)

RETIRED = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def room_data(locality, **overrides) -> dict:
    data = {
        "name": "Conference Room 1",
        "locality_id": locality.id,
        "address": "1 Bridge Street",
        "capacity": "12",
        "hybrid": "full",
        "step_free": "y",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def closure_data(start_day, start, end_day, end) -> dict:
    return {
        "kind": "closure",
        "starts_on": date_parts(start_day),
        "starts_at": start,
        "ends_on": date_parts(end_day),
        "ends_at": end,
    }


def test_the_list_shows_a_rooms_name_and_locality(admin):
    make_room(name="Witham Suite", locality=make_locality(name="Boston"))
    db.session.commit()
    page = admin.get("/rooms").get_data(as_text=True)
    assert "Witham Suite" in page and "Boston" in page


def test_the_list_filters_by_locality(admin):
    boston = make_locality(name="Boston")
    make_room(name="Witham Suite", locality=boston)
    make_room(name="Lindsey Room")
    db.session.commit()
    page = admin.get(f"/rooms?locality={boston.id}").get_data(as_text=True)
    assert "Witham Suite" in page and "Lindsey Room" not in page


def test_the_list_filters_by_hybrid_equipment(admin):
    make_room(name="Witham Suite", hybrid="none")
    make_room(name="Lindsey Room", hybrid="full")
    db.session.commit()
    page = admin.get("/rooms?hybrid=none").get_data(as_text=True)
    assert "Witham Suite" in page and "Lindsey Room" not in page


def test_the_list_filters_by_part_of_the_name(admin):
    make_room(name="Witham Suite")
    make_room(name="Lindsey Room")
    db.session.commit()
    page = admin.get("/rooms?q=WITH").get_data(as_text=True)
    assert "Witham Suite" in page and "Lindsey Room" not in page


def test_a_retired_room_is_hidden_from_the_default_list(admin):
    make_room(name="Old Annexe", retired_at=RETIRED)
    db.session.commit()
    assert "Old Annexe" not in admin.get("/rooms").get_data(as_text=True)


def test_a_retired_room_is_listed_when_asked(admin):
    make_room(name="Old Annexe", retired_at=RETIRED)
    db.session.commit()
    assert "Old Annexe" in admin.get("/rooms?retired=y").get_data(as_text=True)


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


def test_creating_a_room_writes_an_audit_row(admin):
    locality = make_locality()
    db.session.commit()
    admin.post("/rooms/new", room_data(locality))
    assert (last_audit().action, last_audit().object_type) == ("room.created", "Room")


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
    response = admin.post("/rooms/new", room_data(louth, **overrides))
    assert response.status_code == 400
    assert message in error_summary(response)
    assert count(Room) == 1


def test_a_room_cannot_be_put_in_a_retired_locality(admin):
    locality = make_locality(retired_at=RETIRED)
    db.session.commit()
    response = admin.post("/rooms/new", room_data(locality))
    assert response.status_code == 400
    assert "Select the room's locality" in error_summary(response)


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


def test_a_bad_edit_changes_nothing(admin):
    room = make_room(capacity=8)
    db.session.commit()
    response = admin.post(f"/rooms/{room.id}/edit", room_data(room.locality, capacity="0"))
    assert response.status_code == 400
    assert db.session.get(Room, room.id).capacity == 8


def test_retiring_a_room_marks_it_retired_and_is_audited(admin):
    room = make_room()
    db.session.commit()
    assert admin.post(f"/rooms/{room.id}/retire").status_code == 302
    assert db.session.get(Room, room.id).retired_at is not None
    assert last_audit().action == "room.retired"


def test_a_closure_entered_in_summer_time_is_stored_in_utc(admin):
    room = make_room()
    db.session.commit()
    data = closure_data(date(2026, 6, 1), "09:00", date(2026, 6, 1), "17:30")
    assert admin.post(f"/rooms/{room.id}/closures", data).status_code == 302
    closure = db.session.scalar(select(Unavailability))
    assert (closure.room_id, closure.kind) == (room.id, "closure")
    assert closure.starts_at == datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert closure.ends_at == datetime(2026, 6, 1, 16, 30, tzinfo=UTC)


def test_adding_a_closure_writes_an_audit_row(admin):
    room = make_room()
    db.session.commit()
    admin.post(
        f"/rooms/{room.id}/closures",
        closure_data(date(2026, 6, 1), "09:00", date(2026, 6, 2), "09:00"),
    )
    assert (last_audit().action, last_audit().detail) == (
        "unavailability.added",
        f"room_id={room.id} kind=closure",
    )


def test_a_closure_starting_in_the_spring_forward_hour_is_refused(admin):
    room = make_room()
    db.session.commit()
    data = closure_data(date(2026, 3, 29), "01:30", date(2026, 3, 29), "12:00")
    response = admin.post(f"/rooms/{room.id}/closures", data)
    assert response.status_code == 400
    assert "01:30 on 29 March 2026 does not exist in UK time" in error_summary(response)
    assert count(Unavailability) == 0


def test_a_closure_ending_at_its_start_is_refused(admin):
    room = make_room()
    db.session.commit()
    data = closure_data(date(2026, 6, 1), "09:00", date(2026, 6, 1), "09:00")
    response = admin.post(f"/rooms/{room.id}/closures", data)
    assert response.status_code == 400
    assert "The end must be after the start" in error_summary(response)
    assert count(Unavailability) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_at", "25:00", "Enter start time as hours and minutes, like 09:30"),
        ("starts_at", "", "Enter the start time"),
        ("starts_on", ["31", "2", "2026"], "Start date must be a real date"),
        ("ends_on", ["", "", ""], "Enter the end date"),
    ],
)
def test_a_closure_with_a_malformed_date_or_time_is_refused(admin, field, value, message):
    room = make_room()
    db.session.commit()
    data = {**closure_data(date(2026, 6, 1), "09:00", date(2026, 6, 2), "09:00"), field: value}
    response = admin.post(f"/rooms/{room.id}/closures", data)
    assert response.status_code == 400
    assert message in error_summary(response)
    assert count(Unavailability) == 0


def test_the_rooms_page_lists_a_summer_closure_in_uk_time(client):
    room = make_room()
    make_unavailability(
        room_id=room.id, kind="closure", starts_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    )
    db.session.commit()
    # The page lists periods not yet ended, so the test fixes "now" (sign-in included).
    with time_machine.travel(datetime(2026, 5, 1, tzinfo=UTC), tick=False):
        page = Browser(client).get(f"/rooms/{room.id}").get_data(as_text=True)
    assert "Mon 1 Jun 2026, 09:00" in page


def test_the_rooms_page_leaves_out_closures_that_have_ended(client):
    room = make_room()
    make_unavailability(room_id=room.id, kind="closure", note="Boiler repair")
    db.session.commit()
    with time_machine.travel(datetime(2027, 1, 1, tzinfo=UTC), tick=False):
        page = Browser(client).get(f"/rooms/{room.id}").get_data(as_text=True)
    assert "Boiler repair" not in page


def test_removing_a_closure_deletes_it_and_is_audited(admin):
    room = make_room()
    closure = make_unavailability(room_id=room.id, kind="closure")
    db.session.commit()
    response = admin.post(f"/rooms/{room.id}/closures/{closure.id}/remove")
    assert response.status_code == 302
    assert count(Unavailability) == 0
    assert last_audit().action == "unavailability.removed"


def test_another_rooms_closure_cannot_be_removed_through_this_room(admin):
    room, other = make_room(), make_room()
    closure = make_unavailability(room_id=other.id, kind="closure")
    db.session.commit()
    assert admin.post(f"/rooms/{room.id}/closures/{closure.id}/remove").status_code == 404
    assert count(Unavailability) == 1


PAGES = [
    ("get", "/rooms"),
    ("get", "/rooms/new"),
    ("post", "/rooms/new"),
    ("get", "/rooms/{id}"),
    ("get", "/rooms/{id}/edit"),
    ("post", "/rooms/{id}/edit"),
    ("post", "/rooms/{id}/retire"),
    ("post", "/rooms/{id}/closures"),
    ("post", "/rooms/{id}/closures/{period}/remove"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_a_chair_is_refused_every_room_page(client, method, path):
    room = make_room()
    period = make_unavailability(room_id=room.id, kind="closure")
    db.session.commit()
    chair = Browser(client, "chair")
    response = getattr(chair, method)(path.format(id=room.id, period=period.id))
    assert response.status_code == 403
    assert count(Unavailability) == 1


def test_the_database_refuses_a_room_with_no_capacity(app):
    with pytest.raises(IntegrityError):
        make_room(capacity=0)


def test_the_database_refuses_an_unknown_hybrid_level(app):
    with pytest.raises(IntegrityError):
        make_room(hybrid="partial")
