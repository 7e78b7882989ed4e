"""Helpers shared by the reference-data pages: errors onto forms, 400 re-renders, 404s, and
Europe/London formatting in templates."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, render_template
from flask_login import current_user

from app.services import NotFound, ServiceError
from app.time import format_local, utc_now

T = TypeVar("T")


def use_reference_helpers(bp: Blueprint) -> None:
    bp.context_processor(lambda: {"format_local": format_local})


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
