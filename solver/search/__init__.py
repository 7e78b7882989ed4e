"""The search: the instance read into indexed form, a first plan, ruin-and-recreate, CP-SAT
neighbourhoods and the proved lower bound (docs/solver.md, "How it solves")."""
