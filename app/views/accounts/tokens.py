"""API tokens: each user sees and revokes their own; an admin sees and revokes every one.
Tokens are made with `quorum tokens create` (shown once there)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.services import ServiceError
from app.services.accounts import api_tokens as service
from app.time import utc_now
from app.views._listing import found, use_reference_helpers

bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")
use_reference_helpers(bp)


@bp.get("")
def index():
    return render_template("api_tokens/index.html", tokens=service.list_tokens(current_user),
                           now=utc_now(), live=service.is_live)  # fmt: skip


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    try:
        row = found(service.revoke_token, utc_now(), token_id, current_user)
    except ServiceError as error:
        abort(400, error.message)
    flash(f"API token {row.id} is revoked: it no longer works.", "success")
    return redirect(url_for(".index"))
