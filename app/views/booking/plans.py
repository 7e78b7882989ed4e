"""Plan runs from the browser (staff only): start a run over a horizon, watch its progress,
cancel it, and read the proposal once it is done. The solve runs in the scheduler process."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for

from app.forms.plans import TIME_LIMIT_CHOICES, CancelRunForm, ConfirmRunForm, PlanForm
from app.limits import is_id
from app.services import ServiceError
from app.services.planning import runs as service
from app.services.planning.confirm import PlanClash, confirm_plan_run
from app.services.planning.proposals import proposal_for
from app.services.rearranging.history import rearrangement_of_run
from app.time import utc_now
from app.views._late import late_agreements
from app.views._listing import attach_error, change, form_page, found

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.get("")
def index():
    form = PlanForm(horizon_end=service.default_horizon_end(utc_now()))
    return _index_page(form)


@bp.post("")
def start():
    form = PlanForm()
    if form.validate_on_submit():
        try:
            run = change(service.start_plan_run, form.horizon_end.data, form.time_limit.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash("Planning has started.", "success")
            return redirect(url_for(".show", run_id=run.id))
    return _index_page(form)


def _index_page(form):
    return form_page("plans/index.html", form, runs=service.recent_plan_runs())


@bp.get("/<int:run_id>")
def show(run_id: int):
    repaired = rearrangement_of_run(run_id)
    if repaired is not None:  # a repair is reviewed and confirmed with its rearrangement
        return redirect(url_for("rearrangements.show", rearrangement_id=repaired.id))
    return _run_page(run_id)


def _run_page(run_id: int, status: int = 200, clashes: list[str] | None = None, late_field=None):
    run = found(service.get_plan_run, run_id)
    page = render_template(
        "plans/show.html",
        run=run,
        summary=service.summary_of(run),
        proposal=proposal_for(run) if run.status in ("done", "cancelled") else None,
        cancel_form=CancelRunForm(),
        confirm_form=ConfirmRunForm(),
        replan_form=_replan_form(run),
        clashes=clashes,
        late_field=late_field,  # the late-<request id> a refusal names, if any
        late_values=request.form if request.method == "POST" else {},
        nothing_ticked=request.args.get("ticked") == "none",
    )
    return page, status


def _replan_form(run):
    """The same horizon and budget again (a budget set through the API may not be a choice)."""
    limit = run.time_limit_seconds
    if limit not in TIME_LIMIT_CHOICES:
        limit = service.DEFAULT_TIME_LIMIT_SECONDS
    return PlanForm(horizon_end=run.horizon_end, time_limit=limit)


@bp.post("/<int:run_id>/confirm")
def confirm(run_id: int):
    """Book the ticked meetings, all or none (CSRFProtect has checked the token)."""
    try:
        request_ids = [int(value) for value in request.form.getlist("request_ids")]
        if not all(is_id(request_id) for request_id in request_ids):
            raise ValueError("not a request's id")  # past the database's integer: not listed
    except ValueError:
        flash("Select meetings from the list.", "error")
        return _run_page(run_id, 400)
    try:
        confirmed = change(confirm_plan_run, run_id, request_ids, late_agreements(request.form))
    except PlanClash as clash:
        return _run_page(run_id, 409, clash.clashes)
    except ServiceError as error:
        flash(error.message, "error")
        return _run_page(run_id, 400, late_field=error.field)
    count = len(confirmed.meetings)
    flash(f"Booked {count} meeting{'s' if count != 1 else ''}.", "success")
    return redirect(url_for(".show", run_id=run_id))


# The banner a finished run's page reloads under (screen readers announce it).
FINISHED_WORDS = {
    "done": "Planning has finished: review the plan below.",
    "cancelled": "Planning was stopped: the best plan found is below.",
    "failed": "Planning failed: the reason is below.",
}


@bp.get("/<int:run_id>/progress")
def progress(run_id: int):
    """The progress fragment htmx polls every second while the run is queued or running."""
    run = found(service.get_plan_run, run_id)
    response = make_response(
        render_template(
            "plans/_progress.html",
            run=run,
            summary=service.summary_of(run),
            cancel_form=CancelRunForm(),
            announce=True,
        )
    )
    if run.status not in ("queued", "running") and request.headers.get("HX-Request"):
        # Reload the page: it shows the proposal, under a banner that screen readers announce.
        flash(FINISHED_WORDS.get(run.status, "Planning has stopped: see below."), "success")
        response.headers["HX-Refresh"] = "true"
    return response


@bp.post("/<int:run_id>/cancel")
def cancel(run_id: int):
    try:
        run = change(service.cancel_plan_run, run_id)  # CSRFProtect has checked the token
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("Cancelled." if run.status == "cancelled" else "Asked the run to stop.", "success")
    return redirect(url_for(".show", run_id=run_id))
