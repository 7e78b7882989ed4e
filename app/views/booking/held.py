"""Recording a meeting already held that was never booked in Quorum (staff only). It is kept
apart from booking, which refuses a past day because it sends invitations: this sends nothing."""

from flask import Blueprint, flash, redirect, url_for

from app.forms.requests import RecordHeldForm
from app.services import ServiceError
from app.services.booking import held as service
from app.services.booking.find_times import booking_choices
from app.services.requests.requests import get_request
from app.views._listing import attach_error, change, form_page, found

bp = Blueprint("held", __name__, url_prefix="/requests")


@bp.route("/<int:request_id>/record-held", methods=["GET", "POST"])
def record(request_id: int):
    meeting_request = found(get_request, request_id)
    form = RecordHeldForm().set_choices(*booking_choices())
    if form.validate_on_submit():
        held = service.HeldMeeting(
            form.day.data, form.start.data, form.chair.data, form.room.data,
            form.duration_minutes.data,
        )  # fmt: skip
        reason = form.late_reason.data or ""
        try:
            following = change(service.record_held, request_id, held, form.plan_ended.data, reason)
        except ServiceError as error:
            attach_error(form, error)
        else:
            if following is None:
                flash("Meeting recorded as held. Nothing was sent, and no further meeting was "
                      "requested.", "success")  # fmt: skip
                return redirect(url_for("requests.show", request_id=request_id))
            flash("Meeting recorded as held. Nothing was sent. The next meeting of the chain is "
                  "requested below, its window counted from the day this one was held.",
                  "success")  # fmt: skip
            return redirect(url_for("requests.show", request_id=following.id))
    return form_page("held/record.html", form, meeting_request=meeting_request)
