"""Rearrangements after a change (a court date, a sickness...), their repairs, and their
history."""
