"""The OpenAPI document declares the limits the server enforces (so what it allows the server
accepts), the API's plan-run limits are the Plan page's, and a 405 names the allowed methods."""

import re

import pytest

from app.forms.plans import TIME_LIMIT_CHOICES
from app.limits import FIRST_DAY, LAST_DAY, MAX_ID, MAX_PAGE
from app.services.planning import runs
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import NOW


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def _schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def _query(document: dict, path: str) -> dict:
    return {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}


def test_every_id_in_a_path_is_bounded_as_the_server_bounds_it(document):
    path_ids = [
        parameter["schema"]
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    ]
    assert path_ids and all(s == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                            for s in path_ids)  # fmt: skip


def test_query_days_and_pages_are_bounded(document):
    meetings = _query(document, "/api/v1/meetings")
    requests = _query(document, "/api/v1/meeting-requests")
    for day in (meetings["from"], meetings["to"], requests["window_ends_before"]):
        pattern = re.compile(day["pattern"])
        assert pattern.match(str(FIRST_DAY)) and pattern.match(str(LAST_DAY))
        assert not pattern.match("1999-12-31") and not pattern.match("2100-01-01")
        assert not pattern.match("0001-01-01") and not pattern.match("9999-12-31")
    assert (requests["page"]["minimum"], requests["page"]["maximum"]) == (1, MAX_PAGE)


def test_the_plan_run_limits_are_the_plan_pages(document):
    body = _schema(document, "PlanRunIn")["properties"]
    budget = body["time_limit_seconds"]
    assert (budget["minimum"], budget["maximum"]) == (min(TIME_LIMIT_CHOICES),
                                                      max(TIME_LIMIT_CHOICES))  # fmt: skip
    assert f"{runs.LONGEST_HORIZON_WEEKS} weeks" in body["horizon_end"]["description"]


@pytest.mark.parametrize("seconds", [min(TIME_LIMIT_CHOICES) - 1, max(TIME_LIMIT_CHOICES) + 1])
def test_the_api_refuses_a_budget_the_page_does_not_offer(client, seconds):
    token = make_token(role="admin")

    response = client.post(
        "/api/v1/plan-runs", json={"time_limit_seconds": seconds}, headers=bearer(token)
    )

    assert response.status_code == 422
    assert "time_limit_seconds" in response.get_json()["errors"]


def test_the_service_refuses_a_horizon_past_the_longest(app):
    from app.services import ServiceError

    with pytest.raises(ServiceError, match=f"within {runs.LONGEST_HORIZON_WEEKS} weeks"):
        runs.start_plan_run(NOW, None, runs.latest_horizon_end(NOW).replace(year=2027))


def test_a_plan_with_the_longest_horizon_and_budget_is_accepted(app):
    run = runs.start_plan_run(
        NOW, None, runs.latest_horizon_end(NOW), runs.LONGEST_TIME_LIMIT_SECONDS
    )
    assert run.status == "queued"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/meeting-requests", {"GET", "POST"}),
        ("put", "/api/v1/plan-runs/1", {"GET"}),
        ("delete", "/cases", {"GET"}),
        ("get", "/logout", {"POST"}),
    ],
)
def test_a_wrong_method_is_a_405_naming_the_allowed_ones(client, method, path, allowed):
    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) - {"HEAD", "OPTIONS"} == allowed
