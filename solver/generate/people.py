"""The people around each meeting: social workers, parents and the agencies invited.

Social workers carry several cases, so one worker is required at several meetings and the plan
must keep them apart (rule 9); parents are new for each family. Agencies (GP, school, health
visitor, police, midwife) are pools per locality; advocates serve the whole service.
"""

from __future__ import annotations

import math
import random

from solver.generate.geography import Geography

# Cases per social worker within one month's bookings; a worker's caseload is ~15 children,
# about three of whom have a meeting due in any month.
_MEETINGS_PER_SOCIAL_WORKER = 3.0
_AGENCY_POOL_PER_MEETINGS = {"gp": 12, "school": 10, "health_visitor": 25, "police": 40,
                             "midwife": 80}  # fmt: skip
_ID_PREFIX = {"gp": "GP", "school": "SCH", "health_visitor": "HEA", "police": "POL",
              "midwife": "MID"}  # fmt: skip


def _slug(town: str) -> str:
    # Ids stay short and readable like week.json's "GP-Gainsborou-2".
    return "".join(ch for ch in town if ch.isalpha())[:10]


class PeopleRegistry:
    """Creates people as meetings need them; only those named by a placed meeting are kept."""

    def __init__(self, rng: random.Random, geography: Geography, expected_meetings: int) -> None:
        self._rng = rng
        self._geography = geography
        self._expected_by_town = {
            town: max(1.0, expected_meetings * geography.population_share.get(town, 0.05))
            for town in geography.localities
        }
        self.people: dict[str, dict] = {}
        self._social_workers: dict[str, list[str]] = {}
        self._next_social_worker = 1
        self._next_parent = 1
        self._advocates = [f"ADV-{k:02d}" for k in range(1, max(3, expected_meetings // 40) + 1)]

    def social_worker(self, town: str) -> str:
        pool = self._social_workers.setdefault(town, [])
        wanted = math.ceil(self._expected_by_town[town] / _MEETINGS_PER_SOCIAL_WORKER)
        if len(pool) < wanted:
            pool.append(f"SW{self._next_social_worker:03d}")
            self._next_social_worker += 1
        return self._rng.choice(pool)

    def agency(self, role: str, town: str) -> str:
        size = math.ceil(self._expected_by_town[town] / _AGENCY_POOL_PER_MEETINGS[role])
        return f"{_ID_PREFIX[role]}-{_slug(town)}-{self._rng.randint(1, size)}"

    def advocate(self) -> str:
        return self._rng.choice(self._advocates)

    def new_parents(self, count: int) -> list[str]:
        """Ids for a new family's parents; they exist only once `commit` is called."""
        return [f"PAR{self._next_parent + k:04d}" for k in range(count)]

    def commit(self, ids_and_roles: list[tuple[str, str]]) -> None:
        """Record the people of a meeting that has been placed in the plan."""
        for person_id, role in ids_and_roles:
            self.people.setdefault(person_id, {"id": person_id, "role": role, "unavailable": []})
            if role == "parent":
                self._next_parent = max(self._next_parent, int(person_id[3:]) + 1)


def role_of(person_id: str) -> str:
    prefix = person_id.split("-")[0].rstrip("0123456789")
    return {
        "SW": "social_worker",
        "PAR": "parent",
        "ADV": "advocate",
        "GP": "gp",
        "SCH": "school",
        "HEA": "health_visitor",
        "POL": "police",
        "MID": "midwife",
    }[prefix]
