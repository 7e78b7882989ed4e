"""What the chaser sweep has sent (or decided not to send): one row per chaser, briefing or
digest, written in the same transaction as its outbox message.

The unique `key` is what makes the sweep safe to run again at any time: a scheduler that was
stopped catches up without sending anything twice, and two sweeps at once cannot both send the
same chaser (the second one's insert fails, and its outbox message is rolled back with it). One
text key rather than a unique constraint over the columns, because the columns that name a
notice differ by kind and both databases treat NULLs in a unique constraint as all different.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, one_of


class NoticeKind(StrEnum):
    # The two chasers to a professional; their days are a local setting (5 and 2 by default).
    CHASER_5 = "chaser_5"  # the first, 5 working days before the meeting by default
    CHASER_2 = "chaser_2"  # the second, 2 working days before by default
    BRIEFING = "briefing"  # the working day before, to the chair
    DIGEST = "digest"  # each week, to a chair with open escalations


class NoticeOutcome(StrEnum):
    SENT = "sent"  # queued in the outbox (the row names it)
    SKIPPED = "skipped"  # its day passed before it could go (short notice): never sent late


class SentNotice(Base):
    __tablename__ = "sent_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "chaser_5:meeting=12:response=40", "digest:chair=3:week=2026-03-09"
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee_responses.id", ondelete="CASCADE")
    )
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    due_on: Mapped[date]  # the London day it fell due
    outcome: Mapped[str] = mapped_column(String(8))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint(one_of("kind", NoticeKind), name="kind_known"),
        CheckConstraint(one_of("outcome", NoticeOutcome), name="outcome_known"),
        CheckConstraint(
            "(outcome = 'sent') = (outbox_message_id IS NOT NULL)", name="sent_has_message"
        ),
    )
