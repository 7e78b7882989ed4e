"""/api/v1/reports: timeliness and meetings per month, for staff tokens, in the OpenAPI
document."""

from datetime import UTC, datetime

import pytest

from app.services.reports.history import import_history
from tests.app.factories.api_tokens import bearer, make_token

HISTORY = (
    b"meeting_type,case_reference,held_on,latest,children,late_reason,agreed_by\n"
    b"ICPC,H1,2025-04-30,2025-05-02,1,,\n"
    b"ICPC,H2,2025-05-06,2025-05-02,1,Family unwell,A Manager\n"
    b"ICPC,H3,2026-03-31,2026-04-01,1,,\n"
    b"CIC_REVIEW,H4,2025-05-07,2025-05-09,3,,\n"
    b"CIC_REVIEW,H5,2026-04-01,2026-04-09,1,,\n"
)
YEAR = "from=2025-04-01&to=2026-03-31"


@pytest.fixture
def history(app):
    import_history(datetime(2026, 6, 1, tzinfo=UTC), None, "h.csv", HISTORY)


def test_timeliness_per_type_with_two_decimals_and_the_late_ones(client, history):
    token = make_token(role="manager")
    response = client.get(f"/api/v1/reports/timeliness?{YEAR}", headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["period"] == {"from": "2025-04-01", "to": "2026-03-31"}
    assert {kind: (row["held"], row["in_timescale"], row["percent"])
            for kind, row in body["by_type"].items()} == {
        "ICPC": (3, 2, 66.67), "CIC_REVIEW": (1, 1, 100.0),
    }  # fmt: skip
    (late,) = body["by_type"]["ICPC"]["late"]
    assert late == {"held_on": "2025-05-06", "latest": "2025-05-02", "days_late": 4,
                    "reason": "Family unwell", "agreed_by": "A Manager"}  # fmt: skip


def test_meetings_per_month_and_children_apart(client, history):
    token = make_token(role="admin")
    body = client.get(f"/api/v1/reports/monthly?{YEAR}", headers=bearer(token)).get_json()
    assert body["months"][0] == "2025-04" and body["months"][-1] == "2026-03"
    assert len(body["months"]) == 12
    assert body["by_type"]["ICPC"] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert body["by_type"]["CIC_REVIEW"][1] == 1 and body["children_by_type"]["CIC_REVIEW"][1] == 3


def test_a_chairs_token_may_not_read_the_figures(client, history):
    token = make_token(role="chair")
    assert (
        client.get(f"/api/v1/reports/timeliness?{YEAR}", headers=bearer(token)).status_code == 403
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-03-31&to=2025-04-01", "to"),
        ("from=2010-01-01&to=2026-01-01", "to"),  # more than ten years
        ("from=nonsense", "from"),
    ],
)
def test_a_bad_period_is_a_422_naming_the_field(client, history, query, field):
    token = make_token(role="admin")
    response = client.get(f"/api/v1/reports/monthly?{query}", headers=bearer(token))
    assert response.status_code == 422
    assert field in response.json["errors"], response.json


def test_both_reports_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/reports/timeliness" in paths and "/api/v1/reports/monthly" in paths
