"""People and access (admins only): accounts, roles, disabling leavers, password links, and
ending an account's sessions and API tokens."""

from flask import Blueprint, flash, redirect, render_template, url_for

from app.forms.accounts.users import NewUserForm, RoleForm
from app.services import ServiceError
from app.services.accounts import users as service
from app.services.accounts.password_links import LINK_LIFETIME
from app.time import format_local, utc_now
from app.views._listing import (
    change,
    download_asked,
    form_page,
    found,
    send_list,
    submit,
)

bp = Blueprint("users", __name__, url_prefix="/users")
# A page showing a one-time link is not cached, and its links do not pass it on.
SECRET_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.get("")
def index():
    rows = service.list_users(utc_now())
    if kind := download_asked():
        columns = ["Name", "Email", "Role", "Status", "Last sign-in (UK time)", "Linked chair"]
        table = [[r.user.name, r.user.email, r.user.role,
                  "Active" if r.user.active else "Disabled", format_local(r.user.last_signed_in_at),
                  r.user.chair.name if r.user.chair else ""] for r in rows]  # fmt: skip
        return send_list(kind, "users", columns, table)
    return render_template("users/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        ok, made = submit(form, service.create_user, form.email.data, form.name.data,
                          form.role.data or "")  # fmt: skip
        if ok and made is not None:
            user, token = made
            return _link_page(user, token, new=True)
    return form_page("users/new.html", form)


@bp.get("/<int:user_id>")
def show(user_id: int):
    return _show(user_id)


@bp.post("/<int:user_id>/role")
def change_role(user_id: int):
    form = RoleForm()
    if form.validate_on_submit():
        ok, user = submit(form, service.change_role, user_id, form.role.data or "")
        if ok and user is not None:
            flash(f"{user.name} is now {_role_name(user.role)}.", "success")
            return redirect(url_for(".show", user_id=user_id))
    return _show(user_id, role_form=form, status=400)


@bp.post("/<int:user_id>/disable")
def disable(user_id: int):
    return _act(user_id, service.disable_user, "{name} is disabled: signed out everywhere, "
                "with their API tokens and calendar feed revoked.")  # fmt: skip


@bp.post("/<int:user_id>/enable")
def enable(user_id: int):
    return _act(user_id, service.enable_user, "{name} may sign in again.")


@bp.post("/<int:user_id>/reset-password")
def reset_password(user_id: int):
    try:
        user, token = change(service.reset_password, user_id)
    except ServiceError as error:
        return _show(user_id, error=error.message, status=400)
    return _link_page(user, token, new=False)


@bp.post("/<int:user_id>/revoke-sessions")
def revoke_sessions(user_id: int):
    ended = change(service.revoke_sessions, user_id)
    flash(f"{ended} session{'' if ended == 1 else 's'} ended.", "success")
    return redirect(url_for(".show", user_id=user_id))


@bp.post("/<int:user_id>/revoke-tokens")
def revoke_tokens(user_id: int):
    revoked = change(service.revoke_tokens, user_id)
    flash(f"{revoked} API token{'' if revoked == 1 else 's'} revoked.", "success")
    return redirect(url_for(".show", user_id=user_id))


def _act(user_id: int, action, done: str):
    try:
        user = change(action, user_id)
    except ServiceError as error:
        return _show(user_id, error=error.message, status=400)
    flash(done.format(name=user.name), "success")
    return redirect(url_for(".show", user_id=user_id))


def _show(user_id: int, role_form: RoleForm | None = None, error: str = "", status: int = 200):
    row = found(service.get_user, utc_now(), user_id)
    if role_form is None:
        role_form = RoleForm(data={"role": row.user.role})
    # `form` puts a refused role change in the page's error summary (base.html).
    page = render_template("users/show.html", row=row, user=row.user, role_form=role_form,
                           form=role_form, why_unlinked=service.why_unlinked(row.user),
                           error=error)  # fmt: skip
    return page, status


def _link_page(user, token: str, new: bool):
    """Shown once, in this response: only the token's hash is kept."""
    link = url_for("passwords.set_password", token=token, _external=True)
    hours = int(LINK_LIFETIME.total_seconds() // 3600)
    page = render_template("users/link.html", user=user, link=link, new=new, hours=hours)
    return page, 200, SECRET_HEADERS


def _role_name(role: str) -> str:
    return {"admin": "an admin", "manager": "a team manager", "chair": "a chair"}.get(role, role)
