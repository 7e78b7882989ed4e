"""Who and what is busy when, for a partial plan — the hard rules as fast feasibility tests.

A meeting's possible starts on one day are the bits of a Python int (bit k = `day_start + k ×
grain`), so "is the chair free, travel included, and the room, and every required person" is a
handful of ANDs. The greedy, the CP neighbourhoods and the unscheduled reasons all use this.
"""

from __future__ import annotations

from collections import defaultdict

from solver.search.problem import MINUTES_PER_DAY, Meeting, Placement, Problem, slot_starts
from solver.search.score import Plan

# (start, end, gap needed before it, gap needed after it), minutes since midnight
Block = tuple[int, int, int, int]


class Occupancy:
    """The bookings of a plan, indexed by chair-day, room-day, person-day and chair-week."""

    def __init__(self, problem: Problem, plan: Plan):
        self.problem = problem
        self.plan: Plan = {}
        self.chair_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.room_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.person_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.week_minutes: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
        # Free-start masks by chair-day ((where, duration) → mask) and room-day (duration →
        # mask): many meetings ask the same chair-day the same question, and a booking there
        # forgets only that chair-day's and room-day's answers.
        self.chair_masks: dict[tuple[int, int], dict[tuple[int | None, int], int]] = {}
        self.room_masks: dict[tuple[int, int], dict[int, int]] = {}
        self.work = 0  # chair-days considered for a meeting: see WORK_SECONDS in lns.py
        for m, placed in plan.items():
            self.add(m, placed)

    def add(self, m: int, placed: Placement) -> None:
        meeting, day = self.problem.meetings[m], placed.day
        self.plan[m] = placed
        self.chair_day[(placed.chair, day)].append(m)
        self.chair_masks.pop((placed.chair, day), None)
        if placed.room is not None:
            self.room_day[(placed.room, day)].append(m)
            self.room_masks.pop((placed.room, day), None)
        for p in meeting.required:
            self.person_day[(p, day)].append(m)
        self.week_minutes[(placed.chair, self.problem.week_of(day))] += meeting.duration

    def remove(self, m: int) -> None:
        placed, meeting = self.plan.pop(m), self.problem.meetings[m]
        day = placed.day
        self.chair_day[(placed.chair, day)].remove(m)
        self.chair_masks.pop((placed.chair, day), None)
        if placed.room is not None:
            self.room_day[(placed.room, day)].remove(m)
            self.room_masks.pop((placed.room, day), None)
        for p in meeting.required:
            self.person_day[(p, day)].remove(m)
        self.week_minutes[(placed.chair, self.problem.week_of(day))] -= meeting.duration

    # --- caps (rule 5): adding an unpinned meeting puts the day and week under judgement
    def cap_room(self, m: int, chair: int, day: int) -> bool:
        c = self.problem.chairs[chair]
        week = self.problem.week_of(day)
        return (
            len(self.chair_day[(chair, day)]) < c.max_per_day
            and self.week_minutes[(chair, week)] + self.problem.meetings[m].duration
            <= c.max_week_minutes
        )

    # --- start masks
    def base_mask(self, m: int, day: int) -> int:
        """Grain, working day, time window, required people's own unavailability and bookings."""
        mask = static_mask(self.problem, m, day)
        meeting = self.problem.meetings[m]
        blocks = [
            self._block(other)
            for p in meeting.required
            for other in self.person_day.get((p, day), ())
            if other != m
        ]
        return mask & ~blocked(self.problem, meeting.duration, blocks) if blocks else mask

    def chair_mask(self, m: int, chair: int, day: int, where: int | None) -> int:
        """Starts at which `chair` is free, with travel to and from its other physical meetings."""
        meeting = self.problem.meetings[m]
        mine = self.plan.get(m)
        if mine is None or (mine.chair, mine.day) != (chair, day):  # else: not `m`'s own answer
            known = self.chair_masks.setdefault((chair, day), {})
            key = (where, meeting.duration)
            if key not in known:
                known[key] = self._chair_mask(m, chair, day, where)
            return known[key]
        return self._chair_mask(m, chair, day, where)

    def _chair_mask(self, m: int, chair: int, day: int, where: int | None) -> int:
        problem, meeting = self.problem, self.problem.meetings[m]
        blocks = list(unavailable_blocks(problem, "chair", chair, day))
        for other in self.chair_day.get((chair, day), ()):
            if other == m:
                continue
            placed = self.plan[other]
            s, e = placed.start - day * MINUTES_PER_DAY, self._end(other) - day * MINUTES_PER_DAY
            there = problem.location(problem.meetings[other], placed.room)
            if where is None or there is None:
                blocks.append((s, e, 0, 0))
            else:
                blocks.append((s, e, problem.travel[where][there], problem.travel[there][where]))
        return ~blocked(problem, meeting.duration, blocks)

    def room_mask(self, m: int, room: int, day: int) -> int:
        mine = self.plan.get(m)
        if mine is None or (mine.room, mine.day) != (room, day):
            known = self.room_masks.setdefault((room, day), {})
            duration = self.problem.meetings[m].duration
            if duration not in known:
                known[duration] = self._room_mask(m, room, day)
            return known[duration]
        return self._room_mask(m, room, day)

    def _room_mask(self, m: int, room: int, day: int) -> int:
        blocks = list(unavailable_blocks(self.problem, "room", room, day))
        blocks += [self._block(o) for o in self.room_day.get((room, day), ()) if o != m]
        return ~blocked(self.problem, self.problem.meetings[m].duration, blocks)

    def _end(self, m: int) -> int:
        return self.plan[m].start + self.problem.meetings[m].duration

    def _block(self, m: int) -> Block:
        placed = self.plan[m]
        offset = placed.day * MINUTES_PER_DAY
        return (placed.start - offset, self._end(m) - offset, 0, 0)

    def fits(self, m: int, placed: Placement) -> bool:
        """Every hard rule for placing unpinned `m` at `placed` among the bookings so far."""
        problem, meeting = self.problem, self.problem.meetings[m]
        day, slot = placed.day, slot_of(problem, placed.start)
        chair = problem.chairs[placed.chair]
        if slot is None or day not in meeting.days or placed.chair not in meeting.chairs:
            return False
        if problem.weekday_of(day) not in chair.weekdays or not self.cap_room(m, chair.idx, day):
            return False
        if meeting.needs_room != (placed.room is not None):
            return False
        bit = 1 << slot
        if placed.room is not None:
            room = problem.rooms[placed.room]
            if placed.room not in meeting.rooms or not self.room_mask(m, room.idx, day) & bit:
                return False
            if meeting.format == "hybrid" and not (room.full_hybrid or chair.kit):
                return False
        where = problem.location(meeting, placed.room)
        return bool(self.base_mask(m, day) & self.chair_mask(m, chair.idx, day, where) & bit)


def slot_of(problem: Problem, start: int) -> int | None:
    minute = start % MINUTES_PER_DAY - problem.day_start
    return minute // problem.grain if minute >= 0 and minute % problem.grain == 0 else None


def start_of(problem: Problem, day: int, slot: int) -> int:
    return day * MINUTES_PER_DAY + problem.day_start + slot * problem.grain


def slots(mask: int) -> list[int]:
    out, k = [], 0
    while mask:
        if mask & 1:
            out.append(k)
        mask >>= 1
        k += 1
    return out


def blocked(problem: Problem, duration: int, blocks: list[Block]) -> int:
    """Bits of the starts s with s < end + after and s + duration > start − before."""
    mask, first, grain = 0, problem.day_start, problem.grain
    for start, end, before, after in blocks:
        low = max(0, (start - before - duration - first) // grain + 1)
        high = -((first - end - after) // grain) - 1  # ceil((end + after − first) / grain) − 1
        if high >= low:
            mask |= ((1 << (high + 1)) - 1) ^ ((1 << low) - 1)
    return mask


def unavailable_blocks(problem: Problem, kind: str, idx: int, day: int) -> list[Block]:
    key = (kind, idx, day)
    if key not in problem.cache:
        owners: dict[str, list] = {
            "chair": problem.chairs,
            "room": problem.rooms,
            "person": problem.people,
        }
        offset = day * MINUTES_PER_DAY
        problem.cache[key] = [
            (s - offset, e - offset, 0, 0)
            for s, e in owners[kind][idx].unavailable
            if s < offset + MINUTES_PER_DAY and e > offset
        ]
    return problem.cache[key]


def static_mask(problem: Problem, m: int, day: int) -> int:
    """Starts allowed by grain, window and the required people's own unavailability."""
    key = ("meeting", m, day)
    if key not in problem.cache:
        meeting = problem.meetings[m]
        mask = 0
        for start in slot_starts(problem, meeting):
            mask |= 1 << ((start - problem.day_start) // problem.grain)
        blocks = [
            b for p in meeting.required for b in unavailable_blocks(problem, "person", p, day)
        ]
        problem.cache[key] = mask & ~blocked(problem, meeting.duration, blocks)
    return problem.cache[key]


def optional_costs(problem: Problem, meeting: Meeting, day: int) -> dict[int, int]:
    """Slot → optional people absent, for the slots where any are (others cost nothing)."""
    key = ("optional", meeting.idx, day)
    if key not in problem.cache:
        costs: dict[int, int] = {}
        if meeting.optional:
            allowed = static_mask(problem, meeting.idx, day)
            for p in meeting.optional:  # the starts at which p is away, as in optional_absent
                away = unavailable_blocks(problem, "person", p, day)
                for slot in slots(allowed & blocked(problem, meeting.duration, away)):
                    costs[slot] = costs.get(slot, 0) + 1
        problem.cache[key] = dict(sorted(costs.items()))
    return problem.cache[key]
