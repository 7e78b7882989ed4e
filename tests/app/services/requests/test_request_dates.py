"""A request's dates are checked like the planner would need them, and a case's opening day is
believable: each rule just inside and just outside its boundary, through the service, the page
and the API. It is Monday 2 March 2026 throughout."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.extensions import db
from app.models import Case, MeetingRequest
from app.services import ServiceError
from app.services.cases import cases as case_service
from app.services.requests import requests as service
from app.services.requests.rules import RequestInput
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.cases import count, date_parts, make_unborn_child, staff_signed_in
from tests.app.factories.rows import make_case, make_locality, make_request

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
# ICPC: 15 working days from the strategy discussion. From Mon 9 Feb the latest day is today;
# from Fri 6 Feb it was Fri 27 Feb, so its whole window has passed.
LATEST_IS_TODAY, LATEST_WAS_FRIDAY = date(2026, 2, 9), date(2026, 2, 6)


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _icpc(trigger: date, **fields) -> RequestInput:
    return RequestInput(meeting_type="ICPC", trigger_date=trigger, **fields)


def _create(case, data: RequestInput) -> MeetingRequest:
    return service.create_request(NOW, None, case.id, data)


def _refused(case, data: RequestInput, field: str) -> str:
    with pytest.raises(ServiceError) as refused:
        _create(case, data)
    assert refused.value.field == field
    db.session.rollback()
    assert count(MeetingRequest) == 0
    return refused.value.message


# -- the trigger date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "late", "refused_on"),
    [
        (TODAY, False, None),  # today: the strategy discussion was this morning
        (TODAY + timedelta(days=1), False, "trigger_date"),  # tomorrow has not happened
        (TODAY + timedelta(days=1), True, "trigger_date"),  # and ticking "late" does not help
        (LATEST_IS_TODAY, False, None),  # the window's last day is today
        (LATEST_WAS_FRIDAY, False, "trigger_date"),  # the whole window has passed
        (LATEST_WAS_FRIDAY, True, None),  # ... unless it is recorded as a late request
        (date(2000, 1, 1), True, None),
        (date(1999, 12, 31), True, "trigger_date"),  # a typing slip, late or not
        (date(1900, 1, 1), True, "trigger_date"),
    ],
)
def test_the_trigger_date(app, trigger, late, refused_on):
    case = make_case()
    db.session.commit()
    data = _icpc(trigger, recording_late=late)
    if refused_on is None:
        assert _create(case, data).trigger_date == trigger
    else:
        _refused(case, data, refused_on)


def test_a_window_that_has_passed_is_explained_in_words(app):
    case = make_case()
    db.session.commit()
    message = _refused(case, _icpc(LATEST_WAS_FRIDAY), "trigger_date")
    assert "has passed" in message and "Recording a late request" in message


def test_editing_a_request_to_a_future_trigger_is_refused_and_changes_nothing(app):
    case = make_case()
    db.session.commit()
    created = _create(case, _icpc(TODAY))
    with pytest.raises(ServiceError) as refused:
        service.update_request(NOW, None, created.id, _icpc(TODAY + timedelta(days=7)))
    assert refused.value.field == "trigger_date"
    db.session.rollback()
    assert db.session.get(MeetingRequest, created.id).trigger_date == TODAY


@pytest.mark.parametrize(
    ("edd", "refused_on"),
    [
        (TODAY, "expected_delivery"),  # due today: the baby may be born
        (TODAY + timedelta(days=1), None),
        (TODAY + timedelta(weeks=42), None),
        (TODAY + timedelta(weeks=42, days=1), "expected_delivery"),  # further than a pregnancy
    ],
)
def test_a_prebirth_meeting_needs_a_delivery_still_to_come(app, edd, refused_on):
    case = make_case()
    make_unborn_child(case, edd)
    db.session.commit()
    data = RequestInput(meeting_type="PREBIRTH_STRATEGY", trigger_date=None, recording_late=True)
    if refused_on is None:
        assert _create(case, data).expected_delivery == edd
    else:
        _refused(case, data, refused_on)


def test_a_prebirth_strategy_meeting_counts_back_from_a_future_delivery(app):
    case = make_case()
    make_unborn_child(case, TODAY + timedelta(weeks=20))
    db.session.commit()
    created = _create(case, RequestInput(meeting_type="PREBIRTH_STRATEGY"))
    assert created.latest >= TODAY


# -- the same request twice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing_type", "existing_status", "refused"),
    [
        ("ICPC", "open", True),
        ("ICPC", "booked", True),
        ("ICPC", "cancelled", False),
        ("ICPC", "held", False),
        ("CIC_REVIEW", "open", False),  # another type
    ],
)
def test_a_second_active_request_of_the_same_type_is_refused(
    app, existing_type, existing_status, refused
):
    case = make_case()
    existing = make_request(case=case, meeting_type=existing_type, status=existing_status)
    db.session.commit()
    if refused:
        message = _refused_besides(case, existing)
        assert f"number {existing.id}" in message
    else:
        assert _create(case, _icpc(TODAY)).meeting_type == "ICPC"


def _refused_besides(case, existing) -> str:
    with pytest.raises(service.DuplicateRequest) as refused:
        _create(case, _icpc(TODAY))
    assert (refused.value.field, refused.value.existing_id) == ("meeting_type", existing.id)
    db.session.rollback()
    assert count(MeetingRequest) == 1
    return refused.value.message


def test_the_same_request_for_another_case_is_not_a_duplicate(app):
    make_request(case=make_case(), meeting_type="ICPC", status="open")
    case = make_case()
    db.session.commit()
    assert _create(case, _icpc(TODAY)).case_id == case.id


def test_editing_a_request_is_not_a_duplicate_of_itself(app):
    case = make_case()
    db.session.commit()
    created = _create(case, _icpc(TODAY))
    updated = service.update_request(NOW, None, created.id, _icpc(TODAY, notes="Room 2"))
    assert updated.notes == "Room 2"


def test_the_page_refuses_a_duplicate_with_a_link_to_the_request_already_made(app, client):
    staff_signed_in(app, client)
    case = make_case()
    existing = make_request(case=case, meeting_type="ICPC", status="open")
    db.session.commit()
    response = client.post(
        f"/requests/new?case={case.reference}",
        data={"meeting_type": "ICPC", "sequence": "first", "format": "in_person",
              "trigger_date": date_parts(TODAY)},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This case already has an open initial child protection conference" in page
    assert f'href="/requests/{existing.id}"' in page
    assert count(MeetingRequest) == 1


def test_the_page_asks_for_the_late_request_choice(app, client):
    staff_signed_in(app, client)
    case = make_case()
    db.session.commit()
    url = f"/requests/new?case={case.reference}"
    form = {"meeting_type": "ICPC", "sequence": "first", "format": "in_person",
            "trigger_date": date_parts(LATEST_WAS_FRIDAY)}  # fmt: skip

    refused = client.post(url, data=form)
    assert refused.status_code == 400 and "Recording a late request" in refused.get_data(True)
    assert count(MeetingRequest) == 0

    assert client.post(url, data={**form, "recording_late": "y"}).status_code == 302
    assert count(MeetingRequest) == 1


# -- through the API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "late", "status"),
    [
        (TODAY, False, 201),
        (TODAY + timedelta(days=1), False, 422),
        (LATEST_WAS_FRIDAY, False, 422),
        (LATEST_WAS_FRIDAY, True, 201),
        (date(1989, 12, 31), True, 422),
    ],
)
def test_the_api_checks_the_trigger_date(app, client, trigger, late, status):
    case = make_case()
    token = make_token(role="admin")
    body = {"case_reference": case.reference, "meeting_type": "ICPC",
            "trigger_date": trigger.isoformat(), "recording_late": late}  # fmt: skip
    response = client.post("/api/v1/meeting-requests", json=body, headers=bearer(token))
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 422:
        assert "trigger_date" in response.json["errors"]


def test_the_api_refuses_a_duplicate(app, client):
    case = make_case()
    make_request(case=case, meeting_type="ICPC", status="booked")
    token = make_token(role="admin")
    body = {"case_reference": case.reference, "meeting_type": "ICPC",
            "trigger_date": TODAY.isoformat()}  # fmt: skip
    response = client.post("/api/v1/meeting-requests", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert "already has a booked" in response.json["errors"]["meeting_type"][0]


# -- the day a case opened ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opened_on", "refused"),
    [
        (date(2000, 1, 1), False),
        (date(1999, 12, 31), True),
        (date(1900, 6, 1), True),
        (TODAY, False),
        (TODAY + timedelta(days=1), True),
        (date(2030, 1, 1), True),
    ],
)
def test_the_day_a_case_opened(app, opened_on, refused):
    town = make_locality()
    db.session.commit()
    data = case_service.CaseInput("", town.id, None, opened_on)
    if not refused:
        assert case_service.create_case(NOW, None, data).opened_on == opened_on
        return
    with pytest.raises(ServiceError) as refusal:
        case_service.create_case(NOW, None, data)
    assert refusal.value.field == "opened_on"
    db.session.rollback()
    assert count(Case) == 0


def test_the_case_page_refuses_an_opening_day_in_the_future(app, client):
    staff_signed_in(app, client)
    town = make_locality()
    db.session.commit()
    response = client.post(
        "/cases/new",
        data={"home_locality": str(town.id), "opened_on": date_parts(date(2030, 1, 1))},
    )
    assert response.status_code == 400
    assert "is in the future" in response.get_data(as_text=True)
    assert count(Case) == 0


def test_a_case_that_already_has_two_such_requests_can_still_have_one_edited(app):
    case = make_case()
    db.session.commit()
    created = _create(case, _icpc(TODAY))
    make_request(case=case, meeting_type="ICPC", status="open")  # made before the check existed
    db.session.commit()
    updated = service.update_request(NOW, None, created.id, _icpc(TODAY, notes="Room 2"))
    assert updated.notes == "Room 2"
