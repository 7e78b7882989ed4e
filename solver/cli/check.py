"""`python -m solver check INSTANCE SOLUTION`: judge a solution independently of the solver.

Exit status: 0 when the solution keeps every hard rule and its claimed score and breakdown equal
the recomputation; 1 when it breaks a rule or its claim differs; 2 when the instance is invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from solver.checker.check import CheckReport, check
from solver.checker.score import TERMS, weights_for
from solver.cli.read_instance import read_valid_instance
from solver.format.types import Instance

EXIT_VALID, EXIT_INVALID_SOLUTION, EXIT_INVALID_INSTANCE = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check a solution against its instance and recompute its score",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("instance", help="the instance (chairs-instance/1 JSON)")
    parser.add_argument("solution", help="the solution (chairs-solution/1 JSON)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    instance = read_valid_instance(args.instance, "nothing was checked")
    if instance is None:
        return EXIT_INVALID_INSTANCE
    try:
        solution = json.loads(Path(args.solution).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{args.solution}: cannot be read as JSON ({error})", file=sys.stderr)
        return EXIT_INVALID_SOLUTION
    report = check(instance, solution)
    print(render(instance, report))
    return EXIT_VALID if report.valid else EXIT_INVALID_SOLUTION


def render(instance: Instance, report: CheckReport) -> str:
    lines = [str(violation) for violation in report.violations]
    if not report.violations:
        lines.append("every hard rule holds")
    weights = weights_for(instance)
    lines.append(f"score (recomputed): {report.score}")
    for term in TERMS:
        count = report.breakdown.get(term, 0)
        lines.append(f"  {term:<17} {count:>8} × {weights[term]:>9} = {count * weights[term]}")
    if report.claim_matches:
        lines.append("claim: matches the recomputation")
    else:
        lines.append("claim: DIFFERS from the recomputation")
        lines.extend(f"  {problem}" for problem in report.problems)
    lines.append("VALID" if report.valid else "INVALID")
    return "\n".join(lines)
