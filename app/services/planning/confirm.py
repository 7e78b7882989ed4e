"""Confirming a plan run's proposal: the admin's chosen meetings are booked in one transaction.

If anything was booked or closed since the plan was made, or no longer fits (a chair off sick, a
room closed, a window changed, a day now past: the solver's checker on the data as it is now),
nothing is applied: the admin is told every clash in words and offered a new run. The database
is the final word (its exclusion constraints or triggers refuse a double booking that slips in
between the check and the commit).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chair, Meeting, MeetingRequest, PlanRun, Room
from app.models.governance.approvals import ApprovalKind
from app.services import Clash, ServiceError, audit
from app.services._retry import retry_on_deadlock
from app.services._row_locks import lock_requests_and_meetings
from app.services.approvals import approvals
from app.services.booking.bookings import (
    add_confirmed_meeting,
    clashing_meeting,
    conflict_from,
    refuse_missing_join_links,
)
from app.services.booking.in_words import in_words, instance_names, plain
from app.services.booking.late_agreements import Agreement, required_agreements
from app.services.planning.runs import get_plan_run
from app.services.settings import authority_settings
from app.solver_bridge.calls import broken_rules
from app.solver_bridge.format_types import stored_solution
from app.solver_bridge.instance import IncompleteData, build_instance, request_key
from app.solver_bridge.solution import Proposal, solution_to_proposals
from app.time import LONDON, describe_slot

CONFIRMABLE_STATUSES = ("done", "cancelled")  # a cancelled run keeps the best plan found


class PlanClash(Clash):
    """Something was booked or closed since the plan was made; nothing was applied."""

    def __init__(self, clashes: list[str]) -> None:
        message = "Nothing was booked: the plan clashes with changes made since it was made."
        super().__init__(message, "request_ids", clashes)


@dataclass(frozen=True)
class Confirmed:
    run: PlanRun
    meetings: list[Meeting]


def proposals_of(run: PlanRun) -> list[Proposal]:
    if run.status not in CONFIRMABLE_STATUSES or not run.solution:
        return []
    return solution_to_proposals(stored_solution(run.solution))


@retry_on_deadlock
def confirm_plan_run(
    now: datetime,
    actor_id: int | None,
    run_id: int,
    request_ids: Collection[int] | None = None,
    late_agreements: dict[int, Agreement] | None = None,
) -> Confirmed:
    """Book the run's proposed meetings for `request_ids` (None: all of them), all or none.
    A meeting out of timescale needs its reason in `late_agreements` (request id → reason),
    kept on the meeting with a manager's agreement: the actor's own if a manager, otherwise
    asked for in the managers' queue."""
    run = get_plan_run(run_id, for_update=True)
    chosen = _chosen(run, request_ids)
    # Before any check: another plan booking these requests at this moment commits first, and
    # this one then finds them booked (PostgreSQL; SQLite runs one writer at a time anyway).
    lock_requests_and_meetings([p.request_id for p in chosen], [])
    agreed = required_agreements(late_proposals(chosen), late_agreements or {})
    clashes = stale_proposals(chosen) or _rule_breaks(now, run, chosen)
    if clashes:
        db.session.rollback()
        raise PlanClash(clashes)
    try:
        planned = [(p.request_id, p.chair_id, p.starts_at) for p in chosen]
        refuse_missing_join_links("Nothing was booked:", planned)
    except ServiceError:
        db.session.rollback()
        raise
    meetings = [_book(now, actor_id, proposal) for proposal in chosen]
    for meeting in meetings:
        if meeting.request_id in agreed:
            late = agreed[meeting.request_id]
            approvals.settle_late(now, actor_id, meeting, ApprovalKind.LATE_BOOKING, late)
    run.confirmed_at, run.confirmed_by_id, run.confirmed_count = now, actor_id, len(meetings)
    audit.record(now, actor_id, "plan_run.confirmed", run, f"booked={len(meetings)}")
    db.session.commit()
    return Confirmed(run, meetings)


def late_proposals(proposals: list[Proposal]) -> list[tuple[int, date]]:
    """(request id, day) of each proposal after its request's latest day."""
    found = []
    for p in proposals:
        day = p.starts_at.astimezone(LONDON).date()
        request = db.session.get(MeetingRequest, p.request_id)
        if request is not None and day > request.latest:
            found.append((p.request_id, day))
    return found


def _chosen(run: PlanRun, request_ids: Collection[int] | None) -> list[Proposal]:
    if run.kind == "repair":
        raise ServiceError("This run repairs a rearrangement: confirm it on the Rearrange page.")
    if run.confirmed_at is not None:
        raise ServiceError(f"This plan was already confirmed ({run.confirmed_count} booked).")
    if run.status not in CONFIRMABLE_STATUSES or not run.solution:
        raise ServiceError(f"Only a finished plan can be confirmed; this one is {run.status}.")
    proposals = {p.request_id: p for p in proposals_of(run)}
    if request_ids is None:
        request_ids = list(proposals)
    if not request_ids:
        raise ServiceError("Select at least one meeting to confirm.", "request_ids")
    unknown = sorted(set(request_ids) - set(proposals))
    if unknown:
        raise ServiceError(
            f"Request {unknown[0]} is not among this plan's proposed meetings.", "request_ids"
        )
    return [proposals[i] for i in sorted(set(request_ids))]


def _book(now: datetime, actor_id: int | None, p: Proposal) -> Meeting:
    try:
        return add_confirmed_meeting(
            now, actor_id, p.request_id, p.starts_at, p.ends_at, p.chair_id, p.room_id
        )
    except IntegrityError as error:  # booked after the check: the database says no
        db.session.rollback()  # every meeting of this confirmation with it
        clash = conflict_from(error, p.starts_at, p.ends_at, p.chair_id, p.room_id)
        raise PlanClash([clash.message]) from error


def stale_proposals(proposals: list[Proposal]) -> list[str]:
    """Every proposal that no longer fits what is booked now, in words (empty when all fit)."""
    found = []
    for p in proposals:
        request = db.session.get(MeetingRequest, p.request_id)
        if request is None or request.status != "open":
            found.append(f"Request {p.request_id} is no longer open (it was booked or closed).")
            continue
        found.extend(_booking_clashes(p))
    return found


def _rule_breaks(now: datetime, run: PlanRun, chosen: list) -> list[str]:
    """What no longer fits the data as it is now, though nothing was booked over it: a chair
    off sick or a room closed since, a request's window or length changed, a day now past."""
    wanted = {request_key(p.request_id): p.request_id for p in chosen}
    assignments = [
        a for a in stored_solution(run.solution)["assignments"] if a["meeting"] in wanted
    ]
    try:
        settings = authority_settings()
        instance = build_instance(now, run.horizon_end, settings.calendar(),
                                  hours=settings.working_hours)  # fmt: skip
    except IncompleteData as error:
        return [str(error)]
    names = instance_names(instance)
    broken = broken_rules(instance, assignments)
    return [
        f"Request {wanted[key]}: " + "; ".join(plain(in_words(m, names)) for m in messages) + "."
        for key, messages in sorted(broken.items())
    ]


def _booking_clashes(p: Proposal) -> list[str]:
    found = []
    chair_clash = clashing_meeting(Meeting.chair_id == p.chair_id, p.starts_at, p.ends_at)
    if chair_clash is not None:
        chair = db.session.get_one(Chair, p.chair_id)
        found.append(f"{chair.name} is now chairing a meeting {describe_slot(chair_clash)}.")
    room_clash = (
        clashing_meeting(Meeting.room_id == p.room_id, p.starts_at, p.ends_at)
        if p.room_id
        else None
    )
    if room_clash is not None:
        room = db.session.get_one(Room, p.room_id)
        found.append(f"{room.name} is now booked {describe_slot(room_clash)}.")
    return found
