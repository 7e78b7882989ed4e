"""Synthetic invite values. Each test overrides only what it is about."""

from dataclasses import replace
from datetime import UTC, date, datetime

from icalendar import Calendar

from app.invites import InviteMeeting, Organizer, Recipient
from app.invites.values import FAMILY_ROLES

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ORGANIZER = Organizer("meetings@quorum.invalid", "Testshire Independent Reviewing Service")


def make_meeting(**overrides) -> InviteMeeting:
    meeting = InviteMeeting(
        uid="m-0001@quorum.invalid",
        sequence=0,
        cancelled=False,
        starts_at=datetime(2026, 6, 9, 9, 0, tzinfo=UTC),  # 10:00 BST
        ends_at=datetime(2026, 6, 9, 10, 30, tzinfo=UTC),
        summary="Review meeting – ref 7F3K",
        reference="7F3K",
        format="in_person",
        room_name="Meeting Room 2",
        room_address="Civic Centre, 1 High Street, Boston PE21 1AA",
        step_free=True,
        join_url=None,
        report_due=date(2026, 6, 4),
        hybrid_kit=None,
    )
    return replace(meeting, **overrides)


def make_hybrid(**overrides) -> InviteMeeting:
    values = {
        "format": "hybrid",
        "join_url": "https://meet.example.invalid/j/4455?pwd=k3y",
        "hybrid_kit": "fixed room kit",
    }
    return make_meeting(**(values | overrides))


def make_recipient(audience="family", **overrides) -> Recipient:
    names = {"family": "Pat Example", "professional": "Sam Worker", "chair": "Alex Chair"}
    roles = {"family": "parent", "professional": "social_worker", "chair": "other"}
    recipient = Recipient(f"{audience}@example.invalid", names[audience], audience, roles[audience])
    return replace(recipient, **overrides)


def make_reader(role: str) -> Recipient:
    """A recipient reading as `role` (a reader role, or "chair")."""
    if role == "chair":
        return make_recipient("chair")
    return make_recipient("family" if role in FAMILY_ROLES else "professional", role=role)


def only_event(ics: bytes):
    """The one VEVENT of a calendar, parsed back with icalendar."""
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == 1
    return events[0]
