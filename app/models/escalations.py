"""Escalations: a professional who sent neither a report nor apologies for a meeting is proposed
to the meeting's chair after it, who raises it with the professional's agency or dismisses it.

proposed -> raised -> resolved, or proposed -> dismissed (with a reason). One per person per
meeting, so the sweep that proposes them can run again at any time.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of
from app.models.cases import Person
from app.models.meetings import Meeting
from app.models.staff import Chair


class EscalationStatus(StrEnum):
    PROPOSED = "proposed"
    RAISED = "raised"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


# The agency an escalation goes to, from the person's role (app.services.escalations).
ORGANISATIONS = {
    "gp": "GP",
    "social_work": "Social worker / practice supervisor",
    "education": "Education",
    "early_help": "Early help",
    "health_visitor": "Health visitor",
    "police": "Police",
    "probation": "Probation",
    "housing": "Housing",
    "advocate": "Advocate",
    "other_health": "Other health",
    "other": "Other",
}
# A short fixed list, so the quarterly figures can count them; "" until the chair picks one.
THEMES = {
    "no_report": "No report sent",
    "late_report": "Report sent too late to share",
    "no_attendance": "Did not attend or send apologies",
    "report_quality": "Report not fit for the meeting",
    "other": "Other",
}
DISMISS_REASON_LENGTH = 500


class Escalation(Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    chair_id: Mapped[int] = mapped_column(ForeignKey("chairs.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(20))
    theme: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(12), default=EscalationStatus.PROPOSED.value)
    dismiss_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the chair raised it with the agency: what the weekly and quarterly figures count by
    # (acted_at moves on when it is resolved).
    raised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person] = relationship()
    chair: Mapped[Chair] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id", name="uq_escalations_meeting_person"),
        CheckConstraint(one_of("status", EscalationStatus), name="status_known"),
        CheckConstraint(one_of("organisation", ORGANISATIONS), name="organisation_known"),
        CheckConstraint("theme = '' OR " + one_of("theme", THEMES), name="theme_known"),
        CheckConstraint(
            "status = 'dismissed' OR dismiss_reason = ''", name="reason_only_dismissed"
        ),
    )
