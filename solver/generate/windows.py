"""Statutory windows around a planted day (docs/meeting-types-and-timescales.md).

The planted day always lies in [earliest, latest], so the planted plan is in time. Windows are
built as the app would from a trigger: an ICPC from its strategy discussion (+5 to +15 working
days), a review from its due date (latest − 20 working days to latest). The safe date
`preferred_latest` leaves five working days for a rearrangement.
"""

from __future__ import annotations

import random
from datetime import date

from solver.generate.calendar import WorkingCalendar

ICPC_EARLIEST = 5  # working days after the strategy discussion (reports can be shared)
ICPC_LATEST = 15  # statutory guidance
REVIEW_WINDOW = 20  # default earliest = latest − 20 working days
SAFETY_MARGIN = 5
# How far past the planted day a review's due date may be: most reviews are booked within a
# fortnight of being due, a few right on the day.
REVIEW_SLACK = 12


def window_for(kind: str, planted: date, calendar: WorkingCalendar, rng: random.Random) -> dict:
    if kind in ("ICPC", "PREBIRTH_ICPC"):
        trigger = calendar.shift(planted, -rng.randint(ICPC_EARLIEST, ICPC_LATEST))
        earliest = calendar.shift(trigger, ICPC_EARLIEST)
        latest = calendar.shift(trigger, ICPC_LATEST)
    else:
        slack = min(rng.randint(0, REVIEW_SLACK), rng.randint(0, REVIEW_SLACK))
        latest = calendar.shift(planted, slack)
        earliest = calendar.shift(latest, -REVIEW_WINDOW)
    preferred = calendar.shift(latest, -SAFETY_MARGIN)
    assert earliest <= planted <= latest
    return {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
        "preferred_latest": max(preferred, earliest).isoformat(),
    }
