"""/api/v1/meeting-requests: create with the computed window, bad input refused on its field
(nothing created), list with filters, read one; for admins and managers only."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, MeetingRequest
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.cases import make_party
from tests.app.factories.rows import make_case, make_chair, make_request, make_user

URL = "/api/v1/meeting-requests"


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingRequest))


@pytest.fixture
def admin_token(app):
    return make_token(role="admin")


def _icpc(case, **overrides) -> dict:
    # A worked example of docs/meeting-types-and-timescales.md: an ICPC triggered on Thu 18 Dec
    # 2025 must be held by Tue 13 Jan 2026 (15 working days, skipping Christmas and New Year bank
    # holidays).
    return {"case_reference": case.reference, "meeting_type": "ICPC",
            "trigger_date": "2025-12-18", "recording_late": True, **overrides}  # fmt: skip


def test_creating_a_request_returns_201_with_its_computed_window(client, admin_token):
    case = make_case()
    response = client.post(URL, json=_icpc(case), headers=bearer(admin_token))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.json
    assert body["latest"] == "2026-01-13"
    assert body["earliest"] <= body["latest"] and body["rule"]
    assert "preferred_latest" in body and body["case_reference"] == case.reference


def test_a_created_request_is_stored_open_with_an_audit_row(client, admin_token):
    case = make_case()
    body = client.post(URL, json=_icpc(case), headers=bearer(admin_token)).json
    row = db.session.get(MeetingRequest, body["id"])
    assert (row.case_id, row.status, row.latest) == (case.id, "open", date(2026, 1, 13))
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.create"))


def test_a_manager_may_create_a_request(client):
    token, case = make_token(role="manager"), make_case()
    assert client.post(URL, json=_icpc(case), headers=bearer(token)).status_code == 201


def test_the_locality_may_be_given_by_name(client, admin_token):
    case = make_case()
    name = case.home_locality.name
    body = client.post(URL, json=_icpc(case, locality_name=name.upper()),
                       headers=bearer(admin_token)).json  # fmt: skip
    assert body["locality_id"] == case.home_locality_id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"meeting_type": "TEA_PARTY"}, "meeting_type"),
        ({"trigger_date": "18/12/2025"}, "trigger_date"),
        ({"duration_minutes": 50}, "duration_minutes"),
        ({"case_reference": None}, "case_reference"),
        ({"surprise": True}, "surprise"),
        ({"not_before_time": "16:00+01:00"}, "not_before_time"),
    ],
)
def test_a_malformed_field_is_a_422_naming_it_and_nothing_is_created(
    client, admin_token, change, field
):
    case = make_case()
    response = client.post(URL, json=_icpc(case, **change), headers=bearer(admin_token))
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
    assert _count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"case_reference": "NOSUCH1"}, "case_reference"),
        ({"trigger_date": None}, "trigger_date"),
        ({"locality_name": "Atlantis"}, "locality_name"),
        ({"allocated_chair_id": 999_999}, "allocated_chair_id"),
        ({"joining_link": "https://example.org/join"}, "joining_link"),
    ],
)
def test_a_field_the_request_service_refuses_is_a_422_naming_it(client, admin_token, change, field):
    case = make_case()
    response = client.post(URL, json=_icpc(case, **change), headers=bearer(admin_token))
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field], response.json
    assert _count() == 0


def test_a_request_for_a_closed_case_is_refused(client, admin_token):
    case = make_case(closed_on=date(2026, 2, 1))
    response = client.post(URL, json=_icpc(case), headers=bearer(admin_token))
    assert response.status_code == 422 and "case_reference" in response.json["errors"]


def test_a_body_that_is_not_json_is_a_400(client, admin_token):
    headers = {**bearer(admin_token), "Content-Type": "application/json"}
    response = client.post(URL, data="{", headers=headers)
    assert response.status_code == 400 and response.is_json


def test_a_chair_token_may_not_create_a_request(client):
    chair = make_chair()
    chair.user = make_user(role="chair")
    token, case = make_token(chair.user), make_case()
    response = client.post(URL, json=_icpc(case), headers=bearer(token))
    assert response.status_code == 403 and response.json["status"] == 403
    assert _count() == 0


def test_a_chair_token_may_not_list_requests(client):
    token = make_token(role="chair")
    assert client.get(URL, headers=bearer(token)).status_code == 403


def test_the_list_is_filtered_by_status_type_and_window_end(client, admin_token):
    wanted = make_request(meeting_type="RCPC", latest=date(2026, 3, 20))
    make_request(meeting_type="RCPC", latest=date(2026, 4, 20))
    make_request(meeting_type="CIC_REVIEW", latest=date(2026, 3, 20))
    make_request(meeting_type="RCPC", latest=date(2026, 3, 20), status="cancelled")
    query = "?status=open&type=RCPC&window_ends_before=2026-03-31"
    body = client.get(URL + query, headers=bearer(admin_token)).json
    assert [item["id"] for item in body["items"]] == [wanted.id]
    assert body["pagination"] == {"page": 1, "per_page": 50, "pages": 1, "total": 1}


def test_the_list_is_paginated(client, admin_token):
    for _ in range(51):
        make_request()
    second = client.get(URL + "?page=2", headers=bearer(admin_token)).json
    assert len(second["items"]) == 1 and second["pagination"]["total"] == 51


def test_an_unknown_status_filter_is_a_422_naming_it(client, admin_token):
    response = client.get(URL + "?status=lost", headers=bearer(admin_token))
    assert response.status_code == 422 and "status" in response.json["errors"]


def test_one_request_is_read_by_its_id(client, admin_token):
    row = make_request()
    body = client.get(f"{URL}/{row.id}", headers=bearer(admin_token)).json
    assert (body["id"], body["latest"], body["status"]) == (row.id, "2026-03-27", "open")


@pytest.mark.parametrize("request_id", [999, 2**40])
def test_an_unknown_request_is_a_404_json_error(client, admin_token, request_id):
    response = client.get(f"{URL}/{request_id}", headers=bearer(admin_token))
    assert response.status_code == 404 and response.json["status"] == 404


def test_attendees_are_created_with_their_role_presence_and_needs(client, admin_token):
    case = make_case()
    worker = make_party(case, "social worker", role="social_worker")
    attendee = {"person_id": worker.person_id, "role": "interpreter", "presence": "online",
                "communication_needs": True}  # fmt: skip
    body = _icpc(case, format="hybrid", attendees=[attendee])
    response = client.post(URL, json=body, headers=bearer(admin_token))
    assert response.status_code == 201, response.get_data(as_text=True)
    stored = db.session.get_one(MeetingRequest, response.json["id"]).attendees[0]
    assert (stored.role, stored.presence, stored.communication_needs) == (
        "interpreter",
        "online",
        True,
    )


def test_an_unknown_presence_is_refused_on_attendees(client, admin_token):
    case = make_case()
    pid = make_party(case).person_id
    body = _icpc(case, attendees=[{"person_id": pid, "presence": "by_phone"}])
    response = client.post(URL, json=body, headers=bearer(admin_token))
    assert response.status_code == 422 and "attendees" in str(response.json["errors"])
    assert _count() == 0


def test_a_vulnerable_parent_online_is_refused_on_attendees_in_words(client, admin_token):
    case = make_case(domestic_abuse=True)
    pid = make_party(case).person_id
    body = _icpc(case, format="hybrid", attendees=[{"person_id": pid, "presence": "online"}])
    response = client.post(URL, json=body, headers=bearer(admin_token))
    assert response.status_code == 422
    assert "domestic abuse" in response.json["errors"]["attendees"][0]
    assert _count() == 0


def test_a_manager_token_may_agree_to_a_vulnerable_parent_online(client):
    token, case = make_token(role="manager"), make_case(domestic_abuse=True)
    pid = make_party(case).person_id
    body = _icpc(case, format="hybrid", attendees=[{"person_id": pid, "presence": "online"}],
                 in_person_override_reason="Lives far away")  # fmt: skip
    response = client.post(URL, json=body, headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
