"""Cheapest insertion: where one meeting costs least among the bookings already made.

The first plan places each meeting this way (first_plan.py), ejection chains rebook displaced
meetings with it (eject.py), ruin-and-recreate recreates with it (ruin.py), and the
explanations ask it whether a meeting would fit (solver/explain/).
"""

from __future__ import annotations

from solver.search.occupancy import Occupancy, optional_costs, slot_of, slots, start_of
from solver.search.problem import Meeting, Placement, Problem
from solver.search.score import day_terms, fair_shares, route_minutes, weighted

Guide = tuple[int, tuple[int, int]]  # (chair, ISO week) where a meeting is best started


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

    def insert(self, m: int, quick: bool = False, guide: Guide | None = None) -> bool:
        """Book `m` at its cheapest option, in-window days first; `quick`: at its first one;
        `guide` (a chair and an ISO week): there if it can, before anywhere else."""
        meeting = self.problem.meetings[m]
        in_time = [d for d in meeting.days if d <= meeting.latest]
        late = [d for d in meeting.days if d > meeting.latest]
        for days in (in_time, late):
            best = None
            if guide is not None:
                chair, week = guide
                guided = [d for d in days if self.problem.week_of(d) == week]
                best = self.best_option(meeting, guided, only=[chair])
            if best is None:
                best = (
                    self.first_option(meeting, days) if quick else self.best_option(meeting, days)
                )
            if best is not None:
                self.occupancy.add(m, best[1])
                self.minutes[best[1].chair] += meeting.duration
                return True
        return False

    def best_option(
        self, meeting: Meeting, days: list[int], only: list[int] | None = None
    ) -> tuple[int, Placement] | None:
        """The cheapest option (the first found among equals: days in order, chairs cheapest
        first, rooms in preference order). An option is only costed in full when a lower bound
        of its cost (day, chair, family travel, moves it cannot avoid) beats the best so far."""
        best: tuple[int, Placement] | None = None
        pool = meeting.chairs if only is None else only
        chair_costs = {c: self.chair_cost(meeting, c) for c in pool}
        chairs = sorted(pool, key=chair_costs.__getitem__)
        if not chairs:
            return None
        cheapest = chair_costs[chairs[0]]
        empty_day, busy_day = self.place_floors(
            meeting, {self.problem.chairs[c].base for c in pool}
        )
        occ, problem = self.occupancy, self.problem
        chair_day = occ.chair_day
        passed = 0  # chair-days passed over at their cap (work, as the ones looked at)
        for day in days:
            day_cost = self.day_cost(meeting, day)
            if best is not None and day_cost + cheapest >= best[0]:
                continue  # no chair on this day can do better
            base = occ.base_mask(meeting.idx, day)
            if not base:
                continue
            weekday, week = problem.weekday_of(day), problem.week_of(day)
            for chair in chairs:
                floor = day_cost + chair_costs[chair]
                if best is not None and floor >= best[0]:
                    break  # chairs are in cost order: none further on can do better
                if self.capped(meeting, chair, day, weekday, week):
                    passed += 1
                    continue
                if best is not None:
                    if chair_day.get((chair, day)):
                        least = busy_day
                    else:
                        least = empty_day[self.problem.chairs[chair].base]
                    if floor + least >= best[0]:
                        continue
                limit = None if best is None else best[0] - floor
                for extra, placed in self.costed_options(meeting, day, chair, base, limit):
                    cost = floor + extra
                    if best is None or cost < best[0]:
                        best = (cost, placed)
        occ.work += passed  # a chair-day passed over at its cap counts as one looked at
        return best

    def capped(
        self, meeting: Meeting, chair: int, day: int, weekday: int, week: tuple[int, int]
    ) -> bool:
        """Not working that day, or at its daily or weekly cap: no option there."""
        c, occ = self.problem.chairs[chair], self.occupancy
        return (
            weekday not in c.weekdays
            or len(occ.chair_day.get((chair, day), ())) >= c.max_per_day
            or occ.week_minutes.get((chair, week), 0) + meeting.duration > c.max_week_minutes
        )

    def place_floors(self, meeting: Meeting, bases: set[int]) -> tuple[dict[int, int], int]:
        """Lower bounds of what the place costs (family travel, and the chair's travel there
        and back on a day it has nothing else): on an empty chair-day by the chair's base,
        and on a busy one (where one more stop never shortens a route)."""
        problem, w = self.problem, self.problem.weights
        travel = problem.travel
        if meeting.format == "off_site":
            places = [(0, meeting.loc)]
        elif meeting.needs_room:
            places = [
                (w["family_travel"] * travel[meeting.loc][loc], loc)
                for loc in {problem.rooms[r].loc for r in meeting.rooms}
            ]
        else:
            return dict.fromkeys(bases, 0), 0
        if not places:
            return dict.fromkeys(bases, 0), 0
        empty = {
            base: min(
                family + w["chair_travel"] * (travel[base][loc] + travel[loc][base])
                for family, loc in places
            )
            for base in bases
        }
        return empty, min(family for family, _ in places)

    def first_option(self, meeting: Meeting, days: list[int]) -> tuple[int, Placement] | None:
        """Any option, quickly: the first day with a free start, cheapest chair first (a
        chair-day already at its daily or weekly cap is passed over before anything else)."""
        problem, occ = self.problem, self.occupancy
        chairs = sorted(meeting.chairs, key=lambda c: self.chair_cost(meeting, c))
        passed = 0  # chair-days passed over at their cap: about a third of a look each
        for day in days:
            base = occ.base_mask(meeting.idx, day)
            if not base:
                continue
            weekday, week = problem.weekday_of(day), problem.week_of(day)
            for chair in chairs:
                if self.capped(meeting, chair, day, weekday, week):
                    passed += 1
                    continue
                options = self.options_on(meeting, day, chair, base)
                if options:
                    occ.work += passed // 3
                    placed = options[0]
                    return self.day_cost(meeting, day) + self.cost(meeting, placed), placed
        occ.work += passed // 3
        return None

    def day_cost(self, meeting: Meeting, day: int) -> int:
        key = ("day_cost", meeting.idx, day)
        cache = self.problem.cache
        if key not in cache:
            cache[key] = weighted(self.problem, day_terms(self.problem, meeting, day))
        return cache[key]

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
        return [placed for _, placed in self.costed_options(meeting, day, chair, base, None)]

    def costed_options(
        self, meeting: Meeting, day: int, chair: int, base: int, limit: int | None
    ) -> list[tuple[int, Placement]]:
        """`options_on` with each option's cost beyond its day's and chair's, leaving out the
        options whose cost cannot be below `limit` (a locality is skipped before its masks are
        worked out when what it costs for certain — family travel, a room or time move it
        cannot avoid — already reaches the limit)."""
        problem, occ = self.problem, self.occupancy
        c = problem.chairs[chair]
        occ.work += 1
        if problem.weekday_of(day) not in c.weekdays or not occ.cap_room(meeting.idx, chair, day):
            return []
        if not meeting.needs_room:
            where = meeting.loc if meeting.format == "off_site" else None
            mask = base & occ.chair_mask(meeting.idx, chair, day, where)
            if not mask:
                return []
            placed = Placement(self.pick_start(meeting, day, mask), chair, None)
            extra = self.extra_cost(meeting, placed, limit)
            return [] if extra is None else [(extra, placed)]
        options, tried = [], set()
        current = meeting.current
        w, travel = problem.weights, problem.travel[meeting.loc]
        moved_time = w["moved_time"] if current is not None and current.day != day else 0
        chair_masks: dict[int, int] = {}
        for room in self.rooms_in_preference(meeting, c.kit):
            loc = problem.rooms[room].loc
            if loc in tried:
                continue
            if limit is not None:
                certain = moved_time + w["family_travel"] * travel[loc]
                if current is not None and (
                    current.room is None or problem.rooms[current.room].loc != loc
                ):
                    certain += w["moved_room"]
                if certain >= limit:
                    tried.add(loc)  # every room here costs at least this much
                    continue
            if loc not in chair_masks:
                chair_masks[loc] = base & occ.chair_mask(meeting.idx, chair, day, loc)
            mask = chair_masks[loc]
            if mask:
                mask &= occ.room_mask(meeting.idx, room, day)
            if mask:
                tried.add(loc)
                placed = Placement(self.pick_start(meeting, day, mask), chair, room)
                extra = self.extra_cost(meeting, placed, limit)
                if extra is not None:
                    options.append((extra, placed))
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
        free_of_cost = mask & ~self.costly_slots(meeting, day)
        if free_of_cost:
            return start_of(self.problem, day, (free_of_cost & -free_of_cost).bit_length() - 1)
        costs = optional_costs(self.problem, meeting, day)
        best = min(slots(mask), key=lambda k: (costs.get(k, 0), k))
        return start_of(self.problem, day, best)

    def costly_slots(self, meeting: Meeting, day: int) -> int:
        """The slots of `day` at which an optional person is absent, as a mask."""
        key = ("costly_slots", meeting.idx, day)
        cache = self.problem.cache
        if key not in cache:
            mask = 0
            for slot in optional_costs(self.problem, meeting, day):
                mask |= 1 << slot
            cache[key] = mask
        return cache[key]

    def cost(self, meeting: Meeting, placed: Placement) -> int:
        """The score increase of this placement, apart from its day's (counted by the caller)."""
        extra = self.extra_cost(meeting, placed, None)
        assert extra is not None
        return self.chair_cost(meeting, placed.chair) + extra

    def extra_cost(self, meeting: Meeting, placed: Placement, limit: int | None) -> int | None:
        """The cost of this placement beyond its day's and chair's; None when it is sure to
        reach `limit` (the chair's route, dearest to work out, is then left alone)."""
        problem, w = self.problem, self.problem.weights
        cost = 0
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
        if limit is not None and cost >= limit:
            return None  # a chair's route never gets shorter for one more stop
        cost += w["chair_travel"] * self.travel_increase(meeting, placed)
        return None if limit is not None and cost >= limit else cost

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
