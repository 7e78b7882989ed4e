"""Signing in with a second factor: the code step, recovery codes, replay, throttling, the
half-signed-in state's expiry, and admins and managers held to setting one up."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, MfaRecoveryCode, UserMfa, UserSession
from app.services import ServiceError
from app.services.accounts.mfa import codes, enrolment
from app.time import utc_now
from tests.app.auth_helpers import TEST_AUTHENTICATOR_KEY, csrf_token, enrol
from tests.app.factories.rows import TEST_PASSWORD, make_user

START = "2026-03-02 09:00:10+00:00"


def _password(client, user, path: str = "/login"):
    data = {"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)}
    return client.post(path, data=data)


def _code(client, code: str, address: str = "10.0.0.1"):
    # The token from the sign-in page: the code page has no form once its time is up.
    data = {"code": code, "csrf_token": csrf_token(client)}
    return client.post("/login/code", data=data, environ_base={"REMOTE_ADDR": address})


def _now_code() -> str:
    return codes.code_at_step(TEST_AUTHENTICATOR_KEY, codes.step_at(utc_now()))


def _sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession))


def _sign_out(client) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def _audit(action: str) -> list[str]:
    rows = select(AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(rows))


def test_with_an_authenticator_the_password_alone_starts_no_session(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    response = _password(client, user)
    assert response.headers["Location"] == "/login/code"
    assert _sessions() == 0
    assert "/login" in client.get("/").headers["Location"]  # nothing reachable yet


def test_the_current_code_signs_in_and_goes_where_the_visitor_was_going(client):
    user = make_user(role="manager")
    db.session.commit()
    enrol(user)
    with time_machine.travel(START, tick=False):
        response = client.post(
            "/login?next=/requests",
            data={"email": user.email, "password": TEST_PASSWORD,
                  "csrf_token": csrf_token(client)},
        )  # fmt: skip
        assert response.headers["Location"] == "/login/code"
        response = _code(client, _now_code())
        assert response.status_code == 302 and response.headers["Location"] == "/requests"
        assert _sessions() == 1
        assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_audited_and_starts_no_session(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    with time_machine.travel(START, tick=False):
        _password(client, user)
        wrong = f"{(int(_now_code()) + 1) % 1_000_000:06d}"
        response = _code(client, wrong, "10.9.8.7")
    assert response.status_code == 200
    assert "Enter the code your authenticator app shows now" in response.get_data(as_text=True)
    assert _sessions() == 0
    assert _audit("user.mfa_failed") == ["wrong code; from 10.9.8.7"]


def test_a_code_once_taken_is_refused_within_its_window(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    with time_machine.travel(START, tick=False) as clock:
        code = _now_code()
        _password(client, user)
        assert _code(client, code).status_code == 302
        _sign_out(client)
        clock.shift(timedelta(seconds=15))  # the same 30-second step: the code still "valid"
        _password(client, user)
        response = _code(client, code)
    assert response.status_code == 200
    assert _sessions() == 0
    assert _audit("user.mfa_failed") == ["code already used; from 10.0.0.1"]


def test_a_recovery_code_signs_in_once_and_is_used_up(client):
    user = make_user(role="admin")
    db.session.commit()
    recovery = enrol(user)
    _password(client, user)
    assert _code(client, recovery[3].upper()).status_code == 302
    assert client.get("/").status_code == 200
    _sign_out(client)
    _password(client, user)
    assert _code(client, recovery[3]).status_code == 200
    assert _sessions() == 0
    assert _audit("user.mfa_recovery_code_used") == ["9 left"]
    assert _audit("user.mfa_failed") == ["wrong or used recovery code; from 10.0.0.1"]


def test_failed_codes_are_limited_per_account_like_passwords(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    with time_machine.travel(START, tick=False):
        _password(client, user)
        wrong = f"{(int(_now_code()) + 7) % 1_000_000:06d}"
        statuses = [_code(client, wrong, f"10.0.0.{n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]


def test_the_code_step_expires_and_the_visitor_starts_again_from_the_password(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    with time_machine.travel(START, tick=False) as clock:
        _password(client, user)
        clock.shift(timedelta(seconds=301))
        response = _code(client, _now_code())
    assert response.status_code == 200
    assert "Sign in again" in response.get_data(as_text=True)
    assert _sessions() == 0


def test_the_code_step_without_a_password_first_signs_nobody_in(client):
    user = make_user(role="chair")
    db.session.commit()
    enrol(user)
    response = _code(client, _now_code())
    assert "Sign in again" in response.get_data(as_text=True)
    assert _sessions() == 0


def _setup_key(page: str) -> str:
    match = re.search(r'id="mfa-key">([A-Z2-7]+)<', page)
    assert match, "no key on the setup page"
    return match.group(1)


def test_an_admin_without_an_authenticator_sets_one_up_before_anything_else(client):
    admin = make_user(role="admin")
    db.session.commit()
    with time_machine.travel(START, tick=False):
        assert _password(client, admin).headers["Location"] == "/login/setup"
        assert _sessions() == 0
        assert "/login" in client.get("/requests").headers["Location"]
        page = client.get("/login/setup").get_data(as_text=True)
        assert "<svg" in page  # the QR code, drawn on the server
        key = _setup_key(page)
        assert key == _setup_key(client.get("/login/setup").get_data(as_text=True))
        data = {"code": codes.code_at_step(key, codes.step_at(utc_now())),
                "csrf_token": csrf_token(client, "/login/setup")}  # fmt: skip
        response = client.post("/login/setup", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Your recovery codes" in page
        assert len(re.findall(r'<code class="quorum-secret">[a-z2-9-]{19}</code>', page)) == 10
        assert _sessions() == 1
        assert client.get("/requests").status_code == 200
    assert db.session.get(UserMfa, admin.id) is not None
    assert _audit("user.mfa_enrolled") == [""]


def test_a_wrong_code_at_setup_keeps_nothing(client):
    manager = make_user(role="manager")
    db.session.commit()
    with time_machine.travel(START, tick=False):
        _password(client, manager)
        key = _setup_key(client.get("/login/setup").get_data(as_text=True))
        wrong = f"{(int(codes.code_at_step(key, codes.step_at(utc_now()))) + 1) % 10**6:06d}"
        data = {"code": wrong, "csrf_token": csrf_token(client, "/login/setup")}
        response = client.post("/login/setup", data=data)
    assert response.status_code == 200
    assert "Enter the 6-digit code your authenticator app shows now" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(UserMfa)) == 0
    assert db.session.scalar(select(func.count()).select_from(MfaRecoveryCode)) == 0
    assert _sessions() == 0


def test_a_session_of_an_admin_without_an_authenticator_reaches_only_the_setup_page(client):
    # A chair signed in with a password only, then made an admin: their session is held.
    user = make_user(role="chair")
    db.session.commit()
    assert _password(client, user).status_code == 302
    user.role = "admin"
    db.session.commit()
    response = client.get("/requests")
    assert response.status_code == 302 and response.headers["Location"] == "/account/mfa/setup"
    assert client.get("/account/mfa/setup").status_code == 200


def test_a_chair_may_sign_in_with_a_password_and_set_an_authenticator_up_later(client):
    chair = make_user(role="chair")
    db.session.commit()
    with time_machine.travel(START, tick=False):
        assert _password(client, chair).headers["Location"] == "/"
        page = client.get("/account/mfa").get_data(as_text=True)
        assert "Set up your authenticator app" in page
        key = _setup_key(client.get("/account/mfa/setup").get_data(as_text=True))
        data = {"code": codes.code_at_step(key, codes.step_at(utc_now())),
                "csrf_token": csrf_token(client, "/account/mfa/setup")}  # fmt: skip
        response = client.post("/account/mfa/setup", data=data)
        assert "Your recovery codes" in response.get_data(as_text=True)
        _sign_out(client)
        # The code that confirmed the key is spent; the next step's signs in.
        _password(client, chair)
        assert _code(client, data["code"]).status_code == 200
        assert (
            _code(client, codes.code_at_step(key, codes.step_at(utc_now()) + 1)).status_code == 302
        )


def test_no_secret_or_code_reaches_the_audit_log_or_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    admin = make_user(role="admin")
    db.session.commit()
    with time_machine.travel(START, tick=False) as clock:
        _password(client, admin)
        key = _setup_key(client.get("/login/setup").get_data(as_text=True))
        code = codes.code_at_step(key, codes.step_at(utc_now()))
        data = {"code": code, "csrf_token": csrf_token(client, "/login/setup")}
        page = client.post("/login/setup", data=data).get_data(as_text=True)
        recovery = re.findall(r'<code class="quorum-secret">([a-z2-9-]{19})</code>', page)
        _sign_out(client)
        clock.shift(timedelta(seconds=60))
        _password(client, admin)
        _code(client, "000000")
        _code(client, code)
        _code(client, recovery[0])
    stored = db.session.get(UserMfa, admin.id)
    hashes = set(db.session.scalars(select(MfaRecoveryCode.code_hash)))
    assert key not in stored.secret_sealed and len(hashes) == 10
    assert not {r.replace("-", "") for r in recovery} & hashes
    audit_text = " ".join(f"{e.action} {e.detail}" for e in db.session.scalars(select(AuditEvent)))
    for secret in [key, code, *recovery, *(r.replace("-", "") for r in recovery)]:
        assert secret not in audit_text and secret not in caplog.text


def test_a_password_alone_cannot_swap_an_existing_authenticator_for_a_new_one(client):
    admin = make_user(role="admin")
    db.session.commit()
    enrol(admin)
    sealed_before = db.session.get(UserMfa, admin.id).secret_sealed
    with time_machine.travel(START, tick=False):
        assert _password(client, admin).headers["Location"] == "/login/code"
        page = client.get("/login/setup").get_data(as_text=True)
        assert "Sign in again" in page and 'id="mfa-key"' not in page
        data = {"code": "123456", "csrf_token": csrf_token(client)}
        assert "Sign in again" in client.post("/login/setup", data=data).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(UserMfa, admin.id).secret_sealed == sealed_before
    assert _sessions() == 0


def test_the_setup_step_itself_refuses_a_user_who_has_an_authenticator(app):
    admin = make_user(role="admin")
    db.session.commit()
    enrol(admin)
    now = utc_now()
    pending = enrolment.pending_enrolment(now, admin.id, None)
    code = codes.code_at_step(pending.secret, codes.step_at(now))
    with pytest.raises(ServiceError, match="You have an authenticator app"):
        enrolment.enrol_and_sign_in(now, admin.id, pending.sealed, code)
    assert _sessions() == 0
