"""A manager's agreement: to a meeting held or booked after its request's latest day, or to an
in-person meeting in a room that does not meet the request's needs.

pending -> agreed | refused. Asked for when an admin does the thing (it is done, and waits in
the managers' queue); agreed at once, naming them, when a manager does it themselves. At most
one is pending per kind and meeting (or request, for an override), so two admins acting at
once cannot queue the same question twice.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.meetings import Meeting
from app.models.requests import MeetingRequest


class ApprovalKind(StrEnum):
    LATE_MEETING = "late_meeting"  # held after the latest day
    LATE_BOOKING = "late_booking"  # booked or moved to a day after the latest day
    IN_PERSON_OVERRIDE = "in_person_override"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    AGREED = "agreed"
    REFUSED = "refused"


REFUSAL_LENGTH = 500
_PENDING = f"status = '{ApprovalStatus.PENDING}'"
_OVERRIDE = f"kind = '{ApprovalKind.IN_PERSON_OVERRIDE}'"


class Approval(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Always the request; the meeting too for a late meeting or booking (an override is about
    # the request, before any meeting is booked).
    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_requests.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default=ApprovalStatus.PENDING.value)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refusal_reason: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[MeetingRequest] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("kind", ApprovalKind), name="kind_known"),
        CheckConstraint(one_of("status", ApprovalStatus), name="status_known"),
        CheckConstraint(
            f"({_OVERRIDE} AND meeting_id IS NULL) OR (NOT {_OVERRIDE} AND meeting_id IS NOT NULL)",
            name="meeting_unless_override",
        ),
        CheckConstraint(
            f"({_PENDING} AND decided_by_id IS NULL AND decided_at IS NULL) OR "
            f"(NOT {_PENDING} AND decided_by_id IS NOT NULL AND decided_at IS NOT NULL)",
            name="decided_when_decided",
        ),
        CheckConstraint(
            "(status = 'refused' AND length(trim(refusal_reason)) > 0) OR "
            "(status <> 'refused' AND refusal_reason = '')",
            name="refusal_reason_when_refused",
        ),
        CheckConstraint("length(trim(reason)) > 0", name="reason_given"),
        Index(
            "uq_approvals_one_pending_per_meeting",
            "kind",
            "meeting_id",
            unique=True,
            sqlite_where=text(_PENDING),
            postgresql_where=text(_PENDING),
        ),
        Index(
            "uq_approvals_one_pending_override",
            "request_id",
            unique=True,
            sqlite_where=text(f"{_PENDING} AND {_OVERRIDE}"),
            postgresql_where=text(f"{_PENDING} AND {_OVERRIDE}"),
        ),
    )
