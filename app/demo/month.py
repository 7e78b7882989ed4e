"""Fitting the generated month to the demo county (pure: dicts in, dicts changed in place).

Both changes keep the planted plan valid, so the month stays feasible by construction:
- an open request cannot be booked before the month starts, so each window starts no earlier
  than the first day (every planted day is on or after it);
- the county equipped about half its rooms for hybrid meetings: a room loses its equipment only
  if every planted hybrid meeting in it is chaired by someone carrying the portable kit.
"""

from __future__ import annotations

from datetime import date

from app.solver_bridge.format_types import Instance, Solution


def fit_to_county(instance: Instance, plan: Solution, first_day: date) -> None:
    start_windows_on(instance, first_day)
    equip_about_half_the_rooms(instance, plan)


def start_windows_on(instance: Instance, first_day: date) -> None:
    first = first_day.isoformat()
    for meeting in instance["meetings"]:
        if meeting["earliest"] < first:  # ISO dates compare as text
            meeting["earliest"] = first
        if meeting.get("preferred_latest") and meeting["preferred_latest"] < meeting["earliest"]:
            meeting["preferred_latest"] = meeting["earliest"]
    instance["not_before"] = first


def equip_about_half_the_rooms(instance: Instance, plan: Solution) -> None:
    rooms = instance["rooms"]
    wanted = round(len(rooms) / 2)
    full = [r for r in rooms if r["hybrid"] == "full"]
    kit = {c["id"] for c in instance["chairs"] if c["portable_hybrid_kit"]}
    hybrid = {m["id"] for m in instance["meetings"] if m["format"] == "hybrid"}
    needs_room_kit = {
        a["room"] for a in plan["assignments"] if a["meeting"] in hybrid and a["chair"] not in kit
    }
    first_in_town: dict[str, str] = {}
    for room in rooms:
        first_in_town.setdefault(room["locality"], room["id"])
    # A town's first-equipped room keeps its kit longest: the others are looked at first.
    candidates = sorted(reversed(full), key=lambda r: first_in_town[r["locality"]] == r["id"])
    for room in candidates:
        if len(full) <= wanted:
            break
        if room["id"] not in needs_room_kit:
            room["hybrid"] = "none"
            full.remove(room)
