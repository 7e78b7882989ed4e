"""When a room is closed, a chair is on leave, or a person is in court: add and remove periods.

Times arrive as Europe/London dates and wall-clock times and are stored as aware UTC.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Base, Chair, Person, Room, Unavailability
from app.models.availability import UNAVAILABILITY_KINDS
from app.services import NotFound, ServiceError, audit
from app.services.reference._filters import optional_text
from app.time import NonexistentLocalTime, to_utc

# A closure is what happens to a room; chairs and people have every other kind.
_PERSONAL_KINDS = tuple(kind for kind in UNAVAILABILITY_KINDS if kind != "closure")
KINDS = {Room: ("closure",), Chair: _PERSONAL_KINDS, Person: _PERSONAL_KINDS}
_OWNER_COLUMN = {Room: "room_id", Chair: "chair_id", Person: "person_id"}


@dataclass(frozen=True)
class Period:
    """From `starts_on` at `starts_at` to `ends_on` at `ends_at`; with no start time it starts
    at the start of its first day, and with no end time it lasts to the end of its last day,
    so whole days of leave need no times."""

    kind: str
    starts_on: date
    starts_at: time | None
    ends_on: date
    ends_at: time | None
    note: str = ""


def kinds_for(owner_type: type[Base]) -> tuple[str, ...]:
    return KINDS[owner_type]


def periods_of(owner, ending_after: datetime) -> list[Unavailability]:
    """The owner's periods that have not yet ended, earliest first."""
    column = getattr(Unavailability, _OWNER_COLUMN[type(owner)])
    stmt = (
        select(Unavailability)
        .where(column == owner.id, Unavailability.ends_at > ending_after)
        .order_by(Unavailability.starts_at, Unavailability.id)
    )
    return list(db.session.scalars(stmt))


def add(now: datetime, actor_id: int | None, owner, period: Period) -> Unavailability:
    row = add_period(now, actor_id, owner, period)
    db.session.commit()
    return row


def add_period(now: datetime, actor_id: int | None, owner, period: Period) -> Unavailability:
    """Add (not commit) a period and its audit row: a rearrangement commits it with the rest."""
    if period.kind not in KINDS[type(owner)]:
        raise ServiceError("Select a kind from the list", "kind")
    try:
        starts = to_utc(period.starts_on, period.starts_at or time(0), "starts_at")
        if period.ends_at is None:  # to the end of the last day: midnight after it
            ends = to_utc(period.ends_on + timedelta(days=1), time(0), "ends_at")
        else:
            ends = to_utc(period.ends_on, period.ends_at, "ends_at")
    except NonexistentLocalTime as error:  # the form shows it against the field, like any other
        raise ServiceError(error.message, error.field) from error
    if ends <= starts:
        raise ServiceError("The end must be after the start", "ends_on")
    note = optional_text(period.note, "note", "Note", 200)
    row = Unavailability(
        starts_at=starts,
        ends_at=ends,
        kind=period.kind,
        note=note,
        **{_OWNER_COLUMN[type(owner)]: owner.id},
    )
    db.session.add(row)
    db.session.flush()
    audit.record(now, actor_id, "unavailability.added", row, _owner_detail(owner, period.kind))
    return row


def remove(now: datetime, actor_id: int | None, owner, unavailability_id: int) -> None:
    row = db.session.get(Unavailability, unavailability_id)
    if row is None or getattr(row, _OWNER_COLUMN[type(owner)]) != owner.id:
        raise NotFound(f"There is no such period for this {type(owner).__name__.lower()}.")
    audit.record(now, actor_id, "unavailability.removed", row, _owner_detail(owner, row.kind))
    db.session.delete(row)
    db.session.commit()


def _owner_detail(owner, kind: str) -> str:
    return f"{_OWNER_COLUMN[type(owner)]}={owner.id} kind={kind}"
