"""A rearrangement's repair: the preview (which meetings move and how, who is told, which fall
out of timescale) and confirming it in one transaction, or discarding it.

Only meetings whose time, chair or room changes are touched, so nobody else gets mail. A move
out of timescale needs a reason and the agreeing manager before it can be confirmed. A meeting
the repair could not place is cancelled and its request reopened for the next plan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Meeting, PlanRun, Rearrangement, RearrangementMove
from app.models.governance.approvals import ApprovalKind
from app.services import Clash, NotFound, ServiceError, audit
from app.services._retry import retry_on_deadlock
from app.services._row_locks import lock_requests_and_meetings
from app.services.approvals import approvals
from app.services.booking.bookings import conflict_from, refuse_missing_join_links
from app.services.booking.in_words import in_words, instance_names, plain
from app.services.booking.late_agreements import Agreement, required_agreements
from app.services.notifications.notices import recipients
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.settings import authority_settings
from app.solver_bridge.calls import broken_rules
from app.solver_bridge.format_types import Assignment, stored_instance, stored_solution
from app.solver_bridge.instance import IncompleteData, booked_as, build_instance
from app.solver_bridge.solution import Move, solution_to_moves
from app.time import LONDON, describe_slot

TOO_SOON = "it is today, before the first day a repair can use: rearrange it by hand"


@dataclass(frozen=True)
class PlannedMove:
    meeting: Meeting
    to: Move | None  # None: the repair could not place it
    reasons: list[str] = field(default_factory=list)

    @property
    def late(self) -> bool:
        return self.to is not None and _day(self.to.starts_at) > self.meeting.request.latest

    @property
    def told(self) -> list[str]:
        """Everyone now on the meeting, in words (the page adds the new and the old chair)."""
        return [f"{r.name} ({r.audience})" for r in recipients(self.meeting).values()]


@dataclass
class RepairPreview:
    moves: list[PlannedMove]
    unchanged: int  # movable meetings the repair left exactly where they were


def preview(rearrangement: Rearrangement) -> RepairPreview | None:
    """None until the repair run is done (or when there was nothing to repair)."""
    run = _run(rearrangement)
    if run is None or run.status not in ("done", "cancelled") or not run.solution:
        return None
    placed, unplaced = solution_to_moves(stored_solution(run.solution))
    movable = set(json.loads(run.movable))
    moves, unchanged = [], 0
    for to in placed:
        meeting = db.session.get(Meeting, to.meeting_id)
        if to.meeting_id not in movable or meeting is None:
            continue
        if _same_place(meeting, to):
            unchanged += 1
        else:
            moves.append(PlannedMove(meeting, to))
    for meeting_id, reasons in unplaced.items():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None:
            moves.append(PlannedMove(meeting, None, reasons))
    seen = {to.meeting_id for to in placed} | set(unplaced)
    for meeting_id in sorted(movable - seen):  # today's: before the first day a repair plans
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None and meeting.status == "confirmed":
            moves.append(PlannedMove(meeting, None, [TOO_SOON]))
    moves.sort(key=lambda m: (m.meeting.starts_at, m.meeting.id))
    return RepairPreview(moves, unchanged)


@retry_on_deadlock
def confirm_repair(
    now: datetime,
    actor_id: int | None,
    rearrangement_id: int,
    late_decisions: dict[int, Agreement] | None = None,
) -> Rearrangement:
    """Apply every move at once, or nothing. `late_decisions` maps each meeting that would fall
    out of timescale to its reason; all of them are required. A manager's agreement is the
    actor's own if a manager, otherwise asked for in the managers' queue."""
    rearrangement = _repairing(rearrangement_id)
    _lock_movable(_run(rearrangement))
    planned = preview(rearrangement)
    run = _run(rearrangement)
    if planned is None or run is None:  # no preview without a run
        raise ServiceError("The repair is not ready yet.")
    decisions = _late_decisions(planned.moves, late_decisions or {})
    changed = stale_moves(now, run)
    if changed:
        db.session.rollback()
        raise Clash(STALE, "moves", changed)
    try:  # a meeting moved to another chair may lose the link their invite had
        moved = [(m.meeting.request_id, m.to.chair_id, m.to.starts_at)
                 for m in planned.moves if m.to is not None]  # fmt: skip
        refuse_missing_join_links("Nothing was moved:", moved)
    except ServiceError:
        db.session.rollback()
        raise
    _apply(now, actor_id, rearrangement, run, planned.moves, decisions)
    return rearrangement


STALE = "Nothing was moved: the calendar changed since this repair was made. Repair again."


def _repairing(rearrangement_id: int) -> Rearrangement:
    """The rearrangement, locked (PostgreSQL) so that a second confirm or a discard racing this
    one waits, then finds it already decided."""
    found = db.session.get(Rearrangement, rearrangement_id, with_for_update=True)
    if found is None:
        raise NotFound("That rearrangement does not exist.")
    if found.status != "repairing":
        raise ServiceError(f"This rearrangement is already {found.status}.")
    return found


def _lock_movable(run: PlanRun | None) -> None:
    """Lock every meeting the repair may move, and their requests, before anything is read or
    checked: another repair of the same meetings confirmed at this moment (another
    rearrangement's) then commits first, and this one finds its meetings changed since."""
    if run is None or not run.movable:
        return
    meeting_ids = json.loads(run.movable)
    request_ids = db.session.scalars(
        select(Meeting.request_id).where(Meeting.id.in_(meeting_ids))
    ).all()
    lock_requests_and_meetings(request_ids, meeting_ids)


def stale_moves(now: datetime, run: PlanRun) -> list[str]:
    """What changed since the repair run read the calendar, in words: a meeting it may move
    cancelled, held or moved since, or a placement that breaks a rule of the data as it is
    now (a closure or leave recorded since, a day now past). Empty when it still stands."""
    movable = set(json.loads(run.movable))
    booked_then = {m["id"]: m.get("current") for m in stored_instance(run.instance)["meetings"]}
    solution = stored_solution(run.solution)
    found: list[str] = []
    still: list[Assignment] = []
    for a in solution["assignments"]:
        if not a["meeting"].startswith("M") or int(a["meeting"][1:]) not in movable:
            continue
        meeting = db.session.get(Meeting, int(a["meeting"][1:]))
        if meeting is None or meeting.status != "confirmed":
            status = meeting.status if meeting is not None else "deleted"
            found.append(f"The meeting {describe_slot(meeting)} is {status} now.")
        elif booked_as(meeting) != booked_then.get(a["meeting"]):
            found.append(f"The meeting now {describe_slot(meeting)} was changed since.")
        else:
            still.append(a)
    return found or _rule_breaks(now, run, movable, still)


def _rule_breaks(
    now: datetime, run: PlanRun, movable: set[int], placed: list[Assignment]
) -> list[str]:
    try:
        settings = authority_settings()
        instance = build_instance(now, run.horizon_end, settings.calendar(), movable,
                                  hours=settings.working_hours)  # fmt: skip
    except IncompleteData as error:
        return [str(error)]
    names = instance_names(instance)
    return [
        plain(in_words(message, names))
        for messages in broken_rules(instance, placed).values()
        for message in messages
    ]


def discard_repair(now: datetime, actor_id: int | None, rearrangement_id: int) -> Rearrangement:
    """Keep every meeting where it is (the fact recorded stays: it is still true)."""
    rearrangement = _repairing(rearrangement_id)
    run = _run(rearrangement)
    if run is not None and run.status == "queued":
        run.status, run.finished_at = "cancelled", now  # never started: it never will
    if run is not None and run.status in ("queued", "running"):
        run.cancel_requested = True
    rearrangement.status, rearrangement.decided_at = "discarded", now
    rearrangement.decided_by_id = actor_id
    audit.record(now, actor_id, "rearrangement.discarded", rearrangement, "")
    db.session.commit()
    return rearrangement


def _late_decisions(moves: list[PlannedMove], given: dict[int, Agreement]) -> dict:
    late = [(m.meeting.id, _day(m.to.starts_at)) for m in moves if m.to is not None and m.late]
    return required_agreements(late, given)


def _apply(
    now, actor_id, rearrangement: Rearrangement, run: PlanRun, moves: list[PlannedMove], decisions
):
    befores = {m.meeting.id: snapshot(m.meeting) for m in moves}
    # Two meetings may swap slots: take every moving meeting off the calendar first, so the
    # database checks each new place against the final plan, not against a half-moved one.
    for move in moves:
        move.meeting.status = "proposed"
    db.session.flush()
    for move in moves:
        move_one(now, actor_id, rearrangement, move, befores[move.meeting.id], decisions)
    run.confirmed_at, run.confirmed_by_id, run.confirmed_count = now, actor_id, len(moves)
    rearrangement.status, rearrangement.decided_at = "confirmed", now
    rearrangement.decided_by_id = actor_id
    audit.record(now, actor_id, "rearrangement.confirmed", rearrangement, f"moves={len(moves)}")
    db.session.commit()


def _flush_or_clash(move: PlannedMove, advice: str) -> None:
    """Booked since the repair was made: the database refuses, and nothing is applied."""
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        to = move.to
        assert to is not None  # only a placed move takes a slot that another booking can hold
        refusal = conflict_from(error, to.starts_at, to.ends_at, to.chair_id, to.room_id)
        raise Clash(f"Nothing was moved: {refusal.message} {advice}", "moves") from error


REPAIR_CLASH = "Discard this repair and record the change again."


def move_one(now, actor_id, rearrangement, move: PlannedMove, before, decisions,
             advice: str = REPAIR_CLASH) -> None:  # fmt: skip
    """Apply one move: the meeting to its new place (or cancelled, when unplaced), its history,
    its late agreement, and the updated invites to everyone on it. A double booking the
    database finds is a Clash, with `advice` on what to do."""
    meeting, to = move.meeting, move.to
    history = RearrangementMove(
        rearrangement=rearrangement,
        meeting_id=meeting.id,
        change="moved" if to is not None else "unplaced",
        from_starts_at=before.starts_at,
        from_chair_id=before.chair_id,
        from_room_id=before.room_id,
    )
    if to is None:
        meeting.status = "cancelled"
        meeting.request.status = "open"  # back to the next plan run
    else:
        meeting.starts_at, meeting.ends_at = to.starts_at, to.ends_at
        meeting.chair_id, meeting.room_id, meeting.status = to.chair_id, to.room_id, "confirmed"
        history.to_starts_at, history.to_chair_id, history.to_room_id = (
            to.starts_at,
            to.chair_id,
            to.room_id,
        )
    meeting.updated_at = now
    db.session.add(history)
    _flush_or_clash(
        move, advice
    )  # before the notices: queueing them flushes, outside the Clash guard
    if meeting.id in decisions:  # on the meeting too: marking it held will not ask again
        late = decisions[meeting.id]
        approvals.settle_late(now, actor_id, meeting, ApprovalKind.LATE_BOOKING, late)
        history.late_reason, history.late_agreed_by = late, meeting.late_agreed_by
    queue_meeting_notices(now, meeting, before)
    audit.record(now, actor_id, f"meeting.{history.change}", meeting,
                 f"rearrangement={rearrangement.id}")  # fmt: skip


def _same_place(meeting: Meeting, to: Move) -> bool:
    return (meeting.starts_at, meeting.chair_id, meeting.room_id) == (
        to.starts_at,
        to.chair_id,
        to.room_id,
    )


def _run(rearrangement: Rearrangement) -> PlanRun | None:
    if rearrangement.plan_run_id is None:
        return None
    return db.session.get(PlanRun, rearrangement.plan_run_id)


def _day(moment: datetime):
    return moment.astimezone(LONDON).date()
