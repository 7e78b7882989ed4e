"""Cancelling is deliberate: the request page links to a confirmation page that says what is
cancelled and who is told, and asks why (a reason from the rearrangement reasons). Nothing is
changed or sent until it is confirmed; a booked meeting's cancellation is a rearrangement,
counted in the figures."""

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingRequest, OutboxMessage, Rearrangement
from app.services import ServiceError
from app.services.rearranging.history import counts_by_reason_and_month
from app.services.requests.requests import cancel_request
from tests.app.factories.cases import staff_signed_in
from tests.app.factories.rows import make_meeting, make_request

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def admin(app, client):
    return staff_signed_in(app, client)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _booked() -> Meeting:
    meeting = make_meeting(status="confirmed")  # tomorrow, 09:00
    meeting.request.status = "booked"
    db.session.commit()
    return meeting


def _unchanged(meeting: Meeting) -> None:
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "confirmed"
    assert db.session.get(MeetingRequest, meeting.request_id).status == "booked"
    assert (_count(OutboxMessage), _count(Rearrangement)) == (0, 0)


def test_the_request_page_links_to_a_confirmation_page_with_no_cancel_button(client, admin):
    meeting = _booked()
    page = client.get(f"/requests/{meeting.request_id}").get_data(as_text=True)
    assert f'href="/requests/{meeting.request_id}/cancel"' in page
    assert "Yes, cancel it" not in page


def test_the_confirmation_page_says_who_is_told_and_changes_nothing(client, admin):
    meeting = _booked()
    response = client.get(f"/requests/{meeting.request_id}/cancel")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "get a cancellation" in page and "Why is it cancelled?" in page
    assert "Court delay or order" in page and "Yes, cancel it" in page
    _unchanged(meeting)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a reason from the list."),
        ({"reason": "bored"}, "Select a reason from the list."),
        ({"reason": "other", "reason_text": "   "}, "Say what the other reason is."),
    ],
)
def test_without_a_reason_nothing_is_cancelled_or_sent(client, admin, data, message):
    meeting = _booked()
    response = client.post(f"/requests/{meeting.request_id}/cancel", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    _unchanged(meeting)


@pytest.mark.parametrize(
    ("reason", "words"), [("family_request", ""), ("other", "Case closed by the court")]
)
def test_a_confirmed_cancellation_is_a_rearrangement_in_the_figures(client, admin, reason, words):
    meeting = _booked()
    response = client.post(
        f"/requests/{meeting.request_id}/cancel", data={"reason": reason, "reason_text": words}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "cancelled"
    rearrangement = db.session.scalar(select(Rearrangement))
    assert (rearrangement.kind, rearrangement.reason, rearrangement.reason_text) == (
        "cancelled",
        reason,
        words,
    )
    assert [m.change for m in rearrangement.moves] == ["cancelled"]
    [row] = counts_by_reason_and_month()
    assert (row.reason, row.rearrangements, row.meetings_moved, row.meetings_cancelled) == (
        reason,
        1,
        0,
        1,
    )
    assert {m.method for m in db.session.scalars(select(OutboxMessage))} == {"CANCEL"}


def test_the_figures_page_shows_the_cancelled_meeting(client, admin):
    meeting = _booked()
    client.post(f"/requests/{meeting.request_id}/cancel", data={"reason": "placement"})
    page = client.get("/rearrangements").get_data(as_text=True)
    assert "Meetings cancelled" in page


def test_an_open_request_is_cancelled_with_its_reason_and_nothing_is_sent(client, admin):
    request = make_request(status="open")
    db.session.commit()
    page = client.get(f"/requests/{request.id}/cancel").get_data(as_text=True)
    assert "nobody is told" in page
    response = client.post(f"/requests/{request.id}/cancel", data={"reason": "placement"})
    assert response.status_code == 302
    assert db.session.get(MeetingRequest, request.id).status == "cancelled"
    assert (_count(OutboxMessage), _count(Rearrangement)) == (0, 0)


def test_the_service_refuses_an_unknown_reason_and_changes_nothing(app):
    meeting = _booked()
    with pytest.raises(ServiceError) as refused:
        cancel_request(NOW, None, meeting.request_id, "")
    assert refused.value.field == "reason"
    _unchanged(meeting)


def test_a_meeting_that_started_but_was_inquorate_can_still_be_cancelled(app):
    meeting = _booked()
    later = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # an hour after it began
    cancel_request(later, None, meeting.request_id, "inquorate")
    assert db.session.get(Meeting, meeting.id).status == "cancelled"
    assert db.session.scalar(select(Rearrangement)).reason == "inquorate"
