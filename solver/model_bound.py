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

from solver.model_data import Meeting, Problem
from solver.model_occupancy import optional_costs, static_mask
from solver.model_score import day_terms, meeting_terms, weighted


def lower_bound(problem: Problem) -> int:
    """The better of the per-meeting bound and, where the instance is small enough, the LP's."""
    from solver.model_bound_lp import lp_bound  # it builds on this module's pieces

    pinned, total = 0, Fraction(0)
    for meeting in problem.meetings:
        if meeting.pinned:
            if meeting.current is not None:
                pinned += weighted(problem, meeting_terms(problem, meeting, meeting.current))
            continue
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


def chair_independent_cost(problem: Problem, meeting: Meeting) -> Fraction:
    """The least of the terms that depend neither on the chair nor on the day."""
    w, current, cost = problem.weights, meeting.current, Fraction(0)
    if current is not None:
        kept = current.room in meeting.rooms or (current.room is None and not meeting.needs_room)
        cost += w["moved_room"] * int(not kept)
    rooms = [problem.rooms[r] for r in meeting.rooms]
    if meeting.format == "hybrid" and not any(r.full_hybrid for r in rooms):
        cost += w["portable_kit"]
    if rooms:
        cost += w["family_travel"] * min(problem.travel[meeting.loc][r.loc] for r in rooms)
    return cost + w["optional_absent"] * _fewest_absent(problem, meeting)


def _fewest_absent(problem: Problem, meeting: Meeting) -> int:
    fewest = len(meeting.optional)
    for d in meeting.days:
        mask = static_mask(problem, meeting.idx, d)
        costs = optional_costs(problem, meeting, d)
        if mask and len(costs) < bin(mask).count("1"):
            return 0
        if costs:
            fewest = min(fewest, min(costs.values()))
    return fewest


def travel_share(problem: Problem, meeting: Meeting, rooms, chairs: list[int]) -> Fraction:
    """The least share of a chair's day of driving that holding this meeting can cost."""
    if not meeting.physical:
        return Fraction(0)
    places = [meeting.loc] if meeting.format == "off_site" else [r.loc for r in rooms]
    metric = shortest_paths(problem)
    shares = []
    for c in chairs:
        chair = problem.chairs[c]
        if chair.max_per_day <= 0:
            continue
        round_trip = min(metric[chair.base][p] + metric[p][chair.base] for p in places)
        shares.append(Fraction(round_trip, chair.max_per_day))
    return min(shares, default=Fraction(0))


def shortest_paths(problem: Problem) -> list[list[int]]:
    if "metric" not in problem.cache:
        t = [row[:] for row in problem.travel]
        n = len(t)
        for k in range(n):
            for i in range(n):
                for j in range(n):
                    t[i][j] = min(t[i][j], t[i][k] + t[k][j])
        problem.cache["metric"] = t
    return problem.cache["metric"]
