"""Regulation 44 visits (staff only): the month-by-month tracker, one period's page (record the
visit and its report, book it privately with the visitor), homes and visitors."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.forms._fields import RetireForm
from app.forms.reg44 import (
    BookVisitForm,
    CancelBookingForm,
    CloseHomeForm,
    HomeForm,
    RecordVisitForm,
    ReportForm,
    VisitorForm,
)
from app.services import ServiceError
from app.services.reference import localities as localities_service
from app.services.reg44 import booking, homes, tracker
from app.time import LONDON, utc_now
from app.views._listing import form_page, found, submit

bp = Blueprint("reg44", __name__, url_prefix="/reg44")


def _today():
    return utc_now().astimezone(LONDON).date()


@bp.get("")
def tracker_page():
    try:
        page = tracker.tracker(_today(), request.args.get("from"), request.args.get("year"))
    except ServiceError as error:
        return render_template("reg44/tracker.html", page=None, error=error), 400
    return render_template("reg44/tracker.html", page=page, error=None)


# -- one period of one home ----------------------------------------------------------------------


@bp.get("/homes/<int:home_id>/visit")
def visit(home_id: int):
    return _visit_page(home_id, request.args.get("period"), status=200)


@bp.post("/homes/<int:home_id>/visit/record")
def record_visit(home_id: int):
    form = RecordVisitForm(visitors=homes.visitor_choices())
    if form.validate_on_submit():
        data = form.period.data, form.visited_on.data, form.visitor_id.data, _today()
        ok, _ = submit(form, tracker.record_visit, home_id, *data)
        if ok:
            flash("Visit recorded.", "success")
            return _back_to(home_id, form.period.data)
    return _visit_page(home_id, form.period.data, record_form=form)


@bp.post("/homes/<int:home_id>/visit/report")
def record_report(home_id: int):
    form = ReportForm()
    if form.validate_on_submit():
        data = form.period.data, form.received_on.data, _today()
        ok, _ = submit(form, tracker.record_report, home_id, *data)
        if ok:
            flash("Report recorded.", "success")
            return _back_to(home_id, form.period.data)
    return _visit_page(home_id, form.period.data, report_form=form)


@bp.post("/homes/<int:home_id>/visit/book")
def book(home_id: int):
    form = BookVisitForm()
    if form.validate_on_submit():
        data = form.period.data, form.day.data, form.starts.data, form.ends.data, _today()
        ok, _ = submit(form, booking.book_visit, home_id, *data)
        if ok:
            flash("Booking sent to the visitor's calendar only.", "success")
            return _back_to(home_id, form.period.data)
    return _visit_page(home_id, form.period.data, book_form=form)


@bp.post("/homes/<int:home_id>/visit/cancel")
def cancel_booking(home_id: int):
    form = CancelBookingForm()
    if form.validate_on_submit():
        ok, _ = submit(form, booking.cancel_booking, home_id, form.period.data, _today())
        if ok:
            flash("Booking cancelled; the visitor is sent a cancellation.", "success")
            return _back_to(home_id, form.period.data)
    return _visit_page(home_id, form.period.data, cancel_form=form)


def _back_to(home_id: int, period: str | None):
    return redirect(url_for(".visit", home_id=home_id, period=period))


def _visit_page(home_id: int, period: str | None, status: int = 400, **forms):
    page = found(tracker.visit_page, home_id, period, _today())
    visitors = [(visitor.id, visitor.name) for visitor in page.visitors]
    start = page.period.start.isoformat()
    record_form = forms.get("record_form") or RecordVisitForm(formdata=None, visitors=visitors)
    report_form = forms.get("report_form") or ReportForm(formdata=None)
    book_form = forms.get("book_form") or BookVisitForm(formdata=None)
    cancel_form = forms.get("cancel_form") or CancelBookingForm(formdata=None)
    for form in (record_form, report_form, book_form, cancel_form):
        form.period.data = start
    visit_row = page.period.visit
    if not forms and visit_row is not None:
        record_form.visitor_id.data = visit_row.visitor_id
    elif not forms and page.home.visitor_id:
        record_form.visitor_id.data = page.home.visitor_id
    failed = next(iter(forms.values()), None)
    return render_template("reg44/visit.html", page=page, record_form=record_form,
                           report_form=report_form, book_form=book_form,
                           cancel_form=cancel_form, form=failed), status  # fmt: skip


# -- homes ---------------------------------------------------------------------------------------


@bp.get("/homes")
def homes_page():
    include_closed = request.args.get("closed") == "y"
    return render_template("reg44/homes.html", homes=homes.list_homes(include_closed),
                           include_closed=include_closed)  # fmt: skip


def _home_form(**kwargs) -> HomeForm:
    return HomeForm(localities=localities_service.active_choices(),
                    visitors=homes.visitor_choices(), **kwargs)  # fmt: skip


def _home_input(form: HomeForm) -> tuple:
    return (form.name.data, form.locality_id.data, form.supported_living.data,
            form.visitor_id.data, form.opened_on.data)  # fmt: skip


@bp.route("/homes/new", methods=["GET", "POST"])
def create_home():
    form = _home_form()
    if form.validate_on_submit():
        ok, home = submit(form, homes.create_home, *_home_input(form))
        if ok:
            assert home is not None
            flash(f"{home.name} added.", "success")
            return redirect(url_for(".homes_page"))
    return form_page("reg44/home_form.html", form, home=None, close_form=None)


@bp.route("/homes/<int:home_id>/edit", methods=["GET", "POST"])
def edit_home(home_id: int):
    home = found(homes.get_home, home_id)
    form = _home_form(obj=home)
    if form.validate_on_submit():
        ok, _ = submit(form, homes.edit_home, home_id, *_home_input(form))
        if ok:
            flash("Home saved.", "success")
            return redirect(url_for(".homes_page"))
    close_form = CloseHomeForm(formdata=None)
    return form_page("reg44/home_form.html", form, home=home, close_form=close_form)


@bp.post("/homes/<int:home_id>/close")
def close_home(home_id: int):
    home = found(homes.get_home, home_id)
    form = CloseHomeForm()
    if form.validate_on_submit():
        ok, _ = submit(form, homes.close_home, home_id, form.closed_on.data)
        if ok:
            flash(f"{home.name} closed: no visits are due after that day.", "success")
            return redirect(url_for(".homes_page"))
    edit_form = _home_form(obj=home, formdata=None)
    page = render_template("reg44/home_form.html", form=edit_form, home=home, close_form=form)
    return page, 400


# -- visitors ------------------------------------------------------------------------------------


@bp.get("/visitors")
def visitors_page():
    return render_template("reg44/visitors.html", visitors=homes.list_visitors(True))


@bp.route("/visitors/new", methods=["GET", "POST"])
def create_visitor():
    form = VisitorForm()
    if form.validate_on_submit():
        ok, visitor = submit(form, homes.create_visitor, form.name.data, form.email.data)
        if ok:
            assert visitor is not None
            flash(f"{visitor.name} added.", "success")
            return redirect(url_for(".visitors_page"))
    return form_page("reg44/visitor_form.html", form, visitor=None)


@bp.route("/visitors/<int:visitor_id>/edit", methods=["GET", "POST"])
def edit_visitor(visitor_id: int):
    visitor = found(homes.get_visitor, visitor_id)
    form = VisitorForm(obj=visitor)
    if form.validate_on_submit():
        data = form.name.data, form.email.data
        ok, _ = submit(form, homes.edit_visitor, visitor_id, *data)
        if ok:
            flash("Visitor saved.", "success")
            return redirect(url_for(".visitors_page"))
    return form_page("reg44/visitor_form.html", form, visitor=visitor)


@bp.post("/visitors/<int:visitor_id>/retire")
def retire_visitor(visitor_id: int):
    visitor = found(homes.get_visitor, visitor_id)
    form = RetireForm()
    if form.validate_on_submit():
        ok, _ = submit(form, homes.retire_visitor, visitor_id)
        if ok:
            flash(f"{visitor.name} retired.", "success")
            return redirect(url_for(".visitors_page"))
    error = (form.errors.get("submit") or ["The form expired: try again"])[0]
    flash(error, "error")
    return redirect(url_for(".visitors_page"))
