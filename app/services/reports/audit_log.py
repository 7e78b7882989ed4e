"""The audit log page: who did what, and when, newest first.

The log holds identifiers and changed field names only (app.services.audit), so a search by
object type and id finds everything done to one meeting or request without naming a child.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.limits import is_id
from app.models import AuditEvent, User
from app.services import ServiceError
from app.time import to_utc

PER_PAGE = 50
ACTION_LENGTH = 60
OBJECT_TYPE_LENGTH = 40
OBJECT_ID_LENGTH = 40


@dataclass(frozen=True)
class AuditFilters:
    """What the page was asked for: each one optional. Days are Europe/London, both included."""

    actor: str = ""  # a user's id, as the select sends it
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    from_day: date | None = None
    to_day: date | None = None


def filter_choices() -> dict:
    """The users who may have done something, and the kinds of thing the log names."""
    users = db.session.execute(select(User.id, User.name, User.role).order_by(User.name)).all()
    types = db.session.scalars(
        select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    ).all()
    return {
        "users": [(str(row.id), f"{row.name} ({row.role})") for row in users],
        "object_types": [(name, name) for name in types if name],
    }


def search(filters: AuditFilters, page: int | None = 1):
    """One page of audit events matching every filter given, newest first. A filter that
    cannot be applied raises ServiceError naming its field: nothing is listed as if it were."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    actor = filters.actor.strip()
    if actor:
        if not actor.isdigit() or not is_id(int(actor)) or db.session.get(User, int(actor)) is None:
            raise ServiceError("User: choose a user from the list.", "actor")
        query = query.where(AuditEvent.actor_id == int(actor))
    action = filters.action.strip()
    if len(action) > ACTION_LENGTH:
        raise ServiceError(f"Action: give at most {ACTION_LENGTH} characters.", "action")
    if action:
        # A prefix ("meeting." finds every meeting action): escaped so % and _ match themselves.
        escaped = action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(f"{escaped}%", escape="\\"))
    object_type, object_id = filters.object_type.strip(), filters.object_id.strip()
    if len(object_type) > OBJECT_TYPE_LENGTH:
        raise ServiceError(f"Object type: give at most {OBJECT_TYPE_LENGTH} characters.",
                           "object_type")  # fmt: skip
    if len(object_id) > OBJECT_ID_LENGTH:
        raise ServiceError(f"Object id: give at most {OBJECT_ID_LENGTH} characters.", "object_id")
    if object_id and not object_type:
        # Ids are only unique within a type: meeting 7 and request 7 are different things.
        raise ServiceError("Object id: choose the object type too.", "object_type")
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    if filters.from_day and filters.to_day and filters.from_day > filters.to_day:
        raise ServiceError("To: the last day must be on or after the first day.", "to_day")
    if filters.from_day:
        query = query.where(AuditEvent.at >= _start_of(filters.from_day))
    if filters.to_day:
        query = query.where(AuditEvent.at < _start_of(filters.to_day + timedelta(days=1)))
    if page is None:  # every row, for a download
        return list(db.session.scalars(query))
    return db.paginate(query, page=max(page, 1), per_page=PER_PAGE, error_out=False)


def actor_names(events) -> dict[int, str]:
    """The name of each actor on the page (a deleted or system action has none)."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()
    return {row.id: row.name for row in rows}


def _start_of(day: date) -> datetime:
    """Midnight in London, in UTC (midnight always exists: the clocks change at 01:00)."""
    return to_utc(day, time(0, 0))
