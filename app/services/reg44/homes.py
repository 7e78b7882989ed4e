"""Children's homes and their independent visitors: added, edited, closed or retired, never
deleted (their visits are the record an inspector asks for)."""

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor, Locality
from app.services import ServiceError, audit
from app.services.reference._filters import (
    add_audited,
    apply_changes,
    get_or_not_found,
    refusing_duplicates,
    required_text,
)


def list_homes(include_closed: bool = False) -> list[ChildrensHome]:
    stmt = select(ChildrensHome).options(
        joinedload(ChildrensHome.locality), joinedload(ChildrensHome.visitor)
    )
    if not include_closed:
        stmt = stmt.where(ChildrensHome.closed_on.is_(None))
    return list(db.session.scalars(stmt.order_by(ChildrensHome.name)))


def get_home(home_id: int) -> ChildrensHome:
    return get_or_not_found(ChildrensHome, home_id, "children's home")


def list_visitors(include_retired: bool = False) -> list[IndependentVisitor]:
    stmt = select(IndependentVisitor).order_by(IndependentVisitor.name)
    if not include_retired:
        stmt = stmt.where(IndependentVisitor.retired_at.is_(None))
    return list(db.session.scalars(stmt))


def get_visitor(visitor_id: int) -> IndependentVisitor:
    return get_or_not_found(IndependentVisitor, visitor_id, "visitor")


def visitor_choices() -> list[tuple[int, str]]:
    return [(visitor.id, visitor.name) for visitor in list_visitors()]


def create_home(now: datetime, actor_id: int | None, name: str | None, locality_id: int | None,
                supported_living: bool, visitor_id: int | None,
                opened_on: date | None) -> ChildrensHome:  # fmt: skip
    values = _home_values(name, locality_id, supported_living, visitor_id, opened_on)
    with refusing_duplicates(f"There is already a home called {values['name']}", "name"):
        return add_audited(now, actor_id, ChildrensHome(**values), "childrens_home.created")


def edit_home(now: datetime, actor_id: int | None, home_id: int, name: str | None,
              locality_id: int | None, supported_living: bool, visitor_id: int | None,
              opened_on: date | None) -> ChildrensHome:  # fmt: skip
    home = get_home(home_id)
    values = _home_values(name, locality_id, supported_living, visitor_id, opened_on, home_id)
    if home.closed_on is not None and values["opened_on"] > home.closed_on:
        raise ServiceError("The date it opened must be on or before the day it closed", "opened_on")
    changed = apply_changes(home, values)
    if changed:
        with refusing_duplicates(f"There is already a home called {values['name']}", "name"):
            audit.record(now, actor_id, "childrens_home.updated", home,
                         "fields=" + ",".join(changed))  # fmt: skip
            db.session.commit()
    return home


def close_home(now: datetime, actor_id: int | None, home_id: int,
               closed_on: date | None) -> ChildrensHome:  # fmt: skip
    """No visits are due after `closed_on`; the home and its visits are kept."""
    home = get_home(home_id)
    if closed_on is None:
        raise ServiceError("Enter the date the home closed", "closed_on")
    if closed_on < home.opened_on:
        raise ServiceError(
            f"The date it closed must be on or after the day it opened ({home.opened_on:%d %B %Y})",
            "closed_on",
        )
    home.closed_on = closed_on
    audit.record(now, actor_id, "childrens_home.closed", home, f"closed_on={closed_on}")
    db.session.commit()
    return home


def create_visitor(now: datetime, actor_id: int | None, name: str | None,
                   email: str | None) -> IndependentVisitor:  # fmt: skip
    values = _visitor_values(name, email)
    with refusing_duplicates(f"There is already a visitor with the email {values['email']}",
                             "email"):  # fmt: skip
        return add_audited(now, actor_id, IndependentVisitor(**values), "visitor.created")


def edit_visitor(now: datetime, actor_id: int | None, visitor_id: int, name: str | None,
                 email: str | None) -> IndependentVisitor:  # fmt: skip
    visitor = get_visitor(visitor_id)
    changed = apply_changes(visitor, _visitor_values(name, email, visitor_id))
    if changed:
        with refusing_duplicates("There is already a visitor with that email", "email"):
            audit.record(now, actor_id, "visitor.updated", visitor, "fields=" + ",".join(changed))
            db.session.commit()
    return visitor


def retire_visitor(now: datetime, actor_id: int | None, visitor_id: int) -> IndependentVisitor:
    """Refused while they are an open home's current visitor: its bookings would go nowhere."""
    visitor = get_visitor(visitor_id)
    if visitor.retired_at is not None:
        return visitor
    homes = list(
        db.session.scalars(
            select(ChildrensHome.name).where(
                ChildrensHome.visitor_id == visitor_id, ChildrensHome.closed_on.is_(None)
            )
        )
    )
    if homes:
        raise ServiceError(
            f"{visitor.name} cannot be retired: they visit {', '.join(sorted(homes))}. "
            "Give those homes another visitor first.",
            "submit",
        )
    visitor.retired_at = now
    audit.record(now, actor_id, "visitor.retired", visitor)
    db.session.commit()
    return visitor


def _home_values(name, locality_id, supported_living, visitor_id, opened_on,
                 own_id: int | None = None) -> dict:  # fmt: skip
    name = required_text(name, "name", "the name of the home", 120)
    existing = db.session.scalar(
        select(ChildrensHome.name).where(
            func.lower(ChildrensHome.name) == name.lower(),
            ChildrensHome.id != (own_id or 0),
        )
    )
    if existing is not None:
        raise ServiceError(f"There is already a home called {existing}", "name")
    locality = db.session.get(Locality, locality_id) if locality_id else None
    if locality is None or locality.retired_at is not None:
        raise ServiceError("Choose a locality from the list", "locality_id")
    if visitor_id is not None:
        visitor = db.session.get(IndependentVisitor, visitor_id)
        if visitor is None or visitor.retired_at is not None:
            raise ServiceError("Choose a visitor from the list", "visitor_id")
    if opened_on is None:
        raise ServiceError("Enter the date the home opened", "opened_on")
    return {"name": name, "locality_id": locality_id, "supported_living": bool(supported_living),
            "visitor_id": visitor_id, "opened_on": opened_on}  # fmt: skip


def _visitor_values(name, email, own_id: int | None = None) -> dict:
    name = required_text(name, "name", "the visitor's name", 120)
    email = required_text(email, "email", "the visitor's email address", 254)
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in email):
        raise ServiceError("Enter an email address like name@example.org", "email")
    existing = db.session.scalar(
        select(IndependentVisitor.id).where(
            func.lower(IndependentVisitor.email) == email.lower(),
            IndependentVisitor.id != (own_id or 0),
        )
    )
    if existing is not None:
        raise ServiceError(f"There is already a visitor with the email {email}", "email")
    return {"name": name, "email": email}
