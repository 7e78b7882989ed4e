"""The audit log page: who did what and when, filtered, newest first, paginated; bad filters
answered in words (400) with nothing listed; managers and admins only."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest

from app.extensions import db
from app.models import AuditEvent
from app.services.reports.audit_log import PER_PAGE
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_user


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _event(at: datetime, actor, action: str, object_type: str, object_id: str, detail=""):
    db.session.add(AuditEvent(at=at, actor_id=actor.id if actor else None, action=action,
                              object_type=object_type, object_id=object_id,
                              detail=detail))  # fmt: skip


def _day(field: str, day: int, month: int) -> str:
    """A GOV.UK date filter in the query string: three boxes of one name."""
    return f"{field}={day}&{field}={month}&{field}=2026"


def _rows(response) -> list[str]:
    table = _text(response).split('id="audit-events"', 1)
    return re.findall(r"(synthetic-[a-z0-9-]+)", table[1]) if len(table) > 1 else []


@pytest.fixture
def log(app):
    pat, sam = make_user(name="Pat Admin"), make_user(name="Sam Manager", role="manager")
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    _event(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), pat, "meeting.held", "Meeting", "7",
           "synthetic-held-7")  # fmt: skip
    _event(datetime(2026, 3, 31, 22, 30, tzinfo=UTC), sam, "meeting.booked", "Meeting", "8",
           "synthetic-booked-8")  # fmt: skip
    _event(datetime(2026, 3, 30, 9, 0, tzinfo=UTC), pat, "request.create", "MeetingRequest", "7",
           "synthetic-request-7")  # fmt: skip
    _event(datetime(2026, 3, 29, 9, 0, tzinfo=UTC), None, "meeting_x", "Meeting", "9",
           "synthetic-underscore-9")  # fmt: skip
    db.session.commit()
    return pat, sam


def test_newest_first_with_who_did_it(client, log):
    signed_in_as(client, "admin")
    response = client.get("/audit?action=meeting")
    assert response.status_code == 200
    assert _rows(response) == ["synthetic-held-7", "synthetic-booked-8", "synthetic-underscore-9"]
    page = _text(response)
    assert "Pat Admin" in page and "Sam Manager" in page


def test_filters_by_user_action_prefix_and_object(client, log):
    pat, _ = log
    signed_in_as(client, "manager")
    assert _rows(client.get(f"/audit?actor={pat.id}&action=meeting.")) == ["synthetic-held-7"]
    # A prefix, not a pattern: the underscore matches only itself.
    assert _rows(client.get("/audit?action=meeting_")) == ["synthetic-underscore-9"]
    assert _rows(client.get("/audit?object_type=Meeting&object_id=7")) == ["synthetic-held-7"]


def test_days_are_london_days(client, log):
    signed_in_as(client, "manager")
    # 1 April in London starts at 23:00 UTC on 31 March: the 23:30 event is on it, 22:30 not.
    april_first = _day("from_day", 1, 4)
    assert _rows(client.get(f"/audit?{april_first}&action=meeting.")) == ["synthetic-held-7"]
    march_31 = f"{_day('from_day', 31, 3)}&{_day('to_day', 31, 3)}"
    assert _rows(client.get(f"/audit?{march_31}&action=meeting.")) == ["synthetic-booked-8"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("actor=abc", "User: choose a user from the list."),
        ("actor=999999", "User: choose a user from the list."),
        ("object_id=7", "Object id: choose the object type too."),
        ("action=" + "m" * 61, "Action: give at most 60 characters."),
        (_day("from_day", 31, 2), "From must be a real date"),
        (f"{_day('from_day', 2, 4)}&{_day('to_day', 1, 4)}",
         "To: the last day must be on or after the first day."),
    ],
)  # fmt: skip
def test_a_bad_filter_is_named_and_nothing_is_listed(client, log, query, message):
    signed_in_as(client, "admin")
    response = client.get(f"/audit?{query}")
    assert response.status_code == 400
    assert message in _text(response)
    assert _rows(response) == []


def test_pages_of_fifty(client, log):
    pat, _ = log
    for n in range(PER_PAGE + 5):
        _event(datetime(2026, 2, 1, 9, n % 60, tzinfo=UTC), pat, "case.update", "Case", str(n),
               f"synthetic-case-{n}")  # fmt: skip
    db.session.commit()
    signed_in_as(client, "admin")
    first = client.get("/audit?action=case.")
    assert len(_rows(first)) == PER_PAGE and "Page 1 of 2" in _text(first)
    assert len(_rows(client.get("/audit?action=case.&page=2"))) == 5


def test_a_chair_is_refused(client, log):
    signed_in_as(client, "chair")
    assert client.get("/audit").status_code == 403
