"""The week relaxation's options: each free meeting given a chair, an ISO week and a locality
(where its room is, the family's for off-site, none when virtual), at the least its own terms
can cost there, over that week's days and that locality's rooms; and each chair-week's room.

What a plan pays beyond a meeting's own terms (the chair's days out, overload) is added by the
bound built on these (patterns.py). Each option's cost is a minimum over a superset of the
meeting's real bookings with that chair, week and locality, so it is never above them.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.search.bound.least_cost import fewest_absent
from solver.search.occupancy import blocked, static_mask, unavailable_blocks
from solver.search.problem import Meeting, Problem
from solver.search.score import day_terms, meeting_terms, weighted

Week = tuple[int, int]


@dataclass
class Column:
    meeting: int
    chair: int
    week: Week
    where: int | None  # the locality the chair goes to; None when the meeting is virtual
    cost: int


def columns_worth_having(problem: Problem, incumbent: int) -> list[Column]:
    free = {m.idx: columns_of(problem, m) for m in problem.meetings if not m.pinned}
    unscheduled = problem.weights["unscheduled"]
    cheapest = {m: min([c.cost for c in cols] + [unscheduled]) for m, cols in free.items()}
    least = pinned_cost(problem) + sum(cheapest.values())
    return [
        col
        for m, cols in free.items()
        for col in cols
        if least - cheapest[m] + col.cost < incumbent
    ]


def pinned_cost(problem: Problem) -> int:
    """The pinned meetings' own terms, which no plan changes."""
    return sum(
        weighted(problem, meeting_terms(problem, m, m.current))
        for m in problem.meetings
        if m.pinned and m.current is not None
    )


def columns_of(problem: Problem, meeting: Meeting) -> list[Column]:
    """Every (chair, week, locality) this meeting could have, at the least it costs there."""
    w, current = problem.weights, meeting.current
    if not meeting.days or not meeting.chairs or (meeting.needs_room and not meeting.rooms):
        return []
    by_day = {}
    for d in meeting.days:
        if static_mask(problem, meeting.idx, d):
            moved = int(current is not None and current.day != d)
            by_day[d] = weighted(problem, day_terms(problem, meeting, d)) + w["moved_time"] * moved
    absent = w["optional_absent"] * fewest_absent(problem, meeting)
    places = _places(problem, meeting)
    out: dict[tuple[int, Week, int | None], int] = {}
    for c in meeting.chairs:
        chair = problem.chairs[c]
        cost = absent + w["continuity"] * int(meeting.allocated not in (None, c))
        cost += w["moved_chair"] * int(current is not None and current.chair != c)
        weeks: dict[Week, int] = {}
        for d, here in by_day.items():
            if problem.weekday_of(d) in chair.weekdays and chair_can(problem, meeting, c, d):
                week = problem.week_of(d)
                weeks[week] = min(weeks.get(week, here), here)
        for where, (without_kit, with_kit) in places.items():
            place_cost = with_kit if chair.kit else without_kit
            if place_cost is None:
                continue
            for week, cheapest_day in weeks.items():
                out[(c, week, where)] = cost + place_cost + cheapest_day
    return [Column(meeting.idx, c, week, where, v) for (c, week, where), v in out.items()]


def _places(problem: Problem, meeting: Meeting) -> dict[int | None, tuple[int | None, int]]:
    """Locality → the least its rooms cost the meeting without a portable kit (None if every
    room there needs one) and with the chair bringing one allowed."""
    w, current = problem.weights, meeting.current
    if not meeting.needs_room:  # off-site at the family's locality, or virtual
        moved = w["moved_room"] * int(current is not None and current.room is not None)
        return {meeting.loc if meeting.format == "off_site" else None: (moved, moved)}
    places: dict[int | None, tuple[int | None, int]] = {}
    for r in meeting.rooms:
        room = problem.rooms[r]
        kit = meeting.format == "hybrid" and not room.full_hybrid
        cost = w["family_travel"] * problem.travel[meeting.loc][room.loc]
        cost += w["portable_kit"] * int(kit)
        cost += w["moved_room"] * int(current is not None and current.room != r)
        without_kit, with_kit = places.get(room.loc, (None, cost))
        if not kit and (without_kit is None or cost < without_kit):
            without_kit = cost
        places[room.loc] = (without_kit, min(with_kit, cost))
    return places


def chair_can(problem: Problem, meeting: Meeting, c: int, d: int) -> bool:
    """Some start that day fits the meeting's own window and the chair's unavailability."""
    key = ("chair_busy", c, d, meeting.duration)
    if key not in problem.cache:
        blocks = unavailable_blocks(problem, "chair", c, d)
        problem.cache[key] = blocked(problem, meeting.duration, blocks)
    return bool(static_mask(problem, meeting.idx, d) & ~problem.cache[key])


def _pinned(problem: Problem, c: int) -> list[Meeting]:
    return [
        m for m in problem.meetings if m.pinned and m.current is not None and m.current.chair == c
    ]


def working_days(problem: Problem, c: int, week: Week) -> list[int]:
    chair = problem.chairs[c]
    return [
        d
        for d in problem.days
        if problem.week_of(d) == week and problem.weekday_of(d) in chair.weekdays
    ]


def minutes_left(problem: Problem, c: int, week: Week) -> float:
    held = [m for m in _pinned(problem, c) if m.current and problem.week_of(m.current.day) == week]
    return max(0, problem.chairs[c].max_week_minutes - sum(m.duration for m in held))


def meetings_left(problem: Problem, c: int, week: Week, days: list[int]) -> float:
    chair, total = problem.chairs[c], 0
    for d in days:
        held = sum(1 for m in _pinned(problem, c) if m.current and m.current.day == d)
        total += max(0, chair.max_per_day - held)
    return total
