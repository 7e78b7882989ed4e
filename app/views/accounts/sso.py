"""Sign in with the council's account: OpenID Connect's authorization code flow (Authlib).

Authlib sends the person to the provider with a fresh state, nonce and PKCE challenge (S256),
kept in the signed session cookie; on the way back it takes them out (so a callback works
once), exchanges the code with the client secret and the PKCE verifier, and checks the ID
token: its signature against the provider's published keys, the issuer (the configured one,
not only the discovery document's), the audience (this client), its expiry and the nonce. Only
then does app.services.accounts.sso decide who may come in.
"""

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2 import OAuth2Error
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from joserfc.errors import JoseError

from app.config import oidc_role_map
from app.services.accounts import sso
from app.time import utc_now
from app.views.accounts.auth import SESSION_TOKEN_KEY, safe_next

bp = Blueprint("sso", __name__)
CALLBACK_PATH = "/login/sso/callback"
_CLIENT = "quorum_sso"  # where the app keeps its provider client (app.extensions)
_NEXT_KEY = "sso_next"  # the local page asked for, kept in the session across the provider


def init_app(app: Flask) -> None:
    """Register the provider's client when single sign-on is on (QUORUM_OIDC_ISSUER set)."""
    issuer = app.config["QUORUM_OIDC_ISSUER"]
    if not issuer:
        return
    oauth = OAuth(app)
    app.extensions[_CLIENT] = oauth.register(
        "council",
        client_id=app.config["QUORUM_OIDC_CLIENT_ID"],
        client_secret=app.config["QUORUM_OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid profile email",
            "code_challenge_method": "S256",
            "default_timeout": 10,  # a provider that does not answer frees the worker
        },
    )


def _client():
    client = current_app.extensions.get(_CLIENT)
    if client is None:
        abort(404)  # single sign-on is off
    return client


def _settings() -> sso.SsoSettings:
    config = current_app.config
    return sso.SsoSettings(
        issuer=config["QUORUM_OIDC_ISSUER"],
        subject_claim=config["QUORUM_OIDC_SUBJECT_CLAIM"],
        roles_claim=config["QUORUM_OIDC_ROLES_CLAIM"],
        role_map=oidc_role_map(config["QUORUM_OIDC_ROLE_MAP"]),
    )


@bp.get("/login/sso")
def start():
    client = _client()
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    # The registered redirect URI, from the configured public address, never the Host header.
    redirect_uri = current_app.config["QUORUM_PUBLIC_URL"].rstrip("/") + CALLBACK_PATH
    session[_NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError):
        sso.failed(utc_now(), "the provider's discovery document could not be read", _address())
        return _did_not_complete()


@bp.get(CALLBACK_PATH)
def callback():
    client = _client()
    issuer = current_app.config["QUORUM_OIDC_ISSUER"]
    try:
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "values": [issuer]}}
        )
    except (OAuthError, OAuth2Error, JoseError, requests.RequestException, ValueError) as error:
        sso.failed(utc_now(), type(error).__name__, _address())
        return _did_not_complete()
    claims = token.get("userinfo")
    if not claims:  # no ID token in the answer: nothing has been vouched for
        sso.failed(utc_now(), "no ID token", _address())
        return _did_not_complete()
    try:
        user, session_token = sso.sign_in(utc_now(), dict(claims), _settings(), _address())
    except sso.SsoRefused as refusal:
        return render_template("sso/refused.html", message=refusal.message), 403
    # A fresh cookie session and a fresh server-side token, as a password sign-in gets; then
    # the page they asked for before signing in (checked again: the cookie is only signed).
    next_page = safe_next(session.get(_NEXT_KEY))
    session.clear()
    session[SESSION_TOKEN_KEY] = session_token
    login_user(user)
    return redirect(next_page)


def _address() -> str:
    return request.remote_addr or ""


def _did_not_complete():
    return render_template("sso/refused.html", message=None), 400
