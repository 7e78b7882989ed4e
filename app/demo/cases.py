"""The demo county's cases: one for each open request of the month, and enough others (cases
with no meeting due this month) to make about 500. Each case gets its children (initials and
date of birth only), its parties, a few pairs kept apart, and its chain of meetings held in the
past year (app.demo.chains), which app.demo.history books onto the calendar.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.demo.chains import CALENDAR, Step, held_chain, trigger_before
from app.demo.details import DemoDetails
from app.demo.rows import InstanceRows
from app.extensions import db
from app.models import Case, CaseParty, Child, KeptApart, Person
from app.solver_bridge import format_types as exchange
from app.timescales import add_weeks, window

TOTAL_CASES = 500
KIND_OF_TYPE = {
    "CIC_REVIEW": "cic",
    "STB_REVIEW": "stb",
    "SECURE_REVIEW": "secure",
    "RCPC": "cp",
    "ICPC": "cp",
    "PREBIRTH_ICPC": "prebirth",
    "PREBIRTH_STRATEGY": "prebirth",
}
# Cases with nothing due this month, by kind, and the review each is waiting for.
_OTHER_KINDS = {"cic": 0.68, "cp": 0.27, "stb": 0.04, "secure": 0.01}
_NEXT_DUE = {
    "cic": ("CIC_REVIEW", "subsequent"),
    "cp": ("RCPC", "subsequent"),
    "stb": ("STB_REVIEW", "subsequent"),
    "secure": ("SECURE_REVIEW", "subsequent"),
}
# Place in the chain of this month's request, by type: (sequence, weight).
_SEQUENCE_SHARES = {
    "CIC_REVIEW": {"subsequent": 0.8, "second": 0.12, "first": 0.08},
    "RCPC": {"subsequent": 0.65, "first": 0.35},
    "STB_REVIEW": {"subsequent": 0.85, "first": 0.15},
    "SECURE_REVIEW": {"subsequent": 0.7, "first": 0.3},
}
_AGES = {"cic": (0, 17), "stb": (5, 17), "secure": (13, 17), "cp": (0, 15)}


@dataclass
class CasePlan:
    """A case and what it needs: its history to book, and its open request's chain details."""

    case: Case
    kind: str
    locality: str
    chair: str | None  # instance chair id of the allocated chair
    history: list[Step] = field(default_factory=list)


@dataclass
class Casebook:
    plans: dict[str, CasePlan] = field(default_factory=dict)  # by instance case id or "X…"
    describe: dict[str, dict] = field(default_factory=dict)  # open request extras, by meeting id

    @property
    def cases(self) -> dict[str, Case]:
        return {key: plan.case for key, plan in self.plans.items()}


class CaseBuilder:
    def __init__(
        self,
        rng: random.Random,
        details: DemoDetails,
        rows: InstanceRows,
        instance: exchange.Instance,
        plan: exchange.Solution,
        load_day: date,
    ) -> None:
        self.rng, self.details, self.rows = rng, details, rows
        self.instance = instance
        self.planted = {a["meeting"]: a for a in plan["assignments"]}
        self.load_day = load_day
        self.since = load_day - timedelta(days=365)
        self.month_end = date.fromisoformat(instance["days"][-1])
        self.book = Casebook()
        self._references: set[str] = set()

    def build(self, shares: dict[str, float]) -> Casebook:
        for meeting in self.instance["meetings"]:
            self._month_case(meeting)
        for k in range(TOTAL_CASES - len(self.book.plans)):
            self._other_case(f"X{k + 1:04d}", shares)
        db.session.add_all(plan.case for plan in self.book.plans.values())
        return self.book

    # -- cases with a request this month -------------------------------------------------------
    def _month_case(self, meeting: exchange.Meeting) -> None:
        kind = KIND_OF_TYPE[meeting["type"]]
        sequence = self._weighted(_SEQUENCE_SHARES.get(meeting["type"], {"first": 1.0}))
        latest = date.fromisoformat(meeting["latest"])
        trigger, edd = self._month_trigger(meeting, sequence, latest)
        if sequence == "first" and kind in ("cic", "stb", "secure") and trigger >= self.load_day:
            sequence = "second"  # the child cannot become looked after in the future
            trigger, edd = self._month_trigger(meeting, sequence, latest)
        history = []
        if trigger < self.load_day:
            history = held_chain(kind, (meeting["type"], sequence), trigger, self.since, self.rng)
        self.book.describe[meeting["id"]] = _describe(meeting["type"], sequence, trigger, edd)
        chair = None
        if kind != "prebirth" and meeting["type"] != "ICPC":
            chair = meeting.get("allocated_chair") or self.planted[meeting["id"]]["chair"]
        people = [
            self.rows.people[p] for p in meeting["required_people"] + meeting["optional_people"]
        ]
        parents = [p for p in people if p.role == "parent"]
        workers = [p for p in people if p.role == "social_worker"]
        apart = bool(meeting.get("needs_separate_waiting_area")) and len(parents) == 2
        home = meeting["locality"] if kind != "secure" else self._town()
        case = self._case(
            home,
            chair,
            kind,
            [trigger] + [s.trigger for s in history],
            edd,
            parents,
            workers[:1],
            apart,
        )
        self.book.plans[meeting["case"]] = CasePlan(case, kind, meeting["locality"], chair, history)

    def _month_trigger(
        self, meeting: exchange.Meeting, sequence: str, latest: date
    ) -> tuple[date, date | None]:
        kind = meeting["type"]
        if kind == "ICPC":
            return CALENDAR.subtract_working_days(latest, 15), None
        if kind == "PREBIRTH_STRATEGY":
            edd = add_weeks(latest, 12)
            return edd, edd
        if kind == "PREBIRTH_ICPC":
            planted = date.fromisoformat(self.planted[meeting["id"]]["day"])
            edd = add_weeks(planted, 10) - timedelta(days=self.rng.randint(0, 14))
            return CALENDAR.subtract_working_days(latest, 15), edd
        if (kind, sequence) == ("CIC_REVIEW", "first"):
            return CALENDAR.subtract_working_days(latest, 20), None
        return trigger_before(latest, kind, sequence), None

    # -- cases with nothing due this month -----------------------------------------------------
    def _other_case(self, key: str, shares: dict[str, float]) -> None:
        kind = self._weighted(_OTHER_KINDS)
        town = self._town(shares)
        newest = _NEXT_DUE[kind]
        months = 3 if kind == "secure" else 6
        due = self.month_end + timedelta(days=self.rng.randint(5, months * 30 - 40))
        trigger = trigger_before(due, *newest)
        history = held_chain(kind, newest, trigger, self.since, self.rng)
        chair = self._allocated_chair(kind)
        parents = [self._new_person("parent", town) for _ in range(self.rng.choice((1, 2, 2)))]
        worker = self._social_worker(town)
        apart = kind == "cp" and len(parents) == 2 and self.rng.random() < 0.1
        case = self._case(
            town,
            chair,
            kind,
            [trigger] + [s.trigger for s in history],
            None,
            parents,
            [worker],
            apart,
        )
        self.book.plans[key] = CasePlan(case, kind, town, chair, history)

    def _allocated_chair(self, kind: str) -> str:
        role = "team_manager" if kind == "secure" else "chair"
        chairs = [c for c in self.instance["chairs"] if role in c["roles"]]
        return self.rng.choices([c["id"] for c in chairs], weights=[c["fte"] for c in chairs])[0]

    def _social_worker(self, town: str) -> Person:
        workers = [
            p
            for pid, p in self.rows.people.items()
            if p.role == "social_worker" and self.details.town_of.get(pid) == town
        ]
        if not workers:
            workers = [p for p in self.rows.people.values() if p.role == "social_worker"]
        return self.rng.choice(workers)

    def _new_person(self, role: str, town: str) -> Person:
        person = Person(**self.details.person({"id": "", "role": role, "town": town}))
        db.session.add(person)
        return person

    # -- rows ----------------------------------------------------------------------------------
    def _case(
        self,
        town: str,
        chair: str | None,
        kind: str,
        triggers: list[date],
        edd: date | None,
        parents: list[Person],
        workers: list[Person],
        apart: bool,
    ) -> Case:
        opened = min([*triggers, self.load_day])
        if kind in ("cic", "cp", "stb") and len(triggers) > 2:
            opened -= timedelta(days=self.rng.randint(0, 700))  # open long before the year
        case = Case(
            reference=self._reference(),
            home_locality_id=self.rows.localities[town].id,
            allocated_chair_id=self.rows.chairs[chair].id if chair else None,
            opened_on=opened,
            children=self._children(kind, edd),
        )
        parties = [CaseParty(person=p, relationship_to_case="parent") for p in parents]
        parties += [CaseParty(person=p, relationship_to_case="social worker") for p in workers]
        case.parties = list({id(p.person): p for p in parties}.values())
        if apart:
            self._keep_apart(case, parents[0], parents[1])
        return case

    def _keep_apart(self, case: Case, one: Person, other: Person) -> None:
        if one.id is None or other.id is None:
            db.session.flush()  # new parents need their ids: pairs are stored in id order
        first, second = sorted((one.id, other.id))
        case.kept_apart = [KeptApart(person_a_id=first, person_b_id=second)]

    def _children(self, kind: str, edd: date | None) -> list[Child]:
        if kind == "prebirth":
            return [Child(initials=self.details.initials(), expected_delivery=edd)]
        low, high = _AGES[kind]
        count = self.rng.choice((1, 1, 2, 3)) if kind == "cp" else 1
        return [
            Child(
                initials=self.details.initials(),
                date_of_birth=self.load_day
                - timedelta(days=self.rng.randint(low * 365 + 30, high * 365 + 300)),
            )
            for _ in range(count)
        ]

    def _reference(self) -> str:
        while True:
            reference = f"QC{self.rng.randrange(10**7):07d}"
            if reference not in self._references:
                self._references.add(reference)
                return reference

    def _town(self, shares: dict[str, float] | None = None) -> str:
        shares = shares or {name: 1.0 for name in self.rows.localities}
        return self._weighted(shares)

    def _weighted(self, shares: dict[str, float]) -> str:
        keys = list(shares)
        return self.rng.choices(keys, weights=[shares[k] for k in keys])[0]


def _describe(meeting_type: str, sequence: str, trigger: date, edd: date | None) -> dict:
    """An open request's chain details, which the exchange format does not carry."""
    prebirth = meeting_type.startswith("PREBIRTH")
    rule = window(
        meeting_type,
        trigger,
        sequence=sequence,
        edd=edd if meeting_type == "PREBIRTH_ICPC" else None,
    ).rule
    return {
        "sequence": sequence,
        "trigger_date": trigger,
        "window_rule": rule[:300],
        "expected_delivery": edd if prebirth else None,
    }
