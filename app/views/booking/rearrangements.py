"""Rearrangements (staff only): record a change (a chair off sick, a room closed, a meeting's
window moved, an attendee who cannot come, a cancellation), watch its repair run, review the
moves it proposes and confirm or discard them; the history and the counts for the reports."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.forms._fields import options
from app.forms.plans import CancelRunForm
from app.forms.rearrangements import (
    MEETING_FORMS,
    CancelMeetingForm,
    ChairUnavailableForm,
    ConfirmRepairForm,
    DiscardRepairForm,
    RoomClosedForm,
)
from app.forms.requests import CancelRequestForm
from app.models.rearrangements import KINDS
from app.services import Clash, ServiceError
from app.services.booking import meetings as meetings_service
from app.services.planning.runs import summary_of
from app.services.rearranging import history
from app.services.rearranging.rearrangements import Change, check_cancellation, record_change
from app.services.rearranging.rearrangements import repair_again as again
from app.services.rearranging.repairs import confirm_repair, discard_repair
from app.services.reference.chairs import list_chairs
from app.services.reference.rooms import list_rooms
from app.time import LONDON
from app.views._late import late_agreements
from app.views._listing import (
    attach_error,
    change,
    form_page,
    found,
    submit,
)

bp = Blueprint("rearrangements", __name__, url_prefix="/rearrangements")


@bp.context_processor
def _words():
    return {
        "kind_words": history.kind_words,
        "reason_words": history.reason_words,
        "status_words": history.status_words,
        "KINDS": KINDS,
    }


@bp.get("")
def index():
    return render_template(
        "rearrangements/index.html",
        rearrangements=history.list_rearrangements(),
        counts=history.counts_by_reason_and_month(),
    )


@bp.route("/chair", methods=["GET", "POST"])
def record_chair():
    form = ChairUnavailableForm()
    form.chair.choices += options((c.id, c.name) for c in list_chairs())
    intro = (
        "Quorum records the days as the chair's unavailability and works out how to move their "
        "confirmed meetings on those days, moving as few other meetings as it can."
    )
    return _record_days(form, "chair_unavailable", form.chair, "A chair is unavailable", intro)


@bp.route("/room", methods=["GET", "POST"])
def record_room():
    form = RoomClosedForm()
    form.room.choices += options((r.id, f"{r.name}, {r.locality.name}") for r in list_rooms())
    intro = (
        "Quorum records the closure and works out where the room's confirmed meetings on those "
        "days can go."
    )
    return _record_days(form, "room_closed", form.room, "A room is closed", intro)


def _record_days(form, kind: str, owner, heading: str, intro: str):
    """A chair or a room away for some days: `owner` is its select field."""
    context = {"owner": owner, "heading": heading, "intro": intro}
    return _record(
        form,
        kind,
        "rearrangements/days.html",
        context,
        **{f"{owner.name}_id": owner.data},
        first_day=form.first_day.data,
        last_day=form.last_day.data,
    )


@bp.route("/meeting/<int:meeting_id>", methods=["GET", "POST"])
def record_meeting(meeting_id: int):
    """?kind= one of the meeting-specific changes; without it, the list of them."""
    meeting = found(meetings_service.get_meeting, current_user, meeting_id)
    kind = request.args.get("kind", "")
    if kind not in MEETING_FORMS:
        if request.method == "POST":
            abort(400, "Choose what changed from the list.")
        return render_template(
            "rearrangements/meeting_kinds.html", meeting=meeting, kinds=MEETING_FORMS, london=LONDON
        )
    if kind == "cancelled":
        return _cancel_meeting(meeting)
    form = MEETING_FORMS[kind]()
    if kind == "attendee_unavailable":
        form.person_id.choices += options(
            (a.person_id, a.person.name)
            for a in meeting.request.attendees
            if a.attendance == "required"
        )
    fields = {
        name: getattr(form, name).data
        for name in ("earliest", "latest", "person_id")
        if name in form
    }
    return _record(
        form,
        kind,
        "rearrangements/meeting.html",
        meeting_id=meeting.id,
        context={"meeting": meeting, "kind": kind, "london": LONDON},
        **fields,
    )


def _cancel_meeting(meeting):
    """Cancelling is deliberate, as from the request's page: the reason, then the same
    confirmation page (what is cancelled, who is told, the reason chosen). Nothing changes and
    nothing is sent until it is confirmed there (`confirmed=yes`)."""
    if request.form.get("confirmed") == "yes":
        confirm_form = CancelRequestForm()
        if confirm_form.validate_on_submit():
            reason, words = confirm_form.reason.data or "", confirm_form.reason_text.data or ""
            cancel = Change("cancelled", reason, words, meeting_id=meeting.id)
            ok, rearrangement = submit(confirm_form, record_change, cancel)
            if ok:
                assert rearrangement is not None  # ok: what record_change returned
                flash(_recorded_message(rearrangement), "success")
                return redirect(url_for(".show", rearrangement_id=rearrangement.id))
        return _cancel_confirmation(meeting, confirm_form), 400
    form = CancelMeetingForm()
    if form.validate_on_submit():
        reason, words = form.reason.data or "", form.reason_text.data or ""
        try:
            check_cancellation(meeting.id, reason, words)
        except ServiceError as error:
            attach_error(form, error)
        else:
            # Read from this post, so the confirmation shows the reason already chosen.
            return _cancel_confirmation(meeting, CancelRequestForm())
    context = {"meeting": meeting, "kind": "cancelled", "london": LONDON}
    return form_page("rearrangements/meeting.html", form, **context)


def _cancel_confirmation(meeting, form):
    """The request's cancel page, for this meeting; its button posts back here to confirm."""
    return render_template(
        "requests/cancel.html",
        form=form,
        meeting_request=meeting.request,
        confirmed=meeting,
        action=url_for(".record_meeting", meeting_id=meeting.id, kind="cancelled"),
        keep_url=url_for("meetings.detail", meeting_id=meeting.id),
        confirming=True,
    )


def _record(form, kind: str, template: str, context: dict | None = None, **fields):
    """Record the change for a valid form; show the rearrangement (or the form, 400)."""
    if form.validate_on_submit():
        reason = Change(kind, form.reason.data or "", form.reason_text.data or "", **fields)
        ok, rearrangement = submit(form, record_change, reason)
        if ok:
            assert rearrangement is not None  # ok: what record_change returned
            flash(_recorded_message(rearrangement), "success")
            return redirect(url_for(".show", rearrangement_id=rearrangement.id))
    return form_page(template, form, **(context or {}))


def _recorded_message(rearrangement) -> str:
    if rearrangement.status == "repairing":
        return "Recorded. Quorum is working out which meetings must move."
    return "Recorded. No meetings needed to move."


@bp.get("/<int:rearrangement_id>")
def show(rearrangement_id: int):
    return _page(rearrangement_id)


def _page(rearrangement_id: int, status: int = 200, error=None, late_values=None):
    page = found(history.rearrangement_page, rearrangement_id)
    return render_template(
        "rearrangements/show.html",
        page=page,
        run=page.run,
        summary=summary_of(page.run) if page.run is not None else None,
        cancel_form=CancelRunForm(),
        confirm_form=ConfirmRepairForm(),
        discard_form=DiscardRepairForm(),
        error=error,
        late_values=late_values or {},
    ), status


@bp.post("/<int:rearrangement_id>/confirm")
def confirm(rearrangement_id: int):
    """Apply every move at once, or none (CSRFProtect has checked the token)."""
    decisions = late_agreements(request.form)
    try:
        rearrangement = change(confirm_repair, rearrangement_id, decisions)
    except Clash as clash:
        return _page(rearrangement_id, 409, clash, request.form)
    except ServiceError as error:
        return _page(rearrangement_id, 400, error, request.form)
    moved = sum(1 for move in rearrangement.moves if move.change == "moved")
    unplaced = len(rearrangement.moves) - moved
    message = f"Moved {moved} meeting{'s' if moved != 1 else ''}."
    if unplaced:
        message += f" Cancelled {unplaced} that could not be placed; their requests are open again."
    flash(message, "success")
    return redirect(url_for(".show", rearrangement_id=rearrangement_id))


@bp.post("/<int:rearrangement_id>/repair-again")
def repair_again(rearrangement_id: int):
    """A new repair on the calendar as it is now (CSRFProtect has checked the token)."""
    try:
        change(again, rearrangement_id)
    except ServiceError as error:
        return _page(rearrangement_id, 400, error)
    flash("Quorum is working out the repair again.", "success")
    return redirect(url_for(".show", rearrangement_id=rearrangement_id))


@bp.post("/<int:rearrangement_id>/discard")
def discard(rearrangement_id: int):
    try:
        change(discard_repair, rearrangement_id)
    except ServiceError as error:
        return _page(rearrangement_id, 400, error)
    flash("Discarded. No meeting was moved; the change itself stays recorded.", "success")
    return redirect(url_for(".show", rearrangement_id=rearrangement_id))
