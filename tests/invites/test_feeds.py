"""Subscription feeds: a published calendar with the same minimal content as an invite."""

from icalendar import Calendar

from app.invites import feed_bytes
from tests.invites.factories import STAMP, make_hybrid, make_meeting

MEETINGS = [
    make_meeting(uid="f-1@quorum.invalid"),
    make_hybrid(uid="f-2@quorum.invalid", cancelled=True, sequence=2),
]


def feed(audience="chair", meetings=MEETINGS) -> bytes:
    return feed_bytes(meetings, audience, "Alex Chair – Quorum", STAMP)


def test_a_feed_has_no_method_and_one_event_per_meeting():
    calendar = Calendar.from_ical(feed())
    assert "METHOD" not in calendar
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == ["f-1@quorum.invalid", "f-2@quorum.invalid"]


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled():
    events = Calendar.from_ical(feed()).walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert str(events[1]["SUMMARY"]).startswith("Cancelled: ")
    assert events[1]["SEQUENCE"] == 2


def test_a_feed_names_itself_and_asks_to_be_refreshed_hourly():
    data = feed()
    assert "X-WR-CALNAME:Alex Chair – Quorum\r\n".encode() in data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data


def test_a_feed_lists_nobody():
    data = feed()
    assert b"ATTENDEE" not in data and b"ORGANIZER" not in data


def test_a_feed_event_is_private_with_london_times_and_the_link():
    data = feed()
    assert b"DTSTART;TZID=Europe/London:20260609T100000\r\n" in data
    event = Calendar.from_ical(data).walk("VEVENT")[1]
    assert event["CLASS"] == "PRIVATE"
    assert event.conferences[0].uri == "https://meet.example.invalid/j/4455?pwd=k3y"


def test_only_the_chairs_feed_mentions_the_hybrid_kit():
    assert b"Hybrid kit" in feed("chair") and b"Hybrid kit" not in feed("professional")


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar = Calendar.from_ical(feed(meetings=[]))
    assert calendar.walk("VEVENT") == [] and len(calendar.walk("VTIMEZONE")) == 1
