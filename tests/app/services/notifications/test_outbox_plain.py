"""Plain emails (chasers, briefings, digests) go through the outbox with an invite's guarantees
but none of its ordering: a chaser never replaces an invite, nor an invite a chaser."""

from app.extensions import db
from app.invites import Recipient
from app.invites.content import Paragraph
from app.mail import MemoryTransport
from app.services.notifications.outbox import (
    message_bytes,
    queue_meeting_notices,
    queue_plain_email,
    snapshot,
)
from app.services.notifications.outbox_relay import relay_due
from app.services.notifications.outbox_status import delivery_states
from tests.app.factories.outbox import HOUR, SLOT, Clock, book, make_world, outbox_rows, parsed

WORDS = [Paragraph(None, ("Hello,",)), Paragraph("Your report", ("Please send it.",))]


def _chaser(meeting, person) -> None:
    recipient = Recipient(person.email, person.name, "professional")
    queue_plain_email(SLOT - HOUR, "chaser", recipient, "Reminder", WORDS, meeting.id)
    db.session.commit()


def test_a_chaser_after_an_unsent_invite_replaces_nothing_and_both_are_sent(app):
    world = make_world(roles=("gp",))
    meeting = book(world)
    _chaser(meeting, world.people["gp"])
    transport = MemoryTransport()

    report = relay_due(Clock(SLOT), transport)

    assert report.sent == 3  # the chair's invite, the GP's invite, the GP's chaser
    assert [(row.kind, row.status) for row in outbox_rows()] == [
        ("invite", "sent"), ("invite", "sent"), ("chaser", "sent"),
    ]  # fmt: skip
    chaser = outbox_rows(kind="chaser")[0]
    assert chaser.method is None and chaser.sequence is None and chaser.what == "Report reminder"
    body = parsed(message_bytes(chaser))
    assert [part.get_content_type() for part in body.walk()] == [
        "multipart/alternative", "text/plain", "text/html",
    ]  # fmt: skip
    # The meeting page still shows the GP's invite, not the chaser.
    assert {row.kind for row in delivery_states(meeting.id)} == {"invite"}


def test_a_new_invite_does_not_supersede_a_queued_chaser(app):
    world = make_world(roles=("gp",))
    meeting = book(world)
    _chaser(meeting, world.people["gp"])
    before = snapshot(meeting)
    meeting.starts_at, meeting.ends_at = SLOT + 2 * HOUR, SLOT + 3 * HOUR
    queue_meeting_notices(SLOT - HOUR, meeting, before)
    db.session.commit()

    statuses = [(row.kind, row.method, row.status) for row in outbox_rows()]

    assert ("chaser", None, "queued") in statuses
    assert statuses.count(("invite", "REQUEST", "superseded")) == 2


def test_a_digest_about_no_one_meeting_is_sent(app):
    recipient = Recipient("chair@example.org", "A Chair", "chair")
    queue_plain_email(SLOT, "digest", recipient, "Your open escalations", WORDS, None)
    db.session.commit()
    transport = MemoryTransport()

    assert relay_due(Clock(SLOT), transport).sent == 1
    (row,) = outbox_rows()
    assert row.meeting_id is None and row.status == "sent"
