"""Meetings held before the service used Quorum, imported from its own spreadsheets so the
figures can set this year beside earlier ones. History only: no invites, no solver, no chain.

One import is all-or-nothing (`HistoryImport` and its rows); a meeting is imported once (the
same type, case and day twice is refused).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.requests import MEETING_TYPES
from app.models.staff import Chair, User


class HistoryImport(Base):
    __tablename__ = "history_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    imported_by: Mapped[User | None] = relationship()


class HistoricalMeeting(Base):
    __tablename__ = "historical_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("history_imports.id", ondelete="CASCADE"), index=True
    )
    row_number: Mapped[int]  # in the file, so a question about a figure finds its row
    meeting_type: Mapped[str] = mapped_column(String(24))
    case_reference: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[date] = mapped_column(index=True)
    latest: Mapped[date]  # the statutory latest day
    children: Mapped[int] = mapped_column(default=1)  # a sibling group's review is one meeting
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    late_reason: Mapped[str] = mapped_column(Text, default="")
    agreed_by: Mapped[str] = mapped_column(String(120), default="")
    rearranged: Mapped[int] = mapped_column(default=0)  # times it was rearranged
    rearranged_reason: Mapped[str] = mapped_column(Text, default="")

    chair: Mapped[Chair | None] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("meeting_type", MEETING_TYPES), name="type_known"),
        CheckConstraint("children BETWEEN 1 AND 30", name="children_range"),
        CheckConstraint("rearranged >= 0", name="rearranged_not_negative"),
        CheckConstraint(
            "held_on <= latest OR (length(trim(late_reason)) > 0 AND length(trim(agreed_by)) > 0)",
            name="late_explained",
        ),
        UniqueConstraint("meeting_type", "case_reference", "held_on", name="uq_historical_meeting"),
    )
