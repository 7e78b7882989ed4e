"""A proved lower bound on the score, from each meeting's cheapest conceivable booking.

Every term is bounded on its own over a superset of each meeting's real options (so the sum of
the per-term minima is never above the best real booking), and chair_travel uses the fact that a
chair's day with k physical meetings, at most `max_meetings_per_day` when any is unpinned, drives
at least the longest round trip among them, hence at least the average of their round trips.
Weak on convenience, but true: it is what `bound` reports when no model has proved more.
"""

from __future__ import annotations

import math
from fractions import Fraction

from solver.search.bound.least_cost import chair_independent_cost, travel_share
from solver.search.bound.lp import lp_bound
from solver.search.bound.week_columns import pinned_cost
from solver.search.problem import Meeting, Problem
from solver.search.score import day_terms, weighted


def lower_bound(problem: Problem) -> int:
    """The better of the per-meeting bound and, where the instance is small enough, the LP's."""
    pinned, total = pinned_cost(problem), Fraction(0)
    for meeting in problem.meetings:
        if not meeting.pinned:
            total += min(Fraction(problem.weights["unscheduled"]), _cheapest(problem, meeting))
    # The score is an integer, so at least the ceiling of any bound on it.
    return max(pinned + math.ceil(total), lp_bound(problem, pinned) or 0)


def _cheapest(problem: Problem, meeting: Meeting) -> Fraction:
    if not meeting.days or not meeting.chairs or (meeting.needs_room and not meeting.rooms):
        return Fraction(problem.weights["unscheduled"])
    w = problem.weights
    cost = Fraction(min(weighted(problem, day_terms(problem, meeting, d)) for d in meeting.days))
    if meeting.allocated is not None and meeting.allocated not in meeting.chairs:
        cost += w["continuity"]
    current = meeting.current
    if current is not None:
        cost += w["moved_time"] * int(current.day not in meeting.days)
        cost += w["moved_chair"] * int(current.chair not in meeting.chairs)
    rooms = [problem.rooms[r] for r in meeting.rooms]
    cost += chair_independent_cost(problem, meeting)
    return cost + w["chair_travel"] * travel_share(problem, meeting, rooms, meeting.chairs)
