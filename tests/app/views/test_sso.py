"""Single sign-on end to end against a real OpenID provider on loopback (tests/oidc_provider.py):
Quorum's pages through the Flask test client, the provider's own sign-in and consent pages
through requests, as a browser would go between them."""

import base64
import json
import re
from contextlib import contextmanager
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import AuditEvent, User, UserSession
from tests.app.auth_helpers import csrf_token
from tests.app.conftest import TEST_DATABASE_URL, IsolatedClient, _config, _truncate_all
from tests.app.factories.rows import make_user
from tests.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    PUBLIC_URL,
    ROLE_MAP,
    provider_on_loopback,
    sign_in_at_provider,
)

COUNCIL_BUTTON = "Sign in with your council account"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    with provider_on_loopback(tmp_path_factory.mktemp("oidc")) as provider:
        yield provider


def _sso_config(database_url: str, issuer: str) -> dict:
    return {
        **_config(database_url),
        "QUORUM_PUBLIC_URL": PUBLIC_URL,
        "QUORUM_OIDC_ISSUER": issuer,
        "QUORUM_OIDC_CLIENT_ID": CLIENT_ID,
        "QUORUM_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "QUORUM_OIDC_ROLE_MAP": ROLE_MAP,
    }


@contextmanager
def _sso_app(database_url: str, issuer: str):
    app = create_app(_sso_config(database_url, issuer))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        if TEST_DATABASE_URL:
            _truncate_all()
        db.engine.dispose()


@pytest.fixture
def app(database_url, oidc_provider):
    """The test app with single sign-on through the provider on loopback."""
    with _sso_app(database_url, oidc_provider.issuer) as app:
        yield app


def _start(client) -> str:
    response = client.get("/login/sso")
    assert response.status_code == 302
    return response.headers["Location"]


def _sign_in(client, login: str):
    """Quorum's callback answered, after the person signed in at the provider as `login`."""
    callback = sign_in_at_provider(_start(client), login)
    return client.get(callback.removeprefix(PUBLIC_URL))


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _sign_out(client) -> None:
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and not _signed_in(client)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_sign_in_page_offers_the_council_account(client):
    assert COUNCIL_BUTTON in client.get("/login").get_data(as_text=True)


def test_single_sign_on_is_off_unless_the_issuer_is_set(database_url):
    app = create_app(_config(database_url))
    client = app.test_client()
    assert COUNCIL_BUTTON not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_a_mapped_user_signs_in_and_their_account_is_made_from_the_token(client):
    authorize = parse_qs(urlsplit(_start(client)).query)
    assert authorize["code_challenge_method"] == ["S256"] and authorize["code_challenge"]
    assert authorize["state"] and authorize["nonce"]
    assert "openid" in authorize["scope"][0].split()

    response = _sign_in(client, "ada")

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _signed_in(client)
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role) == (
        "ada.admin@testshire.example",
        "Ada Admin",
        "admin",
    )
    assert user.sso_subject == "ada" and user.sso_issuer.startswith("http://127.0.0.1:")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
    assert _actions() == ["user.created", "user.signed_in"]


def test_the_next_sign_in_finds_the_same_account_by_its_subject(client):
    assert _sign_in(client, "ada").status_code == 302
    _sign_out(client)

    assert _sign_in(client, "ada").status_code == 302

    assert _signed_in(client) and _users() == 1


def test_the_role_follows_the_provider_at_each_sign_in(app, client, oidc_provider):
    make_user(role="admin", email="chris@testshire.example", sso_issuer=oidc_provider.issuer,
              sso_subject="chris")  # fmt: skip

    assert _sign_in(client, "chris").status_code == 302

    assert db.session.scalar(select(User)).role == "chair"
    changed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert changed.detail == "admin → chair, from the identity provider"


def test_an_unmapped_user_is_refused_and_no_account_is_made(client):
    response = _sign_in(client, "una")

    assert response.status_code == 403
    assert "not given access to Quorum" in response.get_data(as_text=True)
    assert not _signed_in(client) and _users() == 0
    assert _actions() == ["user.sso_refused"]


def test_a_disabled_user_is_refused(app, client, oidc_provider):
    make_user(role="admin", email="ada.admin@testshire.example", active=False,
              sso_issuer=oidc_provider.issuer, sso_subject="ada")  # fmt: skip

    response = _sign_in(client, "ada")

    assert response.status_code == 403 and "disabled" in response.get_data(as_text=True)
    assert not _signed_in(client)
    assert _actions() == ["user.sso_refused"]


def test_a_local_account_is_not_taken_over_by_its_email(client):
    local = make_user(role="admin", email="pat@testshire.example")

    response = _sign_in(client, "pat")

    assert response.status_code == 403 and not _signed_in(client)
    assert (local.role, local.sso_subject) == ("admin", None)


def test_a_callback_works_once(app):
    first = app.test_client()
    callback = sign_in_at_provider(_start(first), "ada").removeprefix(PUBLIC_URL)
    assert first.get(callback).status_code == 302
    _sign_out(first)

    again = first.get(callback)  # the same browser: its state was used up
    elsewhere = app.test_client().get(callback)  # another browser: it never had that state

    assert again.status_code == elsewhere.status_code == 400
    assert "Sign-in did not complete" in again.get_data(as_text=True)
    assert not _signed_in(first)
    assert _actions().count("user.sso_failed") == 2


def test_a_tampered_state_is_refused(client):
    callback = sign_in_at_provider(_start(client), "ada").removeprefix(PUBLIC_URL)
    tampered = callback.replace("state=", "state=x")

    assert client.get(tampered).status_code == 400
    assert not _signed_in(client) and _users() == 0


def _replace_id_token(app, monkeypatch, id_token: str) -> None:
    """The token endpoint's answer with another ID token in it: what an attacker between the
    two, or a provider gone wrong, would send."""
    oauth_client = app.extensions["quorum_sso"]
    fetch = oauth_client.fetch_access_token

    def with_other_id_token(**params):
        return {**fetch(**params), "id_token": id_token}

    monkeypatch.setattr(oauth_client, "fetch_access_token", with_other_id_token)


def _id_token_of_a_sign_in(app, monkeypatch, login: str) -> str:
    oauth_client = app.extensions["quorum_sso"]
    fetch = oauth_client.fetch_access_token
    seen: list[str] = []

    def keeping(**params):
        token = fetch(**params)
        seen.append(token["id_token"])
        return token

    monkeypatch.setattr(oauth_client, "fetch_access_token", keeping)
    browser = app.test_client()
    callback = sign_in_at_provider(_start(browser), login).removeprefix(PUBLIC_URL)
    assert browser.get(callback).status_code == 302
    monkeypatch.undo()
    return seen[0]


def test_an_id_token_from_another_sign_in_is_refused(app, client, monkeypatch):
    earlier = _id_token_of_a_sign_in(app, monkeypatch, "ada")  # validly signed; another nonce
    _replace_id_token(app, monkeypatch, earlier)

    response = _sign_in(client, "ada")

    assert response.status_code == 400 and not _signed_in(client)
    assert _actions()[-1] == "user.sso_failed"


def _segment(claims: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()


def _claims(id_token: str) -> dict:
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_an_id_token_with_altered_claims_is_refused(app, client, monkeypatch):
    oauth_client = app.extensions["quorum_sso"]
    fetch = oauth_client.fetch_access_token

    def promoting(**params):
        """The provider's own token for this sign-in, its roles altered, its signature kept."""
        token = fetch(**params)
        header, _, signature = token["id_token"].split(".")
        altered = {**_claims(token["id_token"]), "roles": ["Quorum.Admin"]}
        return {**token, "id_token": f"{header}.{_segment(altered)}.{signature}"}

    monkeypatch.setattr(oauth_client, "fetch_access_token", promoting)

    response = _sign_in(client, "una")

    assert response.status_code == 400 and not _signed_in(client) and _users() == 0


def test_an_answer_without_an_id_token_is_refused(app, client, monkeypatch):
    oauth_client = app.extensions["quorum_sso"]
    fetch = oauth_client.fetch_access_token

    def without(**params):
        return {k: v for k, v in fetch(**params).items() if k != "id_token"}

    monkeypatch.setattr(oauth_client, "fetch_access_token", without)

    assert _sign_in(client, "ada").status_code == 400 and not _signed_in(client)


@pytest.mark.db
def test_an_id_token_from_another_issuer_is_refused(database_url, oidc_provider):
    # The same provider, reached under another name: its tokens name 127.0.0.1 as their issuer.
    other_name = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    with _sso_app(database_url, other_name) as app:
        client = app.test_client()

        response = _sign_in(client, "ada")

        assert response.status_code == 400 and not _signed_in(client)
        assert _users() == 0 and _actions() == ["user.sso_failed"]


@pytest.mark.parametrize(
    ("asked", "lands_on"),
    [("/requests?status=open", "/requests?status=open"), ("/\t/evil.example", "/"),
     ("https://evil.example/", "/")],
)  # fmt: skip
def test_the_page_asked_for_before_signing_in_is_where_sign_in_lands(client, asked, lands_on):
    login_page = client.get(f"/login?next={quote(asked, safe='')}").get_data(as_text=True)
    start = unescape(re.search(r'href="(/login/sso[^"]*)"', login_page).group(1))
    response = client.get(start)
    assert response.status_code == 302
    callback = sign_in_at_provider(response.headers["Location"], "ada")
    response = client.get(callback.removeprefix(PUBLIC_URL))
    assert response.status_code == 302 and response.headers["Location"] == lands_on
