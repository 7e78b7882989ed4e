"""Cheapest insertion: where one meeting costs least among the bookings already made.

The first plan places each meeting this way (first_plan.py), ejection chains rebook displaced
meetings with it (eject.py), ruin-and-recreate recreates with it (ruin.py), and the
explanations ask it whether a meeting would fit (solver/explain/).
"""

from __future__ import annotations

from solver.search.occupancy import Occupancy, optional_costs, slot_of, slots, start_of
from solver.search.problem import Meeting, Placement, Problem
from solver.search.score import day_terms, fair_shares, route_minutes, weighted


class Inserter:
    """Cheapest insertion of one meeting into an occupancy, in-window days first."""

    def __init__(self, problem: Problem, occupancy: Occupancy):
        self.problem = problem
        self.occupancy = occupancy
        total = sum(m.duration for m in problem.meetings)
        self.target = fair_shares(problem, total)  # an estimate: as if everything is held
        self.minutes = {c.idx: 0 for c in problem.chairs}
        for m, placed in occupancy.plan.items():
            self.minutes[placed.chair] += problem.meetings[m].duration

    def insert(self, m: int) -> bool:
        meeting = self.problem.meetings[m]
        in_time = [d for d in meeting.days if d <= meeting.latest]
        late = [d for d in meeting.days if d > meeting.latest]
        for days in (in_time, late):
            best = self.best_option(meeting, days)
            if best is not None:
                self.occupancy.add(m, best[1])
                self.minutes[best[1].chair] += meeting.duration
                return True
        return False

    def best_option(
        self, meeting: Meeting, days: list[int], only: list[int] | None = None
    ) -> tuple[int, Placement] | None:
        best: tuple[int, Placement] | None = None
        pool = meeting.chairs if only is None else only
        chairs = sorted(pool, key=lambda c: self.chair_cost(meeting, c))
        for day in days:
            base = self.occupancy.base_mask(meeting.idx, day)
            if not base:
                continue
            day_cost = weighted(self.problem, day_terms(self.problem, meeting, day))
            for chair in chairs:
                if best is not None and day_cost + self.chair_cost(meeting, chair) >= best[0]:
                    break  # chairs are in cost order: none further on can do better
                for placed in self.options_on(meeting, day, chair, base):
                    cost = day_cost + self.cost(meeting, placed)
                    if best is None or cost < best[0]:
                        best = (cost, placed)
        return best

    def chair_cost(self, meeting: Meeting, chair: int) -> int:
        """What choosing this chair costs whatever the day, room and time: a lower bound."""
        w, current = self.problem.weights, meeting.current
        cost = w["continuity"] * int(meeting.allocated is not None and chair != meeting.allocated)
        if current is not None:
            cost += w["moved_chair"] * int(chair != current.chair)
        target = self.target.get(chair)
        if target is not None:
            before = self.minutes[chair]
            extra = max(0, before + meeting.duration - target) - max(0, before - target)
            cost += w["overload"] * extra
        return cost

    def options_on(self, meeting: Meeting, day: int, chair: int, base: int) -> list[Placement]:
        """For each locality the chair could go to, the first room and best start that fit."""
        problem, occ = self.problem, self.occupancy
        c = problem.chairs[chair]
        if problem.weekday_of(day) not in c.weekdays or not occ.cap_room(meeting.idx, chair, day):
            return []
        if not meeting.needs_room:
            where = meeting.loc if meeting.format == "off_site" else None
            mask = base & occ.chair_mask(meeting.idx, chair, day, where)
            return [Placement(self.pick_start(meeting, day, mask), chair, None)] if mask else []
        options, tried = [], set()
        for room in self.rooms_in_preference(meeting, c.kit):
            loc = problem.rooms[room].loc
            if loc in tried:
                continue
            mask = base & occ.chair_mask(meeting.idx, chair, day, loc)
            mask &= occ.room_mask(meeting.idx, room, day)
            if mask:
                tried.add(loc)
                options.append(Placement(self.pick_start(meeting, day, mask), chair, room))
        return options

    def rooms_in_preference(self, meeting: Meeting, kit: bool) -> list[int]:
        rooms = self.problem.rooms
        if meeting.format != "hybrid":
            return meeting.rooms
        usable = [r for r in meeting.rooms if rooms[r].full_hybrid or kit]
        # Full hybrid rooms first within a locality: the kit costs a little.
        return sorted(usable, key=lambda r: (meeting.rooms.index(r), not rooms[r].full_hybrid))

    def pick_start(self, meeting: Meeting, day: int, mask: int) -> int:
        current = meeting.current
        if current is not None and current.day == day:
            slot = slot_of(self.problem, current.start)
            if slot is not None and mask >> slot & 1:
                return current.start
        costs = optional_costs(self.problem, meeting, day)
        free_of_cost = mask
        for slot in costs:
            free_of_cost &= ~(1 << slot)
        if free_of_cost:
            return start_of(self.problem, day, (free_of_cost & -free_of_cost).bit_length() - 1)
        best = min(slots(mask), key=lambda k: (costs.get(k, 0), k))
        return start_of(self.problem, day, best)

    def cost(self, meeting: Meeting, placed: Placement) -> int:
        """The score increase of this placement, apart from its day's (counted by the caller)."""
        problem, w = self.problem, self.problem.weights
        cost = self.chair_cost(meeting, placed.chair)
        current = meeting.current
        if current is not None:
            cost += w["moved_time"] * int(placed.start != current.start)
            cost += w["moved_room"] * int(placed.room != current.room)
        if placed.room is not None:
            room = problem.rooms[placed.room]
            cost += w["family_travel"] * problem.travel[meeting.loc][room.loc]
            cost += w["portable_kit"] * int(meeting.format == "hybrid" and not room.full_hybrid)
        if meeting.optional:
            slot = slot_of(problem, placed.start)
            absent = optional_costs(problem, meeting, placed.day).get(slot, 0)  # type: ignore[arg-type]
            cost += w["optional_absent"] * absent
        return cost + w["chair_travel"] * self.travel_increase(meeting, placed)

    def travel_increase(self, meeting: Meeting, placed: Placement) -> int:
        problem, occ = self.problem, self.occupancy
        where = problem.location(meeting, placed.room)
        if where is None:
            return 0
        stops = []
        for other in occ.chair_day.get((placed.chair, placed.day), ()):
            there = problem.location(problem.meetings[other], occ.plan[other].room)
            if there is not None:
                stops.append((occ.plan[other].start, there))
        base = problem.chairs[placed.chair].base
        before = route_minutes(problem, base, [loc for _, loc in sorted(stops)])
        after = route_minutes(
            problem, base, [loc for _, loc in sorted(stops + [(placed.start, where)])]
        )
        return after - before
