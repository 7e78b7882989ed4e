"""Plan runs: a solve of all open requests, its proposal for review, and confirming it."""
