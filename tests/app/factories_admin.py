"""Helpers for the reference-data page tests: a signed-in browser that posts with its CSRF
token, row counts, the latest audit row, and an unavailability factory."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Unavailability
from tests.app.auth_helpers import csrf_token, signed_in_as

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


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def last_audit() -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))


def error_summary(response) -> str:
    """The text of the GOV.UK error summary on the page ('' if there is none)."""
    match = _SUMMARY.search(response.get_data(as_text=True))
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))) if match else ""


def date_parts(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def make_unavailability(**overrides) -> Unavailability:
    starts = overrides.pop("starts_at", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    fields = {"starts_at": starts, "ends_at": starts + timedelta(hours=8), "kind": "leave"}
    row = Unavailability(**{**fields, **overrides})
    db.session.add(row)
    db.session.flush()
    return row
