"""The service's figures (managers and admins): the tables and charts for a period, each as CSV
and Excel, the annual-report pack, a printable page, and the upload of meetings held before
Quorum."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.services import ServiceError
from app.services.reports.exports import csv_text, workbook_bytes
from app.services.reports.figures import Period, period_asked
from app.services.reports.history import COLUMNS, REQUIRED, ImportRefused, import_history
from app.services.reports.tables import Table, all_tables
from app.time import london_date, utc_now

bp = Blueprint("figures", __name__, url_prefix="/figures")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _asked() -> tuple[Period | None, ServiceError | None]:
    args = request.args
    try:
        chosen = period_asked(args.get("year", ""), args.get("from", ""), args.get("to", ""),
                              london_date(utc_now()))  # fmt: skip
    except ServiceError as error:
        return None, error
    return chosen, None


def _query(chosen: Period) -> dict:
    return {"from": chosen.start.isoformat(), "to": chosen.end.isoformat()}


@bp.get("")
def index():
    chosen, error = _asked()
    if chosen is None:
        return render_template("figures/index.html", error=error, tables=[], chosen=None,
                               query={}, years=_years()), 400  # fmt: skip
    return render_template("figures/index.html", error=None, tables=all_tables(chosen),
                           chosen=chosen, query=_query(chosen), years=_years())  # fmt: skip


@bp.get("/print")
def print_page():
    chosen, error = _asked()
    if chosen is None:
        abort(400, error.message if error else "")
    return render_template("figures/print.html", tables=all_tables(chosen), chosen=chosen,
                           title=_pack_title(), today=london_date(utc_now()))  # fmt: skip


@bp.get("/annual-pack.xlsx")
def annual_pack():
    chosen, error = _asked()
    if chosen is None:
        abort(400, error.message if error else "")
    content = workbook_bytes(all_tables(chosen), chosen, _pack_title())
    return _download(content, XLSX, f"figures-{chosen.start}-to-{chosen.end}.xlsx")


@bp.get("/<key>.<extension>")
def table_download(key: str, extension: str):
    chosen, error = _asked()
    if chosen is None:
        abort(400, error.message if error else "")
    table = _table(chosen, key)
    name = f"{key}-{chosen.start}-to-{chosen.end}.{extension}"
    if extension == "csv":
        return _download(csv_text(table).encode("utf-8-sig"), "text/csv; charset=utf-8", name)
    if extension == "xlsx":
        return _download(workbook_bytes([table], chosen, _pack_title()), XLSX, name)
    abort(404)


@bp.get("/history")
def history_form():
    return render_template("figures/history.html", columns=COLUMNS, required=REQUIRED,
                           refused=None)  # fmt: skip


@bp.post("/history")
def history_upload():
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ImportRefused([], "Choose the file to import (.csv or .xlsx).")
        done = import_history(utc_now(), current_user.id, upload.filename, upload.read())
    except ImportRefused as refused:
        return render_template("figures/history.html", columns=COLUMNS, required=REQUIRED,
                               refused=refused), 400  # fmt: skip
    flash(done.words, "success")
    return redirect(url_for(".history_form"))


def _table(chosen: Period, key: str) -> Table:
    for table in all_tables(chosen):
        if table.key == key:
            return table
    abort(404)


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _pack_title() -> str:
    return f"{current_app.config['QUORUM_AUTHORITY_NAME']}: annual report figures"


def _years() -> list[int]:
    this_year = london_date(utc_now())
    first = this_year.year if this_year.month >= 4 else this_year.year - 1
    return list(range(first, first - 10, -1))
