"""An email's inputs stored as JSON read back as the same values, so the relay builds exactly
the email the booking queued; stored inputs that no longer fit are refused in words."""

import json

import pytest

from app.invites import Recipient
from app.invites.stored import PendingEmail, UnreadableContent, dumps, loads
from app.invites.values import Attendee
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_meeting

PARENT = Recipient("parent@example.invalid", "Alex Parent", "family")


TYPED = make_hybrid(
    meeting_type="ICPC",
    attendees=(Attendee("parent", "in_room"), Attendee("gp", "online")),
    interpreter_language="Polish",
    separate_waiting_area=True,
)


@pytest.mark.parametrize(
    "meeting", [make_meeting(), make_hybrid(report_due=None, step_free=None), TYPED]
)
def test_stored_inputs_read_back_as_the_same_values_and_build_the_same_email(meeting):
    pending = PendingEmail(meeting, PARENT, "REQUEST", ORGANIZER, STAMP, "<1@quorum.invalid>")

    again = loads(dumps(pending))

    assert again == pending
    assert again.stamp.tzinfo is not None and again.meeting.starts_at.tzinfo is not None
    assert again.as_bytes() == pending.as_bytes()


def test_inputs_queued_before_types_and_roles_existed_still_load_and_build():
    pending = PendingEmail(TYPED, PARENT, "REQUEST", ORGANIZER, STAMP, "<3@quorum.invalid>")
    plain = json.loads(dumps(pending))
    for name in ("meeting_type", "attendees", "interpreter_language", "needs_step_free",
                 "separate_waiting_area"):  # fmt: skip
        del plain["meeting"][name]
    del plain["recipient"]["role"]

    old = loads(json.dumps(plain))

    assert (old.meeting.meeting_type, old.meeting.attendees, old.recipient.role) == (
        "",
        (),
        "other",
    )
    assert b"You are invited to a meeting: Review meeting" in old.as_bytes()


def test_inputs_missing_a_field_that_has_no_default_are_refused_in_words():
    pending = PendingEmail(make_meeting(), PARENT, "CANCEL", ORGANIZER, STAMP, "<2@quorum.invalid>")
    plain = json.loads(dumps(pending))
    del plain["meeting"]["starts_at"]

    with pytest.raises(UnreadableContent, match="starts_at"):
        loads(json.dumps(plain))


@pytest.mark.parametrize("text", ["", "[]", '{"meeting": 3}', "not json"])
def test_inputs_that_are_not_an_email_are_refused_in_words(text):
    with pytest.raises(UnreadableContent):
        loads(text)


def test_a_plain_email_reads_back_as_the_same_values_and_has_no_calendar_part():
    from email import message_from_bytes
    from email import policy as email_policy

    from app.invites.content import Paragraph
    from app.invites.stored import PlainEmail

    pending = PlainEmail(
        PARENT, ORGANIZER, "Reminder: your report",
        (Paragraph(None, ("Hello Alex,",)), Paragraph("Your link", ("https://q.invalid/r/x",))),
        STAMP, "<3@quorum.invalid>",
    )  # fmt: skip

    again = loads(dumps(pending), PlainEmail)

    assert again == pending
    assert again.as_bytes() == pending.as_bytes()  # a resend is the same bytes
    message = message_from_bytes(pending.as_bytes(), policy=email_policy.default)
    assert message["Subject"] == "Reminder: your report"
    types = [part.get_content_type() for part in message.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    assert "https://q.invalid/r/x" in message.get_body(("plain",)).get_content()
    assert '<a href="https://q.invalid/r/x">' in message.get_body(("html",)).get_content()
