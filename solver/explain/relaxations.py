"""What would make an unscheduled meeting possible, in an admin's words:
"possible if held virtually", "possible with another chair", "possible on Wed 14 Jan, one
working day out of timescale".

Each relaxation changes one thing about the one meeting — its format, its fixed chair, its latest
day — and asks the Inserter whether it would then fit among the final plan's bookings, which
stay exactly as they are. A relaxation is only given when that relaxed placement exists.
(A "hint" in solver/ is only ever CP-SAT's solution hint: the starting plan given to a model.)
"""

from __future__ import annotations

from dataclasses import replace

from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import Meeting, Problem, chair_may_chair
from solver.search.score import Plan

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def add_relaxations(problem: Problem, plan: Plan, reasons: dict[int, list[str]]) -> None:
    """Append each unscheduled meeting's relaxations to its reasons (in place)."""
    if not reasons:
        return
    inserter = Inserter(problem, Occupancy(problem, plan))
    for m, found in reasons.items():
        meeting = problem.meetings[m]
        if not meeting.pinned and m not in plan:
            found.extend(relaxations_for(inserter, meeting))


def relaxations_for(inserter: Inserter, meeting: Meeting) -> list[str]:
    """Every relaxation of this one meeting that lets it fit, as words."""
    relaxations = []
    in_time = [d for d in meeting.days if d <= meeting.latest]
    if meeting.format != "virtual" and fits(inserter, as_virtual(meeting), in_time):
        relaxations.append("possible if held virtually")
    unfixed = without_fixed_chair(inserter.problem, meeting)
    if unfixed is not None and fits(inserter, unfixed, in_time):
        relaxations.append("possible with another chair")
    late = first_late_day(inserter, meeting)
    if late is not None:
        relaxations.append(late)
    return relaxations


def fits(inserter: Inserter, meeting: Meeting, days: list[int]) -> bool:
    return bool(days) and inserter.best_option(meeting, days) is not None


def as_virtual(meeting: Meeting) -> Meeting:
    """The same meeting held online: no room, and the chair need not travel."""
    return replace(meeting, format="virtual", rooms=[])


def without_fixed_chair(problem: Problem, meeting: Meeting) -> Meeting | None:
    """The same meeting open to any chair with an eligible role (None: it was not fixed)."""
    if not meeting.chair_fixed:
        return None
    loose = replace(meeting, chair_fixed=False)
    loose.chairs = [c.idx for c in problem.chairs if chair_may_chair(loose, c)]
    return loose if loose.chairs != meeting.chairs else None


def first_late_day(inserter: Inserter, meeting: Meeting) -> str | None:
    """The first horizon day after the latest one on which it fits, with how late that is."""
    problem = inserter.problem
    for day in (d for d in meeting.days if d > meeting.latest):
        if inserter.best_option(meeting, [day]) is not None:
            late = problem.rank(day) - problem.rank(meeting.latest)
            when = problem.date_of(day)
            return (
                f"possible on {when:%a} {when.day} {when:%b}, {working_days(late)} out of timescale"
            )
    return None


def working_days(count: int) -> str:
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{number} working day{'' if count == 1 else 's'}"
