"""A finished plan run's proposal, read-only, for the run page: meetings by day and chair, and
the unscheduled requests with their reasons. (Review and confirm come later.)"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app import solver_adapter
from app.extensions import db
from app.london import LONDON
from app.models import Chair, MeetingRequest, PlanRun, Room
from app.timescales import MeetingType


@dataclass(frozen=True)
class ProposedLine:
    request: MeetingRequest
    label: str
    starts: str  # HH:MM, Europe/London
    ends: str
    room: str


@dataclass(frozen=True)
class Unplaced:
    request: MeetingRequest | None
    label: str
    reasons: list[str]


@dataclass
class ProposalView:
    days: list[tuple[str, list[tuple[str, list[ProposedLine]]]]]  # day -> chair -> meetings
    unscheduled: list[Unplaced]


def proposal_for(run: PlanRun) -> ProposalView | None:
    if not run.solution:
        return None
    solution = json.loads(run.solution)
    proposals = solver_adapter.solution_to_proposals(solution)
    requests = _by_id(MeetingRequest, {p.request_id for p in proposals} | _unplaced_ids(solution))
    chairs = _by_id(Chair, {p.chair_id for p in proposals})
    rooms = _by_id(Room, {p.room_id for p in proposals if p.room_id})
    grouped: dict = defaultdict(lambda: defaultdict(list))
    for p in sorted(proposals, key=lambda p: (p.starts_at, p.chair_id)):
        start, end = p.starts_at.astimezone(LONDON), p.ends_at.astimezone(LONDON)
        request = requests[p.request_id]
        grouped[f"{start:%a} {start.day} {start:%b %Y}"][chairs[p.chair_id].name].append(
            ProposedLine(
                request,
                _label(request),
                f"{start:%H:%M}",
                f"{end:%H:%M}",
                rooms[p.room_id].name if p.room_id else _no_room(request),
            )
        )
    days = [(day, sorted(by_chair.items())) for day, by_chair in grouped.items()]
    unscheduled = [
        Unplaced(
            requests.get(int(u["meeting"][1:])),
            _label(requests.get(int(u["meeting"][1:]))),
            u["reasons"],
        )
        for u in solution["unscheduled"]
        if u["meeting"].startswith("R")
    ]
    return ProposalView(days, unscheduled)


def _unplaced_ids(solution: dict) -> set[int]:
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
