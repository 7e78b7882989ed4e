"""`python -m app.cli …` is `quorum …` (how `quorum serve` starts the scheduler beside it)."""

from app.cli import main

main()
