"""Localities (the towns meetings happen in) and the driving minutes between them."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair, Locality, Room, TravelTime
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

MAX_TRAVEL_MINUTES = 600


def list_localities(name: str = "", include_retired: bool = False) -> list[Locality]:
    stmt = select(Locality).order_by(Locality.name)
    stmt = active_unless(name_contains(stmt, Locality.name, name), Locality, include_retired)
    return list(db.session.scalars(stmt))


def active_choices() -> list[tuple[int, str]]:
    return [(locality.id, locality.name) for locality in list_localities()]


def get_locality(locality_id: int) -> Locality:
    return get_or_not_found(Locality, locality_id, "locality")


def create_locality(now: datetime, actor_id: int | None, name: str) -> Locality:
    name = _unique_name(name)
    with refusing_duplicates(f"There is already a locality called {name}", "name"):
        return add_audited(now, actor_id, Locality(name=name), "locality.created")


def rename_locality(now: datetime, actor_id: int | None, locality_id: int, name: str) -> Locality:
    locality = get_locality(locality_id)
    name = _unique_name(name, locality_id)
    changed = apply_changes(locality, {"name": name})
    if changed:
        with refusing_duplicates(f"There is already a locality called {name}", "name"):
            audit.record(now, actor_id, "locality.updated", locality, "fields=" + ",".join(changed))
            db.session.commit()
    return locality


def retire_locality(now: datetime, actor_id: int | None, locality_id: int) -> Locality:
    """Refused while an active chair is based there or an active room is there: the solver
    would otherwise see a chair or room in a place that no longer exists."""
    locality = get_locality(locality_id)
    if locality.retired_at is not None:
        return locality
    chairs = _active_names(Chair, Chair.base_locality_id, locality_id)
    rooms = _active_names(Room, Room.locality_id, locality_id)
    if chairs or rooms:
        reasons = [f"the base of {', '.join(chairs)}"] if chairs else []
        reasons += [f"the locality of {', '.join(rooms)}"] if rooms else []
        raise ServiceError(
            f"{locality.name} cannot be retired: it is {' and '.join(reasons)}. "
            "Move or retire them first.",
            "submit",
        )
    locality.retired_at = now
    audit.record(now, actor_id, "locality.retired", locality)
    db.session.commit()
    return locality


@dataclass
class TravelMatrix:
    localities: list[Locality]
    minutes: dict[tuple[int, int], int] = field(default_factory=dict)

    def between(self, a: Locality, b: Locality) -> int | None:
        if a.id == b.id:
            return 0
        return self.minutes.get((min(a.id, b.id), max(a.id, b.id)))


def travel_matrix() -> TravelMatrix:
    rows = db.session.scalars(select(TravelTime))
    minutes = {(row.locality_a_id, row.locality_b_id): row.minutes for row in rows}
    return TravelMatrix(list_localities(), minutes)


def _chosen(locality_id: int | None, field: str) -> int:
    if locality_id is None or _active(locality_id) is None:
        raise ServiceError("Choose a locality from the list", field)
    return locality_id


def set_travel_time(
    now: datetime, actor_id: int | None, a_id: int | None, b_id: int | None, minutes: int | None
) -> TravelTime:
    """Stored once per unordered pair, lower id first (A→B is B→A; A→A is 0 and not stored)."""
    a = _chosen(a_id, "locality_a")
    b = _chosen(b_id, "locality_b")
    if a == b:
        raise ServiceError("Choose two different localities", "locality_b")
    minutes = whole_number(minutes, "minutes", "Driving minutes", 0, MAX_TRAVEL_MINUTES)
    low, high = sorted((a, b))
    travel = db.session.get(TravelTime, (low, high))
    if travel is None:
        travel = TravelTime(locality_a_id=low, locality_b_id=high, minutes=minutes)
        db.session.add(travel)
    travel.minutes = minutes
    audit.record(
        now,
        actor_id,
        "travel_time.set",
        travel,
        f"locality_a_id={low} locality_b_id={high} fields=minutes",
    )
    db.session.commit()
    return travel


def _active(locality_id: int) -> Locality | None:
    locality = db.session.get(Locality, locality_id)
    return locality if locality is not None and locality.retired_at is None else None


def _active_names(model, column, locality_id: int) -> list[str]:
    stmt = select(model.name).where(column == locality_id, model.retired_at.is_(None))
    return list(db.session.scalars(stmt.order_by(model.name)))


def _unique_name(name: str, own_id: int | None = None) -> str:
    name = required_text(name, "name", "the locality name", 80)
    stmt = select(Locality.name).where(func.lower(Locality.name) == name.lower())
    if own_id is not None:
        stmt = stmt.where(Locality.id != own_id)
    existing = db.session.scalar(stmt)
    if existing is not None:
        raise ServiceError(f"There is already a locality called {existing}", "name")
    return name
