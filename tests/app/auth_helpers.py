"""Signing in from tests, the way a browser does: fetch the form, post it with its CSRF token."""

import re

from app.extensions import db
from tests.app.factories.rows import TEST_PASSWORD, make_user

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = _CSRF.search(page) or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, user) -> None:
    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def signed_in_as(client, role: str, **overrides):
    user = make_user(role=role, **overrides)
    db.session.commit()
    sign_in(client, user)
    return user
