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
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.search.cp.model import NeighbourhoodModel
from solver.search.neighbourhoods import Neighbourhood, NeighbourhoodPicker
from solver.search.plan_counts import PlanCounts, plan_counts
from solver.search.problem import Problem
from solver.search.ruin import RuinRecreate
from solver.search.score import Plan

Progress = Callable[[float, int, int], None]
# CP-SAT's deterministic seconds per wall second on small models here (measured on the 2-core
# machine): deterministic mode spends `time_limit` × this, so it takes about as long as asked.
DETERMINISTIC_PER_SECOND = 0.2
# A ruin-and-recreate step, in deterministic seconds per meeting of the instance (about 5 ms of
# wall time on a county month at the rate above), and how many may follow one CP-SAT step.
RUIN_COST_PER_MEETING = 4e-6
MAX_RUINS_PER_STEP = 500


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
        self.spent = 0.0  # deterministic seconds, in deterministic mode
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
        if self.settings.deterministic:
            return self.settings.time_limit - self.spent / DETERMINISTIC_PER_SECOND
        return self.settings.time_limit - self.elapsed()

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
                steps = int(solver.response_proto.deterministic_time / self.ruin_cost()) + 1
                self.ruin_steps(min(steps, MAX_RUINS_PER_STEP))
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

    def ruin_cost(self) -> float:
        """A ruin-and-recreate step in deterministic seconds (its time grows with the plan)."""
        return RUIN_COST_PER_MEETING * len(self.problem.meetings)

    def ruin_steps(self, count: int) -> None:
        for _ in range(count):
            if self.ruins.step():
                self.improved()
            self.spent += self.ruin_cost()

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
            params.max_deterministic_time = limit * DETERMINISTIC_PER_SECOND
            params.max_time_in_seconds = 10 * limit + 5  # a safety net only
            self.spent += 1e-6 * size  # model building, counted by its size
        else:
            params.num_workers = max(1, self.settings.workers)
            params.max_time_in_seconds = limit
        return solver

    def share_used(self, solver: cp_model.CpSolver, limit: float) -> float:
        """How much of its limit a solve took, in deterministic time when that is the clock."""
        if self.settings.deterministic:
            used = solver.response_proto.deterministic_time
            return used / (limit * DETERMINISTIC_PER_SECOND)
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
            self.spent += solver.response_proto.deterministic_time
        return status

    def report(self) -> None:
        if self.settings.progress is not None:
            self.settings.progress(self.elapsed(), self.score, self.bound)
        if self.settings.counts is not None:
            self.settings.counts(plan_counts(self.problem, self.plan))
