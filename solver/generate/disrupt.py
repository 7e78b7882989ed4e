"""A rescheduling instance made from a solved one: what the service faces a few days into a plan.

Every booked meeting gets `current` (what attendees already have in their calendars); "today" is
a few working days into the horizon and becomes `not_before`; meetings before today have been
held and are pinned. Then the world changes:

- a chair is off sick for a week (their fixed meetings are released: an admin unlocks them);
- a room is closed for a week;
- court orders: a hearing brings a review forward, or a conference must follow a hearing;
- placement moves: a children-in-care review must be held before a planned move;
- a few urgent new ICPCs arrive with short windows.

Which meetings *had to move* is not stored (the schema forbids unknown fields): submit the
`current` bookings to the checker as a solution and read its violations (see bench.py).
"""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import cast

from solver.format.types import Instance, Solution
from solver.generate.calendar import WorkingCalendar
from solver.generate.resources import span

_COURT_SHARE = 0.03
_PLACEMENT_SHARE = 0.02


def disrupt(instance: Instance, solution: Solution, seed: int = 0) -> Instance:
    """The rescheduling instance; `solution` must be a solution of `instance`."""
    rng = random.Random(f"quorum/disrupt/{instance['name']}/{seed}")
    new: dict = copy.deepcopy(cast(dict, instance))  # edited as a plain dict
    new["name"] = f"{instance['name']}-disrupted-seed{seed}"
    days = [date.fromisoformat(d) for d in new["days"]]
    calendar = WorkingCalendar(days[0], len(days))
    today_index = min(len(days) - 1, rng.randint(3, 5))
    today = days[today_index]
    new["not_before"] = today.isoformat()
    _book_current(new, cast(dict, solution), today)
    week = days[today_index : today_index + 5]
    _chair_off_sick(rng, new, week)
    _room_closed(rng, new, days[today_index + 1 : today_index + 6] or week)
    movable = [m for m in new["meetings"] if "current" in m and not m.get("pinned")]
    _court_orders(rng, movable, calendar, today)
    _placement_moves(rng, movable, calendar, today)
    _urgent_icpcs(rng, new, calendar, today)
    return cast(Instance, new)


def _book_current(instance: dict, solution: dict, today: date) -> None:
    booked = {a["meeting"]: a for a in solution["assignments"]}
    for meeting in instance["meetings"]:
        meeting.pop("current", None)
        meeting.pop("pinned", None)
        booking = booked.get(meeting["id"])
        if booking is None:
            continue  # left unscheduled last time: still to be booked
        meeting["current"] = {
            "day": booking["day"],
            "start": booking["start"],
            "chair": booking["chair"],
            "room": booking["room"],
        }
        if date.fromisoformat(booking["day"]) < today:
            meeting["pinned"] = True  # already held


def _meetings_in(instance: dict, days: list[date], key: str) -> dict[str, list[dict]]:
    wanted = {d.isoformat() for d in days}
    found: dict[str, list[dict]] = {}
    for meeting in instance["meetings"]:
        current = meeting.get("current")
        if current and current["day"] in wanted and current[key] is not None:
            found.setdefault(current[key], []).append(meeting)
    return found


def _busiest(rng: random.Random, found: dict[str, list[dict]]) -> str | None:
    """One of the three most-booked chairs or rooms (a disruption worth repairing)."""
    ranked = sorted(found, key=lambda k: (-len(found[k]), k))[:3]
    return rng.choice(ranked) if ranked else None


def _chair_off_sick(rng: random.Random, instance: dict, week: list[date]) -> None:
    chair_id = _busiest(rng, _meetings_in(instance, week, "chair"))
    if chair_id is None:
        return
    chair = next(c for c in instance["chairs"] if c["id"] == chair_id)
    chair.setdefault("unavailable", []).append(span(week[0], week[-1], "sickness"))
    for meeting in _meetings_in(instance, week, "chair")[chair_id]:
        meeting["chair_fixed"] = False  # released so that a colleague can cover it


def _room_closed(rng: random.Random, instance: dict, week: list[date]) -> None:
    room_id = _busiest(rng, _meetings_in(instance, week, "room"))
    if room_id is None:
        return
    room = next(r for r in instance["rooms"] if r["id"] == room_id)
    room.setdefault("unavailable", []).append(span(week[0], week[-1], "closed: heating failure"))


def _later_than(meetings: list[dict], day: date) -> list[dict]:
    return [m for m in meetings if date.fromisoformat(m["current"]["day"]) > day]


def _court_orders(
    rng: random.Random, movable: list[dict], calendar: WorkingCalendar, today: date
) -> None:
    soon = calendar.shift(today, 3)
    # A conference that must follow a hearing still needs days left in the horizon after it.
    last_useful = calendar.horizon[-3] if len(calendar.horizon) >= 3 else calendar.horizon[-1]
    candidates = [m for m in _later_than(movable, soon) if m["type"] in ("RCPC", "CIC_REVIEW")]
    for meeting in rng.sample(candidates, k=min(len(candidates), _count(movable, _COURT_SHARE))):
        booked = date.fromisoformat(meeting["current"]["day"])
        follows = calendar.shift(booked, rng.randint(1, 2))
        if follows <= last_useful and rng.random() < 0.5:
            # The conference must follow a hearing listed after the current booking.
            latest = max(date.fromisoformat(meeting["latest"]), calendar.shift(follows, 10))
            _set_window(meeting, follows, latest)
        else:
            # A hearing was brought forward: the review must now be held before it.
            latest = calendar.shift(soon, rng.randint(0, 2))
            _set_window(meeting, min(date.fromisoformat(meeting["earliest"]), today), latest)


def _placement_moves(
    rng: random.Random, movable: list[dict], calendar: WorkingCalendar, today: date
) -> None:
    soon = calendar.shift(today, 4)
    candidates = [m for m in _later_than(movable, soon) if m["type"] == "CIC_REVIEW"]
    candidates = [m for m in candidates if "latest" in m]
    for meeting in rng.sample(
        candidates, k=min(len(candidates), _count(movable, _PLACEMENT_SHARE))
    ):
        booked = date.fromisoformat(meeting["current"]["day"])
        # The review is brought forward to before the planned move (the day of the booking).
        move = max(soon, calendar.shift(booked, -rng.randint(1, 3)))
        latest = calendar.shift(move, -1)
        _set_window(meeting, min(date.fromisoformat(meeting["earliest"]), today), latest)


def _count(movable: list[dict], share: float) -> int:
    return max(2, round(len(movable) * share))


def _set_window(meeting: dict, earliest: date, latest: date) -> None:
    meeting["earliest"] = earliest.isoformat()
    meeting["latest"] = latest.isoformat()
    preferred = meeting.get("preferred_latest")
    if preferred is not None:
        meeting["preferred_latest"] = min(max(preferred, meeting["earliest"]), meeting["latest"])


def _urgent_icpcs(
    rng: random.Random, instance: dict, calendar: WorkingCalendar, today: date
) -> None:
    people = instance["people"]
    social_workers = sorted(p["id"] for p in people if p.get("role") == "social_worker")
    towns = instance["localities"]
    next_parent = 1 + max((int(p["id"][3:]) for p in people if _is_parent_id(p["id"])), default=0)
    numbers = [int(m["id"][1:]) for m in instance["meetings"] if m["id"][1:].isdigit()]
    next_meeting = 1 + max(numbers, default=len(instance["meetings"]))
    for k in range(rng.randint(2, 4)):
        trigger = calendar.shift(today, -rng.randint(8, 11))  # the strategy discussion
        parents = [f"PAR{next_parent + j:04d}" for j in range(rng.choice((1, 2)))]
        next_parent += len(parents)
        people.extend({"id": p, "role": "parent"} for p in parents)
        fmt = "hybrid" if rng.random() < 0.7 else "virtual"
        meeting_id = f"M{next_meeting + k:04d}"
        instance["meetings"].append(
            {
                "id": meeting_id,
                "type": "ICPC",
                "case": f"F{next_meeting + k:04d}",
                "duration_minutes": 120,
                "earliest": calendar.shift(trigger, 5).isoformat(),
                "latest": calendar.shift(trigger, 15).isoformat(),
                "preferred_latest": calendar.shift(trigger, 10).isoformat(),
                "format": fmt,
                "locality": rng.choice(towns),
                "in_person_count": rng.randint(4, 6) if fmt == "hybrid" else 0,
                "required_people": [rng.choice(social_workers)] if social_workers else [],
                "optional_people": [],
                "chair_fixed": False,
            }
        )
        instance["meetings"][-1]["required_people"] += parents


def _is_parent_id(person_id: str) -> bool:
    return person_id.startswith("PAR") and person_id[3:].isdigit()
