"""Helpers for the reference-data page tests: a signed-in browser that posts with its CSRF
token, row counts, the latest audit row, the forms as a browser posts them, an
unavailability factory, and the kinds of record (room, chair, person, locality) that the
shared page tests run over."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Chair, Locality, Person, Room, Unavailability
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.rows import make_chair, make_locality, make_person, make_room

RETIRED = datetime(2026, 1, 1, tzinfo=UTC)
_SUMMARY = re.compile(r'class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)


class Browser:
    """A test client signed in with `role`; post() sends the session's CSRF token."""

    def __init__(self, client, role: str = "admin"):
        self.client = client
        self.user = signed_in_as(client, role)
        # The sign-out form on every page carries the token, whatever the role may see.
        self.token = csrf_token(client, "/")

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.client.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def page(self, path: str) -> str:
        return self.client.get(path).get_data(as_text=True)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def last_audit() -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))


def error_summary(response) -> str:
    """The text of the GOV.UK error summary on the page ('' if there is none)."""
    match = _SUMMARY.search(response.get_data(as_text=True))
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))) if match else ""


def assert_refused(response, message: str) -> None:
    """The page came back as a 400 with `message` in its error summary."""
    assert response.status_code == 400
    assert message in error_summary(response)


def date_parts(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _form(data: dict, overrides: dict) -> dict:
    # An override of None leaves the field out, as a browser does with an unticked box.
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def chair_data(locality, **overrides) -> dict:
    data = {
        "name": "Grace Hopper",
        "email": "grace.hopper@example.org",
        "base_locality_id": locality.id,
        "fte": "0.6",
        "roles": ["chair", "senior"],
        "working_days": ["mon", "tue", "wed"],
        "max_meetings_per_day": "3",
        "max_minutes_per_week": "720",
        "portable_hybrid_kit": "y",
    }
    return _form(data, overrides)


def room_data(locality, **overrides) -> dict:
    data = {
        "name": "Conference Room 1",
        "locality_id": locality.id,
        "address": "1 Bridge Street",
        "capacity": "12",
        "hybrid": "full",
        "step_free": "y",
    }
    return _form(data, overrides)


def person_data(**overrides) -> dict:
    data = {
        "name": "Sam Carter",
        "role": "social_worker",
        "organisation": "Children's Services",
        "email": "sam.carter@example.org",
        "phone": "01522 555 0123",
    }
    return _form(data, overrides)


def period_data(kind: str, day: date, start: str, end: str, end_day: date | None = None) -> dict:
    """The unavailability form: Europe/London dates and wall-clock times (one day by default)."""
    return {
        "kind": kind,
        "starts_on": date_parts(day),
        "starts_at": start,
        "ends_on": date_parts(end_day or day),
        "ends_at": end,
    }


def make_unavailability(**overrides) -> Unavailability:
    starts = overrides.pop("starts_at", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    fields = {"starts_at": starts, "ends_at": starts + timedelta(hours=8), "kind": "leave"}
    row = Unavailability(**{**fields, **overrides})
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class Kind:
    """A kind of reference record: its pages, and the unavailability it takes (if any)."""

    name: str
    pages: str
    model: type
    make: Callable
    names: tuple[str, str]  # two names for rows of this kind, as a person would enter them
    period_kind: str = ""
    wrong_kind: str = ""  # a kind of unavailability this record cannot have
    periods: str = ""

    def add_period(self, row, **fields) -> Unavailability:
        return make_unavailability(
            **{self.owner_column: row.id, "kind": self.period_kind, **fields}
        )

    @property
    def owner_column(self) -> str:
        return f"{self.name}_id"

    def periods_url(self, row) -> str:
        return f"{self.pages}/{row.id}/{self.periods}"


ROOM = Kind(
    "room",
    "/rooms",
    Room,
    make_room,
    ("Witham Suite", "Lindsey Room"),
    "closure",
    "leave",
    "closures",
)
CHAIR = Kind(
    "chair",
    "/chairs",
    Chair,
    make_chair,
    ("Alan Turing", "Ada Lovelace"),
    "leave",
    "closure",
    "unavailability",
)
PERSON = Kind(
    "person",
    "/people",
    Person,
    make_person,
    ("Jo Bloggs", "Sam Carter"),
    "court",
    "closure",
    "unavailability",
)
LOCALITY = Kind("locality", "/localities", Locality, make_locality, ("Boston", "Louth"))
# For @pytest.mark.parametrize("kind", OWNERS): the kinds that have unavailability periods.
OWNERS = [pytest.param(kind, id=kind.name) for kind in (ROOM, CHAIR, PERSON)]
RECORDS = [*OWNERS, pytest.param(LOCALITY, id=LOCALITY.name)]
