"""Escalations: a chair's own (raise with an optional theme, dismiss with a reason, mark
resolved); staff see everyone's. Another chair's is 404, as another chair's meeting is."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.models.escalations import ORGANISATIONS, THEMES
from app.services import NotFound, ServiceError
from app.services.escalations import escalations as service
from app.services.requests.rules import type_label
from app.time import format_local, utc_now
from app.views._listing import download_asked, found, send_list

bp = Blueprint("escalations", __name__, url_prefix="/escalations")


@bp.get("")
def index():
    rows = service.list_for(current_user)
    if kind := download_asked():
        columns = ["Meeting (UK time)", "Meeting", "Case", "Professional", "Agency", "Theme",
                   "Chair", "Status"]  # fmt: skip
        table = [[format_local(e.meeting.starts_at), type_label(e.meeting.request.meeting_type),
                  e.meeting.request.case.reference, e.person.name,
                  ORGANISATIONS.get(e.organisation, e.organisation),
                  THEMES.get(e.theme, e.theme), e.chair.name, e.status] for e in rows]  # fmt: skip
        return send_list(kind, "escalations", columns, table)
    return render_template("escalations/index.html", rows=rows, organisations=ORGANISATIONS,
                           themes=THEMES)  # fmt: skip


@bp.get("/<int:escalation_id>")
def show(escalation_id: int):
    return _page(found(service.get_for, current_user, escalation_id))


def _page(escalation, error: ServiceError | None = None, status: int = 200):
    return render_template("escalations/show.html", row=escalation, error=error,
                           organisations=ORGANISATIONS, themes=THEMES,
                           is_chair=current_user.role == "chair"), status  # fmt: skip


def _act(escalation_id: int, action, *args, done: str):
    """Run the chair's action; a refusal is shown on the page (400) and nothing changes."""
    try:
        action(utc_now(), current_user, escalation_id, *args)
    except NotFound:
        abort(404)
    except ServiceError as error:
        return _page(service.get_for(current_user, escalation_id), error, 400)
    flash(done, "success")
    return redirect(url_for(".show", escalation_id=escalation_id))


@bp.post("/<int:escalation_id>/raise")
def raise_it(escalation_id: int):
    return _act(escalation_id, service.raise_escalation, request.form.get("theme", ""),
                done="Raised: it is in your weekly list until you mark it resolved.")  # fmt: skip


@bp.post("/<int:escalation_id>/dismiss")
def dismiss(escalation_id: int):
    return _act(escalation_id, service.dismiss, request.form.get("reason", ""),
                done="Dismissed: it will not be raised.")  # fmt: skip


@bp.post("/<int:escalation_id>/resolve")
def resolve(escalation_id: int):
    return _act(escalation_id, service.resolve, done="Marked resolved.")
