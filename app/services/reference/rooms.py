"""Rooms: where meetings are held, with what they offer (hybrid kit, step-free, waiting area)."""

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Locality, Room
from app.models.places import HYBRID_LEVELS
from app.services import ServiceError, audit
from app.services.reference._filters import (
    active_unless,
    add_audited,
    apply_changes,
    get_or_not_found,
    name_contains,
    refusing_duplicates,
    required_text,
    whole_number,
)

MAX_CAPACITY = 100


@dataclass(frozen=True)
class RoomInput:
    name: str
    locality_id: int | None
    address: str
    capacity: int | None
    hybrid: str
    step_free: bool = False
    separate_waiting_area: bool = False


def list_rooms(
    name: str = "", locality_id: int | None = None, hybrid: str = "", include_retired: bool = False
) -> list[Room]:
    stmt = select(Room).join(Room.locality).order_by(Locality.name, Room.name)
    stmt = active_unless(name_contains(stmt, Room.name, name), Room, include_retired)
    if locality_id:
        stmt = stmt.where(Room.locality_id == locality_id)
    if hybrid:
        stmt = stmt.where(Room.hybrid == hybrid)
    return list(db.session.scalars(stmt))


def get_room(room_id: int) -> Room:
    return get_or_not_found(Room, room_id, "room")


def create_room(now: datetime, actor_id: int | None, data: RoomInput) -> Room:
    values = _checked(data)
    with refusing_duplicates(_duplicate_message(values), "name"):
        return add_audited(now, actor_id, Room(**values), "room.created")


def update_room(now: datetime, actor_id: int | None, room_id: int, data: RoomInput) -> Room:
    room = get_room(room_id)
    values = _checked(data, room)
    changed = apply_changes(room, values)
    if changed:
        with refusing_duplicates(_duplicate_message(values), "name"):
            audit.record(now, actor_id, "room.updated", room, "fields=" + ",".join(changed))
            db.session.commit()
    return room


def retire_room(now: datetime, actor_id: int | None, room_id: int) -> Room:
    room = get_room(room_id)
    if room.retired_at is None:
        room.retired_at = now
        audit.record(now, actor_id, "room.retired", room)
        db.session.commit()
    return room


def _checked(data: RoomInput, room: Room | None = None) -> dict:
    values = asdict(data)
    values["name"] = required_text(data.name, "name", "the room name", 120)
    locality = db.session.get(Locality, data.locality_id) if data.locality_id else None
    # A room may stay in its own (since retired) locality, but not move to a retired one.
    keeps_own = room is not None and room.locality_id == data.locality_id
    if locality is None or (locality.retired_at is not None and not keeps_own):
        raise ServiceError("Select the room's locality", "locality_id")
    values["address"] = required_text(data.address, "address", "the address", 300)
    values["capacity"] = whole_number(data.capacity, "capacity", "Capacity", 1, MAX_CAPACITY)
    if data.hybrid not in HYBRID_LEVELS:
        raise ServiceError("Select whether the room has hybrid equipment", "hybrid")
    values["step_free"], values["separate_waiting_area"] = (
        bool(data.step_free),
        bool(data.separate_waiting_area),
    )
    stmt = select(Room.id).where(
        Room.locality_id == locality.id, func.lower(Room.name) == values["name"].lower()
    )
    if room is not None:
        stmt = stmt.where(Room.id != room.id)
    if db.session.scalar(stmt) is not None:
        raise ServiceError(_duplicate_message(values), "name")
    return values


def _duplicate_message(values: dict) -> str:
    locality = db.session.get_one(Locality, values["locality_id"])  # checked by _checked
    return f"There is already a room called {values['name']} in {locality.name}"
