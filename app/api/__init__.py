"""The JSON API under /api/v1 (APIFlask, pydantic models, OpenAPI 3.1 at /api/v1/openapi.json).

Callers authenticate with a bearer token (app.api.auth), never the browser session, so the
blueprint is exempt from CSRF. Errors are JSON in one shape (app.api.errors).
"""

# The endpoint modules register their routes on the blueprint when imported.
from app.api import errors, meeting_requests, meetings, plan_runs  # noqa: F401
from app.api.blueprint import bp
from app.extensions import csrf


def register_api(app) -> None:
    errors.init_app(app)
    csrf.exempt(bp)
    app.register_blueprint(bp)
