"""Scheduler sweeps: plain functions over the database, each safe to run again at any time.

app.scheduler.process runs them in the one scheduler process (`quorum scheduler`); tests call them
directly. Each sweep pushes its own app context, so a job's session never outlives it.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from app.mail import transport_from_config
from app.services.escalations import digest, liaison
from app.services.escalations import escalations as escalation_service
from app.services.notifications import chasers, outbox_relay
from app.services.planning import runs as plan_runs
from app.time import utc_now

log = logging.getLogger("quorum.jobs")

# Set when the scheduler is shutting down: a running solve stops and its run is marked failed.
SHUTDOWN = threading.Event()


def plan_run_sweep(app: Flask) -> None:
    """Run the oldest queued plan run, if any (one at a time: the job never overlaps itself)."""
    with app.app_context():
        run = plan_runs.execute_next_plan_run(utc_now, shutdown=SHUTDOWN)
        if run is not None:
            log.info("plan run %s finished: %s", run.id, run.status)


def outbox_sweep(app: Flask) -> None:
    """Send the invites and cancellations that are due (app.services.notifications.outbox_relay)."""
    with app.app_context():
        transport = transport_from_config(app.config, app.instance_path)
        policy = outbox_relay.RelayPolicy.from_config(app.config)
        report = outbox_relay.relay_due(utc_now, transport, policy)
        if report.sent or report.retrying or report.failed:
            log.info("outbox: %d sent, %d to retry, %d failed", report.sent, report.retrying,
                     report.failed)  # fmt: skip


def chaser_sweep(app: Flask) -> None:
    """Queue the report chasers and chairs' briefings that are due and not yet recorded
    (app.services.notifications.chasers), propose escalations after meetings and queue each
    chair's weekly digest (app.services.escalations); the outbox sweep sends the emails."""
    with app.app_context():
        report = chasers.send_due(utc_now())
        if report.chasers or report.briefings or report.skipped:
            log.info("chasers: %d chasers, %d briefings queued, %d skipped (short notice)",
                     report.chasers, report.briefings, report.skipped)  # fmt: skip
        proposed = escalation_service.propose(utc_now())
        digests = digest.send_weekly(utc_now())
        try:
            digests += liaison.send_quarterly(utc_now())
        except liaison.LiaisonContactsError as error:  # a setting to fix, said in words
            log.error("%s", error)
        if proposed or digests:
            log.info("escalations: %d proposed, %d digests and summaries queued", proposed,
                     digests)  # fmt: skip


def on_scheduler_start(app: Flask) -> None:
    """Runs left `running` by a scheduler that died are failed, with the reason in words."""
    with app.app_context():
        stale = plan_runs.fail_stale_runs(utc_now())
        if stale:
            log.warning("marked %d stale plan run(s) failed", stale)
