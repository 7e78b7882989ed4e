"""Meetings: a chair sees only their own; managers and admins see all."""

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.forms.rearrangements import MoveMeetingForm
from app.limits import DayOutOfRange, checked_day, is_id
from app.services import NotFound, ServiceError
from app.services.booking import find_times, meeting_page
from app.services.booking import meetings as meetings_service
from app.services.booking.calendar import NO_ROOM
from app.services.notifications import notices
from app.services.rearranging import hand_moves
from app.services.replies.status import statuses
from app.services.requests.rules import type_label
from app.time import LONDON, format_local, utc_now
from app.views._late import late_agreements
from app.views._listing import attach_error, change, download_asked, found, send_list

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
DEFAULT_DAYS = 42


@bp.get("")
def list_page():
    first, last = _period(request.args.get("from"), request.args.get("to"))
    meetings = meetings_service.list_meetings(
        current_user,
        datetime.combine(first, time(0), LONDON),
        datetime.combine(last + timedelta(days=1), time(0), LONDON),
    )
    if kind := download_asked():
        columns = ["Starts (UK time)", "Ends", "Meeting", "Case", "Chair", "Room", "Status"]
        rows = [[format_local(m.starts_at), m.ends_at.astimezone(LONDON).strftime("%H:%M"),
                 type_label(m.request.meeting_type), m.request.case.reference, m.chair.name,
                 m.room.name if m.room else m.request.format.replace("_", " "), m.status]
                for m in meetings]  # fmt: skip
        return send_list(kind, "meetings", columns, rows)
    return render_template(
        "meetings/list.html", meetings=meetings, first=first, last=last, london=LONDON
    )


@bp.get("/<int:meeting_id>")
def detail(meeting_id: int):
    """Everything about one meeting; a chair opening another chair's gets 404."""
    try:
        page = meeting_page.meeting_page(current_user, meeting_id)
    except NotFound:
        abort(404)
    meeting = page["meeting"]
    return render_template("meetings/detail.html", london=LONDON,
                           invite_reference=notices.invite_reference(meeting),
                           attendees=statuses(utc_now(), meeting), reply_words=REPLY_WORDS,
                           report_words=REPORT_WORDS, **page)  # fmt: skip


# How the meeting page says each person's reply and report.
REPLY_WORDS = {"none": "No reply yet", "attending_in_room": "Coming, in the room",
               "attending_online": "Coming, online", "apologies": "Apologies"}  # fmt: skip
REPORT_WORDS = {"not_requested": "Not asked for", "requested": "Asked for",
                "received": "Received", "overdue": "Overdue"}  # fmt: skip


@bp.post("/<int:meeting_id>/lock")
def lock(meeting_id: int):
    """Lock or unlock (CSRFProtect has checked the token); `locked` is "1" or "0"."""
    locked = request.form.get("locked") == "1"
    try:
        change(meetings_service.set_locked, meeting_id, locked)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("Locked: a repair keeps it where it is." if locked else "Unlocked.", "success")
    return redirect(url_for(".detail", meeting_id=meeting_id))


@bp.route("/<int:meeting_id>/move", methods=["GET", "POST"])
def move(meeting_id: int):
    """Move a confirmed meeting to another day, time, chair or room. Dragging it on the week's
    calendar opens this page with the day and the chair (or room) it was dropped on."""
    meeting = found(hand_moves.movable_meeting_or_missing, meeting_id)
    form = MoveMeetingForm(data=None if request.method == "POST" else _dropped(meeting))
    form.set_choices(*find_times.booking_choices())
    warnings: list[str] = []
    late_field = None
    if form.validate_on_submit():
        place = hand_moves.HandMove(meeting_id, form.day.data, form.start.data, form.chair.data,
                                    form.room.data)  # fmt: skip
        late = late_agreements(request.form).get(meeting_id, "")
        try:
            change(hand_moves.move_meeting, place, form.reason.data or "",
                   form.reason_text.data or "", form.anyway.data, late)  # fmt: skip
        except hand_moves.MoveBreaksRules as broken:
            warnings = broken.warnings
            form.anyway.errors = [*form.anyway.errors, "Tick to move it anyway, or choose "
                                  "another place"]  # fmt: skip
        except ServiceError as error:
            if (error.field or "").startswith("late-"):
                late_field = error.field
            else:
                attach_error(form, error)
        else:
            flash("Moved. Everyone invited gets the updated invitation.", "success")
            return redirect(url_for(".detail", meeting_id=meeting_id))
    day = form.day.data
    out_of_timescale = day is not None and day > meeting.request.latest
    page = render_template("meetings/move.html", meeting=meeting, form=form, warnings=warnings,
                           late=out_of_timescale, late_field=late_field,
                           late_values=request.form)  # fmt: skip
    return page, 400 if request.method == "POST" else 200


def _dropped(meeting) -> dict:
    """The form's first values: where the meeting is now, with the day and the chair or room it
    was dropped on (the query string carries only ids and a date)."""
    start = meeting.starts_at.astimezone(LONDON)
    values = {"day": start.date(), "start": start.time(), "chair": meeting.chair_id,
              "room": meeting.room_id}  # fmt: skip
    dropped_day = request.args.get("day", "")
    try:
        values["day"] = date.fromisoformat(dropped_day) if dropped_day else values["day"]
    except ValueError:
        pass  # a crafted day: the meeting's own day stays
    for field in ("chair", "room"):
        text = request.args.get(field, "")
        if text.isdigit() and is_id(int(text)):
            values[field] = int(text)
    if request.args.get("room") == NO_ROOM:  # dropped on "No room (virtual or off site)"
        values["room"] = None
    return values


def _period(first_text: str | None, last_text: str | None):
    today = utc_now().astimezone(LONDON).date()
    first = _day(first_text, "From") or today
    last = _day(last_text, "To") or first + timedelta(days=DEFAULT_DAYS)
    if last < first:
        abort(400, "The end of the period must not be before its start.")
    return first, last


def _day(text: str | None, label: str):
    """A YYYY-MM-DD day in the years Quorum plans in (the page reads the day after it, which
    9999-12-31 does not have), or None when absent. The refusal names the box by its label:
    the error page does not show the form."""
    if not text:
        return None
    what = f'The "{label}" date'
    try:
        return checked_day(datetime.strptime(text, "%Y-%m-%d").date(), what)
    except DayOutOfRange as error:
        abort(400, error.message)
    except ValueError:
        abort(400, f"{what} must be written as YYYY-MM-DD.")
