"""Case pages: list, create, edit, close; children, parties and kept-apart pairs (staff only)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.forms.cases import (
    BirthForm,
    CaseFilterForm,
    CaseForm,
    ChildForm,
    CloseCaseForm,
    ConfirmForm,
    KeptApartForm,
    PartyForm,
)  # fmt: skip
from app.input_guards import page_number
from app.services import ServiceError, search
from app.services.booking import meetings as meetings_service
from app.services.cases import births, members
from app.services.cases import cases as service
from app.services.notifications.notices import typed_reference
from app.time import LONDON, format_day
from app.views._listing import (
    attach_error,
    change,
    download_asked,
    found,
    send_list,
)

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("")
def index():
    form = CaseFilterForm(formdata=request.args).set_choices(service.choices())
    form.validate()
    if kind := download_asked():
        rows = [[c.reference, c.home_locality.name,
                 c.allocated_chair.name if c.allocated_chair else "", c.opened_on, c.closed_on]
                for c in service.list_cases(form.data, None)]  # fmt: skip
        columns = ["Reference", "Home locality", "Allocated IRO", "Opened", "Closed"]
        return send_list(kind, "cases", columns, rows)
    page = service.list_cases(form.data, page_number(request.args))
    # Staff are quoted an invite's reference ("ref 7F3K") by people who have no case reference:
    # the same box finds the meeting, and goes straight to it when nothing else matches.
    meetings = meetings_service.meetings_by_invite_reference(current_user, form.reference.data)
    if len(meetings) == 1 and page.total == 0:
        return redirect(url_for("meetings.detail", meeting_id=meetings[0].id))
    return render_template(
        "cases/index.html", filter_form=form, page=page, meetings=meetings, london=LONDON,
        invite_reference=typed_reference(form.reference.data),
    )  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = CaseForm().set_choices(service.choices())
    if form.validate_on_submit():
        try:
            case = change(service.create_case, _case_input(form))
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(f"Case {case.reference} created.", "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return _form_page(form, None)


@bp.get("/<int:case_id>")
def show(case_id: int):
    return _case_page(case_id)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    case = found(service.get_case, case_id)
    form = CaseForm(data=_case_data(case) if request.method == "GET" else None)
    form.set_choices(service.choices())
    if form.validate_on_submit():
        try:
            change(service.update_case, case_id, _case_input(form))
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(f"Case {case.reference} saved.", "success")
            return redirect(url_for("cases.show", case_id=case_id))
    return _form_page(form, case)


@bp.post("/<int:case_id>/close")
def close(case_id: int):
    form = CloseCaseForm()
    return _act(case_id, form, "close_form", service.close_case,
                lambda: (form.closed_on.data,), "Case closed.")  # fmt: skip


@bp.post("/<int:case_id>/children")
def add_child(case_id: int):
    form = ChildForm()
    args = lambda: (form.initials.data, form.date_of_birth.data, form.expected_delivery.data)  # noqa: E731
    return _act(case_id, form, "child_form", members.add_child, args, "Child added.")


@bp.post("/<int:case_id>/children/<int:child_id>/remove")
def remove_child(case_id: int, child_id: int):
    return _act(case_id, ConfirmForm(), "confirm_form", members.remove_child,
                lambda: (child_id,), "Child removed.")  # fmt: skip


@bp.post("/<int:case_id>/birth")
def record_birth(case_id: int):
    found(service.get_case, case_id)
    form = BirthForm().set_choices(births.unborn_children(case_id))
    if form.validate_on_submit():
        try:
            result = change(births.record_birth, case_id, form.child.data, form.born_on.data)
        except ServiceError as error:
            attach_error(form, error)
        else:
            for category, message in _birth_messages(result):
                flash(message, category)
            return redirect(url_for("cases.show", case_id=case_id))
    return _case_page(case_id, birth_form=form), 400


@bp.post("/<int:case_id>/parties")
def add_party(case_id: int):
    form = PartyForm()
    args = lambda: (form.person.data, form.relationship.data)  # noqa: E731
    return _act(case_id, form, "party_form", members.add_party, args, "Party added.")


@bp.post("/<int:case_id>/parties/find")
def find_party(case_id: int):
    """The people whose name matches what was typed in "Add a party", to choose from. As the
    admin types, the page's own script (htmx, HX-Request) asks for the list alone; without
    JavaScript the "Find people" button posts the same form here and gets the whole case page
    back with the list in it. POST, so the name typed stays out of URLs and logs."""
    found(service.get_case, case_id)
    form = PartyForm()
    if request.headers.get("HX-Request") == "true":
        return render_template("cases/_party_candidates.html", party_form=form,
                               **_candidates(case_id, form))  # fmt: skip
    return _case_page(case_id, party_form=form)


@bp.post("/<int:case_id>/parties/<int:person_id>/remove")
def remove_party(case_id: int, person_id: int):
    return _act(case_id, ConfirmForm(), "confirm_form", members.remove_party,
                lambda: (person_id,), "Party removed.")  # fmt: skip


@bp.post("/<int:case_id>/kept-apart")
def add_kept_apart(case_id: int):
    form = KeptApartForm().set_choices(found(members.party_choices, case_id))
    args = lambda: (form.person_a.data, form.person_b.data)  # noqa: E731
    return _act(case_id, form, "kept_apart_form", members.add_kept_apart, args,
                "These two will be kept apart.")  # fmt: skip


@bp.post("/<int:case_id>/kept-apart/<int:pair_id>/remove")
def remove_kept_apart(case_id: int, pair_id: int):
    return _act(case_id, ConfirmForm(), "confirm_form", members.remove_kept_apart,
                lambda: (pair_id,), "Kept-apart pair removed.")  # fmt: skip


# -- helpers -------------------------------------------------------------------------------------


def _act(case_id, form, slot, action, args, done: str):
    """Validate a small form on the case page and run one service action; on bad input show the
    case page again with the errors, status 400."""
    found(service.get_case, case_id)
    if form.validate_on_submit():
        try:
            change(action, case_id, *args())
        except ServiceError as error:
            attach_error(form, error)
        else:
            flash(done, "success")
            return redirect(url_for("cases.show", case_id=case_id))
    return _case_page(case_id, **{slot: form}), 400


def _case_page(case_id: int, **forms):
    page = found(service.case_page, case_id)
    forms.setdefault("child_form", ChildForm(formdata=None))
    forms.setdefault("party_form", PartyForm(formdata=None))
    forms.setdefault(
        "kept_apart_form", KeptApartForm(formdata=None).set_choices(members.party_choices(case_id))
    )
    forms.setdefault(
        "birth_form", BirthForm(formdata=None).set_choices(births.unborn_children(case_id))
    )
    forms.setdefault("close_form", CloseCaseForm(formdata=None))
    forms.setdefault("confirm_form", ConfirmForm(formdata=None))
    failed = next((f for f in forms.values() if f.errors), None)
    born = births.prebirth_after_birth(case_id)
    candidates = _candidates(case_id, forms["party_form"])
    return render_template("cases/show.html", form=failed, born_prebirth=born, **candidates,
                           **forms, **page)  # fmt: skip


def _candidates(case_id: int, form: PartyForm) -> dict:
    """The people found by the name typed into "Add a party" (None: nothing typed yet), the
    one already chosen kept among them, and who is a party already."""
    name = (form.name.data or "").strip()
    people = search.find_people(name) if name else None
    chosen = form.person.data
    if people is not None and chosen and all(person.id != chosen for person in people):
        person = members.person_to_add(chosen)
        people = [person, *people] if person is not None else people
    return {"candidates": people, "party_ids": members.party_ids(case_id),
            "candidate_limit": search.LIMIT}  # fmt: skip


def _birth_messages(result: births.BirthRecorded) -> list[tuple[str, str]]:
    """What recording a birth changed, in words: the windows it moved, and the pre-birth
    requests that cannot happen as such now."""
    messages = [("success", "Birth recorded.")]
    for moved in result.moved:
        line = (
            f"{moved.label}: its window moved from {format_day(moved.before[0])} to "
            f"{format_day(moved.before[1])}, to {format_day(moved.after[0])} to "
            f"{format_day(moved.after[1])}, as it is never held before the birth."
        )
        if moved.booked_after_latest is not None:
            line += (
                f" Its meeting on {format_day(moved.booked_after_latest)} is now after the "
                "latest day: rearrange it, or record why it is late."
            )
        messages.append(("success", line))
    if not result.moved:
        messages.append(("success", "No window moved: none of this case's open requests waits "
                                    "for the birth on a day it changes."))  # fmt: skip
    for request_id, label, status in result.prebirth_left:
        messages.append((
            "warning",
            f"The {status} {label.lower()} (request {request_id}) cannot happen as a pre-birth "
            "meeting now the baby is born. It has been kept for you to decide: cancel it with "
            "a reason and request an initial child protection conference instead.",
        ))  # fmt: skip
    return messages


def _form_page(form: CaseForm, case):
    status = 400 if request.method == "POST" else 200
    return render_template("cases/form.html", form=form, case=case), status


def _case_input(form: CaseForm) -> service.CaseInput:
    return service.CaseInput(
        reference=form.reference.data or "",
        home_locality_id=form.home_locality.data,
        allocated_chair_id=form.allocated_chair.data,
        opened_on=form.opened_on.data,
        domestic_abuse=bool(form.domestic_abuse.data),
    )


def _case_data(case) -> dict:
    return {
        "reference": case.reference,
        "home_locality": case.home_locality_id,
        "allocated_chair": case.allocated_chair_id,
        "opened_on": case.opened_on,
        "domestic_abuse": case.domestic_abuse,
    }
