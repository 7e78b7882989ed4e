"""Plain values the invites layer is built from: the outbox turns rows into these, so nothing
here can reach a child's name, date of birth or case detail (it is never given any)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Audience = Literal["family", "professional", "chair"]
Method = Literal["REQUEST", "CANCEL"]

FORMATS = ("in_person", "hybrid", "virtual", "off_site")
ONLINE_FORMATS = ("hybrid", "virtual")

# Person roles that read the family version of an invite
# (app.services.reference.people.PERSON_ROLES).
FAMILY_ROLES = frozenset({"parent", "carer", "child", "advocate"})

# What an off-site invite says instead of an address: a foster carer's address never goes out.
OFF_SITE_LOCATION = "At the child's placement"


@dataclass(frozen=True)
class InviteMeeting:
    uid: str  # Meeting.ical_uid, kept for life
    sequence: int  # Meeting.ical_sequence
    cancelled: bool  # True -> METHOD:CANCEL + STATUS:CANCELLED for everyone
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    summary: str  # neutral, e.g. "Review meeting – ref 7F3K" (caller builds it from settings)
    reference: str  # "7F3K": the short non-identifying reference
    format: str  # "in_person" | "hybrid" | "virtual" | "off_site"
    room_name: str | None
    room_address: str | None  # None for virtual/off_site
    step_free: bool | None  # room's step-free access, None if unknown/no room
    join_url: str | None  # hybrid/virtual only
    report_due: date | None  # for professionals
    hybrid_kit: str | None  # for the chair: "fixed room kit" / "bring your portable kit" / None


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    audience: Audience


@dataclass(frozen=True)
class Organizer:
    email: str  # the service mailbox, e.g. "meetings@quorum.invalid"
    name: str  # "Testshire Independent Reviewing Service"


def audience_for_role(person_role: str) -> Audience:
    """Parents, carers, children and advocates read the family version; everyone else (social
    workers, health, school, police…) the professional one. Chairs are chosen by the caller."""
    return "family" if person_role in FAMILY_ROLES else "professional"
