"""Each meeting type's invite, as each reader reads it.

The snapshot half compares every (meeting type, reader) email, subject and plain-text body, with
the approved text in tests/invites/approved/<TYPE>.txt, so a change of wording is seen and read
in review rather than slipping through. After changing the wording on purpose, regenerate the
files with

    QUORUM_APPROVE_WORDING=1 .venv/bin/python -m pytest -q tests/invites/test_wording.py

then read the diff of tests/invites/approved/ before committing it. The other half asserts the
facts each reader must be told, whatever the wording becomes."""

import os
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from app.invites import invite_message
from app.invites.values import READER_ROLES, Attendee
from app.timescales import MeetingType
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_reader, only_event

APPROVED = Path(__file__).parent / "approved"
APPROVING = os.environ.get("QUORUM_APPROVE_WORDING") == "1"
# The types Quorum books (the others have timescales only).
TYPES = [kind for kind in MeetingType if kind.info.solver_books]
READERS = [*READER_ROLES, "chair"]
ATTENDEES = (
    Attendee("social_worker", "in_room"),
    Attendee("parent", "in_room"),
    Attendee("gp", "online"),
    Attendee("child", "either"),
)


def meeting_of(kind: MeetingType, **overrides):
    values = {
        "meeting_type": kind.value,
        "summary": f"{kind.label} – ref 7F3K",  # as notices.summary makes it by default
        "attendees": ATTENDEES,
        "interpreter_language": "Polish",
        "separate_waiting_area": True,
    }
    return make_hybrid(**(values | overrides))


def email(meeting, reader: str, method: str = "REQUEST"):
    """The email as a mail client reads it: sent bytes parsed back by the email package."""
    message = invite_message(meeting, make_reader(reader), method, ORGANIZER, STAMP, "w@q.invalid")
    return message_from_bytes(message.as_bytes(policy=policy.SMTP), policy=policy.default)


def body(message) -> str:
    """The plain-text body, its line ends as the calendar's DESCRIPTION has them (LF)."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def rendered(kind: MeetingType) -> str:
    blocks = []
    for reader in READERS:
        message = email(meeting_of(kind), reader)
        blocks.append(f"===== {reader}\nSubject: {message['Subject']}\n\n{body(message)}")
    return "\n".join(blocks)


@pytest.mark.parametrize("kind", TYPES, ids=str)
def test_each_readers_invite_matches_its_approved_text(kind):
    approved = APPROVED / f"{kind.value}.txt"
    text = rendered(kind)
    if APPROVING:
        approved.write_text(text, encoding="utf-8")
    assert approved.exists(), "no approved text yet: run with QUORUM_APPROVE_WORDING=1"
    assert text == approved.read_text(encoding="utf-8"), (
        f"{approved.name} differs: if the new wording is meant, regenerate (see the docstring)"
    )


@pytest.mark.parametrize("kind", TYPES, ids=str)
@pytest.mark.parametrize("reader", READERS)
def test_every_reader_is_told_the_type_of_meeting_in_subject_body_and_calendar(kind, reader):
    message = email(meeting_of(kind), reader)
    assert message["Subject"] == f"Invitation: {kind.label} – ref 7F3K"
    assert kind.label.lower() in body(message).lower()
    ics = message.get_body(("calendar",)) or next(
        p for p in message.walk() if p.get_content_type() == "text/calendar"
    )
    event = only_event(ics.get_payload(decode=True))
    assert str(event["SUMMARY"]) == f"{kind.label} – ref 7F3K"
    assert str(event["DESCRIPTION"]) == body(message)


@pytest.mark.parametrize("kind", TYPES, ids=str)
def test_a_cancellation_names_the_type_and_the_reference(kind):
    for reader in READERS:
        message = email(meeting_of(kind, cancelled=True), reader, "CANCEL")
        assert message["Subject"] == f"Cancelled: {kind.label} – ref 7F3K"
        assert f"cancelled: {kind.label} – ref 7F3K" in body(message)


@pytest.mark.parametrize("kind", TYPES, ids=str)
def test_a_parent_is_told_what_the_meeting_decides_who_comes_and_how_to_ask_for_help(kind):
    text = body(email(meeting_of(kind), "parent"))
    what = text.split("What is this meeting?\n")[1].split("\n\n")[0]
    assert kind.label.lower() in what.lower()  # "An initial child protection conference is …"
    assert "Who will be there" in text and "social worker" in text
    assert "You can bring someone to support you" in text
    assert "interpreter" in text and "step-free access" in text
    assert "If you cannot come" in text and "quoting reference 7F3K" in text
    assert "meetings@quorum.invalid" in text


def test_a_parent_is_told_what_an_initial_conference_decides_and_gets_the_report_first():
    text = body(email(meeting_of(MeetingType.ICPC), "parent"))
    assert "whether your child needs a child protection plan" in text
    assert "the social worker will share their report with you" in text
    assert "An independent chair runs the meeting" in text


def test_a_carer_reads_about_the_child_not_your_child_and_is_asked_for_their_view():
    text = body(email(meeting_of(MeetingType.CIC_REVIEW), "carer"))
    assert "the child's care plan" in text and "your child" not in text
    assert "As a carer" in text
    assert "You can bring someone to support you" not in text


@pytest.mark.parametrize("kind", TYPES, ids=str)
def test_a_child_gets_a_shorter_kinder_invite_that_says_how_to_take_part(kind):
    child = body(email(meeting_of(kind), "child"))
    parent = body(email(meeting_of(kind), "parent"))
    assert len(child) < len(parent)
    assert "How you can take part" in child and "someone you trust" in child
    assert "tell your social worker" in child


@pytest.mark.parametrize("kind", TYPES, ids=str)
@pytest.mark.parametrize("reader", ["social_worker", "gp", "school", "health_visitor", "police",
                                    "other"])  # fmt: skip
def test_a_professional_is_told_what_to_prepare_by_when_and_how_to_send_apologies(kind, reader):
    text = body(email(meeting_of(kind), reader))
    assert "What to prepare" in text and "by Thursday 4 June 2026" in text
    assert "send your apologies" in text
    assert "You can bring someone" not in text


def test_each_professional_is_asked_for_their_own_report():
    asks = {
        "gp": "Please send a GP report by",
        "school": "Please send a school report by",
        "health_visitor": "Please send a health report by",
        "police": "Please send a police report by",
        "social_worker": "Please share your report with the family",
    }
    for reader, ask in asks.items():
        assert ask in body(email(meeting_of(MeetingType.RCPC), reader))


def test_an_interpreter_is_told_the_language_and_asked_for_no_report():
    text = body(email(meeting_of(MeetingType.ICPC), "interpreter"))
    assert "You are booked to interpret (Polish)" in text
    assert "report" not in text.split("If you cannot come")[0]


@pytest.mark.parametrize("kind", TYPES, ids=str)
def test_the_chair_gets_the_reference_each_attendee_by_role_and_attendance_and_the_needs(kind):
    text = body(email(meeting_of(kind, needs_step_free=True), "chair"))
    assert "Reference: 7F3K" in text
    attendees = text.split("Who is invited\n")[1].split("\n\n")[0].splitlines()
    assert attendees == [
        "Parent: in the room",
        "Child or young person: in the room or online",
        "Social worker: in the room",
        "GP: online",
    ]
    assert "Interpreter: Polish" in text
    assert "Step-free access: needed" in text
    assert "Separate waiting area: needed" in text
    assert "Room: Meeting Room 2" in text and "Hybrid kit: fixed room kit" in text


def test_the_chair_is_told_when_no_attendee_or_need_is_recorded():
    text = body(email(meeting_of(MeetingType.CIC_REVIEW, attendees=(), interpreter_language="",
                                 separate_waiting_area=False), "chair"))  # fmt: skip
    assert "No attendees recorded." in text and "No needs recorded." in text


def test_a_message_queued_before_types_were_passed_still_reads_as_a_meeting():
    meeting = meeting_of(MeetingType.ICPC, meeting_type="", summary="Review meeting – ref 7F3K")
    text = body(email(meeting, "parent"))
    assert text.startswith("You are invited to a meeting: Review meeting – ref 7F3K.")
    assert "initial child protection conference" not in text


MOVED = {
    # Tue 9 Jun 2026 10:00 BST becomes Thu 11 Jun 2026 14:00 BST.
    "previous_starts_at": datetime(2026, 6, 9, 9, 0, tzinfo=UTC),
    "previous_ends_at": datetime(2026, 6, 9, 10, 30, tzinfo=UTC),
    "starts_at": datetime(2026, 6, 11, 13, 0, tzinfo=UTC),
    "ends_at": datetime(2026, 6, 11, 14, 30, tzinfo=UTC),
}


def test_a_moved_meetings_invites_match_their_approved_text():
    approved = APPROVED / "moved.txt"
    blocks = []
    for reader in ("parent", "child", "gp", "chair"):
        message = email(meeting_of(MeetingType.RCPC, **MOVED), reader)
        blocks.append(f"===== {reader}\nSubject: {message['Subject']}\n\n{body(message)}")
    text = "\n".join(blocks)
    if APPROVING:
        approved.write_text(text, encoding="utf-8")
    assert text == approved.read_text(encoding="utf-8")


@pytest.mark.parametrize("reader", READERS)
def test_a_moved_meeting_says_moved_and_from_when_to_when_in_uk_time(reader):
    message = email(meeting_of(MeetingType.RCPC, **MOVED), reader)
    assert message["Subject"] == "Moved: Review child protection conference – ref 7F3K"
    text = body(message)
    assert "moved from Tue 9 Jun 2026 10:00 to Thu 11 Jun 2026 14:00 (UK time)" in text
    assert text.startswith("The review child protection conference you ")
    assert "When: Thursday 11 June 2026, 14:00 to 15:30 (UK time)" in text


def test_a_move_across_the_clock_change_is_told_in_the_time_of_each_day():
    meeting = meeting_of(
        MeetingType.CIC_REVIEW,
        previous_starts_at=datetime(2026, 3, 27, 10, 0, tzinfo=UTC),  # Fri 10:00 GMT
        previous_ends_at=datetime(2026, 3, 27, 11, 0, tzinfo=UTC),
        starts_at=datetime(2026, 3, 31, 13, 0, tzinfo=UTC),  # Tue 14:00 BST
        ends_at=datetime(2026, 3, 31, 14, 0, tzinfo=UTC),
    )
    assert "moved from Fri 27 Mar 2026 10:00 to Tue 31 Mar 2026 14:00" in body(
        email(meeting, "parent")
    )


def test_a_new_invitation_and_a_change_of_end_alone_are_not_told_as_a_move_of_day():
    fresh = email(meeting_of(MeetingType.ICPC), "parent")
    assert fresh["Subject"].startswith("Invitation:") and "moved" not in body(fresh)
    was_at = datetime(2026, 6, 9, 9, 0, tzinfo=UTC)  # the same start as make_meeting's
    same_time = meeting_of(MeetingType.ICPC, previous_starts_at=was_at,
                           previous_ends_at=was_at + timedelta(minutes=90))  # fmt: skip
    assert email(same_time, "parent")["Subject"].startswith("Invitation:")
    longer = meeting_of(MeetingType.ICPC, previous_starts_at=was_at,
                        previous_ends_at=was_at + timedelta(minutes=60))  # fmt: skip
    assert "has moved to end at 11:30, not 11:00 (UK time)." in body(email(longer, "gp"))


def test_a_moved_meeting_cancelled_says_cancelled_not_moved():
    meeting = meeting_of(MeetingType.RCPC, cancelled=True, **MOVED)
    message = email(meeting, "parent", "CANCEL")
    assert message["Subject"].startswith("Cancelled:") and "moved" not in body(message)
