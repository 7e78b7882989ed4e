"""The least a meeting can add to the score, term by term, whichever booking it gets: the pieces
that the proved bounds build on (lower_bound.py per meeting, lp.py per chair and week, and
week_columns.py per chair, week and locality).

Each piece is a minimum over a superset of the meeting's real options, so it is never above what
a real booking costs; chair_travel is bounded by the meeting's share of a chair's round trips
(lower_bound.py explains why).
"""

from __future__ import annotations

from fractions import Fraction

from solver.search.occupancy import optional_costs, static_mask
from solver.search.problem import Meeting, Problem


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
    return cost + w["optional_absent"] * fewest_absent(problem, meeting)


def fewest_absent(problem: Problem, meeting: Meeting) -> int:
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
