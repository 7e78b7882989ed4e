"""The calls into the solver: validate, solve, check, summarise, rank one meeting's options,
re-check bookings made against an older instance, and generate the demo county's month. Plain
dicts in and out, typed as the exchange format's TypedDicts (app.solver_bridge.format_types).
With format_types, this is the only module of the app that imports solver/ (the layers test
keeps every import of it inside app.solver_bridge).

The solver is imported inside each function (its report and option types only for the type
checker), so loading the app does not load OR-Tools.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.solver_bridge.format_types import Assignment, Instance, Meeting, Solution

if TYPE_CHECKING:
    from solver.checker.check import CheckReport
    from solver.explain.find_times import Option

COUNTY_MONTH = "county-month"


def instance_problems(instance: Instance) -> list[str]:
    """Why the solver would refuse the instance (empty when it is valid)."""
    from solver.format.validate import validate_instance

    return validate_instance(instance)


def solve_instance(instance: Instance, **settings: Any) -> Solution:
    """`solver.solve.solve` (time_limit, workers, seed, deterministic, progress, stop)."""
    from solver.solve import solve

    return solve(instance, **settings)


def check_solution(instance: Instance, solution: Solution) -> CheckReport:
    """The independent checker's report (`.ok`, violations, recomputed score)."""
    from solver.checker.check import check

    return check(instance, solution)


def summarise(instance: Instance, solution: Solution) -> dict[str, int]:
    """Counts an admin reads: placed, at risk (after the safe date or out of timescale), late
    (out of timescale) and unscheduled, over the requests being planned (pinned ones left out)."""
    wanted = {m["id"]: m for m in instance["meetings"] if not m.get("pinned")}
    placed = [a for a in solution["assignments"] if a["meeting"] in wanted]
    late = [a for a in placed if a["day"] > wanted[a["meeting"]]["latest"]]
    at_risk = [
        a
        for a in placed
        if a["day"] > wanted[a["meeting"]].get("preferred_latest", wanted[a["meeting"]]["latest"])
    ]
    unscheduled = [u for u in solution["unscheduled"] if u["meeting"] in wanted]
    return {
        "requests": len(wanted),
        "placed": len(placed),
        "at_risk": len(at_risk),
        "late": len(late),
        "unscheduled": len(unscheduled),
    }


def plan_costs(instance: Instance, solution: Solution) -> dict[str, int]:
    """What the plan's own meetings add to each score term: the whole calendar's breakdown less
    that of the bookings already made (the pinned meetings) on their own, so the costs of
    meetings booked before are not counted again; `unscheduled` is the plan's requests left
    unscheduled. Chair travel and overload are shared by a chair's day and week, so theirs is
    the change the plan makes (a plan can even lower a chair's overload by raising everyone's
    fair share)."""
    from solver.checker.score import score_terms

    pinned = {m["id"] for m in instance["meetings"] if m.get("pinned")}
    booked_before: Solution = {
        **solution,
        "assignments": [a for a in solution["assignments"] if a["meeting"] in pinned],
        "unscheduled": [{"meeting": m["id"], "reasons": []}
                        for m in instance["meetings"] if m["id"] not in pinned],
    }  # fmt: skip
    with_plan = score_terms(instance, solution)
    without = score_terms(instance, booked_before)
    costs = {term: with_plan[term] - without[term] for term in with_plan}
    costs["unscheduled"] = sum(1 for u in solution["unscheduled"] if u["meeting"] not in pinned)
    return costs


def find_options(instance: Instance, meeting_id: str, count: int = 10) -> list[Option]:
    """`solver.explain.find_times.find_options`: the best places for one meeting among the
    pinned ones."""
    from solver.explain.find_times import find_options as options_of

    return options_of(instance, meeting_id, count)


def booking_review(instance: Instance, assignment: Assignment) -> tuple[list[str], dict[str, int]]:
    """For one assignment (solution format) added to the instance's pinned meetings: the
    checker's words for every hard rule it breaks, and what it adds to each score term."""
    from solver.checker.check import check

    pinned = [_as_booked(m) for m in instance["meetings"] if m.get("pinned")]
    others = [m["id"] for m in instance["meetings"] if not m.get("pinned")]
    rest = [m for m in others if m != assignment["meeting"]]
    with_it = check(instance, _solution(instance, [*pinned, assignment], rest))
    without = check(instance, _solution(instance, pinned, others))
    broken = [v.message for v in with_it.violations if v.meeting == assignment["meeting"]]
    added = {t: with_it.breakdown[t] - without.breakdown[t] for t in with_it.breakdown}
    return broken, {term: count for term, count in added.items() if count and term != "unscheduled"}


def broken_rules(instance: Instance, assignments: list[Assignment]) -> dict[str, list[str]]:
    """For assignments (solution format) made against an older instance: the checker's words for
    each hard rule they break in `instance` (the data as it is now), with its pinned meetings
    kept as booked and its other meetings left unscheduled. Empty when they all still fit."""
    from solver.checker.check import check

    placed = {a["meeting"] for a in assignments}
    known = {m["id"] for m in instance["meetings"]}
    pinned = [_as_booked(m) for m in instance["meetings"] if m.get("pinned")]
    rest = [m for m in known if m not in placed and m not in {p["meeting"] for p in pinned}]
    fitting = [a for a in assignments if a["meeting"] in known]
    report = check(instance, _solution(instance, [*pinned, *fitting], rest))
    found: dict[str, list[str]] = {}
    for violation in report.violations:
        if violation.meeting in placed:
            found.setdefault(violation.meeting, []).append(violation.message)
    return found


def generate_county_month(seed: int, first_day: date) -> tuple[Instance, Solution]:
    """A feasible month for the demo county starting on `first_day`, and its planted plan."""
    from solver.generate.generator import generate_with_plan

    return generate_with_plan(COUNTY_MONTH, seed, first_day=first_day)


def county_population_share() -> dict[str, float]:
    """Share of the county's families living in each locality (for synthetic cases)."""
    from solver.generate.geography import LINCOLNSHIRE

    return dict(LINCOLNSHIRE.population_share)


def _as_booked(meeting: Meeting) -> Assignment:
    current = meeting["current"]
    start = datetime.strptime(current["start"], "%H:%M")
    end = start + timedelta(minutes=meeting["duration_minutes"])
    return {"meeting": meeting["id"], **current, "end": end.strftime("%H:%M")}


def _solution(
    instance: Instance, assignments: list[Assignment], unscheduled: list[str]
) -> Solution:
    return {
        "format": "chairs-solution/1",
        "instance": instance["name"],
        "status": "FEASIBLE",
        "score": 0,
        "solve_seconds": 0.0,
        "assignments": assignments,
        "unscheduled": [{"meeting": m, "reasons": ["not booked"]} for m in unscheduled],
        "breakdown": {},
    }
