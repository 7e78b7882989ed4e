"""Setting a password through a one-time link (public: the link's token is the credential, and
an unknown, used or expired one is 'not found' alike)."""

from flask import Blueprint, flash, redirect, render_template, url_for

from app.forms.accounts.users import SetPasswordForm
from app.services import NotFound, ServiceError
from app.services.accounts import password_links as service
from app.time import utc_now
from app.views._listing import attach_error

bp = Blueprint("passwords", __name__)
# The token is in the address: never cached, never passed on in a Referer header.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    form = SetPasswordForm()
    try:
        user = service.check(utc_now(), token)
        if form.validate_on_submit():
            service.set_password(utc_now(), token, form.password.data or "",
                                 form.confirm.data or "")  # fmt: skip
            flash("Your password is set: sign in with it.", "success")
            return redirect(url_for("auth.login"))
    except NotFound as error:
        return render_template("passwords/closed.html", message=error.message), 404, HEADERS
    except ServiceError as error:
        attach_error(form, error)
    status = 400 if form.is_submitted() else 200
    return render_template("passwords/set.html", form=form, user=user), status, HEADERS
