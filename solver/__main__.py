"""`python -m solver solve|check|generate|bench`.

Each subcommand lives in its own `cli_*` module, which adds its parser and sets `run`.
"""

import argparse
import sys

from solver import cli_bench, cli_check, cli_generate, cli_solve

SUBCOMMANDS = (cli_solve, cli_check, cli_generate, cli_bench)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solver", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
