"""A visit booked privately in the visitor's calendar: one outbox invite to the visitor only,
never to the home; a rebooking is the same UID with a higher SEQUENCE; a cancellation CANCEL."""

from datetime import date, time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ChildrensHome
from app.services import ServiceError
from app.services.notifications.outbox import message_bytes
from app.services.notifications.outbox_relay import newer_message_exists
from app.services.reg44.booking import book_visit, cancel_booking
from tests.app.factories.outbox import calendar_part, outbox_rows
from tests.app.factories.rows import NOW
from tests.app.services.reg44.factories import make_home, make_visitor

TODAY = date(2026, 3, 2)


def _event(row):
    calendar = Calendar.from_ical(calendar_part(message_bytes(row)))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _book(home: ChildrensHome, day=date(2026, 3, 12), starts=time(10), ends=time(13)):
    return book_visit(NOW, None, home.id, "2026-03-01", day, starts, ends, TODAY)


def test_the_booking_goes_to_the_visitor_alone_with_the_home_and_time_only(app):
    home = make_home(name="Larch House")
    visit = _book(home)
    (row,) = outbox_rows()
    assert (row.recipient_email, row.reg44_visit_id, row.meeting_id) == (
        home.visitor.email, visit.id, None)  # fmt: skip
    calendar, event = _event(row)
    assert str(calendar["method"]) == "REQUEST"
    assert [str(a) for a in [event["attendee"]]] == [f"mailto:{home.visitor.email}"]
    assert str(event["summary"]) == "Regulation 44 visit: Larch House"
    assert event["dtstart"].dt.hour == 10 and event["sequence"] == 0
    assert str(event["class"]) == "PRIVATE"
    assert "the home has not been told" in str(event["description"])
    assert "child" not in str(event["description"]).lower()
    assert "reg44_visit.booked" in db.session.scalars(select(AuditEvent.action)).all()


def test_rebooking_sends_the_same_uid_with_a_higher_sequence(app):
    home = make_home()
    _book(home)
    _book(home, starts=time(14), ends=time(16))
    first, second = outbox_rows()
    assert _event(first)[1]["uid"] == _event(second)[1]["uid"]
    assert (_event(first)[1]["sequence"], _event(second)[1]["sequence"]) == (0, 1)
    # The first, unsent, is replaced: the calendar never gets it after the second.
    assert first.status == "superseded"


def test_cancelling_sends_cancel_and_clears_the_booking(app):
    home = make_home()
    visit = _book(home)
    cancel_booking(NOW, None, home.id, "2026-03-01", TODAY)
    cancel = outbox_rows()[-1]
    calendar, event = _event(cancel)
    assert str(calendar["method"]) == "CANCEL" and event["sequence"] == 1
    assert str(event["status"]) == "CANCELLED"
    assert visit.planned_starts_at is None
    with pytest.raises(ServiceError, match="no booking to cancel"):
        cancel_booking(NOW, None, home.id, "2026-03-01", TODAY)


def test_a_new_visitor_gets_the_booking_and_the_old_one_its_cancellation(app):
    home = make_home()
    old = home.visitor
    _book(home)
    home.visitor = make_visitor()
    db.session.commit()
    _book(home)
    rows = outbox_rows()
    assert [(row.recipient_email, row.method) for row in rows] == [
        (old.email, "REQUEST"), (old.email, "CANCEL"), (home.visitor.email, "REQUEST")
    ]  # fmt: skip


def test_another_visits_invite_to_the_same_visitor_is_not_superseded(app):
    visitor = make_visitor()
    first, second = make_home(visitor=visitor), make_home(visitor=visitor)
    _book(first)
    _book(second)
    rows = outbox_rows()
    assert [row.status for row in rows] == ["queued", "queued"]
    assert not newer_message_exists(rows[0])


@pytest.mark.parametrize(
    ("day", "starts", "ends", "field"),
    [
        (None, time(10), time(11), "day"),
        (date(2026, 4, 1), time(10), time(11), "day"),  # not in March
        (date(2026, 3, 1), time(10), time(11), "day"),  # in the past
        (date(2026, 3, 12), None, time(11), "starts"),
        (date(2026, 3, 12), time(10), time(9), "ends"),
    ],
)
def test_a_bad_booking_is_refused_and_sends_nothing(app, day, starts, ends, field):
    home = make_home()
    with pytest.raises(ServiceError) as refused:
        _book(home, day, starts, ends)
    assert refused.value.field == field
    assert outbox_rows() == []


def test_a_home_with_no_visitor_cannot_be_booked(app):
    home = make_home(visitor=None)
    with pytest.raises(ServiceError, match="before booking"):
        _book(home)
    assert outbox_rows() == []
