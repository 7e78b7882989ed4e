"""Queueing invites: rows written in the booking's own transaction, one per recipient, and
on a later change only to the people whose view of the meeting changed."""

import pytest

from app.extensions import db
from app.models import OutboxMessage, RequestAttendee
from app.services.booking.bookings import BookingConflict, add_confirmed_meeting
from app.services.notifications.outbox import message_bytes, queue_meeting_notices, snapshot
from tests.app.factories.outbox import (
    HOUR,
    SLOT,
    add_attendee,
    book,
    calendar_part,
    make_world,
    outbox_count,
    outbox_rows,
    parsed,
)
from tests.app.factories.rows import make_chair, make_person, make_room

NOW = SLOT - 48 * HOUR


def test_a_booking_queues_one_invite_for_the_chair_and_each_attendee_with_an_email(app):
    world = make_world(roles=("parent", "social_worker"))
    add_attendee(world.request, make_person(role="gp", email=""))  # no address: no invite

    meeting = book(world)

    rows = outbox_rows()
    assert sorted((row.audience, row.method, row.sequence, row.status) for row in rows) == [
        ("chair", "REQUEST", 0, "queued"),
        ("family", "REQUEST", 0, "queued"),
        ("professional", "REQUEST", 0, "queued"),
    ]
    assert {row.meeting_id for row in rows} == {meeting.id}
    assert {row.recipient_email for row in rows} == {
        world.chair.email,
        world.people["parent"].email,
        world.people["social_worker"].email,
    }


def test_a_refused_booking_queues_nothing(app):
    first, second = make_world(), make_world()
    second.chair = first.chair  # the same chair at the same time
    book(first)
    before = outbox_count()

    with pytest.raises(BookingConflict):
        book(second)

    assert outbox_count() == before


def test_the_invites_are_rolled_back_with_the_booking_they_belong_to(app):
    world = make_world()
    add_confirmed_meeting(
        NOW, None, world.request.id, SLOT, SLOT + HOUR, world.chair.id, world.room.id
    )
    assert outbox_count() == 3  # in the session, not yet committed

    db.session.rollback()

    assert outbox_count() == 0


def test_each_row_stores_the_exact_message_it_will_send(app):
    meeting = book(make_world(roles=("parent",)))

    for row in outbox_rows():
        message = parsed(message_bytes(row))
        assert message["Message-ID"] == row.message_id
        assert message["To"].addresses[0].addr_spec == row.recipient_email
        calendar = calendar_part(message_bytes(row))
        assert f"UID:{meeting.ical_uid}" in calendar
        assert "SEQUENCE:0" in calendar and "METHOD:REQUEST" in calendar


def _change(meeting, **fields):
    before = snapshot(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    return queue_meeting_notices(NOW, meeting, before)


def _sent(messages) -> set[tuple[str, str, int]]:
    return {(message.recipient_email, message.method, message.sequence) for message in messages}


def test_a_change_nobody_can_see_queues_nothing(app):
    meeting = book(make_world())

    assert _change(meeting, status="held") == []
    assert meeting.ical_sequence == 0


def test_a_new_time_sends_everyone_a_request_with_the_next_sequence(app):
    world = make_world()
    meeting = book(world)

    messages = _change(meeting, starts_at=SLOT + HOUR, ends_at=SLOT + 2 * HOUR)

    everyone = {row.recipient_email for row in outbox_rows()}
    assert _sent(messages) == {(email, "REQUEST", 1) for email in everyone}
    assert meeting.ical_sequence == 1


def test_a_replaced_chair_gets_a_cancel_and_the_new_chair_a_request(app):
    world = make_world(roles=("parent",))
    meeting = book(world)
    old, new = world.chair, make_chair()

    messages = _change(meeting, chair_id=new.id)

    assert _sent(messages) == {
        (old.email, "CANCEL", 1),
        (new.email, "REQUEST", 1),
        (world.people["parent"].email, "REQUEST", 1),
    }


def test_a_removed_attendee_alone_gets_a_cancel(app):
    world = make_world(roles=("parent", "social_worker"))
    meeting = book(world)
    before = snapshot(meeting)
    world.request.attendees = [
        a for a in world.request.attendees if a.person_id != world.people["parent"].id
    ]

    messages = queue_meeting_notices(NOW, meeting, before)

    assert _sent(messages) == {(world.people["parent"].email, "CANCEL", 1)}
    assert "ATTENDEE" in calendar_part(message_bytes(messages[0]))
    assert world.people["social_worker"].email not in calendar_part(message_bytes(messages[0]))


def test_an_added_attendee_alone_gets_a_request_at_the_current_sequence(app):
    world = make_world(roles=("parent",))
    meeting = book(world)
    before = snapshot(meeting)
    newcomer = make_person(role="school")
    add_attendee(world.request, newcomer)
    db.session.refresh(world.request)

    messages = queue_meeting_notices(NOW, meeting, before)

    assert _sent(messages) == {(newcomer.email, "REQUEST", 0)}


def test_a_cancelled_meeting_sends_everyone_a_cancel(app):
    meeting = book(make_world())

    messages = _change(meeting, status="cancelled")

    assert {m.method for m in messages} == {"CANCEL"} and len(messages) == 3
    assert all("STATUS:CANCELLED" in calendar_part(message_bytes(m)) for m in messages)


def test_a_caller_that_already_raised_the_sequence_is_not_raised_twice(app):
    meeting = book(make_world())

    messages = _change(meeting, status="cancelled", ical_sequence=1)

    assert {m.sequence for m in messages} == {1}


def test_the_sequence_never_falls_below_what_was_already_sent(app):
    meeting = book(make_world())
    _change(meeting, starts_at=SLOT + HOUR, ends_at=SLOT + 2 * HOUR)  # sequence 1 sent

    messages = _change(meeting, starts_at=SLOT, ends_at=SLOT + HOUR, ical_sequence=0)

    assert {m.sequence for m in messages} == {2}


def test_a_proposal_queues_nothing_until_it_is_confirmed(app):
    meeting = book(make_world())
    db.session.query(OutboxMessage).delete()
    meeting.status = "proposed"
    before = snapshot(meeting)

    assert queue_meeting_notices(NOW, meeting, snapshot(meeting)) == []
    meeting.status = "confirmed"
    assert len(queue_meeting_notices(NOW, meeting, before)) == 3


def _set_attendees(world, people) -> None:
    world.request.attendees = [a for a in world.request.attendees if a.person_id in people]


def test_an_attendee_removed_then_added_back_gets_a_request_above_their_cancel(app):
    world = make_world(roles=("parent", "social_worker"))
    meeting = book(world)
    parent = world.people["parent"]
    before = snapshot(meeting)
    _set_attendees(world, {world.people["social_worker"].id})
    (cancel,) = queue_meeting_notices(NOW, meeting, before)
    before = snapshot(meeting)
    db.session.add(RequestAttendee(request=world.request, person=parent, role=parent.role))
    db.session.flush()
    db.session.refresh(world.request)

    messages = queue_meeting_notices(NOW, meeting, before)

    assert (cancel.method, cancel.sequence) == ("CANCEL", 1)
    assert _sent(messages) == {(parent.email, "REQUEST", 2)}


def test_a_meeting_booked_again_after_its_cancellation_is_sent_above_the_cancel(app):
    meeting = book(make_world(roles=("parent",)))
    cancels = _change(meeting, status="cancelled")

    requests = _change(meeting, status="confirmed")

    assert {m.sequence for m in cancels} == {1}
    assert {(m.method, m.sequence) for m in requests} == {("REQUEST", 2)}


def test_a_new_time_is_told_as_a_move_to_those_who_had_it_and_an_invitation_to_the_new(app):
    world = make_world(roles=("parent",), meeting_type="ICPC")
    meeting = book(world)  # Tue 10 Mar 2026 10:00 GMT
    before = snapshot(meeting)
    newcomer = make_person(role="gp")
    add_attendee(world.request, newcomer)
    meeting.starts_at, meeting.ends_at = SLOT + 52 * HOUR, SLOT + 53 * HOUR  # Thu 14:00

    queue_meeting_notices(NOW, meeting, before)

    latest = {row.recipient_email: parsed(message_bytes(row)) for row in outbox_rows()[-3:]}
    moved = "moved from Tue 10 Mar 2026 10:00 to Thu 12 Mar 2026 14:00 (UK time)"
    for email in (world.chair.email, world.people["parent"].email):
        assert str(latest[email]["Subject"]).startswith("Moved: Initial child protection")
        assert moved in latest[email].get_body(("plain",)).get_content()
    assert str(latest[newcomer.email]["Subject"]).startswith("Invitation: Initial child")
    assert "moved" not in latest[newcomer.email].get_body(("plain",)).get_content()
    # A new room at the same time is a new invitation, not a move.
    for row in _change(meeting, room_id=make_room().id):
        assert str(parsed(message_bytes(row))["Subject"]).startswith("Invitation:")
