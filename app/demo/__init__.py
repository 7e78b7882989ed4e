"""The demo county: a fictional Independent Reviewing Service on real Lincolnshire geography,
loaded by `quorum demo load|ensure`. Production code never imports this package."""
