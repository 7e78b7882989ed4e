"""The scheduler process: its singleton guard (a lock file on SQLite, an advisory lock on
PostgreSQL), its plan-run sweep, and what it does on start."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app import create_app
from app.extensions import db
from app.models import PlanRun
from app.scheduler import jobs
from app.scheduler.guard import SchedulerGuard, guard_for
from app.scheduler.process import build_scheduler
from app.services.planning import runs as plan_runs
from tests.app.conftest import _config
from tests.app.factories.plan_runs import HORIZON_END, make_plan_run, make_plannable_world
from tests.app.factories.rows import NOW


@pytest.fixture
def guards(app, tmp_path):
    made = []

    def make() -> SchedulerGuard:
        guard = SchedulerGuard(db.engine, tmp_path / "scheduler.lock")
        made.append(guard)
        return guard

    yield make
    for guard in made:
        guard.release()


def test_a_second_guard_on_the_same_database_does_not_acquire(guards):
    first, second = guards(), guards()

    assert first.acquire() is True
    assert second.acquire() is False


def test_the_guard_can_be_taken_again_once_released(guards):
    first = guards()
    first.acquire()
    first.release()

    assert guards().acquire() is True


def test_on_sqlite_the_guard_is_an_exclusive_lock_file(tmp_path):
    # Needs no app database: whichever database the suite runs on, this is SQLite's guard.
    engine = create_engine(f"sqlite:///{tmp_path / 'quorum.sqlite3'}")
    path = tmp_path / "instance" / "scheduler.lock"
    first, second = SchedulerGuard(engine, path), SchedulerGuard(engine, path)

    assert first.acquire() and not second.acquire()
    assert path.exists()
    first.release()


def test_on_postgresql_the_guard_is_an_advisory_lock_held_by_its_connection(app, guards):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL on PostgreSQL")
    first = guards()
    first.acquire()

    assert first._connection is not None and not first._connection.closed
    assert guards().acquire() is False


def test_a_second_scheduler_says_another_is_running_and_does_nothing(app, runner):
    held = guard_for(app)
    assert held.acquire(), "the test database's scheduler guard is already held"
    try:
        make_plan_run(status="running")
        result = runner.invoke(args=["scheduler"])
    finally:
        held.release()

    assert "Another scheduler is running" in result.output
    assert db.session.scalar(db.select(PlanRun.status)) == "running"  # not touched


def test_the_scheduler_sweeps_for_plan_runs_every_few_seconds(app):
    job = build_scheduler(app).get_job("plan_run_sweep")

    assert job.id == "plan_run_sweep"
    assert job.trigger.interval.total_seconds() <= 5
    assert job.max_instances == 1


def test_a_stale_running_run_is_failed_when_the_scheduler_starts(app):
    make_plan_run(status="running")

    jobs.on_scheduler_start(app)

    run = db.session.scalar(db.select(PlanRun))
    assert (run.status, run.error) == ("failed", plan_runs.STALE_MESSAGE)


def test_the_plan_run_sweep_makes_the_oldest_queued_run(app, monkeypatch):
    make_plannable_world(requests=1)
    run_id = make_plan_run(horizon_end=HORIZON_END, time_limit_seconds=2).id
    monkeypatch.setattr(jobs, "utc_now", lambda: NOW)
    db.session.rollback()

    jobs.plan_run_sweep(app)

    assert db.session.get(PlanRun, run_id).status == "done"


def _app_on(database: Path, tmp_path: Path):
    return create_app({**_config(f"sqlite:///{database}"), "QUORUM_INSTANCE_PATH": str(tmp_path)})


@pytest.mark.sqlite_only
def test_a_symlink_to_the_same_sqlite_file_cannot_start_a_second_scheduler(database_url, tmp_path):
    real = Path(database_url.removeprefix("sqlite:///"))
    other_folder = tmp_path / "elsewhere"
    other_folder.mkdir()
    (other_folder / "same.sqlite3").symlink_to(real)
    guards = []
    for path in (real, other_folder / "same.sqlite3", other_folder / ".." / real.name):
        if not path.exists():
            continue
        app = _app_on(path, tmp_path)
        with app.app_context():
            guards.append(guard_for(app))
            db.engine.dispose()
    try:
        assert guards[0].acquire()
        assert not any(guard.acquire() for guard in guards[1:])
    finally:
        for guard in guards:
            guard.release()
