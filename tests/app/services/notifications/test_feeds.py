"""Calendar feeds: a 256-bit secret stored only as its hash, rotated or revoked by the chair
(any feed by staff), answered as text/calendar that is never cached nor passed on as a
Referer; and a meeting's own .ics download."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import CalendarFeed
from app.services.notifications import notices
from tests.app.auth_helpers import csrf_token, sign_in, signed_in_as
from tests.app.factories.outbox import SLOT, book, make_world
from tests.app.factories.rows import make_chair, make_meeting, make_user


@pytest.fixture(autouse=True)
def _the_week_before_the_meetings():
    # Feeds are read at the real time (utc_now); the factories' meetings are in March 2026.
    with time_machine.travel(SLOT - timedelta(days=7), tick=True):
        yield


FEED_URL = re.compile(r"https?://[^/\s<\"]+/feeds/([A-Za-z0-9_-]+)\.ics")


def _chair_signed_in(client):
    chair = make_chair()
    chair.user = make_user(role="chair")
    db.session.commit()
    sign_in(client, chair.user)
    return chair


def _make_my_feed(client) -> str:
    page = client.post("/feeds/mine", data={"csrf_token": csrf_token(client, "/feeds")})
    assert page.status_code == 200
    return FEED_URL.search(page.get_data(as_text=True)).group(1)


def test_a_feed_secret_has_256_bits_and_is_stored_only_as_its_sha256(client):
    _chair_signed_in(client)

    secret = _make_my_feed(client)

    (feed,) = db.session.scalars(select(CalendarFeed))
    assert len(secret) >= 43  # 32 random bytes, base64url
    assert feed.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr([getattr(feed, c.key) for c in CalendarFeed.__table__.columns])


def test_the_feed_page_gives_a_webcal_link_and_is_not_cached(client):
    _chair_signed_in(client)

    response = client.post("/feeds/mine", data={"csrf_token": csrf_token(client, "/feeds")})

    assert re.search(r"webcal://[^/]+/feeds/[A-Za-z0-9_-]{43,}\.ics", response.get_data(True))
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_feed_is_a_calendar_that_is_never_cached_or_passed_on(client):
    chair = _chair_signed_in(client)
    mine = make_meeting(chair=chair, starts_at=SLOT)
    theirs = make_meeting(starts_at=SLOT)
    secret = _make_my_feed(client)

    response = client.get(f"/feeds/{secret}.ics")

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    body = response.get_data(as_text=True)
    assert f"UID:{mine.ical_uid}" in body and theirs.ical_uid not in body


def test_a_rotated_secret_no_longer_opens_the_feed(client):
    _chair_signed_in(client)
    old = _make_my_feed(client)

    new = _make_my_feed(client)

    assert client.get(f"/feeds/{old}.ics").status_code == 404
    assert client.get(f"/feeds/{new}.ics").status_code == 200


def test_a_chair_can_revoke_their_own_feed(client):
    _chair_signed_in(client)
    secret = _make_my_feed(client)

    client.post("/feeds/mine/revoke", data={"csrf_token": csrf_token(client, "/feeds")})

    assert client.get(f"/feeds/{secret}.ics").status_code == 404


def test_staff_can_revoke_any_feed_from_the_chairs_page(client):
    chair = _chair_signed_in(client)
    secret = _make_my_feed(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    signed_in_as(client, "admin")
    (feed,) = db.session.scalars(select(CalendarFeed))
    page = f"/chairs/{chair.id}"
    assert f"/feeds/{feed.id}/revoke" in client.get(page).get_data(as_text=True)

    client.post(f"/feeds/{feed.id}/revoke", data={"csrf_token": csrf_token(client, page)})

    assert client.get(f"/feeds/{secret}.ics").status_code == 404


def test_an_unknown_secret_is_not_found(client):
    assert client.get("/feeds/" + "A" * 43 + ".ics").status_code == 404


def test_a_room_feed_lists_the_rooms_meetings_without_their_joining_link_or_type(client):
    world = make_world(roles=(), format="hybrid", joining_link="https://meet.example.org/j/42",
                       meeting_type="ICPC")  # fmt: skip
    meeting = book(world)
    signed_in_as(client, "admin")
    page = f"/rooms/{world.room.id}"
    made = client.post(
        f"/feeds/rooms/{world.room.id}", data={"csrf_token": csrf_token(client, page)}
    )
    secret = FEED_URL.search(made.get_data(as_text=True)).group(1)

    body = client.get(f"/feeds/{secret}.ics").get_data(as_text=True)

    assert f"UID:{meeting.ical_uid}" in body
    assert "meet.example.org" not in body
    # Whoever books the room need not know it holds a child protection conference.
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == f"Meeting – ref {notices.invite_reference(meeting)}"
    assert "protection" not in body.lower()


def test_a_feed_leaves_out_meetings_long_past(client):
    chair = _chair_signed_in(client)
    old = make_meeting(chair=chair, starts_at=SLOT - timedelta(days=400))
    secret = _make_my_feed(client)

    assert old.ical_uid not in client.get(f"/feeds/{secret}.ics").get_data(as_text=True)


def test_a_chair_downloads_their_meeting_as_an_ics_file(client):
    chair = _chair_signed_in(client)
    meeting = make_meeting(chair=chair, starts_at=SLOT)

    response = client.get(f"/meetings/{meeting.id}/calendar.ics")

    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert f"UID:{meeting.ical_uid}" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    event = Calendar.from_ical(response.get_data()).walk("VEVENT")[0]
    reference = notices.invite_reference(meeting)
    assert str(event["SUMMARY"]) == f"Children in care review – ref {reference}"


def test_the_feed_page_says_since_when_in_london_time(client):
    _chair_signed_in(client)
    _make_my_feed(client)
    feed = db.session.scalar(select(CalendarFeed))
    feed.created_at = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # 10:30 in British Summer Time
    db.session.commit()

    page = client.get("/feeds").get_data(as_text=True)

    assert "live since Mon 1 Jun 2026, 10:30" in page
