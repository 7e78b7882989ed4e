"""Localities and driving times (staff only)."""

from flask import Blueprint, flash, redirect, request, url_for

from app.forms._fields import FilterForm, RetireForm
from app.forms.reference.localities import LocalityForm, TravelTimeForm
from app.services.reference import localities as service
from app.views._listing import (
    download_asked,
    form_page,
    found,
    send_list,
    submit,
)

bp = Blueprint("localities", __name__, url_prefix="/localities")


@bp.get("")
def index():
    filters = FilterForm(request.args)
    rows = service.list_localities(filters.q.data, filters.retired.data)
    if kind := download_asked():
        table = [[loc.name, "Retired" if loc.retired_at else "Active"] for loc in rows]
        return send_list(kind, "localities", ["Name", "Status"], table)
    return form_page("localities/index.html", filters, filters=filters, localities=rows)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = LocalityForm()
    if form.validate_on_submit():
        ok, locality = submit(form, service.create_locality, form.name.data)
        if ok:
            flash(f"{locality.name} added.", "success")
            return redirect(url_for(".show", locality_id=locality.id))
    return form_page("localities/form.html", form, locality=None)


@bp.get("/<int:locality_id>")
def show(locality_id: int):
    locality = found(service.get_locality, locality_id)
    return form_page("localities/show.html", RetireForm(formdata=None), locality=locality)


@bp.route("/<int:locality_id>/edit", methods=["GET", "POST"])
def edit(locality_id: int):
    locality = found(service.get_locality, locality_id)
    form = LocalityForm(obj=locality)
    if form.validate_on_submit():
        ok, _ = submit(form, service.rename_locality, locality_id, form.name.data)
        if ok:
            flash("Locality saved.", "success")
            return redirect(url_for(".show", locality_id=locality_id))
    return form_page("localities/form.html", form, locality=locality)


@bp.post("/<int:locality_id>/retire")
def retire(locality_id: int):
    form = RetireForm()
    if form.validate_on_submit():
        ok, locality = submit(form, service.retire_locality, locality_id)
        if ok:
            assert locality is not None  # ok: what retire_locality returned
            flash(f"{locality.name} retired.", "success")
            return redirect(url_for(".index"))
    return form_page(
        "localities/show.html", form, locality=found(service.get_locality, locality_id)
    )


@bp.route("/travel", methods=["GET", "POST"])
def travel():
    matrix = service.travel_matrix()
    choices = [(locality.id, locality.name) for locality in matrix.localities]
    form = TravelTimeForm(localities=choices)
    if form.validate_on_submit():
        data = form.locality_a.data, form.locality_b.data, form.minutes.data
        ok, _ = submit(form, service.set_travel_time, *data)
        if ok:
            flash("Driving time saved.", "success")
            return redirect(url_for(".travel"))
    elif not form.is_submitted():
        _prefill(form, matrix)
    return form_page("localities/travel.html", form, matrix=matrix)


def _prefill(form: TravelTimeForm, matrix) -> None:
    """A link from a matrix cell (?a=1&b=2) opens the form on that pair."""
    form.locality_a.data = request.args.get("a", type=int)
    form.locality_b.data = request.args.get("b", type=int)
    by_id = {locality.id: locality for locality in matrix.localities}
    a, b = by_id.get(form.locality_a.data), by_id.get(form.locality_b.data)
    if a and b:
        form.minutes.data = matrix.between(a, b)
