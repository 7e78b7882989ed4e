"""The pages' guard: every request is held against the access policy (app.policy) before its
view runs, so no view carries its own role check and a page missing from the policy is refused."""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app import policy
from app.extensions import login_manager
from app.services.accounts.mfa import enrolment

# Where an admin or manager without an authenticator app is held until they set one up.
MFA_SETUP = "mfa.setup"

# Flask answers these itself (CORS preflight, HEAD of a GET); Flask-Login lets them through too.
UNGUARDED_METHODS = {"OPTIONS"}


def guard_the_page():
    """Run before every request (app.before_request): the login page for a visitor who must sign
    in, 403 for a role the policy does not name, nothing for public and token endpoints (the
    API checks its bearer token and roles itself, app.api.auth)."""
    if request.endpoint is None or request.method in UNGUARDED_METHODS:
        return None  # no route matched: Flask's 404 or 405 follows
    access = policy.access_to(request.endpoint)
    if access is None:
        abort(403)
    if access.public or access.token:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    # Signing in already asks for it; this holds a session from before it was required, or
    # one whose user became an admin or manager since, to the setup page.
    if request.endpoint != MFA_SETUP and enrolment.must_set_up(current_user):
        return redirect(url_for(MFA_SETUP))
    if current_user.role not in access.roles:
        abort(403)
    return None
