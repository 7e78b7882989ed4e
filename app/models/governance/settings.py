"""The authority's local practice, one row per version, each in force from its day.

Versions are never edited or deleted: a meeting held last year is judged by the rules of last
year, and anyone can see who changed what, from when, and why.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.staff import User


class SettingsVersion(Base):
    __tablename__ = "authority_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(unique=True)
    # Every setting (app.timescales.AuthoritySettings), as JSON: a version stands alone, so a
    # later change to a default in the code never rewrites the rules of an earlier year.
    values: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)
