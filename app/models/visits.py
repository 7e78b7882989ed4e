"""Regulation 44 visits: children's homes, their independent visitors, and each visit.

A home is closed (`closed_on`), never deleted: its visits are the record inspectors ask for.
A home has one current visitor, the one a booking goes to; each visit names who actually made
it, as cover visits by another visitor happen. A visit row is one period of one home: a monthly
home's calendar month (`period_start` the 1st), or a supported-living scheme's span from its
previous visit (`period_start` that visit's date, or the day the home opened).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.places import Locality


class IndependentVisitor(Base):
    __tablename__ = "independent_visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("email LIKE '%_@_%'", name="email_has_at"),
    )


class ChildrensHome(Base):
    __tablename__ = "childrens_homes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    # Visited every few months from the previous visit, not every calendar month.
    supported_living: Mapped[bool] = mapped_column(default=False)
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("independent_visitors.id"))
    opened_on: Mapped[date]  # visits are due from here
    closed_on: Mapped[date | None]

    locality: Mapped[Locality] = relationship()
    visitor: Mapped[IndependentVisitor | None] = relationship()

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
    )


class Reg44Visit(Base):
    __tablename__ = "reg44_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("childrens_homes.id"), index=True)
    period_start: Mapped[date]
    # The window from app.timescales.window when the row was written.
    earliest: Mapped[date]
    latest: Mapped[date]
    visited_on: Mapped[date | None]
    # Who visited, or (not yet visited) who the private booking went to.
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("independent_visitors.id"))
    report_received_on: Mapped[date | None]
    # A planned time sent only to the visitor (never to the home: visits may be unannounced).
    planned_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    planned_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ical_uid: Mapped[str] = mapped_column(String(200), unique=True)
    ical_sequence: Mapped[int] = mapped_column(default=0)

    home: Mapped[ChildrensHome] = relationship()
    visitor: Mapped[IndependentVisitor | None] = relationship()

    __table_args__ = (
        UniqueConstraint("home_id", "period_start", name="uq_reg44_visits_home_period"),
        CheckConstraint("earliest <= latest", name="window_ordered"),
        CheckConstraint("visited_on IS NULL OR visited_on >= period_start", name="visit_in_period"),
        CheckConstraint("visited_on IS NULL OR visitor_id IS NOT NULL", name="visit_has_visitor"),
        CheckConstraint(
            "report_received_on IS NULL OR (visited_on IS NOT NULL"
            " AND report_received_on >= visited_on)",
            name="report_after_visit",
        ),
        CheckConstraint(
            "(planned_starts_at IS NULL) = (planned_ends_at IS NULL)", name="planned_both_or_none"
        ),
        CheckConstraint(
            "planned_starts_at IS NULL OR (planned_ends_at > planned_starts_at"
            " AND visitor_id IS NOT NULL)",
            name="planned_ordered",
        ),
        CheckConstraint("ical_sequence >= 0", name="sequence_not_negative"),
    )
