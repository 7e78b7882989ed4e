"""/api/v1/meeting-requests: list, create (with the computed statutory window), read one.
Admins and managers only, as on the Requests pages."""

from app.api.auth import current_user, token_required
from app.api.blueprint import bp
from app.api.schemas import (
    MeetingRequestIn,
    MeetingRequestOut,
    MeetingRequestPage,
    MeetingRequestQuery,
)
from app.services.requests import api as api_requests
from app.services.requests import requests as request_service
from app.time import utc_now

STAFF_ONLY = {403: "The token's user is a chair: requests are for admins and managers."}


@bp.get("/meeting-requests")
@token_required
@bp.input(MeetingRequestQuery, location="query", arg_name="query")
@bp.output(MeetingRequestPage)
@bp.doc(responses=STAFF_ONLY)
def list_requests(query: MeetingRequestQuery):
    """List meeting requests

    Soonest deadline first, 50 to a page. By default the active ones (open or booked).
    """
    page = api_requests.list_requests(query.status, query.type, query.window_ends_before,
                                      query.page)  # fmt: skip
    return {
        "items": [request_out(row) for row in page.items],
        "pagination": {
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
            "total": page.total,
        },  # fmt: skip
    }


@bp.post("/meeting-requests")
@token_required
@bp.input(MeetingRequestIn, location="json", arg_name="body")
@bp.output(MeetingRequestOut, status_code=201)
@bp.doc(responses={**STAFF_ONLY, 400: "The body is not JSON."})
def create_request(body: MeetingRequestIn):
    """Create a meeting request

    Quorum computes the statutory window (earliest, latest, preferred_latest and the rule in
    words) from the type, trigger date, place in the chain and expected date of delivery. A
    field Quorum refuses (an unknown case, a closed case, a window it cannot compute) is a 422
    naming it; nothing is created.
    """
    row = api_requests.create_request(utc_now(), current_user().id, body.model_dump())
    return request_out(row), 201


@bp.get("/meeting-requests/<int:request_id>")
@token_required
@bp.output(MeetingRequestOut)
@bp.doc(responses=STAFF_ONLY)
def get_request(request_id: int):
    """Get a meeting request"""
    return request_out(request_service.get_request(request_id))


def request_out(row) -> dict:
    return {
        **{
            name: getattr(row, name)
            for name in MeetingRequestOut.model_fields
            if hasattr(row, name)
        },
        "case_reference": row.case.reference,
        "rule": row.window_rule,
    }
