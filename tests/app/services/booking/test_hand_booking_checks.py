"""Booking by hand is checked like the planner's bookings: never on a past day or time (that
would invite people to a meeting already over), never at a time the clocks skip, and after the
latest day only with the reason and the manager who agreed. Each rule just inside and just
outside its boundary, through the service and through the page."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Approval, Meeting, OutboxMessage
from app.services import ServiceError
from app.services.booking import find_times as service
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.rows import (
    NOW,
    make_case,
    make_chair,
    make_locality,
    make_request,
    make_room,
)

EARLIEST, LATEST = date(2026, 3, 4), date(2026, 3, 17)  # NOW is Monday 2 March 2026, 09:00
AGREED = "The family asked for a later date"


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(app):
    town = make_locality(name="Sleaford")
    room = make_room(locality=town, name="Riverside Room")
    chair = make_chair(base_locality=town, name="Bob Chair")
    request = make_request(
        case=make_case(home_locality=town),
        earliest=EARLIEST,
        latest=LATEST,
        allocated_chair_id=chair.id,
    )
    db.session.commit()
    return request, chair, room


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _choice(day: date, start: str, chair, room) -> service.Choice:
    return service.Choice(day, time.fromisoformat(start), chair.id, room.id if room else None)


def _form(client, request, day: date, start: str, chair, room, **extra) -> dict:
    url = f"/requests/{request.id}/times"
    return {
        "csrf_token": csrf_token(client, url),
        "day": [str(day.day), str(day.month), str(day.year)],
        "start": start,
        "chair": str(chair.id),
        "room": str(room.id),
        **extra,
    }


# -- a past day or time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "refused_on"),
    [
        (date(2026, 2, 27), "10:00", "day"),  # the last working day before today
        (date(2026, 3, 1), "10:00", "day"),  # yesterday
        (date(2026, 3, 2), "08:45", "start"),  # today, already passed
        (date(2026, 3, 2), "09:00", "start"),  # today, this very minute
    ],
)
def test_a_past_day_or_time_is_refused_and_nothing_is_sent(world, day, start, refused_on):
    request, chair, room = world
    with pytest.raises(ServiceError) as refused:
        service.book_time(NOW, None, request.id, _choice(day, start, chair, room), True, AGREED)
    assert refused.value.field == refused_on
    assert "passed" in refused.value.message
    assert (_count(Meeting), _count(OutboxMessage)) == (0, 0)


def test_later_today_is_checked_as_today_not_called_a_non_working_day(world):
    request, chair, room = world
    warnings = service.warnings_for(
        NOW, request.id, _choice(date(2026, 3, 2), "14:00", chair, room)
    )
    assert not any("not a working day" in w for w in warnings)


def test_the_page_refuses_a_past_day_on_the_day_field(client, world):
    request, chair, room = world
    signed_in_as(client, "admin")
    thursday = date(2026, 2, 26)
    form = _form(client, request, thursday, "10:00", chair, room, anyway="yes")

    response = client.post(f"/requests/{request.id}/times", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Thu 26 Feb 2026 has passed" in page
    assert "not a working day" not in page
    assert (_count(Meeting), _count(OutboxMessage)) == (0, 0)


# -- the clocks change ----------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["01:00", "01:30", "01:45"])
def test_a_time_the_clocks_skip_is_refused(world, start):
    request, chair, room = world
    spring_forward = date(2026, 3, 29)
    with pytest.raises(ServiceError) as refused:
        service.book_time(
            NOW, None, request.id, _choice(spring_forward, start, chair, room), True, AGREED
        )
    assert refused.value.field == "start"
    assert "does not exist in UK time" in refused.value.message
    assert _count(Meeting) == 0


@pytest.mark.parametrize(
    ("start", "utc"),
    [
        ("00:45", datetime(2026, 3, 29, 0, 45, tzinfo=UTC)),  # just before the gap (GMT)
        ("02:00", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ],  # just after it (BST)
)
def test_the_times_either_side_of_the_skipped_hour_are_booked_as_typed(world, start, utc):
    request, chair, room = world
    meeting = service.book_time(
        NOW, None, request.id, _choice(date(2026, 3, 29), start, chair, room), True, AGREED
    )
    assert meeting.starts_at.astimezone(UTC) == utc


def test_a_time_in_the_repeated_autumn_hour_is_its_first_occurrence(world):
    request, chair, room = world
    fall_back = date(2026, 10, 25)
    meeting = service.book_time(
        NOW, None, request.id, _choice(fall_back, "01:30", chair, room), True, AGREED
    )
    assert meeting.starts_at.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_page_refuses_the_skipped_hour_on_the_start_field(client, world):
    request, chair, room = world
    signed_in_as(client, "admin")
    form = _form(client, request, date(2026, 3, 29), "01:30", chair, room, anyway="yes")

    response = client.post(f"/requests/{request.id}/times", data=form)

    assert response.status_code == 400
    assert "01:30 on 29 March 2026 does not exist in UK time" in response.get_data(as_text=True)
    assert _count(Meeting) == 0


# -- after the latest day -------------------------------------------------------------------------


def test_on_the_latest_day_no_agreement_is_needed(world):
    request, chair, room = world
    meeting = service.book_time(NOW, None, request.id, _choice(LATEST, "10:00", chair, room), True)
    assert (meeting.late_reason, meeting.late_agreed_by) == ("", "")


@pytest.mark.parametrize("given", ["", "  "])
def test_a_day_after_the_latest_needs_the_reason(world, given):
    request, chair, room = world
    wednesday = date(2026, 3, 18)
    with pytest.raises(ServiceError) as refused:
        service.book_time(
            NOW, None, request.id, _choice(wednesday, "10:00", chair, room), True, given
        )
    assert refused.value.field == f"late-{request.id}"
    assert (_count(Meeting), _count(OutboxMessage)) == (0, 0)


def test_a_late_booking_keeps_the_reason_and_asks_a_manager(world):
    request, chair, room = world
    meeting = service.book_time(
        NOW, None, request.id, _choice(date(2026, 3, 18), "10:00", chair, room), True, AGREED
    )
    assert (meeting.late_reason, meeting.late_agreed_by) == (AGREED, "")
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status, approval.meeting_id) == (
        "late_booking", "pending", meeting.id)  # fmt: skip


def test_the_page_asks_for_the_late_agreement_and_books_with_it(client, world):
    request, chair, room = world
    signed_in_as(client, "admin")
    late_day = date(2026, 3, 18)
    url = f"/requests/{request.id}/times"

    warned = client.post(url, data=_form(client, request, late_day, "10:00", chair, room))
    assert f'name="late-{request.id}-reason"' in warned.get_data(as_text=True)

    refused = client.post(
        url, data=_form(client, request, late_day, "10:00", chair, room, anyway="yes")
    )
    assert refused.status_code == 400
    assert "give the reason." in refused.get_data(as_text=True)
    assert _count(Meeting) == 0

    agreed = {f"late-{request.id}-reason": AGREED}
    booked = client.post(
        url, data=_form(client, request, late_day, "10:00", chair, room, anyway="yes", **agreed)
    )
    assert booked.status_code == 302
    # An admin booked it: the reason is kept, and a manager is asked to agree.
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.late_reason, meeting.late_agreed_by) == (AGREED, "")
    assert db.session.scalar(select(Approval.status)) == "pending"
