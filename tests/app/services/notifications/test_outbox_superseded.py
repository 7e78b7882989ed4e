"""A newer message to the same person replaces their older unsent one: the older is marked
superseded, never sent and never sent again, so a calendar never gets an older invite after a
newer one (REQUEST sequence 0 after CANCEL sequence 1 would bring a cancelled meeting back)."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.mail import TransientFailure
from app.services import ServiceError
from app.services.notifications.outbox_relay import (
    RelayPolicy,
    claim_next,
    record_outcome,
    relay_due,
)
from app.services.notifications.outbox_status import retry_failed
from app.services.requests.requests import cancel_request
from tests.app.factories.outbox import (
    SLOT,
    Clock,
    book,
    calendar_part,
    make_world,
    outbox_rows,
    smtp_transport,
)

POLICY = RelayPolicy(retry_base=timedelta(seconds=30), retry_cap=timedelta(minutes=4))


def _cancel(world, clock: Clock) -> None:
    cancel_request(clock.now, None, world.request.id, "family_request")


def _relay_down(clock: Clock, port: int, times: int) -> None:
    for _ in range(times):
        (row,) = outbox_rows(status="queued")
        clock.now = max(clock.now, row.next_attempt_at)
        relay_due(clock, smtp_transport(port), POLICY)


def test_a_newer_message_supersedes_the_queued_one_to_the_same_person(app):
    world = make_world(roles=())  # the chair only
    book(world)

    _cancel(world, Clock(SLOT))

    assert [(r.method, r.status) for r in outbox_rows()] == [
        ("REQUEST", "superseded"),
        ("CANCEL", "queued"),
    ]


def test_a_sent_message_stays_sent_when_a_newer_one_is_queued(app):
    world = make_world(roles=())
    book(world)
    relay_due(Clock(SLOT), _Memory())

    _cancel(world, Clock(SLOT))

    assert [(r.method, r.status) for r in outbox_rows()] == [
        ("REQUEST", "sent"),
        ("CANCEL", "queued"),
    ]


class _Memory:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


def test_after_an_outage_only_the_newest_message_to_a_person_is_delivered(app, smtp):
    recorder, port, start = smtp  # nothing listens yet
    world, clock = make_world(roles=()), Clock(SLOT)
    book(world)
    _relay_down(clock, port, times=3)  # the REQUEST now waits two minutes before its next try
    clock.advance(timedelta(seconds=10))
    _cancel(world, clock)

    start()
    for _ in range(6):
        relay_due(clock, smtp_transport(port), POLICY)
        clock.advance(timedelta(minutes=5))

    received = [calendar_part(body) for body in recorder.received]
    assert len(received) == 1 and "METHOD:CANCEL" in received[0]  # never the REQUEST after it
    assert [r.status for r in outbox_rows()] == ["superseded", "sent"]


def test_a_message_whose_claim_lapsed_is_not_sent_once_a_newer_one_exists(app, smtp):
    recorder, port, start = smtp
    start()
    world, clock = make_world(roles=()), Clock(SLOT)
    book(world)
    claim_next(clock.now, POLICY.lease)  # a relay took it, then died
    _cancel(world, clock)
    clock.advance(POLICY.lease)

    relay_due(clock, smtp_transport(port), POLICY)

    (body,) = recorder.received
    assert "METHOD:CANCEL" in calendar_part(body)
    assert [r.status for r in outbox_rows()] == ["superseded", "sent"]


def test_a_message_with_a_newer_one_to_the_same_person_cannot_be_sent_again(app):
    world = make_world(roles=())
    book(world)
    (request,) = outbox_rows()
    _cancel(world, Clock(SLOT))
    request.status = "failed"  # it failed while the newer one was being written
    db.session.commit()

    with pytest.raises(ServiceError, match="newer message") as refused:
        retry_failed(SLOT, None, request.id)

    assert world.chair.name in refused.value.message
    assert request.status == "failed"


def test_a_newer_message_waits_while_an_older_one_to_the_same_person_is_being_sent(app, smtp):
    recorder, port, start = smtp
    start()
    world, clock = make_world(roles=()), Clock(SLOT)
    book(world)
    claim_next(clock.now, POLICY.lease)  # another relay is sending the REQUEST right now
    _cancel(world, clock)

    relay_due(clock, smtp_transport(port), POLICY)

    assert recorder.received == []
    assert [r.status for r in outbox_rows()] == ["sending", "queued"]


def test_a_message_that_fails_while_a_newer_one_is_written_is_not_queued_again(app):
    world, clock = make_world(roles=()), Clock(SLOT)
    book(world)
    claim = claim_next(clock.now, POLICY.lease)
    _cancel(world, clock)

    record_outcome(clock.now, claim, TransientFailure("421 busy"), POLICY)

    assert [r.status for r in outbox_rows()] == ["superseded", "queued"]
