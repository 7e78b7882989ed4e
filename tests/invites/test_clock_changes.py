"""Meetings in both clock-change weeks land on the right instant when a client parses them."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from app.invites import calendar_bytes
from tests.invites.factories import ORGANIZER, STAMP, make_meeting, make_recipient, only_event

# (UTC start, the London wall clock a person expects to see)
CASES = [
    (datetime(2026, 3, 27, 10, 0, tzinfo=UTC), b"20260327T100000"),  # Fri before: GMT
    (datetime(2026, 3, 30, 9, 0, tzinfo=UTC), b"20260330T100000"),  # Mon after: BST
    (datetime(2026, 10, 23, 9, 0, tzinfo=UTC), b"20261023T100000"),  # Fri before: BST
    (datetime(2026, 10, 26, 10, 0, tzinfo=UTC), b"20261026T100000"),  # Mon after: GMT
]


@pytest.mark.parametrize(("starts_at", "wall_clock"), CASES)
def test_a_meeting_either_side_of_a_clock_change_keeps_its_instant(starts_at, wall_clock):
    meeting = make_meeting(starts_at=starts_at, ends_at=starts_at.replace(hour=starts_at.hour + 1))
    data = calendar_bytes(meeting, make_recipient(), "REQUEST", ORGANIZER, STAMP)
    assert b"DTSTART;TZID=Europe/London:" + wall_clock + b"\r\n" in data
    assert only_event(data)["DTSTART"].dt.astimezone(UTC) == starts_at


def test_the_vtimezone_alone_places_both_changes_at_one_in_the_morning_utc():
    # Parse the VTIMEZONE's own rules (not the system's zoneinfo) and check the transitions.
    data = calendar_bytes(make_meeting(), make_recipient(), "REQUEST", ORGANIZER, STAMP)
    zone = Calendar.from_ical(data).walk("VTIMEZONE")[0].to_tz()
    spring_before = datetime(2026, 3, 29, 0, 59, tzinfo=UTC).astimezone(zone)
    spring_after = datetime(2026, 3, 29, 1, 0, tzinfo=UTC).astimezone(zone)
    autumn_after = datetime(2026, 10, 25, 1, 0, tzinfo=UTC).astimezone(zone)
    assert (spring_before.hour, spring_after.hour) == (0, 2)
    assert autumn_after.utcoffset().total_seconds() == 0
