"""Rows → instance on a small world: booked meetings pinned, leave and retirement, in London
time. (Kept apart from the demo-county module: on PostgreSQL both would share one database.)"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Chair, Room, Unavailability
from app.solver_bridge.calls import instance_problems
from app.solver_bridge.instance import build_instance
from tests.app.factories.plan_runs import make_plannable_world
from tests.app.factories.rows import make_meeting

SMALL_NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # Friday; clocks go forward on Sunday 29th


@pytest.fixture
def small(app):
    requests = make_plannable_world(requests=2)
    chair = db.session.scalar(select(Chair))
    room = db.session.scalar(select(Room))
    for request in requests:
        request.earliest, request.latest = date(2026, 3, 30), date(2026, 4, 24)
    return requests, chair, room


def test_a_confirmed_meeting_in_the_horizon_is_pinned_in_london_time(small):
    (request, _), chair, room = small
    # 08:00 UTC on Wed 1 April is 09:00 British Summer Time.
    booked = make_meeting(request=request, chair=chair, room=room,
                          starts_at=datetime(2026, 4, 1, 8, 0, tzinfo=UTC))  # fmt: skip
    request.status = "booked"

    instance = build_instance(SMALL_NOW, date(2026, 4, 24))
    (pinned,) = [m for m in instance["meetings"] if m.get("pinned")]

    assert pinned["id"] == f"M{booked.id}"
    assert pinned["current"] == {
        "day": "2026-04-01", "start": "09:00", "chair": f"C{chair.id}", "room": f"ROOM{room.id}",
    }  # fmt: skip
    assert instance_problems(instance) == []


def test_a_chairs_leave_is_given_in_london_time(small):
    _, chair, _ = small
    db.session.add(
        Unavailability(
            chair_id=chair.id,
            kind="leave",
            note="annual leave",
            starts_at=datetime(2026, 4, 2, 8, 0, tzinfo=UTC),
            ends_at=datetime(2026, 4, 2, 16, 0, tzinfo=UTC),
        )  # fmt: skip
    )

    instance = build_instance(SMALL_NOW, date(2026, 4, 24))

    assert instance["chairs"][0]["unavailable"] == [
        {"start": "2026-04-02T09:00", "end": "2026-04-02T17:00", "reason": "annual leave"}
    ]


def test_a_retired_room_is_blocked_for_the_whole_horizon(small):
    _, _, room = small
    room.retired_at = SMALL_NOW

    instance = build_instance(SMALL_NOW, date(2026, 4, 24))

    (spell,) = instance["rooms"][0]["unavailable"]
    assert spell["start"] <= "2026-03-30T09:00" and spell["end"] >= "2026-04-24T17:00"


def test_the_days_skip_weekends_and_easter(small):
    instance = build_instance(SMALL_NOW, date(2026, 4, 24))

    assert instance["days"][0] == "2026-03-30"
    assert "2026-04-03" not in instance["days"] and "2026-04-06" not in instance["days"]
