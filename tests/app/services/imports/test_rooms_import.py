"""Rooms with their equipment from a spreadsheet, matched by name within their locality."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Room
from app.services.imports import batches
from app.services.imports.rooms import KIND
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_locality, make_room
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = [
    "Name",
    "Locality",
    "Address",
    "Capacity",
    "Hybrid kit",
    "Step-free",
    "Separate waiting area",
]
GOOD = [
    HEADER,
    ["Example Room One", "Testshire North", "1 Example Street", 8, "yes", "yes", "no"],
    ["Example Room Two", "Testshire North", "2 Example Street", "12", "no", "", "yes"],
]


def _rooms() -> int:
    return db.session.scalar(select(func.count()).select_from(Room)) or 0


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "r.csv"), (xlsx_bytes, "r.xlsx")])
def test_a_good_file_previews_then_saves_rooms_with_their_equipment(app, make_file, name):
    locality = make_locality(name="Testshire North")
    found = batches.preview(KIND, name, make_file(GOOD), TODAY)
    assert (found.errors, found.words) == ([], "2 added, 0 changed, 0 unchanged")
    assert _rooms() == 0
    batches.save(NOW, None, KIND, name, make_file(GOOD))
    one, two = db.session.scalars(select(Room).order_by(Room.name))
    assert (one.locality_id, one.capacity, one.hybrid, one.step_free) == (
        locality.id,
        8,
        "full",
        True,
    )
    assert (two.capacity, two.hybrid, two.step_free, two.separate_waiting_area) == (
        12,
        "none",
        False,
        True,
    )


def test_the_same_rooms_again_change_nothing_and_a_changed_room_is_updated(app):
    locality = make_locality(name="Testshire North")
    room = make_room(
        name="Example Room One",
        locality=locality,
        address="1 Example Street",
        capacity=8,
        hybrid="full",
        step_free=True,
    )
    assert batches.save(NOW, None, KIND, "r.csv", csv_bytes(GOOD)).words == (
        "1 added, 0 changed, 1 unchanged"
    )
    moved = [
        HEADER,
        ["example room one", "Testshire North", "1 Example Street", 20, "yes", "yes", "no"],
        GOOD[2],
    ]
    assert batches.save(NOW, None, KIND, "r.csv", csv_bytes(moved)).words == (
        "0 added, 1 changed, 1 unchanged"
    )
    assert room.capacity == 20 and _rooms() == 2


def test_bad_rooms_are_each_named_and_none_is_saved(app):
    make_locality(name="Testshire North")
    bad = [
        HEADER,
        GOOD[1],
        ["Example Room Two", "Atlantis", "", 0, "sometimes", "", ""],
        ["Example Room One", "Testshire North", "3 Example Street", 8, "", "", ""],
    ]
    found = batches.preview(KIND, "r.csv", csv_bytes(bad), TODAY)
    assert [error.words for error in found.errors] == [
        "Row 3, Locality: 'Atlantis' is not a locality in Quorum",
        "Row 3, Address: enter the address",
        "Row 3, Capacity: '0' is not a whole number from 1 to 100",
        "Row 3, Hybrid kit: 'sometimes' is not yes or no",
        "Row 4, Name: the same room as row 2",
    ]
    with pytest.raises(ImportRefused):
        batches.save(NOW, None, KIND, "r.csv", csv_bytes(bad))
    assert _rooms() == 0
