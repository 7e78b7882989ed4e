"""Calendar pages (week by chair and by room, day by locality, plain list), the printed day or
week sheet, and the at-risk dashboard. Each meeting links to its page, where it is rearranged,
cancelled or marked held."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from app.services import NotFound, ServiceError
from app.services.booking import calendar as calendar_service
from app.services.booking import sheets
from app.services.requests import at_risk as at_risk_service
from app.time import LONDON, utc_now

bp = Blueprint("calendar", __name__)


def _today():
    return utc_now().astimezone(LONDON).date()


@bp.get("/calendar/chairs")
def chairs():
    return _week("chairs")


@bp.get("/calendar/rooms")
def rooms():
    return _week("rooms")


def _week(view: str):
    try:
        page = calendar_service.week_page(current_user, view, request.args.get("week"), _today())
    except ServiceError as error:
        abort(400, error.message)
    return render_template("calendar/week.html", **page)


@bp.get("/calendar/day")
def day():
    try:
        page = calendar_service.day_page(
            current_user, request.args.get("date"), request.args.get("locality"), _today()
        )
    except NotFound as error:
        abort(404, error.message)
    except ServiceError as error:
        abort(400, error.message)
    return render_template("calendar/day.html", **page)


@bp.get("/calendar/list")
def list_view():
    try:
        page = calendar_service.list_page(current_user, request.args.get("week"), _today())
    except ServiceError as error:
        abort(400, error.message)
    return render_template("calendar/list.html", **page)


@bp.get("/calendar/sheet")
def sheet():
    args = request.args
    try:
        page = sheets.sheet(current_user, args.get("by", "chair"), args.get("span", "day"),
                            args.get("date"), _today())  # fmt: skip
    except ServiceError as error:
        abort(400, error.message)
    return render_template("calendar/sheet.html", **page)


@bp.get("/at-risk")
def at_risk():
    today = _today()
    return render_template(
        "calendar/at_risk.html",
        risk=at_risk_service.at_risk(today),
        today=today,
        amber_days=at_risk_service.AMBER_WORKING_DAYS,
    )
