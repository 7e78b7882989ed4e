"""What each invited person has said about a meeting, through the private link in their invite:
whether they will come (in the room or online) or send apologies, and the report they upload.

One row per attendee of a request (the request outlives a moved meeting, and so does the link).
The link's secret is not in this table: it is derived from the server's key and the row's random
`link_salt` whenever an email is written, and only its SHA-256 is kept here, for the lookup.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.cases import Person
from app.models.requests import MeetingRequest

REPLIES = ("none", "attending_in_room", "attending_online", "apologies")
REPORT_KINDS = ("pdf", "docx", "doc")
REPORT_MAX_BYTES = 10 * 1024 * 1024


class AttendeeResponse(Base):
    __tablename__ = "attendee_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    link_salt: Mapped[str] = mapped_column(String(32))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reply: Mapped[str] = mapped_column(String(20), default="none")
    apology_reason: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    request: Mapped[MeetingRequest] = relationship()
    person: Mapped[Person] = relationship()
    reports: Mapped[list["AttendeeReport"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="AttendeeReport.id"
    )

    __table_args__ = (
        UniqueConstraint("request_id", "person_id", name="uq_attendee_responses_attendee"),
        CheckConstraint(one_of("reply", REPLIES), name="reply_known"),
        CheckConstraint("reply = 'apologies' OR apology_reason = ''", name="reason_only_apologies"),
    )


class AttendeeReport(Base):
    """A report uploaded through the private link; the file is kept outside the web root
    (QUORUM_REPORTS_DIR) under a random name, and only staff and the meeting's chair read it."""

    __tablename__ = "attendee_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("attendee_responses.id", ondelete="CASCADE"), index=True
    )
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    response: Mapped[AttendeeResponse] = relationship(back_populates="reports")

    __table_args__ = (
        CheckConstraint(one_of("kind", REPORT_KINDS), name="kind_known"),
        CheckConstraint(f"size_bytes > 0 AND size_bytes <= {REPORT_MAX_BYTES}", name="size_range"),
    )
