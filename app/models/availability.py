"""Times when a chair, a room or a person cannot be booked."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, one_of

UNAVAILABILITY_KINDS = ("leave", "sickness", "training", "court", "closure", "commitment", "other")


class Unavailability(Base):
    __tablename__ = "unavailabilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "(CASE WHEN chair_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN room_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_owner",
        ),
        CheckConstraint(one_of("kind", UNAVAILABILITY_KINDS), name="kind_known"),
    )
