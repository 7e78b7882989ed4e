"""What the start page shows each role."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair, Meeting, MeetingRequest, Room
from app.services.requests import at_risk


def summary(user, today: date) -> dict:
    """`today` is the Europe/London date, from the view (for the at-risk counts)."""
    if user.role == "chair":
        chair = user.chair
        count = 0
        if chair is not None:
            count = db.session.execute(
                select(func.count())
                .select_from(Meeting)
                .where(Meeting.chair_id == chair.id, Meeting.status.in_(("confirmed", "proposed")))
            ).scalar_one()
        return {"my_meetings": count}
    return {
        "open_requests": _count(MeetingRequest, MeetingRequest.status == "open"),
        "confirmed_meetings": _count(Meeting, Meeting.status == "confirmed"),
        "chairs": _count(Chair, Chair.retired_at.is_(None)),
        "rooms": _count(Room, Room.retired_at.is_(None)),
        "at_risk": at_risk.at_risk(today).counts(),
    }


def _count(model, *conditions) -> int:
    return db.session.execute(
        select(func.count()).select_from(model).where(*conditions)
    ).scalar_one()
