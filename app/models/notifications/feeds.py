"""Calendar subscription feeds (webcal://…/feeds/<secret>.ics), one per chair or per room.

Only the SHA-256 of a feed's secret is stored: the link is shown once, when it is made.
Rotating makes a new secret and revokes the old; a revoked feed answers 404.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.places import Room
from app.models.staff import Chair

FEED_KINDS = ("chair", "room")
_LIVE_CHAIR = "revoked_at IS NULL AND chair_id IS NOT NULL"
_LIVE_ROOM = "revoked_at IS NULL AND room_id IS NOT NULL"


class CalendarFeed(Base):
    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    # A secret carries 256 random bits, so a fast hash is enough (as for API tokens).
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    chair: Mapped[Chair | None] = relationship()
    room: Mapped[Room | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(chair_id IS NULL AND room_id IS NOT NULL) OR "
            "(chair_id IS NOT NULL AND room_id IS NULL)",
            name="one_owner",
        ),
        # One live feed per chair and per room: rotating revokes the old one first.
        Index(
            "uq_calendar_feeds_live_chair",
            "chair_id",
            unique=True,
            sqlite_where=text(_LIVE_CHAIR),
            postgresql_where=text(_LIVE_CHAIR),
        ),  # fmt: skip
        Index(
            "uq_calendar_feeds_live_room",
            "room_id",
            unique=True,
            sqlite_where=text(_LIVE_ROOM),
            postgresql_where=text(_LIVE_ROOM),
        ),  # fmt: skip
    )

    @property
    def kind(self) -> str:
        return "chair" if self.chair_id is not None else "room"

    @property
    def owner_name(self) -> str:
        owner = self.chair if self.chair_id is not None else self.room
        return owner.name if owner is not None else ""
