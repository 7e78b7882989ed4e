"""JSON errors for the API, in the one shape app.errors already gives under /api:
{"status", "title", "detail", "errors"?}, where `errors` maps each bad field to its reasons.

APIFlask's own errors (validation, authentication, apiflask.abort) are turned into this shape
here; werkzeug's (an unknown URL, a wrong method, a body that is not JSON) by app.errors.
"""

from apiflask import APIFlask
from apiflask.exceptions import HTTPError

from app.errors import TITLES
from app.services import Clash, NotFound, ServiceError

API_TITLES = {
    **TITLES,
    401: "Authentication required",
    403: "Your role does not allow this",
    404: "Not found",
    422: "There is a problem with the data sent",
}
AUTH_DETAIL = "Send a valid API token: 'Authorization: Bearer <token>'."
FORBIDDEN_DETAIL = "Your token's user does not have a role that may do this."

ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "title", "detail"],
    "properties": {
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Each field at fault, with the reasons.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

# The request service names form fields; the API's body names them like this.
API_FIELDS = {
    "case": "case_reference",
    "locality": "locality_id",
    "allocated_chair": "allocated_chair_id",
    "required_attendees": "attendees",
    "optional_attendees": "attendees",
}
# The request form's fields for one attendee, "presence_12": the API's attendees.
ATTENDEE_FIELD_PREFIXES = ("role_", "presence_")


def body(status: int, detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    payload = {"status": status, "title": API_TITLES.get(status, "Error"), "detail": detail}
    if errors:
        payload["errors"] = errors
    return payload


def http_error(error: HTTPError):
    """APIFlask's error callback (validation errors, apiflask.abort)."""
    status = error.status_code
    if status == 422 and isinstance(error.detail, dict):
        errors = _flatten(error.detail)
        detail = "Check " + ", ".join(sorted(errors)) + "."
        return body(status, detail, errors), status, error.headers
    detail = error.message if isinstance(error.message, str) else ""
    if status == 401:
        detail = AUTH_DETAIL
    elif status == 403:
        detail = FORBIDDEN_DETAIL
    return body(status, detail), status, error.headers


def service_error(error: ServiceError):
    """A refusal from a service: 404 for something that is not there, 409 for a clash with
    other bookings, else 422 on its field."""
    if isinstance(error, NotFound):
        return body(404, error.message), 404
    if isinstance(error, Clash):  # other bookings are in the way: 409, each clash in words
        return body(409, error.message, {error.field or "_schema": error.clashes}), 409
    field = API_FIELDS.get(error.field or "", error.field or "_schema")
    if field.startswith(ATTENDEE_FIELD_PREFIXES):  # one attendee's role or presence
        field = "attendees"
    return body(422, error.message, {field: [error.message]}), 422


def _flatten(detail: dict) -> dict[str, list[str]]:
    """{"json": {"meeting_type": [...]}} → {"meeting_type": [...]}: one location per request."""
    errors: dict[str, list[str]] = {}
    for location_errors in detail.values():
        for field, messages in (location_errors or {}).items():
            errors.setdefault(str(field), []).extend(str(m) for m in messages)
    return errors


def init_app(app: APIFlask) -> None:
    app.error_processor(http_error)
    # The document describes the errors as they are sent.
    app.config["HTTP_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = ERROR_SCHEMA
