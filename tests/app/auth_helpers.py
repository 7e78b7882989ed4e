"""Signing in from tests, the way a browser does: fetch the form, post it with its CSRF token,
and for an account with an authenticator app, answer the code step as the app would."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import UserMfa
from app.services.accounts.mfa import MFA_REQUIRED_ROLES, codes
from app.services.accounts.mfa.enrolment import add_enrolment
from app.time import utc_now
from tests.app.factories.rows import TEST_PASSWORD, make_user

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# A synthetic authenticator key (base32) for test accounts.
TEST_AUTHENTICATOR_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def csrf_token(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = _CSRF.search(page) or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def enrol(user, key: str = TEST_AUTHENTICATOR_KEY) -> list[str]:
    """Give `user` an authenticator app with `key`; returns their recovery codes."""
    recovery = add_enrolment(utc_now(), user, key)
    db.session.commit()
    return recovery


def is_enrolled(user) -> bool:
    return db.session.scalar(select(UserMfa.user_id).where(UserMfa.user_id == user.id)) is not None


def next_code(user, key: str = TEST_AUTHENTICATOR_KEY) -> str:
    """The code the app shows now, or, when that one was taken already (tests sign the same
    user in more than once within a 30-second step, or under a frozen clock), the next step's,
    which the drift allowed still accepts."""
    last = db.session.scalar(select(UserMfa.last_step).where(UserMfa.user_id == user.id))
    db.session.commit()
    now = codes.step_at(utc_now())
    step = now if last is None or last < now else last + 1
    assert step <= now + codes.DRIFT_STEPS, "no code left to take in this step: move the clock"
    return codes.code_at_step(key, step)


def sign_in(client, user) -> None:
    if user.role in MFA_REQUIRED_ROLES and not is_enrolled(user):
        enrol(user)
    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"].endswith("/login/code"):
        answer_code(client, next_code(user))


def answer_code(client, code: str):
    response = client.post(
        "/login/code", data={"code": code, "csrf_token": csrf_token(client, "/login/code")}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def signed_in_as(client, role: str, **overrides):
    user = make_user(role=role, **overrides)
    db.session.commit()
    sign_in(client, user)
    return user
