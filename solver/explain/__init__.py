"""Explanations for people: why a meeting is unscheduled, what would make it possible, and the
best times for one meeting (find times)."""
