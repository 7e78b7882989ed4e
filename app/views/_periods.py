"""The unavailability part of the room, chair and person pages: list, add, remove."""

from flask import flash, redirect, render_template

from app.forms._fields import RetireForm
from app.forms.reference.unavailability import UnavailabilityForm
from app.services.reference import unavailability
from app.services.reference.unavailability import Period
from app.time import utc_now
from app.views._listing import change, submit


def owner_page(template: str, owner, form: UnavailabilityForm | None = None, **context):
    """The owner's page; with a failed add form it is a 400 showing that form's errors."""
    status = 200 if form is None else 400
    form = form or UnavailabilityForm(formdata=None, kinds=unavailability.kinds_for(type(owner)))
    periods = unavailability.periods_of(owner, utc_now())
    page = render_template(
        template,
        form=form,
        periods=periods,
        retire=RetireForm(formdata=None),
        **context,
    )
    return page, status


def add_period(template: str, owner, done_url: str, **context):
    form = UnavailabilityForm(kinds=unavailability.kinds_for(type(owner)))
    if form.validate_on_submit():
        period = Period(
            form.kind.data,
            form.starts_on.data,
            form.starts_at.data,
            form.ends_on.data,
            form.ends_at.data,
            form.note.data or "",
        )
        ok, _ = submit(form, unavailability.add, owner, period)
        if ok:
            flash("Unavailability added.", "success")
            return redirect(done_url)
    return owner_page(template, owner, form, **context)


def remove_period(owner, unavailability_id: int, done_url: str):
    change(unavailability.remove, owner, unavailability_id)
    flash("Unavailability removed.", "success")
    return redirect(done_url)
