"""Plan runs: start, run (in the scheduler process, never a web worker), cancel, read.

A run's state lives in the database. The solve itself holds no transaction open (on SQLite every
transaction takes the write lock): the run is claimed in one short transaction, the instance is
read in another, and a heartbeat thread writes progress and reads cancel requests in its own
short transactions at most every HEARTBEAT_SECONDS.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import PlanRun
from app.models.plan_runs import ACTIVE_STATUSES
from app.services import NotFound, ServiceError, audit
from app.services.settings import authority_settings
from app.solver_bridge.calls import instance_problems, solve_instance, summarise
from app.solver_bridge.format_types import Instance, Solution
from app.solver_bridge.instance import IncompleteData, build_instance
from app.time import LONDON, format_day

DEFAULT_HORIZON_WEEKS = 6
DEFAULT_TIME_LIMIT_SECONDS = 30
# The one source of a run's bounds, read by the Plan page's form, the API's schema and
# start_plan_run: the budgets offered, and how far ahead a horizon may end. A longer run would
# hold the scheduler (and every repair queued behind it) for longer than a plan is worth.
TIME_LIMIT_CHOICES_SECONDS = (10, 30, 60, 120)
SHORTEST_TIME_LIMIT_SECONDS = min(TIME_LIMIT_CHOICES_SECONDS)
LONGEST_TIME_LIMIT_SECONDS = max(TIME_LIMIT_CHOICES_SECONDS)
LONGEST_HORIZON_WEEKS = 26
# A repair moves few meetings from a good plan: a first repaired plan comes in seconds.
REPAIR_TIME_LIMIT_SECONDS = 10
HEARTBEAT_SECONDS = 0.5
STALE_MESSAGE = "The scheduler stopped while this run was in progress. Start a new run."
SHUTDOWN_MESSAGE = "The scheduler was shut down during this run. Start a new run."


def default_horizon_end(now: datetime) -> date:
    return now.astimezone(LONDON).date() + timedelta(weeks=DEFAULT_HORIZON_WEEKS)


def latest_horizon_end(now: datetime) -> date:
    return now.astimezone(LONDON).date() + timedelta(weeks=LONGEST_HORIZON_WEEKS)


def get_plan_run(run_id: int, for_update: bool = False) -> PlanRun:
    """`for_update`: lock the row (PostgreSQL) so that two confirmations of one run queue up,
    and the second sees the first's outcome (SQLite: every transaction is already serial)."""
    run = db.session.get(PlanRun, run_id, with_for_update=for_update)
    if run is None:
        raise NotFound("That plan run does not exist.")
    return run


def recent_plan_runs(limit: int = 10) -> list[PlanRun]:
    return list(db.session.scalars(select(PlanRun).order_by(PlanRun.id.desc()).limit(limit)))


def start_plan_run(
    now: datetime,
    actor_id: int | None,
    horizon_end: date | None = None,
    time_limit_seconds: int = DEFAULT_TIME_LIMIT_SECONDS,
) -> PlanRun:
    """Queue a run over every open request whose window ends by `horizon_end` (default: six
    weeks from today). Refused while another run for that horizon is queued or running."""
    horizon_end = horizon_end or default_horizon_end(now)
    today = now.astimezone(LONDON).date()
    if horizon_end < today:
        raise ServiceError("The horizon must end today or later.", "horizon_end")
    if horizon_end > latest_horizon_end(now):
        raise ServiceError(
            f"The horizon must end within {LONGEST_HORIZON_WEEKS} weeks of today, by "
            f"{format_day(latest_horizon_end(now))}.",
            "horizon_end",
        )
    if not SHORTEST_TIME_LIMIT_SECONDS <= time_limit_seconds <= LONGEST_TIME_LIMIT_SECONDS:
        raise ServiceError(
            f"The time limit must be between {SHORTEST_TIME_LIMIT_SECONDS} and "
            f"{LONGEST_TIME_LIMIT_SECONDS} seconds.",
            "time_limit",
        )
    active = _active_run(horizon_end)  # the friendly check; the unique index is the guard
    if active is not None:
        raise ServiceError(_already_running(active), "horizon_end")
    run = _new_run(now, actor_id, horizon_end, time_limit_seconds)
    try:
        db.session.flush()
        audit.record(now, actor_id, "plan_run.started", run, f"horizon_end={horizon_end}")
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        active = _active_run(horizon_end)
        raise ServiceError(_already_running(active), "horizon_end") from error
    return run


def queue_repair_run(
    now: datetime, actor_id: int | None, horizon_end: date, movable: list[int]
) -> PlanRun:
    """Add (not commit) a repair run that may move the confirmed meetings `movable`; the
    rearrangement that needs it commits both together. Refused while a run for that horizon is
    queued or running."""
    active = _active_run(horizon_end)
    if active is not None:
        raise ServiceError(_already_running(active), "horizon_end")
    run = _new_run(now, actor_id, horizon_end, REPAIR_TIME_LIMIT_SECONDS)
    run.kind, run.movable = "repair", json.dumps(sorted(movable))
    try:
        db.session.flush()
    except IntegrityError as error:  # another run for this horizon started at the same moment
        db.session.rollback()
        raise ServiceError(_already_running(_active_run(horizon_end)), "horizon_end") from error
    audit.record(now, actor_id, "plan_run.started", run, f"repair of {len(movable)} meetings")
    return run


def _new_run(now: datetime, actor_id, horizon_end: date, time_limit_seconds: int) -> PlanRun:
    run = PlanRun(
        created_at=now,
        created_by_id=actor_id,
        horizon_end=horizon_end,
        status="queued",
        time_limit_seconds=time_limit_seconds,
        progress=0,
        summary="",
        instance="",
        solution="",
        error="",
        cancel_requested=False,
    )
    db.session.add(run)
    return run


def _active_run(horizon_end: date) -> PlanRun | None:
    return db.session.scalar(
        select(PlanRun).where(
            PlanRun.horizon_end == horizon_end, PlanRun.status.in_(ACTIVE_STATUSES)
        )
    )


def _already_running(active: PlanRun | None) -> str:
    which = f" (run {active.id}, {active.status})" if active is not None else ""
    return (
        "A plan for this horizon is already queued or running"
        f"{which}. Wait for it to finish or cancel it, then start a new one."
    )


def cancel_plan_run(now: datetime, actor_id: int | None, run_id: int) -> PlanRun:
    """A queued run is cancelled at once; a running one is asked to stop (the solver keeps the
    best plan found so far)."""
    run = get_plan_run(run_id)
    if run.status not in ACTIVE_STATUSES:
        raise ServiceError(f"This run has already finished ({run.status}).")
    if run.status == "queued":
        run.status, run.finished_at = "cancelled", now
    run.cancel_requested = True
    audit.record(now, actor_id, "plan_run.cancelled", run, f"status={run.status}")
    db.session.commit()
    return run


def fail_stale_runs(now: datetime) -> int:
    """Runs left `running` by a scheduler that is gone: failed, with the reason in words. Only
    the scheduler that holds the singleton guard calls this, so nothing is really running."""
    result = _updated(
        update(PlanRun)
        .where(PlanRun.status == "running")
        .values(status="failed", error=STALE_MESSAGE, finished_at=now)
    )
    db.session.commit()
    return result.rowcount


def _updated(statement: Update) -> CursorResult[Any]:
    """Session.execute of an UPDATE: SQLAlchemy returns a CursorResult (its `rowcount` is the
    rows matched) but types it as a Result (sqlalchemy/sqlalchemy#12913)."""
    return cast(CursorResult[Any], db.session.execute(statement))


def claim_next_plan_run(now: datetime) -> PlanRun | None:
    """Mark the oldest queued run running, atomically (a conditional UPDATE), or None."""
    run_id = db.session.scalar(
        select(PlanRun.id).where(PlanRun.status == "queued").order_by(PlanRun.id).limit(1)
    )
    if run_id is None:
        db.session.rollback()
        return None
    claimed = _updated(
        update(PlanRun)
        .where(PlanRun.id == run_id, PlanRun.status == "queued")
        .values(status="running", started_at=now, progress=0)
    )
    db.session.commit()
    return db.session.get(PlanRun, run_id) if claimed.rowcount == 1 else None


def execute_next_plan_run(
    now_fn: Callable[[], datetime],
    *,
    deterministic: bool = False,
    seed: int = 0,
    workers: int = 2,
    shutdown: threading.Event | None = None,
) -> PlanRun | None:
    """Claim one queued run, solve it and store the result; None when nothing was queued."""
    run = claim_next_plan_run(now_fn())
    if run is None:
        return None
    run_id, budget = run.id, run.time_limit_seconds
    try:
        instance = _instance_for(run, now_fn())
        # No transaction stays open during the solve (SQLite: it would hold the write lock).
        solution = _solve(run_id, budget, instance, deterministic, seed, workers, shutdown)
        _finish(run_id, instance, solution, now_fn(), shutdown)
    except _RunFailed as failure:
        _fail(run_id, str(failure), now_fn())
    except Exception as error:  # the run must never stay "running": say what went wrong
        db.session.rollback()
        _fail(run_id, f"The plan could not be made: {type(error).__name__}: {error}", now_fn())
    return db.session.get(PlanRun, run_id)


class _RunFailed(Exception):
    """A failure whose message is already in the admin's words."""


def _instance_for(run: PlanRun, now: datetime) -> Instance:
    try:
        movable = json.loads(run.movable) if run.kind == "repair" else None
        settings = authority_settings()
        instance = build_instance(
            now, run.horizon_end, settings.calendar(), movable, settings=settings,
            hours=settings.working_hours,
        )  # fmt: skip
    except IncompleteData as error:
        raise _RunFailed(str(error)) from error
    problems = instance_problems(instance)
    if problems:
        raise _RunFailed("The data cannot be planned yet: " + "; ".join(problems[:5]))
    run.instance = json.dumps(instance, separators=(",", ":"))
    db.session.commit()  # also ends the read transaction before the long solve
    return instance


def _solve(run_id, budget, instance, deterministic, seed, workers, shutdown) -> Solution:
    beat = _Heartbeat(db.engine, run_id, budget, shutdown)
    beat.start()
    try:
        return solve_instance(
            instance,
            time_limit=budget,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            progress=beat.progress,
            counts=beat.counts,
            stop=beat.stop,
        )
    finally:
        beat.finish()


def _finish(run_id: int, instance: Instance, solution: Solution, now: datetime, shutdown) -> None:
    run = db.session.get_one(PlanRun, run_id)
    db.session.refresh(run)
    if shutdown is not None and shutdown.is_set() and not run.cancel_requested:
        raise _RunFailed(SHUTDOWN_MESSAGE)
    run.status = "cancelled" if run.cancel_requested else "done"
    run.solution = json.dumps(solution, separators=(",", ":"))
    run.summary = json.dumps(summarise(instance, solution))
    run.best_score, run.bound = solution["score"], solution.get("bound")
    run.progress, run.finished_at = 100, now
    db.session.commit()


def _fail(run_id: int, message: str, now: datetime) -> None:
    db.session.rollback()
    db.session.execute(
        update(PlanRun)
        .where(PlanRun.id == run_id)
        .values(status="failed", error=message[:2000], finished_at=now)
    )
    db.session.commit()


class _Heartbeat:
    """Writes progress (share of the time budget used), the best score and plan counts so far,
    and turns a cancel request or a scheduler shutdown into the solver's stop event. Its own
    connection and short transactions: the solver may call `progress` from another thread."""

    def __init__(self, engine: Engine, run_id: int, budget: float, shutdown) -> None:
        self.engine, self.run_id, self.budget, self.shutdown = engine, run_id, budget, shutdown
        self.stop = threading.Event()
        self.done = threading.Event()
        self.best: tuple[int, int] | None = None
        self.best_counts: dict[str, int] | None = None  # the best plan so far: placed, …
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._loop, name=f"plan-run-{run_id}", daemon=True)

    def progress(self, _elapsed: float, best: int, bound: int) -> None:
        self.best = (best, bound)

    def counts(self, counts: dict[str, int]) -> None:
        self.best_counts = counts

    def start(self) -> None:
        self.thread.start()

    def finish(self) -> None:
        self.done.set()
        self.thread.join()

    def _loop(self) -> None:
        while not self.done.wait(HEARTBEAT_SECONDS):
            self._beat()

    def _beat(self) -> None:
        elapsed = time.monotonic() - self.started
        values: dict = {"progress": min(99, int(100 * elapsed / self.budget))}
        if self.best is not None:
            values["best_score"], values["bound"] = self.best
        if self.best_counts is not None:
            values["summary"] = json.dumps(self.best_counts)
        with self.engine.begin() as connection:
            connection.execute(update(PlanRun).where(PlanRun.id == self.run_id).values(**values))
            cancel = connection.scalar(
                select(PlanRun.cancel_requested).where(PlanRun.id == self.run_id)
            )
        if cancel or (self.shutdown is not None and self.shutdown.is_set()):
            self.stop.set()


def summary_of(run: PlanRun) -> dict | None:
    return json.loads(run.summary) if run.summary else None
