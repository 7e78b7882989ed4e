"""/api/v1/meetings: meetings between two days. A chair's token sees only their own."""

from app.api.auth import current_user, token_required
from app.api.blueprint import bp
from app.api.schemas import MeetingList, MeetingQuery
from app.services.booking import api as api_meetings


@bp.get("/meetings")
@token_required
@bp.input(MeetingQuery, location="query", arg_name="query")
@bp.output(MeetingList)
def list_meetings(query: MeetingQuery):
    """List meetings between two days

    Meetings starting on any Europe/London day from `from` to `to`, both included (at most
    366 days); cancelled ones left out. Times are ISO 8601 in UTC with the offset."""
    rows = api_meetings.meetings_between(current_user(), query.from_, query.to)
    return {"items": [meeting_out(row) for row in rows]}


def meeting_out(row) -> dict:
    return {
        "id": row.id,
        "request_id": row.request_id,
        "start": row.starts_at,
        "end": row.ends_at,
        "chair_id": row.chair_id,
        "room_id": row.room_id,
        "status": row.status,
        "ical_sequence": row.ical_sequence,
    }
