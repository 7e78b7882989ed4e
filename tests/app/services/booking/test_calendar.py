"""Calendar views: the meetings each shows (London days, statuses, scoping), a chair's own view,
the plain list view, and the day by locality."""

from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.models import Child
from app.services.booking import calendar
from tests.app.auth_helpers import sign_in, signed_in_as
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
    make_user,
)

# Clocks went forward on Sun 29 Mar 2026: Monday 30 March is BST (UTC+1).
AFTER_CHANGE = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # 10:00 in London
BEFORE_CHANGE = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)  # Fri 27 Mar, 10:00 GMT
WEEK = (date(2026, 3, 23), date(2026, 4, 6))


def _shown(user, period=WEEK, locality_id=None) -> list:
    """The calendar's entries for `user` over [first, end), in start order."""
    return calendar.entries(user, *period, locality_id)


def _meeting(chair, reference: str, starts_at: datetime, **overrides):
    case = make_case(reference=reference)
    return make_meeting(chair=chair, starts_at=starts_at, request=make_request(case=case),
                        **overrides)  # fmt: skip


def test_the_calendar_gives_london_times_with_their_offset_across_the_clock_change(client):
    chair = make_chair()
    after = _meeting(chair, "BST001", AFTER_CHANGE)
    before = _meeting(chair, "GMT001", BEFORE_CHANGE)
    times = {e.id: (e.start.isoformat(), e.end.isoformat()) for e in _shown(make_user())}
    assert times[after.id] == ("2026-03-30T10:00:00+01:00", "2026-03-30T11:30:00+01:00")
    assert times[before.id] == ("2026-03-27T10:00:00+00:00", "2026-03-27T11:30:00+00:00")


def test_the_calendar_holds_only_meetings_that_start_in_the_period(client):
    chair = make_chair()
    inside = _meeting(chair, "IN0001", AFTER_CHANGE)
    _meeting(chair, "OUT001", datetime(2026, 4, 6, 9, 0, tzinfo=UTC))  # the end is exclusive
    period = (date(2026, 3, 30), date(2026, 4, 6))
    assert [e.id for e in _shown(make_user(), period)] == [inside.id]


def test_the_window_is_read_in_london_so_a_meeting_at_00_30_bst_is_on_its_own_day(client):
    # 23:30Z on Sun 29 Mar is 00:30 on Mon 30 Mar in London: it belongs to Monday's window.
    early = _meeting(make_chair(), "EARLY1", datetime(2026, 3, 29, 23, 30, tzinfo=UTC))
    monday = (date(2026, 3, 30), date(2026, 3, 31))
    assert [e.id for e in _shown(make_user(), monday)] == [early.id]


def test_cancelled_meetings_stay_out_but_proposed_and_held_ones_show(client):
    chair = make_chair()
    shown = {
        _meeting(chair, f"S{status[:5].upper()}", AFTER_CHANGE.replace(hour=hour),
                 status=status).id
        for hour, status in ((8, "proposed"), (10, "confirmed"), (12, "held"))
    }  # fmt: skip
    _meeting(chair, "CANCEL", AFTER_CHANGE.replace(hour=14), status="cancelled")
    assert {e.id for e in _shown(make_user())} == shown


def test_an_entry_names_the_meeting_type_and_case_in_its_chairs_row(client):
    chair = make_chair()
    meeting = _meeting(chair, "TITLE1", AFTER_CHANGE)
    page = calendar.week_page(make_user(), "chairs", "2026-03-30", date(2026, 3, 30))
    ((resource, days),) = page["rows"]
    assert resource["id"] == str(chair.id)
    ((entry,), *rest) = days
    assert (entry.id, entry.title) == (meeting.id, "Children in care review · TITLE1")
    assert rest == [[], [], [], []]


def test_the_week_by_room_puts_a_meeting_in_its_rooms_row(client):
    room = make_room()
    meeting = _meeting(make_chair(), "ROOM01", AFTER_CHANGE, room=room)
    page = calendar.week_page(make_user(), "rooms", "2026-03-30", date(2026, 3, 30))
    rows = {resource["id"]: days for resource, days in page["rows"]}
    assert [e.id for e in rows[str(room.id)][0]] == [meeting.id]
    assert rows[calendar.NO_ROOM] == [[], [], [], [], []]


@pytest.mark.parametrize(
    "url", ["/calendar/chairs?week=2026-03-30", "/calendar/rooms?week=2026-03-30",
            "/calendar/list?week=2026-03-30", "/calendar/sheet?span=week&date=2026-03-30"],
)  # fmt: skip
def test_no_childs_initials_or_date_of_birth_appear_in_the_calendars(client, url):
    meeting = _meeting(make_chair(), "PRIV01", AFTER_CHANGE)
    child = db.session.query(Child).filter_by(case_id=meeting.request.case_id).one()
    child.initials, child.date_of_birth = "QZX", date(2017, 11, 23)
    signed_in_as(client, "admin")
    body = client.get(url).get_data(as_text=True)
    assert "PRIV01" in body
    for leak in ("QZX", "2017-11-23", "23/11/2017", "23 Nov"):
        assert leak not in body


def test_a_chair_sees_only_their_own_meetings(client):
    mine, theirs = make_chair(), make_chair()
    own = _meeting(mine, "MINE01", AFTER_CHANGE)
    _meeting(theirs, "THEIRS", AFTER_CHANGE)
    mine.user = make_user(role="chair")
    db.session.commit()
    assert [e.id for e in _shown(mine.user)] == [own.id]
    sign_in(client, mine.user)
    for view in ("chairs", "rooms", "list"):
        page = client.get(f"/calendar/{view}?week=2026-03-30").get_data(as_text=True)
        assert "MINE01" in page and "THEIRS" not in page


def test_a_chairs_week_view_has_only_their_own_column(client):
    mine, _ = make_chair(name="Alex Mine"), make_chair(name="Sam Theirs")
    mine.user = make_user(role="chair")
    db.session.commit()
    sign_in(client, mine.user)
    page = client.get("/calendar/chairs?week=2026-03-30").get_data(as_text=True)
    assert "Alex Mine" in page
    assert "Sam Theirs" not in page


def test_staff_see_every_chairs_column(client):
    make_chair(name="Alex Mine"), make_chair(name="Sam Theirs")
    signed_in_as(client, "manager")
    page = client.get("/calendar/chairs?week=2026-03-30").get_data(as_text=True)
    assert "Alex Mine" in page and "Sam Theirs" in page


def test_the_list_view_shows_the_weeks_meetings_grouped_by_day(client):
    chair = make_chair(name="Alex Mine")
    _meeting(chair, "LIST01", AFTER_CHANGE)
    _meeting(chair, "LIST02", datetime(2026, 4, 2, 13, 0, tzinfo=UTC))
    _meeting(chair, "LATER1", datetime(2026, 4, 7, 9, 0, tzinfo=UTC))  # the week after
    signed_in_as(client, "admin")
    titles = {e.title for e in _shown(make_user(), (date(2026, 3, 30), date(2026, 4, 6)))}
    page = client.get("/calendar/list?week=2026-04-01").get_data(as_text=True)
    for title in titles:
        assert title in page
    assert "LATER1" not in page
    monday, thursday = page.index("Monday 30 March 2026"), page.index("Thursday 2 April 2026")
    assert monday < page.index("LIST01") < thursday < page.index("LIST02")
    assert "10:00–11:30" in page and "14:00–15:30" in page


def test_weeks_link_to_the_previous_and_next_week(client):
    signed_in_as(client, "admin")
    page = client.get("/calendar/rooms?week=2026-04-01").get_data(as_text=True)
    assert "/calendar/rooms?week=2026-03-23" in page
    assert "/calendar/rooms?week=2026-04-06" in page
    assert "/calendar/list?week=2026-03-30" in page


def test_the_day_view_holds_only_the_localitys_meetings_by_room(client):
    here, there = make_locality(name="Boston"), make_locality(name="Skegness")
    room = make_room(locality=here)
    local = _meeting(make_chair(), "HERE01", AFTER_CHANGE, room=room)
    online = make_meeting(chair=make_chair(), starts_at=AFTER_CHANGE, room=None,
                          request=make_request(locality=here))  # fmt: skip
    _meeting(make_chair(), "THERE1", AFTER_CHANGE, room=make_room(locality=there))
    page = calendar.day_page(make_user(), "2026-03-30", str(here.id), date(2026, 3, 30))
    rows = {resource["id"]: [e.id for e in found] for resource, found in page["rows"]}
    assert rows == {str(room.id): [local.id], calendar.NO_ROOM: [online.id]}
    signed_in_as(client, "admin")
    body = client.get(f"/calendar/day?date=2026-03-30&locality={here.id}").get_data(as_text=True)
    assert f'href="/meetings/{local.id}"' in body and "THERE1" not in body


@pytest.mark.parametrize(
    "url",
    ["/calendar/list?week=2026-13-01", "/calendar/day?date=someday",
     f"/calendar/day?locality={2**40}", "/calendar/sheet?date=2026-02-30"],
)  # fmt: skip
def test_a_bad_calendar_address_is_a_400_with_a_reason(client, url):
    signed_in_as(client, "admin")
    response = client.get(url)
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True) or "choice" in response.get_data(
        as_text=True)  # fmt: skip


def test_a_bad_week_is_a_400(client):
    signed_in_as(client, "admin")
    assert client.get("/calendar/chairs?week=next-tuesday").status_code == 400
