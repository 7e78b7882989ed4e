"""The private reply page, without signing in: a GP sends apologies, a school uploads a report,
and staff (or the meeting's chair) download it; wrong and closed links say so."""

import io
import re
from datetime import timedelta

import pytest
import time_machine

from app.extensions import db
from app.models import AttendeeReport
from app.services.replies import answers
from app.services.replies.links import LinkClosed
from app.services.requests.rules import type_label
from tests.app.auth_helpers import sign_in, signed_in_as
from tests.app.factories.rows import make_user
from tests.app.services.replies.factories import BEFORE, PDF, linked


@pytest.fixture(autouse=True)
def _clock_and_reports(reports_dir):
    with time_machine.travel(BEFORE, tick=False):
        yield


def _token(client, secret: str) -> str:
    page = client.get(f"/reply/{secret}").get_data(as_text=True)
    return re.search(r'name="reply-csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _reply(client, secret: str, reply: str, reason: str):
    data = {"reply-csrf_token": _token(client, secret), "reply-reply": reply,
            "reply-reason": reason, "reply-submit": "1"}  # fmt: skip
    return client.post(f"/reply/{secret}", data=data)


def _upload(client, secret: str, content: bytes, name: str):
    data = {"report-csrf_token": _token(client, secret),
            "report-report": (io.BytesIO(content), name), "report-upload": "1"}  # fmt: skip
    return client.post(f"/reply/{secret}/report", data=data, content_type="multipart/form-data")


def test_the_page_says_what_the_meeting_is_and_nothing_of_the_case(client):
    case = linked(roles=("gp",))

    page = client.get(f"/reply/{case.secrets['gp']}")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert type_label(case.world.request.meeting_type) in text
    assert "Your report is due by" in text and "https://meet.example.org/q-1" in text
    assert case.world.request.case.reference not in text and "2018" not in text
    assert "no-store" in page.headers["Cache-Control"]  # it names the person: not kept in caches
    assert page.headers["Referrer-Policy"] == "no-referrer"  # nor its address sent on


def test_a_gp_sends_apologies_and_the_chair_sees_them(client):
    case = linked(roles=("gp",))
    secret = case.secrets["gp"]

    refused = _reply(client, secret, "apologies", "")
    sent = _reply(client, secret, "apologies", "In clinic")

    assert refused.status_code == 400 and "Say briefly why you cannot come" in refused.get_data(
        as_text=True
    )
    assert sent.status_code == 302
    chair_user = make_user(role="chair", email=case.world.chair.email)
    case.world.chair.user = chair_user
    db.session.commit()
    sign_in(client, chair_user)
    meeting_page = client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "Apologies: In clinic" in meeting_page


def test_a_school_uploads_its_report_and_staff_download_it(client):
    case = linked(roles=("school",))
    secret = case.secrets["school"]

    uploaded = _upload(client, secret, PDF, "Report.pdf")

    assert uploaded.status_code == 302
    report = db.session.query(AttendeeReport).one()
    anonymous = client.get(f"/meetings/{case.meeting.id}/reports/{report.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    signed_in_as(client, "admin")
    download = client.get(f"/meetings/{case.meeting.id}/reports/{report.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_disguised_upload_is_refused_on_the_page(client):
    case = linked(roles=("school",))
    secret = case.secrets["school"]

    refused = _upload(client, secret, b"MZ\x90\x00program", "report.pdf")

    assert refused.status_code == 400
    assert "PDF or a Word document" in refused.get_data(as_text=True)
    assert db.session.query(AttendeeReport).count() == 0


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(client):
    case = linked(roles=("school",))
    secret = case.secrets["school"]
    huge = PDF + b" " * (11 * 1024 * 1024)

    refused = _upload(client, secret, huge, "r.pdf")

    assert refused.status_code == 413
    assert "at most 10 MB" in refused.get_data(as_text=True)
    assert db.session.query(AttendeeReport).count() == 0


def test_an_unknown_link_is_not_found_and_a_closed_one_says_why(client):
    case = linked(roles=("gp",))

    assert client.get("/reply/" + "A" * 43).status_code == 404
    with time_machine.travel(case.meeting.ends_at + timedelta(minutes=1), tick=False):
        closed = client.get(f"/reply/{case.secrets['gp']}")
    assert closed.status_code == 410
    assert "has taken place" in closed.get_data(as_text=True)


def test_another_chair_cannot_download_a_report_of_a_meeting_not_theirs(client):
    case = linked(roles=("school",))
    _upload(client, case.secrets["school"], PDF, "r.pdf")
    report = db.session.query(AttendeeReport).one()
    other = linked(roles=("gp",))
    chair_user = make_user(role="chair", email=other.world.chair.email)
    other.world.chair.user = chair_user
    db.session.commit()
    sign_in(client, chair_user)

    assert client.get(f"/meetings/{case.meeting.id}/reports/{report.id}").status_code == 404
    assert client.get(f"/meetings/{other.meeting.id}/reports/{report.id}").status_code == 404


def test_a_link_that_closes_while_the_report_is_sent_says_so_rather_than_failing(
    client, monkeypatch
):
    case = linked(roles=("school",))
    secret = case.secrets["school"]
    token = _token(client, secret)

    def closed_meanwhile(*_args):
        raise LinkClosed("This meeting has taken place, so this link has closed.")

    monkeypatch.setattr(answers, "store_report", closed_meanwhile)
    data = {"report-csrf_token": token, "report-report": (io.BytesIO(PDF), "r.pdf"),
            "report-upload": "1"}  # fmt: skip
    refused = client.post(f"/reply/{secret}/report", data=data, content_type="multipart/form-data")

    assert refused.status_code == 410 and "has taken place" in refused.get_data(as_text=True)
