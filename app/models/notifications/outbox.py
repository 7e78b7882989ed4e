"""The outbox: every invite or cancellation, written in the same transaction as the booking
change that causes it, and every plain email (a report chaser, a chair's briefing, a weekly
digest) written in the same transaction as the record that it was due; all relayed later by the
scheduler process (app.services.notifications.outbox and outbox_relay).

A message is queued as its inputs (`content`, app.invites.stored), which is cheap inside a
booking's transaction, and built by the relay when it first claims it. The built bytes are then
stored and never rebuilt: a resend after a crash is the same bytes, with the same Message-ID, UID
and SEQUENCE, which calendar clients apply once.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.meetings import Meeting


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPERSEDED = "superseded"  # a newer message to the same person replaced it, unsent


class OutboxKind(StrEnum):
    INVITE = "invite"  # an invite or cancellation: iMIP, with a calendar part
    CHASER = "chaser"  # a professional's report reminder: plain text and HTML
    BRIEFING = "briefing"  # the chair's briefing the working day before
    DIGEST = "digest"  # a chair's weekly list of open escalations: about no one meeting


AUDIENCES = ("family", "professional", "chair")
METHODS = ("REQUEST", "CANCEL")
# What each kind of plain email is called on the Outbox page.
KIND_WORDS = {"chaser": "Report reminder", "briefing": "Chair's briefing",
              "digest": "Weekly escalations"}  # fmt: skip


INVITE_FIELDS = (
    "(kind = 'invite' AND method IS NOT NULL AND sequence IS NOT NULL)"
    " OR (kind <> 'invite' AND method IS NULL AND sequence IS NULL)"
)
MEETING_UNLESS_DIGEST = (
    "kind = 'digest' OR (meeting_id IS NOT NULL AND reg44_visit_id IS NULL)"
    " OR (kind = 'invite' AND meeting_id IS NULL AND reg44_visit_id IS NOT NULL)"
)


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), default=OutboxKind.INVITE.value)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # A Regulation 44 visit's private booking, sent to its visitor only (no meeting).
    reg44_visit_id: Mapped[int | None] = mapped_column(ForeignKey("reg44_visits.id"), index=True)
    recipient_email: Mapped[str] = mapped_column(String(254))
    recipient_name: Mapped[str] = mapped_column(String(120), default="")
    audience: Mapped[str] = mapped_column(String(12))
    # An invite's iTIP method and SEQUENCE; a plain email has neither.
    method: Mapped[str | None] = mapped_column(String(8))
    sequence: Mapped[int | None]
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    # The .eml exactly as it is sent, once built; until then what builds it (JSON).
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    content: Mapped[str | None] = mapped_column(Text)
    # queued -> sending (claimed by a relay until next_attempt_at, its lease) -> sent | failed;
    # a transient failure puts it back to queued with next_attempt_at pushed out (backoff).
    # A newer message to the same person for the same meeting makes an unsent one superseded:
    # it is never sent, so a calendar never gets an older invite after a newer one.
    status: Mapped[str] = mapped_column(String(12), default=OutboxStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting | None] = relationship()

    @property
    def what(self) -> str:
        """What the message is, in the Outbox page's words."""
        if self.kind == OutboxKind.INVITE:
            return "Invite" if self.method == "REQUEST" else "Cancellation"
        return KIND_WORDS.get(self.kind, self.kind)

    __table_args__ = (
        CheckConstraint(one_of("status", OutboxStatus), name="status_known"),
        CheckConstraint(one_of("audience", AUDIENCES), name="audience_known"),
        CheckConstraint(one_of("kind", OutboxKind), name="kind_known"),
        CheckConstraint(one_of("method", METHODS), name="method_known"),
        # Only an invite is a calendar message; only a digest is about no one meeting (or
        # visit); an invite is about a meeting or a visit, never both.
        CheckConstraint(INVITE_FIELDS, name="method_only_invites"),
        CheckConstraint(MEETING_UNLESS_DIGEST, name="meeting_unless_digest"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("body IS NOT NULL OR content IS NOT NULL", name="body_or_content"),
        # The relay's one query: what is due now, oldest first.
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )
