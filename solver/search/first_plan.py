"""A first plan, quickly: keep what is booked, then place the rest cheapest-first.

This is the starting plan of the large-neighbourhood search, not the fixed "booking by hand"
baseline (solver/baseline/greedy.py): it keeps every still-valid `current` booking (a repair
should move only what it must), then places the other meetings in deadline order, each at the
option with the lowest score increase among the ones it can see (insert.py), making room for a
late one by moving as few bookings as it can (eject.py).

A *guided* first plan (`guidance`: meeting → chair and week, from the bound's relaxation)
places each meeting with that chair in that week where it can, and anywhere otherwise: the
relaxation sees the whole month's capacity at once, where insertion in deadline order lets the
early meetings take the weeks the later ones need.

When the caller says to hurry (its time is nearly up), the meetings not yet placed go at their
first free option instead, in the same order, and only a meeting that found none makes room (a
few tries, no chains): a complete plan that keeps every hard rule now is worth more than a
better one after the limit.
"""

from __future__ import annotations

from collections.abc import Callable

from solver.search.eject import Ejector
from solver.search.insert import Guide, Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import Problem
from solver.search.score import Plan

# In a hurry only an unscheduled meeting makes room, with this many tries and no chains.
HURRIED_TRIALS = 10


def never() -> bool:
    return False


def pinned_plan(problem: Problem) -> Plan:
    return {m.idx: m.current for m in problem.meetings if m.pinned and m.current is not None}


class FirstPlan:
    """The first plan, built step by step; `work` counts the chair-days it looked at."""

    def __init__(self, problem: Problem, guidance: dict[int, Guide] | None = None):
        self.problem = problem
        self.guidance = guidance or {}
        self.occupancy = Occupancy(problem, pinned_plan(problem))
        self.hurried = False  # some meetings went at their first free option
        self.left = 0  # meetings still to insert

    @property
    def work(self) -> int:
        return self.occupancy.work

    def build(
        self, hurry: Callable[[], bool] = never, abandon: Callable[[], bool] = never
    ) -> Plan | None:
        """Pinned as booked, valid in-time `current` bookings kept, the rest inserted; None
        when `abandon` says so first."""
        problem, occupancy = self.problem, self.occupancy
        free = [m for m in problem.meetings if not m.pinned]
        for meeting in sorted(free, key=lambda m: (m.latest, m.earliest, m.id)):
            current = meeting.current
            if current and current.day <= meeting.latest and occupancy.fits(meeting.idx, current):
                occupancy.add(meeting.idx, current)
        inserter = Inserter(problem, occupancy)
        to_insert = [m for m in free if m.idx not in occupancy.plan]
        self.left = len(to_insert)
        for meeting in sorted(to_insert, key=lambda m: (m.latest, m.earliest, len(m.chairs), m.id)):
            if abandon():
                return None
            self.left -= 1
            if meeting.idx not in occupancy.plan:
                quick = self.hurried or hurry()
                self.hurried = quick
                inserter.insert(meeting.idx, quick, self.guidance.get(meeting.idx))
        for meeting in sorted(free, key=lambda m: (m.latest, m.earliest, m.id)):
            if abandon():
                return None
            self.hurried = self.hurried or hurry()
            placed = occupancy.plan.get(meeting.idx)
            if self.hurried:
                if placed is None:
                    Ejector(inserter, depth=1, budget=HURRIED_TRIALS).place_in_time(meeting.idx)
            elif placed is None or placed.day > meeting.latest:
                Ejector(inserter).place_in_time(meeting.idx)
        return occupancy.plan


def first_plan(
    problem: Problem, hurry: Callable[[], bool] = never, abandon: Callable[[], bool] = never
) -> Plan | None:
    return FirstPlan(problem).build(hurry, abandon)
