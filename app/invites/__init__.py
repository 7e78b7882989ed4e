"""iCalendar invites and iMIP email built from plain values (no Flask, no SQLAlchemy)."""

from app.invites.feeds import feed_bytes
from app.invites.ical import calendar_bytes
from app.invites.imip import invite_message
from app.invites.values import (
    Audience,
    InviteMeeting,
    Method,
    Organizer,
    Recipient,
    audience_for_role,
)

__all__ = [
    "Audience",
    "InviteMeeting",
    "Method",
    "Organizer",
    "Recipient",
    "audience_for_role",
    "calendar_bytes",
    "feed_bytes",
    "invite_message",
]
