"""Typed SQLAlchemy models, one module per area."""

from app.models.audit import AuditEvent
from app.models.availability import Unavailability
from app.models.base import Base, UTCDateTime
from app.models.cases import Case, CaseParty, Child, KeptApart, Person
from app.models.chasers import SentNotice
from app.models.escalations import Escalation
from app.models.feeds import CalendarFeed
from app.models.meetings import Meeting
from app.models.outbox import OutboxMessage
from app.models.places import Locality, Room, TravelTime
from app.models.plan_runs import PlanRun
from app.models.rearrangements import Rearrangement, RearrangementMove
from app.models.replies import AttendeeReport, AttendeeResponse
from app.models.requests import MeetingRequest, RequestAttendee
from app.models.staff import Chair, User, UserSession

__all__ = [
    "AttendeeReport",
    "AttendeeResponse",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Case",
    "CaseParty",
    "Chair",
    "Child",
    "KeptApart",
    "Escalation",
    "Locality",
    "Meeting",
    "MeetingRequest",
    "OutboxMessage",
    "Person",
    "PlanRun",
    "Rearrangement",
    "RearrangementMove",
    "RequestAttendee",
    "Room",
    "SentNotice",
    "TravelTime",
    "Unavailability",
    "User",
    "UserSession",
    "UTCDateTime",
]
