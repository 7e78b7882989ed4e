"""Counts the database tests and the database they ran on, so CI can fail a run that skipped
them (.ci/run reads the file named by QUORUM_DB_REPORT)."""

import json
import os

_database_tests = {"passed": 0, "failed": 0, "skipped": 0}


def pytest_runtest_logreport(report):
    if "db" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _database_tests[report.outcome] = _database_tests.get(report.outcome, 0) + 1


def _dialect() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgresql", "postgres")) else "sqlite"


def pytest_terminal_summary(terminalreporter):
    counts = ", ".join(f"{n} {outcome}" for outcome, n in _database_tests.items())
    terminalreporter.write_line(f"database tests on {_dialect()}: {counts}")


def pytest_sessionfinish(session):
    path = os.environ.get("QUORUM_DB_REPORT")
    if path:
        with open(path, "w") as report:
            json.dump({"dialect": _dialect(), **_database_tests}, report)
