"""People (family members and professionals) from a spreadsheet, matched by email address, or by
name and role for someone without one (a parent often has none)."""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import Person
from app.services.imports.columns import (
    Change,
    Column,
    Kind,
    Row,
    differing_fields,
    in_chunks,
    words_for,
)
from app.services.reference._filters import apply_changes
from app.services.reference.people import PERSON_ROLES, PHONE
from app.services.spreadsheets import RowError, text_of

COLUMNS = (
    Column("name", "Name", "Their full name", "Example Person One", required=True),
    Column("role", "Role", "parent, carer, child, advocate, social worker, social work team "
           "manager, health visitor, school nurse, GP, school, police, midwife, probation, "
           "housing or other", "Social worker", required=True),
    Column("organisation", "Organisation", "Where a professional works (optional)",
           "Example Children's Services"),
    Column("email", "Email", "Their email address: how a person is matched (optional; without "
           "one, by name and role)", "example.person.one@example.org"),
    Column("phone", "Phone", "A phone number (optional)", "01632 960 001"),
)  # fmt: skip
_ROLES = words_for(PERSON_ROLES, {"Social work team manager": "team_manager_sw",
                                  "Team manager": "team_manager_sw", "Foster carer": "carer",
                                  "Mother": "parent", "Father": "parent"})  # fmt: skip


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    by_email: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[Person]] = defaultdict(list)
    active = select(Person).where(Person.retired_at.is_(None))
    emails = {text_of(cells.get("email")).lower() for _, cells in rows} - {""}
    names_given = {text_of(cells.get("name")).lower() for _, cells in rows} - {""}
    for person in {*in_chunks(func.lower(Person.email), emails, active.where),
                   *in_chunks(func.lower(Person.name), names_given, active.where)}:  # fmt: skip
        if person.email:
            by_email[person.email.lower()].append(person)
        by_name[(person.name.lower(), person.role)].append(person)
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    for number, cells in rows:
        row = Row(number, cells, names, errors)
        values = {
            "name": row.text("name", 120, "the person's name"),
            "role": row.choice("role", _ROLES, "a role Quorum knows"),
            "organisation": row.text("organisation", 120),
            "email": row.email("email", required=False),
            "phone": row.text("phone", 40),
        }
        if values["phone"] and not PHONE.match(values["phone"]):
            row.fail("phone", f"'{values['phone'][:40]}' is not a phone number")
        key = values["email"] or (values["name"].lower(), values["role"])
        found = by_email[key] if values["email"] else by_name[key]  # type: ignore[index]
        if len(found) > 1:
            why = (f"{len(found)} people in Quorum match this row: make them one on the People "
                   "page, or give an email address")  # fmt: skip
            row.fail("email" if values["email"] else "name", why)
        if row.good:
            changes.append(Change(number, key, found[0] if found else None, values))
    return changes


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Person, list[str]]:
    if change.existing is None:
        person = Person(**change.values)
        db.session.add(person)
        return person, list(change.values)
    return change.existing, apply_changes(change.existing, change.values)


KIND = Kind(
    name="people",
    title="People",
    noun="person",
    plural="people",
    columns=COLUMNS,
    key_column="email",
    matched_by="email address, or name and role for someone without one",
    check=check,
    store=store,
    differs=differing_fields,
)
