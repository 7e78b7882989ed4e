"""The audit log is append-only: the database refuses to change or delete a row."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import AuditEvent

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def audit_row(app) -> AuditEvent:
    row = AuditEvent(at=NOW, action="room.created", object_type="Room", object_id="1")
    db.session.add(row)
    db.session.commit()
    return row


def test_an_audit_row_cannot_be_altered(audit_row):
    with pytest.raises(DBAPIError, match="audit_events_append_only"):
        db.session.execute(text("UPDATE audit_events SET action = 'room.hidden'"))
    db.session.rollback()
    assert db.session.scalar(text("SELECT action FROM audit_events")) == "room.created"


def test_an_audit_row_cannot_be_deleted(audit_row):
    with pytest.raises(DBAPIError, match="audit_events_append_only"):
        db.session.execute(text("DELETE FROM audit_events"))
    db.session.rollback()
    assert db.session.scalar(text("SELECT count(*) FROM audit_events")) == 1
