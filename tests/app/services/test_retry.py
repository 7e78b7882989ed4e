"""A service action PostgreSQL aborts as a deadlock victim is run again; other errors are not."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from app.services._retry import ATTEMPTS, is_contention, retry_on_deadlock


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


def _locked(times: int):
    calls = []

    @retry_on_deadlock
    def action():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError(
                "BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")
            )
        return "booked"

    return action, calls


def test_sqlites_write_lock_held_past_the_busy_timeout_is_retried(app):
    action, calls = _locked(times=1)

    assert action() == "booked" and len(calls) == 2


def test_sqlites_lock_still_held_after_the_attempts_goes_up_as_contention(app):
    action, calls = _locked(times=ATTEMPTS)

    with pytest.raises(OperationalError) as raised:
        action()
    assert len(calls) == ATTEMPTS and is_contention(raised.value)
