"""Find times for one request: ten options inside the window, booking one, booking by hand with
warnings, and the database refusing a double booking."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Meeting, MeetingRequest
from app.services.booking import find_times as service
from app.services.booking.in_words import costs_in_words
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.rows import (
    NOW,
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
)

EARLIEST, LATEST = date(2026, 3, 4), date(2026, 3, 17)  # a Wednesday to a Tuesday
FRIDAY = date(2026, 3, 6)


@pytest.fixture(autouse=True)
def at_now():
    """The pages read the clock (utc_now): it is Monday 2 March 2026, as in the factories."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def world(app):
    """One town: a room, a chair who works Monday to Thursday, another who works every weekday,
    and one open request allocated to the first. (March 2026: London time is UTC.)"""
    town = make_locality(name="Sleaford")
    room = make_room(locality=town, name="Riverside Room")
    allocated = make_chair(base_locality=town, name="Ann Chair", working_days="mon tue wed thu")
    other = make_chair(base_locality=town, name="Bob Chair")
    request = make_request(
        case=make_case(home_locality=town),
        earliest=EARLIEST,
        latest=LATEST,
        allocated_chair_id=allocated.id,
    )
    db.session.commit()
    return request, allocated, other, room


def times_url(request) -> str:
    return f"/requests/{request.id}/times"


def choice_form(client, request, day, start, chair, room, **extra) -> dict:
    fields = {
        "csrf_token": csrf_token(client, times_url(request)),
        "day": [str(day.day), str(day.month), str(day.year)],
        "start": start,
        "chair": str(chair.id),
        "room": str(room.id) if room else "",
    }
    return {**fields, **extra}


def book_ann_at_ten(chair, room) -> None:
    """Another case's meeting, already booked: Thursday 5 March, 10:00–11:30, chair only."""
    town = room.locality
    other = make_request(case=make_case(home_locality=town), format="virtual", status="booked")
    make_meeting(request=other, chair=chair, starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC))
    db.session.commit()


def meeting_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting))


def test_the_options_lie_inside_the_window_ranked_by_score(world):
    request, *_ = world
    options = service.find_times(NOW, request.id).options
    assert len(options) == 10
    assert all(EARLIEST <= o.day <= LATEST for o in options)
    assert [o.score for o in options] == sorted(o.score for o in options)


def test_the_allocated_chair_comes_first_and_another_costs_continuity(world):
    request, allocated, other, _ = world
    options = service.find_times(NOW, request.id).options
    continuity = "Continuity: not the child's allocated chair"
    assert options[0].chair == allocated and continuity not in options[0].costs
    assert continuity in next(o.costs for o in options if o.chair == other)


def test_the_page_lists_ten_options_each_with_a_book_button(client, world):
    request, *_ = world
    signed_in_as(client, "admin")
    page = client.get(times_url(request)).get_data(as_text=True)
    assert page.count(">Book this<") == 10
    assert "Ann Chair" in page and "Riverside Room" in page


def test_the_request_page_links_to_find_times_while_it_is_open(client, world):
    request, *_ = world
    signed_in_as(client, "admin")
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert f'href="{times_url(request)}"' in page


def test_booking_an_option_confirms_a_meeting_and_closes_the_request(client, world):
    request, allocated, _, room = world
    best = service.find_times(NOW, request.id).options[0]
    signed_in_as(client, "admin")

    response = client.post(
        times_url(request), data=choice_form(client, request, best.day, best.start, allocated, room)
    )

    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.chair_id, meeting.room_id) == (
        "confirmed",
        allocated.id,
        room.id,
    )
    assert meeting.starts_at.astimezone(UTC).strftime("%H:%M") == best.start
    assert db.session.get(MeetingRequest, request.id).status == "booked"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.booked"))


def test_a_hand_booking_breaking_a_rule_shows_the_warning_and_books_nothing(client, world):
    request, allocated, _, room = world
    signed_in_as(client, "admin")

    response = client.post(
        times_url(request), data=choice_form(client, request, FRIDAY, "10:00", allocated, room)
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Book anyway" in page
    assert "Ann Chair does not work on Fridays" in page
    assert meeting_count() == 0


def test_a_hand_booking_after_the_latest_day_warns_it_is_out_of_timescale(client, world):
    request, _, other, room = world
    signed_in_as(client, "admin")
    late = date(2026, 3, 18)

    response = client.post(
        times_url(request), data=choice_form(client, request, late, "10:00", other, room)
    )

    assert "after the latest day of the statutory window" in response.get_data(as_text=True)
    assert meeting_count() == 0


def test_booking_anyway_books_the_hand_booking(client, world):
    request, allocated, _, room = world
    signed_in_as(client, "admin")
    form = choice_form(client, request, FRIDAY, "10:00", allocated, room, anyway="yes")

    response = client.post(times_url(request), data=form)

    assert response.status_code == 302
    assert db.session.scalar(select(Meeting)).starts_at == datetime(2026, 3, 6, 10, tzinfo=UTC)


def test_a_hand_booking_without_broken_rules_books_at_once(client, world):
    request, allocated, _, room = world
    signed_in_as(client, "admin")
    form = choice_form(client, request, date(2026, 3, 5), "14:00", allocated, room)

    assert client.post(times_url(request), data=form).status_code == 302
    assert meeting_count() == 1


def test_a_clash_is_a_warning_first(client, world):
    request, allocated, _, room = world
    book_ann_at_ten(allocated, room)
    signed_in_as(client, "admin")

    response = client.post(
        times_url(request),
        data=choice_form(client, request, date(2026, 3, 5), "10:30", allocated, room),
    )

    assert "Ann Chair also chairs a booked meeting" in response.get_data(as_text=True)
    assert meeting_count() == 1


def test_a_clash_booked_anyway_is_refused_by_the_database_and_changes_nothing(client, world):
    request, allocated, _, room = world
    book_ann_at_ten(allocated, room)
    signed_in_as(client, "admin")
    form = choice_form(client, request, date(2026, 3, 5), "10:30", allocated, room, anyway="yes")

    response = client.post(times_url(request), data=form)

    assert response.status_code == 400
    assert "Ann Chair is already chairing a meeting" in response.get_data(as_text=True)
    assert meeting_count() == 1
    assert db.session.get(MeetingRequest, request.id).status == "open"


def test_a_hand_booking_needs_a_chair(client, world):
    request, allocated, _, room = world
    signed_in_as(client, "admin")
    form = choice_form(client, request, FRIDAY, "10:00", allocated, room)

    response = client.post(times_url(request), data={**form, "chair": ""})

    assert response.status_code == 400 and "Choose the chair." in response.get_data(as_text=True)
    assert meeting_count() == 0


def test_a_booked_request_offers_no_times(client, world):
    request, *_ = world
    request.status = "booked"
    db.session.commit()
    signed_in_as(client, "admin")
    page = client.get(times_url(request)).get_data(as_text=True)
    assert "This request is booked" in page and "Book this" not in page


def test_a_chair_cannot_find_times(app, client, world):
    request, *_ = world
    signed_in_as(client, "chair")
    app.config["WTF_CSRF_ENABLED"] = False  # a chair has no page to take a token from
    assert client.get(times_url(request)).status_code == 403
    assert client.post(times_url(request), data={}).status_code == 403


def test_the_warnings_speak_of_working_days_and_dates_as_an_admin_reads_them(client, world):
    request, _, other, room = world
    signed_in_as(client, "admin")
    saturday = date(2026, 3, 14)

    response = client.post(
        times_url(request), data=choice_form(client, request, saturday, "10:00", other, room)
    )

    page = response.get_data(as_text=True)
    assert "Sat 14 Mar 2026 is not a working day" in page
    assert "Bob Chair does not work on Saturdays" in page


def test_a_chair_who_evens_out_the_work_is_told_so():
    words = costs_in_words({"continuity": 1, "overload": -45})
    assert words == [
        "Continuity: not the child's allocated chair",
        "Workload: evens out the chairs' work (45 minutes less overload)",
    ]
