"""Reading meetings, scoped to who is asking: a chair sees only their own; locking one."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Meeting
from app.services import NotFound, ServiceError, audit


def _visible_to(user):
    query = select(Meeting).options(joinedload(Meeting.chair), joinedload(Meeting.room))
    if user.role == "chair":
        chair_id = user.chair.id if user.chair is not None else -1
        query = query.where(Meeting.chair_id == chair_id)
    return query


def list_meetings(user, starts_from: datetime, starts_before: datetime) -> list[Meeting]:
    query = _visible_to(user).where(
        Meeting.starts_at >= starts_from,
        Meeting.starts_at < starts_before,
        Meeting.status != "cancelled",
    )
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def get_meeting(user, meeting_id: int) -> Meeting:
    """Another chair's meeting is 'not found' to a chair: its existence is not disclosed."""
    meeting = db.session.scalar(_visible_to(user).where(Meeting.id == meeting_id))
    if meeting is None:
        raise NotFound("That meeting does not exist or is not one of yours.")
    return meeting


def set_locked(now: datetime, actor_id: int | None, meeting_id: int, locked: bool) -> Meeting:
    """A locked meeting (a date fixed with the court, say) is never moved by a repair, unless
    the change itself makes it impossible (its chair off sick, its room closed)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("That meeting does not exist.")
    if meeting.status != "confirmed":
        raise ServiceError(f"Only a confirmed meeting can be locked; this one is {meeting.status}.")
    if meeting.locked != locked:
        meeting.locked, meeting.updated_at = locked, now
        audit.record(now, actor_id, "meeting.locked" if locked else "meeting.unlocked", meeting, "")
        db.session.commit()
    return meeting
