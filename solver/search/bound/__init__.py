"""The proved lower bound on the score.

- `lower_bound.py`: each meeting's cheapest conceivable booking, and the linear programme over
  chairs' weeks (`lp.py`) where the instance is small enough: at once, before the search.
- `patterns.py`: the week relaxation by column generation, each chair-week one pattern of
  meetings and days out (built on `week_columns.py`), run beside the search (`beside.py`).
All of them rest on the costs no booking can avoid (`least_cost.py`).
"""
