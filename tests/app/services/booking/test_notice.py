"""Notice: a meeting is booked some working days after the day it is booked (3 for reviews, 2
for initial conferences, per authority), never past its latest day. It holds for plans, repairs
and find-times (the instance's earliest day) and for booking by hand (an explicit choice). It
is Monday 2 March 2026, 09:00: full notice is from Wed 4 March (2 days) or Thu 5 March (3)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting
from app.services import ServiceError
from app.services.booking import find_times as service
from app.solver_bridge.instance import build_instance, request_key
from app.timescales import AuthoritySettings, WorkingCalendar
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

TUESDAY, WEDNESDAY, THURSDAY = date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)
DEFAULTS = AuthoritySettings()


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def town(app):
    town = make_locality(name="Sleaford")
    room = make_room(locality=town, name="Riverside Room")
    chair = make_chair(base_locality=town, name="Bob Chair")
    db.session.commit()
    return town, chair, room


def _request(town, meeting_type="CIC_REVIEW", earliest=date(2026, 3, 2), latest=date(2026, 3, 17)):
    request = make_request(case=make_case(home_locality=town), meeting_type=meeting_type,
                           earliest=earliest, latest=latest)  # fmt: skip
    db.session.commit()
    return request


def _earliest_in_instance(request, settings=DEFAULTS) -> date:
    instance = build_instance(NOW, date(2026, 4, 30), settings=settings)
    meeting = next(m for m in instance["meetings"] if m["id"] == request_key(request.id))
    return date.fromisoformat(meeting["earliest"])


@pytest.mark.parametrize(
    ("meeting_type", "earliest", "latest", "bookable_from"),
    [
        ("CIC_REVIEW", date(2026, 3, 2), date(2026, 3, 17), THURSDAY),  # 3 working days
        ("RCPC", date(2026, 3, 2), date(2026, 3, 17), THURSDAY),
        ("ICPC", date(2026, 3, 2), date(2026, 3, 17), WEDNESDAY),  # 2 working days
        ("PREBIRTH_ICPC", date(2026, 3, 2), date(2026, 3, 17), WEDNESDAY),
        ("CIC_REVIEW", date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 10)),  # window later
        ("CIC_REVIEW", date(2026, 3, 2), THURSDAY, THURSDAY),  # the window just allows it
        ("CIC_REVIEW", date(2026, 3, 2), WEDNESDAY, WEDNESDAY),  # notice shrinks to fit
        ("CIC_REVIEW", date(2026, 3, 2), TUESDAY, TUESDAY),
        ("ICPC", date(2026, 2, 16), date(2026, 2, 27), date(2026, 2, 27)),  # already overdue
    ],
)
def test_the_earliest_bookable_day_gives_notice_but_never_passes_the_latest(
    town, meeting_type, earliest, latest, bookable_from
):
    request = _request(town[0], meeting_type, earliest, latest)
    assert _earliest_in_instance(request) == bookable_from


def test_a_plan_already_made_is_rechecked_without_notice(town):
    request = _request(town[0])
    assert _earliest_in_instance(request, settings=None) == date(2026, 3, 2)


def test_the_notice_is_the_authoritys_setting(town):
    request = _request(town[0])
    settings = AuthoritySettings(notice_working_days_by_type={"CIC_REVIEW": 5})
    assert _earliest_in_instance(request, settings) == date(2026, 3, 9)
    # Set for one type only: another keeps its own notice.
    assert settings.notice_working_days("RCPC") == 3
    assert AuthoritySettings().first_day_with_notice("ICPC", NOW.date(), WorkingCalendar()) == (
        WEDNESDAY
    )


def test_a_repair_may_leave_a_meeting_where_it_is_inside_the_notice(town):
    _, chair, room = town
    request = _request(town[0])
    booked = make_meeting(request=request, chair=chair, room=room,
                          starts_at=datetime(2026, 3, 3, 10, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    instance = build_instance(
        NOW, date(2026, 4, 30), movable=[booked.id], settings=AuthoritySettings()
    )
    meeting = next(m for m in instance["meetings"] if m["id"] == f"M{booked.id}")
    assert meeting["earliest"] == TUESDAY.isoformat()


def test_find_times_offers_nothing_inside_the_notice(town):
    request = _request(town[0])
    options = service.find_times(NOW, request.id).options
    assert options and min(o.day for o in options) == THURSDAY
    assert not any(o.short_notice for o in options)


def test_find_times_marks_short_notice_when_the_window_is_tight(client, town):
    request = _request(town[0], latest=TUESDAY)
    found = service.find_times(NOW, request.id)
    assert found.options and {o.day for o in found.options} == {TUESDAY}
    assert all(o.short_notice for o in found.options)
    signed_in_as(client, "admin")
    page = client.get(f"/requests/{request.id}/times").get_data(as_text=True)
    assert "Short notice</strong>" in page and "3 working days' notice" in page


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting))


def _choice(day, town) -> service.Choice:
    _, chair, room = town
    return service.Choice(day, datetime(2026, 1, 1, 14).time(), chair.id, room.id)


@pytest.mark.parametrize(("day", "short"), [(WEDNESDAY, True), (THURSDAY, False)])
def test_a_hand_booking_inside_the_notice_is_warned(town, day, short):
    request = _request(town[0])
    warnings = service.warnings_for(NOW, request.id, _choice(day, town))
    assert any(w.startswith("Short notice") for w in warnings) is short


def test_a_hand_booking_inside_the_notice_needs_the_explicit_choice(town):
    request = _request(town[0])
    with pytest.raises(ServiceError) as refused:
        service.book_time(NOW, None, request.id, _choice(WEDNESDAY, town), True)
    assert refused.value.field == "short_notice"
    db.session.rollback()
    assert _count() == 0
    service.book_time(NOW, None, request.id, _choice(WEDNESDAY, town), True, short_notice=True)
    assert _count() == 1


def test_the_page_asks_for_the_short_notice_choice(client, town):
    _, chair, room = town
    request = _request(town[0])
    signed_in_as(client, "admin")
    url = f"/requests/{request.id}/times"

    def form(**extra):
        return {"csrf_token": csrf_token(client, url), "start": "14:00", "chair": str(chair.id),
                "room": str(room.id), "day": ["4", "3", "2026"], **extra}  # fmt: skip

    warned = client.post(url, data=form())
    assert "Short notice" in warned.get_data(as_text=True)
    assert 'name="short_notice"' in warned.get_data(as_text=True)

    refused = client.post(url, data=form(anyway="yes"))
    assert refused.status_code == 400 and "Book at short notice" in refused.get_data(as_text=True)
    assert _count() == 0

    assert client.post(url, data=form(anyway="yes", short_notice="y")).status_code == 302
    assert _count() == 1


def test_a_hand_booking_with_full_notice_books_at_once(client, town):
    _, chair, room = town
    request = _request(town[0])
    signed_in_as(client, "admin")
    url = f"/requests/{request.id}/times"
    form = {"csrf_token": csrf_token(client, url), "start": "14:00", "chair": str(chair.id),
            "room": str(room.id), "day": ["5", "3", "2026"]}  # fmt: skip
    assert client.post(url, data=form).status_code == 302
