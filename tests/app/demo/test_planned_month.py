"""The demo county's month, planned end to end as an admin would: a run over every open request,
the persisted plan accepted by `python -m solver check`, and confirmed into the database.

One solve (30 s budget) shared by the tests of this module, in order: the third confirms it,
the last repairs a chair's week off sick."""

import json
import subprocess
import sys
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Meeting, MeetingRequest, PlanRun
from app.services.planning import runs as plan_runs
from app.services.planning.confirm import confirm_plan_run
from app.services.rearranging.rearrangements import Change, record_change
from app.services.rearranging.repairs import preview
from app.solver_bridge.calls import check_solution
from app.time import LONDON
from tests.app.demo.test_load import NOW, OVERLAPS, demo  # noqa: F401 (the module's demo fixture)

pytestmark = [pytest.mark.db, pytest.mark.slow]


@pytest.fixture(scope="module")
def planned(demo):  # noqa: F811
    horizon_end = db.session.scalar(
        select(func.max(MeetingRequest.latest)).where(MeetingRequest.status == "open")
    )
    plan_runs.start_plan_run(NOW, None, horizon_end, time_limit_seconds=30)
    run = plan_runs.execute_next_plan_run(lambda: NOW + timedelta(minutes=1), workers=2)
    return run


def test_the_months_plan_places_every_open_request_inside_its_window(planned):
    summary = json.loads(planned.summary)

    assert planned.status == "done", planned.error
    assert summary["requests"] >= 200
    assert summary["placed"] == summary["requests"]
    assert summary["late"] == 0 and summary["unscheduled"] == 0


def test_the_persisted_plan_passes_the_solvers_own_checker(planned, tmp_path):
    instance, solution = tmp_path / "instance.json", tmp_path / "solution.json"
    instance.write_text(planned.instance)
    solution.write_text(planned.solution)

    checked = subprocess.run(
        [sys.executable, "-m", "solver", "check", str(instance), str(solution)],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_confirming_the_month_books_every_meeting_without_an_overlap(planned):
    summary = json.loads(planned.summary)

    confirmed = confirm_plan_run(NOW, None, planned.id)

    assert len(confirmed.meetings) == summary["placed"]
    for column in ("chair_id", "room_id"):
        assert db.session.scalar(text(OVERLAPS.format(column=column))) == 0
    still_open = select(func.count()).where(MeetingRequest.status == "open")
    assert db.session.scalar(still_open) == 0
    assert db.session.scalar(select(func.count()).where(Meeting.status == "confirmed")) == len(
        confirmed.meetings
    )


def test_a_chairs_week_off_sick_is_repaired_moving_only_what_must_move(planned):
    """After the month is confirmed: the busiest chair is off for the first week."""
    first = planned_first_day(planned)
    busiest = db.session.scalar(
        select(Meeting.chair_id)
        .where(Meeting.status == "confirmed")
        .group_by(Meeting.chair_id)
        .order_by(func.count().desc(), Meeting.chair_id)
        .limit(1)
    )
    change = Change(
        "chair_unavailable", "chair_absence", chair_id=busiest, first_day=first,
        last_day=first + timedelta(days=6),
    )  # fmt: skip
    rearrangement = record_change(NOW, None, change)
    db.session.commit()
    plan_runs.execute_next_plan_run(lambda: NOW + timedelta(minutes=2), workers=2)
    db.session.expire_all()

    planned_moves = preview(rearrangement).moves
    run = db.session.get(PlanRun, rearrangement.plan_run_id)
    report = check_solution(json.loads(run.instance), json.loads(run.solution))
    must_move = {m.id for m in _confirmed_of(busiest, first, first + timedelta(days=7))}

    assert report.violations == [] and must_move
    assert must_move <= {m.meeting.id for m in planned_moves}
    assert all(m.to is not None for m in planned_moves)
    assert len(planned_moves) <= 2 * len(must_move)  # the others stay put, bar a few


def planned_first_day(run) -> date:
    return date.fromisoformat(json.loads(run.instance)["days"][0])


def _confirmed_of(chair_id: int, first: date, after: date) -> list[Meeting]:
    starts = datetime.combine(first, time(0), LONDON)
    ends = datetime.combine(after, time(0), LONDON)
    return list(
        db.session.scalars(
            select(Meeting).where(
                Meeting.chair_id == chair_id,
                Meeting.status == "confirmed",
                Meeting.starts_at >= starts,
                Meeting.starts_at < ends,
            )
        )
    )
