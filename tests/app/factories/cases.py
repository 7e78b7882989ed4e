"""Factories and helpers for the case and meeting-request tests (synthetic data only)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, CaseParty, Child, KeptApart, MeetingRequest
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_meeting, make_person, make_request


def staff_signed_in(app, client, role: str = "admin"):
    """Sign in through the real login form, then turn CSRF off for the posts that follow
    (the CSRF rejection test lives with the role x URL matrix)."""
    user = signed_in_as(client, role)
    app.config["WTF_CSRF_ENABLED"] = False
    return user


def make_party(case, relationship: str = "mother", **person_overrides) -> CaseParty:
    person = make_person(**{"role": "parent", **person_overrides})
    party = CaseParty(case=case, person=person, relationship_to_case=relationship)
    db.session.add(party)
    db.session.flush()
    return party


def make_kept_apart(case) -> KeptApart:
    first, second = make_party(case, "mother"), make_party(case, "father")
    low, high = sorted((first.person_id, second.person_id))
    pair = KeptApart(case=case, person_a_id=low, person_b_id=high)
    db.session.add(pair)
    db.session.flush()
    return pair


def make_unborn_child(case, expected_delivery: date) -> Child:
    child = Child(case=case, initials="U", date_of_birth=None, expected_delivery=expected_delivery)
    db.session.add(child)
    db.session.flush()
    return child


def make_confirmed_meeting(on: date, hour: int = 10, **request_overrides):
    """A confirmed meeting at `hour`:00 UTC on `on`, for a request with the given fields."""
    meeting_request = make_request(**request_overrides)
    starts_at = datetime(on.year, on.month, on.day, hour, tzinfo=UTC)
    return make_meeting(request=meeting_request, starts_at=starts_at, status="confirmed")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_details() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.detail)))


def requests_for(case) -> list[MeetingRequest]:
    return list(
        db.session.scalars(
            select(MeetingRequest)
            .where(MeetingRequest.case_id == case.id)
            .order_by(MeetingRequest.id)
        )
    )


def date_parts(day: date) -> list[str]:
    """A GOV.UK date input posts day, month and year under one name."""
    return [str(day.day), str(day.month), str(day.year)]


def after(day: date, days: int) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC) + timedelta(days=days)
