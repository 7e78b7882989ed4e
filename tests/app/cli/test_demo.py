"""`quorum demo load|ensure`: what `make run` prints, and what it refuses."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from app.services.accounts.auth import authenticate
from tests.app.factories.rows import make_user

_ADMIN_LINE = re.compile(r"admin\s+admin@example\.org\s+(\S+)")


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_ensure_loads_an_empty_database_and_prints_the_admin_password_once(app, runner):
    app.config["QUORUM_DEMO"] = True

    result = runner.invoke(args=["demo", "ensure"])

    assert result.exit_code == 0, result.output
    password = _ADMIN_LINE.search(result.output).group(1)
    assert result.output.count(password) == 1
    assert authenticate("admin@example.org", password) is not None


def test_ensure_leaves_a_database_with_data_alone_and_prints_nothing_secret(app, runner):
    app.config["QUORUM_DEMO"] = True
    make_user(email="someone@example.org")
    db.session.commit()

    result = runner.invoke(args=["demo", "ensure"])

    assert result.exit_code == 0
    assert "already has data" in result.output
    assert "password" not in result.output.lower() and "admin@example.org" not in result.output
    assert _users() == 1


def test_ensure_outside_demo_mode_loads_nothing(app, runner):
    result = runner.invoke(args=["demo", "ensure"])

    assert "Demo mode is off" in result.output
    assert _users() == 0


def test_load_refuses_a_database_with_data_and_changes_nothing(app, runner):
    make_user(email="someone@example.org")
    db.session.commit()

    result = runner.invoke(args=["demo", "load", "--seed", "3"])

    assert result.exit_code == 1
    assert "already has data (users: 1)" in result.output
    assert _users() == 1
