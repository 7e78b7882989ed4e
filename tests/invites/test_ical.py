"""Each invite, parsed back with icalendar, says what RFC 5545/5546/7986 and Quorum's invites
require."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from app.invites import audience_for_role, calendar_bytes
from app.invites.values import OFF_SITE_LOCATION
from tests.invites.factories import (
    ORGANIZER,
    STAMP,
    make_hybrid,
    make_meeting,
    make_recipient,
    only_event,
)


def ics(meeting=None, recipient=None, method="REQUEST", stamp=STAMP) -> bytes:
    return calendar_bytes(
        meeting or make_meeting(), recipient or make_recipient(), method, ORGANIZER, stamp
    )


def test_a_first_invite_is_a_request_with_the_callers_uid_and_sequence():
    calendar = Calendar.from_ical(ics(make_meeting(uid="keep-me@quorum.invalid", sequence=0)))
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert (str(event["UID"]), event["SEQUENCE"]) == ("keep-me@quorum.invalid", 0)
    assert event["STATUS"] == "CONFIRMED"


def test_an_update_carries_the_sequence_it_is_given():
    assert only_event(ics(make_meeting(sequence=4)))["SEQUENCE"] == 4


def test_a_cancelled_meeting_is_a_cancel_with_status_cancelled():
    data = ics(make_meeting(cancelled=True, sequence=3), method="CANCEL")
    assert Calendar.from_ical(data)["METHOD"] == "CANCEL"
    assert only_event(data)["STATUS"] == "CANCELLED"
    assert only_event(data)["SEQUENCE"] == 3


def test_a_removed_attendee_gets_a_cancel_that_leaves_the_meeting_standing():
    # RFC 5546 §3.2.5: uninviting one attendee must not carry STATUS:CANCELLED.
    data = ics(make_meeting(cancelled=False), method="CANCEL")
    assert Calendar.from_ical(data)["METHOD"] == "CANCEL"
    assert "STATUS" not in only_event(data)
    assert [str(a) for a in _attendees(only_event(data))] == ["mailto:family@example.invalid"]


def test_a_request_for_a_cancelled_meeting_is_refused():
    with pytest.raises(ValueError, match="CANCEL"):
        ics(make_meeting(cancelled=True), method="REQUEST")


def test_a_method_other_than_request_or_cancel_is_refused():
    with pytest.raises(ValueError, match="METHOD"):
        ics(method="PUBLISH")


def test_the_stamp_is_written_in_utc():
    stamp = datetime.fromisoformat("2026-06-01T13:05:00+01:00")
    assert b"DTSTAMP:20260601T120500Z\r\n" in ics(stamp=stamp)


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="aware"):
        ics(make_meeting(starts_at=datetime(2026, 6, 9, 9, 0)))


def test_a_meeting_that_ends_before_it_starts_is_refused():
    meeting = make_meeting()
    with pytest.raises(ValueError, match="end after"):
        ics(make_meeting(ends_at=meeting.starts_at))


def test_start_and_end_are_london_local_times_with_a_tzid():
    data = ics()
    assert b"DTSTART;TZID=Europe/London:20260609T100000\r\n" in data
    assert b"DTEND;TZID=Europe/London:20260609T113000\r\n" in data


def test_the_vtimezone_holds_only_the_meetings_year():
    timezone = Calendar.from_ical(ics()).walk("VTIMEZONE")
    assert [str(t["TZID"]) for t in timezone] == ["Europe/London"]
    starts = [o["DTSTART"].dt.date().isoformat() for o in timezone[0].subcomponents]
    assert starts == ["2026-01-01", "2026-03-29", "2026-10-25"]


def test_the_organizer_is_the_service_mailbox_as_a_bare_mailto():
    organizer = only_event(ics())["ORGANIZER"]
    assert str(organizer) == "mailto:meetings@quorum.invalid"
    assert organizer.params["CN"] == ORGANIZER.name


def test_the_only_attendee_is_the_recipient_asked_to_reply():
    attendees = _attendees(only_event(ics(recipient=make_recipient("professional"))))
    assert [str(a) for a in attendees] == ["mailto:professional@example.invalid"]
    assert attendees[0].params["ROLE"] == "REQ-PARTICIPANT"
    assert attendees[0].params["RSVP"] == "TRUE"


def test_the_chair_attends_with_role_chair():
    attendee = _attendees(only_event(ics(recipient=make_recipient("chair"))))[0]
    assert attendee.params["ROLE"] == "CHAIR"


def test_the_location_is_the_rooms_address():
    location = str(only_event(ics())["LOCATION"])
    assert location == "Meeting Room 2, Civic Centre, 1 High Street, Boston PE21 1AA"


def test_an_off_site_meeting_gives_no_address_even_if_one_is_passed():
    meeting = make_meeting(format="off_site", room_name=None, room_address="2 Carer Lane")
    data = ics(meeting)
    assert str(only_event(data)["LOCATION"]) == OFF_SITE_LOCATION
    assert b"Carer Lane" not in data


def test_a_hybrid_meeting_puts_the_link_in_conference_and_description():
    event = only_event(ics(make_hybrid()))
    (conference,) = event.conferences
    assert conference.uri == "https://meet.example.invalid/j/4455?pwd=k3y"
    assert conference.feature == ["AUDIO", "VIDEO"]
    assert event["CONFERENCE"].params["VALUE"] == "URI"
    assert "https://meet.example.invalid/j/4455?pwd=k3y" in str(event["DESCRIPTION"])


def test_a_virtual_meeting_is_online_with_its_link():
    meeting = make_hybrid(format="virtual", room_name=None, room_address=None)
    event = only_event(ics(meeting))
    assert str(event["LOCATION"]) == "Online"
    assert len(event.conferences) == 1


def test_an_in_person_meeting_has_no_conference():
    assert "CONFERENCE" not in only_event(ics())


def test_every_invite_is_private_single_and_from_quorum():
    data = ics(make_hybrid())
    assert only_event(data)["CLASS"] == "PRIVATE"
    assert b"RRULE" not in data and b"RDATE" not in data
    assert Calendar.from_ical(data)["PRODID"].startswith("-//Quorum//")


def test_content_lines_end_in_crlf_only():
    data = ics(make_hybrid())
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") and data.count(b"\r") == data.count(b"\r\n")


def _attendees(event) -> list:
    attendees = event.get("ATTENDEE")
    return attendees if isinstance(attendees, list) else [attendees]


def test_the_stamp_keeps_its_instant():
    event = only_event(ics(stamp=datetime(2026, 7, 1, 8, 30, tzinfo=UTC)))
    assert event["DTSTAMP"].dt == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "audience"),
    [("parent", "family"), ("carer", "family"), ("child", "family"), ("advocate", "family"),
     ("social_worker", "professional"), ("health_visitor", "professional"), ("", "professional")],
)  # fmt: skip
def test_families_read_the_family_version_and_everyone_else_the_professional(role, audience):
    assert audience_for_role(role) == audience
