"""Hard rules 1–9 of docs/exchange-format.md, judged from the format's text alone.

"Pinned meetings are facts, not choices": rules 2, 3, 6, 8 and 9 are not judged for a pinned
meeting itself, two pinned meetings are never judged against each other, and a cap (rule 5) is
broken only on a day or week that also holds an unpinned meeting of that chair.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date
from typing import TypeVar

from solver.checker.data import (
    DEFAULT_FAMILY_TRAVEL_LIMIT,
    PHYSICAL_FORMATS,
    ROOM_FORMATS,
    Booking,
    InstanceView,
    Violation,
    clock_minutes,
    clock_text,
    eligible_roles,
    overlaps,
)
from solver.format.types import Meeting, Solution

Key = TypeVar("Key", bound=Hashable)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def span(booking: Booking) -> str:
    return f"{booking.day} {clock_text(booking.start)}–{clock_text(booking.end)}"


def group_by(
    bookings: Iterable[Booking], keys: Callable[[Booking], Iterable[Key]]
) -> dict[Key, list[Booking]]:
    """Bookings under each of their keys, each group in time order."""
    groups: dict[Key, list[Booking]] = defaultdict(list)
    for booking in bookings:
        for key in keys(booking):
            groups[key].append(booking)
    for group in groups.values():
        group.sort(key=lambda b: (b.abs_start, b.id))
    return groups


def judged_pairs(group: list[Booking]) -> Iterator[tuple[Booking, Booking]]:
    """Each pair (earlier, later) of a time-ordered group, except two pinned meetings."""
    for i, earlier in enumerate(group):
        for later in group[i + 1 :]:
            if not (earlier.pinned and later.pinned):
                yield earlier, later


def blamed(earlier: Booking, later: Booking) -> tuple[Booking, Booking]:
    """(the meeting a pair's violation is reported on, the other): the unpinned one, else the
    later one — the booking that would have to move."""
    return (earlier, later) if later.pinned else (later, earlier)


# --- rule 1 -----------------------------------------------------------------------------------


def rule_1_every_meeting_once(view: InstanceView, solution: Solution) -> list[Violation]:
    assigned = Counter(a["meeting"] for a in solution["assignments"])
    unscheduled = Counter(u["meeting"] for u in solution["unscheduled"])
    violations = [
        Violation(1, meeting_id, f"{meeting_id} is not a meeting of the instance")
        for meeting_id in sorted((assigned + unscheduled).keys() - view.meetings.keys())
    ]
    for meeting_id, meeting in view.meetings.items():
        times = assigned[meeting_id] + unscheduled[meeting_id]
        if times == 0:
            violations.append(Violation(1, meeting_id, "is neither assigned nor unscheduled"))
        elif times > 1:
            violations.append(
                Violation(
                    1,
                    meeting_id,
                    f"appears {times} times (assigned {assigned[meeting_id]}, "
                    f"unscheduled {unscheduled[meeting_id]}); it must appear exactly once",
                )
            )
        if meeting.get("pinned"):
            violations.extend(_pinned_kept(view, meeting, solution))
    return violations


def _pinned_kept(view: InstanceView, meeting: Meeting, solution: Solution) -> list[Violation]:
    current = meeting["current"]
    end = clock_text(clock_minutes(current["start"]) + meeting["duration_minutes"])
    expected = (current["day"], current["start"], end, current["chair"], current["room"])
    for a in solution["assignments"]:
        if a["meeting"] == meeting["id"]:
            got = (a["day"], a["start"], a["end"], a["chair"], a["room"])
            if got == expected:
                return []
            return [
                Violation(
                    1,
                    meeting["id"],
                    "is pinned and must be assigned exactly as its current booking "
                    f"{_describe(*expected)}, not {_describe(*got)}",
                )
            ]
    return [Violation(1, meeting["id"], "is pinned but not assigned (it must keep its booking)")]


def _describe(day: str, start: str, end: str, chair: str, room: str | None) -> str:
    return f"{day} {start}–{end} with {chair} in {room or 'no room'}"


# --- rule 2 -----------------------------------------------------------------------------------


def rule_2_unreadable_days(view: InstanceView, solution: Solution) -> list[Violation]:
    violations = []
    for a in solution["assignments"]:
        if a["meeting"] not in view.meetings:
            continue
        try:
            date.fromisoformat(a["day"])
        except ValueError:
            violations.append(Violation(2, a["meeting"], f"{a['day']} is not a date"))
    return violations


def rule_2_day_and_time(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    for booking in bookings:
        if not booking.pinned:
            violations += [Violation(2, booking.id, p) for p in _day_problems(view, booking)]
            violations += [Violation(2, booking.id, p) for p in _time_problems(view, booking)]
    return violations


def _day_problems(view: InstanceView, booking: Booking) -> Iterator[str]:
    meeting, day = booking.meeting, booking.day
    if day not in view.day_set:
        yield f"{day} is not one of the instance's working days"
    if day < date.fromisoformat(meeting["earliest"]):
        yield f"{day} is before its earliest date {meeting['earliest']}"
    if view.not_before and day < view.not_before:
        yield f"{day} is before not_before {view.not_before}"


def _time_problems(view: InstanceView, booking: Booking) -> Iterator[str]:
    start, end = booking.start, booking.end
    if start < view.day_start:
        opens = clock_text(view.day_start)
        yield f"starts at {clock_text(start)}, before the working day starts at {opens}"
    elif (start - view.day_start) % view.grain:
        yield (
            f"starts at {clock_text(start)}, which is not on the {view.grain}-minute grain "
            f"counted from {clock_text(view.day_start)}"
        )
    if booking.claimed_end != clock_text(end):
        yield (
            f"ends at {booking.claimed_end}, but it starts at {clock_text(start)} and lasts "
            f"{booking.meeting['duration_minutes']} minutes, so it ends at {clock_text(end)}"
        )
    if end > view.day_end:
        yield f"ends at {clock_text(end)}, after the working day ends at {clock_text(view.day_end)}"
    window = booking.meeting.get("time_window", {})
    if "earliest_start" in window and start < clock_minutes(window["earliest_start"]):
        opens = window["earliest_start"]
        yield f"starts at {clock_text(start)}, before its time window opens at {opens}"
    if "latest_end" in window and end > clock_minutes(window["latest_end"]):
        yield f"ends at {clock_text(end)}, after its time window closes at {window['latest_end']}"


# --- rule 3 -----------------------------------------------------------------------------------


def rule_3_chair(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    for booking in bookings:
        if not booking.pinned:
            violations += [Violation(3, booking.id, p) for p in _chair_problems(view, booking)]
    return violations


def _chair_problems(view: InstanceView, booking: Booking) -> Iterator[str]:
    chair = view.chairs.get(booking.chair)
    if chair is None:
        yield f"{booking.chair} is not a chair of the instance"
        return
    roles = eligible_roles(booking.meeting)
    if not set(chair["roles"]) & set(roles):
        yield f"{booking.chair} has none of the roles it needs ({', '.join(roles)})"
    allocated = booking.meeting.get("allocated_chair")
    if booking.meeting.get("chair_fixed") and booking.chair != allocated:
        yield f"only its allocated chair {allocated} may chair it, not {booking.chair}"
    weekday = booking.day.weekday()
    if WEEKDAYS[weekday] not in chair["working_days"]:
        yield f"{booking.chair} does not work on {WEEKDAY_NAMES[weekday]}s"
    reason = view.clash("chairs", booking.chair, booking)
    if reason:
        yield f"{booking.chair} is unavailable at {span(booking)} ({reason})"


# --- rules 4 and 5 ----------------------------------------------------------------------------


def rule_4_chair_overlap_and_travel(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    for group in group_by(bookings, lambda b: [(b.chair, b.day)]).values():
        for earlier, later in judged_pairs(group):
            problem = _chair_pair_problem(view, earlier, later)
            if problem:
                meeting, other = blamed(earlier, later)
                violations.append(Violation(4, meeting.id, problem.format(other=other.id)))
    return violations


def _chair_pair_problem(view: InstanceView, earlier: Booking, later: Booking) -> str | None:
    chair = earlier.chair
    if overlaps(earlier.abs_start, earlier.abs_end, later.abs_start, later.abs_end):
        return (
            f"{chair} also chairs {{other}} at an overlapping time ({span(earlier)}, {span(later)})"
        )
    if earlier.format not in PHYSICAL_FORMATS or later.format not in PHYSICAL_FORMATS:
        return None
    origin, destination = view.place(earlier), view.place(later)
    if origin is None or destination is None:
        return None  # a missing or unknown room is reported by rule 6
    drive = view.minutes_between(origin, destination)
    gap = later.start - earlier.end
    if gap >= drive:
        return None
    return (
        f"{chair} has {gap} minutes between {earlier.id} in {origin} (ends "
        f"{clock_text(earlier.end)}) and {later.id} in {destination} (starts "
        f"{clock_text(later.start)}), but the drive takes {drive} (other meeting {{other}})"
    )


def rule_5_caps(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    known = [b for b in bookings if b.chair in view.chairs]
    for (chair_id, day), group in group_by(known, lambda b: [(b.chair, b.day)]).items():
        cap = view.chairs[chair_id]["max_meetings_per_day"]
        unpinned = [b for b in group if not b.pinned]
        if len(group) > cap and unpinned:
            ids = ", ".join(b.id for b in group)
            message = f"{chair_id} has {len(group)} meetings on {day} ({ids}); the cap is {cap}"
            violations.append(Violation(5, unpinned[-1].id, message))
    by_week = group_by(known, lambda b: [(b.chair, tuple(b.day.isocalendar())[:2])])
    for (chair_id, (year, week)), group in by_week.items():
        cap = view.chairs[chair_id]["max_minutes_per_week"]
        minutes = sum(b.end - b.start for b in group)
        unpinned = [b for b in group if not b.pinned]
        if minutes > cap and unpinned:
            message = (
                f"{chair_id} has {minutes} meeting minutes in ISO week {year}-W{week:02d}; "
                f"the cap is {cap}"
            )
            violations.append(Violation(5, unpinned[-1].id, message))
    return violations


# --- rules 6, 7 and 8 -------------------------------------------------------------------------


def rule_6_room(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    for booking in bookings:
        if not booking.pinned:
            violations += [Violation(6, booking.id, p) for p in _room_problems(view, booking)]
    return violations


def _room_problems(view: InstanceView, booking: Booking) -> Iterator[str]:
    meeting, room_id = booking.meeting, booking.room
    kind = booking.format.replace("_", "-")
    if booking.format not in ROOM_FORMATS:
        if room_id is not None:
            yield f"a {kind} meeting has no room, but {room_id} is booked"
        return
    if room_id is None:
        article = "an" if kind.startswith("in") else "a"
        yield f"{article} {kind} meeting needs a room"
        return
    room = view.rooms.get(room_id)
    if room is None:
        yield f"{room_id} is not a room of the instance"
        return
    if room["capacity"] < meeting["in_person_count"]:
        yield f"{room_id} holds {room['capacity']}, but {meeting['in_person_count']} will attend"
    if meeting.get("needs_accessible") and not room["accessible"]:
        yield f"{room_id} has no step-free access, which the meeting needs"
    if meeting.get("needs_separate_waiting_area") and not room["separate_waiting_area"]:
        yield f"{room_id} has no separate waiting area, which the meeting needs"
    limit = meeting.get("max_family_travel_minutes", DEFAULT_FAMILY_TRAVEL_LIMIT)
    drive = view.minutes_between(meeting["locality"], room["locality"])
    if drive > limit:
        yield (
            f"{room_id} in {room['locality']} is {drive} minutes from {meeting['locality']}; "
            f"the family travel limit is {limit}"
        )
    reason = view.clash("rooms", room_id, booking)
    if reason:
        yield f"{room_id} is unavailable at {span(booking)} ({reason})"


def rule_7_room_overlap(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    with_room = [b for b in bookings if b.room is not None]
    for group in group_by(with_room, lambda b: [(b.room, b.day)]).values():
        for earlier, later in judged_pairs(group):
            if overlaps(earlier.abs_start, earlier.abs_end, later.abs_start, later.abs_end):
                meeting, other = blamed(earlier, later)
                message = (
                    f"{meeting.room} also holds {other.id} at an overlapping time ({span(other)})"
                )
                violations.append(Violation(7, meeting.id, message))
    return violations


def rule_8_hybrid(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    for booking in bookings:
        room = view.rooms.get(booking.room or "")
        chair = view.chairs.get(booking.chair)
        if booking.pinned or booking.format != "hybrid" or room is None or chair is None:
            continue  # a missing room or unknown chair is reported by rules 6 and 3
        if room["hybrid"] != "full" and not chair["portable_hybrid_kit"]:
            message = (
                f"{booking.room} has no hybrid equipment and {booking.chair} carries no "
                "portable hybrid kit"
            )
            violations.append(Violation(8, booking.id, message))
    return violations


# --- rule 9 -----------------------------------------------------------------------------------


def rule_9_required_people(view: InstanceView, bookings: list[Booking]) -> list[Violation]:
    violations = []
    by_person = group_by(
        bookings,
        lambda b: [(p, b.day) for p in dict.fromkeys(b.meeting.get("required_people", []))],
    )
    for (person, _day), group in by_person.items():
        for earlier, later in judged_pairs(group):
            if overlaps(earlier.abs_start, earlier.abs_end, later.abs_start, later.abs_end):
                meeting, other = blamed(earlier, later)
                message = (
                    f"{person} is also required at {other.id} at an overlapping time "
                    f"({span(other)})"
                )
                violations.append(Violation(9, meeting.id, message))
    for booking in bookings:
        if booking.pinned:
            continue
        for person in booking.meeting.get("required_people", []):
            reason = view.clash("people", person, booking)
            if reason:
                message = f"required person {person} is unavailable at {span(booking)} ({reason})"
                violations.append(Violation(9, booking.id, message))
    return violations


BOOKING_RULES = (
    rule_2_day_and_time,
    rule_3_chair,
    rule_4_chair_overlap_and_travel,
    rule_5_caps,
    rule_6_room,
    rule_7_room_overlap,
    rule_8_hybrid,
    rule_9_required_people,
)


def hard_rule_violations(
    view: InstanceView, solution: Solution, bookings: list[Booking]
) -> list[Violation]:
    """Every broken hard rule, by rule number then in the order found."""
    violations = rule_1_every_meeting_once(view, solution) + rule_2_unreadable_days(view, solution)
    for rule in BOOKING_RULES:
        violations += rule(view, bookings)
    return sorted(violations, key=lambda v: v.rule)
