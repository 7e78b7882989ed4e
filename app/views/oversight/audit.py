"""The audit log page (managers and admins): who did what, and when."""

from flask import Blueprint, render_template, request

from app.forms.audit import AuditFilterForm
from app.input_guards import page_number
from app.services import ServiceError
from app.services.reports import audit_log as service
from app.time import format_local
from app.views._listing import attach_error, download_asked, send_list

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("")
def index():
    choices = service.filter_choices()
    form = AuditFilterForm(formdata=request.args).set_choices(
        choices["users"], choices["object_types"]
    )
    # A day the filter cannot read is refused, not ignored: the whole log, answered as if
    # filtered, would pass for what happened on those days.
    if not form.validate():
        return render_template("audit/index.html", form=form, page=None, names={}), 400
    filters = service.AuditFilters(
        actor=form.actor.data or "",
        action=form.action.data or "",
        object_type=form.object_type.data or "",
        object_id=form.object_id.data or "",
        from_day=form.from_day.data,
        to_day=form.to_day.data,
    )
    try:
        if kind := download_asked():
            return _download(kind, service.search(filters, None))
        page = service.search(filters, page_number(request.args))
    except ServiceError as error:
        attach_error(form, error)
        return render_template("audit/index.html", form=form, page=None, names={}), 400
    names = service.actor_names(page.items)
    return render_template("audit/index.html", form=form, page=page, names=names)


def _download(kind: str, events: list):
    names = service.actor_names(events)
    columns = ["When (UK time)", "Who", "Action", "Object", "Object id", "Detail"]
    rows = [[format_local(e.at), names.get(e.actor_id, "Quorum"), e.action, e.object_type,
             e.object_id, e.detail] for e in events]  # fmt: skip
    return send_list(kind, "audit-log", columns, rows)
