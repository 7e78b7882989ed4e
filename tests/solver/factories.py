"""Small valid chairs-instance/1 pieces for tests: `make_chair(**overrides)` and friends, and
`solved(instance)`, a deterministic solve that the independent checker must agree with.

Defaults: one working week (Mon 12 – Fri 16 May 2025), 09:00–17:00 on a 15-minute grain, three
localities (Lincoln, Boston, Sleaford), one chair C1 based in Lincoln, one room R1 in Lincoln, one
in-person meeting M1 of 60 minutes due within the week. Every override replaces a field whole,
and a test states at its call what it needs beyond these (e.g. a virtual meeting, or the two
towns half an hour apart of TWO_TOWNS_30_MINUTES). An instance never shares the caller's dicts.
"""

from __future__ import annotations

import copy
from typing import Any

from solver.checker.check import check
from solver.solve import solve

WEEK = ["2025-05-12", "2025-05-13", "2025-05-14", "2025-05-15", "2025-05-16"]
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = WEEK
LOCALITIES = ["Lincoln", "Boston", "Sleaford"]
DRIVES = {("Lincoln", "Boston"): 65, ("Lincoln", "Sleaford"): 40, ("Boston", "Sleaford"): 40}


def make_travel(
    localities: list[str] | None = None, drives: dict[tuple[str, str], int] | None = None
) -> dict[str, dict[str, int]]:
    """A full symmetric matrix with A→A = 0; `drives` gives each unordered pair once."""
    localities = localities or LOCALITIES
    drives = DRIVES if drives is None else drives
    travel: dict[str, dict[str, int]] = {a: {} for a in localities}
    for a in localities:
        for b in localities:
            travel[a][b] = 0 if a == b else drives.get((a, b), drives.get((b, a), 30))
    return travel


# Lincoln and Boston only, half an hour apart (with `localities=["Lincoln", "Boston"]`).
TWO_TOWNS_30_MINUTES = make_travel(["Lincoln", "Boston"], {("Lincoln", "Boston"): 30})


def make_chair(**overrides: Any) -> dict:
    chair = {
        "id": "C1",
        "name": "Test Chair",
        "base": "Lincoln",
        "fte": 1.0,
        "roles": ["chair"],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "max_meetings_per_day": 3,
        "max_minutes_per_week": 600,
        "portable_hybrid_kit": False,
        "unavailable": [],
    }
    return {**chair, **overrides}


def make_room(**overrides: Any) -> dict:
    room = {
        "id": "R1",
        "name": "Test Room",
        "locality": "Lincoln",
        "capacity": 8,
        "hybrid": "full",
        "accessible": True,
        "separate_waiting_area": True,
        "unavailable": [],
    }
    return {**room, **overrides}


def make_person(**overrides: Any) -> dict:
    return {**{"id": "P1", "role": "parent", "unavailable": []}, **overrides}


def make_meeting(**overrides: Any) -> dict:
    meeting = {
        "id": "M1",
        "type": "CIC_REVIEW",
        "case": "F1",
        "duration_minutes": 60,
        "earliest": MONDAY,
        "latest": FRIDAY,
        "format": "in_person",
        "locality": "Lincoln",
        "in_person_count": 4,
        "required_people": [],
        "optional_people": [],
    }
    return {**meeting, **overrides}


def make_instance(**overrides: Any) -> dict:
    instance = {
        "format": "chairs-instance/1",
        "name": "factory",
        "days": list(WEEK),
        "grain_minutes": 15,
        "day_start": "09:00",
        "day_end": "17:00",
        "localities": list(LOCALITIES),
        "travel_minutes": make_travel(),
        "chairs": [make_chair()],
        "rooms": [make_room()],
        "people": [make_person()],
        "meetings": [make_meeting()],
    }
    return copy.deepcopy({**instance, **overrides})


def _plus_minutes(clock: str, minutes: int) -> str:
    hours, mins = map(int, clock.split(":"))
    total = hours * 60 + mins + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def busy(day: str, start: str, end: str) -> dict:
    """An unavailability interval on one day."""
    return {"start": f"{day}T{start}", "end": f"{day}T{end}", "reason": "other commitments"}


def make_assignment(
    meeting: str = "M1",
    day: str = MONDAY,
    start: str = "09:00",
    chair: str = "C1",
    room: str | None = "R1",
    *,
    duration: int = 60,
    end: str | None = None,
) -> dict:
    """An assignment; `end` defaults to start + `duration` (give both when they differ)."""
    return {
        "meeting": meeting,
        "day": day,
        "start": start,
        "end": end if end is not None else _plus_minutes(start, duration),
        "chair": chair,
        "room": room,
    }


def make_solution(
    instance: dict,
    assignments: list[dict],
    unscheduled: list[str] | tuple[str, ...] = (),
    *,
    score: int = 0,
    breakdown: dict[str, int] | None = None,
) -> dict:
    """A solution with the given claim (by default a zero score and an empty breakdown; tests
    that need a matching claim take it from the checker's recomputation)."""
    return {
        "format": "chairs-solution/1",
        "instance": instance["name"],
        "status": "FEASIBLE",
        "score": score,
        "solve_seconds": 0.0,
        "assignments": assignments,
        "unscheduled": [{"meeting": m, "reasons": ["test"]} for m in unscheduled],
        "breakdown": breakdown or {},
    }


def solved(instance: dict, time_limit: float = 2.0) -> dict:
    """Solve deterministically and insist that the checker agrees with every claim."""
    solution = solve(instance, time_limit=time_limit, deterministic=True)
    report = check(instance, solution)
    assert report.valid, (report.violations, report.problems)
    return solution


def placed(solution: dict) -> dict[str, dict]:
    return {a["meeting"]: a for a in solution["assignments"]}


def unscheduled(solution: dict) -> dict[str, list[str]]:
    return {u["meeting"]: u["reasons"] for u in solution["unscheduled"]}
