"""A vulnerable parent not in the room: an admin's reason waits in the managers' queue with no
name on the request; a manager agrees (their name on it) or refuses (shown on the request, the
admin asked to act); a new reason asks again; the parent back in the room withdraws it."""

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, AuditEvent, MeetingRequest
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.cases import date_parts, make_party
from tests.app.factories.rows import make_case

REASON = "Lives 60 miles away with no transport"


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _form(pid: int, **overrides) -> dict:
    return {"meeting_type": "CIC_REVIEW", "sequence": "first",
            "trigger_date": date_parts(date(2025, 12, 8)), "format": "hybrid",
            "recording_late": "y", "required_attendees": str(pid),
            f"presence_{pid}": "online", "in_person_override_reason": REASON,
            **overrides}  # fmt: skip


def _post(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **data})


@pytest.fixture
def asked(app, client):
    """An admin's request with a mother in a domestic-abuse case online: the question waits."""
    admin_client = app.test_client()
    admin = signed_in_as(admin_client, "admin", name="Pat Admin")
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _post(admin_client, f"/requests/new?case={case.reference}", _form(pid))
    assert response.status_code == 302, _text(response)[:2000]
    request = db.session.scalars(select(MeetingRequest)).one()
    return admin_client, admin, request, pid


def _approvals() -> list[Approval]:
    return list(db.session.scalars(select(Approval).order_by(Approval.id)))


def test_the_question_is_in_the_managers_queue_with_the_reason(client, asked):
    _, _, request, _ = asked
    signed_in_as(client, "manager")
    queue = _text(client.get("/approvals")).split('id="approval-queue"', 1)[1]
    assert "A vulnerable parent not in the room" in queue
    assert REASON in queue and "Pat Admin" in queue
    assert f"/requests/{request.id}" in queue


def test_a_manager_agrees_and_the_request_names_them(client, asked):
    _, _, request, _ = asked
    (approval,) = _approvals()
    manager = signed_in_as(client, "manager", name="Sam Manager")
    response = _post(client, f"/approvals/{approval.id}/agree", {})
    assert response.status_code == 302
    db.session.refresh(request)
    db.session.refresh(approval)
    assert request.in_person_override_by == "Sam Manager"
    assert (approval.status, approval.decided_by_id) == ("agreed", manager.id)
    page = _text(client.get(f"/requests/{request.id}")).split('id="override"', 1)[1][:500]
    assert "Agreed by Sam Manager" in page


def test_a_refusal_is_shown_on_the_request_and_a_new_reason_asks_again(client, asked):
    admin_client, _, request, pid = asked
    (approval,) = _approvals()
    signed_in_as(client, "manager")
    response = _post(client, f"/approvals/{approval.id}/refuse",
                     {"refusal_reason": "Offer a taxi instead"})  # fmt: skip
    assert response.status_code == 302
    page = _text(admin_client.get(f"/requests/{request.id}")).split('id="override"', 1)[1][:500]
    assert "refused</strong> by a manager: Offer a taxi instead" in page
    db.session.refresh(request)
    assert request.in_person_override_by == ""

    # Saving something else asks nothing again; a new reason does.
    edit = f"/requests/{request.id}/edit"
    assert _post(admin_client, edit, _form(pid, notes="Lift")).status_code == 302
    assert [a.status for a in _approvals()] == ["refused"]
    new_reason = "Taxi refused by the family; joins from the refuge"
    response = _post(admin_client, edit, _form(pid, in_person_override_reason=new_reason))
    assert response.status_code == 302
    assert [(a.status, a.reason) for a in _approvals()] == [
        ("refused", REASON), ("pending", new_reason)]  # fmt: skip


def test_the_parent_back_in_the_room_withdraws_the_question(client, asked):
    admin_client, _, request, pid = asked
    response = _post(admin_client, f"/requests/{request.id}/edit",
                     _form(pid, **{f"presence_{pid}": "in_room"},
                           in_person_override_reason=""))  # fmt: skip
    assert response.status_code == 302, _text(response)[:2000]
    db.session.refresh(request)
    assert (request.in_person_override_reason, request.in_person_override_by) == ("", "")
    assert _approvals() == []
    withdrawn = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "approval.withdrawn")).one()  # fmt: skip
    assert REASON not in withdrawn.detail  # the log has no words of the reason


def test_a_manager_who_gives_the_reason_agrees_at_once(client):
    manager = signed_in_as(client, "manager", name="Sam Manager")
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    assert _post(client, f"/requests/new?case={case.reference}", _form(pid)).status_code == 302
    request = db.session.scalars(select(MeetingRequest)).one()
    (approval,) = _approvals()
    assert request.in_person_override_by == "Sam Manager"
    assert (approval.status, approval.decided_by_id) == ("agreed", manager.id)
    assert "Nothing is awaiting a manager's agreement." in _text(client.get("/approvals"))
