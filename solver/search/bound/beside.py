"""The pattern bound (patterns.py) in a process of its own, while the search goes on.

Its pricing is Python, so in a thread it would take turns with the search for the interpreter;
a process runs on the other core instead. It is started from a fresh interpreter ("spawn"),
not forked, because a caller's threads (a web server's, a scheduler's) may hold locks a fork
would copy. It sends each better bound as it proves it, so stopping it early loses nothing
proved; `stop()` reads what has come and ends the process.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from solver.format.types import Instance
from solver.search.bound.patterns import pattern_bounds
from solver.search.problem import read_problem
from solver.search.score import Plan


class BoundBeside:
    def __init__(self, instance: Instance, plan: Plan, seconds: float):
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_prove, args=(instance, plan, seconds, sender), daemon=True
        )
        self._process.start()
        sender.close()  # the child's end: its exit is an end of file here
        self.bound: int | None = None

    def poll(self) -> int | None:
        """The best bound received so far."""
        try:
            while self._receiver.poll():
                value = self._receiver.recv()
                self.bound = value if self.bound is None else max(self.bound, value)
        except (EOFError, OSError):  # the process has ended, with everything it sent read
            pass
        return self.bound

    def stop(self) -> int | None:
        bound = self.poll()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()
        return bound


def _prove(instance: Instance, plan: Plan, seconds: float, sender: Connection) -> None:
    for bound in pattern_bounds(read_problem(instance), plan, seconds):
        sender.send(bound)
    sender.close()
