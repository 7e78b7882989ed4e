"""Ruin and recreate: take a few related bookings out, put them back one by one where each costs
least, and keep the result when the score does not get worse.

Why beside the exact CP-SAT neighbourhoods: one such step takes a few milliseconds in plain
Python against a few hundred for a CP-SAT neighbourhood (a route circuit per chair-day), so
thousands run in the time of one solve. Measured on county-month seed 0: 10 s of these cut the
score by 14%, 10 s of CP-SAT neighbourhoods by 1%. The CP-SAT steps still find what a greedy
re-insertion cannot (re-sequencing a chair's day, swaps), so the search runs both: on two cores
the CP-SAT solve runs in its own thread while these steps run in the other.

Ruins:
- `related`: a meeting and the bookings nearest it in place and time;
- `chair_days`: a chair's bookings on a day or two, with a colleague's on the same days;
- `move_back`: a booked meeting that has been moved, with whatever holds its booked slot now,
  so that it can go back to what attendees already have in their calendars.
"""

from __future__ import annotations

import random

from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import Placement, Problem
from solver.search.score import (
    Plan,
    chair_day_stops,
    fair_shares,
    meeting_terms,
    route_minutes,
    weighted,
)

MIN_RUIN, MAX_RUIN = 2, 8  # meetings taken out per step
# A change that moves one more booked meeting must lower the score by this much besides: the
# score counts a room-only move at 500, yet every moved meeting means calls and a new invite,
# and a repair is judged by how many meetings it moves (the bench's repair row).
MOVED_MEETING_SURCHARGE = 1_500
# Late acceptance: a step may make the plan worse, up to the score it had this many steps ago,
# so that the search leaves a plan no single step improves; the best plan is kept aside.
HISTORY = 30
# Meeting costs remembered by placement, at most (then forgotten and worked out again).
REMEMBERED_COSTS = 100_000


class RuinRecreate:
    def __init__(self, problem: Problem, plan: Plan, rng: random.Random):
        self.problem = problem
        self.rng = rng
        self.occupancy = Occupancy(problem, plan)
        self.inserter = Inserter(problem, self.occupancy)
        self.unpinned = [m.idx for m in problem.meetings if not m.pinned and m.chairs and m.days]
        self.booked = [m for m in self.unpinned if problem.meetings[m].current is not None]
        self.tally = Tally(problem, self.occupancy, self.inserter.minutes)
        self.score = self.tally.total
        self.moved = self.count_moved()
        self.best_plan, self.best_score, self.best_moved = dict(plan), self.score, self.moved
        self.history = [self.score] * HISTORY
        self.iterations = self.improvements = 0

    @property
    def plan(self) -> Plan:
        return self.occupancy.plan

    def step(self) -> bool:
        """One ruin and recreate; True when it lowered the score."""
        if not self.unpinned:
            return False
        self.iterations += 1
        chosen = self.ruin()
        saved = {m: self.plan.get(m) for m in chosen}
        for m in chosen:
            if m in self.plan:
                self._take(m)
        for m in chosen:
            self.inserter.insert(m)
        return self.settle(saved)

    def adopt(self, placements: Plan, free: list[int]) -> bool:
        """Re-place `free` as an exact step found it on an older plan, if it still keeps every
        rule among the bookings as they are now; True when it lowered the score."""
        saved = {m: self.plan.get(m) for m in free}
        for m in free:
            if m in self.plan:
                self._take(m)
        for m in sorted(placements):
            if not self.occupancy.fits(m, placements[m]):
                self.restore(saved)
                return False
            self._book(m, placements[m])
        return self.settle(saved)

    def settle(self, saved: dict[int, Placement | None]) -> bool:
        """Keep the change unless it costs more than late acceptance allows; True when the
        plan is the best so far."""
        change = self.tally.change(saved)
        new, moved = change.total, self.count_moved()
        turn = self.iterations % HISTORY
        allowed = max(self.score, self.history[turn])
        if new > allowed or new + MOVED_MEETING_SURCHARGE * (moved - self.moved) > allowed:
            self.restore(saved)
        else:
            self.tally.keep(change)
            self.score, self.moved = new, moved
        self.history[turn] = self.score
        best = self.best_score + MOVED_MEETING_SURCHARGE * self.best_moved
        if (
            self.score >= self.best_score
            or self.score + MOVED_MEETING_SURCHARGE * self.moved > best
        ):
            return False
        self.best_plan, self.best_score, self.best_moved = dict(self.plan), self.score, self.moved
        self.improvements += 1
        return True

    def count_moved(self) -> int:
        meetings, plan = self.problem.meetings, self.plan
        return sum(plan.get(m) != meetings[m].current for m in self.booked)

    def restore(self, saved: dict[int, Placement | None]) -> None:
        for m in saved:
            if m in self.plan:
                self._take(m)
        for m, placed in saved.items():
            if placed is not None:
                self._book(m, placed)

    # --- ruins: each returns meetings in the order they go back
    def ruin(self) -> list[int]:
        moved = [m for m in self.booked if self.plan.get(m) != self.problem.meetings[m].current]
        roll = self.rng.random()
        if moved and roll < 0.3:
            return self.move_back(self.rng.choice(moved))
        if roll < 0.5:
            return self.related(self.rng.choice(self.unpinned))
        if roll < 0.75:
            return self.related(self.rng.choice(self.costly() or self.unpinned))
        return self.chair_days()

    def costly(self) -> list[int]:
        """Meetings away from their allocated chair or past their safe date: the dearest terms
        of a typical plan (500 and 20 a day), which a step must target to remove."""
        meetings, plan = self.problem.meetings, self.plan
        found = []
        for m in self.unpinned:
            placed, meeting = plan.get(m), meetings[m]
            if placed is None:
                continue
            away = meeting.allocated is not None and placed.chair != meeting.allocated
            safe = meeting.preferred_latest
            if away or (safe is not None and placed.day > safe):
                found.append(m)
        return found

    def related(self, seed: int) -> list[int]:
        problem, meetings = self.problem, self.problem.meetings
        placed = self.plan.get(seed)
        anchor = placed.day if placed is not None else meetings[seed].days[0]
        here = meetings[seed].loc
        nearby = [
            m
            for d in problem.days
            if abs(d - anchor) <= 3
            for c in range(len(problem.chairs))
            for m in self.occupancy.chair_day.get((c, d), ())
            if not meetings[m].pinned and m != seed
        ]

        def closeness(m: int) -> float:
            day = self.plan[m].day
            distance = problem.travel[here][meetings[m].loc] + 30 * abs(day - anchor)
            return distance + 20 * self.rng.random()

        size = self.rng.randint(MIN_RUIN, MAX_RUIN)
        chosen = [seed, *sorted(nearby, key=closeness)[: size - 1]]
        self.rng.shuffle(chosen)
        return chosen

    def chair_days(self) -> list[int]:
        problem, plan = self.problem, self.plan
        seed = self.rng.choice([m for m in self.unpinned if m in plan] or self.unpinned)
        if seed not in plan:
            return [seed]
        chair, day = plan[seed].chair, plan[seed].day
        days = {day, day + self.rng.choice((-1, 1))}
        colleague = self.rng.randrange(len(problem.chairs))
        chosen = [
            m
            for c in {chair, colleague}
            for d in days
            for m in self.occupancy.chair_day.get((c, d), ())
            if not problem.meetings[m].pinned
        ]
        self.rng.shuffle(chosen)
        return chosen[:MAX_RUIN]

    def move_back(self, m: int) -> list[int]:
        """The moved meeting first, so that its booked slot is the first thing offered again."""
        problem, occ = self.problem, self.occupancy
        current = problem.meetings[m].current
        assert current is not None
        day = current.day
        holders = set(occ.chair_day.get((current.chair, day), ()))
        if current.room is not None:
            holders.update(occ.room_day.get((current.room, day), ()))
        for p in problem.meetings[m].required:
            holders.update(occ.person_day.get((p, day), ()))
        # The chair's weekly minutes too; there, only bookings that are off their own `current`
        # already (or never had one): moving those again costs no new move.
        week = problem.week_of(day)
        for d in problem.days:
            if problem.week_of(d) == week:
                holders.update(
                    o for o in occ.chair_day.get((current.chair, d), ()) if self.adrift(o)
                )
        holders = {o for o in holders if not problem.meetings[o].pinned and o != m}
        rest = sorted(holders, key=lambda o: (not self.adrift(o), problem.meetings[o].latest, o))
        return [m, *rest[: MAX_RUIN - 1]]

    def adrift(self, o: int) -> bool:
        return self.plan.get(o) != self.problem.meetings[o].current

    def _take(self, m: int) -> None:
        self.inserter.minutes[self.plan[m].chair] -= self.problem.meetings[m].duration
        self.occupancy.remove(m)

    def _book(self, m: int, placed: Placement) -> None:
        self.occupancy.add(m, placed)
        self.inserter.minutes[placed.chair] += self.problem.meetings[m].duration


class Change:
    """A plan's score after a change to a few meetings, before it is kept or undone."""

    def __init__(self, meetings: int, routes: dict[tuple[int, int], int], total: int):
        self.meetings = meetings  # the meetings' own terms, weighted
        self.routes = routes  # the new length of each chair-day route the change touched
        self.total = total


class Tally:
    """The spec's score of a plan kept up to date change by change, as score.py would give it:
    each meeting's own terms (remembered by placement), each chair-day's route (worked out
    again only where a change touched it) and the overload (from the chairs' minutes)."""

    def __init__(self, problem: Problem, occupancy: Occupancy, minutes: dict[int, int]):
        self.problem = problem
        self.occupancy = occupancy
        self.minutes = minutes  # each chair's booked minutes, kept by the inserter
        self.costs: dict[tuple[int, Placement], int] = {}
        self.pooled = [c.idx for c in problem.chairs if "chair" in c.roles]
        plan = occupancy.plan
        self.meetings = sum(self.cost(m.idx, plan.get(m.idx)) for m in problem.meetings)
        self.routes = {key: self.route(key) for key, items in occupancy.chair_day.items() if items}
        self.travel = sum(self.routes.values())
        self.total = self.meetings + self.weigh(self.travel, self.overload())

    def cost(self, m: int, placed: Placement | None) -> int:
        if placed is None:
            return self.problem.weights["unscheduled"]
        key = (m, placed)
        if key not in self.costs:
            if len(self.costs) >= REMEMBERED_COSTS:
                self.costs.clear()  # a long search visits ever more placements
            terms = meeting_terms(self.problem, self.problem.meetings[m], placed)
            self.costs[key] = weighted(self.problem, terms)
        return self.costs[key]

    def route(self, key: tuple[int, int]) -> int:
        chair, _ = key
        items = self.occupancy.chair_day.get(key, [])
        stops = chair_day_stops(self.problem, self.occupancy.plan, items)
        return route_minutes(self.problem, self.problem.chairs[chair].base, stops)

    def overload(self) -> int:
        minutes = self.minutes
        fair = fair_shares(self.problem, sum(minutes[c] for c in self.pooled))
        return sum(max(0, minutes[c] - fair[c]) for c in self.pooled)

    def weigh(self, travel: int, overload: int) -> int:
        w = self.problem.weights
        return w["chair_travel"] * travel + w["overload"] * overload

    def change(self, saved: dict[int, Placement | None]) -> Change:
        """The score now that the meetings of `saved` have moved from where it says."""
        plan = self.occupancy.plan
        meetings = self.meetings
        touched: set[tuple[int, int]] = set()
        for m, before in saved.items():
            after = plan.get(m)
            meetings += self.cost(m, after) - self.cost(m, before)
            touched.update((p.chair, p.day) for p in (before, after) if p is not None)
        routes = {key: self.route(key) for key in touched}
        travel = self.travel + sum(routes[k] - self.routes.get(k, 0) for k in touched)
        return Change(meetings, routes, meetings + self.weigh(travel, self.overload()))

    def keep(self, change: Change) -> None:
        self.meetings, self.total = change.meetings, change.total
        for key, minutes in change.routes.items():
            self.travel += minutes - self.routes.get(key, 0)
            self.routes[key] = minutes
