"""Chairs' leave and rooms' closures from a spreadsheet: a whole day or days, or a time on one
day, as the chair's and the room's pages add them. A row is matched by its chair or room and its
start and end, so the same period twice is one period; its kind and note may change."""

from collections import Counter
from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Chair, Locality, Room, Unavailability
from app.services.imports.columns import Change, Column, Kind, Row, differing_fields, words_for
from app.services.reference._filters import apply_changes
from app.services.reference.unavailability import KINDS
from app.services.spreadsheets import RowError
from app.time import NonexistentLocalTime, to_utc

COLUMNS = (
    Column("chair", "Chair", "The chair's email address, for a chair's leave",
           "example.chair.one@example.org"),
    Column("room", "Room", "The room's name, for a room's closure (leave Chair blank)", ""),
    Column("room_locality", "Room locality", "The room's locality, when two rooms share a name",
           ""),
    Column("starts_on", "From", "The first day", "2026-08-03", required=True),
    Column("ends_on", "To", "The last day (default: the first)", "2026-08-14"),
    Column("starts_at", "Start time", "Blank for whole days; otherwise 09:30 on the first day", ""),
    Column("ends_at", "End time", "With a start time: when it ends, on the last day", ""),
    Column("kind", "Kind", "For a chair: leave (default), sickness, training, court, commitment "
           "or other; for a room: closure", "leave"),
    Column("note", "Note", "A few words, no personal details (optional)", "Summer leave"),
)  # fmt: skip
_OWNER_WORDS = {Chair: words_for(KINDS[Chair], {"annual leave": "leave", "sick": "sickness"}),
                Room: words_for(KINDS[Room], {"closed": "closure"})}  # fmt: skip
_DEFAULT_KIND = {Chair: "leave", Room: "closure"}
_OWNER_COLUMN = {Chair: "chair_id", Room: "room_id"}
_MIDNIGHT = time(0, 0)


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    chairs = {chair.email.lower(): chair for chair in db.session.scalars(select(Chair))}
    rooms = list(db.session.execute(select(Room, Locality.name).join(Room.locality)))
    by_name = Counter(room.name.lower() for room, _ in rooms)
    room_of = {(room.name.lower(), place.lower()): room for room, place in rooms}
    room_of |= {
        (room.name.lower(), ""): room for room, _ in rooms if by_name[room.name.lower()] == 1
    }
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    for number, cells in rows:
        row = Row(number, cells, names, errors)
        owner = _owner(row, chairs, room_of)
        span = _span(row)
        kind = row.choice("kind", _OWNER_WORDS[type(owner)], "a kind of absence for a "
                          + ("room" if isinstance(owner, Room) else "chair"),
                          default=_DEFAULT_KIND[type(owner)]) if owner else ""  # fmt: skip
        note = row.text("note", 200)
        if not row.good or owner is None or span is None:
            continue
        key = (owner.id if isinstance(owner, Chair) else None,
               owner.id if isinstance(owner, Room) else None, *span)  # fmt: skip
        values = {_OWNER_COLUMN[type(owner)]: owner.id, "starts_at": span[0], "ends_at": span[1],
                  "kind": kind, "note": note}  # fmt: skip
        changes.append(Change(number, key, None, values))
    return _matched(changes)


def _matched(changes: list[Change]) -> list[Change]:
    """Each change with the period Quorum holds for the same owner and span, looked up over the
    file's own days only (years of leave need not be read)."""
    if not changes:
        return changes
    first = min(change.values["starts_at"] for change in changes)
    last = max(change.values["ends_at"] for change in changes)
    rows = db.session.scalars(select(Unavailability).where(
        Unavailability.person_id.is_(None), Unavailability.starts_at >= first,
        Unavailability.ends_at <= last))  # fmt: skip
    held: dict[Hashable, Unavailability] = {
        (row.chair_id, row.room_id, row.starts_at, row.ends_at): row for row in rows
    }
    for change in changes:
        change.existing = held.get(change.key)
    return changes


def _owner(row: Row, chairs: dict[str, Chair], room_of: dict) -> Chair | Room | None:
    email = row.email("chair", required=False)
    room = row.text("room", 120)
    place = row.text("room_locality", 80)
    if bool(email) == bool(room):
        row.fail("chair", "give either a chair's email address or a room's name (one of them)")
        return None
    if email:
        chair = chairs.get(email)
        if chair is None and row.good:
            row.fail("chair", f"'{email[:40]}' is not a chair's email address in Quorum")
        return chair
    found = room_of.get((room.lower(), place.lower()))
    if found is None:
        if place or any(name == room.lower() for name, _ in room_of):
            row.fail(
                "room",
                f"'{room[:40]}' is not a room in Quorum"
                + (
                    f" in {place[:40]}"
                    if place
                    else "; two rooms have that name: give its locality"
                ),
            )
        else:
            row.fail("room", f"'{room[:40]}' is not a room in Quorum")
    return found


def _span(row: Row) -> tuple[datetime, datetime] | None:
    first = row.day("starts_on")
    last = row.day("ends_on", required=False) or first
    starts, ends = row.clock("starts_at"), row.clock("ends_at")
    if (starts is None) != (ends is None) and row.good:
        row.fail("ends_at" if starts else "starts_at",
                 "give both a start and an end time, or neither for whole days")  # fmt: skip
    if first is None or last is None or not row.good:
        return None
    if starts is None or ends is None:
        starts, ends, last = _MIDNIGHT, _MIDNIGHT, last + timedelta(days=1)
    try:
        span = to_utc(first, starts, "starts_at"), to_utc(last, ends, "ends_at")
    except NonexistentLocalTime as error:
        row.fail(error.field or "starts_at", error.message)
        return None
    if span[1] <= span[0]:
        row.fail("ends_on", "it must end after it starts")
        return None
    return span


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Unavailability, list[str]]:
    if change.existing is None:
        period = Unavailability(**change.values)
        db.session.add(period)
        return period, list(change.values)
    return change.existing, apply_changes(change.existing, change.values)


KIND = Kind(
    name="leave",
    title="Leave and closures",
    noun="unavailability",
    plural="leave and closures",
    columns=COLUMNS,
    key_column="starts_on",
    matched_by="chair or room, start and end",
    check=check,
    store=store,
    differs=differing_fields,
    verbs=("added", "updated"),
    one="period",
)
