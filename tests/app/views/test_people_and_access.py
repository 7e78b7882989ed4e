"""People and access, as an admin and a leaver see them: a disabled account's session, API token
and calendar feed stop working on the very next request; new accounts and resets get a one-time
link; an admin cannot lock themselves out; bad input changes nothing."""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, PasswordResetToken, User, UserSession
from app.models.accounts.api_tokens import ApiToken
from app.services.accounts import auth
from tests.app.auth_helpers import csrf_token, sign_in, signed_in_as
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import make_chair, make_user

MEETINGS = "/api/v1/meetings?from=2026-03-02&to=2026-03-06"
LINK = re.compile(r"https?://[^/\s<\"]+/set-password/([A-Za-z0-9_-]+)")
FEED_URL = re.compile(r"https?://[^/\s<\"]+(/feeds/[A-Za-z0-9_-]+\.ics)")


def _post(client, path: str, page: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def _leaver(app, client):
    """A chair signed in on `client`, with an API token and a live calendar feed."""
    chair = make_chair()
    chair.user = make_user(role="chair")
    db.session.commit()
    sign_in(client, chair.user)
    page = _post(client, "/feeds/mine", "/feeds").get_data(as_text=True)
    feed = FEED_URL.search(page).group(1)
    token = make_token(chair.user)
    assert client.get("/meetings").status_code == 200
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 200
    assert client.get(feed).status_code == 200
    return chair, token, feed


def _admin_client(app):
    """A second browser (the `client` fixture makes each an isolated one)."""
    admin_client = app.test_client()
    signed_in_as(admin_client, "admin")
    return admin_client


def _locked_out(client, token: str, feed: str) -> None:
    response = client.get("/meetings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 401
    assert client.get(feed).status_code == 404


def test_disabling_a_user_ends_their_session_token_and_feed_at_once(app, client):
    chair, token, feed = _leaver(app, client)
    admin = _admin_client(app)

    response = _post(admin, f"/users/{chair.user.id}/disable", f"/users/{chair.user.id}")

    assert response.status_code == 302
    _locked_out(client, token, feed)
    user = db.session.get(User, chair.user_id)
    assert not user.active
    assert db.session.scalar(select(func.count()).select_from(UserSession)
                             .where(UserSession.user_id == user.id)) == 0  # fmt: skip
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"user.disabled", "user.sessions_ended", "api_token.revoke", "feed.revoke"} <= actions


def test_retiring_a_chair_locks_out_their_linked_account_at_once(app, client):
    chair, token, feed = _leaver(app, client)
    admin = app.test_client()
    signed_in_as(admin, "manager")  # chairs are staff pages: a manager may retire one

    response = _post(admin, f"/chairs/{chair.id}/retire", f"/chairs/{chair.id}")

    assert response.status_code == 302
    _locked_out(client, token, feed)
    assert not db.session.get(User, chair.user_id).active


def test_a_disabled_user_cannot_sign_in_again(app, client):
    chair, _, _ = _leaver(app, client)
    admin = _admin_client(app)
    _post(admin, f"/users/{chair.user.id}/disable", f"/users/{chair.user.id}")
    fresh = app.test_client()
    response = fresh.post("/login", data={"email": chair.user.email, "password": "x" * 30,
                                          "csrf_token": csrf_token(fresh)})  # fmt: skip
    assert response.status_code == 200  # the form again, not a redirect into Quorum


def test_revoking_sessions_signs_the_user_out_and_revoking_tokens_ends_them(app, client):
    chair, token, feed = _leaver(app, client)
    admin = _admin_client(app)
    page = f"/users/{chair.user.id}"

    assert _post(admin, f"{page}/revoke-sessions", page).status_code == 302
    response = client.get("/meetings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 200  # tokens untouched

    assert _post(admin, f"{page}/revoke-tokens", page).status_code == 302
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 401
    assert db.session.get(User, chair.user_id).active  # neither disables the account


def test_a_new_user_sets_their_own_password_through_a_one_time_link(app, client):
    admin = _admin_client(app)
    response = _post(admin, "/users/new", "/users/new", name="Pat Example",
                     email="Pat@Example.org", role="manager")  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = LINK.search(response.get_data(as_text=True)).group(1)
    user = db.session.scalar(select(User).where(User.email == "pat@example.org"))
    assert user.role == "manager" and auth.authenticate(user.email, token) is None
    assert db.session.scalar(select(PasswordResetToken.token_hash)) != token  # only a hash

    page = client.get(f"/set-password/{token}")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    done = _post(client, f"/set-password/{token}", f"/set-password/{token}",
                 password="a brand new passphrase", confirm="a brand new passphrase")  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert auth.authenticate("pat@example.org", "a brand new passphrase") is not None
    assert client.get(f"/set-password/{token}").status_code == 404  # used once


def test_a_reset_link_expires_after_a_day(app, client):
    admin = _admin_client(app)
    user = make_user(role="manager")
    db.session.commit()
    response = _post(admin, f"/users/{user.id}/reset-password", f"/users/{user.id}")
    token = LINK.search(response.get_data(as_text=True)).group(1)
    assert client.get(f"/set-password/{token}").status_code == 200
    expires = db.session.scalar(select(PasswordResetToken.expires_at))
    assert timedelta(hours=23) < expires - db.session.scalar(
        select(PasswordResetToken.created_at)) <= timedelta(hours=24)  # fmt: skip
    with time_machine.travel(expires, tick=False):
        assert client.get(f"/set-password/{token}").status_code == 404


def test_a_mismatched_password_sets_nothing_and_keeps_the_link(app, client):
    user = make_user(role="manager")
    db.session.commit()
    admin = _admin_client(app)
    response = _post(admin, f"/users/{user.id}/reset-password", f"/users/{user.id}")
    token = LINK.search(response.get_data(as_text=True)).group(1)
    before = db.session.get(User, user.id).password_hash

    bad = _post(client, f"/set-password/{token}", f"/set-password/{token}",
                password="a brand new passphrase", confirm="another passphrase")  # fmt: skip

    assert bad.status_code == 400 and "do not match" in bad.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash == before
    assert client.get(f"/set-password/{token}").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Pat", "email": "not-an-email", "role": "admin"}, "email"),
        ({"name": "", "email": "pat@example.org", "role": "admin"}, "name"),
        ({"name": "Pat", "email": "pat@example.org", "role": "superuser"}, "role"),
        ({"name": "Pat", "email": "pat@example.org"}, "role"),
    ],
)
def test_a_bad_new_user_is_refused_naming_the_field_and_nothing_is_added(app, client, data, field):
    admin = _admin_client(app)
    users_before = db.session.scalar(select(func.count()).select_from(User))
    response = _post(admin, "/users/new", "/users/new", **data)
    assert response.status_code == 400
    assert f'href="#{field}' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before


def test_an_admin_cannot_disable_or_demote_themselves(app, client):
    me = signed_in_as(client, "admin")
    page = f"/users/{me.id}"
    disabled = _post(client, f"{page}/disable", page)
    demoted = _post(client, f"{page}/role", page, role="chair")
    assert disabled.status_code == 400 and "your own account" in disabled.get_data(as_text=True)
    assert demoted.status_code == 400 and "your own role" in demoted.get_data(as_text=True)
    me = db.session.get(User, me.id)
    assert me.active and me.role == "admin"
    assert client.get("/users").status_code == 200  # still signed in, still an admin


def test_an_admin_changes_another_users_role(app, client):
    signed_in_as(client, "admin")
    other = make_user(role="manager")
    db.session.commit()
    response = _post(client, f"/users/{other.id}/role", f"/users/{other.id}", role="admin")
    assert response.status_code == 302
    assert db.session.get(User, other.id).role == "admin"


def test_the_list_shows_role_status_last_sign_in_and_linked_chair(app, client):
    chair = make_chair(name="Chair Linked")
    chair.user = make_user(role="chair", name="Casey Chair")
    db.session.commit()
    sign_in(app.test_client(), chair.user)
    signed_in_as(client, "admin")
    page = client.get("/users").get_data(as_text=True)
    row = page[page.index("Casey Chair") :]
    row = row[: row.index("</tr>")]
    assert "Chair Linked" in row and "Active" in row and "Never" not in row


def test_api_tokens_page_shows_a_user_their_own_and_an_admin_every_one(app, client):
    mine, theirs = make_user(role="manager"), make_user(role="manager")
    make_token(mine), make_token(theirs)
    their_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == theirs.id))
    sign_in(client, mine)
    assert client.get("/api-tokens").get_data(as_text=True).count("Revoke API token") == 1
    refused = _post(client, f"/api-tokens/{their_id}/revoke", "/api-tokens")
    assert refused.status_code == 404
    assert db.session.get(ApiToken, their_id).revoked_at is None

    admin = _admin_client(app)
    assert admin.get("/api-tokens").get_data(as_text=True).count("Revoke API token") == 2
    assert _post(admin, f"/api-tokens/{their_id}/revoke", "/api-tokens").status_code == 302
    assert db.session.get(ApiToken, their_id).revoked_at is not None


def test_a_chair_account_page_says_why_it_is_not_linked(app, client):
    signed_in_as(client, "admin")
    lonely = make_user(role="chair", email="lonely@example.org")
    chair = make_chair(email="shared@example.org", name="Chair Shared")
    chair.user = make_user(role="chair", email="other@example.org")
    wanting = make_user(role="chair", email="shared@example.org")
    db.session.commit()
    lonely_page = client.get(f"/users/{lonely.id}").get_data(as_text=True)
    assert "No chair has the email lonely@example.org" in lonely_page
    page = client.get(f"/users/{wanting.id}").get_data(as_text=True)
    assert "Chair Shared, is linked to another account (other@example.org)" in page


def test_an_admin_makes_an_api_token_shown_once_that_works_at_once(app, client):
    admin = signed_in_as(client, "admin")
    integration = make_user(role="admin", email="case-export@example.org")
    db.session.commit()
    made = {"email": "Case-Export@example.org", "name": "case system export", "days": "30"}
    response = _post(client, "/api-tokens/new", "/api-tokens/new", **made)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # not kept by the browser
    shown = re.search(
        r'<code id="new-token">([A-Za-z0-9_-]+)</code>', response.get_data(as_text=True)
    )
    token = shown.group(1)
    row = db.session.scalars(select(ApiToken)).one()
    assert (row.user_id, row.name, (row.expires_at - row.created_at).days) == (
        integration.id, "case system export", 30)  # fmt: skip
    assert token not in str(row.token_hash)  # only its hash is kept
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 200
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api_token.create"))
    assert audited.one().actor_id == admin.id
    assert token not in client.get("/api-tokens").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nobody@example.org", "days": "90"}, "No user has the email"),
        ({"email": "case-export@example.org", "days": "ninety"}, "as a number from 1 to 365"),
        ({"email": "case-export@example.org", "days": "366"}, "from 1 to 365 days"),
    ],
)
def test_a_bad_api_token_request_is_named_and_makes_nothing(app, client, data, message):
    signed_in_as(client, "admin")
    make_user(role="admin", email="case-export@example.org")
    db.session.commit()
    response = _post(client, "/api-tokens/new", "/api-tokens/new", **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_only_an_admin_makes_api_tokens(app, client):
    signed_in_as(client, "manager")
    assert client.get("/api-tokens/new").status_code == 403
    assert "Make an API token" not in client.get("/api-tokens").get_data(as_text=True)
