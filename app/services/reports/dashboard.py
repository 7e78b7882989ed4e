"""What the start page shows each role."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Approval, Chair, Escalation, Meeting, MeetingRequest, Room
from app.models.escalations import EscalationStatus
from app.services.approvals import approvals
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
    risk = at_risk.at_risk(today)
    summary = {
        "open_requests": _count(MeetingRequest, MeetingRequest.status == "open"),
        "confirmed_meetings": _count(Meeting, Meeting.status == "confirmed"),
        "chairs": _count(Chair, Chair.retired_at.is_(None)),
        "rooms": _count(Room, Room.retired_at.is_(None)),
        "at_risk": risk.counts(),
        "awaiting_agreement": _count(Approval, Approval.status == "pending"),
    }
    if user.role == "manager":
        # The team manager's home: what waits on a manager's decision, and what is slipping.
        summary["queue"] = approvals.queue()
        summary["at_risk_rows"] = risk.red + risk.amber
        summary["escalations"] = _proposed_escalations()
    return summary


def _proposed_escalations() -> list[Escalation]:
    """Escalations proposed after a meeting that no chair has yet raised or dismissed, oldest
    first: a manager sees what is waiting on their chairs."""
    return list(
        db.session.scalars(
            select(Escalation)
            .where(Escalation.status == EscalationStatus.PROPOSED.value)
            .order_by(Escalation.created_at, Escalation.id)
        )
    )


def _count(model, *conditions) -> int:
    return db.session.execute(
        select(func.count()).select_from(model).where(*conditions)
    ).scalar_one()
