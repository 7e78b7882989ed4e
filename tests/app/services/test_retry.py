"""A service action PostgreSQL aborts as a deadlock victim is run again; other errors are not."""

import pytest
from sqlalchemy.exc import OperationalError

from app.services._retry import ATTEMPTS, retry_on_deadlock


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(sqlstate: str, times: int):
    calls = []

    @retry_on_deadlock
    def action():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("INSERT …", {}, _DriverError(sqlstate))
        return "booked"

    return action, calls


def test_a_deadlock_victim_is_run_again_and_succeeds(app):
    action, calls = _failing("40P01", times=1)

    assert action() == "booked" and len(calls) == 2


def test_it_gives_up_after_a_few_attempts(app):
    action, calls = _failing("40P01", times=ATTEMPTS)

    with pytest.raises(OperationalError):
        action()
    assert len(calls) == ATTEMPTS


def test_any_other_database_error_is_not_retried(app):
    action, calls = _failing("08006", times=1)  # connection failure

    with pytest.raises(OperationalError):
        action()
    assert len(calls) == 1
