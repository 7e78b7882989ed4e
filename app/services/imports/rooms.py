"""Rooms and what they offer, from a spreadsheet, matched by name within their locality."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Locality, Room
from app.services.imports.columns import Change, Column, Kind, Row, differing_fields
from app.services.reference._filters import apply_changes
from app.services.reference.rooms import MAX_CAPACITY
from app.services.spreadsheets import RowError, header_key

COLUMNS = (
    Column("name", "Name", "The room's name: with its locality, how a room is matched",
           "Example Room One", required=True),
    Column("locality", "Locality", "Its locality, as named in Quorum", "Testshire North",
           required=True),
    Column("address", "Address", "Where it is", "1 Example Street, Exampletown", required=True),
    Column("capacity", "Capacity", f"People it seats, 1 to {MAX_CAPACITY}", 8, required=True),
    Column("hybrid", "Hybrid kit", "Yes when it has hybrid meeting equipment (default no)", "yes"),
    Column("step_free", "Step-free", "Yes when it is step-free (default no)", "yes"),
    Column("separate_waiting_area", "Separate waiting area",
           "Yes when it has a second waiting area (default no)", "no"),
)  # fmt: skip
_HYBRID = {header_key(word): "full" for word in ("yes", "y", "full", "true", "1", "x")} | {
    header_key(word): "none" for word in ("no", "n", "none", "false", "0")
}


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    localities = {locality.name.lower(): locality for locality in db.session.scalars(
        select(Locality))}  # fmt: skip
    rooms = {(room.locality_id, room.name.lower()): room for room in db.session.scalars(
        select(Room))}  # fmt: skip
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    for number, cells in rows:
        row = Row(number, cells, names, errors)
        name = row.text("name", 120, "the room's name")
        locality_name = row.text("locality", 80, "the room's locality")
        locality = localities.get(locality_name.lower())
        existing = rooms.get((locality.id, name.lower())) if locality else None
        if locality_name and (locality is None or (locality.retired_at and existing is None)):
            row.fail("locality", f"'{locality_name[:40]}' is not a locality in Quorum")
        values = {
            "name": name,
            "locality_id": locality.id if locality else None,
            "address": row.text("address", 300, "the address"),
            "capacity": row.whole("capacity", 1, MAX_CAPACITY),
            "hybrid": row.choice("hybrid", _HYBRID, "yes or no", default="none"),
            "step_free": row.yes_no("step_free"),
            "separate_waiting_area": row.yes_no("separate_waiting_area"),
        }
        if row.good and locality is not None:
            changes.append(Change(number, (locality.id, name.lower()), existing, values))
    return changes


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Room, list[str]]:
    if change.existing is None:
        room = Room(**change.values)
        db.session.add(room)
        return room, list(change.values)
    return change.existing, apply_changes(change.existing, change.values)


KIND = Kind(
    name="rooms",
    title="Rooms",
    noun="room",
    plural="rooms",
    columns=COLUMNS,
    key_column="name",
    matched_by="name within its locality",
    check=check,
    store=store,
    differs=differing_fields,
)
