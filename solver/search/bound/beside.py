"""The pattern bound (patterns.py) in a process of its own, while the search goes on.

Its pricing is Python, so in a thread it would take turns with the search for the interpreter;
a process runs on the other core instead. It is a fresh interpreter running this module
(`python -m solver.search.bound.beside`), not a fork of the caller (whose threads, a web
server's or a scheduler's, may hold locks a fork would copy) nor a multiprocessing child (which
would import the caller's main module again). The instance and the plan go in as JSON on its
standard input; each better bound it proves comes back as a line on its standard output, so
stopping it early loses nothing proved.
"""

from __future__ import annotations

import json
import subprocess
import sys

from solver.format.types import Instance
from solver.search.bound.patterns import pattern_bounds
from solver.search.problem import Placement, read_problem
from solver.search.score import Plan


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
        request = {"instance": instance, "plan": placements, "seconds": seconds}
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(request))
            self._process.stdin.close()
        except BrokenPipeError:  # it died at once: stop() finds nothing proved
            pass

    def stop(self) -> int | None:
        """The best bound it proved; the process is ended if it is still working."""
        if self._process.poll() is None:
            self._process.terminate()
        assert self._process.stdout is not None
        output = self._process.stdout.read()  # to its end: what it printed before it stopped
        self._process.stdout.close()
        self._process.wait()
        bounds = [int(line) for line in output.split() if line.lstrip("-").isdigit()]
        return max(bounds, default=None)


def main() -> None:
    request = json.load(sys.stdin)
    plan = {m: Placement(start, chair, room) for m, start, chair, room in request["plan"]}
    problem = read_problem(request["instance"])
    for bound in pattern_bounds(problem, plan, request["seconds"]):
        print(bound, flush=True)


if __name__ == "__main__":
    main()
