"""The outbox relay: claim a due message, send it, record what happened.

Run by the scheduler process every few seconds (app.scheduler.jobs.outbox_sweep). Safe with
two relays at once: a claim is its own short transaction that moves the row to `sending` with a
lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so the other relay takes the next row; SQLite:
every transaction is `BEGIN IMMEDIATE`, so claims are serialised). A relay that dies after sending
but before recording leaves the row `sending`; when the lease runs out it is sent again, as the
same stored bytes (same Message-ID, UID and SEQUENCE), which mail and calendar clients apply
once.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.mail import PermanentFailure, TransientFailure, Transport
from app.models import OutboxMessage
from app.services import audit
from app.services.notifications.outbox import message_bytes

log = logging.getLogger("quorum.outbox")


@dataclass(frozen=True)
class RelayPolicy:
    retry_base: timedelta = timedelta(seconds=30)
    retry_cap: timedelta = timedelta(hours=1)
    # Longer than an SMTP timeout: a claimed row is not taken by another relay while it sends.
    lease: timedelta = timedelta(minutes=5)
    # A sweep ends after this many, so it is bounded; large enough that confirming a month's
    # plan (about 800 invites) is delivered in one sweep, not over several minutes.
    batch: int = 1000

    @classmethod
    def from_config(cls, config: Mapping) -> "RelayPolicy":
        return cls(
            retry_base=timedelta(seconds=int(config["QUORUM_OUTBOX_RETRY_BASE_SECONDS"])),
            retry_cap=timedelta(seconds=int(config["QUORUM_OUTBOX_RETRY_CAP_SECONDS"])),
        )

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min, 4 min … up to the cap: a mail server that is down for an hour
        is not hammered, and one that is back is used within the cap."""
        return min(self.retry_base * 2 ** max(attempts - 1, 0), self.retry_cap)


@dataclass(frozen=True)
class Claim:
    id: int
    attempts: int
    body: bytes


@dataclass
class RelayReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def relay_due(
    clock: Callable[[], datetime], transport: Transport, relay_policy: RelayPolicy = RelayPolicy()
) -> RelayReport:
    """Send what is due, oldest first. The first transient failure ends the sweep: the server
    is probably down, and the rest wait for the next sweep rather than each timing out."""
    report = RelayReport()
    for _ in range(relay_policy.batch):
        claim = claim_next(clock(), relay_policy.lease)
        if claim is None:
            break
        error = _send(claim, transport)
        outcome = record_outcome(clock(), claim, error, relay_policy)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome == "retrying":
            break
    return report


def _due(now: datetime):
    return or_(
        and_(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now),
        # A relay that claimed it died before recording the outcome: its lease has run out.
        and_(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now),
    )


def newer_message_exists(row: OutboxMessage) -> bool:
    """A later invite to the same person about the same meeting replaces this invite. Only
    invites: a chaser or a briefing is not a calendar message, so it neither replaces an invite
    nor is replaced by one."""
    if row.kind != "invite":
        return False
    query = select(OutboxMessage.id).where(
        OutboxMessage.kind == "invite",
        # A meeting's invites, or a visit's (the other is NULL on both: IS NULL here).
        OutboxMessage.meeting_id == row.meeting_id,
        OutboxMessage.reg44_visit_id == row.reg44_visit_id,
        func.lower(OutboxMessage.recipient_email) == row.recipient_email.lower(),
        OutboxMessage.id > row.id,
    )
    return db.session.scalar(query.limit(1)) is not None


def _older_being_sent():
    """An older invite to the same person still being sent: the newer invite waits for it, so
    the two arrive in the order they were written (plain emails have no order to keep)."""
    older = aliased(OutboxMessage)
    return (
        select(older.id)
        .where(
            OutboxMessage.kind == "invite",
            older.kind == "invite",
            or_(
                older.meeting_id == OutboxMessage.meeting_id,
                older.reg44_visit_id == OutboxMessage.reg44_visit_id,
            ),
            func.lower(older.recipient_email) == func.lower(OutboxMessage.recipient_email),
            older.id < OutboxMessage.id,
            older.status == "sending",
        )
        .exists()
    )


def claim_next(now: datetime, lease: timedelta) -> Claim | None:
    """The oldest due message, claimed; one with a newer message to the same person is marked
    superseded on the way (a claim that lapsed, or written before superseding existed)."""
    while True:
        row = db.session.scalars(
            select(OutboxMessage)
            .where(_due(now), ~_older_being_sent())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            db.session.rollback()
            return None
        if newer_message_exists(row):
            row.status = "superseded"
        elif _built(now, row):
            break
        db.session.commit()
    row.status, row.attempts, row.next_attempt_at = "sending", row.attempts + 1, now + lease
    claim = Claim(row.id, row.attempts, message_bytes(row))  # built and kept by _built
    db.session.commit()
    return claim


def _built(now: datetime, row: OutboxMessage) -> bool:
    """Build the message on its first claim and keep the bytes, so a resend is the same email.
    One that cannot be built fails alone, in words on the outbox page, and the queue goes on."""
    if row.body is not None:
        return True
    try:
        row.body = message_bytes(row)
    except Exception as error:  # a fault of ours must not hold up everyone else's mail
        log.exception("outbox message %s: could not be built", row.id)
        row.status, row.last_error = "failed", f"Could not be built: {_words(error)}"
        audit.record(now, None, "outbox.failed", row, f"meeting_id={row.meeting_id}")
        return False
    return True


def _send(claim: Claim, transport: Transport) -> Exception | None:
    try:
        transport.send(stored_message(claim.body))
    except (TransientFailure, PermanentFailure) as error:
        return error
    except Exception as error:  # a fault of ours must not lose the message: retry it later
        log.exception("outbox message %s: unexpected error while sending", claim.id)
        return TransientFailure(f"{type(error).__name__}: {error}")
    return None


def stored_message(body: bytes) -> EmailMessage:
    return message_from_bytes(body, _class=EmailMessage, policy=policy.SMTP)


def record_outcome(
    now: datetime, claim: Claim, error: Exception | None, relay_policy: RelayPolicy
) -> str:
    """'sent', 'retrying' or 'failed', written in one short transaction."""
    row = db.session.get_one(OutboxMessage, claim.id, with_for_update=True)
    if error is None:
        row.status, row.sent_at, row.last_error = "sent", now, ""
        outcome = "sent"
    elif _still_ours(row, claim) and newer_message_exists(row):
        # Written while this one was being sent: the newer message is the one that counts.
        row.status, row.last_error = "superseded", _words(error)
        outcome = "retrying" if isinstance(error, TransientFailure) else "failed"
    elif isinstance(error, PermanentFailure):
        row.status, row.last_error = "failed", _words(error)
        audit.record(now, None, "outbox.failed", row, f"meeting_id={row.meeting_id}")
        outcome = "failed"
    elif _still_ours(row, claim):
        row.status, row.last_error = "queued", _words(error)
        row.next_attempt_at = now + relay_policy.backoff(claim.attempts)
        outcome = "retrying"
    else:  # our lease ran out and another relay has it now: leave it to that one
        outcome = "retrying"
    db.session.commit()
    log.info("outbox message %s: %s (attempt %s)", claim.id, outcome, claim.attempts)
    return outcome


def _still_ours(row: OutboxMessage, claim: Claim) -> bool:
    return row.status == "sending" and row.attempts == claim.attempts


def _words(error: Exception) -> str:
    return (str(error) or type(error).__name__)[:2000]
