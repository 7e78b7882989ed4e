"""The instance, read once into indexed, integer form for the model, the greedy and the scorer.

Time is one integer line: minute `t` is `(day − day0) * 1440 + minutes since midnight`, where
`day` is a date's ordinal and `day0` the first horizon day's. A meeting's placement is then just
(start minute, chair index, room index or None); its day is `start // 1440`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from solver.format.score_table import DEFAULT_WEIGHTS
from solver.format.types import Instance
from solver.format.types import Interval as UnavailableTime

MINUTES_PER_DAY = 1440
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PHYSICAL_FORMATS = ("in_person", "hybrid", "off_site")
ROOM_FORMATS = ("in_person", "hybrid")
DEFAULT_FAMILY_TRAVEL_LIMIT = 60


Interval = tuple[int, int]


@dataclass(frozen=True)
class Placement:
    start: int  # minute on the global line
    chair: int
    room: int | None

    @property
    def day(self) -> int:
        return self.start // MINUTES_PER_DAY


@dataclass
class Chair:
    idx: int
    id: str
    base: int
    share: int  # round(100 × fte), the fair-share weight
    roles: frozenset[str]
    weekdays: frozenset[int]
    max_per_day: int
    max_week_minutes: int
    kit: bool
    unavailable: list[Interval]


@dataclass
class Room:
    idx: int
    id: str
    loc: int
    capacity: int
    full_hybrid: bool
    accessible: bool
    waiting_area: bool
    unavailable: list[Interval]


@dataclass
class Person:
    idx: int
    id: str
    role: str
    unavailable: list[Interval]


@dataclass
class Meeting:
    idx: int
    id: str
    duration: int
    earliest: int  # day numbers
    latest: int
    preferred_latest: int | None
    format: str
    loc: int
    family_travel_limit: int
    in_person_count: int
    required: tuple[int, ...]
    optional: tuple[int, ...]
    allocated: int | None
    chair_fixed: bool
    eligible_roles: frozenset[str]
    needs_accessible: bool
    needs_waiting_area: bool
    window: Interval  # earliest start and latest end, minutes since midnight
    current: Placement | None
    pinned: bool
    # Filled by prepare(): what the hard rules leave open to this meeting on its own.
    days: list[int] = field(default_factory=list)
    chairs: list[int] = field(default_factory=list)
    rooms: list[int] = field(default_factory=list)

    @property
    def physical(self) -> bool:
        return self.format in PHYSICAL_FORMATS

    @property
    def needs_room(self) -> bool:
        return self.format in ROOM_FORMATS


@dataclass
class Problem:
    instance: Instance
    day0: int
    days: list[int]
    grain: int
    day_start: int
    day_end: int
    localities: list[str]
    travel: list[list[int]]
    chairs: list[Chair]
    rooms: list[Room]
    people: list[Person]
    meetings: list[Meeting]
    weights: dict[str, int]
    not_before: int | None
    cache: dict = field(default_factory=dict)  # per-day masks, filled on first use
    weeks: dict[int, tuple[int, int]] = field(default_factory=dict)  # day → ISO (year, week)

    def rank(self, day: int) -> int:
        """How many horizon days are on or before `day` (the spec's rank())."""
        return bisect.bisect_right(self.days, day)

    def date_of(self, day: int) -> date:
        return date.fromordinal(self.day0 + day)

    def week_of(self, day: int) -> tuple[int, int]:
        week = self.weeks.get(day)
        if week is None:  # asked of every booking in every search step: worth remembering
            iso = self.date_of(day).isocalendar()
            week = self.weeks[day] = (iso[0], iso[1])
        return week

    def weekday_of(self, day: int) -> int:
        return (self.day0 + day + 6) % 7  # date.fromordinal(1) is a Monday

    def location(self, meeting: Meeting, room: int | None) -> int | None:
        """Where the chair has to be: the room's locality, or the family's for off-site."""
        if meeting.format == "off_site":
            return meeting.loc
        if not meeting.physical or room is None:
            return None
        return self.rooms[room].loc


def minutes_of(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def read_problem(instance: Instance) -> Problem:
    """Index an instance (assumed valid) and work out each meeting's own options."""
    day0 = date.fromisoformat(instance["days"][0]).toordinal()
    localities = list(instance["localities"])
    loc_index = {name: i for i, name in enumerate(localities)}

    def day_of(text: str) -> int:
        return date.fromisoformat(text).toordinal() - day0

    def moment(text: str) -> int:
        day_text, time_text = text.split("T")
        return day_of(day_text) * MINUTES_PER_DAY + minutes_of(time_text)

    def intervals(items: list[UnavailableTime] | None) -> list[Interval]:
        return sorted((moment(i["start"]), moment(i["end"])) for i in items or [])

    travel = [[instance["travel_minutes"][a][b] for b in localities] for a in localities]
    chairs = [
        Chair(
            idx=i,
            id=c["id"],
            base=loc_index[c["base"]],
            share=round(100 * c["fte"]),
            roles=frozenset(c["roles"]),
            weekdays=frozenset(WEEKDAYS.index(w) for w in c["working_days"]),
            max_per_day=c["max_meetings_per_day"],
            max_week_minutes=c["max_minutes_per_week"],
            kit=bool(c["portable_hybrid_kit"]),
            unavailable=intervals(c.get("unavailable")),
        )
        for i, c in enumerate(instance["chairs"])
    ]
    rooms = [
        Room(
            idx=i,
            id=r["id"],
            loc=loc_index[r["locality"]],
            capacity=r["capacity"],
            full_hybrid=r["hybrid"] == "full",
            accessible=bool(r["accessible"]),
            waiting_area=bool(r["separate_waiting_area"]),
            unavailable=intervals(r.get("unavailable")),
        )
        for i, r in enumerate(instance["rooms"])
    ]
    people = [
        Person(i, p["id"], p.get("role", ""), intervals(p.get("unavailable")))
        for i, p in enumerate(instance["people"])
    ]
    ids = {
        "chair": {c.id: c.idx for c in chairs},
        "room": {r.id: r.idx for r in rooms},
        "person": {p.id: p.idx for p in people},
    }
    day_start, day_end = minutes_of(instance["day_start"]), minutes_of(instance["day_end"])
    meetings = [
        _read_meeting(i, m, ids, loc_index, day_of, (day_start, day_end))
        for i, m in enumerate(instance["meetings"])
    ]
    not_before = instance.get("not_before")
    problem = Problem(
        instance=instance,
        day0=day0,
        days=[day_of(d) for d in instance["days"]],
        grain=instance["grain_minutes"],
        day_start=day_start,
        day_end=day_end,
        localities=localities,
        travel=travel,
        chairs=chairs,
        rooms=rooms,
        people=people,
        meetings=meetings,
        weights=DEFAULT_WEIGHTS | dict(instance.get("weights") or {}),
        not_before=day_of(not_before) if not_before else None,
    )
    for meeting in meetings:
        _prepare_options(problem, meeting)
    return problem


def _read_meeting(idx, m, ids, loc_index, day_of, day_bounds) -> Meeting:
    window = m.get("time_window") or {}
    current = m.get("current")
    placement = None
    if current:
        start = day_of(current["day"]) * MINUTES_PER_DAY + minutes_of(current["start"])
        room = current.get("room")
        room_idx = ids["room"][room] if room is not None else None
        placement = Placement(start, ids["chair"][current["chair"]], room_idx)
    allocated = m.get("allocated_chair")
    return Meeting(
        idx=idx,
        id=m["id"],
        duration=m["duration_minutes"],
        earliest=day_of(m["earliest"]),
        latest=day_of(m["latest"]),
        preferred_latest=day_of(m["preferred_latest"]) if m.get("preferred_latest") else None,
        format=m["format"],
        loc=loc_index[m["locality"]],
        family_travel_limit=m.get("max_family_travel_minutes", DEFAULT_FAMILY_TRAVEL_LIMIT),
        in_person_count=m["in_person_count"],
        required=tuple(ids["person"][p] for p in m.get("required_people", [])),
        optional=tuple(dict.fromkeys(ids["person"][p] for p in m.get("optional_people", []))),
        allocated=ids["chair"][allocated] if allocated else None,
        chair_fixed=bool(m.get("chair_fixed")),
        eligible_roles=frozenset(m.get("eligible_roles") or ["chair"]),
        needs_accessible=bool(m.get("needs_accessible")),
        needs_waiting_area=bool(m.get("needs_separate_waiting_area")),
        window=(
            max(day_bounds[0], minutes_of(window.get("earliest_start", "00:00"))),
            min(day_bounds[1], minutes_of(window.get("latest_end", "23:59"))),
        ),
        current=placement,
        pinned=bool(m.get("pinned")),
    )


def chair_may_chair(meeting: Meeting, chair: Chair) -> bool:
    """Rule 3 without the calendar: role, and the fixed chair."""
    if meeting.chair_fixed and chair.idx != meeting.allocated:
        return False
    return bool(meeting.eligible_roles & chair.roles)


def room_suits(problem: Problem, meeting: Meeting, room: Room) -> bool:
    """Rule 6 without the calendar (hybrid equipment is rule 8, judged with the chair)."""
    return (
        room.capacity >= meeting.in_person_count
        and (room.accessible or not meeting.needs_accessible)
        and (room.waiting_area or not meeting.needs_waiting_area)
        and problem.travel[meeting.loc][room.loc] <= meeting.family_travel_limit
    )


def _prepare_options(problem: Problem, meeting: Meeting) -> None:
    if meeting.pinned:
        return
    first = meeting.earliest
    if problem.not_before is not None:
        first = max(first, problem.not_before)
    meeting.days = [d for d in problem.days if d >= first]
    meeting.chairs = [c.idx for c in problem.chairs if chair_may_chair(meeting, c)]
    if meeting.needs_room:
        meeting.rooms = [r.idx for r in problem.rooms if room_suits(problem, meeting, r)]
        meeting.rooms.sort(key=lambda r: (problem.travel[meeting.loc][problem.rooms[r].loc], r))


def slot_starts(problem: Problem, meeting: Meeting) -> list[int]:
    """Start minutes (since midnight) on the grain that fit the working day and time window."""
    first, last_end = meeting.window
    starts = []
    minute = problem.day_start
    while minute + meeting.duration <= problem.day_end:
        if minute >= first and minute + meeting.duration <= last_end:
            starts.append(minute)
        minute += problem.grain
    return starts


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Each starts before the other ends; touching ends do not overlap."""
    return a_start < b_end and b_start < a_end
