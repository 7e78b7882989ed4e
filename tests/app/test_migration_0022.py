"""0022 (people and access) on a database with rows: tokens made before expiry existed keep
working for the default lifetime, chair accounts are linked to the live chair with their email
(only where both are free), and it goes down and up again keeping users and tokens."""

from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from app.extensions import db
from app.models.accounts.api_tokens import ApiToken
from app.time import utc_now
from tests.app.factories.api_tokens import make_token
from tests.app.factories.rows import NOW, make_chair, make_user


def _columns(table: str) -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns(table)}


def _scalar(sql: str, **params):
    with db.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def test_0022_links_chair_accounts_and_gives_old_tokens_an_expiry(app):
    casey = make_user(role="chair", email="casey@example.org")
    make_chair(email="casey@example.org")
    manager = make_user(role="manager", email="pat@example.org")
    make_chair(email="pat@example.org")  # not a chair account: not linked
    retiree = make_user(role="chair", email="ret@example.org")
    make_chair(email="ret@example.org", retired_at=NOW)  # retired: not linked
    elsewhere = make_chair(email="sam@example.org")
    elsewhere.user = make_user(role="chair", email="other@example.org")
    sam = make_user(role="chair", email="sam@example.org")  # its chair is taken: not linked
    make_token(manager)
    db.session.commit()
    ids = {"casey": casey.id, "pat": manager.id, "ret": retiree.id, "sam": sam.id}
    other_id = elsewhere.user_id
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0021")
    db.engine.dispose()
    assert "expires_at" not in _columns("api_tokens")
    assert "password_reset_tokens" not in inspect(db.engine).get_table_names()

    before = utc_now()
    upgrade()
    db.engine.dispose()

    def chair_of(email: str):
        return _scalar("SELECT user_id FROM chairs WHERE email = :email", email=email)

    assert chair_of("casey@example.org") == ids["casey"]
    assert chair_of("pat@example.org") is None
    assert chair_of("ret@example.org") is None
    assert chair_of("sam@example.org") == other_id
    assert _scalar("SELECT count(*) FROM users") == 5
    expires = db.session.scalar(select(ApiToken.expires_at))
    assert before + timedelta(days=89) < expires < utc_now() + timedelta(days=91)
