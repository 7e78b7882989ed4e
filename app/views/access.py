"""Who may see what: role checks for views."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

STAFF = ("admin", "manager")


def roles_required(*roles: str) -> Callable:
    """Signed in, and holding one of `roles`; otherwise the login page or 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


staff_required = roles_required(*STAFF)
