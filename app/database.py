"""Engine set-up per database: SQLite pragmas and write locks; nothing for PostgreSQL."""

import math
import time

from flask import Flask, g, has_request_context
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine


def init_database(app: Flask, db: SQLAlchemy) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _serialise_sqlite_writers(
                engine,
                int(app.config["QUORUM_SQLITE_BUSY_TIMEOUT_MS"]),
                int(app.config["QUORUM_SQLITE_REQUEST_WAIT_MS"]),
            )


def _serialise_sqlite_writers(engine: Engine, busy_timeout_ms: int, request_wait_ms: int) -> None:
    """Every transaction starts with BEGIN IMMEDIATE, so the overlap check in the booking
    triggers and the insert it guards happen under one write lock: two writers cannot both see
    a free slot. Others wait (busy_timeout) instead of failing with 'database is locked'; one
    that waits it out is retried, then answered 503 (app.services._retry, app.errors).

    Except after a commit in the same request: what follows is reading the answer (the row just
    saved, for the page or the JSON), which in WAL mode needs no lock. Waiting for the write lock
    there could turn a saved change into a 503, and a client told to try again would send it
    twice. A write there still cannot see a stale slot: SQLite refuses to upgrade a deferred
    transaction whose snapshot another writer has moved past (it fails, and is retried).

    A web request waits for the lock at most `request_wait_ms` in all, however many
    transactions and retries it makes (its sign-in bookkeeping, reading its user, each attempt
    of its action): each transaction's busy timeout is what is left of that time, and once it
    is spent a transaction takes the lock only if it is free. A busy timeout per transaction
    alone would not do: they add up, and gunicorn kills a worker still busy after its timeout
    (30 s by default), so the admin would get no answer instead of the 503. Quorum cannot read
    gunicorn's timeout: `request_wait_ms` must be set well inside it (docs/operator-guide.md).
    Outside a request (the scheduler, the CLI) each transaction waits the whole busy timeout."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        in_request = has_request_context()
        timeout_ms = busy_timeout_ms
        if in_request:
            timeout_ms = min(busy_timeout_ms, _request_wait_left_ms(request_wait_ms))
        # Set at every transaction: a pooled connection keeps the last request's timeout.
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {timeout_ms}")
        if in_request and g.get(_COMMITTED_IN_REQUEST):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    def _on_commit(_connection) -> None:
        if has_request_context():
            setattr(g, _COMMITTED_IN_REQUEST, True)


_COMMITTED_IN_REQUEST = "_quorum_committed_in_request"
_LOCK_WAIT_DEADLINE = "_quorum_lock_wait_deadline"


def _request_wait_left_ms(request_wait_ms: int) -> int:
    """What is left of the request's time for waiting on the write lock, counted from its first
    transaction (rounded up, so a wait that uses it all leaves nothing)."""
    deadline = g.setdefault(_LOCK_WAIT_DEADLINE, time.monotonic() + request_wait_ms / 1000)
    return max(0, math.ceil((deadline - time.monotonic()) * 1000))


def request_wait_spent() -> bool:
    """Whether this request has used up its time for waiting on SQLite's write lock, so a
    contention failure is answered at once (503) rather than tried again. Never on PostgreSQL,
    nor outside a web request."""
    if not has_request_context():
        return False
    deadline = g.get(_LOCK_WAIT_DEADLINE)
    return deadline is not None and time.monotonic() >= deadline


def forget_bookkeeping_commit() -> None:
    """Sign-in bookkeeping (a session's or a token's last use) commits before the action the
    request is for: that commit does not make the action a reading of its answer, so the
    action's own transaction still takes the write lock first (BEGIN IMMEDIATE).

    Call it straight after that commit, before anything reads the database again: a read in
    between (an attribute the commit expired, say) would begin the action's transaction as a
    plain BEGIN, and its first write would fail at once, without waiting, if another writer
    holds the lock."""
    if has_request_context():
        g.pop(_COMMITTED_IN_REQUEST, None)
