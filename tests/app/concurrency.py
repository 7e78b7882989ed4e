"""Starting service calls at the same moment, as gunicorn workers would: one thread per call,
each with its own app context (so its own session and database connection), held at a barrier
until all are ready."""

import threading
from collections.abc import Callable, Sequence

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage
from app.services import Clash


def run_together(app: Flask, action: Callable[[int], object], ids: Sequence[int]) -> list[str]:
    """Call `action(id)` for every id at once; each outcome is "applied", the Clash's message,
    or the repr of anything else raised (so a test names an unexpected failure). The caller
    must hold no transaction: on SQLite it would keep the write lock the threads wait for."""
    start = threading.Barrier(len(ids))
    outcomes: dict[int, str] = {}

    def attempt(index: int, row_id: int) -> None:
        with app.app_context():
            try:
                start.wait()
                action(row_id)
                outcomes[index] = "applied"
            except Clash as clash:
                outcomes[index] = clash.message
            except Exception as error:  # reported in the outcome, for the test to show
                outcomes[index] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=pair) for pair in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return [outcomes[index] for index in range(len(ids))]


def notices_queued_twice() -> int:
    """How many (meeting, recipient, method) have more than one message in the outbox: what an
    action applied twice leaves behind."""
    repeated = (
        select(OutboxMessage.meeting_id)
        .group_by(
            OutboxMessage.meeting_id,
            func.lower(OutboxMessage.recipient_email),
            OutboxMessage.method,
        )
        .having(func.count() > 1)
    )
    return db.session.scalar(select(func.count()).select_from(repeated.subquery()))
