"""Why a meeting is unscheduled, in an admin's words, found by testing each rule family in turn.

First what blocks the meeting on its own (its days, its time window, its required people, its
chairs, its rooms, hybrid equipment — each with the pinned bookings as facts), then, when it could
be placed alone, which bookings of the plan took its chairs, rooms or people.
"""

from __future__ import annotations

from datetime import date

from solver.search.first_plan import pinned_plan
from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy, blocked, static_mask, unavailable_blocks
from solver.search.problem import Meeting, Problem, slot_starts
from solver.search.score import Plan

ROLE_WORDS = {"chair": "independent chair", "senior": "senior", "team_manager": "team-manager"}


def explain_unscheduled(problem: Problem, plan: Plan) -> dict[int, list[str]]:
    alone = Occupancy(problem, pinned_plan(problem))
    booked = Occupancy(problem, plan)
    out = {}
    for meeting in problem.meetings:
        if meeting.idx not in plan:
            reasons = own_reasons(problem, meeting, alone)
            out[meeting.idx] = reasons or contention_reasons(problem, meeting, booked)
    return out


def own_reasons(problem: Problem, meeting: Meeting, alone: Occupancy) -> list[str]:
    """What blocks the meeting with nothing else booked but the pinned meetings."""
    first = _first_day_text(problem, meeting)
    if not meeting.days:
        return [f"no working day in the plan's horizon is on or after {first}"]
    span = window_text(problem, _window_days(meeting))
    if not slot_starts(problem, meeting):
        return [f"a {meeting.duration}-minute meeting does not fit {_time_window_text(meeting)}"]
    for check in (_people_reasons, _chair_reasons, _room_reasons):
        reasons = check(problem, meeting, span)
        if reasons:
            return reasons
    if Inserter(problem, alone).best_option(meeting, meeting.days) is None:
        return [
            f"there is no time {span} when an eligible chair, a suitable room and the required "
            "people are all free at once"
        ]
    return []


def _people_reasons(problem: Problem, meeting: Meeting, span: str) -> list[str]:
    if any(static_mask(problem, meeting.idx, d) for d in meeting.days):
        return []
    reasons = []
    for p in meeting.required:
        person = problem.people[p]
        slots_mask = _slot_mask(problem, meeting)
        if not any(slots_mask & _free_of(problem, meeting, "person", p, d) for d in meeting.days):
            who = f"{person.id} ({person.role.replace('_', ' ')})" if person.role else person.id
            reasons.append(f"{who} is unavailable at every possible time {span}")
    return reasons or [f"the required people are never all available at once {span}"]


def _chair_reasons(problem: Problem, meeting: Meeting, span: str) -> list[str]:
    roles = " or ".join(ROLE_WORDS.get(r, r) for r in sorted(meeting.eligible_roles))
    fixed = None
    if meeting.chair_fixed and meeting.allocated is not None:
        fixed = problem.chairs[meeting.allocated]
    who = f"the fixed chair {fixed.id}" if fixed is not None else f"no chair with the {roles} role"
    if not meeting.chairs:
        if fixed is not None:
            return [f"{who} does not have the {roles} role"]
        return [f"{who} is on the staff list"]
    working = [
        (c, d)
        for c in meeting.chairs
        for d in meeting.days
        if problem.weekday_of(d) in problem.chairs[c].weekdays
    ]
    if not working:
        verb = "does not work" if fixed is not None else "works"
        return [f"{who} {verb} on any day {span}"]
    if not any(
        static_mask(problem, meeting.idx, d) & _free_of(problem, meeting, "chair", c, d)
        for c, d in working
    ):
        subject = who if fixed is not None else f"every chair with the {roles} role"
        return [f"{subject} is on leave or otherwise unavailable at every possible time {span}"]
    return []


def _room_reasons(problem: Problem, meeting: Meeting, span: str) -> list[str]:
    if not meeting.needs_room:
        return []
    wanted = room_words(problem, meeting)
    if not meeting.rooms:
        return [f"there is no room {wanted}"]
    if not any(
        static_mask(problem, meeting.idx, d) & _free_of(problem, meeting, "room", r, d)
        for r in meeting.rooms
        for d in meeting.days
    ):
        return [f"no room {wanted} is free {span}"]
    if meeting.format == "hybrid":
        full = any(problem.rooms[r].full_hybrid for r in meeting.rooms)
        kit = any(problem.chairs[c].kit for c in meeting.chairs)
        if not full and not kit:
            return [
                f"no room {wanted} has full hybrid equipment, and no eligible chair carries "
                "the portable hybrid kit"
            ]
    return []


def contention_reasons(problem: Problem, meeting: Meeting, booked: Occupancy) -> list[str]:
    """The meeting fits alone: say which of the plan's bookings are in its way."""
    span = window_text(problem, _window_days(meeting))
    days = meeting.days
    if not any(booked.base_mask(meeting.idx, d) for d in days):
        return [f"the required people's other meetings fill every possible time {span}"]
    chair_free = any(
        booked.base_mask(meeting.idx, d) & booked.chair_mask(meeting.idx, c, d, None)
        for c in meeting.chairs
        for d in days
        if problem.weekday_of(d) in problem.chairs[c].weekdays
        and booked.cap_room(meeting.idx, c, d)
    )
    if not chair_free:
        return [
            f"every eligible chair is fully booked {span} (other meetings, or their daily or "
            "weekly limits)"
        ]
    if meeting.needs_room and not any(
        booked.base_mask(meeting.idx, d) & booked.room_mask(meeting.idx, r, d)
        for r in meeting.rooms
        for d in days
    ):
        return [f"every room {room_words(problem, meeting)} is booked {span}"]
    return [
        f"other meetings take every time {span} when an eligible chair, a suitable room and the "
        "required people would be free together, travel between meetings included"
    ]


def room_words(problem: Problem, meeting: Meeting) -> str:
    """ "with a separate waiting area within 60 minutes of Boston", and the like."""
    needs = []
    if meeting.in_person_count > 1:
        needs.append(f"for {meeting.in_person_count} people")
    if meeting.needs_accessible:
        needs.append("with step-free access")
    if meeting.needs_waiting_area:
        needs.append("with a separate waiting area")
    place = problem.localities[meeting.loc]
    needs.append(f"within {meeting.family_travel_limit} minutes of {place}")
    return " ".join(needs)


def window_text(problem: Problem, days: list[int]) -> str:
    if not days:
        return "in the plan's horizon"
    first, last = problem.date_of(days[0]), problem.date_of(days[-1])
    if first == last:
        return f"on {_day_month(first)} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"from {first.day} to {_day_month(last)} {last.year}"
    if first.year == last.year:
        return f"from {_day_month(first)} to {_day_month(last)} {last.year}"
    return f"from {_day_month(first)} {first.year} to {_day_month(last)} {last.year}"


def _day_month(day: date) -> str:
    return f"{day.day} {day.strftime('%B')}"


def _window_days(meeting: Meeting) -> list[int]:
    in_time = [d for d in meeting.days if d <= meeting.latest]
    return in_time or meeting.days


def _first_day_text(problem: Problem, meeting: Meeting) -> str:
    first = meeting.earliest
    if problem.not_before is not None:
        first = max(first, problem.not_before)
    return f"{_day_month(problem.date_of(first))} {problem.date_of(first).year}"


def _time_window_text(meeting: Meeting) -> str:
    start, end = meeting.window
    return f"the time window {start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def _free_of(problem: Problem, meeting: Meeting, kind: str, idx: int, day: int) -> int:
    """Starts on `day` not blocked by this chair's, room's or person's own unavailability."""
    return ~blocked(problem, meeting.duration, unavailable_blocks(problem, kind, idx, day))


def _slot_mask(problem: Problem, meeting: Meeting) -> int:
    """The grain and time-window starts of one day, before anyone's calendar."""
    mask = 0
    for start in slot_starts(problem, meeting):
        mask |= 1 << ((start - problem.day_start) // problem.grain)
    return mask
