"""The demo's meeting histories: each case's chain of meetings held in the past year (pure).

A chain is built backwards from the next meeting due, so the meetings held last year lead, by
the statutory cadence, to the window of the request the service has open this month. Each held
meeting's window comes from `app.timescales.window` with the previous meeting as its trigger, so
the reports see real windows; a few meetings are held after their window (out of timescale).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.timescales import Window, WorkingCalendar, add_months, window

CALENDAR = WorkingCalendar()
# Months from the trigger to the deadline, by (type, place in the chain); None: working days.
_CADENCE_MONTHS = {
    ("CIC_REVIEW", "second"): 3,
    ("CIC_REVIEW", "subsequent"): 6,
    ("RCPC", "first"): 3,
    ("RCPC", "second"): 6,
    ("RCPC", "subsequent"): 6,
    ("STB_REVIEW", "first"): 3,
    ("STB_REVIEW", "second"): 6,
    ("STB_REVIEW", "subsequent"): 6,
    ("SECURE_REVIEW", "first"): 1,
    ("SECURE_REVIEW", "second"): 3,
    ("SECURE_REVIEW", "subsequent"): 3,
}
# Working days from the trigger to the deadline, for the meetings counted in working days.
_WORKING_DAYS = {("CIC_REVIEW", "first"): 20, ("ICPC", "first"): 15, ("PREBIRTH_ICPC", "first"): 15}
LATE_SHARE = 0.03
# (why, who agreed it): a team manager, or the chair with the social care manager.
LATE_REASONS = (
    ("The parent was in hospital on the planned day.", "team manager"),
    ("The chair was off sick and no other chair knew the family.", "team manager"),
    ("The interpreter could not attend.", "chair with the social care manager"),
    ("Agency reports were not shared in time.", "team manager"),
)


@dataclass(frozen=True)
class Step:
    """One meeting in a chain: its type, place, trigger, window and (when held) its day."""

    meeting_type: str
    sequence: str
    trigger: date
    window: Window
    held: date | None = None
    late: tuple[str, str] | None = None  # (reason, who agreed it) when held out of timescale


def older_steps(kind: str, newest: tuple[str, str], rng: random.Random) -> list[tuple[str, str]]:
    """(type, sequence) of the meetings before `newest`, newest first, back to the chain's start.

    Most chains are long (children in care for years, plans reviewed many times); a few started
    recently, so their first meetings fall within the year.
    """
    meeting_type, sequence = newest
    if kind == "cp":
        if sequence == "first":
            return [("ICPC", "first")]
        reviews = rng.choice((1, 2, 3, 6))
        return [("RCPC", "subsequent")] * reviews + [("RCPC", "first"), ("ICPC", "first")]
    if sequence == "first":
        return []
    if sequence == "second":
        return [(meeting_type, "first")]
    return [(meeting_type, "subsequent")] * rng.choice((2, 3, 8)) + [(meeting_type, "first")]


def trigger_before(due: date, meeting_type: str, sequence: str) -> date:
    """The trigger (the previous meeting, usually) that makes a meeting due by about `due`."""
    months = _CADENCE_MONTHS.get((meeting_type, sequence))
    if months is not None:
        day = add_months(due, -months)
    else:
        count = _WORKING_DAYS.get((meeting_type, sequence), 15)
        day = CALENDAR.subtract_working_days(CALENDAR.latest_working_day(due), count)
    return CALENDAR.latest_working_day(day)


def held_chain(
    kind: str, newest: tuple[str, str], newest_trigger: date, since: date, rng: random.Random
) -> list[Step]:
    """The meetings held since `since` that lead to the newest (open or next) meeting.

    `newest_trigger` is the newest meeting's trigger, i.e. the day the last of these was held.
    Returned oldest first; empty when the chain starts with the newest meeting.
    """
    steps: list[Step] = []
    held = newest_trigger
    for meeting_type, sequence in older_steps(kind, newest, rng):
        if held < since:
            break
        late = rng.random() < LATE_SHARE
        trigger = _trigger_of_held(held, meeting_type, sequence, late, rng)
        span = window(meeting_type, trigger, sequence=sequence)
        reason = rng.choice(LATE_REASONS) if held > span.latest else None
        steps.append(Step(meeting_type, sequence, trigger, span, held, reason))
        held = trigger
        if meeting_type == "ICPC" or sequence == "first":
            break  # an ICPC's trigger is a strategy discussion, a first review's an event
    return list(reversed(steps))


def _trigger_of_held(
    held: date, meeting_type: str, sequence: str, late: bool, rng: random.Random
) -> date:
    if meeting_type in ("ICPC", "PREBIRTH_ICPC"):
        count = rng.randint(5, 15) if not late else rng.randint(17, 22)
        return CALENDAR.subtract_working_days(held, count)
    if (meeting_type, sequence) == ("CIC_REVIEW", "first"):
        count = rng.randint(8, 20) if not late else rng.randint(22, 26)
        return CALENDAR.subtract_working_days(held, count)
    # Held a little before the deadline; when late, a week or two after it.
    due = (
        held + timedelta(days=rng.randint(1, 20))
        if not late
        else held - timedelta(days=rng.randint(3, 14))
    )
    return trigger_before(due, meeting_type, sequence)


def next_working_day(day: date) -> date:
    return CALENDAR.next_working_day(day)
