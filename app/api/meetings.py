"""/api/v1/meetings: meetings between two days. A chair's token sees only their own."""

from app.api.auth import current_user, token_required
from app.api.blueprint import bp
from app.api.schemas import MeetingDetailOut, MeetingList, MeetingQuery
from app.services.booking import api as api_meetings
from app.services.booking.meetings import get_meeting
from app.services.notifications.notices import invite_reference
from app.services.replies.status import statuses
from app.time import utc_now


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


@bp.get("/meetings/<int:meeting_id>")
@token_required
@bp.output(MeetingDetailOut)
@bp.doc(responses={404: "No such meeting, or (to a chair's token) not one of theirs."})
def get_meeting_api(meeting_id: int):
    """Get a meeting with its attendees

    Each attendee's role, attendance (`required` or `optional`, as on a request), presence
    (`in_room`, `online` or `either`), reply (`none`, `attending_in_room`, `attending_online`,
    `apologies`) and report (`not_requested`, `requested`, `received`, `overdue`), for the
    council's case system. A chair's token sees only their own meetings."""
    meeting = get_meeting(current_user(), meeting_id)
    rows = {a.person_id: a for a in meeting.request.attendees}
    attendees = [
        {"person_id": s.person_id, "name": s.name, "role": s.role,
         "attendance": rows[s.person_id].attendance, "presence": rows[s.person_id].presence,
         "reply": s.reply, "report": s.report, "report_due": s.report_due}
        for s in statuses(utc_now(), meeting)
    ]  # fmt: skip
    return {
        **meeting_out(meeting),
        "meeting_type": meeting.request.meeting_type,
        "reference": invite_reference(meeting),
        "attendees": attendees,
    }
