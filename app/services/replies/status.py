"""Per person invited to a meeting: invited or not, their reply, and their report
(not_requested | requested | received | overdue), for the meeting page, the API and a chair's
reports to read."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.invites import audience_for_role
from app.models import (
    AttendeeReport,
    AttendeeResponse,
    Meeting,
    MeetingRequest,
    OutboxMessage,
    RequestAttendee,
)
from app.services import NotFound
from app.services.booking.meetings import get_meeting, list_meetings
from app.services.notifications.notices import reader_role, report_due
from app.time import london_date


@dataclass(frozen=True)
class AttendeeStatus:
    person_id: int
    name: str
    role: str
    invited: bool  # an invitation to this meeting went, or is going, to them
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
    invited = _invited_emails(meeting)
    attendees = db.session.scalars(
        select(RequestAttendee).where(RequestAttendee.request_id == request.id)
    ).all()
    found = []
    for attendee in sorted(attendees, key=lambda a: (a.person.name.lower(), a.person_id)):
        person = attendee.person
        response = responses.get(person.id)
        reports = list(response.reports) if response is not None else []
        role = reader_role(attendee)  # as their invite was written: asked for a report or not
        was_invited = (person.email or "").strip().lower() in invited
        asked = was_invited and audience_for_role(role) == "professional" and due is not None
        found.append(
            AttendeeStatus(
                person_id=person.id,
                name=person.name,
                role=role,
                invited=was_invited,
                reply=response.reply if response is not None else "none",
                apology_reason=response.apology_reason if response is not None else "",
                report=_report(now, due if asked else None, reports),
                report_due=due if asked else None,
                reports=reports,
            )
        )
    return found


def _invited_emails(meeting: Meeting) -> set[str]:
    """Who this meeting's invitations went (or are going) to. A meeting recorded as held after
    the event, never booked here, invited nobody, so nobody was asked for anything."""
    return {
        email.lower()
        for email in db.session.scalars(
            select(OutboxMessage.recipient_email).where(
                OutboxMessage.meeting_id == meeting.id,
                OutboxMessage.kind == "invite",
                OutboxMessage.method == "REQUEST",
            )
        )
    }


def _report(now: datetime, due: date | None, reports: list) -> str:
    """`due`: the day their report was asked for by, None if it was not asked for."""
    if due is None:
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


READING_AHEAD = timedelta(weeks=6)


@dataclass(frozen=True)
class MeetingReports:
    meeting: Meeting
    reports: list[AttendeeStatus]  # the professionals asked for a report, received or not


def reports_to_read(now: datetime, user) -> list[MeetingReports]:
    """A chair's confirmed meetings from now to six weeks ahead, soonest first, each with the
    reports asked for: those received to read, those still awaited (and overdue)."""
    meetings = list_meetings(user, now, now + READING_AHEAD)
    found = []
    for meeting in meetings:
        if meeting.status != "confirmed":
            continue
        asked = [status for status in statuses(now, meeting) if status.report != "not_requested"]
        found.append(MeetingReports(meeting, asked))
    return found
