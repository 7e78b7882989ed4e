"""Meeting requests in the service's proportions (before they are placed and given windows).

Proportions follow a shire county's Independent Reviewing Service: about two thirds are
children-in-care reviews, a quarter child protection conferences, and a few short-break, secure
and pre-birth meetings. Formats follow practice since 2020: conferences mostly hybrid, reviews
often held where the child lives.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from solver.generate.geography import Geography
from solver.generate.people import PeopleRegistry, role_of

TYPE_SHARES = {
    "CIC_REVIEW": 0.66,
    "RCPC": 0.15,
    "ICPC": 0.10,
    "STB_REVIEW": 0.03,
    "SECURE_REVIEW": 0.02,
    "PREBIRTH_STRATEGY": 0.02,
    "PREBIRTH_ICPC": 0.02,
}
FORMAT_SHARES = {
    "ICPC": {"hybrid": 0.7, "in_person": 0.2, "virtual": 0.1},
    "PREBIRTH_ICPC": {"hybrid": 0.7, "in_person": 0.2, "virtual": 0.1},
    "RCPC": {"hybrid": 0.55, "virtual": 0.3, "in_person": 0.15},
    "CIC_REVIEW": {"off_site": 0.35, "virtual": 0.3, "in_person": 0.25, "hybrid": 0.1},
    "STB_REVIEW": {"off_site": 0.6, "virtual": 0.4},
    "SECURE_REVIEW": {"off_site": 0.8, "virtual": 0.2},
    "PREBIRTH_STRATEGY": {"virtual": 0.8, "hybrid": 0.2},
}
DURATIONS = {
    "ICPC": (120,),
    "PREBIRTH_ICPC": (120,),
    "RCPC": (90,),
    "CIC_REVIEW": (60, 75, 90),
    "STB_REVIEW": (60,),
    "SECURE_REVIEW": (60,),
    "PREBIRTH_STRATEGY": (60,),
}
ELIGIBLE_ROLES = {
    "SECURE_REVIEW": ["team_manager"],
    "PREBIRTH_STRATEGY": ["senior", "team_manager"],
}
# Chance that a meeting keeps the chair the child or family already has (continuity).
CONTINUITY = {"CIC_REVIEW": 0.92, "RCPC": 0.85, "STB_REVIEW": 0.9, "SECURE_REVIEW": 0.5}
CP_CONFERENCES = ("ICPC", "PREBIRTH_ICPC", "RCPC")
ROOM_FORMATS = ("in_person", "hybrid")
AFTER_SCHOOL = 15 * 60 + 30
MORNING_END = 12 * 60


@dataclass
class MeetingDraft:
    id: str
    type: str
    case: str
    duration: int
    format: str
    locality: str
    in_person_count: int
    required_people: list[str] = field(default_factory=list)
    optional_people: list[str] = field(default_factory=list)
    eligible_roles: list[str] | None = None
    needs_accessible: bool = False
    needs_separate_waiting_area: bool = False
    max_family_travel: int | None = None
    earliest_start: int | None = None  # minutes after midnight
    latest_end: int | None = None
    continuity: bool = False
    chair_fixed: bool = False

    @property
    def needs_room(self) -> bool:
        return self.format in ROOM_FORMATS

    def people_with_roles(self) -> list[tuple[str, str]]:
        return [(p, role_of(p)) for p in self.required_people + self.optional_people]


class MeetingDrafter:
    def __init__(self, rng: random.Random, geography: Geography, people: PeopleRegistry) -> None:
        self._rng = rng
        self._geography = geography
        self._people = people
        self._towns = list(geography.localities)
        self._town_weights = [geography.population_share.get(t, 0.05) for t in self._towns]
        # Secure placements are all at the service's secure unit (Lincolnshire's is in Sleaford).
        self._secure_unit = "Sleaford" if "Sleaford" in self._towns else self._towns[0]
        self.count = 0

    def _weighted(self, shares: dict[str, float]) -> str:
        keys = list(shares)
        return self._rng.choices(keys, weights=[shares[k] for k in keys])[0]

    def draft(self) -> MeetingDraft:
        """A new request; ids advance only when `accept` is called for a placed one."""
        rng = self._rng
        kind = self._weighted(TYPE_SHARES)
        town = self._secure_unit if kind == "SECURE_REVIEW" else rng.choices(
            self._towns, weights=self._town_weights)[0]  # fmt: skip
        fmt = self._weighted(FORMAT_SHARES[kind])
        number = self.count + 1
        draft = MeetingDraft(
            id=f"M{number:04d}",
            type=kind,
            case=f"F{number:04d}",
            duration=rng.choice(DURATIONS[kind]),
            format=fmt,
            locality=town,
            in_person_count=self._in_person_count(kind, fmt),
            eligible_roles=ELIGIBLE_ROLES.get(kind),
            continuity=rng.random() < CONTINUITY.get(kind, 0.0),
        )
        draft.chair_fixed = draft.continuity and rng.random() < 0.1
        self._add_people(draft)
        self._add_needs(draft)
        return draft

    def accept(self, draft: MeetingDraft) -> None:
        self.count += 1
        self._people.commit(draft.people_with_roles())

    def _in_person_count(self, kind: str, fmt: str) -> int:
        if fmt not in ROOM_FORMATS:
            return 0
        return self._rng.randint(4, 7) if kind in CP_CONFERENCES else self._rng.randint(3, 6)

    def _add_people(self, draft: MeetingDraft) -> None:
        rng, people, town = self._rng, self._people, draft.locality
        draft.required_people.append(people.social_worker(town))
        if draft.type in CP_CONFERENCES:
            draft.required_people += people.new_parents(2 if rng.random() < 0.6 else 1)
            optional = [("gp", 0.7), ("school", 0.5), ("health_visitor", 0.4)]
            optional.append(("police", 0.6 if draft.type == "ICPC" else 0.2))
            if draft.type == "PREBIRTH_ICPC":
                optional = [("gp", 0.6), ("midwife", 0.9), ("police", 0.3)]
        elif draft.type == "PREBIRTH_STRATEGY":
            draft.required_people += people.new_parents(1)
            optional = [("midwife", 0.8), ("gp", 0.4)]
        else:
            parent = people.new_parents(1)
            if rng.random() < 0.3:
                draft.required_people += parent
            elif rng.random() < 0.6:
                draft.optional_people += parent
            optional = [("school", 0.4), ("health_visitor", 0.2), ("gp", 0.1)]
            if rng.random() < 0.5:
                draft.optional_people.append(people.advocate())
        for role, chance in optional:
            if rng.random() < chance:
                draft.optional_people.append(people.agency(role, town))
        draft.optional_people = list(dict.fromkeys(draft.optional_people))

    def _add_needs(self, draft: MeetingDraft) -> None:
        rng = self._rng
        if draft.needs_room:
            draft.needs_accessible = rng.random() < 0.08
            two_parents = sum(p.startswith("PAR") for p in draft.required_people) == 2
            # Parties kept apart: mostly conferences where one parent must not meet the other.
            chance = 0.3 if two_parents else 0.05
            draft.needs_separate_waiting_area = rng.random() < chance
            if rng.random() < 0.1:
                draft.max_family_travel = 45
        if draft.type in ("CIC_REVIEW", "STB_REVIEW") and draft.duration <= 90:
            roll = rng.random()
            if roll < 0.08:
                draft.earliest_start = AFTER_SCHOOL  # the child attends after school
            elif roll < 0.12:
                draft.latest_end = MORNING_END  # carer's school run or a contact session
