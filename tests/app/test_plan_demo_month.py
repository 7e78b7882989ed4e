"""The demo county's month, planned end to end as an admin would: a run over every open request,
the persisted plan accepted by `python -m solver check`, and confirmed into the database.

One solve (30 s budget) shared by the tests of this module; the last one confirms it."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Meeting, MeetingRequest
from app.services import plan_runs
from app.services.plan_confirm import confirm_plan_run
from tests.app.test_demo import NOW, OVERLAPS, demo  # noqa: F401 (the module's demo fixture)

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
