"""Bearer-token authentication for the API: a token acts as its user, with that user's role.

A browser session is not a token: the API ignores the session cookie, so it needs no CSRF
protection and a signed-in page cannot be tricked into calling it.
"""

from apiflask import HTTPTokenAuth

from app import policy
from app.api import errors
from app.api.blueprint import bp
from app.database import forget_bookkeeping_commit
from app.models import User
from app.services.accounts import api_tokens
from app.time import utc_now

auth = HTTPTokenAuth(
    scheme="Bearer",
    description="A token from `quorum tokens create --user EMAIL`, sent as "
    "`Authorization: Bearer <token>`. It acts with its user's role until it expires "
    "(90 days unless made with `--days`, at most 365).",
)


@auth.verify_token
def verify_token(token: str):
    user = api_tokens.user_for_token(utc_now(), token)
    forget_bookkeeping_commit()
    return user


@auth.get_user_roles
def user_roles(user) -> list[str]:
    return [user.role]


@auth.error_processor
def auth_error(error):
    return errors.http_error(error)


def current_user() -> User:
    """The user the request's token belongs to (inside a view under auth_required)."""
    user = auth.current_user
    assert user is not None  # auth_required let the request in: its token found this user
    return user


def token_required(view):
    """The bearer token, and one of the roles the access policy (app.policy) gives the endpoint;
    an API view without a token row there is a mistake caught when the app starts."""
    endpoint = f"{bp.name}.{view.__name__}"
    access = policy.access_to(endpoint)
    if access is None or not access.token:
        raise LookupError(f"{endpoint} needs a bearer-token row in app.policy.POLICY")
    return bp.auth_required(auth, roles=list(access.roles))(view)
