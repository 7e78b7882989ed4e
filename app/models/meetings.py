"""Meetings (bookings). The database itself refuses to double-book a room or a chair: see the
migration that adds `meetings_room_no_overlap` and `meetings_chair_no_overlap`."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.places import Room
from app.models.requests import MeetingRequest
from app.models.staff import Chair


class MeetingStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


AGREED_BY_LENGTH = 120  # the agreeing manager's name, on a late meeting and a late move

# Only these occupy a room or a chair; a proposal or a cancelled meeting blocks nothing.
BLOCKING_STATUSES = (MeetingStatus.CONFIRMED, MeetingStatus.HELD)
_CONFIRMED = f"status = '{MeetingStatus.CONFIRMED}'"


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_requests.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    chair_id: Mapped[int] = mapped_column(ForeignKey("chairs.id"))
    status: Mapped[str] = mapped_column(String(12), default=MeetingStatus.PROPOSED.value)
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True)
    ical_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the meeting is marked held: the next meeting of its chain counts from this day.
    held_on: Mapped[date | None]
    # A meeting held after its request's latest day is out of timescale: why, and which manager
    # agreed it (migration 0003).
    late_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    late_agreed_by: Mapped[str] = mapped_column(
        String(AGREED_BY_LENGTH), default="", server_default=""
    )
    # Locked by an admin (a date fixed with the court, say): a repair keeps it where it is.
    locked: Mapped[bool] = mapped_column(default=False, server_default="0")

    request: Mapped[MeetingRequest] = relationship()
    room: Mapped[Room | None] = relationship()
    chair: Mapped[Chair] = relationship()

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(one_of("status", MeetingStatus), name="status_known"),
        CheckConstraint("ical_sequence >= 0", name="sequence_not_negative"),
        Index("ix_meetings_room_time", "room_id", "starts_at"),
        Index("ix_meetings_chair_time", "chair_id", "starts_at"),
        # A request has one confirmed meeting at most (migration 0006): two confirmations racing
        # for the same request cannot both book it.
        Index(
            "uq_meetings_one_confirmed_per_request",
            "request_id",
            unique=True,
            sqlite_where=text(_CONFIRMED),
            postgresql_where=text(_CONFIRMED),
        ),
    )
