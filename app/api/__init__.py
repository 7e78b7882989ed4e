"""The JSON API under /api/v1 (APIFlask, pydantic models, OpenAPI 3.1 at /api/v1/openapi.json).

Callers authenticate with a bearer token (app.api.auth), never the browser session, so the
blueprint is exempt from CSRF. Errors are JSON in one shape (app.api.errors).
"""

from apiflask import APIBlueprint

from app.api import errors
from app.services import ServiceError

bp = APIBlueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ServiceError, errors.service_error)


def register_api(app) -> None:
    from app.extensions import csrf

    errors.init_app(app)
    csrf.exempt(bp)
    app.register_blueprint(bp)


# Endpoint modules register their routes on `bp` (imported last: they import `bp`).
from app.api import meeting_requests, meetings, plan_runs  # noqa: E402, F401
