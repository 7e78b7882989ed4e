"""The Plan pages (staff only) and /api/v1/plan-runs: start a run, watch it, cancel it, read
the proposal. The solve itself is the scheduler's (called directly here)."""

import json
import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingRequest, PlanRun
from app.services.planning import runs as plan_runs
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.plan_runs import HORIZON_END, make_plan_run, make_plannable_world
from tests.app.factories.proposals import make_done_run
from tests.app.factories.rows import NOW

# A GOV.UK date input posts day, month and year under one name.
HORIZON_FORM = {"horizon_end": [str(HORIZON_END.day), str(HORIZON_END.month), "2026"]}


@pytest.fixture(autouse=True)
def at_now():
    """The pages read the clock (utc_now): it is Monday 2 March 2026, as in the factories."""
    with time_machine.travel(NOW, tick=True):
        yield


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PlanRun))


def _start(client):
    data = {**HORIZON_FORM, "csrf_token": csrf_token(client, "/plans")}
    return client.post("/plans", data=data)


def _run_the_queue():
    db.session.commit()
    return plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)


def test_a_chair_may_not_open_the_plan_page(client):
    signed_in_as(client, "chair")

    assert client.get("/plans").status_code == 403


def test_the_plan_page_offers_a_horizon_and_a_start_button(client):
    signed_in_as(client, "manager")

    page = client.get("/plans").get_data(as_text=True)

    assert "Plan the next 6 weeks" in page and "Start planning" in page


def test_starting_a_run_shows_its_page_with_a_polling_progress_bar(client):
    signed_in_as(client, "admin")

    response = _start(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 302 and _count() == 1
    assert "Queued" in page and "<progress" in page
    assert re.search(r'hx-get="/plans/\d+/progress" hx-trigger="every 1s"', page)
    assert "Cancel this run" in page and "Refresh this page" in page


def test_a_second_run_for_the_same_horizon_is_refused_with_a_clear_message(client):
    signed_in_as(client, "admin")
    _start(client)

    response = _start(client)

    assert response.status_code == 400 and _count() == 1
    assert "already queued or running" in response.get_data(as_text=True)


def test_cancel_from_the_run_page_cancels_a_queued_run(client):
    signed_in_as(client, "admin")
    run_id = make_plan_run().id
    token = csrf_token(client, f"/plans/{run_id}")

    client.post(f"/plans/{run_id}/cancel", data={"csrf_token": token})

    assert db.session.get(PlanRun, run_id).status == "cancelled"


def test_a_done_run_shows_its_counts_and_proposal_by_day_and_chair(client):
    make_plannable_world(requests=2)
    signed_in_as(client, "admin")
    _start(client)
    run = _run_the_queue()

    page = client.get(f"/plans/{run.id}").get_data(as_text=True)

    assert "Done" in page and "Proposed meetings" in page
    assert len(re.findall(r'href="/requests/\d+">[^<]*, case CASE', page)) == 2  # each, once
    assert re.search(r'<td class="govuk-table__cell">Chair \d+</td>', page)
    assert "hx-trigger" not in page  # finished: no more polling


def test_a_running_plan_shows_the_best_plan_so_far(client):
    summary = {"requests": 5, "placed": 4, "at_risk": 2, "late": 1, "unscheduled": 1}
    run_id = make_plan_run(status="running", summary=json.dumps(summary), best_score=999).id
    signed_in_as(client, "admin")

    page = client.get(f"/plans/{run_id}/progress").get_data(as_text=True)

    assert "Best plan so far" in page
    assert re.search(r"Placed</dt><dd class=\"govuk-summary-list__value\">4<", page)


def test_the_progress_fragment_asks_htmx_to_reload_once_the_run_is_finished(client):
    signed_in_as(client, "admin")
    run_id = make_plan_run(status="failed", error="Something in words.").id

    response = client.get(f"/plans/{run_id}/progress", headers={"HX-Request": "true"})

    assert response.headers.get("HX-Refresh") == "true"
    assert "Something in words." in response.get_data(as_text=True)


def test_the_api_queues_a_run_for_the_default_horizon_from_an_empty_body(client):
    token = make_token(role="admin")

    response = client.post("/api/v1/plan-runs", json={}, headers=bearer(token))

    assert response.status_code == 202
    assert response.get_json() == {"id": response.get_json()["id"], "status": "queued"}


def test_the_api_reports_a_runs_status_progress_and_summary(client):
    make_plannable_world(requests=1)
    token = make_token(role="manager")
    body = {"horizon_end": HORIZON_END.isoformat(), "time_limit_seconds": 10}
    run_id = client.post("/api/v1/plan-runs", json=body, headers=bearer(token)).get_json()["id"]
    _run_the_queue()

    state = client.get(f"/api/v1/plan-runs/{run_id}", headers=bearer(token)).get_json()

    assert (state["id"], state["status"], state["progress"]) == (run_id, "done", 100)
    assert state["summary"]["placed"] == 1


def test_the_api_refuses_a_second_run_for_the_same_horizon_with_a_422(client):
    token = make_token(role="admin")
    client.post("/api/v1/plan-runs", json={}, headers=bearer(token))

    response = client.post("/api/v1/plan-runs", json={}, headers=bearer(token))

    assert response.status_code == 422 and _count() == 1
    assert "already queued or running" in response.get_json()["detail"]


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_chair_token_may_not_use_the_plan_run_api(client, method):
    token = make_token(role="chair")
    url = "/api/v1/plan-runs" if method == "post" else "/api/v1/plan-runs/1"

    response = getattr(client, method)(url, json={}, headers=bearer(token))

    assert response.status_code == 403


def _confirm(client, run_id: int, request_ids: list) -> object:
    token = csrf_token(client, f"/plans/{run_id}")
    data = {"csrf_token": token, "request_ids": [str(i) for i in request_ids]}
    return client.post(f"/plans/{run_id}/confirm", data=data)


def test_the_review_lists_each_meeting_ticked_with_what_confirming_changes(client):
    run_id = make_done_run(requests=2).id
    signed_in_as(client, "admin")

    page = client.get(f"/plans/{run_id}").get_data(as_text=True)

    assert page.count('name="request_ids"') == 2 and page.count(" checked>") == 2
    assert "2 new meetings would be booked" in page and "Confirm selected meetings" in page


def test_confirming_from_the_page_books_the_ticked_meetings_and_says_how_many(client):
    run_id = make_done_run(requests=2).id
    ids = [r.id for r in db.session.scalars(select(MeetingRequest))]
    signed_in_as(client, "admin")

    response = _confirm(client, run_id, ids)
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 302 and "Booked 2 meetings." in page
    assert "Confirmed" in page and 'name="request_ids"' not in page
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_a_clash_on_confirm_books_nothing_and_offers_a_new_run(client):
    run_id = make_done_run(requests=1).id
    db.session.scalar(select(MeetingRequest)).status = "booked"  # booked by hand since
    signed_in_as(client, "admin")

    response = _confirm(client, run_id, [db.session.scalar(select(MeetingRequest.id))])
    page = response.get_data(as_text=True)

    assert response.status_code == 409 and "Nothing was booked" in page
    assert "is no longer open" in page and "Plan again" in page
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


@pytest.mark.parametrize("ids", [[], ["not-a-number"]])
def test_confirming_nothing_or_nonsense_is_refused_and_books_nothing(client, ids):
    run_id = make_done_run(requests=1).id
    signed_in_as(client, "admin")

    response = _confirm(client, run_id, ids)

    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_the_api_confirms_a_run_and_lists_the_meetings_it_booked(client):
    run_id = make_done_run(requests=2).id
    token = make_token(role="admin")

    response = client.post(f"/api/v1/plan-runs/{run_id}/confirm", json={}, headers=bearer(token))

    assert response.status_code == 200
    assert response.json["booked"] == 2 and len(response.json["meeting_ids"]) == 2
    assert client.get(f"/api/v1/plan-runs/{run_id}", headers=bearer(token)).json["confirmed_at"]


def test_the_api_answers_a_clash_with_409_and_each_clash_in_words(client):
    run_id = make_done_run(requests=1).id
    db.session.scalar(select(MeetingRequest)).status = "booked"
    token = make_token(role="admin")

    response = client.post(f"/api/v1/plan-runs/{run_id}/confirm", json={}, headers=bearer(token))

    assert response.status_code == 409
    assert "is no longer open" in response.json["errors"]["request_ids"][0]
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_the_api_refuses_to_confirm_an_unfinished_run_with_a_422(client):
    run_id = make_plan_run(status="running").id
    token = make_token(role="admin")

    response = client.post(f"/api/v1/plan-runs/{run_id}/confirm", json={}, headers=bearer(token))

    assert response.status_code == 422 and "this one is running" in response.json["detail"]


def test_unscheduled_reasons_name_chairs_as_admins_know_them(client):
    run = make_done_run(requests=1)
    chair_id = json.loads(run.solution)["assignments"][0]["chair"]
    request_key = json.loads(run.solution)["assignments"][0]["meeting"]
    solution = json.loads(run.solution)
    solution["assignments"], solution["unscheduled"] = (
        [],
        [{"meeting": request_key, "reasons": [f"{chair_id} is on leave on 2026-03-03"]}],
    )
    run.solution = json.dumps(solution)
    run.instance = json.dumps(
        {"chairs": [{"id": chair_id, "name": "Pat Example"}], "rooms": [], "people": []}
    )
    signed_in_as(client, "admin")

    page = client.get(f"/plans/{run.id}").get_data(as_text=True)

    # Form fields carry random CSRF tokens, which may contain the id's letters by chance.
    words = re.sub(r'value="[^"]*"', "", page)
    assert "Pat Example is on leave on Tue 3 Mar 2026" in page
    assert not re.search(rf"\b{chair_id}\b", words)


def test_a_proposal_out_of_timescale_is_flagged_and_asks_for_the_agreement(client):
    run = make_done_run(requests=1)
    request = db.session.scalar(select(MeetingRequest))
    request.earliest = request.latest = date(2026, 3, 2)  # the plan books Tue 3 Mar
    signed_in_as(client, "admin")
    page = client.get(f"/plans/{run.id}").get_data(as_text=True)
    assert "Out of timescale" in page and f'name="late-{request.id}-reason"' in page

    refused = _confirm(client, run.id, [request.id])

    assert refused.status_code == 400 and "give the reason" in refused.get_data(as_text=True)
    token = make_token(role="admin")
    body = {"late_agreements": {str(request.id): {"reason": "Court"}}}
    booked = client.post(f"/api/v1/plan-runs/{run.id}/confirm", json=body, headers=bearer(token))
    assert booked.status_code == 200 and booked.json["booked"] == 1


def test_the_progress_is_announced_in_a_live_region_that_stays_in_place(client):
    signed_in_as(client, "admin")
    run_id = make_plan_run(status="running", progress=40).id
    page = client.get(f"/plans/{run_id}").get_data(as_text=True)
    assert '<div class="govuk-visually-hidden" role="status" id="plan-announcer"></div>' in page
    assert page.index('id="plan-announcer"') < page.index('id="plan-progress"')  # not swapped

    fragment = client.get(f"/plans/{run_id}/progress", headers={"HX-Request": "true"})

    text = fragment.get_data(as_text=True)
    assert '<div hx-swap-oob="innerHTML:#plan-announcer">Looking for a first plan.</div>' in text


def test_a_finished_run_reloads_under_a_banner_that_is_announced(client):
    signed_in_as(client, "admin")
    run_id = make_plan_run(status="done", progress=100).id
    client.get(f"/plans/{run_id}/progress", headers={"HX-Request": "true"})
    page = client.get(f"/plans/{run_id}").get_data(as_text=True)
    banner = page.split('class="govuk-notification-banner', 1)[1].split("</div>", 3)
    assert 'role="alert"' in banner[0]
    assert "Planning has finished: review the plan below." in "".join(banner)


def test_the_date_hints_give_an_example_ahead_of_today(client):
    signed_in_as(client, "admin")  # it is Monday 2 March 2026
    assert "For example, 30 3 2026" in client.get("/plans").get_data(as_text=True)
