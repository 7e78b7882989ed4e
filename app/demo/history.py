"""A year of held meetings for the reports, laid on a simple grid.

Each chair's day has three slots (09:30, 12:00, 14:30; a meeting lasts at most two hours), and a
slot of a chair or of a room holds one meeting, so no chair and no room is ever double-booked:
the database's own constraints (meetings_*_no_overlap) would refuse the load otherwise. Travel
between a chair's meetings is not modelled: this is history, not a plan.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.demo.cases import Casebook, CasePlan
from app.demo.chains import CALENDAR, Step
from app.demo.rows import InstanceRows
from app.extensions import db
from app.models import Chair, Meeting, MeetingRequest
from app.solver_bridge.format_types import Instance
from app.solver_bridge.instance import local_day_time_to_utc
from app.time import LONDON
from app.timescales import MeetingType

SLOTS = ("09:30", "12:00", "14:30")
FORMATS = {
    "ICPC": {"hybrid": 0.7, "in_person": 0.2, "virtual": 0.1},
    "RCPC": {"hybrid": 0.55, "virtual": 0.3, "in_person": 0.15},
    "CIC_REVIEW": {"off_site": 0.35, "virtual": 0.3, "in_person": 0.25, "hybrid": 0.1},
    "STB_REVIEW": {"off_site": 0.6, "virtual": 0.4},
    "SECURE_REVIEW": {"off_site": 0.8, "virtual": 0.2},
}
ELIGIBLE = {"SECURE_REVIEW": ("team_manager",), "PREBIRTH_STRATEGY": ("senior", "team_manager")}
NEARBY_MINUTES = 45
_TRIES = 8  # working days either side of the intended day before giving up on a meeting


@dataclass(frozen=True)
class Booking:
    day: date
    slot: str
    chair: str
    room: str | None
    format: str


class HistoryGrid:
    def __init__(
        self,
        rng: random.Random,
        instance: Instance,
        rows: InstanceRows,
        load_day: date,
        now: datetime,
    ) -> None:
        self.rng, self.rows, self.now = rng, rows, now
        self.travel = instance["travel_minutes"]
        self.room_town = {room["id"]: room["locality"] for room in instance["rooms"]}
        self.last_day = CALENDAR.previous_working_day(load_day)
        self.taken: set[tuple[str, date, str]] = set()  # (chair or room id, day, slot)
        self.per_day: Counter[tuple[str, date]] = Counter()
        self.load: Counter[str] = Counter()
        self.held: list[Meeting] = []

    def book_all(self, book: Casebook) -> list[Meeting]:
        for plan in book.plans.values():
            for step in plan.history:
                self._book(plan, step)
        db.session.add_all(self.held)
        return self.held

    def _book(self, plan: CasePlan, step: Step) -> None:
        fmt = self._weighted(FORMATS.get(step.meeting_type, {"virtual": 1.0}))
        duration = MeetingType(step.meeting_type).info.duration_minutes
        assert step.held is not None  # a history's steps were held (chains.held_chain)
        for day in self._days_near(min(step.held, self.last_day)):
            booking = self._fit(plan, step.meeting_type, day, fmt)
            if booking:
                self.held.append(self._meeting(plan, step, booking, duration))
                return

    def _days_near(self, day: date) -> list[date]:
        later, earlier, days = day, day, [day]
        for _ in range(_TRIES):
            later = CALENDAR.next_working_day(later)
            earlier = CALENDAR.previous_working_day(earlier)
            days += [d for d in (later, earlier) if d <= self.last_day]
        return days

    def _fit(self, plan: CasePlan, meeting_type: str, day: date, fmt: str) -> Booking | None:
        needs_room = fmt in ("in_person", "hybrid")
        for chair_id in self._chairs(plan, meeting_type, day):
            for slot in SLOTS:
                if (chair_id, day, slot) in self.taken:
                    continue
                room = self._room(plan.locality, day, slot, fmt) if needs_room else None
                # No room free nearby: held online instead, as a busy service would.
                held_as = "virtual" if needs_room and room is None else fmt
                booking = Booking(day, slot, chair_id, room, held_as)
                self._take(booking)
                return booking
        return None

    def _chairs(self, plan: CasePlan, meeting_type: str, day: date) -> list[str]:
        roles = ELIGIBLE.get(meeting_type, ("chair",))
        weekday = ("mon", "tue", "wed", "thu", "fri")[day.weekday()]
        free = [
            cid
            for cid, chair in self.rows.chairs.items()
            if set(roles) & set(chair.role_list)
            and weekday in chair.working_day_list
            and self.per_day[(cid, day)] < chair.max_meetings_per_day
        ]
        free.sort(key=lambda cid: (cid != plan.chair, self.load[cid], cid))
        return free

    def _room(self, town: str, day: date, slot: str, fmt: str) -> str | None:
        def preference(room_id: str) -> tuple[int, bool, str]:
            minutes = self.travel[town][self.room_town[room_id]]
            return minutes, fmt == "hybrid" and self.rows.rooms[room_id].hybrid != "full", room_id

        for room_id in sorted(self.rows.rooms, key=preference):
            if preference(room_id)[0] > NEARBY_MINUTES:
                return None
            if (room_id, day, slot) not in self.taken:
                return room_id
        return None

    def _take(self, booking: Booking) -> None:
        self.taken.add((booking.chair, booking.day, booking.slot))
        if booking.room:
            self.taken.add((booking.room, booking.day, booking.slot))
        self.per_day[(booking.chair, booking.day)] += 1
        self.load[booking.chair] += 1

    def _meeting(self, plan: CasePlan, step: Step, booking: Booking, duration: int) -> Meeting:
        starts = local_day_time_to_utc(booking.day, booking.slot)
        ends = local_day_time_to_utc(booking.day, _plus(booking.slot, duration))
        late = booking.day > step.window.latest
        reason, agreed = step.late or ("The family asked for a later date.", "team manager")
        chair: Chair = self.rows.chairs[booking.chair]
        request = MeetingRequest(
            case_id=plan.case.id,
            meeting_type=step.meeting_type,
            sequence=step.sequence,
            trigger_date=step.trigger,
            earliest=step.window.earliest,
            latest=step.window.latest,
            preferred_latest=step.window.preferred_latest,
            window_rule=step.window.rule[:300],
            duration_minutes=duration,
            format=booking.format,
            locality_id=self.rows.localities[plan.locality].id,
            in_person_count=self.rng.randint(3, 6) if booking.room else 1,
            allocated_chair_id=self.rows.chairs[plan.chair].id if plan.chair else None,
            status="held",
            created_at=_morning(step.trigger, starts),
        )
        return Meeting(
            request=request,
            starts_at=starts,
            ends_at=ends,
            room_id=self.rows.rooms[booking.room].id if booking.room else None,
            chair_id=chair.id,
            status="held",
            held_on=booking.day,
            late_reason=reason if late else "",
            late_agreed_by=self._agreed(agreed) if late else "",
            ical_uid=f"demo-held-{len(self.held) + 1:05d}@quorum.example.org",
            created_at=request.created_at,
            updated_at=ends,
        )

    def _agreed(self, who: str) -> str:
        if who != "team manager":
            return who
        managers = sorted(
            c.name for c in self.rows.chairs.values() if "team_manager" in c.role_list
        )
        return f"{self.rng.choice(managers)} (team manager)" if managers else who

    def _weighted(self, shares: dict[str, float]) -> str:
        keys = list(shares)
        return self.rng.choices(keys, weights=[shares[k] for k in keys])[0]


def _plus(clock: str, minutes: int) -> str:
    hours, mins = divmod(int(clock[:2]) * 60 + int(clock[3:]) + minutes, 60)
    return f"{hours:02d}:{mins:02d}"


def _morning(day: date, at_latest: datetime) -> datetime:
    """When the request was entered: the trigger day's morning, never after the meeting."""
    entered = datetime.combine(day, time(9, 0), LONDON).astimezone(UTC)
    return min(entered, at_latest)
