"""`solve(instance) -> solution`: chairs-instance/1 in, chairs-solution/1 out.

1. A first plan at once (search/first_plan.py): pinned meetings as booked, still-valid `current`
   bookings kept, the rest inserted where they cost least; a meeting that cannot be placed in
   time makes room by moving as few bookings as it can (search/eject.py).
2. A proved lower bound at once (search/bound/: each meeting's cheapest booking, an LP over
   chairs' weeks where small enough); then, for a long enough solve of a county-sized
   instance, the chair-week pattern bound in a process of its own beside the search.
3. Small instances: the whole problem as one exact CP-SAT model, which can prove optimality.
4. Otherwise, and for whatever time is left: CP-SAT neighbourhoods and ruin-and-recreate steps
   side by side (search/lns.py, search/ruin.py); when the pattern bound has converged, the
   search may go on from a first plan guided by its relaxation (`guided_plan`).
5. The reported score and breakdown are recomputed from the final plan (search/score.py), and
   every unscheduled meeting gets its reasons and what would make it possible (explain/).
The instance is assumed valid: callers run `solver.format.validate` first.

Every stage keeps to the time limit, in wall seconds or, in deterministic mode, in counted work
(search/lns.py says what a unit of work is and what it is worth): the first plan hurries (the
rest at their first free option) past FIRST_PLAN_SHARE of the limit, the search stops a little
before it, and unscheduled meetings are explained until EXPLAIN_GRACE past it (any left then
say that the solver ran out of time to explain them).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from solver.explain.reasons import contention_reasons, explain_unscheduled, own_reasons
from solver.explain.relaxations import add_relaxations, relaxations_for
from solver.format.types import Assignment, Instance, Solution, Status
from solver.search.bound.beside import BoundBeside
from solver.search.bound.lower_bound import lower_bound
from solver.search.bound.patterns import small_enough
from solver.search.cp.model import NeighbourhoodModel
from solver.search.first_plan import FirstPlan, pinned_plan
from solver.search.insert import Inserter
from solver.search.lns import (
    BOUND_SECONDS,
    EXPLAIN_SECONDS_PER_OPTION,
    WORK_SECONDS,
    Search,
    SearchResult,
    SearchSettings,
)
from solver.search.occupancy import Occupancy
from solver.search.plan_counts import plan_counts
from solver.search.problem import MINUTES_PER_DAY, Problem, read_problem
from solver.search.score import Plan, breakdown, score

# The pattern bound needs about 10 s of a core on a county month to be solved (less to be
# useful): below this much time left it is not started, and the search has both cores.
BESIDE_MIN_SECONDS = 15.0
# Whole-problem models above this many (meeting, chair, day) options are too big to help.
WHOLE_MODEL_OPTIONS = 600
# Past this share of the limit the first plan places what is left at its first free option,
# which takes about QUICK_SECONDS_PER_MEETING each (it hurries that much sooner).
FIRST_PLAN_SHARE = 0.8
QUICK_SECONDS_PER_MEETING = 0.5e-3
# Unscheduled meetings are explained until this many seconds past the limit.
EXPLAIN_GRACE = 0.25
NOT_EXPLAINED = "the solver ran out of time before it could say why this meeting is unscheduled"


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    deterministic: bool = False,
    progress: Callable[[float, int, int], None] | None = None,
    stop: threading.Event | None = None,
    counts: Callable[[dict[str, int]], None] | None = None,
    stages: dict[str, float] | None = None,
) -> Solution:
    """`stages`, when given, is filled with each stage's wall seconds (the bench prints them)."""
    settings = SearchSettings(time_limit, workers, seed, deterministic, progress, stop, counts)
    if stages is not None:
        settings.stages = stages
    problem = read_problem(instance)
    builder = FirstPlan(problem)

    def hurry() -> bool:
        if deterministic:
            settings.spent = WORK_SECONDS * builder.work
        rest = QUICK_SECONDS_PER_MEETING * builder.left  # placing the rest quickly
        return settings.used() + rest > FIRST_PLAN_SHARE * time_limit

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    with settings.stage("first plan"):
        plan = builder.build(hurry, stopped)
    if deterministic:
        settings.spent = WORK_SECONDS * builder.work
    if plan is None:
        return unknown_solution(problem, settings.started)
    result = unimproved(problem, plan, settings) if stopped() else search(problem, plan, settings)
    status: Status = "OPTIMAL" if result.optimal else "FEASIBLE"
    with settings.stage("explain"):
        reasons = explain_in_time(problem, result.plan, settings)
    return to_solution(problem, result.plan, status, result.bound, settings.started, reasons)


def search(problem: Problem, plan: Plan, settings: SearchSettings) -> SearchResult:
    margin = max(0.05, 0.05 * settings.time_limit)  # as the search keeps (lns.py)
    if settings.remaining() <= margin + BOUND_SECONDS:
        return unimproved(problem, plan, settings)  # no time for the bound and a search
    with settings.stage("bound"):
        bound = lower_bound(problem)
    if settings.deterministic:
        settings.spent += BOUND_SECONDS
    beside = bound_beside(problem, plan, settings, margin)
    if beside is not None:
        settings.fresh_start = lambda: guided_plan(problem, beside)
    try:
        with settings.stage("search"):
            result = improve(problem, plan, settings, bound)
    finally:
        proved = beside.stop() if beside is not None else None
    if proved is not None and (result.bound is None or proved > result.bound):
        result.bound = proved
        result.optimal = result.optimal or proved >= result.score
    return result


def guided_plan(problem: Problem, beside: BoundBeside) -> Plan | None:
    """A first plan guided by where the bound's relaxation holds each meeting, once that has
    come (bound/beside.py); the search goes on from it if it is about as good as its own."""
    guidance = beside.guidance()
    if guidance is None:
        return None
    return FirstPlan(problem, guidance).build()


def improve(problem: Problem, plan: Plan, settings: SearchSettings, bound: int) -> SearchResult:
    if whole_model_size(problem) <= WHOLE_MODEL_OPTIONS:
        whole = solve_whole(problem, plan, settings, bound)
        if whole.optimal:
            return whole
        plan, bound = whole.plan, whole.bound if whole.bound is not None else bound
    return Search(problem, plan, settings, bound).run()


def bound_beside(
    problem: Problem, plan: Plan, settings: SearchSettings, margin: float
) -> BoundBeside | None:
    """The pattern bound in a process of its own, when it can tell something in the time left
    and a core is there for it: not in deterministic mode, whose results must not depend on how
    far another process got."""
    seconds = settings.remaining() - margin
    if settings.deterministic or settings.workers < 2 or seconds < BESIDE_MIN_SECONDS:
        return None
    if whole_model_size(problem) <= WHOLE_MODEL_OPTIONS or not small_enough(problem):
        return None  # the exact model proves its own bound; or too big for the patterns
    try:
        return BoundBeside(problem.instance, plan, seconds)
    except OSError:  # no process to be had: the search goes on with the bounds it has
        return None


def unimproved(problem: Problem, plan: Plan, settings: SearchSettings) -> SearchResult:
    """The plan as it is, when there is no time left to improve it (reported as a search's)."""
    result = SearchResult(plan, score(problem, plan))
    if settings.progress is not None:
        settings.progress(time.monotonic() - settings.started, result.score, 0)
    if settings.counts is not None:
        settings.counts(plan_counts(problem, plan))
    return result


def whole_model_size(problem: Problem) -> int:
    return sum(len(m.chairs) * len(m.days) for m in problem.meetings if not m.pinned)


def solve_whole(problem: Problem, plan: Plan, settings: SearchSettings, bound: int) -> SearchResult:
    """The exact model of everything: its bound is a bound on the score itself."""
    free = [m.idx for m in problem.meetings if not m.pinned]
    built = NeighbourhoodModel(problem, plan, free)
    offset = score(problem, plan) - built.hinted_objective()  # what the fixed meetings add
    searcher = Search(problem, plan, settings, bound)
    limit = searcher.remaining() * 0.8
    solver = searcher.solver_for(max(0.05, limit), len(built.model.proto.variables))
    status = searcher.run_solver(solver, built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SearchResult(plan, score(problem, plan), bound=bound)
    found = {m: p for m, p in plan.items() if m not in built.free}
    found.update(built.placements(solver))
    best = score(problem, found)
    proved = max(bound, math.ceil(solver.best_objective_bound - 1e-6) + offset)
    if best < searcher.score and settings.progress is not None:
        settings.progress(searcher.elapsed(), best, proved)
    if settings.counts is not None:
        settings.counts(plan_counts(problem, found))
    return SearchResult(found, best, status == cp_model.OPTIMAL or best == proved, proved)


def to_solution(
    problem: Problem,
    plan: Plan,
    status: Status,
    bound: int | None,
    started: float,
    reasons: dict[int, list[str]] | None = None,
) -> Solution:
    terms = breakdown(problem, plan)
    if reasons is None:
        reasons = explain_unscheduled(problem, plan)
        add_relaxations(problem, plan, reasons)  # "possible if held virtually", …
    solution: Solution = {
        "format": "chairs-solution/1",
        "instance": problem.instance["name"],
        "status": status,
        "score": score(problem, plan),
        "solve_seconds": round(time.monotonic() - started, 3),
        "assignments": [assignment(problem, m, plan[m]) for m in sorted(plan)],
        "unscheduled": [
            {"meeting": problem.meetings[m].id, "reasons": reasons[m]} for m in sorted(reasons)
        ],
        "breakdown": terms,
    }
    if bound is not None:
        solution["bound"] = min(bound, solution["score"])
    return solution


def explain_in_time(problem: Problem, plan: Plan, settings: SearchSettings) -> dict[int, list[str]]:
    """Each unscheduled meeting's reasons and relaxations (explain/), one meeting at a time
    while the limit and its grace last; in deterministic mode a meeting is counted by the
    (chair, day) options it could use."""
    missing = [m for m in problem.meetings if m.idx not in plan]
    if not missing:
        return {}
    alone = Occupancy(problem, pinned_plan(problem))
    booked = Occupancy(problem, plan)
    inserter = Inserter(problem, booked)  # it only looks: the plan stays as it is
    reasons: dict[int, list[str]] = {}
    for meeting in missing:
        if settings.used() > settings.time_limit + EXPLAIN_GRACE:
            reasons[meeting.idx] = [NOT_EXPLAINED]
            continue
        found = own_reasons(problem, meeting, alone)
        found = found or contention_reasons(problem, meeting, booked)
        if not meeting.pinned:
            found += relaxations_for(inserter, meeting)
        reasons[meeting.idx] = found
        if settings.deterministic:
            options = max(1, len(meeting.chairs) * len(meeting.days))
            settings.spent += EXPLAIN_SECONDS_PER_OPTION * options
    return reasons


def unknown_solution(problem: Problem, started: float) -> Solution:
    """No plan in time: pinned meetings as booked, every other meeting unscheduled."""
    plan = pinned_plan(problem)
    stopped = ["the solver was stopped before it found a plan"]
    reasons = {m.idx: stopped for m in problem.meetings if m.idx not in plan}
    return to_solution(problem, plan, "UNKNOWN", None, started, reasons)


def assignment(problem: Problem, m: int, placed) -> Assignment:
    meeting = problem.meetings[m]
    start = placed.start - placed.day * MINUTES_PER_DAY
    return {
        "meeting": meeting.id,
        "day": problem.date_of(placed.day).isoformat(),
        "start": clock(start),
        "end": clock(start + meeting.duration),
        "chair": problem.chairs[placed.chair].id,
        "room": problem.rooms[placed.room].id if placed.room is not None else None,
    }


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
