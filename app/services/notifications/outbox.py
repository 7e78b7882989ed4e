"""Queueing invites and cancellations (and plain emails: chasers, briefings, digests) in the
outbox, in the caller's transaction.

A booking change and the messages it causes commit together or not at all: this module adds
rows and never commits. The relay (app.services.notifications.outbox_relay) sends them later,
so a booking never waits for, or fails because of, the mail server. A row holds the email's
inputs, not yet its bytes: building a month's plan's thousand emails was most of its
confirmation's time, so the relay builds each one when it first claims it (message_bytes).

What each recipient last saw is the `before` snapshot the caller took (None for a new
meeting); SEQUENCE rises past every sequence already queued for the meeting, so it never falls
and a caller that bumped it already is not bumped twice.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import make_msgid

from sqlalchemy import func, select, update

from app.extensions import db
from app.invites import InviteMeeting, Method, Recipient
from app.invites.content import Paragraph
from app.invites.stored import PendingEmail, PlainEmail, dumps, loads
from app.models import Meeting, MeetingRequest, OutboxMessage
from app.services.notifications import notices
from app.services.replies.links import reply_links

# Statuses whose invite recipients hold; a proposal is not sent, a held meeting stays put.
LIVE_STATUSES = ("confirmed", "held")


@dataclass(frozen=True)
class MeetingSnapshot:
    """What recipients of a meeting see: take it before changing the meeting."""

    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    chair_id: int
    status: str
    # Other things an invite shows: the format and the joining link.
    details: tuple[str, str]
    recipients: Mapping[str, Recipient] = field(default_factory=dict)

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def view(self) -> tuple:
        """What a change of bumps SEQUENCE (held is still the same meeting to a calendar)."""
        return (self.starts_at, self.ends_at, self.room_id, self.chair_id, self.live,
                self.details)  # fmt: skip


def snapshot(meeting: Meeting) -> MeetingSnapshot:
    request = db.session.get_one(MeetingRequest, meeting.request_id)
    return MeetingSnapshot(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        room_id=meeting.room_id,
        chair_id=meeting.chair_id,
        status=meeting.status,
        details=(request.format, request.joining_link),
        recipients=dict(notices.recipients(meeting)),
    )


def queue_meeting_notices(
    now: datetime, meeting: Meeting, before: MeetingSnapshot | None
) -> list[OutboxMessage]:
    """Add (not commit) the messages this change of `meeting` causes: a REQUEST to each current
    recipient whose view changed (all of them on a change of time, room, chair or status; new
    ones only otherwise), a CANCEL to each recipient who is no longer on it."""
    db.session.flush()  # the change itself, so ids and relationships read back as they are now
    after = snapshot(meeting)
    seen = before.recipients if before is not None and before.live else {}
    current = after.recipients if after.live else {}
    removed = [recipient for key, recipient in seen.items() if key not in current]
    changed = bool(seen) and before is not None and before.view != after.view
    if changed:
        invited = dict(current)
    else:
        invited = {key: recipient for key, recipient in current.items() if key not in seen}
    # Someone invited again (re-added after a CANCEL, or a meeting confirmed again after its
    # cancellation) must get a higher SEQUENCE than the last thing they were sent, or their
    # calendar ignores the REQUEST and the meeting stays cancelled for them.
    if changed or removed or _already_sent_to(meeting, list(invited.values())):
        _raise_sequence(meeting)
    _supersede_unsent(meeting, [*invited.values(), *removed])
    invite = notices.invite_meeting(meeting)
    moved = _moved(invite, before)
    links = reply_links(now, meeting) if invited else {}
    messages = [
        _queue(now, meeting, moved if key in seen else invite, _with_link(recipient, links),
               "REQUEST")
        for key, recipient in invited.items()
    ]  # fmt: skip
    messages += [_queue(now, meeting, invite, recipient, "CANCEL") for recipient in removed]
    return messages


def _moved(invite: InviteMeeting, before: MeetingSnapshot | None) -> InviteMeeting:
    """The invite for someone who had the meeting before this change: it says it moved, and
    from when, if its time changed (someone new to it gets a plain invitation)."""
    if before is None or (before.starts_at, before.ends_at) == (invite.starts_at, invite.ends_at):
        return invite
    return replace(invite, previous_starts_at=before.starts_at, previous_ends_at=before.ends_at)


def queue_new_meeting_invites(now: datetime, meeting: Meeting) -> list[OutboxMessage]:
    """Add (not commit) a REQUEST to each recipient of a meeting just added. Nothing can have
    been queued for a new meeting, so the checks against earlier messages are skipped: a plan's
    confirmation books a few hundred meetings in one transaction, and they were half its
    statements."""
    db.session.flush()  # the meeting's id, and its request's attendees as they are now
    invite = notices.invite_meeting(meeting)
    links = reply_links(now, meeting)
    return [_queue(now, meeting, invite, _with_link(recipient, links), "REQUEST")
            for recipient in notices.recipients(meeting).values()]  # fmt: skip


def _with_link(recipient: Recipient, links: Mapping[str, str]) -> Recipient:
    """A professional's invite carries their private page to reply, send apologies or upload
    their report (app.services.replies); a cancellation does not (the link has closed)."""
    if recipient.audience != "professional":
        return recipient
    return replace(recipient, reply_url=links.get(recipient.email.lower()))


def _already_sent_to(meeting: Meeting, recipients: list[Recipient]) -> bool:
    emails = [recipient.email.lower() for recipient in recipients]
    if not emails:
        return False
    query = select(OutboxMessage.id).where(
        OutboxMessage.kind == "invite",  # a chaser is not a calendar message: no SEQUENCE
        OutboxMessage.meeting_id == meeting.id,
        func.lower(OutboxMessage.recipient_email).in_(emails),
    )
    return db.session.scalar(query.limit(1)) is not None


def _raise_sequence(meeting: Meeting) -> None:
    """One past the highest sequence already queued for this meeting, and never lower than it
    is: a caller that has bumped it for this change is not bumped twice."""
    last = db.session.scalar(
        select(func.max(OutboxMessage.sequence)).where(OutboxMessage.meeting_id == meeting.id)
    )
    floor = meeting.ical_sequence + 1 if last is None else last + 1
    meeting.ical_sequence = max(meeting.ical_sequence, floor)


def _queue(
    now: datetime, meeting: Meeting, invite: InviteMeeting, recipient: Recipient, method: Method
) -> OutboxMessage:
    message_id = make_msgid(domain=_mail_domain())
    pending = PendingEmail(invite, recipient, method, notices.organizer(), now, message_id)
    return _add(now, "invite", meeting.id, recipient, message_id, dumps(pending),
                method=method, sequence=invite.sequence)  # fmt: skip


def queue_visit_invite(
    now: datetime, visit_id: int, invite: InviteMeeting, recipient: Recipient, method: Method
) -> OutboxMessage:
    """Add (not commit) a Regulation 44 visit's booking, or its cancellation, for its visitor
    alone. Their unsent earlier messages about the visit are superseded first, as a meeting's
    are, so a calendar never gets an older booking after a newer one."""
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.kind == "invite",
            OutboxMessage.reg44_visit_id == visit_id,
            func.lower(OutboxMessage.recipient_email) == recipient.email.lower(),
            OutboxMessage.status.in_(("queued", "failed")),
        )
        .values(status="superseded")
        .execution_options(synchronize_session="fetch")
    )
    message_id = make_msgid(domain=_mail_domain())
    pending = PendingEmail(invite, recipient, method, notices.organizer(), now, message_id)
    return _add(now, "invite", None, recipient, message_id, dumps(pending), method=method,
                sequence=invite.sequence, reg44_visit_id=visit_id)  # fmt: skip


def _add(now: datetime, kind: str, meeting_id: int | None, recipient: Recipient, message_id: str,
         content: str, method: str | None = None, sequence: int | None = None,
         reg44_visit_id: int | None = None) -> OutboxMessage:  # fmt: skip
    """The queued row: `content` builds the email when the relay first claims it
    (message_bytes)."""
    row = OutboxMessage(
        kind=kind, meeting_id=meeting_id, reg44_visit_id=reg44_visit_id,
        recipient_email=recipient.email,
        recipient_name=recipient.name[:120], audience=recipient.audience, method=method,
        sequence=sequence, message_id=message_id, content=content, status="queued",
        attempts=0, next_attempt_at=now, last_error="", created_at=now,
    )  # fmt: skip
    db.session.add(row)
    return row


def _supersede_unsent(meeting: Meeting, recipients: list[Recipient]) -> None:
    """These people's unsent messages about the meeting are out of date: after an outage the
    backoff could send them after the new one (a REQUEST after its CANCEL would bring the
    meeting back). One being sent now is left to its relay, which checks again afterwards.
    One statement for all of them, before their new messages are added."""
    emails = sorted({recipient.email.lower() for recipient in recipients})
    if not emails:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.kind == "invite",  # a new invite never replaces a chaser
            OutboxMessage.meeting_id == meeting.id,
            func.lower(OutboxMessage.recipient_email).in_(emails),
            OutboxMessage.status.in_(("queued", "failed")),
        )
        .values(status="superseded")
        .execution_options(synchronize_session="fetch")
    )


def queue_plain_email(
    now: datetime,
    kind: str,
    recipient: Recipient,
    subject: str,
    paragraphs: list[Paragraph],
    meeting_id: int | None,
) -> OutboxMessage:
    """Add (not commit) a plain email (a chaser, a briefing, a digest). It is relayed with the
    same retries, lease and once-only sending as an invite, but never supersedes one or is
    superseded: it is not a calendar message, so there is no order to keep."""
    message_id = make_msgid(domain=_mail_domain())
    pending = PlainEmail(recipient, notices.organizer(), subject, tuple(paragraphs), now,
                         message_id)  # fmt: skip
    return _add(now, kind, meeting_id, recipient, message_id, dumps(pending))


def message_bytes(row: OutboxMessage) -> bytes:
    """The message exactly as it is (or will be) sent: its stored bytes once the relay has
    built them, else built now from its inputs, which give the same bytes every time."""
    if row.body is not None:
        return row.body
    if row.content is None:  # the table's check constraint keeps one or the other
        raise ValueError(f"outbox message {row.id} has neither body nor content")
    inputs = PendingEmail if row.kind == "invite" else PlainEmail
    return loads(row.content, inputs).as_bytes()


def _mail_domain() -> str:
    return notices.organizer().email.rpartition("@")[2] or "quorum.invalid"
