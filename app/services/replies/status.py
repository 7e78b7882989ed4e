"""Per person invited to a meeting: invited or not, their reply, and their report
(not_requested | requested | received | overdue), for the meeting page and the API."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.invites import audience_for_role
from app.models import AttendeeReport, AttendeeResponse, Meeting, MeetingRequest, RequestAttendee
from app.services import NotFound
from app.services.booking.meetings import get_meeting
from app.services.notifications.notices import report_due
from app.time import london_date

INVITED_STATUSES = ("confirmed", "held")


@dataclass(frozen=True)
class AttendeeStatus:
    person_id: int
    name: str
    role: str
    invited: bool  # an invite went, or goes, to them: they have an email and the meeting is on
    reply: str  # none | attending_in_room | attending_online | apologies
    apology_reason: str
    report: str  # not_requested | requested | received | overdue
    report_due: date | None
    reports: list[AttendeeReport] = field(default_factory=list)


def statuses(now: datetime, meeting: Meeting) -> list[AttendeeStatus]:
    request = db.session.get_one(MeetingRequest, meeting.request_id)
    responses = {
        response.person_id: response
        for response in db.session.scalars(
            select(AttendeeResponse).where(AttendeeResponse.request_id == request.id)
        )
    }
    due = report_due(meeting, request)
    attendees = db.session.scalars(
        select(RequestAttendee).where(RequestAttendee.request_id == request.id)
    ).all()
    found = []
    for attendee in sorted(attendees, key=lambda a: (a.person.name.lower(), a.person_id)):
        person = attendee.person
        response = responses.get(person.id)
        reports = list(response.reports) if response is not None else []
        found.append(
            AttendeeStatus(
                person_id=person.id,
                name=person.name,
                role=attendee.role or person.role,
                invited=bool(person.email) and meeting.status in INVITED_STATUSES,
                reply=response.reply if response is not None else "none",
                apology_reason=response.apology_reason if response is not None else "",
                report=_report(now, person.role, due, reports),
                report_due=due if audience_for_role(person.role) == "professional" else None,
                reports=reports,
            )
        )
    return found


def _report(now: datetime, role: str, due: date | None, reports: list) -> str:
    if audience_for_role(role) != "professional" or due is None:
        return "not_requested"
    if reports:
        return "received"
    return "overdue" if london_date(now) > due else "requested"


def report_for_staff(user, meeting_id: int, report_id: int) -> AttendeeReport:
    """A report of this meeting, for staff or the meeting's own chair (another chair's meeting
    is not found, as everywhere)."""
    meeting = get_meeting(user, meeting_id)
    report = db.session.get(AttendeeReport, report_id)
    if report is None or report.response.request_id != meeting.request_id:
        raise NotFound("That report does not exist or is not one of this meeting's.")
    return report
