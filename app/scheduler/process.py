"""`quorum scheduler`: the one process that runs background sweeps (APScheduler 3.11).

A second copy, started by mistake, does nothing: it cannot take the guard (app.scheduler.guard).
"""

from __future__ import annotations

import logging
import signal

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.scheduler import jobs
from app.scheduler.guard import guard_for

log = logging.getLogger("quorum.scheduler")
PLAN_RUN_SWEEP_SECONDS = 3


def build_scheduler(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        jobs.plan_run_sweep,
        "interval",
        seconds=PLAN_RUN_SWEEP_SECONDS,
        args=[app],
        id="plan_run_sweep",
        max_instances=1,  # a sweep never overlaps itself: one solve at a time
        coalesce=True,
    )
    scheduler.add_job(
        jobs.outbox_sweep,
        "interval",
        seconds=int(app.config["QUORUM_OUTBOX_SWEEP_SECONDS"]),
        args=[app],
        id="outbox_sweep",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        jobs.chaser_sweep,
        "interval",
        seconds=int(app.config["QUORUM_CHASER_SWEEP_SECONDS"]),
        args=[app],
        id="chaser_sweep",
        max_instances=1,
        coalesce=True,
    )
    return scheduler


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the background sweeps (plan runs). One per deployment: a second copy does nothing."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # Not every 3 s "job executed" or "skipped: still running" (a solve outlasts the interval).
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    # Flask types current_app as a Flask, not as the LocalProxy it is (flask/globals.py).
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    guard = guard_for(app)
    if not guard.acquire():
        log.warning("another scheduler is running; this one does nothing and exits")
        click.echo("Another scheduler is running; this one does nothing.")
        return
    try:
        jobs.on_scheduler_start(app)
        scheduler = build_scheduler(app)
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        click.echo("Quorum scheduler running (Ctrl-C to stop).")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            jobs.SHUTDOWN.set()  # a running solve stops; its run is marked failed
            scheduler.shutdown(wait=True)
    finally:
        guard.release()


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(0)
