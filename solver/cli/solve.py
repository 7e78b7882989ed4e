"""`python -m solver solve INSTANCE [-o SOLUTION] [--time-limit S] [--workers N] [--seed K]
[--deterministic]`: validate the instance, solve it, write the solution as JSON.

Exit status: 0 with a solution written (whatever its status); 2 when the instance is invalid,
with every problem on stderr and nothing solved.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from solver.cli.read_instance import read_valid_instance
from solver.solve import solve

EXIT_SOLVED, EXIT_INVALID_INSTANCE = 0, 2
# Reading and validating an instance, per meeting (measured: 0.5–1 ms on the 2-core machine).
READING_SECONDS_PER_MEETING = 1e-3


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "solve",
        help="allocate chair, room and slot to every meeting of an instance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("instance", help="the instance (chairs-instance/1 JSON)")
    parser.add_argument("-o", "--output", help="write the solution here (default: stdout)")
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="seconds to search (default 10)"
    )
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="one worker and a limit in deterministic time: the same plan on every run",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    instance = read_valid_instance(args.instance, "nothing was solved")
    if instance is None:
        return EXIT_INVALID_INSTANCE
    # The limit counts from the start: reading and validating a large instance takes seconds.
    if args.deterministic:  # counted, not timed, so that the plan does not depend on the clock
        reading = READING_SECONDS_PER_MEETING * len(instance["meetings"])
    else:
        reading = time.monotonic() - started
    solution = solve(
        instance,
        time_limit=max(0.1, args.time_limit - reading),
        workers=max(1, args.workers),
        seed=args.seed,
        deterministic=args.deterministic,
    )
    text = json.dumps(solution, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_SOLVED
