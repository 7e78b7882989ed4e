"""Plan runs (app.services.planning.runs): queued → running → done, cancel, one run per horizon,
failures in words. The solver runs deterministically with a small budget."""

import json
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, PlanRun
from app.services import ServiceError
from app.services.planning import runs as service
from app.solver_bridge.calls import check_solution
from tests.app.factories.plan_runs import HORIZON_END, make_plan_run, make_plannable_world
from tests.app.factories.rows import NOW, make_locality, make_request, make_room


def _now():
    return NOW


def _execute(**settings):
    return service.execute_next_plan_run(_now, deterministic=True, workers=1, **settings)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PlanRun))


def test_a_run_is_queued_with_the_default_six_week_horizon_and_an_audit_row(app):
    run = service.start_plan_run(NOW, None)

    assert (run.status, run.horizon_end) == ("queued", date(2026, 4, 13))
    assert db.session.scalar(select(AuditEvent.action)) == "plan_run.started"


def test_a_second_run_for_the_same_horizon_is_refused_and_nothing_is_added(app):
    service.start_plan_run(NOW, None, HORIZON_END)

    with pytest.raises(ServiceError, match="already queued or running"):
        service.start_plan_run(NOW, None, HORIZON_END)
    assert _count() == 1


def test_the_database_refuses_a_second_active_run_for_one_horizon(app):
    make_plan_run(status="running")

    with pytest.raises(Exception, match="(?i)unique"):
        make_plan_run(status="queued")
    db.session.rollback()


def test_a_new_run_may_start_once_the_last_one_for_that_horizon_finished(app):
    make_plan_run(status="done")

    assert service.start_plan_run(NOW, None, HORIZON_END).status == "queued"


def test_a_horizon_in_the_past_is_refused(app):
    with pytest.raises(ServiceError, match="today or later"):
        service.start_plan_run(NOW, None, date(2026, 3, 1))


def test_nothing_queued_means_nothing_is_run(app):
    assert _execute() is None


def test_a_run_goes_from_queued_to_done_with_its_summary(app):
    make_plannable_world(requests=2)
    service.start_plan_run(NOW, None, HORIZON_END, time_limit_seconds=10)

    run = _execute()

    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert service.summary_of(run) == {
        "requests": 2, "placed": 2, "at_risk": 0, "late": 0, "unscheduled": 0,
    }  # fmt: skip
    assert run.started_at == NOW and run.finished_at == NOW


def test_the_stored_instance_and_solution_pass_the_checker(app):
    make_plannable_world(requests=2)
    service.start_plan_run(NOW, None, HORIZON_END, time_limit_seconds=10)

    run = _execute()
    report = check_solution(json.loads(run.instance), json.loads(run.solution))

    assert report.violations == [] and report.claim_matches


def test_a_cancelled_queued_run_stops_at_once_and_is_never_run(app):
    make_plannable_world(requests=1)
    run = service.start_plan_run(NOW, None, HORIZON_END)

    assert service.cancel_plan_run(NOW, None, run.id).status == "cancelled"
    assert _execute() is None


def test_a_cancel_request_seen_during_the_solve_ends_the_run_cancelled(app):
    make_plannable_world(requests=1)
    make_plan_run(status="queued", cancel_requested=True)  # asked just as it was claimed

    assert _execute().status == "cancelled"


def test_the_heartbeat_turns_a_cancel_request_into_the_solvers_stop_event(app):
    run_id = make_plan_run(status="running", cancel_requested=True).id
    db.session.rollback()  # the heartbeat writes on its own connection: free SQLite's lock
    beat = service._Heartbeat(db.engine, run_id, budget=10, shutdown=None)
    beat.progress(1.0, 1234, 1000)

    beat._beat()

    assert beat.stop.is_set()
    run = db.session.get(PlanRun, run_id)
    assert run.best_score == 1234 and 0 <= run.progress < 100


def test_the_heartbeat_writes_the_best_plans_counts_so_far(app):
    run_id = make_plan_run(status="running").id
    db.session.rollback()  # the heartbeat writes on its own connection: free SQLite's lock
    beat = service._Heartbeat(db.engine, run_id, budget=10, shutdown=None)
    counts = {"requests": 3, "placed": 2, "at_risk": 1, "late": 0, "unscheduled": 1}
    beat.counts(counts)

    beat._beat()

    assert service.summary_of(db.session.get(PlanRun, run_id)) == counts


def test_a_finished_run_cannot_be_cancelled(app):
    run = make_plan_run(status="done")

    with pytest.raises(ServiceError, match="already finished"):
        service.cancel_plan_run(NOW, None, run.id)


def test_a_scheduler_shutdown_during_the_solve_fails_the_run_in_words(app):
    make_plannable_world(requests=1)
    service.start_plan_run(NOW, None, HORIZON_END)
    shutdown = threading.Event()
    shutdown.set()

    run = _execute(shutdown=shutdown)

    assert (run.status, run.error) == ("failed", service.SHUTDOWN_MESSAGE)


def test_a_missing_driving_time_fails_the_run_with_what_to_fix(app):
    make_plannable_world(requests=1)
    make_room(locality=make_locality(name="Boston"))  # no driving time to Sleaford
    service.start_plan_run(NOW, None, HORIZON_END)

    run = _execute()

    assert run.status == "failed"
    assert "No driving time between Boston and Sleaford" in run.error


def test_stale_running_runs_are_failed_in_words(app):
    run = make_plan_run(status="running")

    assert service.fail_stale_runs(NOW) == 1
    db.session.refresh(run)
    assert (run.status, run.error) == ("failed", service.STALE_MESSAGE)


def test_requests_whose_window_ends_after_the_horizon_are_left_out(app):
    (first,) = make_plannable_world(requests=1)
    make_request(case=first.case, latest=date(2026, 4, 30))
    db.session.commit()
    service.start_plan_run(NOW, None, HORIZON_END)

    run = _execute()

    assert service.summary_of(run)["requests"] == 1
