"""Meeting requests: what admin staff enter for the solver to book, inside the statutory window.

The window (earliest, latest, preferred_latest, window_rule) is computed here, on create and
whenever the trigger, type, place in the chain or EDD changes; nothing else may set it.
Checks are in app.services.requests.rules. Audit rows carry ids and field names only.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Case, Meeting, MeetingRequest, RequestAttendee
from app.services import NotFound, ServiceError, audit
from app.services.approvals import approvals
from app.services.cases import cases as case_service
from app.services.cases.cases import get_case
from app.services.notifications.notices import lacks_join_link
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.rearranging.rearrangements import Change, check_reason, record_change
from app.services.requests.rules import (
    AttendeeInput,
    RequestInput,
    attendee_role,
    birth_of,
    check,
    check_kept_apart,
    check_room_holds,
    check_trigger,
    first_review_after_prebirth,
    not_in_person,
    people_in_room,
    resolve_prebirth,
    settle_attendees,
    statutory_window,
    type_choices,
    type_label,
    typical_minutes,
    unborn_edd,
)
from app.time import london_date

PER_PAGE = 50
EDITABLE = ("open", "booked")
STATUS_FILTERS = {"active": EDITABLE, "open": ("open",), "booked": ("booked",),
                  "held": ("held",), "cancelled": ("cancelled",), "all": None}  # fmt: skip
WINDOW_INPUTS = ("meeting_type", "sequence", "trigger_date", "expected_delivery")
WINDOW_FIELDS = ("earliest", "latest", "preferred_latest", "window_rule")
PLAIN_FIELDS = (
    "meeting_type", "sequence", "trigger_date", "expected_delivery", "duration_minutes", "format",
    "locality_id", "in_person_count", "allocated_chair_id", "chair_fixed", "needs_step_free",
    "needs_separate_waiting_area", "interpreter_language", "not_before_time", "not_after_time",
    "joining_link", "kept_apart_arrangement", "advocacy_not_invited_reason", "notes",
)  # fmt: skip
OVERRIDE_FIELDS = ("in_person_override_reason", "in_person_override_by")
# (case id, meeting type) -> its open or booked request: what refuse_duplicate looks for.
ActiveRequests = dict[tuple[int, str], MeetingRequest]


def get_request(request_id: int) -> MeetingRequest:
    meeting_request = db.session.get(MeetingRequest, request_id)
    if meeting_request is None:
        raise NotFound(f"There is no meeting request {request_id}.")
    return meeting_request


def request_page(request_id: int) -> dict:
    meeting_request = get_request(request_id)
    meetings = list(
        db.session.scalars(
            select(Meeting).where(Meeting.request_id == request_id).order_by(Meeting.starts_at)
        )
    )
    confirmed = next((m for m in meetings if m.status == "confirmed"), None)
    late = confirmed is not None and london_date(confirmed.starts_at) > meeting_request.latest
    return {"meeting_request": meeting_request, "meetings": meetings, "confirmed": confirmed,
            "late_if_held": late,
            "approvals": approvals.latest_for_meetings([m.id for m in meetings]),
            "override": approvals.latest_override(request_id)}  # fmt: skip


def choices(case_id: int | None = None) -> dict:
    """Options for the request forms; attendees are the case's parties (ids as ints)."""
    options: dict[str, list[tuple[str, str]] | list[tuple[int, str]]] = {
        **case_service.choices(),
        "types": type_choices(),
        "parties": [],
    }
    if case_id is not None:
        parties = get_case(case_id).parties
        options["parties"] = [
            (party.person_id, f"{party.person.name} ({party.relationship_to_case})")
            for party in parties
        ]
        options["party_roles"] = [(p.person_id, attendee_role(p.person.role)) for p in parties]
    return options


def list_requests(filters: dict, page: int | None = 1):
    """One page of requests, soonest deadline first: type, status, locality, window end."""
    query = select(MeetingRequest).order_by(MeetingRequest.latest, MeetingRequest.id)
    if filters.get("meeting_type"):
        query = query.where(MeetingRequest.meeting_type == filters["meeting_type"])
    statuses = STATUS_FILTERS.get(filters.get("status") or "active", EDITABLE)
    if statuses:
        query = query.where(MeetingRequest.status.in_(statuses))
    if filters.get("locality"):
        query = query.where(MeetingRequest.locality_id == int(filters["locality"]))
    if filters.get("ends_before"):
        query = query.where(MeetingRequest.latest <= filters["ends_before"])
    if page is None:  # every row, for a download
        return list(db.session.scalars(query))
    return db.paginate(query, page=max(page, 1), per_page=PER_PAGE, error_out=False)


def case_for_new_request(reference: str):
    """The open case a new request is for, by its reference."""
    case = case_service.find_case_by_reference(reference)
    if case is None:
        raise ServiceError(f"No case has the reference {reference.strip()[:20]}.", "case")
    if case.closed_on is not None:
        raise ServiceError(f"Case {case.reference} is closed.", "case")
    return case


def new_request_defaults(case_id: int, meeting_type: str = "") -> dict:
    """What the create form starts with: the case's locality, IRO and pre-birth EDD; a separate
    waiting area when two parties must be kept apart."""
    case = get_case(case_id)
    return {
        "case": case,
        "locality": str(case.home_locality_id),
        "allocated_chair": str(case.allocated_chair_id or ""),
        "expected_delivery": unborn_edd(case),
        "needs_separate_waiting_area": bool(case.kept_apart),
        "kept_apart_arrangement": "waiting_area" if case.kept_apart else "",
        "duration_minutes": typical_minutes(meeting_type) if meeting_type else None,
    }


def create_request(now: datetime, actor_id: int | None, case_id: int,
                   data: RequestInput) -> MeetingRequest:  # fmt: skip
    case = get_case(case_id)
    meeting_request = add_request(now, actor_id, case, prepare_request(now, case, data))
    db.session.commit()
    return meeting_request


@dataclass(frozen=True)
class PreparedRequest:
    """A new request that has met every rule: its columns (the window computed) and attendees."""

    values: dict
    attendees: list[AttendeeInput]


def prepare_request(now: datetime, case: Case, data: RequestInput,
                    active: ActiveRequests | None = None) -> PreparedRequest:  # fmt: skip
    """Every rule a new request must meet, and its statutory window; nothing is written (an
    import checks a whole file this way before it saves any of it, with its cases' `active`
    requests looked up at once). Raises ServiceError."""
    if case.closed_on is not None:
        raise ServiceError(f"Case {case.reference} is closed.", "meeting_type")
    check(data, {party.person_id for party in case.parties})
    attendees = settle_attendees(data, case)
    refuse_duplicate(case.id, data.meeting_type, None, active)
    values = _values(data, case, attendees)
    values.update(_override(None, data, attendees, case))
    values["allocated_chair_id"] = data.allocated_chair_id or case.allocated_chair_id
    values.update(_window_of(case, values, london_date(now), data.recording_late))
    return PreparedRequest(values, attendees)


def add_request(now: datetime, actor_id: int | None, case: Case,
                prepared: PreparedRequest) -> MeetingRequest:  # fmt: skip
    """Add (not commit) a prepared request with its attendees and audit row."""
    meeting_request = new_request(now, actor_id, case, prepared)
    db.session.flush()
    record_new_request(now, actor_id, meeting_request)
    return meeting_request


def new_request(now: datetime, actor_id: int | None, case: Case,
                prepared: PreparedRequest) -> MeetingRequest:  # fmt: skip
    """Add a prepared request and its attendees to the session: many are flushed together (an
    import), then each is recorded (`record_new_request`)."""
    meeting_request = MeetingRequest(case=case, status="open", created_at=now,
                                     created_by_id=actor_id)  # fmt: skip
    for name in (*PLAIN_FIELDS, *OVERRIDE_FIELDS, *WINDOW_FIELDS):
        setattr(meeting_request, name, prepared.values[name])
    _set_attendees(meeting_request, prepared.attendees)
    db.session.add(meeting_request)
    return meeting_request


def record_new_request(now: datetime, actor_id: int | None,
                       meeting_request: MeetingRequest) -> None:  # fmt: skip
    """The audit row of a new request, once it has its id, and a manager asked about its
    in-person override (when it has one)."""
    # The manager's reason stays on the request: the log has only that there is one.
    overridden = "; in-person override" if meeting_request.in_person_override_reason else ""
    detail = (f"case_id={meeting_request.case_id}; window computed: "
              f"{', '.join(WINDOW_FIELDS)}{overridden}")  # fmt: skip
    audit.record(now, actor_id, "request.create", meeting_request, detail)
    _settle_override(now, actor_id, meeting_request, "")


def update_request(now: datetime, actor_id: int | None, request_id: int,
                   data: RequestInput) -> MeetingRequest:  # fmt: skip
    meeting_request = get_request(request_id)
    if meeting_request.status not in EDITABLE:
        raise ServiceError(f"This request is {meeting_request.status}, so it cannot be changed.",
                           "meeting_type")  # fmt: skip
    case = meeting_request.case
    check(data, {party.person_id for party in case.parties})
    attendees = settle_attendees(data, case)
    if data.meeting_type != meeting_request.meeting_type:
        # Only a change of type can make a duplicate; a case that already has two (made
        # before this check, or at one moment) can still have either edited.
        refuse_duplicate(case.id, data.meeting_type, request_id)
    values = _values(data, case, attendees)
    values.update(_override(meeting_request, data, attendees, case))
    reason_before = meeting_request.in_person_override_reason
    values["expected_delivery"] = _kept_edd(meeting_request, values)
    booked = _booked_meetings(request_id)
    before = {meeting.id: snapshot(meeting) for meeting in booked}
    changed = [name for name in (*PLAIN_FIELDS, *OVERRIDE_FIELDS)
               if getattr(meeting_request, name) != values[name]]  # fmt: skip
    if any(name in WINDOW_INPUTS for name in changed):
        _set_window(meeting_request, values, london_date(now), data.recording_late)
        changed += ["window recomputed: " + ", ".join(WINDOW_FIELDS)]
    for name in (*PLAIN_FIELDS, *OVERRIDE_FIELDS):
        setattr(meeting_request, name, values[name])
    if any(lacks_join_link(meeting_request, meeting.chair) for meeting in booked):
        db.session.rollback()  # its invites would go again, now online, with no way to join
        raise ServiceError("This request's meeting is booked, and as a hybrid or virtual "
                           "meeting its invites need a joining link: enter one here, or give "
                           "the chair a personal meeting link first.", "joining_link")  # fmt: skip
    if _set_attendees(meeting_request, attendees):
        changed.append("attendees")
    if changed:
        audit.record(now, actor_id, "request.update", meeting_request,
                     "changed: " + ", ".join(changed))  # fmt: skip
        for meeting in booked:  # who was added or removed, a new format or link: they are told
            queue_meeting_notices(now, meeting, before[meeting.id])
        db.session.flush()
        _settle_override(now, actor_id, meeting_request, reason_before)
        db.session.commit()
    return meeting_request


def _booked_meetings(request_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.request_id == request_id, Meeting.status == "confirmed")
        )
    )


def cancel_request(now: datetime, actor_id: int | None, request_id: int, reason: str,
                   reason_text: str = "") -> MeetingRequest:  # fmt: skip
    """Cancel a request, for a reason from the rearrangement reasons (the page asks first).

    A booked request's meeting is cancelled as a rearrangement (so it counts in the figures,
    with the reason), and everyone invited gets a CANCEL in the same transaction. An open
    request has sent nothing: it is closed, and its reason audited."""
    meeting_request = get_request(request_id)
    if meeting_request.status not in EDITABLE:
        raise ServiceError(f"This request is already {meeting_request.status}.", "submit")
    check_reason(reason, reason_text)
    booked = _booked_meetings(request_id)
    if booked:
        change = Change("cancelled", reason, reason_text, meeting_id=booked[0].id)
        record_change(now, actor_id, change)
        return meeting_request
    meeting_request.status = "cancelled"
    audit.record(now, actor_id, "request.cancel", meeting_request,
                 f"changed: status; reason={reason}")  # fmt: skip
    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.request_id == request_id, Meeting.status.in_(("proposed", "confirmed"))
        )
    ).all()
    for meeting in meetings:
        before = snapshot(meeting)
        meeting.status = "cancelled"
        meeting.updated_at = now
        queue_meeting_notices(now, meeting, before)  # a CANCEL to everyone it was sent to
        audit.record(now, actor_id, "meeting.cancel", meeting,
                     f"request_id={request_id}; changed: status, ical_sequence")  # fmt: skip
    db.session.commit()
    return meeting_request


# -- helpers -------------------------------------------------------------------------------------


def _values(data: RequestInput, case, attendees: list[AttendeeInput]) -> dict:
    """The columns this input sets, with the defaults for what was left blank. The room holds
    everyone who may be in it: the count is theirs when left blank, and no fewer when given."""
    trigger, edd = resolve_prebirth(data, case)
    in_room = people_in_room(data.format, attendees)
    check_room_holds(data.in_person_count, in_room)
    check_kept_apart(data, attendees, case)
    values = {name: getattr(data, name) for name in PLAIN_FIELDS if hasattr(data, name)}
    values.update(
        trigger_date=trigger,
        expected_delivery=edd,
        duration_minutes=data.duration_minutes or typical_minutes(data.meeting_type),
        locality_id=data.locality_id or case.home_locality_id,
        in_person_count=data.in_person_count or in_room,
        interpreter_language=data.interpreter_language.strip(),
        joining_link=data.joining_link.strip(),
        advocacy_not_invited_reason=data.advocacy_not_invited_reason.strip(),
    )
    if data.kept_apart_arrangement == "waiting_area":  # the solver then chooses such a room
        values["needs_separate_waiting_area"] = True
    values["in_person_count"] = min(values["in_person_count"], 60)
    return values


def active_requests(case_ids: Collection[int]) -> ActiveRequests:
    """The open and booked requests of these cases (the first of each type), a bounded list of
    cases per query."""
    found: ActiveRequests = {}
    wanted = sorted(set(case_ids))
    for start in range(0, len(wanted), 500):
        query = (select(MeetingRequest)
                 .where(MeetingRequest.case_id.in_(wanted[start : start + 500]),
                        MeetingRequest.status.in_(EDITABLE))
                 .order_by(MeetingRequest.id))  # fmt: skip
        for request in db.session.scalars(query):
            found.setdefault((request.case_id, request.meeting_type), request)
    return found


class DuplicateRequest(ServiceError):
    """The case already has an open or booked request of this type; `existing_id` is it."""

    def __init__(self, message: str, field: str, existing_id: int):
        super().__init__(message, field)
        self.existing_id = existing_id


def refuse_duplicate(case_id: int, meeting_type: str, request_id: int | None,
                     active: ActiveRequests | None = None) -> None:  # fmt: skip
    """One open or booked request per case and type: a second would be planned as a second
    meeting (two initial conferences for one child). Raises DuplicateRequest naming it.
    `active`: the cases' open and booked requests, looked up at once for many new ones."""
    if active is not None:
        existing = active.get((case_id, meeting_type))
    else:
        query = select(MeetingRequest).where(
            MeetingRequest.case_id == case_id,
            MeetingRequest.meeting_type == meeting_type,
            MeetingRequest.status.in_(EDITABLE),
        )
        if request_id is not None:
            query = query.where(MeetingRequest.id != request_id)
        existing = db.session.scalars(query.order_by(MeetingRequest.id).limit(1)).first()
    if existing is not None:
        raise DuplicateRequest(
            f"This case already has {'an' if existing.status == 'open' else 'a'} "
            f"{existing.status} {type_label(meeting_type).lower()} "
            f"request (number {existing.id}, latest day {existing.latest:%-d %b %Y}). Change or "
            "cancel that one instead.",
            "meeting_type",
            existing.id,
        )


def _kept_edd(meeting_request: MeetingRequest, values: dict) -> date | None:
    """The EDD a first review after a pre-birth conference carries stays with it while it is
    still that review (the form has no EDD for a review); any other request takes the form's."""
    carried = meeting_request.expected_delivery
    if first_review_after_prebirth(values["meeting_type"], values["sequence"], carried):
        return carried
    return values["expected_delivery"]


def _set_window(meeting_request: MeetingRequest, values: dict, today: date,
                recording_late: bool) -> None:  # fmt: skip
    for name, value in _window_of(meeting_request.case, values, today, recording_late).items():
        setattr(meeting_request, name, value)


def _window_of(case: Case, values: dict, today: date, recording_late: bool) -> dict:
    edd = values["expected_delivery"]
    computed = statutory_window(values["meeting_type"], values["trigger_date"],
                                values["sequence"], edd, birth_of(case, edd))  # fmt: skip
    check_trigger(values["meeting_type"], values["trigger_date"], values["expected_delivery"],
                  computed, today, recording_late)  # fmt: skip
    return {"earliest": computed.earliest, "latest": computed.latest,
            "preferred_latest": computed.preferred_latest,
            "window_rule": computed.rule[:300]}  # fmt: skip


def _override(meeting_request: MeetingRequest | None, data: RequestInput,
              attendees: list[AttendeeInput], case) -> dict:  # fmt: skip
    """The in-person override kept on the request: a vulnerable parent not in the room, or a
    virtual meeting for them, only with a reason a team manager agrees to. A reason already
    given stays with its agreement (or its question) when someone saves something else; a new
    reason has no name on it until a manager agrees (`settle_override`); none is kept when
    not needed."""
    refusal = not_in_person(data, attendees, case)
    reason = data.in_person_override_reason.strip()
    if refusal is None:
        return {"in_person_override_reason": "", "in_person_override_by": ""}
    if not reason:
        raise refusal
    if meeting_request is not None and reason == meeting_request.in_person_override_reason:
        return {"in_person_override_reason": reason,
                "in_person_override_by": meeting_request.in_person_override_by}  # fmt: skip
    return {"in_person_override_reason": reason, "in_person_override_by": ""}


def _settle_override(now: datetime, actor_id: int | None, meeting_request: MeetingRequest,
                     reason_before: str) -> None:  # fmt: skip
    """Ask a manager about a new reason (agreed at once when a manager gave it), or withdraw
    the question when the override is no longer needed."""
    reason = meeting_request.in_person_override_reason
    if reason == reason_before:
        return
    if reason:
        approvals.ask_override(now, actor_id, meeting_request)
    else:
        approvals.withdraw_override(now, actor_id, meeting_request)


def _set_attendees(meeting_request: MeetingRequest, attendees: list[AttendeeInput]) -> bool:
    """Bring the attendee list in line with `attendees`; True if it changed."""
    wanted = {attendee.person_id: attendee for attendee in attendees}
    changed = False
    for attendee in list(meeting_request.attendees):
        if attendee.person_id not in wanted:
            meeting_request.attendees.remove(attendee)
            changed = True
            continue
        given = wanted[attendee.person_id]
        for name in ("attendance", "role", "presence", "communication_needs"):
            if getattr(attendee, name) != getattr(given, name):
                setattr(attendee, name, getattr(given, name))
                changed = True
    present = {a.person_id for a in meeting_request.attendees}
    for person_id, given in sorted(wanted.items()):
        if person_id not in present:
            meeting_request.attendees.append(RequestAttendee(
                person_id=person_id, attendance=given.attendance, role=given.role,
                presence=given.presence, communication_needs=given.communication_needs,
            ))  # fmt: skip
            changed = True
    return changed
