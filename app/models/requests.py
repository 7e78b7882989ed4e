"""Meeting requests: what admin staff enter, with the statutory window Quorum computes."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.cases import Case, Person
from app.models.places import Locality
from app.models.staff import Chair, User
from app.timescales import MeetingType

# The codes of docs/meeting-types-and-timescales.md; the CHECK below (and migration 0001)
# lists them.
MEETING_TYPES = tuple(kind.value for kind in MeetingType)
SEQUENCES = ("first", "second", "subsequent")
FORMATS = ("in_person", "hybrid", "virtual", "off_site")
ATTENDANCE = ("required", "optional")
# Who someone is at this meeting (a parent, the GP…); a person's own role (Person.role) is the
# default. Invites read the family or the professional wording from it.
ATTENDEE_ROLES = ("parent", "child", "carer", "social_worker", "gp", "school", "health_visitor",
                  "police", "advocate", "interpreter", "other")  # fmt: skip
# How they join: in the room, online, or either (the meeting's format decides).
PRESENCE = ("in_room", "online", "either")
# How two parties kept apart (KeptApart) both coming in person are kept apart; "" is not chosen.
KEPT_APART_ARRANGEMENTS = ("", "arrival_times", "waiting_area")


class RequestStatus(StrEnum):
    OPEN = "open"
    BOOKED = "booked"
    HELD = "held"
    CANCELLED = "cancelled"


class MeetingRequest(Base):
    __tablename__ = "meeting_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting_type: Mapped[str] = mapped_column(String(24))
    sequence: Mapped[str] = mapped_column(String(12), default="first")
    trigger_date: Mapped[date]
    # Pre-birth types count from the expected date of delivery (migration 0003).
    expected_delivery: Mapped[date | None]
    earliest: Mapped[date]
    latest: Mapped[date]
    preferred_latest: Mapped[date | None]
    window_rule: Mapped[str] = mapped_column(String(300), default="")
    duration_minutes: Mapped[int]
    format: Mapped[str] = mapped_column(String(12))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    in_person_count: Mapped[int] = mapped_column(default=1)
    allocated_chair_id: Mapped[int | None] = mapped_column(ForeignKey("chairs.id"))
    chair_fixed: Mapped[bool] = mapped_column(default=False)
    needs_step_free: Mapped[bool] = mapped_column(default=False)
    needs_separate_waiting_area: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str] = mapped_column(String(40), default="")
    not_before_time: Mapped[time | None]  # e.g. after school
    not_after_time: Mapped[time | None]
    joining_link: Mapped[str] = mapped_column(String(500), default="")
    kept_apart_arrangement: Mapped[str] = mapped_column(String(16), default="")
    # A vulnerable parent not in the room, or a virtual meeting for them: a team manager's
    # reason, and their name (the audit row has their user id).
    in_person_override_reason: Mapped[str] = mapped_column(Text, default="")
    in_person_override_by: Mapped[str] = mapped_column(String(120), default="")
    # A children-in-care review of a child old enough invites the advocacy service, unless the
    # admin records here why not (the child has their own advocate, say).
    advocacy_not_invited_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=RequestStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    locality: Mapped[Locality] = relationship()
    allocated_chair: Mapped[Chair | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    attendees: Mapped[list["RequestAttendee"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestAttendee.person_id"
    )

    __table_args__ = (
        CheckConstraint(one_of("meeting_type", MEETING_TYPES), name="type_known"),
        CheckConstraint(one_of("sequence", SEQUENCES), name="sequence_known"),
        CheckConstraint(one_of("format", FORMATS), name="format_known"),
        CheckConstraint(one_of("status", RequestStatus), name="status_known"),
        CheckConstraint(
            one_of("kept_apart_arrangement", KEPT_APART_ARRANGEMENTS),
            name="kept_apart_arrangement_known",
        ),
        CheckConstraint("earliest <= latest", name="window_ordered"),
        CheckConstraint(
            "preferred_latest IS NULL OR (preferred_latest BETWEEN earliest AND latest)",
            name="preferred_inside_window",
        ),
        CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 480 AND duration_minutes % 15 = 0",
            name="duration_on_grain",
        ),
        CheckConstraint("in_person_count BETWEEN 1 AND 60", name="in_person_count_range"),
        CheckConstraint(
            "NOT chair_fixed OR allocated_chair_id IS NOT NULL", name="fixed_chair_named"
        ),
        CheckConstraint(
            "not_before_time IS NULL OR not_after_time IS NULL OR not_before_time < not_after_time",
            name="time_of_day_ordered",
        ),
    )


class RequestAttendee(Base):
    __tablename__ = "request_attendees"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    # Required or optional: the solver plans around required attendees only.
    attendance: Mapped[str] = mapped_column(String(10), default="required")
    role: Mapped[str] = mapped_column(String(40), default="other")
    presence: Mapped[str] = mapped_column(String(10), default="either")
    # Learning or communication needs: kept per meeting (and carried along the chain), not on
    # the shared people directory, which professionals' entries share with families'.
    communication_needs: Mapped[bool] = mapped_column(default=False)

    request: Mapped[MeetingRequest] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("attendance", ATTENDANCE), name="attendance_known"),
        CheckConstraint(one_of("role", ATTENDEE_ROLES), name="role_known"),
        CheckConstraint(one_of("presence", PRESENCE), name="presence_known"),
    )
