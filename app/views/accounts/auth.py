"""Sign in (the password, then for a user with an authenticator app its code) and sign out.

Between the two steps nothing is signed in: the visitor's cookie session holds only who they
said they were and since when (PENDING_KEY), for QUORUM_MFA_PENDING_SECONDS.
"""

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
from app.forms.accounts.auth import LoginForm
from app.forms.accounts.mfa import SetupForm, SignInCodeForm
from app.services import ServiceError
from app.services.accounts import auth
from app.services.accounts.mfa import checking, enrolment
from app.time import utc_now
from app.views.accounts.mfa import SETUP_KEY, qr_svg

bp = Blueprint("auth", __name__)
SESSION_TOKEN_KEY = "sid"
PENDING_KEY = "half_signed_in"
# A path's printable characters, without a backslash, whitespace or control character.
LOCAL_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#\[\]]*")


def _login_rate_limit() -> str:
    return current_app.config["QUORUM_LOGIN_RATE_LIMIT"]


def _account_rate_limit() -> str:
    return current_app.config["QUORUM_LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account an attempt is for, so guesses from many addresses still add up."""
    return "account:" + auth.normalise_email(request.form.get("email", ""))[:254]


def _pending_account_key() -> str:
    """The account a code is for: failed codes are limited like failed passwords."""
    pending = session.get(PENDING_KEY) or {}
    return f"mfa:{pending.get('user', '')}"


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
            step = enrolment.second_step(user)
            if step is None:
                return _signed_in(user.id, auth.start_session(utc_now(), user))
            now = int(utc_now().timestamp())
            session[PENDING_KEY] = {"user": user.id, "since": now, "step": step,
                                    "next": request.args.get("next") or ""}  # fmt: skip
            return redirect(url_for("auth.login_code" if step == "code" else "auth.login_setup"))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_rate_limit, methods=["POST"], key_func=_pending_account_key,
               deduct_when=_failed)  # fmt: skip
def login_code():
    user_id = _pending_user("code")
    if user_id is None:
        return _start_again()
    form = SignInCodeForm()
    if form.validate_on_submit():
        token = checking.finish_sign_in(utc_now(), user_id, form.code.data,
                                        request.remote_addr or "")  # fmt: skip
        if token is not None:
            return _signed_in(user_id, token)
        form.code.errors.append("Enter the code your authenticator app shows now, "
                                "or one of your unused recovery codes")  # fmt: skip
    return render_template("auth/code.html", form=form)


@bp.route("/login/setup", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_rate_limit, methods=["POST"], key_func=_pending_account_key,
               deduct_when=_failed)  # fmt: skip
def login_setup():
    """An admin or manager without an authenticator app sets one up before anything else."""
    user_id = _pending_user("setup")
    if user_id is None:
        return _start_again()
    now = utc_now()
    form = SetupForm()
    if form.validate_on_submit():
        try:
            recovery, token = enrolment.enrol_and_sign_in(now, user_id, session.get(SETUP_KEY),
                                                          form.code.data)  # fmt: skip
        except ServiceError as error:
            form.code.errors.append(error.message)
        else:
            next_page = _begin_session(user_id, token)
            return render_template("mfa/recovery_codes.html", recovery=recovery,
                                   continue_to=next_page)  # fmt: skip
    pending = enrolment.pending_enrolment(now, user_id, session.get(SETUP_KEY))
    session[SETUP_KEY] = pending.sealed
    return render_template("mfa/setup.html", form=form, pending=pending, qr=qr_svg(pending.uri),
                           required=True)  # fmt: skip


def _pending_user(step: str) -> int | None:
    """Who is half signed in with `step` to take, while it is still fresh."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    if pending.get("step") != step:
        return None
    age = utc_now().timestamp() - pending.get("since", 0)
    if not 0 <= age <= int(current_app.config["QUORUM_MFA_PENDING_SECONDS"]):
        return None
    return pending["user"]


def _start_again():
    """No password was given moments ago (or it was too long ago): back to the start."""
    session.pop(PENDING_KEY, None)
    session.pop(SETUP_KEY, None)
    return render_template("auth/start_again.html")


def _signed_in(user_id: int, token: str):
    return redirect(_begin_session(user_id, token))


def _begin_session(user_id: int, token: str) -> str:
    """Give a server-side session just started its cookie (a fresh cookie session: no
    fixation); returns where the visitor was going."""
    next_page = safe_next((session.get(PENDING_KEY) or {}).get("next") or
                           request.args.get("next"))  # fmt: skip
    session.clear()
    session[SESSION_TOKEN_KEY] = token
    user = load_user(str(user_id))
    if user is not None:
        login_user(user)
    return next_page


@bp.post("/logout")
def logout():
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        auth.end_session(utc_now(), token)
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another. Browsers drop tabs and
    newlines from a URL and read a backslash as a slash, so a path with a tab (%09 in the
    query) or a backslash after its first slash could leave the site: such a path, or one with
    a scheme or host, sends the user home instead."""
    if target and LOCAL_PATH.fullmatch(target) and not target.startswith("//"):
        return target
    return url_for("main.dashboard")
