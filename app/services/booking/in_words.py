"""What an option costs, and what a hand booking breaks, in an admin's words (from the score
terms of docs/exchange-format.md, "Score"); and the solver's ids as names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Person
from app.solver_bridge.format_types import Instance
from app.time import format_day

_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# The checker speaks of the exchange format; an admin of working days and bookable days.
_PHRASES = {
    "is not one of the instance's working days": "is not a working day",
    "is before not_before": "is before the first day that can still be booked,",
}


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def costs_in_words(terms: dict[str, int]) -> list[str]:
    """Each score term an option adds, as a phrase; "No extra cost" when it adds none."""
    phrases = []
    if terms.get("days_late"):
        phrases.append(f"{_plural(terms['days_late'], 'working day')} out of timescale")
    if terms.get("margin_days"):
        days = _plural(terms["margin_days"], "working day")
        phrases.append(f"Margin: {days} after the safe date")
    if terms.get("continuity"):
        phrases.append("Continuity: not the child's allocated chair")
    if terms.get("chair_travel"):
        phrases.append(
            f"Travel: {_plural(terms['chair_travel'], 'minute')} more driving for the chair"
        )
    if terms.get("family_travel"):
        phrases.append(f"Family travel: {_plural(terms['family_travel'], 'minute')} to the room")
    if terms.get("portable_kit"):
        phrases.append("Portable kit: the room has no hybrid equipment, the chair brings the kit")
    if terms.get("optional_absent"):
        people = _plural(terms["optional_absent"], "optional attendee")
        phrases.append(f"{people} cannot come")
    if terms.get("overload", 0) > 0:
        phrases.append(
            f"Workload: {_plural(terms['overload'], 'minute')} beyond the chair's fair share"
        )
    if terms.get("overload", 0) < 0:
        minutes = _plural(-terms["overload"], "minute")
        phrases.append(f"Workload: evens out the chairs' work ({minutes} less overload)")
    return phrases or ["No extra cost"]


def late_warnings(added: dict[str, int]) -> list[str]:
    """Holding a meeting after its latest day is allowed by the planner but breaks the statute."""
    if not added.get("out_of_timescale"):
        return []
    days = _plural(added.get("days_late", 0), "working day")
    return [f"This day is after the latest day of the statutory window ({days} out of timescale)."]


def plain(message: str) -> str:
    """A checker's message with the format's words and ISO dates as an admin reads them."""
    for phrase, words in _PHRASES.items():
        message = message.replace(phrase, words)
    message = _ISO_DAY.sub(lambda m: format_day(date.fromisoformat(m.group(1))), message)
    return message[:1].upper() + message[1:]


_KEY = re.compile(r"\b(ROOM|C|P|M|R)(\d+)\b")


def instance_names(instance: Instance) -> dict[str, str]:
    """Instance ids (C3, ROOM5, P12) → the names an admin knows them by."""
    names = {c["id"]: c["name"] for c in instance["chairs"]}
    names |= {r["id"]: r["name"] for r in instance["rooms"]}
    ids = [int(p["id"][1:]) for p in instance["people"]]
    people: Iterable[Person] = (
        db.session.scalars(select(Person).where(Person.id.in_(ids))) if ids else []
    )
    return names | {f"P{p.id}": p.name for p in people}


def in_words(message: str, names: dict[str, str]) -> str:
    """The solver and its checker name things by instance id; an admin knows them by name."""

    def name(match: re.Match) -> str:
        key = match.group(0)
        if key in names:
            return names[key]
        return "a booked meeting" if match.group(1) == "M" else "another request"

    return _KEY.sub(name, message)
