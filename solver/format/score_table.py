"""The score's terms and default weights, as the format's table gives them
(docs/exchange-format.md, "Score"). One table, read by the validator, the search and the
independent checker alike: the checker's independence is in how it counts, not in a second copy
of the table's numbers."""

DEFAULT_WEIGHTS: dict[str, int] = {
    "unscheduled": 1_000_000,
    "out_of_timescale": 100_000,
    "days_late": 10_000,
    "continuity": 500,
    "moved_time": 2_000,
    "moved_chair": 1_000,
    "moved_room": 500,
    "portable_kit": 100,
    "optional_absent": 50,
    "margin_days": 20,
    "family_travel": 2,
    "chair_travel": 1,
    "overload": 1,
}
TERMS = tuple(DEFAULT_WEIGHTS)
