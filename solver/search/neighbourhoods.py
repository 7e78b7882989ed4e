"""Which meetings a search step frees, and where they may go.

- `chair_window`: a few chairs (one and its nearest colleagues) over a few consecutive days —
  re-sequences their days, swaps meetings between them, evens out their loads.
- `trouble`: a meeting that is unscheduled or late, with some of its eligible chairs over its
  statutory window — frees the bookings in its way.
- `related`: a handful of meetings close in place and time, each free to take any of its nearest
  eligible chairs on nearby days.

A freed meeting may always keep its present chair and day, so the starting plan stays a solution
of every neighbourhood (it is the hint), and a step never makes the plan worse.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from solver.search.problem import Problem
from solver.search.score import Plan, fair_shares

MIN_CHAIRS, MAX_CHAIRS = 2, 8
MIN_DAYS, MAX_DAYS = 2, 10
MIN_SIZE, MAX_SIZE = 4, 40  # meetings a chair window frees
# Room localities a freed meeting may use besides where it is and where it was booked: the
# nearest to the family. Each locality is a node in every chair-day route it could join, and the
# routes' arcs grow with the square of the nodes; a far room costs the family twice its minutes.
ROOM_LOCALITIES = 2
GROW_BELOW = 0.25  # share of a step's time limit: proved optimal faster than this, grow


@dataclass
class Neighbourhood:
    kind: str
    free: list[int]
    chairs: dict[int, set[int]]
    days: dict[int, set[int]]
    time_limit: float
    rooms: dict[int, set[int]] | None = None


class NeighbourhoodPicker:
    def __init__(self, problem: Problem, rng: random.Random):
        self.problem = problem
        self.rng = rng
        self.unpinned = [m.idx for m in problem.meetings if not m.pinned and m.chairs and m.days]
        self.unpinned_set = set(self.unpinned)
        self.chairs, self.days = 3, 3
        self.related = 6
        self.size = 10
        self.time_limit = 0.4
        base = [c.base for c in problem.chairs]
        self.nearest = {
            c.idx: sorted(
                (o.idx for o in problem.chairs if o.idx != c.idx),
                key=lambda o: (problem.travel[base[c.idx]][base[o]], self.rng.random()),
            )
            for c in problem.chairs
        }

    def troubled(self, plan: Plan) -> list[int]:
        meetings = self.problem.meetings
        return [
            m
            for m in self.unpinned
            if (m not in plan or plan[m].day > meetings[m].latest)
            and any(d <= meetings[m].latest for d in meetings[m].days)
        ]

    def pick(self, plan: Plan) -> Neighbourhood | None:
        if not self.unpinned:
            return None
        troubled = self.troubled(plan)
        roll = self.rng.random()
        if troubled and roll < 0.5:
            return self.trouble(plan, self.rng.choice(troubled))
        if roll < 0.65:
            return self.chair_window(plan)
        if roll < 0.8:
            return self.balance(plan)
        return self.related_meetings(plan)

    def feedback(self, neighbourhood: Neighbourhood, finished: bool, used: float) -> None:
        """Grow neighbourhoods that solve to optimality quickly; shrink those that time out.

        Many quick steps find more than a few slow ones: a neighbourhood proved optimal in a
        fraction of its limit is too small to find much, one that times out is too big.
        """
        if finished and used > GROW_BELOW:  # `used`: the share of its time limit it took
            return
        step = 1 if finished else -1
        if neighbourhood.kind == "related":
            self.related = min(30, max(4, self.related + 2 * step))
        elif neighbourhood.kind == "chair_window":
            self.size = min(MAX_SIZE, max(MIN_SIZE, self.size + 2 * step))
        elif self.rng.random() < 0.5:
            self.chairs = min(MAX_CHAIRS, max(MIN_CHAIRS, self.chairs + step))
        else:
            self.days = min(MAX_DAYS, max(MIN_DAYS, self.days + step))

    # --- kinds
    def chair_window(self, plan: Plan) -> Neighbourhood:
        """One chair's bookings around one of its days, then its nearest colleagues' and the
        days either side, until about `size` meetings are free: the model's size is set by the
        meetings it re-places, whatever the chairs' loads."""
        problem = self.problem
        booked: dict[tuple[int, int], int] = {}
        for m, placed in plan.items():
            if m in self.unpinned_set:
                key = (placed.chair, placed.day)
                booked[key] = booked.get(key, 0) + 1
        if not booked:
            return self.window(plan, "chair_window", {0}, self.random_window(problem.days))
        seed, anchor = self.rng.choice(sorted(booked))
        chairs, colleagues = [seed], iter(self.nearest[seed])
        first = last = problem.days.index(anchor)
        while True:
            days = problem.days[first : last + 1]
            count = sum(booked.get((c, d), 0) for c in chairs for d in days)
            wider = last - first + 1 < MAX_DAYS and (first > 0 or last < len(problem.days) - 1)
            more = len(chairs) < MAX_CHAIRS and len(chairs) < len(problem.chairs)
            if count >= self.size or not (wider or more):
                break
            if more and (not wider or self.rng.random() < 0.5):
                chairs.append(next(colleagues))
            elif first > 0 and (last == len(problem.days) - 1 or self.rng.random() < 0.5):
                first -= 1
            else:
                last += 1
        return self.window(plan, "chair_window", set(chairs), days)

    def balance(self, plan: Plan) -> Neighbourhood:
        """The chairs furthest over their fair share with some furthest under it: overload."""
        problem = self.problem
        minutes = dict.fromkeys(range(len(problem.chairs)), 0)
        for m, placed in plan.items():
            minutes[placed.chair] += problem.meetings[m].duration
        fair = fair_shares(problem, sum(minutes[c] for c in fair_shares(problem, 0)))
        if not fair:
            return self.chair_window(plan)
        ranked = sorted(fair, key=lambda c: (minutes[c] - fair[c], self.rng.random()))
        half = max(1, self.chairs // 2)
        chairs = set(ranked[:half]) | set(ranked[-half:])
        return self.window(plan, "balance", chairs, self.random_window(problem.days))

    def trouble(self, plan: Plan, m: int) -> Neighbourhood:
        meeting = self.problem.meetings[m]
        in_time = [d for d in meeting.days if d <= meeting.latest]
        eligible = list(meeting.chairs)
        self.rng.shuffle(eligible)
        if meeting.allocated in eligible:
            eligible.remove(meeting.allocated)
            eligible.insert(0, meeting.allocated)
        chosen = set(eligible[: max(1, self.chairs // 2)])
        # Whole weeks: what blocks a meeting is often its chair's weekly minutes.
        weeks = {self.problem.week_of(d) for d in self.random_window(in_time)}
        days = [d for d in self.problem.days if self.problem.week_of(d) in weeks]
        # Colleagues' bookings too, so that a chain of moves can make room.
        colleagues = {o for c in chosen for o in self.nearest[c][: self.chairs]}
        found = self.window(plan, "trouble", chosen | colleagues, days, always={m})
        # The bookings in its way may go to any chair of theirs.
        for other in found.free:
            if plan.get(other) is not None and plan[other].chair in chosen:
                found.chairs[other] |= set(self.problem.meetings[other].chairs)
        return found

    def random_window(self, days: list[int]) -> list[int]:
        if len(days) <= self.days:
            return list(days)
        first = self.rng.randrange(len(days) - self.days + 1)
        return days[first : first + self.days]

    def window(self, plan, kind, chairs, window, always=frozenset()) -> Neighbourhood:
        problem, days = self.problem, set(window)
        free = set(always)
        for m in self.unpinned:
            placed = plan.get(m)
            meeting = problem.meetings[m]
            if placed is not None and placed.chair in chairs and placed.day in days:
                free.add(m)
            elif placed is None or placed.day > meeting.latest:
                if chairs & set(meeting.chairs) and days & set(meeting.days):
                    free.add(m)
        return self.allowing(plan, kind, sorted(free), chairs, days)

    def related_meetings(self, plan: Plan) -> Neighbourhood:
        problem = self.problem
        seed = problem.meetings[self.rng.choice(self.unpinned)]
        anchor = plan[seed.idx].day if seed.idx in plan else seed.days[0]

        def closeness(m: int) -> tuple[float, float]:
            other = problem.meetings[m]
            day = plan[m].day if m in plan else other.days[0]
            return (problem.travel[seed.loc][other.loc] + 30 * abs(day - anchor), self.rng.random())

        chosen = sorted(self.unpinned, key=closeness)[: self.related]
        chairs_of: dict[int, set[int]] = {}
        for m in chosen:
            meeting = problem.meetings[m]
            near = sorted(
                meeting.chairs, key=lambda c: problem.travel[problem.chairs[c].base][meeting.loc]
            )
            chairs_of[m] = set(near[:3])
            if meeting.allocated in meeting.chairs:
                chairs_of[m].add(meeting.allocated)
        days = {d for d in problem.days if abs(d - anchor) <= 3}
        return self.allowing(plan, "related", chosen, chairs_of, days)

    def allowing(self, plan, kind, free, chairs, days) -> Neighbourhood:
        """Each freed meeting: these chairs and days where eligible, plus where it is now."""
        problem = self.problem
        allowed_chairs, allowed_days = {}, {}
        for m in free:
            meeting = problem.meetings[m]
            own = chairs[m] if isinstance(chairs, dict) else chairs
            allowed_chairs[m] = own & set(meeting.chairs)
            allowed_days[m] = days & set(meeting.days)
            if m in plan:
                allowed_chairs[m].add(plan[m].chair)
                allowed_days[m].add(plan[m].day)
        rooms = {m: self.near_rooms(m, plan) for m in free if problem.meetings[m].needs_room}
        return Neighbourhood(kind, free, allowed_chairs, allowed_days, self.time_limit, rooms)

    def near_rooms(self, m: int, plan: Plan) -> set[int]:
        """Rooms in the localities nearest the family, where it is now, and where it was booked."""
        problem, meeting = self.problem, self.problem.meetings[m]
        wanted: list[int] = []
        for r in meeting.rooms:  # nearest the family first
            loc = problem.rooms[r].loc
            if loc not in wanted and len(wanted) < ROOM_LOCALITIES:
                wanted.append(loc)
        for placed in (plan.get(m), meeting.current):
            if placed is not None and placed.room is not None:
                wanted.append(problem.rooms[placed.room].loc)
        return {r for r in meeting.rooms if problem.rooms[r].loc in wanted}
