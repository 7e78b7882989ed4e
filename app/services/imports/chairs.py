"""Chairs from a spreadsheet, matched by email address: the chair page's checks, row by row."""

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Chair, Locality, User
from app.models.staff import CHAIR_ROLES, WEEKDAYS
from app.services.imports.columns import Change, Column, Kind, Row, differing_fields, words_for
from app.services.reference._filters import apply_changes
from app.services.reference.chairs import fte_value
from app.services.requests.rules import check_https_link
from app.services.spreadsheets import RowError, header_key

COLUMNS = (
    Column("name", "Name", "The chair's full name", "Example Chair One", required=True),
    Column(
        "email",
        "Email",
        "Their work email address: how a chair is matched",
        "example.chair.one@example.org",
        required=True,
    ),
    Column(
        "locality",
        "Base locality",
        "The locality they work from, as named in Quorum",
        "Testshire North",
        required=True,
    ),
    Column("fte", "FTE", "Full-time equivalent, more than 0 and up to 1", "0.8", required=True),
    Column(
        "roles",
        "Roles",
        "Chair, Senior chair or Team manager, several with commas (default Chair)",
        "Chair",
    ),
    Column(
        "working_days",
        "Working days",
        "Mon to Fri, with commas (default all five)",
        "Mon, Tue, Wed, Thu",
    ),
    Column(
        "max_meetings_per_day",
        "Max meetings a day",
        "A whole number from 1 to 10",
        3,
        required=True,
    ),
    Column(
        "max_minutes_per_week",
        "Max minutes a week",
        "Meeting minutes, 60 to 3000",
        900,
        required=True,
    ),
    Column("portable_hybrid_kit", "Portable hybrid kit", "Yes or no (default no)", "no"),
    Column(
        "personal_meeting_link",
        "Personal meeting link",
        "A full https:// address, or blank",
        "https://meet.example.org/example-chair-one",
    ),
)
_ROLES = words_for(CHAIR_ROLES, {"Senior chair": "senior", "Manager": "team_manager"})
_DAYS = words_for(WEEKDAYS, {day: day[:3].lower() for day in (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday")})  # fmt: skip


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    localities = {
        locality.name.lower(): locality
        for locality in db.session.scalars(select(Locality))
    }  # fmt: skip
    chairs = {chair.email.lower(): chair for chair in db.session.scalars(select(Chair))}
    free_users = {
        email: user_id
        for user_id, email in db.session.execute(
            select(User.id, User.email)
            .outerjoin(Chair, Chair.user_id == User.id)
            .where(User.role == "chair", User.active.is_(True), Chair.id.is_(None))
        )
    }
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    for number, cells in rows:
        row = Row(number, cells, names, errors)
        values = _values(row, localities, chairs)
        if row.good:
            existing = chairs.get(values["email"])
            if existing is None or (existing.user_id is None and existing.retired_at is None):
                user_id = free_users.get(values["email"])
                if user_id is not None:
                    values["user_id"] = user_id
            changes.append(Change(number, values["email"], existing, values))
    return changes


def _values(row: Row, localities: dict[str, Locality], chairs: dict[str, Chair]) -> dict:
    email = row.email("email", required=True)
    existing = chairs.get(email)
    locality_name = row.text("locality", 80, "the base locality")
    locality = localities.get(locality_name.lower())
    keeps_own = existing is not None and locality is not None and (
        existing.base_locality_id == locality.id)  # fmt: skip
    if locality_name and (locality is None or (locality.retired_at and not keeps_own)):
        row.fail("locality", f"'{locality_name[:40]}' is not a locality in Quorum")
    link = row.text("personal_meeting_link", 500)
    if link:
        row.checked("personal_meeting_link", lambda: check_https_link(link, "link"))
    return {
        "name": row.text("name", 120, "the chair's name"),
        "email": email,
        "base_locality_id": locality.id if locality else None,
        "fte": row.checked("fte", lambda: fte_value(str(row.raw("fte") or "").strip())),
        "roles": _listed(row, "roles", _ROLES, CHAIR_ROLES, "chair"),
        "working_days": _listed(row, "working_days", _DAYS, WEEKDAYS, " ".join(WEEKDAYS)),
        "max_meetings_per_day": row.whole("max_meetings_per_day", 1, 10),
        "max_minutes_per_week": row.whole("max_minutes_per_week", 60, 3000),
        "portable_hybrid_kit": row.yes_no("portable_hybrid_kit"),
        "personal_meeting_link": link,
    }


def _listed(row: Row, key: str, words: dict[str, str], order: tuple[str, ...],
            default: str) -> str:  # fmt: skip
    """Several values in one cell, by their words, stored in canonical order."""
    text = str(row.raw(key) or "").strip()
    if not text:
        return default
    chosen = set()
    # "Team manager" is one role: try the whole of each comma-separated part first.
    for part in re.split(r"[,;/]+", text):
        part = part.strip()
        if not part:
            continue
        value = words.get(header_key(part))
        if value is not None:
            chosen.add(value)
            continue
        for word in part.split():
            value = words.get(header_key(word))
            if value is None:
                row.fail(key, f"'{word[:40]}' is not one of {', '.join(order)}")
            else:
                chosen.add(value)
    return " ".join(value for value in order if value in chosen)


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Chair, list[str]]:
    if change.existing is None:
        chair = Chair(**change.values)
        db.session.add(chair)
        return chair, list(change.values)
    return change.existing, apply_changes(change.existing, change.values)


KIND = Kind(
    name="chairs",
    title="Chairs",
    noun="chair",
    plural="chairs",
    columns=COLUMNS,
    key_column="email",
    matched_by="email address",
    check=check,
    store=store,
    differs=differing_fields,
)
