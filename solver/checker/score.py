"""The score of docs/exchange-format.md ("Score (lower is better)"), term by term, from the text.

Readings of the spec, where it leaves room for one:
- Every term is counted over all of the solution's assignments, pinned meetings included: a
  pinned meeting is a fact, but it still lies where it lies (late, moved, in a room) and its
  chair still drives to it and works its minutes. The terms it contributes are the same in every
  solution of the instance, so they never change which plan is better.
- `chair_travel`: for each chair and each date holding at least one of its physical meetings
  (in person, hybrid, off-site), base → each physical meeting's place in start order → base.
  Virtual meetings are not stops. A date with no physical meeting costs nothing.
- `overload`: `T` and each chair's own minutes count every assigned meeting of the horizon,
  whatever its date; only chairs with the role `chair` take part (in `T`, in Σf, in the term).
- `optional_absent`: one per optional person (listed once) whose `unavailable` overlaps the
  meeting, however many of their intervals do.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from solver.checker.data import Booking, InstanceView, clock_minutes, read_bookings
from solver.format.score_table import DEFAULT_WEIGHTS, TERMS
from solver.format.types import Instance, Solution


def weights_for(instance: Instance) -> dict[str, int]:
    """The default weights, overridden by term name by the instance's `weights`."""
    return {**DEFAULT_WEIGHTS, **instance.get("weights", {})}


def weighted_score(instance: Instance, breakdown: dict[str, int]) -> int:
    weights = weights_for(instance)
    return sum(weights[term] * breakdown.get(term, 0) for term in TERMS)


def score_terms(instance: Instance, solution: Solution) -> dict[str, int]:
    """The breakdown `{term: count}` of a solution, for every term of the spec's table."""
    view = InstanceView(instance)
    return count_terms(view, read_bookings(view, solution))


def count_terms(view: InstanceView, bookings: list[Booking]) -> dict[str, int]:
    terms = dict.fromkeys(TERMS, 0)
    terms["unscheduled"] = len(view.meetings.keys() - {b.id for b in bookings})
    for booking in bookings:
        for term, count in meeting_terms(view, booking).items():
            terms[term] += count
    terms["chair_travel"] = chair_travel(view, bookings)
    terms["overload"] = overload(view, bookings)
    return terms


def meeting_terms(view: InstanceView, booking: Booking) -> dict[str, int]:
    """The terms one assigned meeting contributes on its own."""
    meeting = booking.meeting
    latest = date.fromisoformat(meeting["latest"])
    terms = {
        "out_of_timescale": int(booking.day > latest),
        "days_late": max(0, view.rank(booking.day) - view.rank(latest)),
        "continuity": int(
            "allocated_chair" in meeting and booking.chair != meeting["allocated_chair"]
        ),
        "portable_kit": int(
            booking.format == "hybrid"
            and booking.room in view.rooms
            and view.rooms[str(booking.room)]["hybrid"] != "full"
        ),
        "optional_absent": sum(
            1
            for person in dict.fromkeys(meeting.get("optional_people", []))
            if view.clash("people", person, booking)
        ),
    }
    if "preferred_latest" in meeting:
        preferred = date.fromisoformat(meeting["preferred_latest"])
        reached = min(view.rank(booking.day), view.rank(latest))
        terms["margin_days"] = max(0, reached - view.rank(preferred))
    if booking.room in view.rooms:
        room_locality = view.rooms[str(booking.room)]["locality"]
        terms["family_travel"] = view.minutes_between(meeting["locality"], room_locality)
    terms.update(moved_terms(booking))
    return terms


def moved_terms(booking: Booking) -> dict[str, int]:
    """Changes from what attendees already have in their calendars (`current`)."""
    current = booking.meeting.get("current")
    if current is None:
        return {}
    return {
        "moved_time": int(
            booking.day != date.fromisoformat(current["day"])
            or booking.start != clock_minutes(current["start"])
        ),
        "moved_chair": int(booking.chair != current["chair"]),
        # "null counts as a room": null → R01 and R01 → null are both moves.
        "moved_room": int(booking.room != current["room"]),
    }


def chair_travel(view: InstanceView, bookings: list[Booking]) -> int:
    """Minutes each chair drives per day: base → physical meetings in time order → base."""
    stops: dict[tuple[str, date], list[tuple[int, str, str]]] = defaultdict(list)
    for booking in bookings:
        place = view.place(booking)
        if booking.chair in view.chairs and place is not None:
            stops[(booking.chair, booking.day)].append((booking.start, booking.id, place))
    total = 0
    for (chair_id, _day), day_stops in stops.items():
        base = view.chairs[chair_id]["base"]
        route = [base] + [place for _start, _id, place in sorted(day_stops)] + [base]
        total += sum(view.minutes_between(a, b) for a, b in zip(route, route[1:], strict=False))
    return total


def overload(view: InstanceView, bookings: list[Booking]) -> int:
    """Meeting minutes beyond each `chair`-role chair's fair share, in integer arithmetic."""
    shares = {
        chair_id: round(100 * chair["fte"])
        for chair_id, chair in view.chairs.items()
        if "chair" in chair["roles"]
    }
    if not shares:
        return 0
    minutes = dict.fromkeys(shares, 0)
    for booking in bookings:
        if booking.chair in minutes:
            minutes[booking.chair] += booking.end - booking.start
    total = sum(minutes.values())
    share_sum = sum(shares.values())
    return sum(
        max(0, minutes[chair_id] - total * share // share_sum) for chair_id, share in shares.items()
    )
