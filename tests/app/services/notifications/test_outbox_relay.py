"""The outbox relay against a real SMTP server on loopback (aiosmtpd): delivered once, retried
with backoff on 4xx or an unreachable server, failed on 5xx, and the same bytes after a crash."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.scheduler import jobs
from app.scheduler.process import build_scheduler
from app.services.notifications.outbox import message_bytes
from app.services.notifications.outbox_relay import RelayPolicy, relay_due
from tests.app.factories.outbox import (
    SLOT,
    Clock,
    Recorder,
    book,
    make_world,
    outbox_rows,
    smtp_transport,
)

POLICY = RelayPolicy(retry_base=timedelta(seconds=30), retry_cap=timedelta(minutes=4))


def test_the_relay_delivers_each_queued_invite_once(app, smtp):
    recorder, port, start = smtp
    start()
    book(make_world())
    clock = Clock(SLOT)

    first = relay_due(clock, smtp_transport(port), POLICY)
    again = relay_due(clock, smtp_transport(port), POLICY)

    assert (first.sent, again.sent) == (3, 0)
    rows = outbox_rows()
    assert {row.status for row in rows} == {"sent"} and all(row.sent_at for row in rows)
    assert sorted(recorder.message_ids()) == sorted(row.message_id for row in rows)


def test_a_booking_stores_what_builds_each_message_and_the_relay_builds_it_on_its_first_claim(
    app, smtp
):
    recorder, port, start = smtp
    start()
    book(make_world(roles=("parent",)))
    queued = outbox_rows()
    assert all(row.body is None and row.content for row in queued)  # nothing built yet
    expected = {row.id: message_bytes(row) for row in queued}

    relay_due(Clock(SLOT), smtp_transport(port), POLICY)

    db.session.expire_all()
    rows = outbox_rows()
    assert {row.id: row.body for row in rows} == expected  # built once, kept for any resend
    assert sorted(recorder.message_ids()) == sorted(row.message_id for row in rows)


def test_a_message_that_cannot_be_built_fails_alone_and_the_others_are_sent(app, smtp):
    recorder, port, start = smtp
    start()
    book(make_world(roles=("parent",)))
    broken, *others = outbox_rows()
    broken.content = '{"method": "REQUEST"}'  # as if written by a version that stored less
    db.session.commit()

    report = relay_due(Clock(SLOT), smtp_transport(port), POLICY)

    db.session.expire_all()
    assert report.sent == len(others)
    assert broken.status == "failed" and broken.body is None
    assert broken.last_error.startswith("Could not be built")
    assert {row.status for row in others} == {"sent"}
    assert sorted(recorder.message_ids()) == sorted(row.message_id for row in others)


def test_bookings_succeed_while_smtp_is_down_and_all_go_exactly_once_when_it_is_back(app, smtp):
    recorder, port, start = smtp  # nothing listens on the port yet
    clock = Clock(SLOT)
    for _ in range(3):
        book(make_world(), starts_at=clock.now + timedelta(days=len(outbox_rows())))
        relay_due(clock, smtp_transport(port), POLICY)
        clock.advance(timedelta(minutes=1))
    assert {row.status for row in outbox_rows()} == {"queued"}
    assert any(row.attempts > 0 and "Connection" in row.last_error for row in outbox_rows())

    start()
    for _ in range(5):
        clock.advance(timedelta(minutes=5))
        relay_due(clock, smtp_transport(port), POLICY)

    rows = outbox_rows()
    assert len(rows) == 9 and {row.status for row in rows} == {"sent"}
    assert sorted(recorder.message_ids()) == sorted(row.message_id for row in rows)


def test_a_4xx_reply_is_retried_later_with_a_growing_capped_delay(app, smtp):
    _, port, start = smtp
    start(Recorder(reply="451 4.3.0 Try again later"))
    book(make_world(roles=()))  # the chair only: one message
    clock, delays = Clock(SLOT), []
    for _ in range(5):
        relay_due(clock, smtp_transport(port), POLICY)
        (row,) = outbox_rows()
        delays.append(row.next_attempt_at - clock.now)
        clock.now = row.next_attempt_at

    assert (row.status, row.attempts) == ("queued", 5)
    assert "451" in row.last_error
    assert [d.total_seconds() for d in delays] == [30, 60, 120, 240, 240]


def test_a_4xx_message_is_not_sent_again_before_its_delay_is_up(app, smtp):
    _, port, start = smtp
    start(Recorder(reply="451 4.3.0 Try again later"))
    book(make_world(roles=()))
    clock = Clock(SLOT)
    relay_due(clock, smtp_transport(port), POLICY)

    clock.advance(timedelta(seconds=29))
    relay_due(clock, smtp_transport(port), POLICY)

    assert outbox_rows()[0].attempts == 1


def test_a_5xx_reply_marks_the_message_failed_and_it_is_not_retried(app, smtp):
    _, port, start = smtp
    start(Recorder(reply="550 5.1.1 No such mailbox"))
    book(make_world(roles=()))
    clock = Clock(SLOT)

    report = relay_due(clock, smtp_transport(port), POLICY)
    clock.advance(timedelta(days=1))
    relay_due(clock, smtp_transport(port), POLICY)

    (row,) = outbox_rows()
    assert report.failed == 1
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error


class Crash(BaseException):
    """The relay process dying: not an error the relay could catch and record."""


class SendThenCrash:
    def __init__(self, transport):
        self.transport = transport

    def send(self, message):
        self.transport.send(message)
        raise Crash


def test_a_message_resent_after_a_crash_is_the_same_message(app, smtp):
    recorder, port, start = smtp
    start()
    book(make_world(roles=()))
    clock = Clock(SLOT)
    with pytest.raises(Crash):
        relay_due(clock, SendThenCrash(smtp_transport(port)), POLICY)
    db.session.rollback()

    relay_due(clock, smtp_transport(port), POLICY)  # still claimed: its lease has not run out
    assert len(recorder.received) == 1
    clock.advance(POLICY.lease)
    relay_due(clock, smtp_transport(port), POLICY)

    first, second = recorder.received
    assert first == second  # same bytes: same Message-ID, UID and SEQUENCE
    assert outbox_rows()[0].status == "sent"


def test_the_scheduler_sweeps_the_outbox_at_least_every_30_seconds(app):
    job = build_scheduler(app).get_job("outbox_sweep")

    assert job.trigger.interval.total_seconds() <= 30
    assert job.max_instances == 1


def test_the_outbox_sweep_writes_each_message_into_the_mail_folder(app, tmp_path, monkeypatch):
    app.config.update(QUORUM_MAIL_TRANSPORT="folder", QUORUM_MAIL_FOLDER=str(tmp_path))
    book(make_world())
    monkeypatch.setattr(jobs, "utc_now", lambda: SLOT)
    db.session.commit()

    jobs.outbox_sweep(app)

    db.session.expire_all()
    assert len(list(tmp_path.glob("*.eml"))) == 3
    assert {row.status for row in outbox_rows()} == {"sent"}
