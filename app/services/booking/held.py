"""Marking a meeting held, and requesting the next meeting of its chain.

Cadence runs from the date a meeting was actually held (docs/meeting-types-and-timescales.md),
so the next request's window is counted from `held_on`. A meeting held after its request's
latest day is out of timescale: the service still records it, but only with the reason, kept on
the meeting; a manager's agreement is asked for (or given at once, when a manager marks it held:
app.services.approvals), and both are written to the audit log.

A meeting held but never booked in Quorum is recorded here too (`record_held`), and ends in the
same state as a booked meeting marked held. Neither sends anything: there is nobody to invite
to a meeting already over.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Case, Chair, Meeting, MeetingRequest, RequestAttendee, Room
from app.models.governance.approvals import Approval, ApprovalKind
from app.services import NotFound, ServiceError, audit
from app.services._retry import retry_on_deadlock
from app.services.approvals import approvals
from app.services.booking.bookings import conflict_from, new_ical_uid
from app.services.booking.late_agreements import Agreement
from app.services.cases.cases import FIRST_OPENED_ON
from app.services.requests import checkpoints
from app.services.requests.requests import get_request
from app.services.requests.rules import (
    PREBIRTH,
    birth_of,
    check_duration,
    statutory_window,
    typical_minutes,
)
from app.time import NonexistentLocalTime, format_day, london_date, to_utc
from app.timescales import MeetingType, TimescaleError, next_in_chain

_CP_CHAIN = (MeetingType.ICPC, MeetingType.PREBIRTH_ICPC, MeetingType.RCPC)
# Reviews chaired by the child's Independent Reviewing Officer.
_IRO_REVIEWS = (MeetingType.CIC_REVIEW, MeetingType.STB_REVIEW)


def mark_held(now: datetime, actor_id: int | None, request_id: int, plan_ended: bool,
              late_reason: str, held_on: date | None = None) -> MeetingRequest | None:  # fmt: skip
    """Mark the request's confirmed meeting held on `held_on`, the day it was actually held
    (None: the day it was booked for); return the next request, if any. The late check and the
    next window count from that day."""
    meeting_request = get_request(request_id)
    meeting = _confirmed_meeting(meeting_request)
    booked_on = london_date(meeting.starts_at)
    if meeting.starts_at > now:
        raise ServiceError(
            f"This meeting is on {format_day(booked_on)}: it can be marked held once it has "
            "started.",
            "submit",
        )
    held_on = _check_held_on(now, meeting_request, held_on or booked_on)
    # Asked for already when it was booked or moved out of timescale: not asked for twice.
    late = _late_agreement(meeting_request, held_on, late_reason or meeting.late_reason)
    try:
        following = _hold(now, actor_id, meeting_request, meeting, held_on, late, plan_ended)
    except ServiceError:
        db.session.rollback()
        raise
    db.session.commit()
    return following


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting held but never booked in Quorum: its London day and start, chair, room (none
    for a virtual or off-site meeting) and length in minutes (None: the request's length)."""

    day: date
    start: time
    chair_id: int | None
    room_id: int | None = None
    minutes: int | None = None


@retry_on_deadlock
def record_held(now: datetime, actor_id: int | None, request_id: int, held: HeldMeeting,
                plan_ended: bool, late_reason: str) -> MeetingRequest | None:  # fmt: skip
    """Record a meeting that was held but never booked here (arranged by phone while Quorum
    was down, or before it was used): it ends as a booked meeting then marked held would, but
    nothing is queued in the outbox, as nobody is to be invited to a meeting already over.
    Returns the next request of the chain, if any. Bad input raises ServiceError, and a chair
    or room already taken then BookingConflict; either way nothing is changed."""
    meeting_request = _open_request(request_id)
    starts_at = _held_start(now, meeting_request, held)
    ends_at = starts_at + timedelta(minutes=_held_minutes(meeting_request, held))
    chair_id = _check_chair_and_room(held)
    late = _late_agreement(meeting_request, held.day, late_reason)
    # Added as confirmed, as a booking would be, then held below: the database checks the
    # chair's and the room's other meetings on the insert (a held meeting occupies them too).
    meeting = Meeting(
        request_id=meeting_request.id, starts_at=starts_at, ends_at=ends_at,
        chair_id=chair_id, room_id=held.room_id, status="confirmed",
        ical_uid=new_ical_uid(), ical_sequence=0, created_at=now, updated_at=now,
    )  # fmt: skip
    db.session.add(meeting)
    try:
        db.session.flush()
        audit.record(now, actor_id, "meeting.recorded", meeting,
                     f"request={meeting_request.id}; held, never booked: nothing sent")  # fmt: skip
        following = _hold(now, actor_id, meeting_request, meeting, held.day, late, plan_ended)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise conflict_from(error, starts_at, ends_at, chair_id, held.room_id) from error
    except ServiceError:
        db.session.rollback()
        raise
    return following


def _hold(now: datetime, actor_id: int | None, meeting_request: MeetingRequest, meeting: Meeting,
          held_on: date, late: Agreement | None,
          plan_ended: bool) -> MeetingRequest | None:  # fmt: skip
    """Mark `meeting` held on `held_on` and request the next meeting of the chain (unless the
    plan has ended); a plan starting or ending starts or ends its checkpoint. The caller
    commits."""
    meeting.status = "held"
    meeting.held_on = held_on
    meeting.updated_at = now
    if late is None:
        meeting.late_reason, meeting.late_agreed_by = "", ""
    elif not _agreement_carried(meeting, late):
        approvals.settle_late(now, actor_id, meeting, ApprovalKind.LATE_MEETING, late)
    meeting_request.status = "held"
    audit.record(now, actor_id, "meeting.held", meeting,
                 _held_detail(meeting_request, meeting, late is not None))  # fmt: skip
    audit.record(now, actor_id, "request.held", meeting_request, f"meeting_id={meeting.id}; "
                 "changed: status")  # fmt: skip
    if plan_ended:
        if MeetingType(meeting_request.meeting_type) in _CP_CHAIN:
            checkpoints.end_checkpoint(now, actor_id, meeting_request.case_id,
                                       checkpoints.plan_ended_words(held_on))  # fmt: skip
        return None
    if meeting_request.meeting_type in checkpoints.PLAN_STARTS:
        checkpoints.request_checkpoint(now, actor_id, meeting_request, meeting.chair_id, held_on)
    return _request_next(now, actor_id, meeting_request, meeting, held_on)


def _open_request(request_id: int) -> MeetingRequest:
    """The request, locked until the commit: two admins recording the same meeting at once
    would otherwise both hold it and request the next meeting twice."""
    meeting_request = db.session.get(MeetingRequest, request_id, with_for_update=True)
    if meeting_request is None:
        raise NotFound(f"There is no meeting request {request_id}.")
    if meeting_request.status == "booked":
        raise ServiceError("This request has a booked meeting: mark that meeting held on the "
                           "request's page instead.", "submit")  # fmt: skip
    if meeting_request.status != "open":
        raise ServiceError(f"This request is already {meeting_request.status}.", "submit")
    return meeting_request


def _held_start(now: datetime, meeting_request: MeetingRequest, held: HeldMeeting) -> datetime:
    """The UTC start of a meeting already held: on or after the request's day 0 (the earliest
    it could have been held for this request), and not after now."""
    earliest, which = _earliest_held_day(meeting_request)
    if held.day < earliest:
        raise ServiceError(
            f"{format_day(held.day)} is before {format_day(earliest)}, {which}: this request's "
            "meeting cannot have been held before it.",
            "day",
        )
    if held.day > london_date(now):
        raise ServiceError(
            f"{format_day(held.day)} has not come yet: only a meeting already held is recorded "
            "here. A meeting still to come is booked with Find times.",
            "day",
        )
    try:
        starts_at = to_utc(held.day, held.start, "start")
    except NonexistentLocalTime as error:
        raise ServiceError(error.message, "start") from None
    if starts_at > now:
        raise ServiceError(
            f"{held.start:%H:%M} today has not come yet: enter the time the meeting started.",
            "start",
        )
    return starts_at


def _check_held_on(now: datetime, meeting_request: MeetingRequest, held_on: date) -> date:
    """The day a booked meeting was actually held: not after today, and not before the first
    day it can have been held for this request."""
    if held_on > london_date(now):
        raise ServiceError(
            f"Date held: {format_day(held_on)} has not come yet. Enter the day the meeting was "
            "held.",
            "held_on",
        )
    earliest, which = _earliest_held_day(meeting_request)
    if held_on < earliest:
        raise ServiceError(
            f"Date held: {format_day(held_on)} is before {format_day(earliest)}, {which}. Enter "
            "the day the meeting was held.",
            "held_on",
        )
    return held_on


def _earliest_held_day(meeting_request: MeetingRequest) -> tuple[date, str]:
    """The first day the request's meeting can have been held, and what that day is."""
    # A pre-birth strategy meeting counts back from the expected delivery (its day 0, still to
    # come), so only the first day Quorum accepts bounds it.
    if meeting_request.meeting_type == MeetingType.PREBIRTH_STRATEGY.value:
        return FIRST_OPENED_ON, "the first day Quorum accepts"
    return max(meeting_request.trigger_date, FIRST_OPENED_ON), "the request's trigger date"


def _held_minutes(meeting_request: MeetingRequest, held: HeldMeeting) -> int:
    """The length given, or the request's own, as a booking takes it."""
    check_duration(held.minutes)
    return held.minutes or meeting_request.duration_minutes


def _check_chair_and_room(held: HeldMeeting) -> int:
    """The chair's id, once the chair and the room (if any) are known."""
    if held.chair_id is None or db.session.get(Chair, held.chair_id) is None:
        raise ServiceError("Choose the chair who chaired it.", "chair")
    if held.room_id is not None and db.session.get(Room, held.room_id) is None:
        raise ServiceError("Choose a room from the list, or no room.", "room")
    return held.chair_id


def _confirmed_meeting(meeting_request: MeetingRequest) -> Meeting:
    if meeting_request.status not in ("open", "booked"):
        raise ServiceError(f"This request is already {meeting_request.status}.", "submit")
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.request_id == meeting_request.id, Meeting.status == "confirmed")
        .order_by(Meeting.starts_at)
    )
    if meeting is None:
        raise ServiceError("This request has no confirmed meeting to mark held.", "submit")
    return meeting


def _late_agreement(meeting_request: MeetingRequest, held_on: date,
                    reason: str) -> Agreement | None:  # fmt: skip
    """The reason for a meeting held after the request's latest day, required; None for a
    meeting held in timescale."""
    if held_on <= meeting_request.latest:
        return None
    reason = (reason or "").strip()
    late_by = (
        f"held {format_day(held_on)}, after the latest day {format_day(meeting_request.latest)}"
    )
    if not reason:
        raise ServiceError(f"This meeting was out of timescale ({late_by}). Enter why.",
                           "late_reason")  # fmt: skip
    return reason


def _agreement_carried(meeting: Meeting, reason: str) -> bool:
    """The meeting was booked or moved out of timescale for this reason, and its agreement was
    given or asked for then (or typed, before agreements named the manager)."""
    if not meeting.late_reason or reason != meeting.late_reason:
        return False
    asked = select(Approval.id).where(Approval.meeting_id == meeting.id).limit(1)
    return bool(meeting.late_agreed_by) or db.session.scalar(asked) is not None


def _held_detail(meeting_request: MeetingRequest, meeting: Meeting, late: bool) -> str:
    # The late reason and who agreed it are audited in full; the form asks for no child's name
    # or details in the reason.
    detail = f"request_id={meeting_request.id}; changed: status, held_on"
    booked_on = london_date(meeting.starts_at)
    if meeting.held_on != booked_on:
        detail += f"; held_on={meeting.held_on}, not the booked day {booked_on.isoformat()}"
    if late:
        detail += (
            f"; out of timescale (latest {meeting_request.latest.isoformat()}); "
            f"late_agreed_by={meeting.late_agreed_by or 'awaiting a manager'}; "
            f"late_reason={meeting.late_reason}"
        )
    return detail


def _edd_carried(previous: MeetingRequest, kind: MeetingType) -> tuple[date | None, date | None]:
    """The EDD the next request carries, and the birth if recorded: the pre-birth meetings count
    from it, and the first review after a pre-birth conference is never before the birth."""
    if kind.value not in PREBIRTH and previous.meeting_type != MeetingType.PREBIRTH_ICPC.value:
        return None, None
    return previous.expected_delivery, birth_of(previous.case, previous.expected_delivery)


def _request_next(now: datetime, actor_id: int | None, previous: MeetingRequest,
                  meeting: Meeting, held_on: date) -> MeetingRequest | None:  # fmt: skip
    try:
        following = next_in_chain(previous.meeting_type, held_on, previous.sequence)
    except TimescaleError as error:
        raise ServiceError(str(error), "submit") from None
    if following is None:
        return None
    kind = following.meeting_type
    edd, born_on = _edd_carried(previous, kind)
    computed = statutory_window(kind.value, following.trigger, following.sequence, edd, born_on)
    chair_id = _continuing_chair(now, actor_id, kind, previous, meeting)
    created = MeetingRequest(
        case_id=previous.case_id, meeting_type=kind.value, sequence=following.sequence,
        trigger_date=following.trigger, expected_delivery=edd, earliest=computed.earliest,
        latest=computed.latest, preferred_latest=computed.preferred_latest,
        window_rule=computed.rule[:300], duration_minutes=typical_minutes(kind.value),
        format=previous.format, locality_id=previous.locality_id,
        in_person_count=previous.in_person_count, allocated_chair_id=chair_id,
        chair_fixed=False, needs_step_free=previous.needs_step_free,
        needs_separate_waiting_area=previous.needs_separate_waiting_area,
        kept_apart_arrangement=previous.kept_apart_arrangement,
        interpreter_language=previous.interpreter_language,
        not_before_time=previous.not_before_time, not_after_time=previous.not_after_time,
        status="open", created_at=now, created_by_id=actor_id,
        attendees=[RequestAttendee(person_id=a.person_id, attendance=a.attendance, role=a.role,
                                   presence=a.presence, communication_needs=a.communication_needs)
                   for a in previous.attendees],
    )  # fmt: skip
    db.session.add(created)
    db.session.flush()
    audit.record(now, actor_id, "request.create", created,
                 f"case_id={previous.case_id}; next in chain after request_id={previous.id}; "
                 "window computed from held_on")  # fmt: skip
    return created


def _continuing_chair(now: datetime, actor_id: int | None, kind: MeetingType,
                      previous: MeetingRequest, meeting: Meeting) -> int | None:  # fmt: skip
    """Who the next meeting of the chain, of type `kind`, goes to: a preference the solver
    weighs, never fixed. A child protection conference: the chair of the conference just held.
    A children-in-care or short-break review: the child's IRO, the case's allocated chair; a
    case with none takes the chair of this review as its IRO (a looked-after child has a named
    IRO, and the one who chaired the review is it), recorded on the case and audited. Any
    other: as requested."""
    if kind in _CP_CHAIN:
        return meeting.chair_id
    if kind not in _IRO_REVIEWS:
        return previous.allocated_chair_id
    case = db.session.get_one(Case, previous.case_id)
    if case.allocated_chair_id is None:
        case.allocated_chair_id = meeting.chair_id
        audit.record(now, actor_id, "case.update", case,
                     f"changed: allocated_chair_id; the chair of meeting_id={meeting.id}, as "
                     "the child's IRO")  # fmt: skip
    return case.allocated_chair_id
