"""Sign-in: argon2id hashes, CSRF, rate limiting, server-side sessions with timeouts."""

from datetime import timedelta

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


def test_login_attempts_are_rate_limited(client):
    user = make_user()
    db.session.commit()
    token = csrf_token(client)
    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": "wrong password!", "csrf_token": token}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


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


def test_a_next_parameter_never_redirects_to_another_site(client):
    user = make_user()
    db.session.commit()
    response = client.post(
        "/login?next=//evil.example.com/",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/"
