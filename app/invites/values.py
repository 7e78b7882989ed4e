"""Plain values the invites layer is built from: the outbox turns rows into these, so nothing
here can reach a child's name, date of birth or case detail (it is never given any)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Audience = Literal["family", "professional", "chair"]
Method = Literal["REQUEST", "CANCEL"]
# Who reads an invite, for its wording (app.services.notifications.notices.reader_role maps
# attendees to these). "other" is also what a message queued before roles existed reads as.
READER_ROLES = (
    "parent", "child", "carer", "advocate", "social_worker", "gp", "school", "health_visitor",
    "police", "interpreter", "other",
)  # fmt: skip

FORMATS = ("in_person", "hybrid", "virtual", "off_site")
ONLINE_FORMATS = ("hybrid", "virtual")

# Roles that read the family version of an invite (reader roles and
# app.services.reference.people.PERSON_ROLES alike).
FAMILY_ROLES = frozenset({"parent", "carer", "child", "advocate"})

# What an off-site invite says instead of an address: a foster carer's address never goes out.
OFF_SITE_LOCATION = "At the child's placement"


@dataclass(frozen=True)
class Attendee:
    """Someone expected at the meeting, as the chair's invite lists them: by role, never by
    name (a child may be among them)."""

    role: str  # one of READER_ROLES
    attendance: str  # how they take part: "in_room" | "online" | "either"


@dataclass(frozen=True)
class InviteMeeting:
    uid: str  # Meeting.ical_uid, kept for life
    sequence: int  # Meeting.ical_sequence
    cancelled: bool  # True -> METHOD:CANCEL + STATUS:CANCELLED for everyone
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    summary: str  # e.g. "Initial child protection conference – ref 7F3K" (caller builds it)
    reference: str  # "7F3K": the short non-identifying reference
    format: str  # "in_person" | "hybrid" | "virtual" | "off_site"
    room_name: str | None
    room_address: str | None  # None for virtual/off_site
    step_free: bool | None  # room's step-free access, None if unknown/no room
    join_url: str | None  # hybrid/virtual only
    report_due: date | None  # for professionals
    hybrid_kit: str | None  # for the chair: "fixed room kit" / "bring your portable kit" / None
    # Fields added later have defaults, so a message queued before them still loads.
    meeting_type: str = ""  # the MeetingType code, e.g. "ICPC"; "" words it as "a meeting"
    # For the chair: who is expected, and what the meeting needs.
    attendees: tuple[Attendee, ...] = ()
    interpreter_language: str = ""
    needs_step_free: bool = False
    separate_waiting_area: bool = False
    # When the meeting was, for someone who had it at another time: their invite says "moved".
    previous_starts_at: datetime | None = None
    previous_ends_at: datetime | None = None
    # The consultation form for the child or young person (and their carer) to fill in before.
    consultation_url: str | None = None


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    audience: Audience
    role: str = "other"  # one of READER_ROLES: what the wording is written for
    # Their private page to reply, send apologies or upload a report (professionals).
    reply_url: str | None = None
    # Kept apart from someone else coming (a domestic-abuse case): their own waiting area, or
    # their own arrival time, this many minutes before the start (0: at the start, not before).
    own_waiting_area: bool = False
    arrive_minutes_before: int | None = None


@dataclass(frozen=True)
class Organizer:
    email: str  # the service mailbox, e.g. "meetings@quorum.invalid"
    name: str  # "Testshire Independent Reviewing Service"


def audience_for_role(person_role: str) -> Audience:
    """Parents, carers, children and advocates read the family version; everyone else (social
    workers, health, school, police…) the professional one. Chairs are chosen by the caller."""
    return "family" if person_role in FAMILY_ROLES else "professional"
