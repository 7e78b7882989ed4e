"""The guard that keeps one scheduler process per database.

On PostgreSQL a session-level advisory lock held on a dedicated connection for the process's
life; on SQLite an exclusive `flock` on a lock file beside the database. Either is released by
the operating system or the database server when the process dies, so a crash never leaves a
stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from app.extensions import db

# pg_try_advisory_lock takes a bigint; this one is "Quorum scheduler" by convention.
ADVISORY_LOCK_KEY = 0x51756F72756D5301


class SchedulerGuard:
    """Held for the scheduler process's life; `acquire()` is False when another holds it."""

    def __init__(self, engine: Engine, lock_path: Path) -> None:
        self.engine, self.lock_path = engine, lock_path
        self._connection: Connection | None = None
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            return self._acquire_advisory_lock()
        return self._acquire_lock_file()

    def _acquire_advisory_lock(self) -> bool:
        connection = self.engine.connect()
        got = connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        )
        connection.commit()  # a session-level lock outlives the transaction
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def _acquire_lock_file(self) -> bool:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
            )
            self._connection.close()
            self._connection = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def guard_for(app: Flask) -> SchedulerGuard:
    """On SQLite the lock file sits beside the database file, so one scheduler per database.
    Beside the real file: a symlink, a relative path or `..` naming the same database finds
    the same lock, so a second scheduler reached that way cannot start (and fail the first's
    running plan as stale)."""
    database = db.engine.url.database
    if db.engine.dialect.name == "sqlite" and database and database != ":memory:":
        real = Path(database).resolve()
        return SchedulerGuard(db.engine, real.with_name(real.name + ".scheduler.lock"))
    return SchedulerGuard(db.engine, Path(app.instance_path) / "scheduler.lock")
