"""Sign in and sign out."""

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


def _login_rate_limit() -> str:
    return current_app.config["QUORUM_LOGIN_RATE_LIMIT"]


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
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data, form.password.data)
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
    """Only local paths: never an open redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.dashboard")
