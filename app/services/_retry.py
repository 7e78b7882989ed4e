"""Retrying a service action the database refused for contention, not for its content.

PostgreSQL: two bookings of one slot inserted at the same moment can each wait for the other
while the exclusion constraints check them (one waits on the room, the other on the chair):
PostgreSQL aborts one with "deadlock detected" (or, under stricter isolation, a serialization
failure). SQLite: every transaction takes the one write lock (BEGIN IMMEDIATE, app.database);
in a burst a writer can wait out the whole busy timeout and get "database is locked" before it
has done anything. Either way, run again, the action finds the other committed and gets the
ordinary refusal in words (BookingConflict), or succeeds. If the database is still busy after
ATTEMPTS, the error goes up and the request is answered 503 with Retry-After (app.errors).

In a web request on SQLite, the attempts also stop when the request has used up its time for
waiting on the write lock (QUORUM_SQLITE_REQUEST_WAIT_MS, app.database): ATTEMPTS busy
timeouts one after another would outlast the web server's worker timeout, and a worker killed
mid-request answers nothing, not the 503."""

import sqlite3
from collections.abc import Callable
from functools import wraps

from sqlalchemy.exc import OperationalError

from app.database import request_wait_spent
from app.extensions import db

DEADLOCK_SQLSTATES = ("40P01", "40001")  # deadlock detected, serialization failure
SQLITE_BUSY_MESSAGES = ("database is locked", "database is busy")
ATTEMPTS = 3


def retry_on_contention(action: Callable) -> Callable:
    @wraps(action)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return action(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not is_contention(error) or request_wait_spent():
                    raise
                db.session.rollback()
        raise AssertionError("unreachable")

    return run


# The name the booking, confirming and repairing services import.
retry_on_deadlock = retry_on_contention


def is_contention(error: OperationalError) -> bool:
    """A deadlock or serialization failure (PostgreSQL), or the write lock still held by
    another writer after the busy timeout (SQLite): nothing wrong with the request itself."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return str(original).startswith(SQLITE_BUSY_MESSAGES)
    return getattr(original, "sqlstate", None) in DEADLOCK_SQLSTATES
