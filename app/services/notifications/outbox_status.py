"""Reading the outbox: counts and failures for the Outbox page, one message as text, the
delivery state of each recipient of a meeting, and putting a failed message back in the queue."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.mail.transports import TransportRefused
from app.models import OutboxMessage
from app.services import NotFound, ServiceError, audit
from app.services.notifications.outbox import message_bytes
from app.services.notifications.outbox_relay import newer_message_exists, stored_message

PAGE_SIZE = 50


@dataclass(frozen=True)
class Counts:
    queued: int
    retrying: int  # queued again after a transient failure
    sending: int
    sent: int
    failed: int
    superseded: int  # replaced by a newer message to the same person, so never sent


@dataclass(frozen=True)
class ReadableMessage:
    row: OutboxMessage
    headers: list[tuple[str, str]]
    text: str  # the plain-text part, as the recipient reads it
    calendar: str  # the text/calendar part
    source: str  # the whole .eml


def counts() -> Counts:
    by_status = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    retrying = db.session.scalar(
        select(func.count()).where(OutboxMessage.status == "queued", OutboxMessage.attempts > 0)
    )
    return Counts(
        queued=by_status.get("queued", 0),
        retrying=retrying or 0,
        sending=by_status.get("sending", 0),
        sent=by_status.get("sent", 0),
        failed=by_status.get("failed", 0),
        superseded=by_status.get("superseded", 0),
    )


def messages(status: str | None = None, limit: int = PAGE_SIZE) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(db.session.scalars(query))


def retrying_messages(limit: int = PAGE_SIZE) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(
        OutboxMessage.status == "queued", OutboxMessage.attempts > 0
    )
    return list(db.session.scalars(query.order_by(OutboxMessage.next_attempt_at).limit(limit)))


def get_message(outbox_id: int) -> OutboxMessage:
    row = db.session.get(OutboxMessage, outbox_id)
    if row is None:
        raise NotFound("That message is not in the outbox.")
    return row


def readable(outbox_id: int) -> ReadableMessage:
    """The message as its recipient reads it, for staff, with the recipient's private reply link
    hidden: whoever holds it can answer as them (apologies, a report)."""
    row = get_message(outbox_id)
    try:
        body = message_bytes(row)
    except Exception:  # the relay marked it failed, with why: show that, not an error page
        failed = f"This message could not be built. {row.last_error}"
        return ReadableMessage(row=row, headers=[], text=failed, calendar="", source="")
    message = stored_message(body)
    wanted = ("From", "To", "Subject", "Date", "Message-ID")
    headers = [(name, str(message[name])) for name in wanted if message[name] is not None]
    text = _part_text(message, "text/plain")
    private = PRIVATE_LINK.search(text) is not None
    return ReadableMessage(
        row=row,
        headers=headers,
        text=PRIVATE_LINK.sub(r"\1[private link, hidden]", text),
        calendar=PRIVATE_LINK.sub(
            r"\1[private link, hidden]", _part_text(message, "text/calendar")
        ),
        source=HIDDEN_SOURCE if private else body.decode("utf-8", "replace"),
    )


# The secret of a private reply link (app.services.replies.links), wherever it is written.
PRIVATE_LINK = re.compile(r"(/reply/)[A-Za-z0-9_-]{20,}")
HIDDEN_SOURCE = "(Not shown: the message holds its recipient's private reply link.)"


def _part_text(message, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_attachment():
            return part.get_content()
    return ""


def delivery_states(meeting_id: int) -> list[OutboxMessage]:
    """The latest invite or cancellation to each recipient of a meeting (what their calendar
    was last sent, and how far it got), in the order they were first written to. A chaser is
    not counted: it would hide whether the invite itself arrived."""
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.meeting_id == meeting_id, OutboxMessage.kind == "invite")
        .order_by(OutboxMessage.id)
    )
    latest: dict[str, OutboxMessage] = {}
    for row in rows:
        latest[row.recipient_email.lower()] = row
    return list(latest.values())


def retry_failed(now: datetime, actor_id: int | None, outbox_id: int) -> OutboxMessage:
    """Send a failed message again (the admin has fixed the address or the server): the same
    bytes, so a recipient who did get it sees no change."""
    row = get_message(outbox_id)
    if row.status == "superseded" or (row.status == "failed" and newer_message_exists(row)):
        raise ServiceError(
            f"A newer message to {row.recipient_name or row.recipient_email} about this meeting "
            "has been written since, so this one will not be sent: sending it now would undo "
            "the newer one in their calendar.",
            "retry",
        )
    if row.status != "failed":
        raise ServiceError("Only a failed message can be sent again.", "retry")
    _requeue(now, actor_id, row)
    db.session.commit()
    return row


def retry_all_failed(now: datetime, actor_id: int | None) -> int:
    """Every failed message that no newer one has replaced, back in the queue (the server or
    its settings are fixed). How many."""
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "failed").order_by(OutboxMessage.id)
    )
    requeued = 0
    for row in rows:
        if not newer_message_exists(row):
            _requeue(now, actor_id, row)
            requeued += 1
    db.session.commit()
    return requeued


def _requeue(now: datetime, actor_id: int | None, row: OutboxMessage) -> None:
    row.status, row.next_attempt_at = "queued", now
    audit.record(now, actor_id, "outbox.retry", row, f"meeting_id={row.meeting_id}")


def server_problem() -> str:
    """The mail server's latest refusal of Quorum itself (its login, its sender address), or
    "": the messages waiting are not at fault, the settings or the server are."""
    row = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status == "queued",
            OutboxMessage.last_error.startswith(TransportRefused.PREFIX),
        )
        .order_by(OutboxMessage.next_attempt_at.desc())
        .limit(1)
    ).first()
    return row.last_error if row else ""
