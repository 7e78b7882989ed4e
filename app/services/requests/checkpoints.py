"""The checkpoint of a long child protection plan: requested when a plan starts, cancelled when
it ends.

A plan starts at an initial (or pre-birth initial) conference that does not end it; the
checkpoint's window counts from that day (`cp_plan_checkpoint_months`, 18 by default). It is
held by the conference chair with the social work team manager: the manager is a person on the
case (role `team_manager_sw`), invited as a required attendee, so that Find times plans around
their diary and the invite reaches them (a meeting has one chair, so a chair of role
`team_manager` could not sit beside the conference chair, and a Quorum user is nobody's
invitee). A case has one open or booked checkpoint at most: a second initial conference while a
plan runs does not restart the clock.

The caller commits; every change is audited here.
"""

from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Case, Meeting, MeetingRequest, RequestAttendee
from app.services import audit
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.settings import authority_settings
from app.time import format_day
from app.timescales import MeetingType, window

CHECKPOINT = MeetingType.CP_PLAN_CHECKPOINT
# A plan starts at these conferences; only a review conference (or closing the case) ends it.
PLAN_STARTS = (MeetingType.ICPC.value, MeetingType.PREBIRTH_ICPC.value)
TEAM_MANAGER = "team_manager_sw"
# The role a social work team manager has at a meeting (requests.rules.ROLE_FROM_PERSON).
TEAM_MANAGER_AT_MEETING = "social_worker"
NO_TEAM_MANAGER = (
    "No social work team manager is a party to this case: add them to the case and to this "
    "request before booking it."
)


def open_checkpoint(case_id: int) -> MeetingRequest | None:
    """The case's checkpoint still to be held (open or booked), if any."""
    return db.session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.case_id == case_id,
            MeetingRequest.meeting_type == CHECKPOINT.value,
            MeetingRequest.status.in_(("open", "booked")),
        )
    )


def request_checkpoint(now: datetime, actor_id: int | None, conference: MeetingRequest,
                       chair_id: int, plan_start: date) -> MeetingRequest | None:  # fmt: skip
    """Request the checkpoint of the plan that started at `conference`, held on `plan_start`
    and chaired by `chair_id`; None when the case already has one to hold."""
    if open_checkpoint(conference.case_id) is not None:
        return None
    computed = window(CHECKPOINT, plan_start, settings=authority_settings())
    managers = _team_managers(conference)
    created = MeetingRequest(
        case_id=conference.case_id, meeting_type=CHECKPOINT.value, sequence="first",
        trigger_date=plan_start, earliest=computed.earliest, latest=computed.latest,
        preferred_latest=computed.preferred_latest, window_rule=computed.rule[:300],
        duration_minutes=CHECKPOINT.info.duration_minutes, format=conference.format,
        locality_id=conference.locality_id, in_person_count=_in_room(conference.format, managers),
        allocated_chair_id=chair_id, chair_fixed=False,
        notes="" if managers else NO_TEAM_MANAGER, status="open", created_at=now,
        created_by_id=actor_id,
        attendees=[RequestAttendee(person_id=person_id, attendance="required",
                                   role=TEAM_MANAGER_AT_MEETING, presence="either")
                   for person_id in managers],
    )  # fmt: skip
    db.session.add(created)
    db.session.flush()
    audit.record(now, actor_id, "request.create", created,
                 f"case_id={conference.case_id}; plan checkpoint after request_id={conference.id};"
                 f" window computed from held_on; team managers={len(managers)}")  # fmt: skip
    return created


def end_checkpoint(now: datetime, actor_id: int | None, case_id: int,
                   why: str) -> MeetingRequest | None:  # fmt: skip
    """Cancel the case's checkpoint still to be held, as the plan has ended (`why`, in words
    without personal details): a booked one's meeting is cancelled and everyone invited gets a
    CANCEL. Returns the cancelled request, or None when there was none."""
    checkpoint = open_checkpoint(case_id)
    if checkpoint is None:
        return None
    checkpoint.status = "cancelled"
    checkpoint.notes = _with_line(checkpoint.notes, f"Cancelled: {why}.")
    audit.record(now, actor_id, "request.cancel", checkpoint,
                 f"changed: status, notes; reason={why}")  # fmt: skip
    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.request_id == checkpoint.id, Meeting.status.in_(("proposed", "confirmed"))
        )
    ).all()
    for meeting in meetings:
        before = snapshot(meeting)
        meeting.status = "cancelled"
        meeting.updated_at = now
        queue_meeting_notices(now, meeting, before)
        audit.record(now, actor_id, "meeting.cancel", meeting,
                     f"request_id={checkpoint.id}; changed: status; reason={why}")  # fmt: skip
    return checkpoint


def plan_ended_words(held_on: date) -> str:
    return f"the child protection plan ended at the conference held on {format_day(held_on)}"


def case_closed_words(closed_on: date) -> str:
    return f"the case closed on {format_day(closed_on)}"


def _team_managers(conference: MeetingRequest) -> list[int]:
    """The social work team managers on the case: those at the conference, else every one who
    is a party to the case."""
    at_conference = [a.person_id for a in conference.attendees if a.person.role == TEAM_MANAGER]
    if at_conference:
        return at_conference
    case = db.session.get_one(Case, conference.case_id)
    return [party.person_id for party in case.parties if party.person.role == TEAM_MANAGER]


def _in_room(meeting_format: str, managers: list[int]) -> int:
    """The chair and, unless the meeting is virtual, the managers: who may be in the room."""
    return 1 + (len(managers) if meeting_format != "virtual" else 0)


def _with_line(notes: str, line: str) -> str:
    return f"{notes.rstrip()}\n{line}" if notes.strip() else line
