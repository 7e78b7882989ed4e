"""A meeting booked well ahead with a GP, a social worker and a parent invited, and a clock in
London time for the chaser sweep."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AttendeeReport, OutboxMessage, SentNotice
from app.services.replies.links import response_for
from app.time import LONDON
from tests.app.factories.outbox import World, book, make_world

# Thursday 12 March 2026, 10:00 GMT: chasers on Thu 5 and Tue 10 March, briefing Wed 11 March.
MEETING = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
BOOKED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A London wall-clock time as the aware UTC instant the sweep is given."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def booked_meeting(
    starts_at: datetime = MEETING,
    booked: datetime = BOOKED,
    roles=("gp", "social_worker", "parent"),
):
    world = make_world(roles=roles)
    meeting = book(world, starts_at=starts_at, now=booked)
    db.session.commit()
    return world, meeting


def sent(kind: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).filter_by(kind=kind).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def notices(kind: str | None = None) -> list[SentNotice]:
    query = select(SentNotice).order_by(SentNotice.id)
    if kind is not None:
        query = query.filter_by(kind=kind)
    return list(db.session.scalars(query))


def send_apologies(world: World, role: str, at: datetime = BOOKED) -> None:
    response = response_for(at, world.request.id, world.people[role].id)
    response.reply, response.apology_reason, response.replied_at = "apologies", "Leave", at
    db.session.commit()


def receive_report(world: World, role: str, at: datetime = BOOKED) -> None:
    response = response_for(at, world.request.id, world.people[role].id)
    db.session.flush()
    db.session.add(AttendeeReport(response_id=response.id, stored_name=f"r{response.id}",
                                  original_name="report.pdf", kind="pdf", size_bytes=10,
                                  sha256="0" * 64, uploaded_at=at))  # fmt: skip
    db.session.commit()


def day_before(moment: datetime) -> datetime:
    return moment - timedelta(minutes=1)
