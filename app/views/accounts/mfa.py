"""Each user's authenticator app (/account/mfa), and an admin's reset of another's."""

import segno
from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from markupsafe import Markup

from app.forms.accounts.mfa import ResetForm, SetupForm
from app.services import NotFound, ServiceError
from app.services.accounts.mfa import MFA_REQUIRED_ROLES, enrolment, resets
from app.time import utc_now

bp = Blueprint("mfa", __name__)
# The sealed secret being set up, in the visitor's cookie session until its code confirms it.
SETUP_KEY = "mfa_setup"


def qr_svg(uri: str) -> Markup:
    """The otpauth address as an inline SVG QR code, drawn here: the secret never goes to a
    third-party QR service, and the page needs no script or data: image."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, title="QR code for your authenticator")
    # Markup is safe here: segno writes the SVG itself, from nothing but the QR's modules.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@bp.get("/account/mfa")
def account():
    return render_template(
        "mfa/account.html",
        enrolled=enrolment.is_enrolled(current_user.id),
        left=enrolment.recovery_codes_left(current_user.id),
        required=current_user.role in MFA_REQUIRED_ROLES,
    )


@bp.route("/account/mfa/setup", methods=["GET", "POST"])
def setup():
    now = utc_now()
    form = SetupForm()
    if form.validate_on_submit():
        try:
            recovery = enrolment.enrol(now, current_user.id, session.get(SETUP_KEY),
                                       form.code.data)  # fmt: skip
        except ServiceError as error:
            form.code.errors.append(error.message)
        else:
            session.pop(SETUP_KEY, None)
            return render_template("mfa/recovery_codes.html", recovery=recovery,
                                   continue_to=url_for("mfa.account"))  # fmt: skip
    pending = enrolment.pending_enrolment(now, current_user.id, session.get(SETUP_KEY))
    session[SETUP_KEY] = pending.sealed
    required = current_user.role in MFA_REQUIRED_ROLES
    return render_template("mfa/setup.html", form=form, pending=pending, qr=qr_svg(pending.uri),
                           required=required)  # fmt: skip


@bp.route("/users/<int:user_id>/mfa/reset", methods=["GET", "POST"])
def reset(user_id: int):
    form = ResetForm()
    try:
        page = resets.reset_page(current_user, user_id)
    except NotFound:
        abort(404)
    error = None
    if form.validate_on_submit():
        try:
            user = resets.reset_by_admin(utc_now(), current_user, user_id)
        except ServiceError as refused:
            error = refused.message
        else:
            flash(f"{user.name}'s authenticator app was reset: they set up a new one when they "
                  "next sign in.", "success")  # fmt: skip
            return redirect(url_for("mfa.reset", user_id=user_id))
    return render_template("mfa/reset.html", form=form, page=page, error=error)
