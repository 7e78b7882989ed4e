"""The email around each invite (iMIP, RFC 6047), checked on the bytes that would be sent."""

from email import message_from_bytes, policy

from app.invites import calendar_bytes, invite_message
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_meeting, make_recipient


def sent_bytes(meeting=None, recipient=None, method="REQUEST", message_id="row-1@quorum.invalid"):
    message = invite_message(
        meeting or make_hybrid(), recipient or make_recipient(), method, ORGANIZER, STAMP,
        message_id=message_id,
    )  # fmt: skip
    return message.as_bytes(policy=policy.SMTP)


def parsed(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def test_the_parts_are_mixed_around_alternative_text_html_calendar_then_the_ics_file():
    shape = [part.get_content_type() for part in parsed(sent_bytes()).walk()]
    assert shape == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]


def test_the_calendar_part_says_its_method_and_charset():
    (calendar,) = [
        p
        for p in parsed(sent_bytes(method="REQUEST")).walk()
        if p.get_content_type() == "text/calendar"
    ]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_param("charset") == "UTF-8"


def test_a_cancellation_says_cancel_in_the_part_and_the_subject():
    message = parsed(sent_bytes(make_meeting(cancelled=True), method="CANCEL"))
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "CANCEL"
    assert message["Subject"] == "Cancelled: Review meeting – ref 7F3K"


def test_the_attachment_is_invite_ics_with_the_same_bytes_as_the_calendar_part():
    message = parsed(sent_bytes())
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    attachment = next(p for p in message.walk() if p.get_content_type() == "application/ics")
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    expected = calendar_bytes(make_hybrid(), make_recipient(), "REQUEST", ORGANIZER, STAMP)
    assert calendar.get_payload(decode=True) == attachment.get_payload(decode=True) == expected


def test_it_is_from_the_organizer_to_the_recipient_alone():
    message = parsed(sent_bytes(recipient=make_recipient("professional")))
    assert message["From"].addresses[0].addr_spec == "meetings@quorum.invalid"
    assert [a.addr_spec for a in message["To"].addresses] == ["professional@example.invalid"]
    assert message["Cc"] is None and message["Bcc"] is None


def test_the_subject_is_invitation_and_the_neutral_summary():
    assert parsed(sent_bytes())["Subject"] == "Invitation: Review meeting – ref 7F3K"


def test_a_removed_attendee_is_told_cancelled_in_the_subject():
    assert parsed(sent_bytes(make_meeting(), method="CANCEL"))["Subject"].startswith("Cancelled:")


def test_the_date_header_is_the_stamp():
    assert parsed(sent_bytes())["Date"].datetime == STAMP


def test_a_given_message_id_makes_the_same_bytes_twice():
    assert sent_bytes(message_id="row-9@quorum.invalid") == sent_bytes(
        message_id="row-9@quorum.invalid"
    )
    assert (
        parsed(sent_bytes(message_id="row-9@quorum.invalid"))["Message-ID"]
        == "<row-9@quorum.invalid>"
    )


def test_without_a_message_id_one_is_made_at_the_organizers_domain():
    assert parsed(sent_bytes(message_id=None))["Message-ID"].endswith("@quorum.invalid>")


def test_mime_version_appears_once_at_the_top():
    raw = sent_bytes()
    assert raw.count(b"MIME-Version:") == 1


def test_a_long_name_with_a_colon_cannot_turn_into_an_address():
    # Python's folder drops the quotes of a display name too long for one line.
    name = "0" * 74 + "::"
    message = parsed(sent_bytes(recipient=make_recipient(name=name)))
    assert [a.addr_spec for a in message["To"].addresses] == ["family@example.invalid"]
    assert message["To"].addresses[0].display_name == "0" * 61 + "..."
