"""Synthetic names, organisations, addresses and contact details for the demo county.

Faker (en_GB), seeded, so one seed always gives the same county. Every email address is on the
reserved example.org domain; every phone number is in Ofcom's ranges reserved for drama
(07700 900xxx, 01632 960xxx), so no real person can be reached through the demo.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from faker import Faker

from app.solver_bridge import format_types as exchange

DOMAIN = "example.org"
# Real postcode districts of the county's towns; the streets, numbers and units are invented.
POSTCODE_DISTRICTS = {
    "Lincoln": ("LN1", "LN2", "LN5", "LN6"),
    "Gainsborough": ("DN21",),
    "Louth": ("LN11",),
    "Skegness": ("PE25",),
    "Boston": ("PE21",),
    "Spalding": ("PE11",),
    "Stamford": ("PE9",),
    "Grantham": ("NG31",),
    "Sleaford": ("NG34",),
    "Horncastle": ("LN9",),
}
_STREET_TYPES = ("Road", "Street", "Lane", "Avenue", "Way", "Close", "Gate", "Place")
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in a postcode's unit
_SCHOOLS = (
    "Primary School",
    "Church of England Primary School",
    "Academy",
    "High School",
    "Nursery School",
)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


class DemoDetails:
    """Hands out the synthetic details; `town_of` says where each instance person works or lives."""

    def __init__(self, seed: int, town_of: dict[str, str], towns: list[str]) -> None:
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.rng = random.Random(f"quorum-demo/details/{seed}")
        self.town_of = town_of
        self.towns = towns
        self._emails: set[str] = set()
        self._venues: dict[tuple[str, str], str] = {}

    # -- contact details ---------------------------------------------------------------------
    def email(self, name: str) -> str:
        parts = [_ascii(p) for p in name.replace("Dr ", "").split()]
        local = ".".join(p for p in parts if p) or "person"
        candidate, n = f"{local}@{DOMAIN}", 1
        while candidate in self._emails:
            n += 1
            candidate = f"{local}{n}@{DOMAIN}"
        self._emails.add(candidate)
        return candidate

    def mobile(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def street(self) -> str:
        # Faker's own street suffixes include "Tunnel" and "Manor"; these read like a county town.
        return f"{self.faker.last_name()} {self.rng.choice(_STREET_TYPES)}"

    def postcode(self, town: str) -> str:
        district = self.rng.choice(POSTCODE_DISTRICTS.get(town, ("LN1",)))
        unit = "".join(self.rng.choice(_UNIT_LETTERS) for _ in range(2))
        return f"{district} {self.rng.randint(1, 9)}{unit}"

    # -- the exchange format's gaps (app.demo.rows.Details) ------------------------------------
    def person(self, person: Mapping[str, Any]) -> dict:
        """Person fields for an instance person (or a synthetic one: {"id", "role", "town"})."""
        role = person["role"]
        town = person.get("town") or self.town_of.get(person["id"]) or self._town_in_id(person)
        name = f"{self.faker.first_name()} {self.faker.last_name()}"
        if role == "gp":
            name = f"Dr {name}"
        family = role == "parent"
        return {
            "name": name,
            "role": role,
            "organisation": "" if family else self.organisation(role, town),
            "email": self.email(name),
            "phone": self.mobile() if family else self.landline(),
        }

    def organisation(self, role: str, town: str) -> str:
        if role == "gp":
            return f"{self.faker.last_name()} Medical Practice, {town}"
        if role == "school":
            return f"{self.faker.last_name()} {self.rng.choice(_SCHOOLS)}, {town}"
        return {
            "social_worker": f"Children's Services, {town} area team",
            "health_visitor": f"Health visiting team, {town}",
            "police": f"Public Protection Unit, {town}",
            "midwife": f"Safeguarding midwives, {town}",
            "advocate": "Independent advocacy service",
        }.get(role, f"{role.replace('_', ' ').capitalize()}, {town}")

    def _town_in_id(self, person: Mapping[str, Any]) -> str:
        # Agency ids carry a shortened town ("GP-Gainsborou-2").
        parts = person["id"].split("-")
        if len(parts) == 3:
            for town in self.towns:
                if "".join(c for c in town if c.isalpha()).startswith(parts[1]):
                    return town
        return self.towns[0]

    def room_address(self, room: exchange.Room) -> str:
        """One address per venue, so a venue's rooms share it."""
        town = room["locality"]
        venue = room["name"].split(",")[0].removeprefix(f"{town} ").strip()
        key = (town, venue)
        if key not in self._venues:
            street = f"{self.rng.randint(1, 120)} {self.street()}"
            self._venues[key] = f"{venue}, {street}, {town} {self.postcode(town)}"
        return self._venues[key]

    def chair_email(self, chair: exchange.Chair) -> str:
        return self.email(chair["name"])

    # -- children ------------------------------------------------------------------------------
    def initials(self) -> str:
        return self.rng.choice("ABCDEFGHJKLMNPRSTW") + self.rng.choice("ABCDEFGHJKLMNPRSTW")
