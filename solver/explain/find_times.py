"""Find times for one meeting: the best few places it could go, among the bookings already made.

Like a scheduling assistant, but inside the statutory window (`earliest`–`latest`): every day,
chair and room the hard rules allow, each scored by what adding it would cost under the spec's
score table — the same terms the solver and the checker count (search/score.py meeting_terms and
overload, search/insert.py Inserter.travel_increase), so the numbers an admin reads here
are the numbers a plan would report.

To keep ten options useful rather than ten starts a quarter of an hour apart, each (day, chair)
offers one option: its cheapest room and start (the Inserter's own choice of start). An option,
here as in the search, is one place a meeting could go; how a solve runs is its settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from solver.format.types import Instance
from solver.search.first_plan import pinned_plan
from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import MINUTES_PER_DAY, Meeting, Placement, Problem, read_problem
from solver.search.score import Plan, meeting_terms, overload, weighted

DEFAULT_COUNT = 10


@dataclass(frozen=True)
class Option:
    """One place for the meeting, in the exchange format's ids and local times."""

    day: str  # YYYY-MM-DD
    start: str  # HH:MM
    end: str
    chair: str
    room: str | None
    score: int  # the score increase of adding this booking (lower is better)
    terms: dict[str, int]  # that increase, term by term (terms that do not change are left out)


def find_options(instance: Instance, meeting_id: str, count: int = DEFAULT_COUNT) -> list[Option]:
    """The `count` cheapest options for `meeting_id` inside its window, among the instance's
    pinned meetings (the bookings already made). The instance is assumed valid."""
    problem = read_problem(instance)
    meeting = meeting_by_id(problem, meeting_id)
    return best_options(problem, pinned_plan(problem), meeting, count)


def meeting_by_id(problem: Problem, meeting_id: str) -> Meeting:
    for meeting in problem.meetings:
        if meeting.id == meeting_id:
            return meeting
    raise KeyError(f"{meeting_id} is not a meeting of the instance")


def best_options(problem: Problem, plan: Plan, meeting: Meeting, count: int) -> list[Option]:
    """Options for unpinned `meeting` among the bookings of `plan` (which must not hold it)."""
    inserter = Inserter(problem, Occupancy(problem, plan))
    overload_of = chair_overload(problem, plan, meeting)
    found = []
    for day in window_days(meeting):
        base = inserter.occupancy.base_mask(meeting.idx, day)
        if not base:
            continue
        for chair in meeting.chairs:
            placements = inserter.options_on(meeting, day, chair, base)
            scored = [priced(inserter, meeting, p, overload_of[chair]) for p in placements]
            if scored:
                found.append(min(scored, key=_rank))
    found.sort(key=_rank)
    return [as_option(problem, meeting, placed, terms) for _, placed, terms in found[:count]]


def window_days(meeting: Meeting) -> list[int]:
    """Open days (not before `not_before`) from `earliest` to `latest`."""
    return [d for d in meeting.days if d <= meeting.latest]


def chair_overload(problem: Problem, plan: Plan, meeting: Meeting) -> dict[int, int]:
    """Chair → how much `overload` grows if it chairs the meeting (whatever the day or room)."""
    before = overload(problem, plan)
    return {
        chair: overload(problem, {**plan, meeting.idx: Placement(0, chair, None)}) - before
        for chair in meeting.chairs
    }


def marginal_terms(
    inserter: Inserter, meeting: Meeting, placed: Placement, overload_increase: int
) -> dict[str, int]:
    """What adding `placed` adds to each term, apart from `unscheduled` going down by one."""
    terms = meeting_terms(inserter.problem, meeting, placed)
    terms["chair_travel"] = inserter.travel_increase(meeting, placed)
    terms["overload"] = overload_increase
    return {name: count for name, count in terms.items() if count}


def priced(
    inserter: Inserter, meeting: Meeting, placed: Placement, overload_increase: int
) -> tuple[int, Placement, dict[str, int]]:
    terms = marginal_terms(inserter, meeting, placed, overload_increase)
    return weighted(inserter.problem, terms), placed, terms


def _rank(item: tuple[int, Placement, dict[str, int]]) -> tuple[int, int, int]:
    score, placed, _ = item
    return score, placed.start, placed.chair  # ties: earlier first, then the first chair


def as_option(problem: Problem, meeting: Meeting, placed: Placement, terms: dict) -> Option:
    minute = placed.start % MINUTES_PER_DAY
    return Option(
        day=date.fromordinal(problem.day0 + placed.day).isoformat(),
        start=clock(minute),
        end=clock(minute + meeting.duration),
        chair=problem.chairs[placed.chair].id,
        room=problem.rooms[placed.room].id if placed.room is not None else None,
        score=weighted(problem, terms),
        terms=dict(terms),
    )


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
