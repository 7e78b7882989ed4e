"""Large-neighbourhood search: free a few chairs' days (or a few related meetings), re-place them
exactly with CP-SAT around everything else, keep the result when the score does not get worse;
ruin-and-recreate steps (ruin.py) run in the time each CP-SAT solve takes.

One monolithic model of a county month has hundreds of thousands of variables (a circuit per
chair-day over every meeting that could be there) and finds nothing in the time allowed, while a
neighbourhood of a few chairs over a few days solves to optimality in a fraction of a second.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.search.cp.model import NeighbourhoodModel
from solver.search.neighbourhoods import Neighbourhood, NeighbourhoodPicker
from solver.search.plan_counts import PlanCounts, plan_counts
from solver.search.problem import Problem
from solver.search.ruin import RuinRecreate
from solver.search.score import Plan

Progress = Callable[[float, int, int], None]
# Deterministic mode counts work, not seconds, so that the same instance gives the same plan.
# Work is counted in estimated seconds: what each step costs in wall time on the 2-core machine
# these were measured on (one core free, the other busy with other work), so that a
# deterministic solve takes about its limit (a little less when the machine is quiet) and
# always stops at the same point. Counted:
# - a CP-SAT solve: its own deterministic time × CP_SAT_SECONDS_PER_DETERMINISTIC, plus
#   MODEL_SECONDS_PER_VARIABLE per variable of its model (building it in Python, then
#   CP-SAT's loading and presolve, which its deterministic time leaves out);
# - insertion and ejection, by the chair-days they consider for one meeting (Occupancy.work;
#   one passed over at its daily or weekly cap counts too): WORK_SECONDS each in the first
#   plan; in a ruin-and-recreate step, where most masks are remembered from earlier steps,
#   RUIN_WORK_SECONDS each and RUIN_STEP_SECONDS besides;
# - the lower bound: BOUND_SECONDS, whatever the instance (its LP takes up to about that);
# - explaining an unscheduled meeting: EXPLAIN_SECONDS_PER_OPTION per (chair, day) it could
#   use.
# Measured (county-month to region-quarter): a CP-SAT neighbourhood takes 20–25 µs per variable
# plus about 2.5 s per deterministic second, and building it about 20 µs per variable; the
# first plan 2.6–3.9 µs per chair-day considered; a ruin step 1.4–1.6 µs per chair-day (0.7 ms
# a step on a county month, 3 ms on a region quarter).
CP_SAT_SECONDS_PER_DETERMINISTIC = 2.3
MODEL_SECONDS_PER_VARIABLE = 42e-6
WORK_SECONDS = 3.2e-6
RUIN_WORK_SECONDS = 1.4e-6
RUIN_STEP_SECONDS = 1e-4
BOUND_SECONDS = 0.6
EXPLAIN_SECONDS_PER_OPTION = 12e-6
MAX_RUINS_PER_STEP = 500
# A fresh start (start_afresh) is taken when it is at most this much worse than the best so far.
FRESH_START_SLACK = 1.05


@dataclass
class SearchSettings:
    time_limit: float
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    progress: Progress | None = None
    stop: threading.Event | None = None
    counts: PlanCounts | None = None  # told the best plan's counts at each progress report
    started: float = field(default_factory=time.monotonic)
    spent: float = 0.0  # estimated seconds of counted work, in deterministic mode
    stages: dict[str, float] = field(default_factory=dict)  # stage → wall seconds spent in it
    # Asked between steps: another plan to start from (solve.py's guided plan), or None.
    fresh_start: Callable[[], Plan | None] | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.monotonic() - started

    def used(self) -> float:
        """Seconds of the limit used: wall time, or counted work in deterministic mode."""
        if self.deterministic:
            return self.spent
        return time.monotonic() - self.started

    def remaining(self) -> float:
        return self.time_limit - self.used()


@dataclass
class SearchResult:
    plan: Plan
    score: int
    optimal: bool = False
    bound: int | None = None
    iterations: int = 0
    improvements: int = 0


class Search:
    def __init__(self, problem: Problem, plan: Plan, settings: SearchSettings, bound: int):
        self.problem = problem
        self.settings = settings
        self.bound = bound
        self.rng = random.Random(settings.seed)
        self.picker = NeighbourhoodPicker(problem, self.rng)
        self.ruins = RuinRecreate(problem, plan, random.Random(settings.seed + 1))
        self.iterations = self.improvements = 0

    @property
    def plan(self) -> Plan:
        """The best plan so far (the search itself wanders from it: see ruin.py)."""
        return self.ruins.best_plan

    @property
    def score(self) -> int:
        return self.ruins.best_score

    def elapsed(self) -> float:
        return time.monotonic() - self.settings.started

    def remaining(self) -> float:
        return self.settings.remaining()

    def stopped(self) -> bool:
        stop = self.settings.stop
        return stop is not None and stop.is_set()

    def going(self) -> bool:
        # Keep a margin for the last model build and for writing the solution out.
        margin = max(0.05, 0.05 * self.settings.time_limit)
        return self.remaining() > margin and not self.stopped() and self.score > self.bound

    def run(self) -> SearchResult:
        self.report()
        while self.going():
            self.start_afresh()
            neighbourhood = self.picker.pick(dict(self.ruins.plan))
            if neighbourhood is None:
                self.ruin_while(self.going)
                break
            self.step(neighbourhood)
        return SearchResult(
            dict(self.plan),
            self.score,
            self.score == self.bound,
            self.bound,
            self.iterations,
            self.improvements,
        )

    def start_afresh(self) -> None:
        """Go on from a fresh plan when one comes that is about as good as the best so far (no
        more moves, at most FRESH_START_SLACK worse): it may lie where the search would not
        wander. The best plan so far stays the best until the fresh one beats it."""
        if self.settings.fresh_start is None:
            return
        plan = self.settings.fresh_start()
        if plan is None:
            return
        self.settings.fresh_start = None  # once
        old = self.ruins
        fresh = RuinRecreate(self.problem, plan, random.Random(self.settings.seed + 2))
        if fresh.moved > old.best_moved or fresh.score > FRESH_START_SLACK * old.best_score:
            return
        better = fresh.best_score < old.best_score
        if not better:
            fresh.best_plan, fresh.best_score = old.best_plan, old.best_score
            fresh.best_moved = old.best_moved
        self.ruins = fresh
        if better:
            self.improved()

    def step(self, neighbourhood: Neighbourhood) -> None:
        """One exact CP-SAT neighbourhood; ruin-and-recreate steps fill the time it takes."""
        self.iterations += 1
        built = NeighbourhoodModel(
            self.problem,
            dict(self.ruins.plan),
            neighbourhood.free,
            neighbourhood.chairs,
            neighbourhood.days,
            neighbourhood.rooms,
        )
        limit = min(neighbourhood.time_limit, max(0.05, self.remaining()))
        solver = self.solver_for(limit, len(built.model.proto.variables))
        status = self.solve_beside_ruins(solver, built.model)
        finished = status == cp_model.OPTIMAL
        self.picker.feedback(neighbourhood, finished, self.share_used(solver, limit))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if self.ruins.adopt(built.placements(solver), sorted(built.free)):
                self.improved()

    def solve_beside_ruins(self, solver: cp_model.CpSolver, model: cp_model.CpModel):
        """On two or more cores the solve runs in a thread (CP-SAT lets go of Python's lock)
        while ruin-and-recreate runs here; otherwise they take turns, each as long as the
        other, so that a deterministic run stays deterministic."""
        if self.settings.deterministic or self.settings.workers < 2:
            status = self.run_solver(solver, model)
            if self.settings.deterministic:
                spend = solver.response_proto.deterministic_time * CP_SAT_SECONDS_PER_DETERMINISTIC
                self.ruin_steps(spend, MAX_RUINS_PER_STEP)
            else:
                until = time.monotonic() + solver.wall_time
                self.ruin_while(lambda: time.monotonic() < until and self.going())
            return status
        solver.parameters.num_workers = self.settings.workers - 1
        outcome: list = []
        thread = threading.Thread(target=lambda: outcome.append(self.run_solver(solver, model)))
        thread.start()
        self.ruin_while(lambda: thread.is_alive() and not self.stopped())
        thread.join()
        return outcome[0]

    def ruin_steps(self, spend: float, most: int) -> None:
        """At least one and up to `most` ruin-and-recreate steps, until they have spent `spend`
        seconds of counted work or the search stops (deterministic mode)."""
        settings, occupancy = self.settings, self.ruins.occupancy
        until = settings.spent + spend
        for done in range(most):
            if (done and settings.spent >= until) or not self.going():
                break
            work = occupancy.work
            if self.ruins.step():
                self.improved()
            settings.spent += RUIN_STEP_SECONDS + RUIN_WORK_SECONDS * (occupancy.work - work)

    def ruin_while(self, keep_going: Callable[[], bool]) -> None:
        while keep_going():
            if self.ruins.step():
                self.improved()

    def improved(self) -> None:
        self.improvements += 1
        self.report()

    def solver_for(self, limit: float, size: int) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.random_seed = self.settings.seed + self.iterations
        # Neighbourhood models are small and many: a long presolve costs more than it saves.
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
        params.max_presolve_iterations = 1
        # The caller owns Ctrl-C (the scheduler stops a run through `stop`); CP-SAT's own SIGINT
        # handler crashed a scheduler interrupted mid-solve.
        params.catch_sigint_signal = False
        if self.settings.deterministic:
            params.num_workers = 1
            building = MODEL_SECONDS_PER_VARIABLE * size
            self.settings.spent += building
            solving = max(0.01, limit - building)
            params.max_deterministic_time = solving / CP_SAT_SECONDS_PER_DETERMINISTIC
            params.max_time_in_seconds = 10 * limit + 5  # a safety net only
        else:
            params.num_workers = max(1, self.settings.workers)
            params.max_time_in_seconds = limit
        return solver

    def share_used(self, solver: cp_model.CpSolver, limit: float) -> float:
        """How much of its limit a solve took, in deterministic time when that is the clock."""
        if self.settings.deterministic:
            used = solver.response_proto.deterministic_time
            return used / solver.parameters.max_deterministic_time
        return solver.wall_time / limit

    def run_solver(self, solver: cp_model.CpSolver, model: cp_model.CpModel):
        stop = self.settings.stop
        watcher = None
        if stop is not None:
            done = threading.Event()

            def watch() -> None:
                while not done.wait(0.05):
                    if stop.is_set():
                        solver.stop_search()
                        return

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        status = solver.solve(model)
        if watcher is not None:
            done.set()
            watcher.join()
        if self.settings.deterministic:
            used = solver.response_proto.deterministic_time
            self.settings.spent += used * CP_SAT_SECONDS_PER_DETERMINISTIC
        return status

    def report(self) -> None:
        if self.settings.progress is not None:
            self.settings.progress(self.elapsed(), self.score, self.bound)
        if self.settings.counts is not None:
            self.settings.counts(plan_counts(self.problem, self.plan))
