"""The spec's score, term by term, computed in plain Python from a finished plan.

This is what the solver reports: whatever the CP model approximates, the numbers an admin (and
the checker) see come from here. A plan maps meeting index → Placement; absent means unscheduled.
"""

from __future__ import annotations

from collections import defaultdict

from solver.format.score_table import TERMS
from solver.search.problem import Meeting, Placement, Problem, overlaps

Plan = dict[int, Placement]


def day_terms(problem: Problem, meeting: Meeting, day: int) -> dict[str, int]:
    """out_of_timescale, days_late and margin_days for holding `meeting` on `day`."""
    rank_day, rank_latest = problem.rank(day), problem.rank(meeting.latest)
    margin = 0
    if meeting.preferred_latest is not None:
        margin = max(0, min(rank_day, rank_latest) - problem.rank(meeting.preferred_latest))
    return {
        "out_of_timescale": int(day > meeting.latest),
        "days_late": max(0, rank_day - rank_latest),
        "margin_days": margin,
    }


def optional_absent(problem: Problem, meeting: Meeting, start: int) -> int:
    end = start + meeting.duration
    return sum(
        any(overlaps(start, end, s, e) for s, e in problem.people[p].unavailable)
        for p in meeting.optional
    )


def meeting_terms(problem: Problem, meeting: Meeting, placed: Placement) -> dict[str, int]:
    """Every term that depends on this meeting alone (not chair_travel or overload)."""
    terms = day_terms(problem, meeting, placed.day)
    current = meeting.current
    room = problem.rooms[placed.room] if placed.room is not None else None
    terms["continuity"] = int(meeting.allocated is not None and placed.chair != meeting.allocated)
    terms["moved_time"] = int(current is not None and placed.start != current.start)
    terms["moved_chair"] = int(current is not None and placed.chair != current.chair)
    terms["moved_room"] = int(current is not None and placed.room != current.room)
    terms["portable_kit"] = int(
        meeting.format == "hybrid" and room is not None and not room.full_hybrid
    )
    terms["optional_absent"] = optional_absent(problem, meeting, placed.start)
    terms["family_travel"] = problem.travel[meeting.loc][room.loc] if room is not None else 0
    return terms


def weighted(problem: Problem, terms: dict[str, int]) -> int:
    return sum(problem.weights[name] * count for name, count in terms.items())


def route_minutes(problem: Problem, base: int, stops: list[int]) -> int:
    """Base → each locality in order → base."""
    minutes, here = 0, base
    for stop in stops:
        minutes += problem.travel[here][stop]
        here = stop
    return minutes + problem.travel[here][base] if stops else 0


def chair_day_stops(problem: Problem, plan: Plan, items: list[int]) -> list[int]:
    """The localities a chair visits on one day, in time order, given its meetings there."""
    physical = []
    for m in items:
        placed = plan[m]
        where = problem.location(problem.meetings[m], placed.room)
        if where is not None:
            physical.append((placed.start, problem.meetings[m].id, where))
    physical.sort()  # ties (only ever between pinned meetings) by meeting id, as the checker
    return [where for *_, where in physical]


def chair_travel(problem: Problem, plan: Plan) -> int:
    by_chair_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    for m, placed in plan.items():
        by_chair_day[(placed.chair, placed.day)].append(m)
    return sum(
        route_minutes(problem, problem.chairs[c].base, chair_day_stops(problem, plan, items))
        for (c, _), items in by_chair_day.items()
    )


def fair_shares(problem: Problem, total: int) -> dict[int, int]:
    """fair(c) = floor(T × f(c) / Σf) over chairs with the role `chair`, in integers."""
    pool = [c for c in problem.chairs if "chair" in c.roles]
    shares = sum(c.share for c in pool)
    return {c.idx: total * c.share // shares for c in pool} if shares else {}


def overload(problem: Problem, plan: Plan) -> int:
    minutes: dict[int, int] = defaultdict(int)
    for m, placed in plan.items():
        minutes[placed.chair] += problem.meetings[m].duration
    pooled = [c.idx for c in problem.chairs if "chair" in c.roles]
    fair = fair_shares(problem, sum(minutes[c] for c in pooled))
    return sum(max(0, minutes[c] - fair[c]) for c in pooled)


def breakdown(problem: Problem, plan: Plan) -> dict[str, int]:
    totals = dict.fromkeys(TERMS, 0)
    totals["unscheduled"] = sum(1 for m in problem.meetings if m.idx not in plan)
    for m, placed in plan.items():
        for name, count in meeting_terms(problem, problem.meetings[m], placed).items():
            totals[name] += count
    totals["chair_travel"] = chair_travel(problem, plan)
    totals["overload"] = overload(problem, plan)
    return totals


def score(problem: Problem, plan: Plan) -> int:
    return weighted(problem, breakdown(problem, plan))


def convenience(problem: Problem, terms: dict[str, int]) -> int:
    """The score without unscheduled, out_of_timescale and days_late (the bench's measure)."""
    hard = ("unscheduled", "out_of_timescale", "days_late")
    return weighted(problem, {k: v for k, v in terms.items() if k not in hard})
