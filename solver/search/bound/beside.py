"""The pattern bound (patterns.py) in a process of its own, while the search goes on.

Its pricing is Python, so in a thread it would take turns with the search for the interpreter;
a process runs on the other core instead. It is a fresh interpreter running this module
(`python -m solver.search.bound.beside`), not a fork of the caller (whose threads, a web
server's or a scheduler's, may hold locks a fork would copy) nor a multiprocessing child (which
would import the caller's main module again). The instance and the plan go in as JSON on its
standard input; each better bound it proves comes back as a line on its standard output, so
stopping it early loses nothing proved.

Once the bound has converged (or half its time has gone), it also sends *guidance*: where the
relaxation, with whole meetings, would hold each one (its chair and week). The search starts
again from a plan built that way when that plan is about as good as its own (solve.py): the
relaxation sees the whole month's capacity at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

from solver.format.types import Instance
from solver.search.bound.patterns import PatternBound, small_enough
from solver.search.insert import Guide
from solver.search.problem import Placement, read_problem
from solver.search.score import Plan

# The guidance comes after the bound has converged or this share of the time has gone, and its
# whole-pattern choice gets at most GUIDE_SECONDS.
GUIDE_AT = 0.5
GUIDE_SECONDS = 5.0


class BoundBeside:
    def __init__(self, instance: Instance, plan: Plan, seconds: float):
        self._process = subprocess.Popen(
            [sys.executable, "-m", "solver.search.bound.beside"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        placements = [[m, p.start, p.chair, p.room] for m, p in plan.items()]
        request = json.dumps({"instance": instance, "plan": placements, "seconds": seconds})
        self.bounds: list[int] = []
        self._guidance: dict[int, Guide] | None = None
        self._guidance_taken = False
        # The request is written from the thread too: the child reads it only once it has
        # started, and the search need not wait for that.
        self._reader = threading.Thread(
            target=self._talk, args=(request,), name="bound beside", daemon=True
        )
        self._reader.start()

    def _talk(self, request: str) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(request)
            self._process.stdin.close()
        except (BrokenPipeError, ValueError):  # it died or was stopped first: nothing proved
            return
        self._read()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:  # to its end: what it printed before it stopped
            kind, _, text = line.partition(" ")
            if kind == "bound":
                self.bounds.append(int(text))
            elif kind == "guide":
                self._guidance = {
                    m: (chair, (year, week)) for m, chair, year, week in json.loads(text)
                }

    def guidance(self) -> dict[int, Guide] | None:
        """The guidance, once, when it has come."""
        if self._guidance is None or self._guidance_taken:
            return None
        self._guidance_taken = True
        return self._guidance

    def stop(self) -> int | None:
        """The best bound it proved; the process is ended if it is still working."""
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        self._reader.join()
        assert self._process.stdout is not None
        self._process.stdout.close()
        return max(self.bounds, default=None)


def main() -> None:
    request = json.load(sys.stdin)
    started, seconds = time.monotonic(), request["seconds"]
    plan = {m: Placement(start, chair, room) for m, start, chair, room in request["plan"]}
    problem = read_problem(request["instance"])
    if not small_enough(problem):
        return
    bound = PatternBound(problem, plan)
    for value in bound.improving(GUIDE_AT * seconds - (time.monotonic() - started)):
        print("bound", value, flush=True)
    guidance = bound.guidance(GUIDE_SECONDS)
    placements = [[m, chair, *week] for m, (chair, week) in sorted(guidance.items())]
    print("guide", json.dumps(placements), flush=True)
    for value in bound.improving(seconds - (time.monotonic() - started)):
        print("bound", value, flush=True)


if __name__ == "__main__":
    main()
