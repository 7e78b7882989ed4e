"""Helpers shared by the pages: errors onto forms, 400 re-renders, 404s, and a list page's
download as CSV or Excel. (Every template has type_label, format_day and format_local:
app.views registers them for all.)"""

from collections.abc import Callable
from typing import TypeVar

from flask import abort, make_response, render_template, request
from flask_login import current_user

from app.services import NotFound, ServiceError, audit, spreadsheets
from app.time import london_date, utc_now

T = TypeVar("T")


def found(fetch: Callable, *args):
    """A service read, with NotFound as the 404 page."""
    try:
        return fetch(*args)
    except NotFound:
        abort(404)


def attach_error(form, error: ServiceError) -> None:
    """Show a service's refusal on the field it names (the error summary links to it)."""
    field = form._fields.get(error.field or "") or form._fields.get("submit")
    field.errors = [*field.errors, error.message]


def change(action: Callable, *args):
    """Run a service action as the signed-in user, now. Raises ServiceError; 404 on NotFound."""
    try:
        return action(utc_now(), current_user.id, *args)
    except NotFound:
        abort(404)


def form_page(template: str, form, **context):
    """A form page: 200 when first shown, 400 when a submission failed."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def submit(form, action: Callable[..., T], *args) -> tuple[bool, T | None]:
    """Run a service action for a valid form; a refusal goes onto the form. (ok, result):
    the result is the action's when ok, None when refused."""
    try:
        return True, change(action, *args)
    except ServiceError as error:
        attach_error(form, error)
        return False, None


MIME_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download_asked() -> str | None:
    """'csv' or 'xlsx' when the list page was asked for as a file (?download=), else None."""
    kind = request.args.get("download")
    return kind if kind in spreadsheets.DOWNLOADS else None


def send_list(kind: str, name: str, columns: list[str], rows: list[list]):
    """The list as a file named for it and today, never cached, its download audited."""
    now = utc_now()
    audit.list_downloaded(now, current_user.id, name, len(rows))
    if kind == "csv":
        body = spreadsheets.csv_bytes(columns, rows)
    else:
        body = spreadsheets.xlsx_bytes(name.capitalize(), columns, rows)
    response = make_response(body)
    response.headers["Content-Type"] = MIME_TYPES[kind]
    filename = f"quorum-{name}-{london_date(now).isoformat()}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
