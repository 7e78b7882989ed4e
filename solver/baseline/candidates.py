"""The greedy baseline's candidates for one meeting, each list in the baseline's fixed order.

What the hard rules allow a meeting on its own, before anything is booked: its days (rule 2),
starts (its time window), chairs (rule 3) and rooms (rule 6's fixed conditions). The search
(greedy.py) walks them in this order; the reasons (reasons.py) say which one is empty.
"""

from __future__ import annotations

from datetime import date

from solver.checker.data import (
    DEFAULT_FAMILY_TRAVEL_LIMIT,
    ROOM_FORMATS,
    InstanceView,
    clock_minutes,
    eligible_roles,
)
from solver.format.types import Chair, Meeting, Room


def candidate_days(view: InstanceView, meeting: Meeting) -> tuple[list[date], list[date]]:
    """(days inside the window, late days), each ascending (rule 2)."""
    earliest = date.fromisoformat(meeting["earliest"])
    latest = date.fromisoformat(meeting["latest"])
    if view.not_before and view.not_before > earliest:
        earliest = view.not_before
    open_days = [d for d in view.days if d >= earliest]
    return [d for d in open_days if d <= latest], [d for d in open_days if d > latest]


def candidate_starts(view: InstanceView, meeting: Meeting) -> list[int]:
    window = meeting.get("time_window", {})
    opens = clock_minutes(window.get("earliest_start", "00:00"))
    closes = min(view.day_end, clock_minutes(window.get("latest_end", "23:59")))
    duration = meeting["duration_minutes"]
    return [
        start
        for start in range(view.day_start, view.day_end - duration + 1, view.grain)
        if start >= opens and start + duration <= closes
    ]


def candidate_chairs(view: InstanceView, meeting: Meeting) -> list[Chair]:
    """Rule 3's roles and chair_fixed; the allocated chair first, then by id."""
    allocated = meeting.get("allocated_chair")
    roles = set(eligible_roles(meeting))
    chairs = [
        chair
        for chair in view.chairs.values()
        if roles & set(chair["roles"])
        and (not meeting.get("chair_fixed") or chair["id"] == allocated)
    ]
    return sorted(chairs, key=lambda c: (c["id"] != allocated, c["id"]))


def candidate_rooms(view: InstanceView, meeting: Meeting) -> list[Room | None]:
    """Rule 6's fixed conditions; nearest the family first, then by id. [None] when roomless."""
    if meeting["format"] not in ROOM_FORMATS:
        return [None]
    limit = meeting.get("max_family_travel_minutes", DEFAULT_FAMILY_TRAVEL_LIMIT)
    suitable = [
        room
        for room in view.rooms.values()
        if room["capacity"] >= meeting["in_person_count"]
        and (room["accessible"] or not meeting.get("needs_accessible"))
        and (room["separate_waiting_area"] or not meeting.get("needs_separate_waiting_area"))
        and view.minutes_between(meeting["locality"], room["locality"]) <= limit
    ]
    nearest_first = sorted(
        suitable,
        key=lambda r: (view.minutes_between(meeting["locality"], r["locality"]), r["id"]),
    )
    return [*nearest_first]
