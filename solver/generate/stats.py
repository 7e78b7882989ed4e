"""Figures that describe an instance and a plan: sizes, mix, and the busiest week's utilisation.

Computed from the exchange format alone, so they describe any instance, not only generated ones.
Utilisation = meeting minutes in an ISO week ÷ the chairs' weekly caps, each scaled by the share
of their working days that week they are present. Also given for the chairs with the role
`chair` alone (the independent reviewing officers, who chair nearly everything).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from solver.format.types import Chair, Instance, Solution
from solver.generate.calendar import iso_week, weekday_name


def _whole_days_absent(chair: Chair, day_start: str, day_end: str) -> set[date]:
    absent: set[date] = set()
    for item in chair.get("unavailable", []):
        start = datetime.fromisoformat(item["start"])
        end = datetime.fromisoformat(item["end"])
        covers_start = start.strftime("%H:%M") <= day_start
        covers_end = end.strftime("%H:%M") >= day_end
        day = start.date()
        while day <= end.date():
            if (day > start.date() or covers_start) and (day < end.date() or covers_end):
                absent.add(day)
            day = date.fromordinal(day.toordinal() + 1)
    return absent


def weekly_capacity(instance: Instance, role: str | None = None) -> dict[tuple[int, int], float]:
    days = [date.fromisoformat(d) for d in instance["days"]]
    capacity: defaultdict[tuple[int, int], float] = defaultdict(float)
    for chair in instance["chairs"]:
        if (role is not None and role not in chair["roles"]) or not chair["working_days"]:
            continue
        absent = _whole_days_absent(chair, instance["day_start"], instance["day_end"])
        share = chair["max_minutes_per_week"] / len(chair["working_days"])
        for day in days:
            if weekday_name(day) in chair["working_days"] and day not in absent:
                capacity[iso_week(day)] += share
    return dict(capacity)


def weekly_load(
    instance: Instance, solution: Solution, role: str | None = None
) -> dict[tuple[int, int], int]:
    chairs = {c["id"]: c for c in instance["chairs"]}
    duration = {m["id"]: m["duration_minutes"] for m in instance["meetings"]}
    load: Counter[tuple[int, int]] = Counter()
    for a in solution["assignments"]:
        if role is None or role in chairs[a["chair"]]["roles"]:
            load[iso_week(date.fromisoformat(a["day"]))] += duration[a["meeting"]]
    return dict(load)


def utilisation_by_week(
    instance: Instance, solution: Solution, role: str | None = None
) -> dict[tuple[int, int], float]:
    capacity = weekly_capacity(instance, role)
    load = weekly_load(instance, solution, role)
    return {week: load.get(week, 0) / cap for week, cap in capacity.items() if cap}


def plan_statistics(instance: Instance, solution: Solution | None = None) -> dict:
    meetings = instance["meetings"]
    stats: dict = {
        "name": instance["name"],
        "meetings": len(meetings),
        "chairs": len(instance["chairs"]),
        "fte_chair_role": round(
            sum(c["fte"] for c in instance["chairs"] if "chair" in c["roles"]), 2
        ),
        "rooms": len(instance["rooms"]),
        "people": len(instance["people"]),
        "days": len(instance["days"]),
        "types": dict(Counter(m["type"] for m in meetings).most_common()),
        "formats": dict(Counter(m["format"] for m in meetings).most_common()),
    }
    if solution is not None:
        by_week = utilisation_by_week(instance, solution)
        stats["utilisation_by_week"] = {
            f"{y}-W{w:02d}": round(u, 3) for (y, w), u in by_week.items()
        }
        stats["busiest_week_utilisation"] = round(max(by_week.values(), default=0.0), 3)
        officers = utilisation_by_week(instance, solution, role="chair")
        stats["busiest_week_utilisation_chair_role"] = round(max(officers.values(), default=0.0), 3)
    return stats
