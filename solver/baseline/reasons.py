"""Why the greedy baseline could not place a meeting, in an admin's words.

The search records the furthest stage it ever passed (a chair with spare capacity that day, the
required people free, that chair free too); the reason names the first stage that never passed,
after the fixed conditions (roles, rooms, days, times) that rule a meeting out on every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from solver.baseline.candidates import (
    candidate_chairs,
    candidate_days,
    candidate_rooms,
    candidate_starts,
)
from solver.checker.data import DEFAULT_FAMILY_TRAVEL_LIMIT, ROOM_FORMATS, InstanceView
from solver.format.types import Meeting


@dataclass
class SearchTrace:
    chair_with_capacity: bool = False
    people_free: bool = False
    chair_free: bool = False


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _period(view: InstanceView, meeting: Meeting) -> str:
    earliest = max(date.fromisoformat(meeting["earliest"]), view.not_before or date.min)
    days = [d for d in view.days if d >= earliest]
    if not days:
        return "in the horizon"
    return f"on any working day from {_long_date(days[0])} to {_long_date(days[-1])}"


def _fixed_reasons(view: InstanceView, meeting: Meeting) -> list[str]:
    """Conditions that fail on every day, whatever else is booked."""
    roles = " or ".join(meeting.get("eligible_roles") or ["chair"])
    reasons = []
    if not candidate_chairs(view, meeting):
        if meeting.get("chair_fixed"):
            reasons.append(
                f"its fixed chair {meeting['allocated_chair']} does not have the role {roles}"
            )
        else:
            reasons.append(f"no chair has the role {roles}")
    if meeting["format"] in ROOM_FORMATS and not candidate_rooms(view, meeting):
        needs = [f"holds {meeting['in_person_count']} people"]
        if meeting.get("needs_accessible"):
            needs.append("has step-free access")
        if meeting.get("needs_separate_waiting_area"):
            needs.append("has a separate waiting area")
        limit = meeting.get("max_family_travel_minutes", DEFAULT_FAMILY_TRAVEL_LIMIT)
        reasons.append(
            f"no room that {' and '.join(needs)} is within {limit} minutes of {meeting['locality']}"
        )
    in_window, late = candidate_days(view, meeting)
    if not in_window and not late:
        reasons.append(f"no working day of the horizon is on or after {meeting['earliest']}")
    if not candidate_starts(view, meeting):
        reasons.append(
            f"a {meeting['duration_minutes']}-minute meeting does not fit its time window "
            "within the working day"
        )
    return reasons


def unplaced_reasons(view: InstanceView, meeting: Meeting, trace: SearchTrace) -> list[str]:
    fixed = _fixed_reasons(view, meeting)
    if fixed:
        return fixed
    period = _period(view, meeting)
    if not trace.chair_with_capacity:
        who = (
            f"its fixed chair {meeting['allocated_chair']} does not work, or has"
            if meeting.get("chair_fixed")
            else "no eligible chair works with"
        )
        return [f"{who} no room left under the daily meetings or weekly minutes cap, {period}"]
    if not trace.people_free:
        people = ", ".join(meeting.get("required_people", []))
        return [f"its required people ({people}) are never all free together {period}"]
    if not trace.chair_free:
        return [f"no eligible chair is free when its required people are, {period}"]
    if meeting["format"] in ROOM_FORMATS:
        return [
            "no suitable room is free, and reachable in time by a free eligible chair, when "
            f"the chair and required people are free, {period}"
        ]
    return [
        f"no free eligible chair can reach it in time from their other meetings that day, {period}"
    ]
