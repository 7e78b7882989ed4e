"""Small factories for app tests: make_x(**overrides) adds a valid row and flushes it.

All data is synthetic; email addresses are on the reserved example.org domain.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.extensions import db
from app.models import (
    Case,
    Chair,
    Child,
    Locality,
    Meeting,
    MeetingRequest,
    Person,
    Room,
    TravelTime,
    User,
)
from app.services.accounts.auth import _hasher

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEST_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)
_password_hash = _hasher.hash(TEST_PASSWORD)


def _add(row):
    db.session.add(row)
    db.session.flush()
    return row


def make_locality(**overrides) -> Locality:
    return _add(Locality(**{"name": f"Town {next(_counter)}", **overrides}))


def make_travel_time(a: Locality, b: Locality, minutes: int) -> TravelTime:
    first, second = sorted((a, b), key=lambda locality: locality.id)
    return _add(TravelTime(locality_a_id=first.id, locality_b_id=second.id, minutes=minutes))


def make_user(**overrides) -> User:
    n = next(_counter)
    fields = {
        "email": f"user{n}@example.org",
        "name": f"User {n}",
        "role": "admin",
        "password_hash": _password_hash,
        "created_at": NOW,
    }
    return _add(User(**{**fields, **overrides}))


def make_room(**overrides) -> Room:
    if "locality" not in overrides and "locality_id" not in overrides:
        overrides["locality"] = make_locality()
    n = next(_counter)
    fields = {
        "name": f"Room {n}",
        "address": f"{n} High Street",
        "capacity": 8,
        "hybrid": "full",
        "step_free": True,
        "separate_waiting_area": False,
    }
    return _add(Room(**{**fields, **overrides}))


def make_chair(**overrides) -> Chair:
    if "base_locality" not in overrides and "base_locality_id" not in overrides:
        overrides["base_locality"] = make_locality()
    n = next(_counter)
    fields = {
        "name": f"Chair {n}",
        "email": f"chair{n}@example.org",
        "fte": Decimal("1.00"),
        "roles": "chair",
        "working_days": "mon tue wed thu fri",
        "max_meetings_per_day": 3,
        "max_minutes_per_week": 900,
        "portable_hybrid_kit": False,
    }
    return _add(Chair(**{**fields, **overrides}))


def make_person(**overrides) -> Person:
    n = next(_counter)
    fields = {"name": f"Person {n}", "role": "social_worker", "email": f"person{n}@example.org"}
    return _add(Person(**{**fields, **overrides}))


def make_case(**overrides) -> Case:
    if "home_locality" not in overrides and "home_locality_id" not in overrides:
        overrides["home_locality"] = make_locality()
    fields = {"reference": f"CASE{next(_counter):05d}", "opened_on": date(2026, 1, 5)}
    case = _add(Case(**{**fields, **overrides}))
    _add(Child(case=case, initials="AB", date_of_birth=date(2018, 4, 1)))
    return case


def make_request(**overrides) -> MeetingRequest:
    if "case" not in overrides and "case_id" not in overrides:
        overrides["case"] = make_case()
    case = overrides.get("case")
    fields = {
        "meeting_type": "CIC_REVIEW",
        "sequence": "subsequent",
        "trigger_date": date(2026, 1, 5),
        "earliest": date(2026, 3, 2),
        "latest": date(2026, 3, 27),
        "duration_minutes": 90,
        "format": "in_person",
        "in_person_count": 4,
        "created_at": NOW,
    }
    if "locality" not in overrides and "locality_id" not in overrides:
        fields["locality"] = case.home_locality if case else make_locality()
    return _add(MeetingRequest(**{**fields, **overrides}))


def make_meeting(**overrides) -> Meeting:
    if "request" not in overrides and "request_id" not in overrides:
        overrides["request"] = make_request()
    if "chair" not in overrides and "chair_id" not in overrides:
        overrides["chair"] = make_chair()
    starts_at = overrides.pop("starts_at", NOW + timedelta(days=1))
    fields = {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=90),
        "status": "confirmed",
        "ical_uid": f"test-{next(_counter)}@quorum.example.org",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return _add(Meeting(**{**fields, **overrides}))
