"""API tokens: each user sees and revokes their own; an admin sees and revokes every one, and
makes new ones here (or with `quorum tokens create`). A new token is shown once, in the page
that made it: only its hash is kept."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.forms.accounts.users import NewApiTokenForm
from app.services import ServiceError
from app.services.accounts import api_tokens as service
from app.time import utc_now
from app.views._listing import attach_error, form_page, found
from app.views.accounts.users import SECRET_HEADERS

bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")


@bp.get("")
def index():
    return render_template("api_tokens/index.html", tokens=service.list_tokens(current_user),
                           now=utc_now(), live=service.is_live)  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = NewApiTokenForm()
    if form.validate_on_submit():
        try:
            row, token = service.create_token(utc_now(), form.email.data or "",
                                              form.name.data or "", _days(form.days.data),
                                              actor_id=current_user.id)  # fmt: skip
        except ServiceError as error:
            attach_error(form, error)
        else:
            page = render_template("api_tokens/made.html", row=row, token=token)
            return page, 200, SECRET_HEADERS
    return form_page("api_tokens/new.html", form, max_days=service.MAX_DAYS)


def _days(text: str | None) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        raise ServiceError(
            f"Enter how many days it works for, as a number from 1 to {service.MAX_DAYS}.",
            "days",
        ) from None


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    try:
        row = found(service.revoke_token, utc_now(), token_id, current_user)
    except ServiceError as error:
        abort(400, error.message)
    flash(f"API token {row.id} is revoked: it no longer works.", "success")
    return redirect(url_for(".index"))
