"""The authority's settings (local practice): the form, the question whether to move open
requests' windows, and the history of versions."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.models.escalations import ORGANISATIONS
from app.services import ServiceError
from app.services.settings import authority_settings
from app.services.settings import versions as service
from app.services.settings.values import (
    CHOICES,
    GROUPS,
    PER_TYPE_COLUMNS,
    SettingsErrors,
    form_values,
)
from app.time import format_day, london_date, utc_now

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.get("")
def index():
    today = london_date(utc_now())
    values = form_values(authority_settings(today))
    values.update({"effective_from-day": str(today.day), "effective_from-month": str(today.month),
                   "effective_from-year": str(today.year)})  # fmt: skip
    return _page(values, {})


@bp.post("")
def save():
    form = request.form.to_dict()
    try:
        outcome = service.submit(utc_now(), current_user.id, form, form.pop("windows", ""))
    except SettingsErrors as error:
        return _page(form, error.errors, 400)
    except ServiceError as error:
        return _page(form, {error.field or "reason": error.message}, 400)
    if not outcome.saved:
        form.pop("csrf_token", None)
        return render_template("settings/confirm.html", form=form, moves=outcome.moves,
                               effective_from=outcome.effective_from)  # fmt: skip
    moved = f" {len(outcome.moves)} open requests' windows moved." if outcome.moves else ""
    flash(f"Saved: the settings take effect from {format_day(outcome.effective_from)}.{moved}",
          "success")  # fmt: skip
    return redirect(url_for(".index"))


def _page(values: dict, errors: dict, status: int = 200):
    today = london_date(utc_now())
    return render_template("settings/index.html", values=values, errors=errors, groups=GROUPS,
                           columns=PER_TYPE_COLUMNS, organisations=ORGANISATIONS, choices=CHOICES,
                           history=service.history(today)), status  # fmt: skip
