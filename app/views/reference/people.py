"""People (family members and professionals) and their unavailability (staff only)."""

from flask import Blueprint, flash, redirect, request, url_for

from app.forms.reference.people import ROLE_CHOICES, PersonFilterForm, PersonForm
from app.services.reference import people as service
from app.services.reference.people import PersonInput
from app.views._listing import (
    change,
    download_asked,
    form_page,
    found,
    send_list,
    submit,
)
from app.views._periods import add_period, owner_page, remove_period

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.context_processor
def _role_names():
    return {"role_names": dict(ROLE_CHOICES)}


@bp.get("")
def index():
    filters = PersonFilterForm(request.args)
    people = service.list_people(filters.q.data, filters.role.data or "", filters.retired.data,
                                 filters.relationship.data or "")  # fmt: skip
    if kind := download_asked():
        columns = ["Name", "Role", "Organisation", "Email", "Phone", "Status"]
        rows = [[p.name, p.role.replace("_", " "), p.organisation, p.email, p.phone,
                 "Retired" if p.retired_at else "Active"] for p in people]  # fmt: skip
        return send_list(kind, "people", columns, rows)
    return form_page("people/index.html", filters, filters=filters, people=people)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = PersonForm()
    if form.validate_on_submit():
        ok, person = submit(form, service.create_person, _input(form))
        if ok:
            flash(f"{person.name} added.", "success")
            return redirect(url_for(".show", person_id=person.id))
    return form_page("people/form.html", form, person=None)


@bp.get("/<int:person_id>")
def show(person_id: int):
    person = _person(person_id)
    return owner_page(
        "people/show.html", person, person=person, parties=service.cases_of(person_id)
    )


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):
    person = _person(person_id)
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        ok, _ = submit(form, service.update_person, person_id, _input(form))
        if ok:
            flash("Person saved.", "success")
            return redirect(url_for(".show", person_id=person_id))
    return form_page("people/form.html", form, person=person)


@bp.post("/<int:person_id>/retire")
def retire(person_id: int):
    person = change(service.retire_person, person_id)  # CSRFProtect has checked the token
    flash(f"{person.name} retired.", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:person_id>/unavailability")
def add_unavailability(person_id: int):
    person = _person(person_id)
    done = url_for(".show", person_id=person_id, _anchor="unavailability")
    return add_period("people/show.html", person, done, person=person)


@bp.post("/<int:person_id>/unavailability/<int:unavailability_id>/remove")
def remove_unavailability(person_id: int, unavailability_id: int):
    done = url_for(".show", person_id=person_id, _anchor="unavailability")
    return remove_period(_person(person_id), unavailability_id, done)


def _person(person_id: int):
    return found(service.get_person, person_id)


def _input(form: PersonForm) -> PersonInput:
    return PersonInput(
        form.name.data,
        form.role.data or "",
        form.organisation.data or "",
        form.email.data or "",
        form.phone.data or "",
    )
