"""People: family members and professionals who attend meetings, and when they cannot."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Case, CaseParty, Person
from app.services import ServiceError, audit
from app.services.reference._filters import (
    active_unless,
    add_audited,
    apply_changes,
    get_or_not_found,
    name_contains,
    optional_text,
    required_text,
)

PERSON_ROLES = (
    "parent",
    "carer",
    "child",
    "advocate",
    "social_worker",
    "team_manager_sw",
    "health_visitor",
    "school_nurse",
    "gp",
    "school",
    "police",
    "midwife",
    "probation",
    "housing",
    "other",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,}$")


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: str
    organisation: str = ""
    email: str = ""
    phone: str = ""


def list_people(name: str = "", role: str = "", include_retired: bool = False,
                relationship: str = "") -> list[Person]:  # fmt: skip
    """People matching the list's filters; `relationship` finds those who are a party to some
    case as, say, "mother" or "social worker" (a part of the words is enough)."""
    stmt = active_unless(name_contains(select(Person), Person.name, name), Person, include_retired)
    if role:
        stmt = stmt.where(Person.role == role)
    if relationship := (relationship or "").strip().lower():
        parties = select(CaseParty.person_id).where(
            func.lower(CaseParty.relationship_to_case).contains(relationship, autoescape=True)
        )
        stmt = stmt.where(Person.id.in_(parties))
    return list(db.session.scalars(stmt.order_by(Person.name, Person.id)))


def cases_of(person_id: int) -> list[CaseParty]:
    """The cases a person is a party to, open ones first, each with their relationship to it."""
    query = (
        select(CaseParty)
        .options(joinedload(CaseParty.case))
        .join(Case)
        .where(CaseParty.person_id == person_id)
        .order_by(Case.closed_on.is_not(None), Case.reference)
    )
    return list(db.session.scalars(query))


def get_person(person_id: int) -> Person:
    return get_or_not_found(Person, person_id, "person")


def create_person(now: datetime, actor_id: int | None, data: PersonInput) -> Person:
    person = Person(**_checked(data))
    return add_audited(now, actor_id, person, "person.created", f"role={person.role}")


def update_person(now: datetime, actor_id: int | None, person_id: int, data: PersonInput) -> Person:
    person = get_person(person_id)
    changed = apply_changes(person, _checked(data))
    if changed:
        audit.record(now, actor_id, "person.updated", person, "fields=" + ",".join(changed))
        db.session.commit()
    return person


def retire_person(now: datetime, actor_id: int | None, person_id: int) -> Person:
    person = get_person(person_id)
    if person.retired_at is None:
        person.retired_at = now
        audit.record(now, actor_id, "person.retired", person)
        db.session.commit()
    return person


def _checked(data: PersonInput) -> dict:
    if data.role not in PERSON_ROLES:
        raise ServiceError("Select the person's role", "role")
    email = optional_text(data.email, "email", "Email address", 254).lower()
    if email and not _EMAIL.match(email):
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.org", "email"
        )
    phone = optional_text(data.phone, "phone", "Phone number", 40)
    if phone and not PHONE.match(phone):
        raise ServiceError("Enter a phone number, like 01522 555 0123 or +44 7700 900 123", "phone")
    return {
        "name": required_text(data.name, "name", "the person's name", 120),
        "role": data.role,
        "organisation": optional_text(data.organisation, "organisation", "Organisation", 120),
        "email": email,
        "phone": phone,
    }
