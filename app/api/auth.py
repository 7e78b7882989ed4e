"""Bearer-token authentication for the API: a token acts as its user, with that user's role.

A browser session is not a token: the API ignores the session cookie, so it needs no CSRF
protection and a signed-in page cannot be tricked into calling it.
"""

from apiflask import HTTPTokenAuth

from app.api import errors
from app.services.accounts import api_tokens
from app.time import utc_now
from app.views.access import STAFF

auth = HTTPTokenAuth(
    scheme="Bearer",
    description="A token from `quorum tokens create --user EMAIL`, sent as "
    "`Authorization: Bearer <token>`. It acts with its user's role.",
)
ALL_ROLES = ["admin", "manager", "chair"]
STAFF_ROLES = list(STAFF)


@auth.verify_token
def verify_token(token: str):
    return api_tokens.user_for_token(utc_now(), token)


@auth.get_user_roles
def user_roles(user) -> list[str]:
    return [user.role]


@auth.error_processor
def auth_error(error):
    return errors.http_error(error)


def current_user():
    """The user the request's token belongs to (inside a view under auth_required)."""
    return auth.current_user
