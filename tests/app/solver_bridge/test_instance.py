"""Rows → instance (app.solver_bridge.instance) on the demo county, and back to proposals.

The demo county takes seconds to load, so the module shares one loaded database and only reads.
"""

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.demo.load import load_demo
from app.extensions import db
from app.models import MeetingRequest
from app.solver_bridge.calls import (
    check_solution,
    instance_problems,
    solve_instance,
    summarise,
)
from app.solver_bridge.instance import build_instance
from app.solver_bridge.solution import solution_to_proposals
from tests.app.conftest import TEST_DATABASE_URL, _config, _truncate_all

pytestmark = pytest.mark.db
NOW = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday; next working day Tue 29 Dec
HORIZON_END = date(2027, 2, 5)


@pytest.fixture(scope="module")
def demo(migrated_database, tmp_path_factory):
    url = TEST_DATABASE_URL
    if not url:
        copy = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(migrated_database, copy)
        url = f"sqlite:///{copy}"
    app = create_app(_config(url))
    with app.app_context():
        load_demo(NOW, seed=0)
        yield build_instance(NOW, HORIZON_END)
        db.session.remove()
        if TEST_DATABASE_URL:
            _truncate_all()
        db.engine.dispose()


@pytest.fixture(scope="module")
def solved(demo):
    return solve_instance(demo, time_limit=5, workers=1, seed=0, deterministic=True)


def test_the_demo_countys_instance_is_valid(demo):
    assert instance_problems(demo) == []


def test_days_start_on_the_next_working_day_after_now(demo):
    assert demo["days"][0] == "2026-12-29"
    assert demo["not_before"] == "2026-12-29"
    assert "2027-01-01" not in demo["days"]  # New Year's Day


def test_every_open_request_ending_in_the_horizon_is_a_meeting(demo):
    wanted = db.session.scalars(
        select(MeetingRequest.id).where(
            MeetingRequest.status == "open", MeetingRequest.latest <= HORIZON_END
        )
    ).all()
    open_ids = {m["id"] for m in demo["meetings"] if not m.get("pinned")}

    assert open_ids == {f"R{i}" for i in wanted}
    assert open_ids


def test_the_travel_matrix_is_full_with_zero_on_the_diagonal(demo):
    names = demo["localities"]

    assert all(set(demo["travel_minutes"][a]) == set(names) for a in names)
    assert all(demo["travel_minutes"][a][a] == 0 for a in names)


def test_a_solve_of_the_demo_instance_passes_the_checker(demo, solved):
    report = check_solution(demo, solved)

    assert report.violations == []
    assert report.claim_matches, report.problems


def test_the_summary_counts_every_open_request_once(demo, solved):
    summary = summarise(demo, solved)

    assert summary["placed"] + summary["unscheduled"] == summary["requests"]
    assert summary["placed"] > 0


def test_proposals_carry_the_apps_ids_and_utc_times(demo, solved):
    proposals = solution_to_proposals(solved)
    first = proposals[0]
    request = db.session.get(MeetingRequest, first.request_id)

    assert len(proposals) == summarise(demo, solved)["placed"]
    assert first.starts_at.tzinfo is not None and first.ends_at > first.starts_at
    assert (first.ends_at - first.starts_at) == timedelta(minutes=request.duration_minutes)
