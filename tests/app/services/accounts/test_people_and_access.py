"""The services behind people and access: chair accounts linked to the chair with their email,
set-password links single-use, superseded and expiring, API tokens that expire."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair, PasswordResetToken, User
from app.models.accounts.api_tokens import ApiToken
from app.services import NotFound, ServiceError
from app.services.accounts import api_tokens, auth, password_links, users
from app.services.reference import chairs
from app.services.reference.chairs import ChairInput
from tests.app.factories.rows import NOW, make_chair, make_locality, make_user

PASSWORD = "a long enough passphrase"


def _admin() -> User:
    admin = make_user(role="admin")
    db.session.commit()
    return admin


def _chair_input(email: str, user_id: int | None = None) -> ChairInput:
    return ChairInput(name="Chair New", email=email, base_locality_id=make_locality().id,
                      fte=Decimal("1"), roles=["chair"], working_days=["mon"],
                      max_meetings_per_day=2, max_minutes_per_week=600,
                      user_id=user_id)  # fmt: skip


# Chair accounts


def test_a_new_chair_account_links_to_the_chair_with_its_email(app):
    chair = make_chair(email="casey@example.org")
    admin = _admin()
    user, _ = users.create_user(NOW, admin.id, "Casey@example.org", "Casey", "chair")
    assert db.session.get(Chair, chair.id).user_id == user.id


def test_a_new_chair_links_to_the_chair_account_with_its_email(app):
    user = make_user(role="chair", email="casey@example.org")
    db.session.commit()
    chair = chairs.create_chair(NOW, None, _chair_input("casey@example.org"))
    assert chair.user_id == user.id


def test_editing_a_chairs_email_to_an_accounts_links_them(app):
    user = make_user(role="chair", email="casey@example.org")
    chair = make_chair(email="old@example.org")
    db.session.commit()
    chairs.update_chair(NOW, None, chair.id, _chair_input("casey@example.org"))
    assert db.session.get(Chair, chair.id).user_id == user.id


def test_an_account_that_is_not_a_chair_is_not_linked(app):
    chair = make_chair(email="pat@example.org")
    admin = _admin()
    users.create_user(NOW, admin.id, "pat@example.org", "Pat", "manager")
    assert db.session.get(Chair, chair.id).user_id is None


def test_a_chair_linked_to_another_account_keeps_its_link_and_says_why(app):
    chair = make_chair(email="casey@example.org")
    chair.user = make_user(role="chair", email="elsewhere@example.org")
    admin = _admin()
    user, _ = users.create_user(NOW, admin.id, "casey@example.org", "Casey", "chair")
    assert db.session.get(Chair, chair.id).user.email == "elsewhere@example.org"
    assert "linked to another account (elsewhere@example.org)" in users.why_unlinked(user)


def test_the_cli_links_a_new_chair_account_too(app):
    chair = make_chair(email="casey@example.org")
    db.session.commit()
    user = auth.create_user(NOW, "casey@example.org", "Casey", "chair", PASSWORD)
    assert db.session.get(Chair, chair.id).user_id == user.id


def test_a_chair_account_made_a_manager_is_unlinked(app):
    chair = make_chair()
    chair.user = make_user(role="chair")
    admin = _admin()
    users.change_role(NOW, admin.id, chair.user_id, "manager")
    assert db.session.get(Chair, chair.id).user_id is None


# Set-password links


def _link(user: User | None = None) -> tuple[User, str]:
    user = user or make_user(role="manager")
    admin = _admin()
    return users.reset_password(NOW, admin.id, user.id)


def test_a_link_sets_the_password_once(app):
    user, token = _link()
    password_links.set_password(NOW, token, PASSWORD, PASSWORD)
    assert auth.authenticate(user.email, PASSWORD) is not None
    with pytest.raises(NotFound):
        password_links.set_password(NOW, token, "another passphrase!", "another passphrase!")
    assert auth.authenticate(user.email, PASSWORD) is not None


def test_a_link_works_until_it_expires(app):
    _, token = _link()
    assert password_links.check(NOW + timedelta(hours=23, minutes=59), token)
    with pytest.raises(NotFound):
        password_links.check(NOW + password_links.LINK_LIFETIME, token)


def test_a_newer_link_replaces_the_older(app):
    user, first = _link()
    _, second = _link(user)
    with pytest.raises(NotFound):
        password_links.check(NOW, first)
    assert password_links.check(NOW, second).id == user.id


def test_disabling_an_account_spends_its_links(app):
    user, token = _link()
    users.disable_user(NOW, None, user.id)
    with pytest.raises(NotFound):
        password_links.check(NOW, token)


def test_a_too_short_password_changes_nothing(app):
    user, token = _link()
    before = user.password_hash
    with pytest.raises(ServiceError) as refused:
        password_links.set_password(NOW, token, "short", "short")
    assert refused.value.field == "password"
    assert db.session.get(User, user.id).password_hash == before
    assert password_links.check(NOW, token)  # still usable


def test_only_the_hash_of_a_link_is_stored(app):
    _, token = _link()
    (row,) = db.session.scalars(select(PasswordResetToken))
    assert row.token_hash == api_tokens.hash_token(token) != token


# API tokens that expire


def test_a_token_expires_after_its_days(app):
    user = make_user()
    db.session.commit()
    _, token = api_tokens.create_token(NOW, user.email, "", days=30)
    assert api_tokens.user_for_token(NOW + timedelta(days=29, hours=23), token) is not None
    assert api_tokens.user_for_token(NOW + timedelta(days=30), token) is None


def test_a_token_lasts_ninety_days_unless_told(app):
    user = make_user()
    db.session.commit()
    row, _ = api_tokens.create_token(NOW, user.email)
    assert row.expires_at == NOW + timedelta(days=90)


@pytest.mark.parametrize("days", [0, -1, 366, True])
def test_a_token_beyond_the_allowed_days_is_refused_and_nothing_made(app, days):
    user = make_user()
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        api_tokens.create_token(NOW, user.email, "", days=days)
    assert refused.value.field == "days"
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_the_cli_sets_and_shows_the_expiry(app, runner):
    user = make_user()
    db.session.commit()
    made = runner.invoke(args=["tokens", "create", "--user", user.email, "--days", "7"])
    assert made.exit_code == 0, made.output
    assert "expiring" in made.output
    listed = runner.invoke(args=["tokens", "list"])
    assert listed.exit_code == 0 and user.email in listed.output and "expires" in listed.output
    too_long = runner.invoke(args=["tokens", "create", "--user", user.email, "--days", "400"])
    assert too_long.exit_code != 0 and "365" in too_long.output
