"""The exchange format's typed views (solver/format/types.py), for the app's modules that pass an
instance or a solution along: only the bridge imports solver/, and this module only TypedDicts
(no OR-Tools)."""

import json
from typing import cast

from solver.format.types import (
    Assignment,
    Chair,
    CurrentBooking,
    Instance,
    Interval,
    Meeting,
    MeetingFormat,
    Person,
    Room,
    Solution,
    TimeWindow,
    Unscheduled,
)

__all__ = [
    "Assignment",
    "Chair",
    "CurrentBooking",
    "Instance",
    "Interval",
    "Meeting",
    "MeetingFormat",
    "Person",
    "Room",
    "Solution",
    "TimeWindow",
    "Unscheduled",
    "stored_instance",
    "stored_solution",
]


def stored_instance(text: str) -> Instance:
    """A plan run's stored instance (PlanRun.instance: the JSON of one the bridge built)."""
    return cast(Instance, json.loads(text))


def stored_solution(text: str) -> Solution:
    """A plan run's stored solution (PlanRun.solution: the JSON of one the solver returned)."""
    return cast(Solution, json.loads(text))
