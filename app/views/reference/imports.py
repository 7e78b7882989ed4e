"""Importing reference data from a spreadsheet (admins only): a template to fill in, the upload,
its preview, and the confirmation that saves it."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from app.services import NotFound, ServiceError
from app.services.imports.registry import KINDS, kind_named
from app.services.imports.templates import template_csv, template_workbook
from app.services.imports.uploads import confirm_upload, preview_upload
from app.services.spreadsheets import ImportRefused
from app.time import utc_now

bp = Blueprint("imports", __name__, url_prefix="/imports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SESSION_KEY = "import_token"
# Where each kind's own list is, for the way back.
_LISTS = {
    "chairs": ("chairs.index", "chairs"),
    "rooms": ("rooms.index", "rooms"),
    "people": ("people.index", "people"),
    "leave": ("chairs.index", "chairs"),
    "closures": ("settings.index", "local practice"),
    "cases": ("cases.index", "cases"),
    "requests": ("requests.index", "meeting requests"),
}


def _kind(name: str):
    try:
        return kind_named(name)
    except NotFound:
        abort(404)


@bp.get("")
def index():
    return render_template("imports/index.html", kinds=list(KINDS.values()))


@bp.get("/<kind>")
def form(kind: str):
    return render_template("imports/form.html", kind=_kind(kind), refused=None,
                           back=_LISTS.get(kind))  # fmt: skip


@bp.get("/<kind>/template.<extension>")
def template(kind: str, extension: str):
    chosen = _kind(kind)
    if extension == "csv":
        body, mimetype = template_csv(chosen), "text/csv; charset=utf-8"
    elif extension == "xlsx":
        body, mimetype = template_workbook(chosen), XLSX
    else:
        abort(404)
    disposition = f'attachment; filename="quorum-{chosen.name}.{extension}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.post("/<kind>")
def preview(kind: str):
    chosen = _kind(kind)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ImportRefused([], "Choose the file to import (.csv or .xlsx).")
        found, token = preview_upload(utc_now(), current_user.id, chosen.name, upload.filename,
                                      upload.read())  # fmt: skip
    except ImportRefused as refused:
        return render_template("imports/form.html", kind=chosen, refused=refused,
                               back=_LISTS.get(kind)), 400  # fmt: skip
    session[_SESSION_KEY] = token
    return render_template("imports/preview.html", kind=chosen, preview=found,
                           can_save=token is not None), 200 if token else 400  # fmt: skip


@bp.post("/<kind>/confirm")
def confirm(kind: str):
    chosen = _kind(kind)
    try:
        done = confirm_upload(utc_now(), current_user.id, chosen.name, session.get(_SESSION_KEY))
    except ImportRefused as refused:
        return render_template("imports/form.html", kind=chosen, refused=refused,
                               back=_LISTS.get(kind)), 400  # fmt: skip
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for(".form", kind=chosen.name))
    session.pop(_SESSION_KEY, None)
    flash(f"{chosen.title} imported: {done.words}.", "success")
    return redirect(url_for(".form", kind=chosen.name))
