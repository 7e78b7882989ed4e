"""Typed SQLAlchemy models, one module per area; what Quorum sends is in notifications/."""

from app.models.accounts.mfa import MfaRecoveryCode, UserMfa
from app.models.accounts.password_resets import PasswordResetToken
from app.models.availability import Unavailability
from app.models.base import Base, UTCDateTime
from app.models.cases import Case, CaseParty, Child, KeptApart, Person
from app.models.escalations import Escalation
from app.models.governance.approvals import Approval
from app.models.governance.audit import AuditEvent
from app.models.governance.settings import SettingsVersion
from app.models.history import HistoricalMeeting, HistoryImport
from app.models.meetings import Meeting
from app.models.notifications.feeds import CalendarFeed
from app.models.notifications.outbox import OutboxMessage
from app.models.notifications.sent_notices import SentNotice
from app.models.places import Locality, Room, TravelTime
from app.models.plan_runs import PlanRun
from app.models.rearrangements import Rearrangement, RearrangementMove
from app.models.replies import AttendeeReport, AttendeeResponse
from app.models.requests import MeetingRequest, RequestAttendee
from app.models.staff import Chair, User, UserSession
from app.models.visits import ChildrensHome, IndependentVisitor, Reg44Visit

__all__ = [
    "Approval",
    "AttendeeReport",
    "AttendeeResponse",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Case",
    "CaseParty",
    "Chair",
    "Child",
    "ChildrensHome",
    "KeptApart",
    "Escalation",
    "HistoricalMeeting",
    "HistoryImport",
    "IndependentVisitor",
    "Locality",
    "Meeting",
    "MeetingRequest",
    "MfaRecoveryCode",
    "OutboxMessage",
    "PasswordResetToken",
    "Person",
    "PlanRun",
    "Rearrangement",
    "RearrangementMove",
    "Reg44Visit",
    "RequestAttendee",
    "Room",
    "SentNotice",
    "SettingsVersion",
    "TravelTime",
    "Unavailability",
    "User",
    "UserMfa",
    "UserSession",
    "UTCDateTime",
]
