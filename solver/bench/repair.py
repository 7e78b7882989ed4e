"""The repair row: disrupt a solved county month, then repair it.

Figures: time to the repaired plan (the first progress callback), the meetings that *had to
move*, the meetings moved in total, and the late ones. A meeting had to move when its current
booking no longer stands under the new instance: the checker, given the `current` bookings as a
solution, finds a broken hard rule for it (a sick chair, a closed room, a window a court moved),
or keeping it would hold it after its (new) `latest`. Urgent new meetings have no booking and
are counted apart.
"""

from __future__ import annotations

from datetime import date

from solver.bench.measure import Row, Run, guarded, run_greedy, run_quorum
from solver.checker.check import check
from solver.format.types import Assignment, Instance, Solution, Unscheduled
from solver.generate.disrupt import disrupt
from solver.generate.generator import generate_with_plan
from solver.generate.plan import clock_of, minutes_of

REPAIR_BASE_SIZE = "county-month"


def current_bookings_as_solution(instance: Instance) -> Solution:
    """What attendees already have in their calendars, written as a solution of `instance`."""
    assignments: list[Assignment] = []
    unscheduled: list[Unscheduled] = []
    for meeting in instance["meetings"]:
        current = meeting.get("current")
        if current is None:
            unscheduled.append({"meeting": meeting["id"], "reasons": ["not booked yet"]})
            continue
        end = minutes_of(current["start"]) + meeting["duration_minutes"]
        assignments.append(
            {
                "meeting": meeting["id"],
                "day": current["day"],
                "start": current["start"],
                "end": clock_of(end),
                "chair": current["chair"],
                "room": current["room"],
            }
        )
    return {
        "format": "chairs-solution/1",
        "instance": instance["name"],
        "status": "FEASIBLE",
        "score": 0,
        "assignments": assignments,
        "unscheduled": unscheduled,
        "breakdown": {},
    }


def meetings_that_must_move(instance: Instance) -> dict[str, set[str]]:
    """Booked, unpinned meetings whose current booking breaks a hard rule, or would be late."""
    report = check(instance, current_bookings_as_solution(instance))
    pinned = {m["id"] for m in instance["meetings"] if m.get("pinned")}
    broken = {v.meeting for v in report.violations if v.meeting and v.meeting not in pinned}
    late = {
        m["id"]
        for m in instance["meetings"]
        if "current" in m
        and m["id"] not in pinned
        and date.fromisoformat(m["current"]["day"]) > date.fromisoformat(m["latest"])
    }
    return {"broken": broken, "late_if_kept": late - broken}


def moved_meetings(instance: Instance, solution: Solution) -> set[str]:
    """Booked meetings whose day, start, chair or room changed (or that were dropped)."""
    placed = {a["meeting"]: a for a in solution["assignments"]}
    moved = set()
    for meeting in instance["meetings"]:
        current = meeting.get("current")
        if current is None:
            continue
        new = placed.get(meeting["id"])
        if new is None or any(new[k] != current[k] for k in ("day", "start", "chair", "room")):
            moved.add(meeting["id"])
    return moved


def base_plan(
    time_limit: float, workers: int, seed: int, deterministic: bool = False
) -> tuple[Instance, Solution, str]:
    """A solved county month: Quorum's plan, or the planted one if Quorum's is incomplete.

    A repair starts from a plan that books every meeting; a base plan with gaps (a short limit)
    would leave meetings without a booking to keep, and the move figures would mean little.
    """
    instance, planted = generate_with_plan(REPAIR_BASE_SIZE, seed)
    run = run_quorum(instance, time_limit, workers, deterministic=deterministic)
    if run.solution is not None and run.valid and not run.unscheduled:
        return instance, run.solution, "quorum"
    return instance, planted, "planted"


def bench_repair(
    time_limit: float, workers: int, seed: int = 0, deterministic: bool = False
) -> Row:
    base, solution, source = base_plan(time_limit, workers, seed, deterministic)
    instance = disrupt(base, solution, seed)
    must_move = meetings_that_must_move(instance)
    quorum = guarded(
        "quorum",
        lambda: run_quorum(instance, time_limit, workers, deterministic=deterministic),
    )
    greedy = guarded("greedy", lambda: run_greedy(instance))
    row = Row(
        instance=instance["name"],
        meetings=len(instance["meetings"]),
        time_limit=time_limit,
        quorum=quorum,
        greedy=greedy,
        peak_memory_mb=quorum.peak_memory_mb or 0.0,
    )
    row.repair = {
        "base_plan": source,
        "broken": len(must_move["broken"]),
        "late_if_kept": len(must_move["late_if_kept"]),
        "had_to_move": len(must_move["broken"]) + len(must_move["late_if_kept"]),
        "new": sum("current" not in m for m in instance["meetings"]),
        "moved": _moved_count(instance, quorum),
        "greedy_moved": _moved_count(instance, greedy),
    }
    return row


def _moved_count(instance: Instance, run: Run) -> int | None:
    return None if run.solution is None else len(moved_meetings(instance, run.solution))
