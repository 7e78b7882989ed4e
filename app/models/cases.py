"""People (family members and professionals) and cases.

A case is known by an opaque reference; children by initials and date of birth only.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.places import Locality
from app.models.staff import Chair


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))  # parent, social_worker, gp, school, police…
    organisation: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    home_locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    allocated_chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    # A parent in a case flagged for domestic abuse is seen in person (in the room).
    domestic_abuse: Mapped[bool] = mapped_column(default=False)

    home_locality: Mapped[Locality] = relationship()
    allocated_chair: Mapped[Chair | None] = relationship()
    children: Mapped[list["Child"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Child.id"
    )
    parties: Mapped[list["CaseParty"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.person_id"
    )
    kept_apart: Mapped[list["KeptApart"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closes_after_open"),
    )


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    initials: Mapped[str] = mapped_column(String(4))
    date_of_birth: Mapped[date | None]  # None before birth (pre-birth planning)
    expected_delivery: Mapped[date | None]

    case: Mapped[Case] = relationship(back_populates="children")

    __table_args__ = (
        CheckConstraint("length(initials) BETWEEN 1 AND 4", name="initials_length"),
        CheckConstraint(
            "date_of_birth IS NOT NULL OR expected_delivery IS NOT NULL", name="born_or_expected"
        ),
    )


class CaseParty(Base):
    """A person involved in a case, with their relationship to it."""

    __tablename__ = "case_parties"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    relationship_to_case: Mapped[str] = mapped_column(String(40))

    case: Mapped[Case] = relationship(back_populates="parties")
    person: Mapped[Person] = relationship()


class KeptApart(Base):
    """Two parties who must not meet (a domestic-abuse case): separate waiting areas."""

    __tablename__ = "kept_apart"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    case: Mapped[Case] = relationship(back_populates="kept_apart")
    person_a: Mapped[Person] = relationship(foreign_keys=[person_a_id])
    person_b: Mapped[Person] = relationship(foreign_keys=[person_b_id])

    __table_args__ = (
        UniqueConstraint("case_id", "person_a_id", "person_b_id", name="uq_kept_apart_pair"),
        CheckConstraint("person_a_id < person_b_id", name="pair_ordered"),
    )
