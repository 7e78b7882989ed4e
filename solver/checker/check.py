"""The independent checker: `check(instance, solution) -> CheckReport`.

"Scoring is public" (docs/exchange-format.md): anyone can judge a solution from the two files
alone. This module and its helpers in solver/checker/ are written from the format's text and
share no code with the solver (solve.py, solver/search/), so that a mistake in one is caught by
the other: the invariants are written twice, on purpose.

The instance is assumed valid (callers run `validate_instance` first). Problems with the solution's
own format (its schema, the instance it names) are reported as rule 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from jsonschema import Draft202012Validator

from solver.checker.data import InstanceView, Violation, read_bookings
from solver.checker.rules import hard_rule_violations
from solver.checker.score import TERMS, count_terms, weighted_score
from solver.format.types import Instance, Solution
from solver.format.validate import SCHEMAS, format_path


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    score: int = 0
    breakdown: dict[str, int] = field(default_factory=dict)
    claim_matches: bool = False
    problems: list[str] = field(default_factory=list)  # where the claim differs

    @property
    def valid(self) -> bool:
        return not self.violations and self.claim_matches


@cache
def _solution_validator() -> Draft202012Validator:
    # A path beside this module, not importlib.resources.files("solver"): under pytest the
    # tests/solver folder can shadow the package name, while __file__ is always this file.
    text = (SCHEMAS / "solution.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def check(instance: Instance, solution: Solution) -> CheckReport:
    schema_errors = [
        Violation(0, None, f"solution.{format_path(e.absolute_path)}: {e.message}")
        for e in _solution_validator().iter_errors(solution)
    ]
    if schema_errors:
        unreadable = "the solution does not follow chairs-solution/1, so its claim was not checked"
        return CheckReport(violations=schema_errors, problems=[unreadable])
    view = InstanceView(instance)
    bookings = read_bookings(view, solution)
    violations = format_violations(instance, solution)
    violations += hard_rule_violations(view, solution, bookings)
    breakdown = count_terms(view, bookings)
    score = weighted_score(instance, breakdown)
    problems = claim_problems(solution, score, breakdown)
    return CheckReport(violations, score, breakdown, not problems, problems)


def format_violations(instance: Instance, solution: Solution) -> list[Violation]:
    violations = []
    if solution["instance"] != instance["name"]:
        message = f"the solution is for instance {solution['instance']!r}, not {instance['name']!r}"
        violations.append(Violation(0, None, message))
    if solution["status"] == "UNKNOWN":
        # Spec, Solution: with UNKNOWN, pinned meetings as their current, every other unscheduled.
        pinned = {m["id"] for m in instance["meetings"] if m.get("pinned")}
        for assignment in solution["assignments"]:
            if assignment["meeting"] not in pinned:
                message = "status UNKNOWN, yet this unpinned meeting is assigned"
                violations.append(Violation(0, assignment["meeting"], message))
    return violations


def claim_problems(solution: Solution, score: int, breakdown: dict[str, int]) -> list[str]:
    """Where the solution's own score and breakdown differ from the recomputation."""
    problems = []
    if solution["score"] != score:
        problems.append(
            f"score: the solution claims {solution['score']}, the checker finds {score}"
        )
    claimed = solution["breakdown"]
    for term in TERMS:
        if term not in claimed:
            problems.append(f"breakdown.{term}: missing (the checker counts {breakdown[term]})")
        elif claimed[term] != breakdown[term]:
            problems.append(
                f"breakdown.{term}: the solution claims {claimed[term]}, "
                f"the checker counts {breakdown[term]}"
            )
    for term in sorted(claimed.keys() - set(TERMS)):
        problems.append(f"breakdown.{term}: is not a score term")
    return problems
