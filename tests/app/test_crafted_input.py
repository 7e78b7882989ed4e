"""Crafted input — deeply nested JSON, years 0001 and 9999, numbers past any database integer,
NUL characters — is refused with a 4xx in words (a page for people, the JSON error under /api),
never a 500, and changes nothing."""

import pytest

from app.extensions import db
from app.models import AuditEvent, PlanRun
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.plan_runs import make_plan_run
from tests.app.factories.rows import make_case, make_chair

HUGE = "99999999999999999999"  # past 64 bits
PAGE_10_30 = str(10**30)
NESTED = "[" * 10_000

# (path, status, words the answer must contain)
PAGES = [
    (f"/cases/{HUGE}", 404, "Page not found"),
    (f"/requests/{HUGE}", 404, "Page not found"),
    (f"/meetings/{HUGE}", 404, "Page not found"),
    (f"/plans/{HUGE}", 404, "Page not found"),
    (f"/chairs/{HUGE}/edit", 404, "Page not found"),
    (f"/cases?page={PAGE_10_30}", 400, "page"),
    (f"/requests?page={PAGE_10_30}", 400, "page"),
    (f"/rooms?locality={HUGE}", 200, "Rooms"),
    (f"/chairs?locality={HUGE}", 200, "Chairs"),
    (f"/cases?locality={HUGE}&chair={HUGE}", 200, "Cases"),
    (f"/rooms?locality=-{HUGE}", 200, "Rooms"),
    (f"/cases?locality=-{HUGE}&chair=-{HUGE}", 200, "Cases"),
    (f"/requests?locality={HUGE}", 200, "Meeting requests"),
    (f"/localities/travel?a={HUGE}&b={HUGE}", 200, "Driving"),
    ("/calendar/chairs?week=0001-01-01", 400, "2000"),
    ("/calendar/rooms?week=9999-12-31", 400, "2099"),
    ("/calendar/list?week=9999-12-31", 400, "2099"),
    ("/calendar/day?date=0001-01-01", 400, "2000"),
    ("/calendar/day?date=9999-12-31", 400, "2099"),
    (f"/calendar/day?date=2026-03-02&locality={HUGE}", 400, "not a known choice"),
    ("/meetings?from=0001-01-01", 400, "2000"),
    ("/meetings?from=9999-12-01&to=9999-12-31", 400, "2099"),
    ("/meetings?from=2026-01-01&to=9999-12-31", 400, "2099"),
    ("/meetings?from=2026-02-30", 400, "YYYY-MM-DD"),
    ("/cases?reference=%00", 400, "NUL"),
    ("/people?q=a%00b", 400, "NUL"),
    # A list filter refuses a date it cannot use, naming the filter, rather than ignoring it.
    ("/requests?ends_before=1&ends_before=1&ends_before=9999", 400, "Window ends on or before"),
]


@pytest.mark.parametrize(("path", "status", "words"), PAGES)
def test_a_crafted_page_address_gets_a_page_in_words(client, path, status, words):
    signed_in_as(client, "admin")

    response = client.get(path)

    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    assert words in response.get_data(as_text=True)


# The calendar pages' addresses: (address, words in the error page)
CALENDAR = [
    ("/calendar/day?date=0001-01-01T00:00:00%2B05:00", "2000"),
    ("/calendar/list?week=9999-12-31T23:59:59-05:00", "2099"),
    (f"/calendar/day?date=2026-03-02&locality={HUGE}", "not a known choice"),
]


@pytest.mark.parametrize(("url", "words"), CALENDAR)
def test_a_crafted_calendar_address_gets_a_page_in_words(client, url, words):
    signed_in_as(client, "admin")

    response = client.get(url)

    assert response.status_code == 400, response.get_data(as_text=True)[:2000]
    assert words in response.get_data(as_text=True)


# (form page, fields, words): a bad date or a NUL on a form is an error on the form.
FORMS = [
    ("/plans", {"horizon_end": ["1", "1", "9999"], "time_limit": "30"}, "2099"),
    ("/plans", {"horizon_end": ["1", "1", "0001"], "time_limit": "30"}, "2000"),
    ("/cases/new", {"reference": "C1\x00", "opened_on": ["1", "1", "2026"]}, "NUL"),
    ("/plans/{run_id}/confirm", {"request_ids": HUGE}, "Select meetings from the list"),
]


@pytest.mark.parametrize(("path", "fields", "words"), FORMS)
def test_a_crafted_form_is_refused_and_changes_nothing(client, path, fields, words):
    signed_in_as(client, "admin")
    path = path.format(run_id=make_plan_run().id)  # a run to confirm, queued: not confirmable
    audit_rows, runs = db.session.query(AuditEvent).count(), db.session.query(PlanRun).count()
    token = csrf_token(client, "/plans")

    response = client.post(path, data={**fields, "csrf_token": token})

    assert response.status_code == 400, response.get_data(as_text=True)[:2000]
    assert words in response.get_data(as_text=True)
    assert db.session.query(AuditEvent).count() == audit_rows
    assert db.session.query(PlanRun).count() == runs


# (method, path, JSON body or raw text, status, words in "detail" or "errors")
API = [
    ("post", "/api/v1/meeting-requests", NESTED, 400, "nested"),
    ("post", "/api/v1/plan-runs", NESTED, 400, "nested"),
    ("post", "/api/v1/plan-runs/1/confirm", '{"request_ids": ' + NESTED + "}", 400, "nested"),
    ("get", f"/api/v1/meeting-requests/{HUGE}", None, 404, "not found"),
    ("get", f"/api/v1/plan-runs/{HUGE}", None, 404, "not found"),
    ("get", f"/api/v1/meeting-requests?page={PAGE_10_30}", None, 422, "page"),
    ("get", "/api/v1/meetings?from=0001-01-01&to=0001-01-02", None, 422, "from"),
    ("get", "/api/v1/meetings?from=2026-01-01&to=9999-12-31", None, 422, "to"),
    ("get", "/api/v1/meeting-requests?window_ends_before=9999-12-31", None, 422, "window"),
    ("get", "/api/v1/meeting-requests?type=%00", None, 400, "NUL"),
    ("post", "/api/v1/plan-runs", {"time_limit_seconds": 3600}, 422, "time_limit_seconds"),
    ("post", "/api/v1/plan-runs", {"horizon_end": "2099-12-31"}, 422, "horizon_end"),
    ("post", "/api/v1/plan-runs", {"horizon_end": "9999-12-31"}, 422, "horizon_end"),
    ("post", "/api/v1/plan-runs/1/confirm", {"request_ids": [10**30]}, 422, "request_ids"),
    (
        "post",
        "/api/v1/plan-runs/1/confirm",
        {"late_agreements": {"1": {"reason": "a\x00"}}},
        422,
        "reason",
    ),
    (
        "post",
        "/api/v1/meeting-requests",
        {"case_reference": "C1\x00", "meeting_type": "ICPC"},
        422,
        "case_reference",
    ),
]


@pytest.mark.parametrize(("method", "path", "sent", "status", "words"), API)
def test_crafted_api_input_gets_a_json_error_in_words(client, method, path, sent, status, words):
    headers = bearer(make_token(role="admin"))
    runs = db.session.query(PlanRun).count()
    if isinstance(sent, str):
        headers["Content-Type"] = "application/json"
        response = getattr(client, method)(path, data=sent, headers=headers)
    else:
        response = getattr(client, method)(path, json=sent, headers=headers)

    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    body = response.get_json()
    assert body["status"] == status
    assert words in body["detail"] + " ".join(body.get("errors", {})), body
    assert db.session.query(PlanRun).count() == runs


def test_a_case_and_chair_exist_so_that_huge_ids_are_not_simply_an_empty_table(client):
    # The table-driven tests above run on an empty database too; here, with rows, a huge id
    # is still a plain 404 and a real one still works.
    signed_in_as(client, "admin")
    case, chair = make_case(), make_chair()

    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/chairs/{chair.id}").status_code == 200
    assert client.get(f"/cases/{HUGE}").status_code == 404
