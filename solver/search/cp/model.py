"""CP-SAT model of one neighbourhood: re-place the `free` meetings, everything else fixed.

Fixed meetings (pinned ones, and in a large-neighbourhood step all the others) are facts: they
shape each free meeting's start domains (chair, room and people busy), count towards the caps,
and appear as mandatory stops on their chair's day for travel. With every unpinned meeting free,
all chairs and all days, this is the whole problem.

Decisions per free meeting m: `sched`; `a[m,c,d]` (chair c on day d); `start`; `z[m,r]` (room).
The objective is the spec's score minus what the fixed meetings contribute alone, term by term,
exactly (chair_travel through a circuit per chair-day, overload through integer fair shares), so
the solver's bound is a true bound on the score of this neighbourhood.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from solver.search.cp.base import FreeMeeting, ModelBase
from solver.search.cp.travel import add_chair_day_routes
from solver.search.occupancy import optional_costs, slots, start_of
from solver.search.problem import Meeting, Placement, Problem
from solver.search.score import Plan, day_terms, weighted

Domain = cp_model.Domain


class NeighbourhoodModel(ModelBase):
    """Build with the plan and the free set; `placements()` returns the re-placed free meetings."""

    def __init__(
        self,
        problem: Problem,
        plan: Plan,
        free: list[int],
        allowed_chairs: dict[int, set[int]] | None = None,
        allowed_days: dict[int, set[int]] | None = None,
        allowed_rooms: dict[int, set[int]] | None = None,
    ):
        super().__init__(problem, plan, free)
        for m in free:
            chairs = allowed_chairs.get(m) if allowed_chairs else None
            days = allowed_days.get(m) if allowed_days else None
            rooms = allowed_rooms.get(m) if allowed_rooms else None
            self._add_meeting(problem.meetings[m], plan.get(m), chairs, days, rooms)
        self._add_resources()
        add_chair_day_routes(self)
        self._add_overload(plan)
        self._add_objective()

    # --- one free meeting
    def _add_meeting(self, meeting: Meeting, was, chairs, days, rooms) -> None:
        options = self._chair_day_slots(meeting, chairs, days)
        room_slots = (
            self._room_slots(meeting, {d for _, d in options}, rooms) if meeting.needs_room else {}
        )
        if meeting.needs_room:
            reachable = set().union(*room_slots.values()) if room_slots else set()
            options = {k: v & reachable for k, v in options.items() if v & reachable}
        if not options:
            self.cost("unscheduled", 1)
            return
        all_starts = sorted(set().union(*options.values()))
        hint_start = was.start if was is not None else all_starts[0]
        free = FreeMeeting(
            meeting,
            was,
            self.new_bool(f"sched_{meeting.id}", was is not None),
            self.new_int(all_starts[0], all_starts[-1], f"start_{meeting.id}", hint_start),
        )
        model = self.model
        model.add_linear_expression_in_domain(free.start, Domain.from_values(all_starts))
        self.free[meeting.idx] = free
        for (c, d), starts in sorted(options.items()):
            on = was is not None and (was.chair, was.day) == (c, d)
            lit = self.new_bool(f"a_{meeting.id}_{c}_{d}", on)
            free.options[(c, d)] = lit
            free.bounds[(c, d)] = (min(starts), max(starts))
            model.add_linear_expression_in_domain(
                free.start, Domain.from_values(sorted(starts))
            ).only_enforce_if(lit)
        model.add(sum(free.options.values()) == free.sched)
        by_chair: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (c, _), lit in free.options.items():
            by_chair[c].append(lit)
        for c, lits in by_chair.items():
            free.chair_lits[c] = self._or_literal(lits, f"x_{meeting.id}_{c}", was, "chair", c)
        if meeting.needs_room:
            self._add_rooms(free, room_slots)
        self._add_meeting_costs(free)

    def _or_literal(self, lits, name, was, attr, value) -> cp_model.IntVar:
        if len(lits) == 1:
            return lits[0]
        var = self.new_bool(name, was is not None and getattr(was, attr) == value)
        self.model.add(sum(lits) == var)
        return var

    def _chair_day_slots(self, meeting: Meeting, chairs, days) -> dict[tuple[int, int], set[int]]:
        """(chair, day) → global starts where the chair, the required people and caps allow."""
        problem, fixed = self.problem, self.fixed
        out: dict[tuple[int, int], set[int]] = {}
        for d in meeting.days:
            if days is not None and d not in days:
                continue
            base = fixed.base_mask(meeting.idx, d)
            if not base:
                continue
            for c in meeting.chairs:
                chair = problem.chairs[c]
                if chairs is not None and c not in chairs:
                    continue
                if problem.weekday_of(d) not in chair.weekdays or not fixed.cap_room(
                    meeting.idx, c, d
                ):
                    continue
                mask = base & fixed.chair_mask(meeting.idx, c, d, None)
                if mask:
                    out[(c, d)] = {start_of(problem, d, k) for k in slots(mask)}
        return out

    def _room_slots(self, meeting: Meeting, days: set[int], rooms) -> dict[int, set[int]]:
        problem, fixed = self.problem, self.fixed
        out = {}
        for r in meeting.rooms:
            if rooms is not None and r not in rooms:
                continue
            starts: set[int] = set()
            for d in sorted(days):
                mask = fixed.base_mask(meeting.idx, d) & fixed.room_mask(meeting.idx, r, d)
                starts.update(start_of(problem, d, k) for k in slots(mask))
            if starts:
                out[r] = starts
        return out

    def _add_rooms(self, free: FreeMeeting, room_slots: dict[int, set[int]]) -> None:
        meeting, model, was = free.meeting, self.model, free.was
        kit_chairs = [lit for c, lit in free.chair_lits.items() if self.problem.chairs[c].kit]
        for r, starts in sorted(room_slots.items()):
            room = self.problem.rooms[r]
            if meeting.format == "hybrid" and not room.full_hybrid and not kit_chairs:
                continue
            lit = self.new_bool(f"z_{meeting.id}_{r}", was is not None and was.room == r)
            free.room_lits[r] = lit
            model.add_linear_expression_in_domain(
                free.start, Domain.from_values(sorted(starts))
            ).only_enforce_if(lit)
        model.add(sum(free.room_lits.values()) == free.sched)
        if meeting.format == "hybrid":
            no_kit_rooms = [
                v for r, v in free.room_lits.items() if not self.problem.rooms[r].full_hybrid
            ]
            if no_kit_rooms:
                model.add(sum(no_kit_rooms) <= sum(kit_chairs))
        by_loc: dict[int, list[int]] = defaultdict(list)
        for r in free.room_lits:
            by_loc[self.problem.rooms[r].loc].append(r)
        for loc, rooms in by_loc.items():
            lits = [free.room_lits[r] for r in rooms]
            hint = was is not None and was.room in rooms
            free.loc_lits[loc] = (
                lits[0] if len(lits) == 1 else self.new_bool(f"w_{meeting.id}_{loc}", hint)
            )
            if len(lits) > 1:
                model.add(sum(lits) == free.loc_lits[loc])

    def _add_meeting_costs(self, free: FreeMeeting) -> None:
        """Every term of the score that depends on this meeting alone."""
        problem, meeting = self.problem, free.meeting
        self.cost("unscheduled", 1 - free.sched)
        for (_, d), lit in free.options.items():
            self.objective.append((weighted(problem, day_terms(problem, meeting, d)), lit))
        if meeting.allocated is not None:
            self.cost("continuity", free.sched - free.chair_lits.get(meeting.allocated, 0))
        if meeting.current is not None:
            self._add_move_costs(free, meeting.current)
        for r, lit in free.room_lits.items():
            room = problem.rooms[r]
            self.cost("family_travel", lit, problem.travel[meeting.loc][room.loc])
            if meeting.format == "hybrid" and not room.full_hybrid:
                self.cost("portable_kit", lit)
        self._add_optional_absent(free)

    def _add_move_costs(self, free: FreeMeeting, current: Placement) -> None:
        was, meeting = free.was, free.meeting
        same_time = self.new_bool(
            f"same_time_{meeting.id}", was is not None and was.start == current.start
        )
        self.model.add(same_time <= free.sched)
        self.model.add(free.start == current.start).only_enforce_if(same_time)
        self.cost("moved_time", free.sched - same_time)
        self.cost("moved_chair", free.sched - free.chair_lits.get(current.chair, 0))
        kept_room = free.room_lits.get(current.room, 0) if current.room is not None else 0
        if current.room is None and not meeting.needs_room:
            kept_room = free.sched
        self.cost("moved_room", free.sched - kept_room)

    def _add_optional_absent(self, free: FreeMeeting) -> None:
        """Level k costs one more absent optional person: starts with ≥ k absent need b_k."""
        problem, meeting = self.problem, free.meeting
        by_start: dict[int, int] = {}
        for _, d in free.options:
            for slot, count in optional_costs(problem, meeting, d).items():
                by_start[start_of(problem, d, slot)] = count
        if not by_start:
            return
        hinted = by_start.get(free.was.start, 0) if free.was is not None else 0
        lo = min(first for first, _ in free.bounds.values())
        hi = max(last for _, last in free.bounds.values())
        for level in range(1, max(by_start.values()) + 1):
            costly = sorted(s for s, count in by_start.items() if count >= level)
            absent = self.new_bool(f"absent_{meeting.id}_{level}", hinted >= level)
            allowed = Domain(lo, hi).intersection_with(Domain.from_values(costly).complement())
            self.model.add_linear_expression_in_domain(free.start, allowed).only_enforce_if(
                [free.sched, absent.Not()]
            )
            self.cost("optional_absent", absent)

    # --- resources shared by free meetings (fixed bookings are already in the domains)
    def _add_resources(self) -> None:
        chair_intervals: dict[int, list] = defaultdict(list)
        room_intervals: dict[int, list] = defaultdict(list)
        person_intervals: dict[int, list] = defaultdict(list)
        day_count: dict[tuple[int, int], list] = defaultdict(list)
        week_minutes: dict[tuple[int, tuple[int, int]], list] = defaultdict(list)
        for free in self.free.values():
            m, duration = free.meeting, free.meeting.duration
            for c, lit in free.chair_lits.items():
                chair_intervals[c].append(self._interval(free, lit, f"c{c}"))
            for r, lit in free.room_lits.items():
                room_intervals[r].append(self._interval(free, lit, f"r{r}"))
            for p in m.required:
                person_intervals[p].append(self._interval(free, free.sched, f"p{p}"))
            for (c, d), lit in free.options.items():
                day_count[(c, d)].append(lit)
                week_minutes[(c, self.problem.week_of(d))].append(duration * lit)
        for group in (chair_intervals, room_intervals, person_intervals):
            for intervals in group.values():
                if len(intervals) > 1:
                    self.model.add_no_overlap(intervals)
        self._add_caps(day_count, week_minutes)

    def _interval(self, free: FreeMeeting, lit, name: str):
        return self.model.new_optional_fixed_size_interval_var(
            free.start, free.meeting.duration, lit, f"{name}_{free.meeting.id}"
        )

    def _add_caps(self, day_count, week_minutes) -> None:
        """Rule 5, with fixed bookings (pinned ones included) using up part of each cap."""
        problem, fixed = self.problem, self.fixed
        for (c, d), lits in day_count.items():
            room_left = problem.chairs[c].max_per_day - len(fixed.chair_day.get((c, d), ()))
            if len(lits) > max(0, room_left):
                self.model.add(sum(lits) <= max(0, room_left))
        for (c, week), terms in week_minutes.items():
            left = problem.chairs[c].max_week_minutes - fixed.week_minutes.get((c, week), 0)
            self.model.add(sum(terms) <= max(0, left))

    # --- overload: fair(c) = floor(T·f(c)/Σf) is linear in T, so it is exact here
    def _add_overload(self, plan: Plan) -> None:
        problem = self.problem
        pool = [c for c in problem.chairs if "chair" in c.roles]
        shares = sum(c.share for c in pool)
        if not pool or not problem.weights["overload"]:
            return
        pooled = {c.idx for c in pool}
        minutes: dict[int, list] = defaultdict(list)
        fixed_minutes: dict[int, int] = defaultdict(int)
        for m, placed in self.fixed.plan.items():
            fixed_minutes[placed.chair] += problem.meetings[m].duration
        for free in self.free.values():
            for c, lit in free.chair_lits.items():
                minutes[c].append(free.meeting.duration * lit)
        hinted = defaultdict(int, fixed_minutes)
        for free in self.free.values():
            if free.was is not None:
                hinted[free.was.chair] += free.meeting.duration
        total = sum(fixed_minutes[c] for c in pooled) + sum(
            term for c in pooled for term in minutes[c]
        )
        total_hint = sum(hinted[c] for c in pooled)
        most = sum(fixed_minutes[c] for c in pooled) + sum(
            f.meeting.duration for f in self.free.values()
        )
        for chair in pool:
            c = chair.idx
            fair_hint = total_hint * chair.share // shares
            fair = self.new_int(0, most, f"fair_{c}", fair_hint)
            self.model.add(shares * fair <= chair.share * total)
            self.model.add(chair.share * total <= shares * fair + shares - 1)
            over = self.new_int(0, most, f"over_{c}", max(0, hinted[c] - fair_hint))
            self.model.add(over >= fixed_minutes[c] + sum(minutes[c]) - fair)
            self.cost("overload", over)

    def _add_objective(self) -> None:
        self.model.minimize(sum(weight * expr for weight, expr in self.objective))
        for index, value in self.hint.items():
            self.model.add_hint(self.model.get_int_var_from_proto_index(index), value)

    # --- results
    def placements(self, solver: cp_model.CpSolver) -> Plan:
        """The free meetings' new placements (unscheduled ones are absent)."""
        out: Plan = {}
        for m, free in self.free.items():
            if not solver.boolean_value(free.sched):
                continue
            chair = next(c for (c, _), lit in free.options.items() if solver.boolean_value(lit))
            room = next((r for r, lit in free.room_lits.items() if solver.boolean_value(lit)), None)
            out[m] = Placement(solver.value(free.start), chair, room)
        return out

    def hinted_objective(self) -> int:
        """The objective of the starting plan, to check that the model counts exactly."""
        objective = self.model.proto.objective
        total = objective.offset
        for ref, coeff in zip(objective.vars, objective.coeffs, strict=True):
            value = self.hint[ref] if ref >= 0 else 1 - self.hint[-ref - 1]
            total += coeff * value
        return int(total)
