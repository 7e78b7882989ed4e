"""Chairs (independent chairs, seniors and team managers): capacity, base, days, linked user."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair, Locality, User
from app.models.staff import CHAIR_ROLES, WEEKDAYS
from app.services import ServiceError, audit
from app.services.accounts import chair_links, users
from app.services.reference._filters import (
    active_unless,
    add_audited,
    apply_changes,
    choices_from,
    get_or_not_found,
    name_contains,
    refusing_duplicates,
    required_text,
    whole_number,
)
from app.services.requests.rules import check_https_link

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ChairInput:
    name: str
    email: str
    base_locality_id: int | None
    fte: str | Decimal | None
    roles: list[str] = field(default_factory=list)
    working_days: list[str] = field(default_factory=list)
    max_meetings_per_day: int | None = None
    max_minutes_per_week: int | None = None
    portable_hybrid_kit: bool = False
    user_id: int | None = None
    personal_meeting_link: str = ""


def list_chairs(
    name: str = "", locality_id: int | None = None, role: str = "", include_retired: bool = False
) -> list[Chair]:
    stmt = active_unless(name_contains(select(Chair), Chair.name, name), Chair, include_retired)
    if locality_id:
        stmt = stmt.where(Chair.base_locality_id == locality_id)
    chairs = db.session.scalars(stmt.order_by(Chair.name))
    # Roles are a space-separated list: match whole words, not substrings.
    return [chair for chair in chairs if not role or role in chair.role_list]


def get_chair(chair_id: int) -> Chair:
    return get_or_not_found(Chair, chair_id, "chair")


def linkable_users(chair_id: int | None = None) -> list[tuple[int, str]]:
    """Active users with the chair role not yet linked to another chair."""
    stmt = (
        select(User)
        .outerjoin(Chair, Chair.user_id == User.id)
        .where(User.role == "chair", User.active.is_(True))
        .where((Chair.id.is_(None)) | (Chair.id == chair_id))
        .order_by(User.name)
    )
    return [(user.id, f"{user.name} ({user.email})") for user in db.session.scalars(stmt)]


def create_chair(now: datetime, actor_id: int | None, data: ChairInput) -> Chair:
    values = _checked(data)
    with refusing_duplicates(_duplicate_message(values["email"]), "email"):
        return add_audited(now, actor_id, Chair(**values), "chair.created")


def update_chair(now: datetime, actor_id: int | None, chair_id: int, data: ChairInput) -> Chair:
    chair = get_chair(chair_id)
    values = _checked(data, chair)
    changed = apply_changes(chair, values)
    if changed:
        with refusing_duplicates(_duplicate_message(values["email"]), "email"):
            audit.record(now, actor_id, "chair.updated", chair, "fields=" + ",".join(changed))
            db.session.commit()
    return chair


def retire_chair(now: datetime, actor_id: int | None, chair_id: int) -> Chair:
    """A retired chair is a leaver: their account (if linked) is disabled, and its sessions, API
    tokens and the chair's calendar feed end with the retirement, in one commit."""
    chair = get_chair(chair_id)
    if chair.retired_at is None:
        chair.retired_at = now
        audit.record(now, actor_id, "chair.retired", chair)
        if chair.user is not None:
            users.end_access(now, actor_id, chair.user, f"chair {chair.id} retired")
        users.revoke_chair_feeds(now, actor_id, chair, "chair retired")
        db.session.commit()
    return chair


def _checked(data: ChairInput, chair: Chair | None = None) -> dict:
    own_id = chair.id if chair else None
    email = _email(data.email, own_id)
    values = {
        "name": required_text(data.name, "name", "the chair's name", 120),
        "email": email,
        "base_locality_id": _base(data.base_locality_id, chair),
        "fte": fte_value(data.fte),
        "roles": choices_from(data.roles, CHAIR_ROLES, "roles", "role"),
        "working_days": choices_from(data.working_days, WEEKDAYS, "working_days", "working day"),
        "max_meetings_per_day": whole_number(
            data.max_meetings_per_day, "max_meetings_per_day", "Maximum meetings a day", 1, 10
        ),
        "max_minutes_per_week": whole_number(
            data.max_minutes_per_week,
            "max_minutes_per_week",
            "Maximum meeting minutes a week",
            60,
            3000,
        ),
        "portable_hybrid_kit": bool(data.portable_hybrid_kit),
        "user_id": _user(data.user_id, own_id),
        "personal_meeting_link": _meeting_link(data.personal_meeting_link),
    }
    if values["user_id"] is None and (chair is None or chair.retired_at is None):
        # The chair account with the same email, when there is one free to link.
        values["user_id"] = chair_links.user_to_link(email, own_id)
    return values


def _email(value: str | None, own_id: int | None) -> str:
    email = required_text(value, "email", "the email address", 254).lower()
    if not _EMAIL.match(email):
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.org", "email"
        )
    stmt = select(Chair.id).where(func.lower(Chair.email) == email)
    if own_id is not None:
        stmt = stmt.where(Chair.id != own_id)
    if db.session.scalar(stmt) is not None:
        raise ServiceError(_duplicate_message(email), "email")
    return email


def _base(locality_id: int | None, chair: Chair | None) -> int:
    locality = db.session.get(Locality, locality_id) if locality_id else None
    keeps_own = chair is not None and chair.base_locality_id == locality_id
    if locality is None or (locality.retired_at is not None and not keeps_own):
        raise ServiceError("Select the chair's base locality", "base_locality_id")
    return locality.id


def fte_value(value: str | Decimal | None) -> Decimal:
    """The FTE as stored (two decimal places, more than 0 and no more than 1), or refused."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise ServiceError("Enter the FTE", "fte")
    try:
        fte = Decimal(text)
    except InvalidOperation:
        raise ServiceError("FTE must be a number, like 0.6", "fte") from None
    if not fte.is_finite() or not Decimal(0) < fte <= Decimal(1):
        raise ServiceError("FTE must be more than 0 and no more than 1", "fte")
    if fte != fte.quantize(Decimal("0.01")):
        raise ServiceError("FTE must have no more than two decimal places", "fte")
    return fte.quantize(Decimal("0.01"))


def _user(user_id: int | None, own_id: int | None) -> int | None:
    if user_id is None:
        return None
    if user_id not in {uid for uid, _ in linkable_users(own_id)}:
        raise ServiceError(
            "Select a chair user account that is not linked to another chair", "user_id"
        )
    return user_id


def _duplicate_message(email: str) -> str:
    return f"A chair with the email {email} already exists"


def _meeting_link(link: str | None) -> str:
    """The chair's own meeting room, used in invites for their online and hybrid meetings
    entered without a link: blank, or a full https address."""
    link = (link or "").strip()
    if link:
        check_https_link(link, "personal_meeting_link")
    return link
