"""What an admin watching a run reads about the best plan so far: how many of the meetings being
planned (pinned ones left out) are placed, at risk (after the safe date, or late), late (after
the latest day) and unscheduled. The same counts as the app's summary of a finished plan."""

from __future__ import annotations

from collections.abc import Callable

from solver.search.problem import Problem
from solver.search.score import Plan

PlanCounts = Callable[[dict[str, int]], None]


def plan_counts(problem: Problem, plan: Plan) -> dict[str, int]:
    wanted = [m for m in problem.meetings if not m.pinned]
    days = [(m, plan[m.idx].day) for m in wanted if m.idx in plan]
    safe = {m.idx: m.latest if m.preferred_latest is None else m.preferred_latest for m in wanted}
    return {
        "requests": len(wanted),
        "placed": len(days),
        "at_risk": sum(1 for m, day in days if day > safe[m.idx]),
        "late": sum(1 for m, day in days if day > m.latest),
        "unscheduled": len(wanted) - len(days),
    }
