"""Rearrangements: a change an admin records (a chair off sick, a room closed, a window moved by
a court order…), with its reason from a fixed list, the repair it needed and every move it made:
what moved, from where to where, why, and who decided. Kept for the reports (migration 0008)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.meetings import AGREED_BY_LENGTH, Meeting
from app.models.staff import User

# The reasons the service records for a rearrangement, in the admin's words.
REASONS = {
    "court": "Court delay or order",
    "placement": "Placement change",
    "family_request": "Family request",
    "professional_unavailable": "Professional unavailable",
    "chair_absence": "Chair absence",
    "room_or_it_failure": "Room or IT failure",
    "reports_late": "Reports not shared with the family in time",
    "inquorate": "Inquorate – not enough professionals",
    "other": "Other",
}
KINDS = {
    "window_changed": "The meeting's window changed",
    "chair_unavailable": "A chair is unavailable",
    "room_closed": "A room is closed",
    "attendee_unavailable": "A required attendee cannot attend",
    "cancelled": "The meeting is cancelled",
    "brought_forward": "The meeting must be brought forward",
    "moved_by_hand": "The meeting is moved by hand",
}
# repairing: a repair run is being made or reviewed; nothing moved yet.


class RearrangementStatus(StrEnum):
    REPAIRING = "repairing"
    CONFIRMED = "confirmed"
    DISCARDED = "discarded"
    APPLIED = "applied"


CHANGES = ("moved", "cancelled", "unplaced")


class Rearrangement(Base):
    __tablename__ = "rearrangements"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(String(32))
    reason_text: Mapped[str] = mapped_column(Text, default="")  # required for "other"
    summary: Mapped[str] = mapped_column(String(300))  # the change, in words, no child detail
    status: Mapped[str] = mapped_column(String(12), default=RearrangementStatus.REPAIRING.value)
    plan_run_id: Mapped[int | None] = mapped_column(ForeignKey("plan_runs.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    moves: Mapped[list["RearrangementMove"]] = relationship(
        back_populates="rearrangement", order_by="RearrangementMove.id"
    )

    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        CheckConstraint(one_of("reason", REASONS), name="reason_known"),
        CheckConstraint(one_of("status", RearrangementStatus), name="status_known"),
        CheckConstraint(
            "reason <> 'other' OR length(trim(reason_text)) > 0", name="other_says_why"
        ),
        Index("ix_rearrangements_created_at", "created_at"),
    )


class RearrangementMove(Base):
    """One meeting a rearrangement changed: where it was, where it went (none when cancelled or
    left unplaced), and for a meeting now out of timescale, why and which manager agreed."""

    __tablename__ = "rearrangement_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    rearrangement_id: Mapped[int] = mapped_column(ForeignKey("rearrangements.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    change: Mapped[str] = mapped_column(String(12))
    from_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    from_chair_id: Mapped[int] = mapped_column(ForeignKey("chairs.id"))
    from_room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    to_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    to_chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    to_room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    late_reason: Mapped[str] = mapped_column(Text, default="")
    late_agreed_by: Mapped[str] = mapped_column(String(AGREED_BY_LENGTH), default="")

    rearrangement: Mapped[Rearrangement] = relationship(back_populates="moves")
    meeting: Mapped[Meeting] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("change", CHANGES), name="change_known"),
        CheckConstraint(
            "(change = 'moved') = (to_starts_at IS NOT NULL AND to_chair_id IS NOT NULL)",
            name="moved_has_destination",
        ),
    )
