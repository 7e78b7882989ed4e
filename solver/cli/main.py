"""`python -m solver solve|check|generate|bench`.

Each subcommand lives in its own module of solver/cli/, which adds its parser and sets `run`.
"""

import argparse

from solver.cli import bench, check, generate, solve

SUBCOMMANDS = (solve, check, generate, bench)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solver", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)
