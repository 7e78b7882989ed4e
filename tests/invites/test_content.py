"""The description is written for its reader, in the body and the invite alike."""

from datetime import date

from app.invites import calendar_bytes, invite_message
from tests.invites.factories import (
    ORGANIZER,
    STAMP,
    make_hybrid,
    make_meeting,
    make_recipient,
    only_event,
)


def description(meeting, audience, method="REQUEST") -> str:
    data = calendar_bytes(meeting, make_recipient(audience), method, ORGANIZER, STAMP)
    return str(only_event(data)["DESCRIPTION"])


def test_a_family_is_told_what_happens_and_that_they_may_bring_an_advocate():
    text = description(make_meeting(), "family")
    assert "What is this meeting?" in text
    assert "bring someone to support you, such as a friend, a relative or an advocate" in text


def test_a_family_is_told_how_to_get_there_and_about_step_free_access():
    text = description(make_meeting(step_free=True), "family")
    assert "Getting there" in text
    assert "Civic Centre, 1 High Street" in text
    assert "The room has step-free access." in text


def test_a_family_is_told_plainly_when_a_room_is_not_step_free():
    assert "does not have step-free access" in description(make_meeting(step_free=False), "family")


def test_a_family_is_asked_about_step_free_access_when_it_is_unknown():
    text = description(make_meeting(step_free=None), "family")
    assert "If you need step-free access, tell us" in text


def test_a_professional_is_told_when_the_report_is_due_and_where_it_goes():
    text = description(make_meeting(report_due=date(2026, 6, 4)), "professional")
    assert "Thursday 4 June 2026" in text
    assert "to the chair through the service mailbox, meetings@quorum.invalid" in text
    assert "advocate" not in text


def test_a_professional_without_a_due_date_sends_the_report_before_the_meeting():
    text = description(make_meeting(report_due=None), "professional")
    assert "share your report with the family, and send it to the chair, before the meeting" in text


def test_the_chair_is_told_the_room_the_hybrid_kit_and_the_link():
    text = description(make_hybrid(hybrid_kit="bring your portable kit"), "chair")
    assert "You are chairing a meeting: Review meeting – ref 7F3K." in text
    assert "Room: Meeting Room 2" in text
    assert "Hybrid kit: bring your portable kit" in text
    assert "https://meet.example.invalid/j/4455?pwd=k3y" in text


def test_the_time_is_given_in_uk_time():
    assert "Tuesday 9 June 2026, 10:00 to 11:30 (UK time)" in description(make_meeting(), "family")


def test_a_cancellation_says_the_meeting_is_cancelled_and_nothing_more():
    text = description(make_meeting(cancelled=True), "family", method="CANCEL")
    assert "This meeting has been cancelled" in text
    assert "Getting there" not in text


def test_a_removed_attendee_is_told_they_no_longer_need_to_attend():
    text = description(make_meeting(), "professional", method="CANCEL")
    assert "You no longer need to attend" in text


def test_the_text_and_html_bodies_say_what_the_description_says():
    message = invite_message(make_hybrid(), make_recipient("chair"), "REQUEST", ORGANIZER, STAMP)
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert plain == description(make_hybrid(), "chair")
    assert "Hybrid kit: fixed room kit" in html
    assert '<a href="https://meet.example.invalid/j/4455?pwd=k3y">' in html


def test_the_html_body_escapes_what_it_is_given():
    meeting = make_meeting(summary="Review <b>meeting</b> & ref")
    message = invite_message(meeting, make_recipient(), "REQUEST", ORGANIZER, STAMP)
    html = message.get_body(("html",)).get_content()
    assert "<b>" not in html and "Review &lt;b&gt;meeting&lt;/b&gt; &amp; ref" in html
