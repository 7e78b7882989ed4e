"""/api/v1/meetings?from=DATE&to=DATE: meetings between two London days, ISO 8601 times in UTC
with the offset; a chair's token sees only their own."""

from datetime import UTC, datetime

import pytest

from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import make_chair, make_meeting, make_user

URL = "/api/v1/meetings"
MONDAY_10AM = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json["items"]]


def test_a_meeting_is_listed_with_iso_8601_utc_times(client):
    meeting = make_meeting(starts_at=MONDAY_10AM)
    token = make_token(role="admin")
    response = client.get(f"{URL}?from=2026-03-02&to=2026-03-02", headers=bearer(token))
    assert response.json["items"] == [
        {
            "id": meeting.id,
            "request_id": meeting.request_id,
            "start": "2026-03-02T10:00:00+00:00",
            "end": "2026-03-02T11:30:00+00:00",
            "chair_id": meeting.chair_id,
            "room_id": None,
            "status": "confirmed",
            "ical_sequence": 0,
        }
    ]


def test_the_days_are_london_days_with_both_ends_included(client):
    # 23:30 UTC on 31 Mar is 00:30 on 1 Apr in London (BST): it belongs to 1 April.
    # 22:30 UTC on 31 Mar is 23:30 on 31 Mar in London: the last hour of the `to` day.
    late = make_meeting(starts_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    last_hour = make_meeting(starts_at=datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    early = make_meeting(starts_at=datetime(2026, 3, 30, 9, tzinfo=UTC))
    token = make_token(role="manager")
    assert _ids(client.get(f"{URL}?from=2026-04-01&to=2026-04-01", headers=bearer(token))) == [
        late.id
    ]
    assert _ids(client.get(f"{URL}?from=2026-03-30&to=2026-03-31", headers=bearer(token))) == [
        early.id,
        last_hour.id,
    ]


def test_cancelled_meetings_are_left_out(client):
    make_meeting(starts_at=MONDAY_10AM, status="cancelled")
    token = make_token(role="admin")
    assert _ids(client.get(f"{URL}?from=2026-03-02&to=2026-03-02", headers=bearer(token))) == []


def test_a_chair_token_sees_only_the_chairs_own_meetings(client):
    mine, theirs = make_chair(), make_chair()
    mine.user = make_user(role="chair")
    own = make_meeting(chair=mine, starts_at=MONDAY_10AM)
    make_meeting(chair=theirs, starts_at=MONDAY_10AM)
    token = make_token(mine.user)
    response = client.get(f"{URL}?from=2026-03-02&to=2026-03-02", headers=bearer(token))
    assert _ids(response) == [own.id]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-03-02", "to"),
        ("from=2 March&to=2026-03-02", "from"),
        ("from=2026-03-09&to=2026-03-02", "to"),
        ("from=2026-01-01&to=2027-01-02", "to"),  # 367 days: one too many
    ],
)
def test_bad_days_are_a_422_naming_the_field(client, query, field):
    token = make_token(role="admin")
    response = client.get(f"{URL}?{query}", headers=bearer(token))
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
