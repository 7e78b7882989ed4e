"""Background work, in its own process (`quorum scheduler`), never in a web worker: the process
(process), the guard that keeps it to one per database (guard), and the sweeps it runs (jobs)."""
