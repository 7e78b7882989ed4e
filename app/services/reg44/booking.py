"""A planned visit booked privately in the visitor's calendar.

The invite goes to the home's current visitor and to no one else: a Regulation 44 visit may be
unannounced, so the home never hears of it from Quorum. It says only which home and when (no
child's details). Rebooking sends the same UID with a higher SEQUENCE; cancelling sends CANCEL.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from app.extensions import db
from app.invites import InviteMeeting, Method, Recipient
from app.models import ChildrensHome, OutboxMessage, Reg44Visit
from app.services import ServiceError, audit
from app.services.notifications.outbox import queue_visit_invite
from app.services.reg44 import homes as homes_service
from app.services.reg44.tracker import find_period, visit_row
from app.time import LONDON


def book_visit(now: datetime, actor_id: int | None, home_id: int, period_start: str | None,
               day: date | None, starts: time | None, ends: time | None,
               today: date) -> Reg44Visit:  # fmt: skip
    home = homes_service.get_home(home_id)
    period = find_period(home, period_start, today)
    visitor = home.visitor
    if visitor is None or visitor.retired_at is not None:
        raise ServiceError(f"Give {home.name} a visitor before booking a visit", "day")
    if period.visit is not None and period.visit.visited_on is not None:
        raise ServiceError("This visit has been made already", "day")
    if day is None:
        raise ServiceError("Enter the day of the visit", "day")
    if day < today:
        raise ServiceError("The day of the visit cannot be in the past", "day")
    if not home.supported_living and not period.start <= day <= period.ends:
        raise ServiceError(f"The visit for {period.start:%B %Y} must be in {period.start:%B %Y}",
                           "day")  # fmt: skip
    if home.supported_living and day <= period.start:
        raise ServiceError(f"The visit must be after {period.start:%d %B %Y}", "day")
    if starts is None:
        raise ServiceError("Enter the start time", "starts")
    if ends is None or ends <= starts:
        raise ServiceError("The end time must be after the start time", "ends")
    visit = visit_row(home, period)
    db.session.flush()  # its id, for the outbox rows
    old_visitor = visit.visitor if visit.planned_starts_at is not None else None
    if old_visitor is not None and old_visitor.id != visitor.id:
        # The booking moves to the home's new visitor: the old one's calendar drops it.
        _send(now, home, visit, old_visitor_recipient(visit), "CANCEL")
    visit.planned_starts_at = _utc(day, starts)
    visit.planned_ends_at = _utc(day, ends)
    visit.visitor_id = visitor.id
    _send(now, home, visit, _recipient(visitor.email, visitor.name), "REQUEST")
    audit.record(now, actor_id, "reg44_visit.booked", visit,
                 f"home_id={home.id} sequence={visit.ical_sequence}")  # fmt: skip
    db.session.commit()
    return visit


def cancel_booking(now: datetime, actor_id: int | None, home_id: int, period_start: str | None,
                   today: date) -> Reg44Visit:  # fmt: skip
    home = homes_service.get_home(home_id)
    period = find_period(home, period_start, today)
    visit = period.visit
    if visit is None or visit.planned_starts_at is None:
        raise ServiceError("There is no booking to cancel", "submit")
    if visit.visited_on is not None:
        raise ServiceError("This visit has been made already", "submit")
    _send(now, home, visit, old_visitor_recipient(visit), "CANCEL")
    visit.planned_starts_at = visit.planned_ends_at = None
    visit.visitor_id = None
    audit.record(now, actor_id, "reg44_visit.booking_cancelled", visit,
                 f"home_id={home.id} sequence={visit.ical_sequence}")  # fmt: skip
    db.session.commit()
    return visit


def old_visitor_recipient(visit: Reg44Visit) -> Recipient:
    assert visit.visitor is not None  # the table keeps a booking with its visitor
    return _recipient(visit.visitor.email, visit.visitor.name)


def _recipient(email: str, name: str) -> Recipient:
    return Recipient(email=email, name=name, audience="professional")


def _send(now: datetime, home: ChildrensHome, visit: Reg44Visit, recipient: Recipient,
          method: Method) -> None:  # fmt: skip
    """SEQUENCE rises past everything already queued for the visit, so the visitor's calendar
    applies each change (the first booking is 0)."""
    last = db.session.scalar(
        select(func.max(OutboxMessage.sequence)).where(OutboxMessage.reg44_visit_id == visit.id)
    )
    if last is not None:
        visit.ical_sequence = max(visit.ical_sequence, last + 1)
    assert visit.planned_starts_at is not None and visit.planned_ends_at is not None
    invite = InviteMeeting(
        uid=visit.ical_uid, sequence=visit.ical_sequence, cancelled=method == "CANCEL",
        starts_at=visit.planned_starts_at, ends_at=visit.planned_ends_at,
        summary=f"Regulation 44 visit: {home.name}", reference=f"R44-{visit.id}",
        format="in_person", room_name=home.name, room_address=None, step_free=None,
        join_url=None, report_due=None, hybrid_kit=None, meeting_type="REG44_VISIT",
    )  # fmt: skip
    queue_visit_invite(now, visit.id, invite, recipient, method)


def _utc(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)
