"""What a CP-SAT model of a neighbourhood is built on: the model, the starting plan as its
solution hint, its objective terms, the fixed bookings and each free meeting's variables.

cp.py builds the meetings, resources and costs on it; travel.py adds the chair-day routes
through it. Both import this module and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.search.occupancy import Occupancy
from solver.search.problem import Meeting, Placement, Problem
from solver.search.score import Plan


@dataclass
class FreeMeeting:
    """One meeting's variables in the model, and where the starting plan had it."""

    meeting: Meeting
    was: Placement | None
    sched: cp_model.IntVar
    start: cp_model.IntVar
    options: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)  # (c, d) → a
    bounds: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # first, last
    chair_lits: dict[int, cp_model.IntVar] = field(default_factory=dict)
    room_lits: dict[int, cp_model.IntVar] = field(default_factory=dict)
    loc_lits: dict[int, cp_model.IntVar] = field(default_factory=dict)  # room locality → lit


class ModelBase:
    """An empty model around the fixed bookings (every meeting of `plan` not in `free`)."""

    def __init__(self, problem: Problem, plan: Plan, free: list[int]):
        self.problem = problem
        self.model = cp_model.CpModel()
        self.hint: dict[int, int] = {}  # variable index → value in the starting plan
        self.objective: list[tuple[int, cp_model.LinearExprT]] = []
        free_set = set(free)
        self.fixed = Occupancy(problem, {m: p for m, p in plan.items() if m not in free_set})
        self.free: dict[int, FreeMeeting] = {}

    def new_bool(self, name: str, hint: bool) -> cp_model.IntVar:
        var = self.model.new_bool_var(name)
        self.hint[var.index] = int(hint)
        return var

    def new_int(self, lo: int, hi: int, name: str, hint: int) -> cp_model.IntVar:
        var = self.model.new_int_var(lo, hi, name)
        self.hint[var.index] = hint
        return var

    def cost(self, weight_name: str, expr: cp_model.LinearExprT, count: int = 1) -> None:
        weight = self.problem.weights[weight_name] * count
        if weight:
            self.objective.append((weight, expr))
