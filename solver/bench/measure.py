"""The benchmark: Quorum's solver against the greedy baseline, every plan judged by the checker.

For each instance: time to the first valid plan (the first progress callback), the score at the
time limit, the proved bound and gap, unscheduled and out-of-timescale counts, the wall time of
each stage of the solve, the peak memory of the solve (each run in a process of its own, so the
figure is that run's), and the *convenience score* (the score without the unscheduled,
out_of_timescale and days_late terms), beside the same figures for greedy ("booking by hand")
and the ratio of the two convenience scores. A plan the checker rejects is reported loudly and
makes the run fail.

Speed is measured here and recorded with its figures, never asserted in tests: a test that
times itself fails on a busy machine.
"""

from __future__ import annotations

import functools
import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from solver.baseline.greedy import solve_greedy
from solver.checker.check import check
from solver.checker.score import weighted_score
from solver.format.types import Instance, Solution
from solver.format.validate import load_instance
from solver.generate.generator import generate
from solver.solve import solve

# Terms left out of the convenience score: they measure whether meetings are held in time.
TIMELINESS_TERMS = ("unscheduled", "out_of_timescale", "days_late")


@dataclass
class Run:
    """One method on one instance, as judged by the checker."""

    method: str
    status: str = ""
    first_plan_seconds: float | None = None
    seconds: float = 0.0
    score: int | None = None
    bound: int | None = None
    unscheduled: int | None = None
    out_of_timescale: int | None = None
    convenience: int | None = None
    valid: bool = False
    problems: list[str] = field(default_factory=list)
    solution: Solution | None = None
    stages: dict[str, float] = field(default_factory=dict)  # stage → wall seconds
    peak_memory_mb: float | None = None

    @property
    def missed(self) -> int:
        """Meetings not placed: unscheduled or out of timescale (unknown counts as all missed)."""
        if self.unscheduled is None or self.out_of_timescale is None:
            return 10**9
        return self.unscheduled + self.out_of_timescale

    @property
    def gap(self) -> float | None:
        if self.score is None or self.bound is None:
            return None
        return 0.0 if self.score == 0 else max(0.0, (self.score - self.bound) / self.score)


@dataclass
class Row:
    instance: str
    meetings: int
    time_limit: float
    quorum: Run
    greedy: Run
    peak_memory_mb: float = 0.0
    repair: dict | None = None  # figures of a repair row (repair.py)

    @property
    def convenience_ratio(self) -> float | None:
        """Quorum's convenience ÷ greedy's, when Quorum places at least as many meetings.

        Convenience leaves out the timeliness terms, so a plan that places fewer meetings would
        look cheaper for what it leaves out: no ratio then.
        """
        q, g = self.quorum.convenience, self.greedy.convenience
        if q is None or g is None or not g or self.quorum.missed > self.greedy.missed:
            return None
        return q / g

    @property
    def valid(self) -> bool:
        return self.quorum.valid and self.greedy.valid


def convenience(instance: Instance, breakdown: dict[str, int]) -> int:
    return weighted_score(instance, {**breakdown, **dict.fromkeys(TIMELINESS_TERMS, 0)})


def judge(run: Run, instance: Instance, solution: Solution) -> Run:
    """Fill a run's figures from the checker (never from the solver's own claim)."""
    report = check(instance, solution)
    run.solution = solution
    run.status = solution.get("status", "")
    run.score = report.score
    run.bound = solution.get("bound")
    run.unscheduled = report.breakdown.get("unscheduled")
    run.out_of_timescale = report.breakdown.get("out_of_timescale")
    run.convenience = convenience(instance, report.breakdown)
    run.valid = report.valid
    run.problems = [str(v) for v in report.violations] + list(report.problems)
    return run


def run_quorum(
    instance: Instance, time_limit: float, workers: int, seed: int = 0, deterministic: bool = False
) -> Run:
    first: list[float] = []

    def progress(elapsed: float, best: int, bound: int) -> None:
        if not first:
            first.append(elapsed)

    def attempt() -> Run:
        stages: dict[str, float] = {}
        started = time.perf_counter()
        solution = solve(
            instance,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            progress=progress,
            stages=stages,
        )
        run = Run("quorum", seconds=time.perf_counter() - started, stages=stages)
        run.first_plan_seconds = first[0] if first else None
        return judge(run, instance, solution)

    return in_own_process("quorum", attempt)


def run_greedy(instance: Instance) -> Run:
    started = time.perf_counter()
    solution = solve_greedy(instance)
    seconds = time.perf_counter() - started
    return judge(Run("greedy", first_plan_seconds=seconds, seconds=seconds), instance, solution)


def peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the peak of this whole process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_own_process(method: str, attempt: Callable[[], Run]) -> Run:
    """Run `attempt` in a forked child, so that its peak memory is its own and not the peak of
    every instance benched before it; a child that dies (out of memory) is a failed run."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        run = guarded(method, attempt)
        run.peak_memory_mb = peak_memory_mb()
        sender.send(run)

    process = context.Process(target=child)
    process.start()
    sender.close()  # so that the child's death is an end of file here
    try:
        run = receiver.recv()
    except EOFError:
        process.join()
        run = Run(method, problems=[f"{method} died (exit code {process.exitcode})"])
    process.join()
    return run


def guarded(method: str, attempt: Callable[[], Run]) -> Run:
    """A run that crashed becomes a failed row, so the other rows are still measured."""
    try:
        return attempt()
    except Exception as error:  # any crash is a result to report, loudly
        return Run(method, problems=[f"{method} raised {type(error).__name__}: {error}"])


def bench_instance(
    instance: Instance, time_limit: float, workers: int, deterministic: bool = False
) -> Row:
    greedy = guarded("greedy", lambda: run_greedy(instance))
    quorum = guarded(
        "quorum",
        lambda: run_quorum(instance, time_limit, workers, deterministic=deterministic),
    )
    return Row(
        instance=instance["name"],
        meetings=len(instance["meetings"]),
        time_limit=time_limit,
        quorum=quorum,
        greedy=greedy,
        peak_memory_mb=quorum.peak_memory_mb or 0.0,
    )


def instances_to_bench(
    sizes: list[str], files: list[str], seed: int
) -> list[Callable[[], Instance]]:
    """Loaders rather than instances, so that a region-sized instance is built only when run."""
    loaders: list[Callable[[], Instance]] = []
    for size in sizes:
        loaders.append(functools.partial(generate, size, seed))
    for path in files:
        loaders.append(functools.partial(load_instance, path))
    return loaders
