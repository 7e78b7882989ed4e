"""The Outbox page: what is queued, retrying, failed and sent, and each message as its
recipient would read it (staff only)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.services import ServiceError
from app.services.notifications import outbox_status as service
from app.time import LONDON
from app.views._listing import change, found

bp = Blueprint("outbox", __name__, url_prefix="/outbox")


@bp.app_context_processor
def _delivery_states():
    # The meeting page shows what each recipient was last sent, and how far it got.
    return {"delivery_states": service.delivery_states}


@bp.get("")
def index():
    return render_template(
        "outbox/index.html",
        counts=service.counts(),
        server_problem=service.server_problem(),
        failed=service.messages("failed"),
        retrying=service.retrying_messages(),
        recent=service.messages(),
        london=LONDON,
    )


@bp.get("/<int:outbox_id>")
def show(outbox_id: int):
    message = found(service.readable, outbox_id)
    return render_template("outbox/show.html", message=message, london=LONDON)


@bp.post("/<int:outbox_id>/retry")
def retry(outbox_id: int):
    try:
        change(service.retry_failed, outbox_id)
    except ServiceError as error:
        abort(400, error.message)
    flash("The message will be sent again within a minute.", "success")
    return redirect(url_for(".show", outbox_id=outbox_id))


@bp.post("/retry-failed")
def retry_all_failed():
    requeued = change(service.retry_all_failed)
    if requeued:
        noun = "message" if requeued == 1 else "messages"
        flash(f"{requeued} failed {noun} will be sent again within a minute.", "success")
    else:
        flash("There were no failed messages to send again.", "success")
    return redirect(url_for(".index"))
