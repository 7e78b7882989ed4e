"""A real CalDAV server (Radicale, in a thread on loopback) accepts every invite we make and
every feed, and gives back the same event. A CalDAV store holds calendar objects, which carry
no METHOD, so the invite is stored as a calendar client would: METHOD taken off."""

import base64
import http.client

import pytest
from icalendar import Calendar

from app.invites import calendar_bytes, feed_bytes
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_meeting, make_recipient
from tests.radicale_server import radicale_on_loopback

AUTH = {"Authorization": "Basic " + base64.b64encode(b"chair:x").decode()}
COLLECTION = "/chair/invites/"


@pytest.fixture(scope="module")
def caldav(tmp_path_factory):
    with radicale_on_loopback(tmp_path_factory.mktemp("radicale")) as port:
        assert request(port, "MKCALENDAR", COLLECTION)[0] == 201
        yield port


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = AUTH | ({"Content-Type": "text/calendar; charset=utf-8"} if body else {})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    status, data = response.status, response.read()
    connection.close()
    return status, data


def as_calendar_object(itip: bytes) -> bytes:
    """What a client stores after accepting an invite: the same bytes without the METHOD line.
    (Done on the bytes: re-serialising with icalendar would turn a typed backslash-N into a
    line break.)"""
    lines = itip.split(b"\r\n")
    assert sum(line.startswith(b"METHOD:") for line in lines) == 1
    return b"\r\n".join(line for line in lines if not line.startswith(b"METHOD:"))


OFF_SITE = {"format": "off_site", "room_name": None, "room_address": None}
TRICKY = "Review; a,b \\N 😀\nline two " * 5
INVITES = [
    ("in-person-family", make_meeting(uid="rad-1@q.invalid"), "family", "REQUEST"),
    ("hybrid-chair", make_hybrid(uid="rad-2@q.invalid"), "chair", "REQUEST"),
    (
        "hybrid-professional",
        make_hybrid(uid="rad-3@q.invalid", sequence=2),
        "professional",
        "REQUEST",
    ),
    ("off-site-family", make_meeting(uid="rad-4@q.invalid", **OFF_SITE), "family", "REQUEST"),
    (
        "cancelled",
        make_meeting(uid="rad-5@q.invalid", cancelled=True, sequence=1),
        "chair",
        "CANCEL",
    ),
    ("removed", make_meeting(uid="rad-6@q.invalid", sequence=1), "professional", "CANCEL"),
    ("tricky-text", make_hybrid(uid="rad-7@q.invalid", summary=TRICKY), "family", "REQUEST"),
]


@pytest.mark.parametrize(
    ("name", "meeting", "audience", "method"), INVITES, ids=[i[0] for i in INVITES]
)
def test_radicale_accepts_each_invite_and_gives_the_same_event_back(
    caldav, name, meeting, audience, method
):
    itip = calendar_bytes(meeting, make_recipient(audience), method, ORGANIZER, STAMP)
    path = f"{COLLECTION}{name}.ics"
    status, body = request(caldav, "PUT", path, as_calendar_object(itip))
    assert status in (201, 204), body
    status, stored = request(caldav, "GET", path)
    assert status == 200
    (sent,), (got,) = (
        Calendar.from_ical(itip).walk("VEVENT"),
        Calendar.from_ical(stored).walk("VEVENT"),
    )
    for field in ("UID", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "CLASS"):
        assert got.get(field) == sent.get(field), field
    assert got["DTSTART"].dt == sent["DTSTART"].dt


def test_radicale_refuses_a_broken_object(caldav):
    # Shows the server parses what it is given, so its acceptance above means something.
    broken = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n"
    status, _ = request(caldav, "PUT", f"{COLLECTION}broken.ics", broken)
    assert status >= 400


def test_radicale_accepts_a_feed_as_it_is(caldav):
    meetings = [
        make_meeting(uid="feed-1@quorum.invalid"),
        make_hybrid(uid="feed-2@quorum.invalid", cancelled=True),
    ]
    status, _ = request(
        caldav, "PUT", "/chair/feed/", feed_bytes(meetings, "chair", "Chair feed", STAMP)
    )
    assert status in (201, 204)
    status, stored = request(caldav, "GET", "/chair/feed/")
    uids = sorted(str(e["UID"]) for e in Calendar.from_ical(stored).walk("VEVENT"))
    assert (status, uids) == (200, ["feed-1@quorum.invalid", "feed-2@quorum.invalid"])
