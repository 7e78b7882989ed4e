"""An admin resets another user's authenticator app (never their own); the command line does
it when no admin can sign in. Both end the user's sessions and are audited."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, MfaRecoveryCode, UserMfa, UserSession
from tests.app.auth_helpers import csrf_token, enrol, sign_in
from tests.app.factories.rows import make_user


def _count(model, user) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.user_id == user.id)
    )


def _resets() -> list[tuple[int | None, str, str]]:
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.mfa_reset"))
    return [(row.actor_id, row.object_id, row.detail) for row in rows]


def test_an_admin_resets_another_users_authenticator_and_signs_them_out(app, client):
    admin, lost_phone = make_user(role="admin"), make_user(role="manager")
    db.session.commit()
    sign_in(app.test_client(), lost_phone)  # a session elsewhere, which the reset ends
    sign_in(client, admin)
    assert _count(UserSession, lost_phone) == 1
    page = client.get(f"/users/{lost_phone.id}/mfa/reset").get_data(as_text=True)
    assert "Reset their authenticator app" in page
    response = client.post(
        f"/users/{lost_phone.id}/mfa/reset",
        data={"csrf_token": csrf_token(client, f"/users/{lost_phone.id}/mfa/reset")},
    )
    assert response.status_code == 302
    assert _count(UserMfa, lost_phone) == 0
    assert _count(MfaRecoveryCode, lost_phone) == 0
    assert _count(UserSession, lost_phone) == 0
    assert _resets() == [(admin.id, str(lost_phone.id), "by an admin")]


def test_an_admin_cannot_reset_their_own_authenticator(client):
    admin = make_user(role="admin")
    db.session.commit()
    sign_in(client, admin)
    url = f"/users/{admin.id}/mfa/reset"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 200
    assert "You cannot reset your own authenticator" in response.get_data(as_text=True)
    assert _count(UserMfa, admin) == 1 and _count(MfaRecoveryCode, admin) == 10
    assert _resets() == []


def test_resetting_an_unknown_user_is_not_found(client):
    sign_in(client, make_user(role="admin"))
    url = "/users/99999/mfa/reset"
    assert client.get(url).status_code == 404


def test_a_user_without_an_authenticator_has_nothing_to_reset(client):
    admin, chair = make_user(role="admin"), make_user(role="chair")
    db.session.commit()
    sign_in(client, admin)
    url = f"/users/{chair.id}/mfa/reset"
    assert "has no authenticator app set up" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert "has no authenticator app set up" in response.get_data(as_text=True)
    assert _resets() == []


def test_a_manager_cannot_reset_anyones_authenticator(client):
    manager, chair = make_user(role="manager"), make_user(role="chair")
    db.session.commit()
    enrol(chair)
    sign_in(client, manager)
    url = f"/users/{chair.id}/mfa/reset"
    assert client.post(url, data={"csrf_token": csrf_token(client, "/")}).status_code == 403
    assert _count(UserMfa, chair) == 1


def test_the_command_line_resets_an_authenticator_for_break_glass(runner):
    admin = make_user(role="admin", email="only.admin@example.org")
    db.session.commit()
    enrol(admin)
    result = runner.invoke(args=["users", "reset-mfa", "Only.Admin@example.org"])
    assert result.exit_code == 0, result.output
    assert _count(UserMfa, admin) == 0 and _count(MfaRecoveryCode, admin) == 0
    assert _resets() == [(None, str(admin.id), "from the command line")]
    again = runner.invoke(args=["users", "reset-mfa", "only.admin@example.org"])
    assert again.exit_code != 0 and "has no authenticator app set up" in again.output
    unknown = runner.invoke(args=["users", "reset-mfa", "nobody@example.org"])
    assert unknown.exit_code != 0 and "No account has the email" in unknown.output
