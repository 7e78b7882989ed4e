"""Booking a meeting into a slot. The database refuses double bookings (named constraints
`meetings_room_no_overlap`, `meetings_chair_no_overlap`); this module turns that refusal into
words an admin can act on."""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chair, Meeting, MeetingRequest, Room
from app.models.governance.approvals import ApprovalKind
from app.models.meetings import BLOCKING_STATUSES
from app.services import Clash, NotFound, ServiceError, audit
from app.services._retry import retry_on_deadlock
from app.services.approvals import approvals
from app.services.booking.late_agreements import Agreement
from app.services.notifications.notices import lacks_join_link
from app.services.notifications.outbox import queue_new_meeting_invites
from app.time import describe_slot, to_local

ICAL_UID_DOMAIN = "quorum.invalid"
SHOWN_MISSING = 10


class BookingConflict(Clash):
    """The room or the chair is already booked at that time."""


def new_ical_uid() -> str:
    # Random, so a UID reveals nothing about the case or the meeting; kept for the meeting's life.
    return f"{uuid.uuid4()}@{ICAL_UID_DOMAIN}"


@retry_on_deadlock
def book_meeting(
    now: datetime,
    actor_id: int | None,
    request_id: int,
    starts_at: datetime,
    ends_at: datetime,
    chair_id: int,
    room_id: int | None,
    late: Agreement | None = None,
) -> Meeting:
    """Confirm a meeting for a request; raises BookingConflict (nothing changed) on a clash.
    `late`: why a meeting out of timescale cannot be held in time; a manager's agreement is
    given (the actor's, if a manager) or asked for with it."""
    refuse_missing_join_links("Nothing was booked:", [(request_id, chair_id, starts_at)])
    try:
        meeting = add_confirmed_meeting(
            now, actor_id, request_id, starts_at, ends_at, chair_id, room_id
        )
        if late is not None:
            approvals.settle_late(now, actor_id, meeting, ApprovalKind.LATE_BOOKING, late)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise conflict_from(error, starts_at, ends_at, chair_id, room_id) from error
    except ServiceError:
        db.session.rollback()
        raise
    return meeting


def add_confirmed_meeting(
    now: datetime,
    actor_id: int | None,
    request_id: int,
    starts_at: datetime,
    ends_at: datetime,
    chair_id: int,
    room_id: int | None,
) -> Meeting:
    """Add a confirmed meeting, its audit row (and what the booking causes) to the session and
    flush, so the database checks it now; the caller commits, or rolls back on IntegrityError."""
    request = db.session.get(MeetingRequest, request_id)
    if request is None:
        raise NotFound("That meeting request does not exist.")
    if ends_at <= starts_at:
        raise ServiceError("The meeting must end after it starts.", "ends_at")
    meeting = Meeting(
        request_id=request.id,
        starts_at=starts_at,
        ends_at=ends_at,
        chair_id=chair_id,
        room_id=room_id,
        status="confirmed",
        ical_uid=new_ical_uid(),
        ical_sequence=0,
        created_at=now,
        updated_at=now,
    )
    db.session.add(meeting)
    request.status = "booked"
    db.session.flush()
    audit.record(now, actor_id, "meeting.booked", meeting, f"request={request.id}")
    queue_new_meeting_invites(now, meeting)  # invites commit with the booking, or not at all
    return meeting


def refuse_missing_join_links(lead: str, planned: list[tuple[int, int, datetime]]) -> None:
    """Before anything is saved or sent: refuse, naming each one, if any of these (request id,
    chair id, start) would send an online or hybrid invite without a joining link."""
    missing = []
    for request_id, chair_id, starts_at in planned:
        request = db.session.get(MeetingRequest, request_id)
        if request is not None and lacks_join_link(request, db.session.get(Chair, chair_id)):
            start = to_local(starts_at)
            missing.append(
                f"request {request.id} (the {request.format} {request.meeting_type} of case "
                f"{request.case.reference}, {start:%a} {start.day} {start:%b %Y} at {start:%H:%M})"
            )
    if missing:
        named = "; ".join(missing[:SHOWN_MISSING])
        if len(missing) > SHOWN_MISSING:  # a month's plan may have a hundred: the page stays short
            named += f" and {len(missing) - SHOWN_MISSING} more"
        raise ServiceError(
            f"{lead} {named} {'has' if len(missing) == 1 else 'have'} no joining "
            "link. Enter one on the request, give the chair a personal meeting link, or ask a "
            "manager to set the joining-link template on the Local practice page.",
            "joining_link",
        )


def conflict_from(error: IntegrityError, starts_at, ends_at, chair_id, room_id) -> ServiceError:
    text = str(error.orig)
    if "meetings_room_no_overlap" in text:
        room = db.session.get_one(Room, room_id)
        clash = clashing_meeting(Meeting.room_id == room_id, starts_at, ends_at)
        return BookingConflict(f"{room.name} is already booked {describe_slot(clash)}.", "room")
    if "meetings_chair_no_overlap" in text:
        chair = db.session.get_one(Chair, chair_id)
        clash = clashing_meeting(Meeting.chair_id == chair_id, starts_at, ends_at)
        return BookingConflict(
            f"{chair.name} is already chairing a meeting {describe_slot(clash)}.", "chair"
        )
    if "uq_meetings_one_confirmed_per_request" in text or "meetings.request_id" in text:
        return BookingConflict("That request already has a confirmed meeting.", "request")
    return ServiceError("The booking could not be saved: it breaks a rule of the database.")


def clashing_meeting(condition, starts_at, ends_at) -> Meeting | None:
    """A confirmed or held meeting matching `condition` (its room, its chair) that overlaps."""
    return db.session.scalar(
        select(Meeting)
        .where(
            condition,
            Meeting.status.in_(BLOCKING_STATUSES),
            Meeting.starts_at < ends_at,
            starts_at < Meeting.ends_at,
        )
        .limit(1)
    )
