"""Meeting request pages: list, create (from a case or the list), edit, cancel, mark held
(staff only). The statutory window is shown with its rule; nobody types it."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.forms.requests import (
    CancelRequestForm,
    ChooseCaseForm,
    MarkHeldForm,
    RequestFilterForm,
    RequestForm,
    request_form,
)  # fmt: skip
from app.input_guards import page_number
from app.services import ServiceError
from app.services.booking import held as meetings_held
from app.services.requests import requests as service
from app.services.requests.rules import AttendeeInput, RequestInput, type_label
from app.services.settings import authority_settings
from app.time import london_date
from app.views._listing import (
    attach_error,
    change,
    download_asked,
    form_page,
    found,
    send_list,
)

bp = Blueprint("requests", __name__, url_prefix="/requests")


@bp.get("")
def index():
    options = service.choices()
    form = RequestFilterForm(formdata=request.args)
    form.set_choices(options["types"], options["localities"])
    if not form.validate() and form.ends_before.errors:
        # A day the filter cannot use is refused, not ignored: the whole list, answered as if
        # filtered, would pass for the requests whose window ends by that day. As `form`, the
        # filter's error is in the page's error summary, naming the filter.
        page = render_template("requests/index.html", filter_form=form, form=form, page=None)
        return page, 400
    if kind := download_asked():
        columns = ["Case", "Meeting", "Sequence", "Earliest", "Preferred by", "Latest",
                   "Locality", "Chair", "Status"]  # fmt: skip
        rows = [[r.case.reference, type_label(r.meeting_type), r.sequence, r.earliest,
                 r.preferred_latest, r.latest, r.locality.name,
                 r.allocated_chair.name if r.allocated_chair else "", r.status]
                for r in service.list_requests(form.data, None)]  # fmt: skip
        return send_list(kind, "requests", columns, rows)
    page = service.list_requests(form.data, page_number(request.args))
    return render_template("requests/index.html", filter_form=form, page=page)


@bp.route("/new", methods=["GET", "POST"])
def create():
    reference = request.args.get("case", "")
    if not reference:
        return render_template("requests/choose_case.html", form=ChooseCaseForm(formdata=None))
    try:
        case = service.case_for_new_request(reference)
    except ServiceError as error:
        form = ChooseCaseForm(formdata=request.args)
        attach_error(form, error)
        return render_template("requests/choose_case.html", form=form), 400
    defaults = service.new_request_defaults(case.id, request.args.get("type", ""))
    choices = service.choices(case.id)
    defaults.update({f"role_{pid}": role for pid, role in choices["party_roles"]})
    form = _form(choices, defaults if request.method == "GET" else None)
    duplicate_of = None
    if form.validate_on_submit():
        try:
            created = change(service.create_request, case.id, _request_input(form))
        except ServiceError as error:
            attach_error(form, error)
            duplicate_of = getattr(error, "existing_id", None)
        else:
            flash("Meeting request saved. Its statutory window is shown below.", "success")
            return redirect(url_for("requests.show", request_id=created.id))
    return _form_page(form, case, None, duplicate_of)


@bp.get("/<int:request_id>")
def show(request_id: int):
    return _request_page(request_id)


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
def edit(request_id: int):
    meeting_request = found(service.get_request, request_id)
    choices = service.choices(meeting_request.case_id)
    data = _request_data(meeting_request, choices) if request.method == "GET" else None
    form = _form(choices, data)
    duplicate_of = None
    if form.validate_on_submit():
        try:
            change(service.update_request, request_id, _request_input(form))
        except ServiceError as error:
            attach_error(form, error)
            duplicate_of = getattr(error, "existing_id", None)
        else:
            flash("Meeting request saved.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
    return _form_page(form, meeting_request.case, meeting_request, duplicate_of)


@bp.route("/<int:request_id>/cancel", methods=["GET", "POST"])
def cancel(request_id: int):
    """A confirmation page: what is cancelled, who is told, and why (a reason is required).
    Nothing changes and nothing is sent until it is submitted."""
    form = CancelRequestForm()
    if form.validate_on_submit():
        reason, words = form.reason.data or "", form.reason_text.data or ""
        try:
            change(service.cancel_request, request_id, reason, words)
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash("Meeting request cancelled.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
    page = found(service.request_page, request_id)
    return form_page("requests/cancel.html", form, **page)


@bp.post("/<int:request_id>/held")
def mark_held(request_id: int):
    form = MarkHeldForm()
    if form.validate_on_submit():
        try:
            following = change(meetings_held.mark_held, request_id, form.plan_ended.data,
                               form.late_reason.data or "", form.held_on.data)  # fmt: skip
        except ServiceError as error:
            attach_error(form, error)
        else:
            if following is None:
                flash("Meeting marked held. No further meeting was requested.", "success")
                return redirect(url_for("requests.show", request_id=request_id))
            flash("Meeting marked held. The next meeting of the chain is requested below, its "
                  "window counted from the day this one was held.", "success")  # fmt: skip
            return redirect(url_for("requests.show", request_id=following.id))
    return _request_page(request_id, hold_form=form), 400


# -- helpers -------------------------------------------------------------------------------------


def _request_page(request_id: int, **forms):
    page = found(service.request_page, request_id)
    # Shown with the booked day: most meetings are held on the day they were booked for.
    booked_on = london_date(page["confirmed"].starts_at) if page.get("confirmed") else None
    forms.setdefault("hold_form", MarkHeldForm(formdata=None, held_on=booked_on))
    failed = next((f for f in forms.values() if f.errors), None)
    return render_template("requests/show.html", form=failed, **forms, **page,
                           practice=authority_settings())  # fmt: skip


def _form_page(form: RequestForm, case, meeting_request, duplicate_of: int | None = None):
    """The request form; `duplicate_of`: the case's request of this type already made."""
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "requests/form.html",
        form=form,
        case=case,
        meeting_request=meeting_request,
        duplicate_of=duplicate_of,
    )
    return page, status


def _form(choices: dict, data: dict | None) -> RequestForm:
    parties = [pid for pid, _ in choices["parties"]]
    return request_form(parties, data=data).set_choices(choices)


def _attendee(form: RequestForm, person_id: int, attendance: str) -> AttendeeInput:
    # A party's fields are on the form only while they are a party: one added to the request
    # by a crafted post is refused by the service, with its own role.
    if f"role_{person_id}" not in form:
        return AttendeeInput(person_id, attendance)
    role, presence, needs = form.attendee_fields(person_id)
    return AttendeeInput(person_id, attendance, role.data or "", presence.data or "either",
                         bool(needs.data))  # fmt: skip


def _request_input(form: RequestForm) -> RequestInput:
    attendees = [_attendee(form, pid, "required") for pid in form.required_attendees.data or []]
    attendees += [_attendee(form, pid, "optional") for pid in form.optional_attendees.data or []]
    return RequestInput(
        meeting_type=form.meeting_type.data or "",
        sequence=form.sequence.data or "",
        trigger_date=form.trigger_date.data,
        expected_delivery=form.expected_delivery.data,
        duration_minutes=form.duration_minutes.data,
        format=form.format.data or "",
        locality_id=form.locality.data,
        in_person_count=form.in_person_count.data,
        allocated_chair_id=form.allocated_chair.data,
        chair_fixed=form.chair_fixed.data,
        attendees=attendees,
        needs_step_free=form.needs_step_free.data,
        needs_separate_waiting_area=form.needs_separate_waiting_area.data,
        interpreter_language=form.interpreter_language.data or "",
        not_before_time=form.not_before_time.data,
        not_after_time=form.not_after_time.data,
        joining_link=form.joining_link.data or "",
        kept_apart_arrangement=form.kept_apart_arrangement.data or "",
        in_person_override_reason=form.in_person_override_reason.data or "",
        advocacy_not_invited_reason=form.advocacy_not_invited_reason.data or "",
        notes=form.notes.data or "",
        recording_late=form.recording_late.data,
    )


def _request_data(r, choices: dict) -> dict:
    attendees = {a.person_id: a for a in r.attendees}
    per_party = {}
    for pid, role in choices["party_roles"]:
        attendee = attendees.get(pid)
        per_party[f"role_{pid}"] = attendee.role if attendee else role
        per_party[f"presence_{pid}"] = attendee.presence if attendee else "either"
        per_party[f"needs_{pid}"] = attendee.communication_needs if attendee else False
    return per_party | {
        "meeting_type": r.meeting_type, "sequence": r.sequence, "trigger_date": r.trigger_date,
        "expected_delivery": r.expected_delivery, "duration_minutes": r.duration_minutes,
        "format": r.format, "locality": r.locality_id, "in_person_count": r.in_person_count,
        "allocated_chair": r.allocated_chair_id, "chair_fixed": r.chair_fixed,
        "required_attendees": [a.person_id for a in r.attendees if a.attendance == "required"],
        "optional_attendees": [a.person_id for a in r.attendees if a.attendance == "optional"],
        "needs_step_free": r.needs_step_free,
        "needs_separate_waiting_area": r.needs_separate_waiting_area,
        "interpreter_language": r.interpreter_language, "not_before_time": r.not_before_time,
        "not_after_time": r.not_after_time, "joining_link": r.joining_link, "notes": r.notes,
        "kept_apart_arrangement": r.kept_apart_arrangement,
        "in_person_override_reason": r.in_person_override_reason,
        "advocacy_not_invited_reason": r.advocacy_not_invited_reason,
    }  # fmt: skip
