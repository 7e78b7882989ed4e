"""An instance (chairs-instance/1) becomes model rows: app.demo.rows."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo.rows import add_requests, add_resources, meetings_from_plan
from app.extensions import db
from app.models import Meeting, RequestAttendee, TravelTime, Unavailability
from app.solver_bridge.instance import local_to_utc
from tests.app.factories.rows import NOW, make_case

TINY = Path(__file__).resolve().parents[2] / "data" / "tiny.json"


@pytest.fixture
def instance() -> dict:
    return json.loads(TINY.read_text(encoding="utf-8"))


def _load(instance: dict):
    rows = add_resources(instance)
    cases = {
        m["case"]: make_case(home_locality=rows.localities[m["locality"]])
        for m in instance["meetings"]
    }
    add_requests(instance, rows, cases, NOW)
    db.session.flush()
    return rows


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2025-05-15T10:00", datetime(2025, 5, 15, 9, 0, tzinfo=UTC)),  # summer time
        ("2025-12-15T10:00", datetime(2025, 12, 15, 10, 0, tzinfo=UTC)),  # winter
    ],
)
def test_an_instance_date_time_is_read_as_london_time(local, utc):
    assert local_to_utc(local) == utc


def test_every_pair_of_localities_gets_one_driving_time(app, instance):
    rows = _load(instance)

    times = db.session.scalars(select(TravelTime)).all()

    assert len(times) == 6  # four localities
    lincoln, boston = rows.localities["Lincoln"], rows.localities["Boston"]
    pair = next(t for t in times if {t.locality_a_id, t.locality_b_id} == {lincoln.id, boston.id})
    assert pair.minutes == instance["travel_minutes"]["Lincoln"]["Boston"]


def test_a_chair_keeps_roles_working_days_caps_and_fte(app, instance):
    rows = _load(instance)

    chair = rows.chairs["C003"]

    assert chair.roles == "chair"
    assert chair.working_days == "mon wed thu fri"
    assert chair.fte == Decimal(str(instance["chairs"][2]["fte"])).quantize(Decimal("0.01"))
    assert chair.base_locality.name == instance["chairs"][2]["base"]


def test_a_chairs_leave_is_stored_in_utc_with_its_kind(app, instance):
    rows = _load(instance)

    leave = db.session.scalars(
        select(Unavailability).where(
            Unavailability.chair_id == rows.chairs["C002"].id, Unavailability.kind == "leave"
        )
    ).one()

    assert leave.starts_at == datetime(2025, 5, 15, 23, 0, tzinfo=UTC)  # 16 May 00:00 BST
    assert leave.note == "annual leave"


def test_a_room_closure_belongs_to_the_room(app, instance):
    rows = _load(instance)

    closure = db.session.scalars(
        select(Unavailability).where(Unavailability.room_id == rows.rooms["R01"].id)
    ).one()

    assert (closure.kind, closure.ends_at) == ("training", datetime(2025, 5, 16, 16, 0, tzinfo=UTC))


def test_a_request_keeps_its_window_chair_and_format(app, instance):
    rows = _load(instance)

    request = rows.requests["M0001"]

    assert (request.earliest.isoformat(), request.latest.isoformat()) == (
        "2025-04-22",
        "2025-05-19",
    )
    assert request.allocated_chair_id == rows.chairs["C002"].id and request.chair_fixed
    assert (request.meeting_type, request.format, request.status) == (
        "CIC_REVIEW",
        "virtual",
        "open",
    )


def test_a_virtual_meeting_counts_only_the_chair_in_the_room(app, instance):
    rows = _load(instance)

    assert rows.requests["M0001"].in_person_count == 1


def test_required_and_optional_people_become_attendees(app, instance):
    rows = _load(instance)

    attendees = db.session.scalars(
        select(RequestAttendee).where(RequestAttendee.request_id == rows.requests["M0001"].id)
    ).all()

    by_person = {a.person_id: (a.attendance, a.role) for a in attendees}
    assert by_person == {
        rows.people["SW001"].id: ("required", "social_worker"),
        rows.people["PAR0001"].id: ("required", "parent"),
        rows.people["ADV-01"].id: ("optional", "advocate"),
    }


def test_a_plan_becomes_one_meeting_per_assignment_on_the_named_chair_and_room(app, instance):
    rows = _load(instance)
    day, start = "2025-05-14", "10:00"
    plan = {
        "assignments": [
            {
                "meeting": "M0001",
                "day": day,
                "start": start,
                "end": "11:15",
                "chair": "C002",
                "room": "R01",
            }
        ]
    }

    db.session.add_all(meetings_from_plan(plan, rows, NOW, status="confirmed"))
    db.session.flush()

    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.chair_id, meeting.room_id) == (rows.chairs["C002"].id, rows.rooms["R01"].id)
    assert meeting.starts_at == datetime(2025, 5, 14, 9, 0, tzinfo=UTC)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
