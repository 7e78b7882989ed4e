"""App fixtures (flaskr style): app, client, runner; the database they run on.

Locally the database tests run on SQLite (a migrated template file copied per test). With
TEST_DATABASE_URL set (CI: PostgreSQL) they run there: migrated once per session, every table
truncated after each test.
"""

import contextvars
import os
import shutil

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.cli import cli as quorum_cli
from app.extensions import db
from tests.app.factories.outbox import smtp_on_loopback

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def _config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": True,
        "QUORUM_AUTHORITY_NAME": "Testshire Independent Reviewing Service",
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        app = create_app(_config(TEST_DATABASE_URL))
        with app.app_context():
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            upgrade()
            db.engine.dispose()
        return TEST_DATABASE_URL
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{template}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return str(template)


@pytest.fixture
def database_url(migrated_database, tmp_path) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    copy = tmp_path / "test.sqlite3"
    shutil.copyfile(migrated_database, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def app(database_url):
    app = create_app(_config(database_url))
    with app.app_context():
        yield app
        db.session.remove()
        if TEST_DATABASE_URL:
            _truncate_all()
        db.engine.dispose()


def _truncate_all() -> None:
    tables = ", ".join(table.name for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, session and database connection, as in
    production, not inside the test's. What the test set up is committed first (so the request
    can see it, and SQLite's write lock is free); afterwards the test's objects are expired so
    that it reads what the request wrote."""

    def open(self, *args, **kwargs):
        db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def smtp():
    """An SMTP server on loopback (aiosmtpd) for the test to start: see smtp_on_loopback."""
    with smtp_on_loopback() as server:
        yield server


class QuorumCliRunner(FlaskCliRunner):
    """Runs `quorum …` commands (app.cli's group, where Quorum's commands live) on the test's
    app, as `app.test_cli_runner()` would run the app's own `flask` commands."""

    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or quorum_cli, args, **kwargs)


@pytest.fixture
def reports_dir(app, tmp_path):
    """Uploaded reports go to the test's own folder."""
    app.config["QUORUM_REPORTS_DIR"] = str(tmp_path / "reports")
    return tmp_path / "reports"


@pytest.fixture
def runner(app):
    return QuorumCliRunner(app)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("sqlite_only") and TEST_DATABASE_URL:
            # About SQLite itself: not a database test PostgreSQL skipped (CI counts those),
            # and .ci/run runs these once more on SQLite.
            item.add_marker(pytest.mark.skip(reason="about SQLite itself: run on SQLite"))
        elif "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
