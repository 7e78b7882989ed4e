"""Two `quorum scheduler` processes started together, on the test's own database (the SQLite
file, or PostgreSQL with TEST_DATABASE_URL), relay a queue of invites through a real SMTP
server on loopback (aiosmtpd): every message arrives, and arrives once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from app.extensions import db
from tests.app import mail_fixtures
from tests.app.conftest import SECRET
from tests.app.factories.outbox import SLOT, book, make_world, outbox_rows

smtp_server = mail_fixtures.smtp_server  # the shared fixture, used by name below
MEETINGS = 4  # three recipients each
DELIVERY_TIMEOUT = 30.0
SWEEP_SECONDS = 1
# After the last delivery, long enough for several more sweeps: a second send would show.
SETTLE_SECONDS = 3 * SWEEP_SECONDS


def _environment(database_url: str, smtp_port: int, instance_path: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("QUORUM_")}
    environment.update(
        QUORUM_DATABASE_URL=database_url,
        QUORUM_SECRET_KEY=SECRET,
        QUORUM_MAIL_TRANSPORT="smtp",
        QUORUM_SMTP_HOST="127.0.0.1",
        QUORUM_SMTP_PORT=str(smtp_port),
        QUORUM_SMTP_SECURITY="none",
        QUORUM_OUTBOX_SWEEP_SECONDS=str(SWEEP_SECONDS),
        # Both schedulers share one instance folder (the SQLite lock file), not the checkout's.
        QUORUM_INSTANCE_PATH=instance_path,
    )
    return environment


def _start_scheduler(environment: dict, log: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "quorum"), "scheduler"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=log.parent,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(processes: list[subprocess.Popen]) -> list[int]:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    codes = []
    for process in processes:
        try:
            codes.append(process.wait(timeout=20))
        except subprocess.TimeoutExpired:
            process.kill()
            codes.append(process.wait())
    return codes


def _wait_for(recorder, count: int, processes, logs: list[Path]) -> None:
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while len(recorder.received) < count:
        if time.monotonic() > deadline or all(p.poll() is not None for p in processes):
            output = "\n".join(log.read_text(errors="replace") for log in logs)
            raise AssertionError(f"{len(recorder.received)} of {count} delivered:\n{output}")
        time.sleep(0.1)


def test_two_schedulers_started_together_deliver_each_queued_message_exactly_once(
    app, database_url, smtp_server, tmp_path
):
    recorder, port = smtp_server
    for day in range(MEETINGS):
        book(make_world(), starts_at=SLOT + timedelta(days=day))
    queued = [row.message_id for row in outbox_rows()]
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # the test holds no connection (nor SQLite's lock) while they run

    environment = _environment(database_url, port, str(tmp_path / "instance"))
    logs = [tmp_path / f"scheduler-{n}.log" for n in (1, 2)]
    processes = [_start_scheduler(environment, log) for log in logs]
    try:
        _wait_for(recorder, len(queued), processes, logs)
        time.sleep(SETTLE_SECONDS)
    finally:
        codes = _stop(processes)

    assert len(queued) == 3 * MEETINGS
    assert Counter(recorder.message_ids()) == Counter(queued)  # each one, once
    assert {row.status for row in outbox_rows()} == {"sent"}
    assert codes == [0, 0]
