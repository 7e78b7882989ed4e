"""Whatever text people type (unicode, emoji, ;,\\ and line breaks, long text), every invite
keeps to RFC 5545's lines and gives the same text back when parsed."""

import re
from email import message_from_bytes, policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from app.invites import Organizer, calendar_bytes, feed_bytes, invite_message
from app.invites.content import as_text, clean_text, location_text, one_line, paragraphs
from app.invites.ical import param_text
from tests.invites.factories import STAMP, make_hybrid, make_recipient, only_event

TRICKY = ";,\\:\"'^\n\r\r\n\t\\N\\n😀👩‍👧 é ß 中文 \u2028 \x00\x07"
typed = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(TRICKY)),
    max_size=300,
)
long_typed = st.text(alphabet=st.sampled_from("ab ;,\\😀é\n"), min_size=200, max_size=1200)
any_text = st.one_of(typed, long_typed)


def build(summary, room, address, name, method="REQUEST"):
    meeting = make_hybrid(summary=summary, room_name=room, room_address=address, reference=room)
    recipient = make_recipient("chair", name=name)
    organizer = Organizer("meetings@quorum.invalid", name)
    return (
        meeting,
        recipient,
        organizer,
        calendar_bytes(meeting, recipient, method, organizer, STAMP),
    )


def assert_rfc5545_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    data.decode("utf-8")  # folding never splits a character


@settings(max_examples=80, deadline=None)
@given(summary=any_text, room=any_text, address=any_text, name=any_text)
def test_every_invite_has_short_crlf_lines_whatever_is_typed(summary, room, address, name):
    assert_rfc5545_lines(build(summary, room, address, name)[3])


@settings(max_examples=80, deadline=None)
@given(summary=any_text, room=any_text, address=any_text, name=any_text)
def test_every_text_field_round_trips_through_icalendar(summary, room, address, name):
    meeting, recipient, organizer, data = build(summary, room, address, name)
    event = only_event(data)
    assert str(event["SUMMARY"]) == one_line(summary)
    assert str(event["LOCATION"]) == location_text(meeting)
    description = as_text(paragraphs(meeting, recipient, "REQUEST", organizer))
    assert str(event["DESCRIPTION"]) == description
    assert event["ATTENDEE"].params["CN"] == param_text(name)
    assert event["ORGANIZER"].params["CN"] == param_text(name)


@settings(max_examples=60, deadline=None)
@given(summary=any_text, name=any_text)
def test_every_email_keeps_its_one_recipient_and_subject_whatever_is_typed(summary, name):
    meeting, recipient, organizer, _ = build(summary, "Room", "Address", name)
    message = invite_message(meeting, recipient, "REQUEST", organizer, STAMP, "x-1@quorum.invalid")
    parsed = message_from_bytes(message.as_bytes(policy=policy.SMTP), policy=policy.default)
    assert [a.addr_spec for a in parsed["To"].addresses] == ["chair@example.invalid"]
    assert [a.addr_spec for a in parsed["From"].addresses] == ["meetings@quorum.invalid"]
    # Python's header folder can move a space between two RFC 2047 encoded words of a long
    # non-ASCII subject, so compare without whitespace here and exactly in the test below.
    assert _squeezed(str(parsed["Subject"])) == _squeezed("Invitation: " + one_line(summary))
    assert parsed["Message-ID"] == "<x-1@quorum.invalid>"


@settings(max_examples=60, deadline=None)
@given(summary=any_text, feed_name=any_text)
def test_every_feed_has_short_crlf_lines_and_round_trips(summary, feed_name):
    data = feed_bytes([make_hybrid(summary=summary)], "chair", feed_name, STAMP)
    assert_rfc5545_lines(data)
    calendar = Calendar.from_ical(data)
    # icalendar reads NAME as an unknown property, so unescape it as the TEXT it is.
    assert _unescaped(str(calendar["NAME"])) == one_line(feed_name)
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == one_line(summary)


def test_clean_text_turns_every_line_break_into_lf_and_drops_control_characters():
    assert clean_text("a\r\nb\rc\nd\x00e\x7ff\tg\x85h") == "a\nb\nc\ndef\tgh"


@pytest.mark.parametrize(
    "summary",
    [
        "Review meeting – ref 7F3K",
        "Cyfarfod adolygu – cyf 7F3K ŵŷ",
        "Réunion 😀 ref 7F3K",
        "Pre-birth initial child protection conference – ref 7F3K",  # long enough to fold
    ],
)
def test_a_realistic_non_ascii_subject_round_trips_exactly(summary):
    meeting, recipient, organizer, _ = build(summary, "Room", "Address", "Jo Bloggs")
    message = invite_message(meeting, recipient, "REQUEST", organizer, STAMP, "x-2@quorum.invalid")
    parsed = message_from_bytes(message.as_bytes(policy=policy.SMTP), policy=policy.default)
    assert str(parsed["Subject"]) == "Invitation: " + summary


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _unescaped(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
