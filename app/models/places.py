"""Localities, the driving times between them, and rooms."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of

HYBRID_LEVELS = ("full", "none")


class Locality(Base):
    __tablename__ = "localities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    def __repr__(self) -> str:
        return f"<Locality {self.name}>"


class TravelTime(Base):
    """Driving minutes between two localities, stored once per unordered pair (a < b)."""

    __tablename__ = "travel_times"

    locality_a_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), primary_key=True)
    locality_b_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), primary_key=True)
    minutes: Mapped[int]

    locality_a: Mapped[Locality] = relationship(foreign_keys=[locality_a_id])
    locality_b: Mapped[Locality] = relationship(foreign_keys=[locality_b_id])

    __table_args__ = (
        CheckConstraint("locality_a_id < locality_b_id", name="pair_ordered"),
        CheckConstraint("minutes >= 0 AND minutes <= 600", name="minutes_in_range"),
    )


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    address: Mapped[str] = mapped_column(String(300))
    capacity: Mapped[int]
    hybrid: Mapped[str] = mapped_column(String(8), default="none")
    step_free: Mapped[bool] = mapped_column(default=False)
    separate_waiting_area: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    locality: Mapped[Locality] = relationship()

    __table_args__ = (
        UniqueConstraint("locality_id", "name", name="uq_rooms_locality_name"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint(one_of("hybrid", HYBRID_LEVELS), name="hybrid_level"),
    )
