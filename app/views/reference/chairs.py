"""Chairs and their leave (staff only)."""

from flask import Blueprint, flash, redirect, request, url_for

from app.forms.reference.chairs import ChairFilterForm, ChairForm
from app.services.reference import chairs as service
from app.services.reference import localities as localities_service
from app.services.reference.chairs import ChairInput
from app.views._listing import (
    change,
    download_asked,
    form_page,
    found,
    send_list,
    submit,
)
from app.views._periods import add_period, owner_page, remove_period

bp = Blueprint("chairs", __name__, url_prefix="/chairs")


@bp.get("")
def index():
    filters = ChairFilterForm(request.args, localities=localities_service.active_choices())
    chairs = service.list_chairs(
        filters.q.data, filters.locality.data, filters.role.data or "", filters.retired.data
    )
    if kind := download_asked():
        columns = ["Name", "Email", "Base locality", "FTE", "Roles", "Working days",
                   "Max meetings a day", "Max minutes a week", "Portable hybrid kit",
                   "Status"]  # fmt: skip
        rows = [[c.name, c.email, c.base_locality.name, float(c.fte), c.roles.replace(",", ", "),
                 c.working_days, c.max_meetings_per_day, c.max_minutes_per_week,
                 "Yes" if c.portable_hybrid_kit else "No",
                 "Retired" if c.retired_at else "Active"] for c in chairs]  # fmt: skip
        return send_list(kind, "chairs", columns, rows)
    return form_page("chairs/index.html", filters, filters=filters, chairs=chairs)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = ChairForm(localities=localities_service.active_choices(), users=service.linkable_users())
    if form.validate_on_submit():
        ok, chair = submit(form, service.create_chair, _input(form))
        if ok:
            flash(f"{chair.name} added.", "success")
            return redirect(url_for(".show", chair_id=chair.id))
    return form_page("chairs/form.html", form, chair=None)


@bp.get("/<int:chair_id>")
def show(chair_id: int):
    chair = _chair(chair_id)
    return owner_page("chairs/show.html", chair, chair=chair)


@bp.route("/<int:chair_id>/edit", methods=["GET", "POST"])
def edit(chair_id: int):
    chair = _chair(chair_id)
    localities = localities_service.active_choices()
    if chair.base_locality.retired_at is not None:
        localities.append((chair.base_locality_id, f"{chair.base_locality.name} (retired)"))
    form = ChairForm(obj=chair, localities=localities, users=service.linkable_users(chair_id))
    if not form.is_submitted():
        form.roles.data, form.working_days.data = chair.role_list, chair.working_day_list
    if form.validate_on_submit():
        ok, _ = submit(form, service.update_chair, chair_id, _input(form))
        if ok:
            flash("Chair saved.", "success")
            return redirect(url_for(".show", chair_id=chair_id))
    return form_page("chairs/form.html", form, chair=chair)


@bp.post("/<int:chair_id>/retire")
def retire(chair_id: int):
    chair = change(service.retire_chair, chair_id)  # CSRFProtect has checked the token
    flash(f"{chair.name} retired.", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:chair_id>/unavailability")
def add_unavailability(chair_id: int):
    chair = _chair(chair_id)
    done = url_for(".show", chair_id=chair_id, _anchor="unavailability")
    return add_period("chairs/show.html", chair, done, chair=chair)


@bp.post("/<int:chair_id>/unavailability/<int:unavailability_id>/remove")
def remove_unavailability(chair_id: int, unavailability_id: int):
    done = url_for(".show", chair_id=chair_id, _anchor="unavailability")
    return remove_period(_chair(chair_id), unavailability_id, done)


def _chair(chair_id: int):
    return found(service.get_chair, chair_id)


def _input(form: ChairForm) -> ChairInput:
    return ChairInput(
        form.name.data,
        form.email.data,
        form.base_locality_id.data,
        form.fte.data,
        form.roles.data or [],
        form.working_days.data or [],
        form.max_meetings_per_day.data,
        form.max_minutes_per_week.data,
        form.portable_hybrid_kit.data,
        form.user_id.data,
        form.personal_meeting_link.data or "",
    )
