"""The week relaxation's bound by column generation: each chair-week takes one *pattern*.

The week relaxation is the plan without the time of day (week_columns.py has its options).
Stated as one MIP over options and whole days out, its linear relaxation lets a chair take a
third of a far-away meeting for a third of a round trip, and a MIP solver needs far longer than
a solve has to branch that away. Here a chair-week's choice is a whole pattern instead: the
meetings it holds that week (each at a locality), within its weekly minutes and meetings,
costing their own terms plus the round trips its days out need (physical meetings from the
farthest down, `max_meetings_per_day` to a day: the least any grouping into days costs). The
master linear programme picks patterns: each meeting once, at most one pattern per chair-week,
and overload as minutes(c) − T × f(c) / Σf, at most what the score charges since fair shares
round down. Pricing finds each chair-week's cheapest pattern at the master's prices by dynamic
programming over (minutes, place in the day's trip).

Why it is a bound: any plan gives each chair-week a pattern, so it is a feasible point of the
master with all patterns, where the objective is at most its score. At any step, the master
over the patterns found so far plus, for each chair-week, its cheapest pattern's reduced cost
(one pattern each) is at most the full master's optimum (Lasdon); the best of these over the
steps is the bound. Patterns may repeat a meeting at two localities: allowing more patterns
only lowers the bound.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.search.bound.least_cost import shortest_paths
from solver.search.bound.week_columns import (
    Column,
    Week,
    columns_worth_having,
    meetings_left,
    minutes_left,
    pinned_cost,
    working_days,
)
from solver.search.problem import Problem
from solver.search.score import Plan, score

# (meeting, chair, week, room) options: a county month has about 79,000 and converges in about
# 9 s of one core; a metro month's 900,000 take the pricing longer than a solve has.
MAX_OPTIONS = 150_000
EPSILON = 1e-6


@dataclass(frozen=True)
class Pattern:
    chair: int
    week: Week
    items: tuple[int, ...]  # indices into the column list
    cost: float
    minutes: int


class PatternBound:
    def __init__(self, problem: Problem, plan: Plan):
        self.problem = problem
        # Minutes are counted in the largest unit dividing every duration and weekly limit, so
        # that the pricing's knapsack is exact (a rounded one could miss a cheaper pattern).
        self.unit = math.gcd(
            *(m.duration for m in problem.meetings), *(c.max_week_minutes for c in problem.chairs)
        )
        self.incumbent = score(problem, plan)
        self.columns = columns_worth_having(problem, self.incumbent)
        self.metric = shortest_paths(problem)
        self.by_chair_week: dict[tuple[int, Week], list[int]] = defaultdict(list)
        for k, col in enumerate(self.columns):
            self.by_chair_week[(col.chair, col.week)].append(k)
        # Each chair-week's room, in units and meetings, less what is pinned: worked out once,
        # as pricing asks for it every round.
        self.room = {
            (c, week): (
                int(minutes_left(problem, c, week)) // self.unit,
                int(meetings_left(problem, c, week, working_days(problem, c, week))),
            )
            for c, week in self.by_chair_week
        }
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.meeting_rows: dict[int, pywraplp.Constraint] = {}
        self.week_rows: dict[tuple[int, Week], pywraplp.Constraint] = {}
        self.minutes_rows: dict[int, pywraplp.Constraint] = {}
        self.seen: set[tuple[int, Week, tuple[int, ...]]] = set()
        self.patterns: list[Pattern] = []
        self._master(plan)

    # --- the master programme
    def _master(self, plan: Plan) -> None:
        lp, problem = self.lp, self.problem
        objective = lp.Objective()
        objective.SetMinimization()
        for m in problem.meetings:
            if m.pinned:
                continue
            row = self.meeting_rows[m.idx] = lp.Constraint(1, 1)
            left_out = lp.NumVar(0, 1, "")
            row.SetCoefficient(left_out, 1)
            # Leaving a meeting out costs far more than the incumbent, so charging only the
            # incumbent still bounds every plan that could beat it, and keeps the prices sane.
            objective.SetCoefficient(left_out, min(problem.weights["unscheduled"], self.incumbent))
        for key in self.by_chair_week:
            self.week_rows[key] = lp.Constraint(-lp.infinity(), 1)
        self._overload_rows()
        for pattern in self._plan_patterns(plan):
            self._add(pattern)
        for pattern in self._singletons():
            self._add(pattern)

    def _overload_rows(self) -> None:
        lp, problem = self.lp, self.problem
        pool = [c.idx for c in problem.chairs if "chair" in c.roles]
        shares = sum(problem.chairs[c].share for c in pool)
        if not shares:
            return
        pinned: dict[int, int] = defaultdict(int)
        for m in problem.meetings:
            if m.pinned and m.current is not None:
                pinned[m.current.chair] += m.duration
        minutes = {c: lp.NumVar(0, lp.infinity(), "") for c in pool}
        for c in pool:  # minutes(c) − Σ patterns' minutes = pinned minutes
            row = self.minutes_rows[c] = lp.Constraint(pinned[c], pinned[c])
            row.SetCoefficient(minutes[c], 1)
        for c in pool:
            over = lp.NumVar(0, lp.infinity(), "")
            lp.Objective().SetCoefficient(over, problem.weights["overload"])
            row = lp.Constraint(-lp.infinity(), 0)
            row.SetCoefficient(over, -1)
            fraction = problem.chairs[c].share / shares
            for p in pool:
                row.SetCoefficient(minutes[p], (1 if p == c else 0) - fraction)

    def _plan_patterns(self, plan: Plan) -> list[Pattern]:
        index = {
            (col.meeting, col.chair, col.week, col.where): k for k, col in enumerate(self.columns)
        }
        held: dict[tuple[int, Week], list[int]] = defaultdict(list)
        for m, placed in plan.items():
            meeting = self.problem.meetings[m]
            week = self.problem.week_of(placed.day)
            key = (m, placed.chair, week, self.problem.location(meeting, placed.room))
            if key in index:
                held[(placed.chair, week)].append(index[key])
        return [self._pattern(c, week, tuple(items)) for (c, week), items in held.items()]

    def _singletons(self) -> list[Pattern]:
        """Each meeting alone with each chair, at its cheapest week and place: prices that start
        near where they end up, so the first rounds are not spent on leaving meetings out."""
        cheapest: dict[tuple[int, int], int] = {}
        for k, col in enumerate(self.columns):
            key = (col.meeting, col.chair)
            best = cheapest.get(key)
            if best is None or self._alone(k) < self._alone(best):
                cheapest[key] = k
        return [
            self._pattern(self.columns[k].chair, self.columns[k].week, (k,))
            for k in cheapest.values()
        ]

    def _alone(self, k: int) -> int:
        col = self.columns[k]
        return col.cost + self._round_trip(col.chair, col)

    def _pattern(self, c: int, week: Week, items: tuple[int, ...]) -> Pattern:
        cost = sum(self.columns[k].cost for k in items) + self._trips(c, items)
        minutes = sum(self.problem.meetings[self.columns[k].meeting].duration for k in items)
        return Pattern(c, week, tuple(sorted(items)), cost, minutes)

    def _round_trip(self, c: int, col: Column) -> int:
        if col.where is None:
            return 0
        base = self.problem.chairs[c].base
        return self.metric[base][col.where] + self.metric[col.where][base]

    def _trips(self, c: int, items: tuple[int, ...]) -> int:
        """Days out, farthest first, `max_meetings_per_day` to a day: each costs its farthest."""
        per_day = self.problem.chairs[c].max_per_day
        trips = sorted((self._round_trip(c, self.columns[k]) for k in items), reverse=True)
        trips = [r for r in trips if r > 0]
        return sum(trips[::per_day])

    def _add(self, pattern: Pattern) -> None:
        key = (pattern.chair, pattern.week, pattern.items)
        if key in self.seen:
            return
        self.seen.add(key)
        self.patterns.append(pattern)
        var = self.lp.NumVar(0, self.lp.infinity(), "")  # its week row bounds it, and prices it
        self.lp.Objective().SetCoefficient(var, pattern.cost)
        self.week_rows[(pattern.chair, pattern.week)].SetCoefficient(var, 1)
        for k in pattern.items:
            row = self.meeting_rows[self.columns[k].meeting]
            row.SetCoefficient(var, row.GetCoefficient(var) + 1)
        if pattern.chair in self.minutes_rows:
            self.minutes_rows[pattern.chair].SetCoefficient(var, -pattern.minutes)

    # --- pricing
    def _cheapest(self, c: int, week: Week) -> tuple[float, tuple[int, ...]]:
        """The chair-week's pattern of least reduced cost (before its own row's price)."""
        problem, chair = self.problem, self.problem.chairs[c]
        price_minute = -self.prices.get(("minutes", c), 0.0)
        items = []
        for k in self.by_chair_week[(c, week)]:
            col = self.columns[k]
            duration = problem.meetings[col.meeting].duration
            value = col.cost - self.prices[("meeting", col.meeting)]
            value -= price_minute * duration
            if value < -EPSILON:  # an item worth nothing only adds minutes and trips
                items.append((self._round_trip(c, col), value, duration // self.unit, k))
        if not items:
            return 0.0, ()
        capacity, most = self.room[(c, week)]
        per_day = chair.max_per_day
        counted = most < capacity // min(units for _, _, units, _ in items)
        items.sort(key=lambda item: -item[0])  # farthest first: each day's first is its farthest
        # (units used, meetings out so far mod per_day, meetings if the count can bind)
        states: dict[tuple[int, int, int], tuple[float, tuple[int, ...]]] = {(0, 0, 0): (0.0, ())}
        for trip, value, units, k in items:
            for (used, away, count), (cost, chosen) in list(states.items()):
                if used + units > capacity or (counted and count + 1 > most):
                    continue
                if trip > 0:
                    new = cost + value + (trip if away == 0 else 0)
                    key = (used + units, (away + 1) % per_day, count + counted)
                else:
                    new = cost + value
                    key = (used + units, away, count + counted)
                if key not in states or new < states[key][0]:
                    states[key] = (new, (*chosen, k))
        return min(states.values(), key=lambda state: state[0])

    def _read_prices(self) -> None:
        self.prices: dict[tuple, float] = {}
        for m, row in self.meeting_rows.items():
            self.prices[("meeting", m)] = row.dual_value()
        for (c, week), row in self.week_rows.items():
            self.prices[("week", c, week)] = row.dual_value()
        for c, row in self.minutes_rows.items():
            self.prices[("minutes", c)] = row.dual_value()

    def improving(self, seconds: float) -> Iterator[int]:
        """Each better bound proved, for about `seconds` or until the master is solved."""
        started = time.monotonic()
        best = -math.inf
        while time.monotonic() - started < seconds:
            status = self.lp.Solve()
            if status == pywraplp.Solver.ABNORMAL:  # GLOP lost its warm start: start afresh
                fresh = pywraplp.MPSolverParameters()
                fresh.SetIntegerParam(fresh.INCREMENTALITY, fresh.INCREMENTALITY_OFF)
                status = self.lp.Solve(fresh)
            if status != pywraplp.Solver.OPTIMAL:
                return
            master = self.lp.Objective().Value()
            self._read_prices()
            cheapest = []
            for c, week in self.week_rows:
                reduced, items = self._cheapest(c, week)
                reduced -= self.prices[("week", c, week)]
                if reduced < -EPSILON and items:
                    cheapest.append((reduced, c, week, items))
            proved = master + sum(reduced for reduced, *_ in cheapest)
            # The score is an integer at least the bound, so at least its ceiling; GLOP works
            # in floating point, so step back well beyond its tolerances first.
            ceiling = math.ceil(proved - 1e-4 * max(1.0, abs(proved)))
            bound = min(self.incumbent, pinned_cost(self.problem) + ceiling)
            if bound > best:
                best = bound
                yield bound
            if not cheapest:
                return
            for _, c, week, items in cheapest:  # the prices are stale once the master changes
                self._add(self._pattern(c, week, items))

    def guidance(self, seconds: float) -> dict[int, tuple[int, Week]]:
        """Meeting → (chair, week) from the best choice of whole patterns found in `seconds`
        (one per chair-week, each meeting in one): where the relaxation would hold it, which
        the search takes as a place to start from (solve.py). Empty if none is found.
        CP-SAT (one worker) solves this set partitioning on a county month in a few seconds."""
        model = cp_model.CpModel()
        covers: dict[int, list] = defaultdict(list)
        per_week: dict[tuple[int, Week], list] = defaultdict(list)
        chosen, costs = [], []
        for pattern in self.patterns:
            meetings = [self.columns[k].meeting for k in pattern.items]
            if len(set(meetings)) < len(meetings):
                continue  # a meeting twice: no whole choice holds it
            var = model.new_bool_var("")
            costs.append(round(pattern.cost) * var)
            per_week[(pattern.chair, pattern.week)].append(var)
            for m in meetings:
                covers[m].append(var)
            chosen.append((var, pattern))
        left_out = min(self.problem.weights["unscheduled"], self.incumbent)
        for m in self.meeting_rows:
            var = model.new_bool_var("")
            costs.append(left_out * var)
            model.add_exactly_one([var, *covers[m]])
        for variables in per_week.values():
            model.add_at_most_one(variables)
        model.minimize(sum(costs))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return {}
        return {
            self.columns[k].meeting: (pattern.chair, pattern.week)
            for var, pattern in chosen
            if solver.value(var)
            for k in pattern.items
        }


def small_enough(problem: Problem) -> bool:
    weeks = len({problem.week_of(d) for d in problem.days})
    options = sum(len(m.chairs) * weeks * max(1, len(m.rooms)) for m in problem.meetings)
    return options <= MAX_OPTIONS
