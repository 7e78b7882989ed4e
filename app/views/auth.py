"""Sign in and sign out."""

import re

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from app.database import forget_bookkeeping_commit
from app.extensions import limiter, login_manager
from app.forms.auth import LoginForm
from app.services.accounts import auth
from app.time import utc_now

bp = Blueprint("auth", __name__)
SESSION_TOKEN_KEY = "sid"
# A path's printable characters, without a backslash, whitespace or control character.
LOCAL_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#\[\]]*")


def _login_rate_limit() -> str:
    return current_app.config["QUORUM_LOGIN_RATE_LIMIT"]


def _account_rate_limit() -> str:
    return current_app.config["QUORUM_LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account an attempt is for, so guesses from many addresses still add up."""
    return "account:" + auth.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    """Only failed attempts count: someone who signs in is not held back by their typos."""
    return response.status_code != 302


@login_manager.user_loader
def load_user(user_id: str):
    token = session.get(SESSION_TOKEN_KEY)
    if not token:
        return None
    config = current_app.config
    user = auth.resume_session(
        utc_now(), token, config["QUORUM_SESSION_IDLE"], config["QUORUM_SESSION_ABSOLUTE"]
    )
    forget_bookkeeping_commit()
    if user is None or str(user.id) != user_id:
        session.clear()
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_rate_limit, methods=["POST"], key_func=_account_key,
               deduct_when=_failed)  # fmt: skip
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = auth.sign_in_attempt(utc_now(), form.email.data, form.password.data,
                                    request.remote_addr or "")  # fmt: skip
        if user is not None:
            # A fresh cookie session and a fresh server-side token: no fixation.
            session.clear()
            session[SESSION_TOKEN_KEY] = auth.start_session(utc_now(), user)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        auth.end_session(utc_now(), token)
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another. Browsers drop tabs and
    newlines from a URL and read a backslash as a slash, so a path with a tab (%09 in the
    query) or a backslash after its first slash could leave the site: such a path, or one with
    a scheme or host, sends the user home instead."""
    if target and LOCAL_PATH.fullmatch(target) and not target.startswith("//"):
        return target
    return url_for("main.dashboard")
