"""Retrying a service action that PostgreSQL chose as a deadlock victim.

Two bookings of one slot inserted at the same moment can each wait for the other while the
exclusion constraints check them (one waits on the room, the other on the chair): PostgreSQL
aborts one with "deadlock detected". Run again, that one finds the other committed and gets
the ordinary refusal in words (BookingConflict), or books if the other was refused."""

from collections.abc import Callable
from functools import wraps

from sqlalchemy.exc import OperationalError

from app.extensions import db

DEADLOCK_SQLSTATES = ("40P01", "40001")  # deadlock detected, serialization failure
ATTEMPTS = 3


def retry_on_deadlock(action: Callable) -> Callable:
    @wraps(action)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return action(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not is_deadlock(error):
                    raise
                db.session.rollback()
        raise AssertionError("unreachable")

    return run


def is_deadlock(error: OperationalError) -> bool:
    return getattr(error.orig, "sqlstate", None) in DEADLOCK_SQLSTATES
