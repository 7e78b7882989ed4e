"""A first plan in well under a second: keep what is booked, then place the rest cheapest-first.

This is the starting plan of the large-neighbourhood search, not the fixed "booking by hand"
baseline (solver/baseline/greedy.py): it keeps every still-valid `current` booking (a repair
should move only what it must), then places the other meetings in deadline order, each at the
option with the lowest score increase among the ones it can see (insert.py), making room for a
late one by moving as few bookings as it can (eject.py).
"""

from __future__ import annotations

from collections.abc import Callable

from solver.search.eject import Ejector
from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import Problem
from solver.search.score import Plan


def pinned_plan(problem: Problem) -> Plan:
    return {m.idx: m.current for m in problem.meetings if m.pinned and m.current is not None}


def first_plan(problem: Problem, should_stop: Callable[[], bool] = lambda: False) -> Plan | None:
    """Pinned as booked, valid in-time `current` bookings kept, the rest inserted."""
    occupancy = Occupancy(problem, pinned_plan(problem))
    free = [m for m in problem.meetings if not m.pinned]
    for meeting in sorted(free, key=lambda m: (m.latest, m.earliest, m.id)):
        current = meeting.current
        if current and current.day <= meeting.latest and occupancy.fits(meeting.idx, current):
            occupancy.add(meeting.idx, current)
    inserter = Inserter(problem, occupancy)
    for meeting in sorted(free, key=lambda m: (m.latest, m.earliest, len(m.chairs), m.id)):
        if should_stop():
            return None
        if meeting.idx not in occupancy.plan:
            inserter.insert(meeting.idx)
    for meeting in sorted(free, key=lambda m: (m.latest, m.earliest, m.id)):
        if should_stop():
            return None
        placed = occupancy.plan.get(meeting.idx)
        if placed is None or placed.day > meeting.latest:
            Ejector(inserter).place_in_time(meeting.idx)
    return occupancy.plan
