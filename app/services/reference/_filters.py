"""Query filters and value checks shared by the reference-data services."""

from collections.abc import Iterable
from contextlib import contextmanager

from sqlalchemy import Select, func
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.services import NotFound, ServiceError, audit


def name_contains(stmt: Select, column, text: str | None) -> Select:
    text = (text or "").strip().lower()
    if not text:
        return stmt
    return stmt.where(func.lower(column).contains(text, autoescape=True))


def active_unless(stmt: Select, model, include_retired: bool) -> Select:
    return stmt if include_retired else stmt.where(model.retired_at.is_(None))


def get_or_not_found(model, row_id: int, what: str):
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(f"There is no {what} with id {row_id}.")
    return row


def required_text(value: str | None, field: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"Enter {label}", field)
    if len(value) > max_length:
        raise ServiceError(
            f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer", field
        )
    return value


def optional_text(value: str | None, field: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise ServiceError(f"{label} must be {max_length} characters or fewer", field)
    return value


def whole_number(value: int | None, field: str, label: str, low: int, high: int) -> int:
    if value is None or not low <= value <= high:
        raise ServiceError(f"{label} must be a whole number from {low} to {high}", field)
    return value


def choices_from(values: Iterable[str], allowed: tuple[str, ...], field: str, label: str) -> str:
    """Space-separated, canonical order (the model stores roles and days this way)."""
    chosen = set(values or ())
    if not chosen:
        raise ServiceError(f"Select at least one {label}", field)
    unknown = chosen - set(allowed)
    if unknown:
        raise ServiceError(f"Select {label}s from the list", field)
    return " ".join(value for value in allowed if value in chosen)


def apply_changes(row, values: dict) -> list[str]:
    """Set the changed attributes of `row` and return their names (for the audit detail)."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


@contextmanager
def refusing_duplicates(message: str, field: str | None):
    """Wrap flush/commit: if a unique constraint fires anyway (two admins at once), nothing is
    kept and the admin gets the message the pre-check would have given."""
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        raise ServiceError(message, field) from error


def add_audited(now, actor_id: int | None, row, action: str, detail: str = ""):
    """Add a new row and its audit entry, and commit both together (one user action)."""
    db.session.add(row)
    db.session.flush()
    audit.record(now, actor_id, action, row, detail)
    db.session.commit()
    return row
