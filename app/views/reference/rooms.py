"""Rooms and their closures (staff only)."""

from flask import Blueprint, flash, redirect, request, url_for

from app.forms.reference.rooms import RoomFilterForm, RoomForm
from app.services.reference import localities as localities_service
from app.services.reference import rooms as service
from app.services.reference.rooms import RoomInput
from app.views._listing import (
    change,
    download_asked,
    form_page,
    found,
    send_list,
    submit,
)
from app.views._periods import add_period, owner_page, remove_period

bp = Blueprint("rooms", __name__, url_prefix="/rooms")


@bp.get("")
def index():
    filters = RoomFilterForm(request.args, localities=localities_service.active_choices())
    rooms = service.list_rooms(
        filters.q.data, filters.locality.data, filters.hybrid.data or "", filters.retired.data
    )
    if kind := download_asked():
        columns = ["Name", "Locality", "Address", "Capacity", "Hybrid kit", "Step-free",
                   "Separate waiting area", "Status"]  # fmt: skip
        rows = [[r.name, r.locality.name, r.address, r.capacity,
                 "Yes" if r.hybrid == "full" else "No", "Yes" if r.step_free else "No",
                 "Yes" if r.separate_waiting_area else "No",
                 "Retired" if r.retired_at else "Active"] for r in rooms]  # fmt: skip
        return send_list(kind, "rooms", columns, rows)
    return form_page("rooms/index.html", filters, filters=filters, rooms=rooms)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = RoomForm(localities=localities_service.active_choices())
    if form.validate_on_submit():
        ok, room = submit(form, service.create_room, _input(form))
        if ok:
            flash(f"{room.name} added.", "success")
            return redirect(url_for(".show", room_id=room.id))
    return form_page("rooms/form.html", form, room=None)


@bp.get("/<int:room_id>")
def show(room_id: int):
    room = _room(room_id)
    return owner_page("rooms/show.html", room, room=room)


@bp.route("/<int:room_id>/edit", methods=["GET", "POST"])
def edit(room_id: int):
    room = _room(room_id)
    choices = localities_service.active_choices()
    if room.locality.retired_at is not None:
        choices.append((room.locality_id, f"{room.locality.name} (retired)"))
    form = RoomForm(obj=room, localities=choices)
    if form.validate_on_submit():
        ok, _ = submit(form, service.update_room, room_id, _input(form))
        if ok:
            flash("Room saved.", "success")
            return redirect(url_for(".show", room_id=room_id))
    return form_page("rooms/form.html", form, room=room)


@bp.post("/<int:room_id>/retire")
def retire(room_id: int):
    room = change(service.retire_room, room_id)  # CSRFProtect has checked the token
    flash(f"{room.name} retired.", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:room_id>/closures")
def add_closure(room_id: int):
    room = _room(room_id)
    done = url_for(".show", room_id=room_id, _anchor="unavailability")
    return add_period("rooms/show.html", room, done, room=room)


@bp.post("/<int:room_id>/closures/<int:unavailability_id>/remove")
def remove_closure(room_id: int, unavailability_id: int):
    done = url_for(".show", room_id=room_id, _anchor="unavailability")
    return remove_period(_room(room_id), unavailability_id, done)


def _room(room_id: int):
    return found(service.get_room, room_id)


def _input(form: RoomForm) -> RoomInput:
    return RoomInput(
        form.name.data,
        form.locality_id.data,
        form.address.data,
        form.capacity.data,
        form.hybrid.data,
        form.step_free.data,
        form.separate_waiting_area.data,
    )
