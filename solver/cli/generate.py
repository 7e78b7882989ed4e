"""`python -m solver generate`: a generated instance, or a disrupted one for repair.

python -m solver generate --size county-month [--seed N] [-o FILE]
python -m solver generate --disrupt SOLUTION --from INSTANCE [--seed N] [-o FILE]
python -m solver generate --size county-month --plan PLAN.json   (also write the planted plan)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from solver.cli.read_instance import read_valid_instance
from solver.format.types import Instance, Solution
from solver.generate.disrupt import disrupt
from solver.generate.generator import generate, generate_with_plan
from solver.generate.profiles import SIZES
from solver.generate.stats import plan_statistics


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="generate a realistic instance, or a disrupted one from a solved instance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", choices=SIZES, help="which instance to generate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--disrupt", metavar="SOLUTION", help="a solution of --from INSTANCE")
    parser.add_argument("--from", dest="from_instance", metavar="INSTANCE")
    parser.add_argument("--plan", metavar="FILE", help="also write the planted plan (with --size)")
    parser.add_argument(
        "--stats", action="store_true", help="print the instance's figures to stderr"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.size) == bool(args.disrupt):
        print(
            "generate: give either --size, or --disrupt SOLUTION --from INSTANCE", file=sys.stderr
        )
        return 2
    if args.disrupt:
        return _run_disrupt(args)
    if args.plan:
        instance, plan = generate_with_plan(args.size, args.seed)
        _write(plan, args.plan)
    else:
        instance, plan = generate(args.size, args.seed), None
    if args.stats:
        print(json.dumps(plan_statistics(instance, plan), indent=1), file=sys.stderr)
    _write(instance, args.output)
    return 0


def _run_disrupt(args: argparse.Namespace) -> int:
    if not args.from_instance:
        print("generate: --disrupt needs --from INSTANCE (the instance it solves)", file=sys.stderr)
        return 2
    instance = read_valid_instance(args.from_instance, "nothing was generated")
    if instance is None:
        return 2
    solution = json.loads(Path(args.disrupt).read_text(encoding="utf-8"))
    if solution.get("instance") != instance["name"]:
        print(
            f"generate: {args.disrupt} solves {solution.get('instance')!r}, "
            f"not {instance['name']!r}",
            file=sys.stderr,
        )
        return 2
    _write(disrupt(instance, solution, args.seed), args.output)
    return 0


def _write(document: Instance | Solution, path: str | None) -> None:
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
