"""Find times for one request (staff only): the ten best options inside the statutory window,
each with a "Book this" button, and a form to book a time by hand. A booking that breaks a rule
is shown with its warnings and needs "Book anyway"; a double booking is refused (400)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.forms.find_times import BookTimeForm
from app.services import ServiceError
from app.services.booking import find_times as service
from app.time import utc_now
from app.views._late import late_agreements
from app.views._listing import attach_error, change, found

bp = Blueprint("find_times", __name__, url_prefix="/requests")


@bp.get("/<int:request_id>/times")
def show(request_id: int):
    return _times_page(request_id, _form())


@bp.post("/<int:request_id>/times")
def book(request_id: int):
    form = _form()
    if not form.validate_on_submit():
        return _times_page(request_id, form)
    choice = service.Choice(form.day.data, form.start.data, form.chair.data, form.room.data)
    late = late_agreements(request.form).get(request_id, "")
    try:
        change(service.book_time, request_id, choice, form.anyway.data == "yes", late,
               form.short_notice.data)  # fmt: skip
    except service.RulesBroken as broken:
        return _confirm_page(request_id, form, broken.warnings, None, 200)
    except ServiceError as error:
        if error.field == "short_notice" or (error.field or "").startswith("late-"):
            warnings = service.warnings_for(utc_now(), request_id, choice)
            return _confirm_page(request_id, form, warnings, error, 400)
        attach_error(form, error)
        return _times_page(request_id, form)
    flash("Booked.", "success")
    return redirect(url_for("requests.show", request_id=request_id))


def _confirm_page(request_id: int, form: BookTimeForm, warnings, error, status: int):
    """The warnings, and "Book anyway"; a day out of timescale also asks for the reason and the
    manager who agreed (the shared late-agreement fields), refused with `error` if missing."""
    meeting_request = found(service.get_request, request_id)
    late = service.is_late(meeting_request, form.day.data)
    if error is not None and error.field == "short_notice":
        attach_error(form, error)
    return render_template(
        "find_times/confirm.html",
        meeting_request=meeting_request,
        form=form,
        warnings=warnings,
        late=late,
        short_notice=service.is_short_notice(utc_now(), meeting_request, form.day.data),
        error=error,
        late_values=request.form,
    ), status


def _form() -> BookTimeForm:
    return BookTimeForm().set_choices(*service.booking_choices())


def _times_page(request_id: int, form: BookTimeForm):
    times = found(service.find_times, utc_now(), request_id)
    status = 400 if form.is_submitted() else 200
    return render_template("find_times/show.html", times=times, form=form), status
