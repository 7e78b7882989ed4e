"""The JSON API under /api/v1 (APIFlask, pydantic models, OpenAPI 3.1 at /api/v1/openapi.json).

Callers authenticate with a bearer token (app.api.auth), never the browser session, so the
blueprint is exempt from CSRF. Errors are JSON in one shape (app.api.errors).
"""

# The endpoint modules register their routes on the blueprint when imported.
from app.api import errors, meeting_requests, meetings, plan_runs, reports  # noqa: F401
from app.api.blueprint import bp
from app.extensions import csrf
from app.limits import MAX_ID


def register_api(app) -> None:
    errors.init_app(app)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.spec_processor(declare_input_limits)


UNREADABLE = (
    "The request could not be read: a NUL character (%00) in it, or a body that is not JSON."
)
BUSY = "The database is busy with other changes; nothing was done. Try again after Retry-After."


def declare_input_limits(spec: dict) -> dict:
    """What app.input_guards and app.errors do for every operation, in the document: each
    `<int:…>` in a path is an id the URL converter bounds, any request can be unreadable (400)
    and any can meet a busy database (503). So what the document allows the server accepts,
    and every answer it gives is documented."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("type") == "integer":
                    schema.update(minimum=1, maximum=MAX_ID)
            operation["responses"].setdefault("400", {"description": UNREADABLE, "content": error})
            operation["responses"].setdefault(
                "503",
                {
                    "description": BUSY,
                    "content": error,
                    "headers": {
                        "Retry-After": {
                            "description": "Seconds to wait before trying again.",
                            "schema": {"type": "integer"},
                        }
                    },
                },
            )
    return spec
