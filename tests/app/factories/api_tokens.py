"""API test helpers: a bearer token for a user, and the header that carries it."""

from app.extensions import db
from app.services.accounts.api_tokens import create_token
from app.time import utc_now
from tests.app.factories.rows import make_user


def make_token(user=None, **user_overrides) -> str:
    """A live token (the service commits) for `user`, or for a new user made with overrides.
    Made now, as the API checks it against the clock: a token made at a fixed past moment
    would have expired."""
    if user is None:
        user = make_user(**user_overrides)
    db.session.commit()
    _, token = create_token(utc_now(), user.email, "tests")
    return token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
