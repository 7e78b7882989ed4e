"""Solution → the app's ids: a solution's assignments as proposals (a plan run) or as moves of
booked meetings (a repair), with aware UTC times. Plain dicts in, frozen dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.solver_bridge.format_types import Solution
from app.solver_bridge.instance import local_day_time_to_utc


@dataclass(frozen=True)
class Proposal:
    """One assignment of a solution, as the app's ids and aware UTC times."""

    request_id: int
    chair_id: int
    room_id: int | None
    starts_at: datetime
    ends_at: datetime


def solution_to_proposals(solution: Solution) -> list[Proposal]:
    """The solution's open requests ("R…") as proposals; pinned meetings ("M…") are left out."""
    proposals = []
    for a in solution["assignments"]:
        if not a["meeting"].startswith("R"):
            continue
        day = date.fromisoformat(a["day"])
        proposals.append(
            Proposal(
                request_id=int(a["meeting"][1:]),
                chair_id=int(a["chair"][1:]),
                room_id=int(a["room"][4:]) if a["room"] else None,
                starts_at=local_day_time_to_utc(day, a["start"]),
                ends_at=local_day_time_to_utc(day, a["end"]),
            )
        )
    return proposals


@dataclass(frozen=True)
class Move:
    """A booked meeting ("M…") as a repair solution places it, as the app's ids and UTC times."""

    meeting_id: int
    chair_id: int
    room_id: int | None
    starts_at: datetime
    ends_at: datetime


def solution_to_moves(solution: Solution) -> tuple[list[Move], dict[int, list[str]]]:
    """A repair solution's booked meetings where it places them, and those it could not place
    (meeting id → reasons). Whether a meeting really moved is for the caller to compare."""
    moves = [
        Move(
            meeting_id=int(a["meeting"][1:]),
            chair_id=int(a["chair"][1:]),
            room_id=int(a["room"][4:]) if a["room"] else None,
            starts_at=local_day_time_to_utc(date.fromisoformat(a["day"]), a["start"]),
            ends_at=local_day_time_to_utc(date.fromisoformat(a["day"]), a["end"]),
        )
        for a in solution["assignments"]
        if a["meeting"].startswith("M")
    ]
    unplaced = {
        int(u["meeting"][1:]): u["reasons"]
        for u in solution["unscheduled"]
        if u["meeting"].startswith("M")
    }
    return moves, unplaced
