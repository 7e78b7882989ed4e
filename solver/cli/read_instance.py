"""What the subcommands share: reading an instance, refusing an invalid one in words."""

import sys

from solver.format.types import Instance
from solver.format.validate import InvalidInstance, load_instance


def read_valid_instance(path: str, consequence: str) -> Instance | None:
    """The instance at `path`, or None after printing every problem (the caller exits 2)."""
    try:
        return load_instance(path)
    except InvalidInstance as error:
        print(f"{path}: the instance is invalid; {consequence}", file=sys.stderr)
        for problem in error.errors:
            print(f"  {problem}", file=sys.stderr)
        return None
