"""Sign-in: argon2id hashes, CSRF, rate limiting, server-side sessions with timeouts."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, User, UserSession
from tests.app.auth_helpers import csrf_token, sign_in, signed_in_as
from tests.app.factories.rows import TEST_PASSWORD, make_user

START = "2026-03-02 09:00:00+00:00"


def test_passwords_are_stored_as_argon2id_hashes(app, runner):
    result = runner.invoke(args=["users", "create", "--role", "admin", "new@example.org"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.password_hash.startswith("$argon2id$")
    password = result.output.split("Password (shown once): ")[1].strip()
    assert password not in user.password_hash


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    user = make_user()
    db.session.commit()
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": "not the password",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_a_login_without_its_csrf_token_is_rejected(client):
    client.application.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def _attempt(client, email: str, password: str = "wrong password!", address: str = "10.0.0.1"):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address}).status_code


def test_failed_sign_ins_at_one_account_are_limited_from_any_address(client):
    user = make_user()
    db.session.commit()
    addresses = [f"10.0.0.{n}" for n in range(1, 7)]
    statuses = [_attempt(client, user.email, address=a) for a in addresses]
    assert statuses == [200] * 5 + [429]
    # Another account from the same addresses is not held back.
    other = make_user()
    db.session.commit()
    assert _attempt(client, other.email, TEST_PASSWORD, "10.0.0.1") == 302


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(client):
    client.application.config["QUORUM_LOGIN_RATE_LIMIT"] = "3 per minute"
    statuses = [_attempt(client, f"nobody{n}@example.org") for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_only_failures_count_so_a_user_who_signs_in_is_not_held_back(client):
    user = make_user(role="chair")  # password only: the code step has its own tests
    db.session.commit()
    for _ in range(4):
        assert _attempt(client, user.email) == 200
    for _ in range(3):
        assert _attempt(client, user.email, TEST_PASSWORD) == 302
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert _attempt(client, user.email) == 200  # the fifth failure: still let through


def test_a_failed_sign_in_is_audited_with_why_and_where_from_never_the_password(client):
    user = make_user()
    db.session.commit()
    _attempt(client, user.email, "Secret guess 1", "10.1.2.3")
    _attempt(client, "nobody@example.org", "Secret guess 2", "10.1.2.4")
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.sign_in_failed").order_by(AuditEvent.id)
    ).all()
    assert [(r.object_id, r.detail) for r in rows] == [
        (str(user.id), "wrong password; from 10.1.2.3"),
        ("", "no such account; from 10.1.2.4"),
    ]
    assert not any("Secret guess" in r.detail or "nobody@" in r.detail for r in rows)


def test_behind_the_councils_proxy_each_client_is_counted_by_its_own_address(app):
    app.config.update(QUORUM_PROXY_HOPS=1, QUORUM_LOGIN_RATE_LIMIT="2 per minute")
    from app import _behind_proxies

    _behind_proxies(app)
    client = app.test_client()
    statuses = []
    for client_address in ("192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3"):
        data = {"email": "nobody@example.org", "password": "x" * 12,
                "csrf_token": csrf_token(client)}  # fmt: skip
        statuses.append(client.post("/login", data=data, headers={
            "X-Forwarded-For": client_address}).status_code)  # fmt: skip
    # All four come from the proxy's one address; two clients' two attempts each pass.
    assert statuses == [200, 200, 200, 200]


def test_signing_in_starts_a_new_server_side_session_each_time(client):
    user = make_user()
    db.session.commit()
    sign_in(client, user)
    first = db.session.scalars(select(UserSession.token_hash)).all()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, user)
    second = db.session.scalars(select(UserSession.token_hash)).all()
    assert len(first) == len(second) == 1
    assert first != second


def test_after_logout_the_old_session_cookie_no_longer_signs_anyone_in(client):
    signed_in_as(client, "admin")
    cookie = client.get_cookie("session").value
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    client.set_cookie("session", cookie)  # replay the cookie captured while signed in
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_a_session_ends_after_thirty_minutes_idle(client):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_as(client, "admin")
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity keeps it alive
        clock.shift(timedelta(minutes=31))
        assert client.get("/").status_code == 302


def test_a_session_ends_after_ten_hours_however_active(client):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_as(client, "admin")
        for _ in range(20):
            clock.shift(timedelta(minutes=29))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=29))  # 10 h 9 min after sign-in
        assert client.get("/").status_code == 302


def test_signing_in_and_out_is_audited(client):
    user = signed_in_as(client, "manager")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["user.signed_in", "user.signed_out"]


@pytest.mark.parametrize(
    "target",
    ["//evil.example.com/", "/%09/evil.example", "/%5Cevil.example", "https://evil.example/",
     "/\\evil.example", "/%0a/evil.example", "evil.example", "javascript:alert(1)"],
)  # fmt: skip
def test_a_next_parameter_never_redirects_to_another_site(client, target):
    user = make_user(role="chair")  # password only; with a code: tests of the code step
    db.session.commit()
    response = client.post(
        f"/login?next={target}",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/"


def test_a_next_parameter_to_a_page_here_is_followed(client):
    user = make_user(role="chair")  # password only; with a code: tests of the code step
    db.session.commit()
    response = client.post(
        "/login?next=/requests%3Fstatus%3Dopen",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/requests?status=open"
