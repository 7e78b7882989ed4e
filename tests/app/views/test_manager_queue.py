"""The managers' queue and the team manager's home: a manager agrees or refuses what an admin
held late; admins see the queue but do not decide; chairs do not see it."""

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, Escalation
from app.services.booking.held import mark_held
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.cases import make_confirmed_meeting
from tests.app.factories.rows import make_person, make_request, make_user

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
REASON = "Chair off sick; the family asked for the next free date"


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


@pytest.fixture
def pending(app):
    """A late conference an admin marked held, its agreement waiting in the queue."""
    with time_machine.travel(NOW):
        admin = make_user(role="admin", name="Pat Admin")
        meeting = make_confirmed_meeting(
            date(2025, 12, 5), meeting_type="ICPC", sequence="first",
            trigger_date=date(2025, 11, 10), earliest=date(2025, 11, 17),
            latest=date(2025, 12, 1),
        )  # fmt: skip
        db.session.commit()
        mark_held(NOW, admin.id, meeting.request_id, True, REASON)
        yield db.session.scalars(select(Approval)).one(), meeting


def test_the_managers_home_shows_the_queue_at_risk_and_escalations(client, pending):
    approval, meeting = pending
    make_request(latest=date(2026, 6, 2), status="open")  # red or amber: days away
    db.session.add(Escalation(meeting=meeting, person=make_person(name="Synthetic Person"),
                              chair=meeting.chair, organisation="gp", theme="",
                              status="proposed", dismiss_reason="", created_at=NOW))  # fmt: skip
    db.session.commit()
    signed_in_as(client, "manager")
    with time_machine.travel(NOW):
        page = _text(client.get("/"))
    assert 'id="queue"' in page, page[:3000]
    queue = page.split('id="queue"', 1)[1]
    assert REASON in queue and "Pat Admin" in queue
    assert f'action="/approvals/{approval.id}/agree"' in queue
    assert "No request is red or amber." not in page
    assert "Synthetic Person" in page.split('id="escalations"', 1)[1]


def test_an_admins_home_links_to_the_queue_without_deciding(client, pending):
    approval, _ = pending
    signed_in_as(client, "admin")
    page = _text(client.get("/"))
    assert "1 awaiting a manager's agreement" in page
    queue = _text(client.get("/approvals"))
    assert REASON in queue and f"/approvals/{approval.id}/agree" not in queue


def test_a_manager_agrees_from_home_and_the_meeting_names_them(client, pending):
    approval, meeting = pending
    manager = signed_in_as(client, "manager", name="Sam Manager")
    token = csrf_token(client, "/")
    response = client.post(f"/approvals/{approval.id}/agree",
                           data={"csrf_token": token, "back": "home"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.refresh(meeting)
    db.session.refresh(approval)
    assert (meeting.late_agreed_by, approval.status, approval.decided_by_id) == (
        "Sam Manager", "agreed", manager.id)  # fmt: skip
    page = _text(client.get(f"/requests/{meeting.request_id}"))
    assert f"out of timescale ({REASON}), agreed by Sam Manager" in page


def test_a_refusal_is_shown_on_the_request(client, pending):
    approval, meeting = pending
    signed_in_as(client, "manager")
    data = {"csrf_token": csrf_token(client, "/approvals"), "refusal_reason": "A date was free"}
    assert client.post(f"/approvals/{approval.id}/refuse", data=data).status_code == 302
    page = _text(client.get(f"/requests/{meeting.request_id}"))
    assert "refused</strong> by a manager: A date was free" in page
    assert "Nothing is awaiting a manager's agreement." in _text(client.get("/approvals"))


def test_a_refusal_without_a_reason_is_named_and_changes_nothing(client, pending):
    approval, meeting = pending
    signed_in_as(client, "manager")
    data = {"csrf_token": csrf_token(client, "/approvals"), "refusal_reason": "  "}
    response = client.post(f"/approvals/{approval.id}/refuse", data=data)
    assert response.status_code == 400
    assert "Enter why you refuse it." in _text(response)
    db.session.refresh(approval)
    assert approval.status == "pending"


@pytest.mark.parametrize(("role", "status"), [("admin", 403), ("chair", 403)])
def test_only_a_manager_may_post_a_decision(client, pending, role, status):
    approval, meeting = pending
    signed_in_as(client, role)
    token = csrf_token(client, "/")
    assert client.post(f"/approvals/{approval.id}/agree",
                       data={"csrf_token": token}).status_code == status  # fmt: skip
    db.session.refresh(approval)
    assert approval.status == "pending"


def test_a_chair_does_not_see_the_queue(client, pending):
    signed_in_as(client, "chair")
    assert client.get("/approvals").status_code == 403
    assert REASON not in _text(client.get("/"))
