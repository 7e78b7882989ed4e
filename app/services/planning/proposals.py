"""A finished plan run's proposal, for review on the run page: meetings by day and chair, what
the plan costs (its score terms in words), the unscheduled requests with their reasons and what
would make them possible, and what it changes against the bookings made since."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Chair, MeetingRequest, PlanRun, Room
from app.services.booking.in_words import in_words, instance_names, plain
from app.services.planning.confirm import stale_proposals
from app.services.requests.rules import type_label
from app.solver_bridge.calls import plan_costs
from app.solver_bridge.format_types import Solution, stored_instance, stored_solution
from app.solver_bridge.solution import solution_to_proposals
from app.time import LONDON
from app.timescales import MeetingType


@dataclass(frozen=True)
class ProposedLine:
    request: MeetingRequest
    label: str
    starts: str  # HH:MM, Europe/London
    ends: str
    room: str
    late: bool = False  # after the request's latest day: needs a reason and a manager's agreement
    at_risk: bool = False  # after the request's preferred day, still in timescale
    new_chair: bool = False  # not the child's own chair (the request's allocated chair)

    @property
    def flags(self) -> list[str]:
        """The row's flags in words, for the page and for filtering it."""
        return [words for flag, words in ((self.late, "Out of timescale"),
                                          (self.at_risk, "After the preferred day"),
                                          (self.new_chair, "New chair")) if flag]  # fmt: skip


@dataclass(frozen=True)
class Unplaced:
    request: MeetingRequest | None
    label: str
    reasons: list[str]


# The score terms (docs/exchange-format.md, "Score"), as an admin reads them (counts, not
# weighted points).
TERM_WORDS = {
    "unscheduled": "requests left unscheduled",
    "out_of_timescale": "meetings out of timescale",
    "days_late": "working days late, in all",
    "continuity": "meetings not chaired by the child's own chair",
    "moved_time": "booked meetings moved to another time",
    "moved_chair": "booked meetings given another chair",
    "moved_room": "booked meetings moved to another room",
    "portable_kit": "hybrid meetings needing the chair's portable kit",
    "optional_absent": "optional attendees who cannot come",
    "margin_days": "working days after the safe date, in all",
    "family_travel": "minutes families travel to the room, in all",
    "chair_travel": "minutes chairs drive, in all",
    "overload": "minutes beyond chairs' fair share of the work, in all",
}


@dataclass
class ProposalView:
    days: list[tuple[str, list[tuple[str, list[ProposedLine]]]]]  # day -> chair -> meetings
    unscheduled: list[Unplaced]
    costs: list[tuple[str, int]]  # score terms in words, with their counts
    new_bookings: int
    stale: list[str]  # what no longer fits the bookings made since the plan was made
    types: list[tuple[str, str]]  # (code, words) of the types proposed, for the filters
    localities: list[tuple[int, str]]  # (id, name) of the localities proposed


def proposal_for(run: PlanRun) -> ProposalView | None:
    if not run.solution:
        return None
    solution = stored_solution(run.solution)
    proposals = solution_to_proposals(solution)
    requests = _by_id(MeetingRequest, {p.request_id for p in proposals} | _unplaced_ids(solution))
    chairs = _by_id(Chair, {p.chair_id for p in proposals})
    rooms = _by_id(Room, {p.room_id for p in proposals if p.room_id})
    grouped: dict = defaultdict(lambda: defaultdict(list))
    for p in sorted(proposals, key=lambda p: (p.starts_at, p.chair_id)):
        start, end = p.starts_at.astimezone(LONDON), p.ends_at.astimezone(LONDON)
        request = requests[p.request_id]
        late = start.date() > request.latest
        grouped[f"{start:%a} {start.day} {start:%b %Y}"][chairs[p.chair_id].name].append(
            ProposedLine(
                request,
                _label(request),
                f"{start:%H:%M}",
                f"{end:%H:%M}",
                rooms[p.room_id].name if p.room_id else _no_room(request),
                late=late,
                at_risk=not late and start.date() > (request.preferred_latest or request.latest),
                new_chair=request.allocated_chair_id not in (None, p.chair_id),
            )
        )
    days = [(day, sorted(by_chair.items())) for day, by_chair in grouped.items()]
    instance = stored_instance(run.instance) if run.instance else None
    names = instance_names(instance) if instance else {}
    unscheduled = [
        Unplaced(
            requests.get(int(u["meeting"][1:])),
            _label(requests.get(int(u["meeting"][1:]))),
            [plain(in_words(reason, names)) for reason in u["reasons"]],
        )
        for u in solution["unscheduled"]
        if u["meeting"].startswith("R")
    ]
    # The plan's own costs: the calendar's bookings made before it are not its doing.
    terms = solution.get("breakdown", {})
    if instance is not None and "meetings" in instance:
        terms = plan_costs(instance, solution)
    costs = [(TERM_WORDS.get(t, t), n) for t, n in terms.items() if n]
    stale = stale_proposals(proposals) if run.confirmed_at is None else []
    proposed = [requests[p.request_id] for p in proposals]
    types = sorted({(r.meeting_type, type_label(r.meeting_type)) for r in proposed},
                   key=lambda pair: pair[1])  # fmt: skip
    localities = sorted({(r.locality_id, r.locality.name) for r in proposed},
                        key=lambda pair: pair[1])  # fmt: skip
    return ProposalView(days, unscheduled, costs, len(proposals), stale, types, localities)


def _unplaced_ids(solution: Solution) -> set[int]:
    return {int(u["meeting"][1:]) for u in solution["unscheduled"] if u["meeting"].startswith("R")}


def _by_id(model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def _label(request: MeetingRequest | None) -> str:
    if request is None:
        return "A request that no longer exists"
    return f"{MeetingType(request.meeting_type).label}, case {request.case.reference}"


def _no_room(request: MeetingRequest) -> str:
    return "Off site" if request.format == "off_site" else "Virtual"
