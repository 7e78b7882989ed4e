"""Large-neighbourhood search: free a few chairs' days (or a few related meetings), re-place them
exactly with CP-SAT around everything else, keep the result when the score does not get worse.

One monolithic model of a county month has hundreds of thousands of variables (a circuit per
chair-day over every meeting that could be there) and finds nothing in the time allowed, while a
neighbourhood of a few chairs over a week solves to optimality in a fraction of a second.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.model_cp import NeighbourhoodModel
from solver.model_data import Problem
from solver.model_neighbourhoods import Neighbourhood, NeighbourhoodPicker
from solver.model_score import Plan, score

Progress = Callable[[float, int, int], None]
# CP-SAT's deterministic seconds per wall second on small models here (measured on the 2-core
# machine): deterministic mode spends `time_limit` × this, so it takes about as long as asked.
DETERMINISTIC_PER_SECOND = 0.2


@dataclass
class SearchSettings:
    time_limit: float
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    progress: Progress | None = None
    stop: threading.Event | None = None
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
        self.plan = dict(plan)
        self.score = score(problem, plan)
        self.bound = bound
        self.rng = random.Random(settings.seed)
        self.picker = NeighbourhoodPicker(problem, self.rng)
        self.spent = 0.0  # deterministic seconds, in deterministic mode
        self.iterations = self.improvements = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.settings.started

    def remaining(self) -> float:
        if self.settings.deterministic:
            return self.settings.time_limit - self.spent / DETERMINISTIC_PER_SECOND
        return self.settings.time_limit - self.elapsed()

    def stopped(self) -> bool:
        stop = self.settings.stop
        return stop is not None and stop.is_set()

    def run(self) -> SearchResult:
        self.report()
        # Keep a margin for the last model build and for writing the solution out.
        margin = max(0.05, 0.05 * self.settings.time_limit)
        while self.remaining() > margin and not self.stopped() and self.score > self.bound:
            neighbourhood = self.picker.pick(self.plan)
            if neighbourhood is None:
                break
            self.step(neighbourhood)
        return SearchResult(
            self.plan,
            self.score,
            self.score == self.bound,
            self.bound,
            self.iterations,
            self.improvements,
        )

    def step(self, neighbourhood: Neighbourhood) -> None:
        self.iterations += 1
        built = NeighbourhoodModel(
            self.problem, self.plan, neighbourhood.free, neighbourhood.chairs, neighbourhood.days
        )
        limit = min(neighbourhood.time_limit, max(0.05, self.remaining()))
        solver = self.solver_for(limit, len(built.model.proto.variables))
        status = self.run_solver(solver, built.model)
        finished = status == cp_model.OPTIMAL
        self.picker.feedback(neighbourhood, finished)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        candidate = {m: p for m, p in self.plan.items() if m not in built.free}
        candidate.update(built.placements(solver))
        new_score = score(self.problem, candidate)
        if new_score <= self.score:
            improved = new_score < self.score
            self.plan, self.score = candidate, new_score
            if improved:
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
        if self.settings.deterministic:
            params.num_workers = 1
            params.max_deterministic_time = limit * DETERMINISTIC_PER_SECOND
            params.max_time_in_seconds = 10 * limit + 5  # a safety net only
            self.spent += 1e-6 * size  # model building, counted by its size
        else:
            params.num_workers = max(1, self.settings.workers)
            params.max_time_in_seconds = limit
        return solver

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
