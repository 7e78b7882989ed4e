"""Typed views of the exchange format: a chairs-instance/1 and a chairs-solution/1 as TypedDicts.

They describe the JSON (docs/exchange-format.md, the schemas beside this module) for readers and
for the type checker; at run time an instance or a solution is still the plain dict that
json.loads gives. Optional keys are NotRequired; ids, dates ("YYYY-MM-DD"), times ("HH:MM") and
date-times ("YYYY-MM-DDTHH:MM", Europe/London) are strings.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

MeetingFormat = Literal["in_person", "hybrid", "virtual", "off_site"]
Status = Literal["OPTIMAL", "FEASIBLE", "UNKNOWN"]


class Interval(TypedDict):
    start: str
    end: str
    reason: NotRequired[str]


class Chair(TypedDict):
    id: str
    name: NotRequired[str]
    base: str
    fte: float
    roles: list[str]
    working_days: list[str]
    max_meetings_per_day: int
    max_minutes_per_week: int
    portable_hybrid_kit: bool
    unavailable: NotRequired[list[Interval]]


class Room(TypedDict):
    id: str
    name: NotRequired[str]
    locality: str
    capacity: int
    hybrid: Literal["full", "none"]
    accessible: bool
    separate_waiting_area: bool
    unavailable: NotRequired[list[Interval]]


class Person(TypedDict):
    id: str
    role: NotRequired[str]
    unavailable: NotRequired[list[Interval]]


class TimeWindow(TypedDict, total=False):
    earliest_start: str
    latest_end: str


class CurrentBooking(TypedDict):
    """Where a meeting is booked already (kept if it still fits; a fact when pinned)."""

    day: str
    start: str
    chair: str
    room: str | None


class Meeting(TypedDict):
    id: str
    type: str
    case: NotRequired[str]
    duration_minutes: int
    earliest: str
    latest: str
    preferred_latest: NotRequired[str]
    format: MeetingFormat
    locality: str
    max_family_travel_minutes: NotRequired[int]
    in_person_count: int
    required_people: NotRequired[list[str]]
    optional_people: NotRequired[list[str]]
    allocated_chair: NotRequired[str]
    chair_fixed: NotRequired[bool]
    eligible_roles: NotRequired[list[str]]
    needs_accessible: NotRequired[bool]
    needs_separate_waiting_area: NotRequired[bool]
    time_window: NotRequired[TimeWindow]
    current: NotRequired[CurrentBooking]
    pinned: NotRequired[bool]


class Instance(TypedDict):
    format: Literal["chairs-instance/1"]
    name: str
    days: list[str]
    grain_minutes: int
    day_start: str
    day_end: str
    localities: list[str]
    travel_minutes: dict[str, dict[str, int]]
    weights: NotRequired[dict[str, int]]
    chairs: list[Chair]
    rooms: list[Room]
    people: list[Person]
    meetings: list[Meeting]
    not_before: NotRequired[str]


class Assignment(TypedDict):
    meeting: str
    day: str
    start: str
    end: str
    chair: str
    room: str | None


class Unscheduled(TypedDict):
    meeting: str
    reasons: list[str]


class Solution(TypedDict):
    format: Literal["chairs-solution/1"]
    instance: str
    status: Status
    score: int
    bound: NotRequired[int]
    solve_seconds: NotRequired[float]
    assignments: list[Assignment]
    unscheduled: list[Unscheduled]
    breakdown: dict[str, int]
