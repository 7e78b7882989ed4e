"""`python -m solver ...` runs the command line (solver/cli/main.py)."""

import sys

from solver.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
