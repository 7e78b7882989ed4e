"""Seeded canaries: the test's world knows a child's name and date of birth and a carer's
address; the invite layer is never given them, and nothing it was not given appears in any
outbound byte (invites, emails, feeds) for any meeting type, reader, method or format."""

from email import policy

import pytest

from app.invites import calendar_bytes, feed_bytes, invite_message
from app.invites.values import READER_ROLES, Attendee
from app.timescales import MeetingType
from tests.invites.factories import (
    ORGANIZER,
    STAMP,
    make_hybrid,
    make_meeting,
    make_reader,
    make_recipient,
)

CHILD = {"name": "Zebedee Canarysmith", "dob": "2014-02-29", "dob_uk": "29/02/2014"}
CARER_ADDRESS = "17 Canary Wharf Close"
MEETINGS = [
    make_meeting(),
    make_hybrid(),
    make_hybrid(format="virtual", room_name=None, room_address=None),
    make_meeting(format="off_site", room_name=None, room_address=None),
    make_meeting(cancelled=True),
]
# Each type's own wording, with the chair's list of attendees and needs in it.
MEETINGS += [
    make_hybrid(
        meeting_type=kind.value,
        summary=f"{kind.label} – ref 7F3K",
        attendees=tuple(Attendee(role, "in_room") for role in READER_ROLES),
        interpreter_language="Polish",
        needs_step_free=True,
        separate_waiting_area=True,
    )
    for kind in MeetingType
]
READERS = [*READER_ROLES, "chair"]


def every_outbound_byte() -> list[bytes]:
    out = []
    for meeting in MEETINGS:
        methods = ["CANCEL"] if meeting.cancelled else ["REQUEST", "CANCEL"]
        for reader in READERS:
            for method in methods:
                recipient = make_reader(reader)
                out.append(calendar_bytes(meeting, recipient, method, ORGANIZER, STAMP))
                message = invite_message(
                    meeting, recipient, method, ORGANIZER, STAMP, "c@q.invalid"
                )
                out.append(message.as_bytes(policy=policy.SMTP))
                out.append(bytes(message))  # the decoded text too, not only the encoded wire form
                out.extend(_decoded_parts(message))
        out.append(feed_bytes([meeting], "chair", "Chair feed", STAMP))
    return out


def _decoded_parts(message) -> list[bytes]:
    return [
        part.get_payload(decode=True) or b"" for part in message.walk() if not part.is_multipart()
    ]


@pytest.mark.parametrize("canary", [*CHILD.values(), CARER_ADDRESS, "Canary"])
def test_a_canary_from_the_world_appears_in_no_outbound_byte(canary):
    needle = canary.encode()
    assert not any(needle.lower() in blob.lower() for blob in every_outbound_byte())


def test_the_canary_check_would_see_a_value_that_was_passed():
    # Guard against a blind check: a passed value is found in the decoded bytes.
    leaked = make_meeting(summary=f"Review – {CHILD['name']}")
    message = invite_message(leaked, make_recipient(), "REQUEST", ORGANIZER, STAMP, "c@q.invalid")
    assert any(CHILD["name"].encode() in blob for blob in _decoded_parts(message))


def test_only_the_one_recipients_address_appears_in_their_invite():
    message = invite_message(
        make_hybrid(), make_recipient("professional"), "REQUEST", ORGANIZER, STAMP
    )
    raw = message.as_bytes(policy=policy.SMTP) + b"".join(_decoded_parts(message))
    assert b"family@example.invalid" not in raw and b"chair@example.invalid" not in raw
    assert b"professional@example.invalid" in raw
