"""Meeting requests as the JSON API sends them: by case reference and locality name or id.

Everything else — the checks, the computed window, the audit row, the one commit — is
app.services.requests.requests.create_request's; this only turns the API's names into its input.
"""

from datetime import date, datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Locality, MeetingRequest
from app.services import ServiceError
from app.services.requests import requests as request_service
from app.services.requests.rules import AttendeeInput, RequestInput

INPUT_FIELDS = tuple(RequestInput.__dataclass_fields__)


def create_request(now: datetime, actor_id: int | None, data: dict) -> MeetingRequest:
    """Create a request from the API's body (already shape-checked): 422 on a field otherwise."""
    case = request_service.case_for_new_request(data["case_reference"])
    values = {name: data[name] for name in INPUT_FIELDS if name in data}
    values["locality_id"] = _locality_id(data.get("locality_id"), data.get("locality_name"))
    values["attendees"] = [AttendeeInput(**a) for a in data.get("attendees", [])]
    return request_service.create_request(now, actor_id, case.id, RequestInput(**values))


def list_requests(status: str, meeting_type: str | None, ends_before: date | None, page: int):
    """One page of requests, soonest deadline first (the admin list's order and page size)."""
    filters = {"status": status, "meeting_type": meeting_type, "ends_before": ends_before}
    return request_service.list_requests(filters, page)


def _locality_id(locality_id: int | None, name: str | None) -> int | None:
    if not name or not name.strip():
        return locality_id
    locality = db.session.scalar(
        select(Locality).where(
            func.lower(Locality.name) == name.strip().lower(), Locality.retired_at.is_(None)
        )
    )
    if locality is None:
        raise ServiceError(f"No locality in service is called {name.strip()}.", "locality_name")
    if locality_id is not None and locality_id != locality.id:
        raise ServiceError("Give the locality by id or by name, not two different ones.",
                           "locality_name")  # fmt: skip
    return locality.id
