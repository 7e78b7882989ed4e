"""Recording the birth of a child who was expected: its date of birth, and the windows it moves.

The child keeps its expected date of delivery (the requests that counted from it still name it).
The first review after a pre-birth conference is never held before the birth, so its window is
recomputed with the birth as its floor. A pre-birth strategy meeting or pre-birth conference
still open or booked cannot happen as such once the baby is born; it is kept, not cancelled,
and named to the admin, who cancels it with a reason (a booked one's cancellation goes to
everyone invited) or lets the chair hold it as an initial conference: that is their decision.
Audit rows carry ids and field names only: never the date of birth.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Child, Meeting, MeetingRequest
from app.services import NotFound, ServiceError, audit
from app.services.cases.cases import ACTIVE_REQUEST_STATUSES, get_case
from app.services.requests.rules import PREBIRTH, depends_on_edd, statutory_window, type_label
from app.time import format_day, london_date

# A birth this far from the expected date is a typing slip: before 22 weeks' gestation, or
# more than 4 weeks after the due date (pregnancies are induced by 42 weeks).
EARLIEST_BIRTH_BEFORE_EDD = timedelta(weeks=18)
LATEST_BIRTH_AFTER_EDD = timedelta(weeks=4)
WINDOW_FIELDS = ("earliest", "latest", "preferred_latest", "window_rule")


@dataclass(frozen=True)
class MovedWindow:
    """A request whose window the birth moved: what it was and what it is now, and for a booked
    request the meeting's day when that now falls after the window (it needs rearranging)."""

    request_id: int
    label: str
    before: tuple[date, date]
    after: tuple[date, date]
    booked_after_latest: date | None = None


@dataclass(frozen=True)
class BirthRecorded:
    child_id: int
    moved: list[MovedWindow]
    unchanged: list[int]  # requests recomputed whose days stayed as they were
    # Pre-birth requests still open or booked: they cannot happen as such now.
    prebirth_left: list[tuple[int, str, str]]  # (request id, label, status)


def record_birth(now: datetime, actor_id: int | None, case_id: int, child_id: int | None,
                 born_on: date | None) -> BirthRecorded:  # fmt: skip
    """Record that an expected child was born on `born_on` and recompute every open or booked
    request of the case whose window depends on that child's EDD; one commit. Bad input raises
    ServiceError naming the field, and changes nothing."""
    case = get_case(case_id)
    child = _unborn_child(case.id, child_id)
    _check_birth(born_on, child, case.opened_on, london_date(now))
    assert born_on is not None and child.expected_delivery is not None  # checked above
    child.date_of_birth = born_on
    moved, unchanged, left = [], [], []
    for meeting_request in _depending_on(case.id, child.expected_delivery):
        label = f"{type_label(meeting_request.meeting_type)} ({meeting_request.sequence})"
        if meeting_request.meeting_type in PREBIRTH:
            left.append((meeting_request.id, label, meeting_request.status))
            continue
        change = _recompute(now, actor_id, meeting_request, born_on, label)
        if change is None or change.before == change.after:
            unchanged.append(meeting_request.id)  # its words may name the birth now, no more
        else:
            moved.append(change)
    detail = f"child_id={child.id}; changed: date_of_birth"
    if moved:
        detail += "; windows moved: request_ids=" + ",".join(str(m.request_id) for m in moved)
    if left:
        detail += "; pre-birth requests left to the admin: request_ids=" + ",".join(
            str(request_id) for request_id, _, _ in left
        )
    audit.record(now, actor_id, "case.child_birth", case, detail)
    db.session.commit()
    return BirthRecorded(child.id, moved, unchanged, left)


def unborn_children(case_id: int) -> list[tuple[str, str]]:
    """Choices for the birth form: each child still expected, by initials and EDD."""
    case = get_case(case_id)
    return [
        (str(c.id), f"{c.initials}, expected {format_day(c.expected_delivery)}")
        for c in case.children
        if c.date_of_birth is None and c.expected_delivery is not None
    ]


def prebirth_after_birth(case_id: int) -> set[int]:
    """The case's open or booked pre-birth requests whose child is born: the case page flags
    them, as they cannot happen as such."""
    case = get_case(case_id)
    born = {c.expected_delivery for c in case.children if c.date_of_birth and c.expected_delivery}
    if not born:
        return set()
    return set(
        db.session.scalars(
            select(MeetingRequest.id).where(
                MeetingRequest.case_id == case.id,
                MeetingRequest.status.in_(ACTIVE_REQUEST_STATUSES),
                MeetingRequest.meeting_type.in_(PREBIRTH),
                MeetingRequest.expected_delivery.in_(born),
            )
        )
    )


def _unborn_child(case_id: int, child_id: int | None) -> Child:
    if child_id is None:
        raise ServiceError("Choose the child who was born.", "child")
    # Locked until the commit: two admins recording the same birth would otherwise both move
    # the windows.
    child = db.session.get(Child, child_id, with_for_update=True)
    if child is None or child.case_id != case_id:
        raise NotFound(f"This case has no child {child_id}.")
    if child.date_of_birth is not None or child.expected_delivery is None:
        raise ServiceError("This child's date of birth is already recorded.", "child")
    return child


def _check_birth(born_on: date | None, child: Child, opened_on: date, today: date) -> None:
    if born_on is None:
        raise ServiceError("Enter the date of birth.", "born_on")
    if born_on > today:
        raise ServiceError(
            f"Enter the date of birth: {format_day(born_on)} is in the future. Record the birth "
            "once the baby is born.",
            "born_on",
        )
    if born_on < opened_on:
        raise ServiceError(
            f"Enter the date of birth: {format_day(born_on)} is before the case was opened on "
            f"{format_day(opened_on)}.",
            "born_on",
        )
    edd = child.expected_delivery
    assert edd is not None  # an unborn child has one
    if not edd - EARLIEST_BIRTH_BEFORE_EDD <= born_on <= edd + LATEST_BIRTH_AFTER_EDD:
        raise ServiceError(
            f"Enter the date of birth: {format_day(born_on)} is too far from the expected date "
            f"of delivery, {format_day(edd)} (a birth is at most 18 weeks before it or 4 weeks "
            "after it). Check both dates.",
            "born_on",
        )


def _depending_on(case_id: int, edd: date) -> list[MeetingRequest]:
    """The case's open or booked requests whose window counts from this EDD."""
    candidates = db.session.scalars(
        select(MeetingRequest)
        .where(
            MeetingRequest.case_id == case_id,
            MeetingRequest.status.in_(ACTIVE_REQUEST_STATUSES),
            MeetingRequest.expected_delivery == edd,
        )
        .order_by(MeetingRequest.id)
        .with_for_update()
    )
    return [r for r in candidates if depends_on_edd(r.meeting_type, r.sequence, edd)]


def _recompute(now: datetime, actor_id: int | None, meeting_request: MeetingRequest,
               born_on: date, label: str) -> MovedWindow | None:  # fmt: skip
    """The request's window from its trigger with the birth as its floor; None if unchanged."""
    computed = statutory_window(meeting_request.meeting_type, meeting_request.trigger_date,
                                meeting_request.sequence, meeting_request.expected_delivery,
                                born_on)  # fmt: skip
    before = (meeting_request.earliest, meeting_request.latest)
    after = (computed.earliest, computed.latest)
    if before == after and meeting_request.window_rule == computed.rule[:300]:
        return None
    meeting_request.earliest, meeting_request.latest = after
    meeting_request.preferred_latest = computed.preferred_latest
    meeting_request.window_rule = computed.rule[:300]
    audit.record(now, actor_id, "request.update", meeting_request,
                 "changed: window recomputed: " + ", ".join(WINDOW_FIELDS)
                 + "; the birth was recorded")  # fmt: skip
    return MovedWindow(meeting_request.id, label, before, after,
                       _booked_after(meeting_request.id, computed.latest))  # fmt: skip


def _booked_after(request_id: int, latest: date) -> date | None:
    """The day of the request's confirmed meeting, when it falls after `latest`."""
    starts_at = db.session.scalar(
        select(Meeting.starts_at).where(
            Meeting.request_id == request_id, Meeting.status == "confirmed"
        )
    )
    if starts_at is None or london_date(starts_at) <= latest:
        return None
    return london_date(starts_at)
