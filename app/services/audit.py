"""Append-only audit rows, written in the same transaction as the change they record."""

from datetime import datetime

from app.extensions import db
from app.models import AuditEvent


def record(now: datetime, actor_id: int | None, action: str, obj: object, detail: str = "") -> None:
    """Add (not commit) an audit row for `obj`; the caller's commit makes both durable together."""
    db.session.add(
        AuditEvent(
            at=now,
            actor_id=actor_id,
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "id", "")) if obj is not None else "",
            detail=detail,
        )
    )


def list_downloaded(now: datetime, actor_id: int | None, what: str, rows: int) -> None:
    """A list taken away as a file is personal data leaving Quorum: who took which list, and
    how many rows (never the filter, which may hold a name)."""
    record(now, actor_id, "list.downloaded", None, f"list={what}; rows={rows}")
    db.session.commit()
