"""Proposing escalations after a meeting (a scheduler sweep), and the chair's actions on them.

Only the meeting's own chair raises, dismisses or resolves one; staff see them all but do not act
for the chair. Another chair's escalation is "not found", as another chair's meeting is.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Escalation, Meeting, Person
from app.models.escalations import DISMISS_REASON_LENGTH, ORGANISATIONS, THEMES
from app.services import NotFound, ServiceError, audit
from app.services.replies.status import statuses

# A scheduler stopped for a while still proposes what it missed; older meetings are left alone
# (the first sweep after an upgrade must not propose a year of held meetings).
LOOK_BACK = timedelta(days=14)
ROLE_ORGANISATIONS = {
    "gp": "gp", "social_worker": "social_work", "team_manager_sw": "social_work",
    "school": "education", "health_visitor": "health_visitor", "school_nurse": "other_health",
    "midwife": "other_health", "police": "police", "probation": "probation",
    "housing": "housing", "advocate": "advocate",
}  # fmt: skip


def organisation_for(person: Person) -> str:
    if "early help" in (person.organisation or "").lower():
        return "early_help"
    return ROLE_ORGANISATIONS.get(person.role, "other")


def propose(now: datetime) -> int:
    """Propose one escalation per professional who sent neither a report nor apologies, once
    their meeting is held or its end has passed. Safe to run again: one per person and meeting."""
    meeting_ids = db.session.scalars(
        select(Meeting.id).where(
            or_(Meeting.status == "held", Meeting.status == "confirmed"),
            Meeting.ends_at <= now,
            Meeting.ends_at > now - LOOK_BACK,
        )
    ).all()
    proposed = 0
    for meeting_id in meeting_ids:
        meeting = db.session.get_one(Meeting, meeting_id)
        for status in statuses(now, meeting):
            if status.report_due is None or not status.invited:
                continue  # not asked for a report
            if status.report == "received" or status.reply == "apologies":
                continue
            if _exists(meeting.id, status.person_id):
                continue
            person = db.session.get_one(Person, status.person_id)
            escalation = Escalation(meeting_id=meeting.id, person_id=person.id,
                                    chair_id=meeting.chair_id,
                                    organisation=organisation_for(person), theme="",
                                    status="proposed", dismiss_reason="",
                                    created_at=now)  # fmt: skip
            try:
                db.session.add(escalation)
                db.session.flush()
                audit.record(now, None, "escalation.proposed", escalation,
                             f"meeting_id={meeting.id}; person={person.id}")  # fmt: skip
                db.session.commit()
            except IntegrityError:  # another sweep proposed it a moment ago
                db.session.rollback()
                if not _exists(meeting.id, status.person_id):
                    raise
                continue
            proposed += 1
    return proposed


def _exists(meeting_id: int, person_id: int) -> bool:
    query = select(Escalation.id).filter_by(meeting_id=meeting_id, person_id=person_id)
    return db.session.scalar(query) is not None


def _chair_id(user) -> int | None:
    return user.chair.id if user.role == "chair" and user.chair is not None else None


def list_for(user) -> list[Escalation]:
    """A chair's own; staff see everyone's. Open ones first, newest first."""
    query = select(Escalation).order_by(Escalation.created_at.desc(), Escalation.id.desc())
    if user.role == "chair":
        query = query.where(Escalation.chair_id == (_chair_id(user) or -1))
    rows = list(db.session.scalars(query))
    order = {"proposed": 0, "raised": 1, "resolved": 2, "dismissed": 3}
    return sorted(rows, key=lambda row: order.get(row.status, 9))


def get_for(user, escalation_id: int) -> Escalation:
    escalation = db.session.get(Escalation, escalation_id)
    if escalation is None or (user.role == "chair" and escalation.chair_id != _chair_id(user)):
        raise NotFound("That escalation does not exist or is not one of yours.")
    return escalation


def _chairs_own(user, escalation_id: int) -> Escalation:
    """Only the meeting's chair acts on it; anyone else is told it is not found."""
    escalation = db.session.get(Escalation, escalation_id)
    if escalation is None or _chair_id(user) is None or escalation.chair_id != _chair_id(user):
        raise NotFound("That escalation does not exist or is not one of yours.")
    return escalation


def raise_escalation(now: datetime, user, escalation_id: int, theme: str) -> Escalation:
    escalation = _chairs_own(user, escalation_id)
    theme = (theme or "").strip()
    if theme and theme not in THEMES:
        raise ServiceError("Choose a theme from the list, or none.", "theme")
    if escalation.status != "proposed":
        raise ServiceError(f"This escalation is {escalation.status} already.")
    escalation.status, escalation.theme = "raised", theme
    escalation.acted_at, escalation.acted_by_id, escalation.raised_at = now, user.id, now
    audit.record(now, user.id, "escalation.raised", escalation, f"theme={theme}")
    db.session.commit()
    return escalation


def dismiss(now: datetime, user, escalation_id: int, reason: str) -> Escalation:
    escalation = _chairs_own(user, escalation_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say briefly why it is not being raised.", "reason")
    if len(reason) > DISMISS_REASON_LENGTH:
        raise ServiceError(f"Give the reason in at most {DISMISS_REASON_LENGTH} characters.",
                           "reason")  # fmt: skip
    if escalation.status != "proposed":
        raise ServiceError(f"This escalation is {escalation.status} already.")
    escalation.status, escalation.dismiss_reason = "dismissed", reason
    escalation.acted_at, escalation.acted_by_id = now, user.id
    audit.record(now, user.id, "escalation.dismissed", escalation, "")  # never the words
    db.session.commit()
    return escalation


def resolve(now: datetime, user, escalation_id: int) -> Escalation:
    escalation = _chairs_own(user, escalation_id)
    if escalation.status != "raised":
        raise ServiceError("Only a raised escalation can be marked resolved.")
    escalation.status, escalation.acted_at, escalation.acted_by_id = "resolved", now, user.id
    audit.record(now, user.id, "escalation.resolved", escalation, "")
    db.session.commit()
    return escalation


def organisation_words(code: str) -> str:
    return ORGANISATIONS.get(code, code)


def theme_words(code: str) -> str:
    return THEMES.get(code, "") if code else ""
