"""The managers' queue: agreements asked for when an admin held or booked a meeting out of
timescale, or gave a reason for a vulnerable parent not in the room. Staff see it; only a
manager agrees or refuses (the policy table says so)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.services import ServiceError
from app.services.approvals import approvals as service
from app.views._listing import change

bp = Blueprint("approvals", __name__, url_prefix="/approvals")


@bp.get("")
def index():
    return render_template("approvals/index.html", queue=service.queue())


def _page(error: ServiceError, approval_id: int):
    """The queue again, the refusal named on the approval it was about (nothing changed)."""
    page = render_template("approvals/index.html", queue=service.queue(), error=error,
                           failed_id=approval_id, values=request.form)  # fmt: skip
    return page, 400


@bp.post("/<int:approval_id>/agree")
def agree(approval_id: int):
    try:
        approval = change(service.agree, approval_id)
    except ServiceError as error:
        return _page(error, approval_id)
    kept_on = "request" if approval.kind == service.OVERRIDE else "meeting"
    flash(f"Agreed: your name is kept on the {kept_on}.", "success")
    return _back()


@bp.post("/<int:approval_id>/refuse")
def refuse(approval_id: int):
    try:
        change(service.refuse, approval_id, request.form.get("refusal_reason", ""))
    except ServiceError as error:
        return _page(error, approval_id)
    flash("Refused: the reason is shown on the request, and the admin is asked to act on it.",
          "success")  # fmt: skip
    return _back()


def _back():
    """To the start page when decided there, otherwise to the queue."""
    return redirect(url_for("main.dashboard" if request.form.get("back") == "home" else ".index"))
