"""Filling the horizon week by week up to the target utilisation of the chairs.

A week's capacity is every chair's weekly cap (team managers included), scaled by the share of
their working days in that week they are not on leave (a short week at a bank holiday has less).
Team managers chair only the few secure and pre-birth meetings, so at 0.8 overall the
independent reviewing officers themselves run at about 0.9: a tight month, as services are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from solver.generate.calendar import weekday_name
from solver.generate.meetings import MeetingDraft, MeetingDrafter
from solver.generate.plan import Booking, Timetable

# Consecutive drafts that fit nowhere in a week before the week is called full.
_PATIENCE = 25
# Chairs tried for one meeting, nearest first: nobody drives across a region for a review.
_CHAIRS_TRIED = 14
# Random minutes added to a chair's distance, so the nearest chair does not take everything.
_DISTANCE_NOISE = 40


@dataclass
class WeekLoad:
    days: list[date]
    capacity: int
    planted: int = 0


def _absent_all_day(timetable: Timetable, chair_id: str, day: date) -> bool:
    blocks = timetable.chair_blocks[chair_id].get(day, [])
    return any(b[0] <= timetable.day_start and b[1] >= timetable.day_end for b in blocks)


def week_capacity(timetable: Timetable, days: list[date]) -> int:
    total = 0.0
    for chair in timetable.chairs.values():
        present = [
            d
            for d in days
            if weekday_name(d) in chair["working_days"]
            and not _absent_all_day(timetable, chair["id"], d)
        ]
        total += chair["max_minutes_per_week"] * len(present) / len(chair["working_days"])
    return int(total)


class Planter:
    def __init__(self, rng: random.Random, timetable: Timetable, drafter: MeetingDrafter) -> None:
        self.rng = rng
        self.timetable = timetable
        self.drafter = drafter
        self.drafts: dict[str, MeetingDraft] = {}
        self.day_minutes: dict[date, int] = {}

    def fill(self, weeks: list[list[date]], peak_utilisation: float) -> list[WeekLoad]:
        loads = [WeekLoad(days, week_capacity(self.timetable, days)) for days in weeks]
        for load in loads:
            self._fill_week(load, int(peak_utilisation * load.capacity))
        return loads

    def _fill_week(self, load: WeekLoad, target: int) -> None:
        failures = 0
        while failures < _PATIENCE:
            draft = self.drafter.draft()
            if load.planted + draft.duration > target:
                return
            booking = self._place_in_week(draft, load.days)
            if booking is None:
                failures += 1
                continue
            failures = 0
            self.drafter.accept(draft)
            self.drafts[draft.id] = draft
            self.day_minutes[booking.day] = self.day_minutes.get(booking.day, 0) + draft.duration
            load.planted += draft.duration

    def _place_in_week(self, draft: MeetingDraft, days: list[date]) -> Booking | None:
        # Quietest days first, so each day of the week carries a similar load.
        noise = {d: self.rng.uniform(0, 120) for d in days}
        ordered = sorted(days, key=lambda d: self.day_minutes.get(d, 0) + noise[d])
        chair_ids = self._chairs_for(draft)
        for day in ordered:
            booking = self.timetable.try_place(draft, day, chair_ids)
            if booking is not None:
                return booking
        return None

    def _chairs_for(self, draft: MeetingDraft) -> list[str]:
        roles = set(draft.eligible_roles or ["chair"])
        travel = self.timetable.travel[draft.locality]
        eligible = [c for c in self.timetable.chairs.values() if roles & set(c["roles"])]
        distance = {
            c["id"]: travel[c["base"]] + self.rng.uniform(0, _DISTANCE_NOISE) for c in eligible
        }
        ordered = sorted(distance, key=distance.__getitem__)
        return ordered[:_CHAIRS_TRIED]
