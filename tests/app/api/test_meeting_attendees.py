"""/api/v1/meetings/{id}: a meeting with each attendee's role, attendance, reply and report,
for the council's case system; a chair's token sees only their own meetings."""

import io
from datetime import UTC, datetime

import time_machine

from app.extensions import db
from app.services.notifications.notices import invite_reference
from app.services.replies.answers import record_reply, store_report
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import make_user
from tests.app.services.replies.factories import PDF, linked

URL = "/api/v1/meetings/{}"
BEFORE_THE_DUE_DAY = datetime(2026, 3, 2, 9, tzinfo=UTC)  # reports are due on Thu 5 Mar


def test_each_attendee_has_their_role_attendance_reply_and_report(client, reports_dir):
    case = linked(roles=("gp", "school", "parent"))
    record_reply(BEFORE_THE_DUE_DAY, case.secrets["gp"], "apologies", "In clinic")
    store_report(BEFORE_THE_DUE_DAY, case.secrets["school"], "r.pdf", io.BytesIO(PDF))
    token = make_token(role="admin")

    with time_machine.travel(BEFORE_THE_DUE_DAY, tick=False):
        response = client.get(URL.format(case.meeting.id), headers=bearer(token))

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert body["id"] == case.meeting.id and body["meeting_type"] == "CIC_REVIEW"
    assert body["reference"] == invite_reference(case.meeting)
    people = {item["role"]: item for item in body["attendees"]}
    assert (people["gp"]["reply"], people["gp"]["report"]) == ("apologies", "requested")
    assert (people["school"]["reply"], people["school"]["report"]) == ("none", "received")
    assert (people["parent"]["report"], people["parent"]["report_due"]) == ("not_requested", None)
    assert people["gp"]["report_due"] == "2026-03-05"
    assert "In clinic" not in response.get_data(as_text=True)  # the reason stays in Quorum
    assert people["parent"]["presence"] == "either"  # a hybrid meeting's, unless recorded
    assert people["parent"]["attendance"] == "required"  # as a request's attendee is given


def test_a_report_not_in_by_its_due_day_is_overdue(client):
    case = linked(roles=("gp",))
    token = make_token(role="manager")

    with time_machine.travel(case.meeting.starts_at, tick=False):
        response = client.get(URL.format(case.meeting.id), headers=bearer(token))

    assert response.json["attendees"][0]["report"] == "overdue"


def test_a_chairs_token_gets_only_their_own_meeting(client):
    case, other = linked(roles=("gp",)), linked(roles=("gp",))
    chair_user = make_user(role="chair", email=case.world.chair.email)
    case.world.chair.user = chair_user
    db.session.commit()
    token = make_token(chair_user)

    assert client.get(URL.format(case.meeting.id), headers=bearer(token)).status_code == 200
    refused = client.get(URL.format(other.meeting.id), headers=bearer(token))
    assert refused.status_code == 404 and refused.json["status"] == 404


def test_no_token_is_401_and_an_unknown_meeting_404(client):
    linked(roles=("gp",))
    assert client.get(URL.format(1)).status_code == 401
    token = make_token(role="admin")
    assert client.get(URL.format(999999), headers=bearer(token)).status_code == 404
