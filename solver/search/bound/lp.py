"""A tighter proved bound for instances of up to a few hundred meetings: lower_bound.py's cheapest
conceivable booking of each meeting, with its chair and week chosen by a linear programme that
respects the chairs' weekly minutes and daily counts.

Why it is valid: any plan is a feasible point of this programme (x[m, c, w] = 1 when chair c
holds meeting m in ISO week w), and there the objective is at most the plan's score: each
meeting's own terms are bounded for that chair and week as lower_bound.py bounds them for the
meeting, and chair_travel is at least the sum, over physical meetings, of the chair's round trip
to it divided by the chair's `max_meetings_per_day` (lower_bound.py's argument). So the optimum,
rounded down, is a lower bound on the score.
Why it is tighter: the chairs based near the families cannot take every meeting, an allocated
chair with a full week forces continuity, and full weeks push meetings past `preferred_latest`.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from solver.search.bound.least_cost import chair_independent_cost, travel_share
from solver.search.bound.week_columns import (
    Week,
    chair_can,
    meetings_left,
    minutes_left,
    working_days,
)
from solver.search.occupancy import static_mask
from solver.search.problem import Meeting, Problem
from solver.search.score import day_terms, weighted

MAX_OPTIONS = 40_000  # (meeting, chair, week) columns: beyond this the LP costs more than it tells
LP_SECONDS = 2.0


def lp_bound(problem: Problem, pinned_cost: int) -> int | None:
    """A proved lower bound, or None when the instance is too big or the LP is not solved."""
    free = [m for m in problem.meetings if not m.pinned]
    size = sum(len(m.chairs) * len({problem.week_of(d) for d in m.days}) for m in free)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if size > MAX_OPTIONS or lp is None:
        return None
    lp.SetTimeLimit(int(LP_SECONDS * 1000))
    objective = lp.Objective()
    caps: dict[tuple[int, Week], tuple] = {}
    for meeting in free:
        one = lp.Constraint(1, 1)  # held once, or left out
        left_out = lp.NumVar(0, 1, "")
        one.SetCoefficient(left_out, 1)
        objective.SetCoefficient(left_out, problem.weights["unscheduled"])
        for (c, week), cost in _columns(problem, meeting).items():
            if (c, week) not in caps:
                minutes = lp.Constraint(0, minutes_left(problem, c, week))
                caps[(c, week)] = (
                    minutes,
                    lp.Constraint(
                        0, meetings_left(problem, c, week, working_days(problem, c, week))
                    ),
                )
            x = lp.NumVar(0, 1, "")
            one.SetCoefficient(x, 1)
            objective.SetCoefficient(x, cost)
            caps[(c, week)][0].SetCoefficient(x, meeting.duration)
            caps[(c, week)][1].SetCoefficient(x, 1)
    objective.SetMinimization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # The score is an integer at least the LP's optimum, so at least its ceiling; GLOP works in
    # floating point, so step back well beyond its tolerance first.
    value = objective.Value()
    return pinned_cost + math.ceil(value - 1e-6 * max(1.0, abs(value)))


def _columns(problem: Problem, meeting: Meeting) -> dict[tuple[int, Week], float]:
    """(chair, week) → the least this meeting can add to the score there."""
    w, current = problem.weights, meeting.current
    if not meeting.days or not meeting.chairs or (meeting.needs_room and not meeting.rooms):
        return {}
    shared = chair_independent_cost(problem, meeting)
    rooms = [problem.rooms[r] for r in meeting.rooms]
    by_day = {}
    for d in meeting.days:
        if static_mask(problem, meeting.idx, d):
            moved = int(current is not None and current.day != d)
            by_day[d] = weighted(problem, day_terms(problem, meeting, d)) + w["moved_time"] * moved
    out: dict[tuple[int, Week], float] = {}
    for c in meeting.chairs:
        chair = problem.chairs[c]
        cost = shared + w["continuity"] * int(meeting.allocated not in (None, c))
        cost += w["moved_chair"] * int(current is not None and current.chair != c)
        base = float(cost + w["chair_travel"] * travel_share(problem, meeting, rooms, [c]))
        for d, here in by_day.items():
            if problem.weekday_of(d) in chair.weekdays and chair_can(problem, meeting, c, d):
                key = (c, problem.week_of(d))
                out[key] = min(out.get(key, math.inf), base + here)
    return out
