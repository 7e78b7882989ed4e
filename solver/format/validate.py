"""Validate a chairs-instance/1 before anything is built from it.

The format (docs/exchange-format.md, "An instance is invalid ...") lists what makes an instance
invalid; each case is one function below. Every problem is reported, prefixed with its JSON path
("meetings[3].earliest: 2025-02-30 is not a date"), in words an admin can act on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jsonschema import Draft202012Validator

from solver.format.score_table import TERMS
from solver.format.types import Instance

SCHEMAS = Path(__file__).with_name("schemas")
LONDON = ZoneInfo("Europe/London")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PHYSICAL_ROOM_FORMATS = ("in_person", "hybrid")


class InvalidInstance(ValueError):
    """The instance breaks the contract; `.errors` lists every problem with its path."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("invalid instance:\n" + "\n".join(errors))
        self.errors = errors


@cache
def _schema_validator() -> Draft202012Validator:
    # A path beside this module, not importlib.resources.files("solver"): under pytest the
    # tests/solver folder can shadow the package name, while __file__ is always this file.
    text = (SCHEMAS / "instance.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def format_path(parts: Iterable[Any]) -> str:
    """`["meetings", 3, "earliest"]` -> `meetings[3].earliest` (root -> `instance`)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "instance"


def load_instance(path: str | Path) -> Instance:
    """Read an instance file; raise InvalidInstance (never a stack trace) when it is unusable."""
    try:
        instance = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInstance([f"{path}: cannot be read ({error.strerror})"]) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidInstance([f"{path}: is not valid JSON ({error})"]) from error
    errors = validate_instance(instance)
    if errors:
        raise InvalidInstance(errors)
    return instance


def validate_instance(instance: Any) -> list[str]:
    """Every problem with the instance, each prefixed with its path; [] when it is valid.

    Schema errors are reported alone: the semantic checks assume the shape the schema promises.
    """
    schema_errors = sorted(
        _schema_validator().iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))
    )
    if schema_errors:
        return [f"{format_path(e.absolute_path)}: {_plain_message(e)}" for e in schema_errors]
    errors: list[str] = []
    for check in SEMANTIC_CHECKS:
        errors.extend(check(instance))
    return errors


PATTERN_MEANINGS = {
    "^\\d{4}-\\d{2}-\\d{2}$": "a date (YYYY-MM-DD)",
    "^([01]\\d|2[0-3]):[0-5]\\d$": "a time of day (HH:MM, 00:00 to 23:59)",
    "^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d$": "a date and time (YYYY-MM-DDTHH:MM)",
}


def _plain_message(error: Any) -> str:
    """jsonschema's wording, except that a failed pattern says what was expected."""
    if error.validator == "pattern" and error.validator_value in PATTERN_MEANINGS:
        return f"{error.instance!r} is not {PATTERN_MEANINGS[error.validator_value]}"
    return str(error.message)


# --- dates and times -------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def local_time_exists(moment: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward (house style, rule 3)."""
    aware = moment.replace(tzinfo=LONDON)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(LONDON)
    return round_trip.replace(tzinfo=None) == moment


def _date_problem(text: str) -> str | None:
    if parse_date(text) is None:
        return f"{text} is not a date"
    return None


def _datetime_problem(text: str) -> str | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return f"{text} is not a date and time"
    if not local_time_exists(moment):
        return f"{text} does not exist in Europe/London (the clocks go forward that hour)"
    return None


def _time_problem(text: str) -> str | None:
    try:
        time.fromisoformat(text)
    except ValueError:
        return f"{text} is not a time of day"
    return None


def _interval_fields(instance: dict) -> Iterator[tuple[str, str]]:
    for kind in ("chairs", "rooms", "people"):
        for i, entity in enumerate(instance[kind]):
            for j, interval in enumerate(entity.get("unavailable", [])):
                for end in ("start", "end"):
                    yield f"{kind}[{i}].unavailable[{j}].{end}", interval[end]


def _date_fields(instance: dict) -> Iterator[tuple[str, str]]:
    for i, day in enumerate(instance["days"]):
        yield f"days[{i}]", day
    if "not_before" in instance:
        yield "not_before", instance["not_before"]
    for i, meeting in enumerate(instance["meetings"]):
        for field in ("earliest", "latest", "preferred_latest"):
            if field in meeting:
                yield f"meetings[{i}].{field}", meeting[field]
        if "current" in meeting:
            yield f"meetings[{i}].current.day", meeting["current"]["day"]


def _time_fields(instance: dict) -> Iterator[tuple[str, str]]:
    yield "day_start", instance["day_start"]
    yield "day_end", instance["day_end"]
    for i, meeting in enumerate(instance["meetings"]):
        for field, value in meeting.get("time_window", {}).items():
            yield f"meetings[{i}].time_window.{field}", value
        if "current" in meeting:
            yield f"meetings[{i}].current.start", meeting["current"]["start"]


def check_dates_and_times_exist(instance: dict) -> list[str]:
    errors = []
    for fields, problem_of in (
        (_date_fields(instance), _date_problem),
        (_time_fields(instance), _time_problem),
        (_interval_fields(instance), _datetime_problem),
    ):
        for path, text in fields:
            problem = problem_of(text)
            if problem:
                errors.append(f"{path}: {problem}")
    return errors


def check_days(instance: dict) -> list[str]:
    """`days` are working days, ascending, never a Saturday or Sunday (spec, Instance)."""
    errors = []
    previous: date | None = None
    for i, text in enumerate(instance["days"]):
        day = parse_date(text)
        if day is None:
            continue  # reported by check_dates_and_times_exist
        if day.weekday() >= 5:
            errors.append(f"days[{i}]: {text} is a {WEEKDAY_NAMES[day.weekday()]}")
        if previous is not None and day <= previous:
            what = "repeats" if day == previous else "comes before"
            errors.append(f"days[{i}]: {text} {what} the day listed before it")
        previous = day
    return errors


def check_working_day(instance: dict) -> list[str]:
    start, end = instance["day_start"], instance["day_end"]
    if start >= end:  # zero-padded HH:MM compares correctly as text
        return [f"day_end: {end} is not after day_start {start}"]
    return []


# --- identities and references ----------------------------------------------------------------


def check_duplicate_ids(instance: dict) -> list[str]:
    errors = []
    for kind in ("chairs", "rooms", "people", "meetings"):
        seen: dict[str, int] = {}
        for i, entity in enumerate(instance[kind]):
            if entity["id"] in seen:
                first = seen[entity["id"]]
                errors.append(f"{kind}[{i}].id: {entity['id']} is already used by {kind}[{first}]")
            seen.setdefault(entity["id"], i)
    seen_localities: set[str] = set()
    for i, locality in enumerate(instance["localities"]):
        if locality in seen_localities:
            errors.append(f"localities[{i}]: {locality} is listed twice")
        seen_localities.add(locality)
    return errors


def check_localities(instance: dict) -> list[str]:
    known = set(instance["localities"])
    places = [(f"chairs[{i}].base", c["base"]) for i, c in enumerate(instance["chairs"])]
    places += [(f"rooms[{i}].locality", r["locality"]) for i, r in enumerate(instance["rooms"])]
    places += [
        (f"meetings[{i}].locality", m["locality"]) for i, m in enumerate(instance["meetings"])
    ]
    return [
        f"{path}: {name} is not one of the localities" for path, name in places if name not in known
    ]


def check_references(instance: dict) -> list[str]:
    chairs = {c["id"] for c in instance["chairs"]}
    rooms = {r["id"] for r in instance["rooms"]}
    people = {p["id"] for p in instance["people"]}
    errors = []
    for i, meeting in enumerate(instance["meetings"]):
        path = f"meetings[{i}]"
        for field in ("required_people", "optional_people"):
            for j, person in enumerate(meeting.get(field, [])):
                if person not in people:
                    errors.append(f"{path}.{field}[{j}]: {person} is not one of the people")
        if "allocated_chair" in meeting and meeting["allocated_chair"] not in chairs:
            errors.append(f"{path}.allocated_chair: {meeting['allocated_chair']} is not a chair")
        current = meeting.get("current")
        if current is not None:
            if current["chair"] not in chairs:
                errors.append(f"{path}.current.chair: {current['chair']} is not a chair")
            if current["room"] is not None and current["room"] not in rooms:
                errors.append(f"{path}.current.room: {current['room']} is not a room")
    return errors


def check_travel_minutes(instance: dict) -> list[str]:
    """Every ordered pair, symmetric, A→A is 0 (spec, Instance: travel_minutes)."""
    localities = instance["localities"]
    travel = instance["travel_minutes"]
    errors = [
        f"travel_minutes.{name}: {name} is not one of the localities"
        for name in travel
        if name not in localities
    ]
    for origin in localities:
        for name in travel.get(origin, {}):
            if name not in localities:
                errors.append(
                    f"travel_minutes.{origin}.{name}: {name} is not one of the localities"
                )
        for destination in localities:
            minutes = travel.get(origin, {}).get(destination)
            path = f"travel_minutes.{origin}.{destination}"
            if minutes is None:
                errors.append(f"{path}: the driving time from {origin} to {destination} is missing")
            elif origin == destination and minutes != 0:
                errors.append(f"{path}: must be 0 (same locality), not {minutes}")
            else:
                back = travel.get(destination, {}).get(origin)
                if back is not None and back != minutes and origin < destination:
                    errors.append(f"{path}: {minutes} differs from the way back ({back})")
    return errors


# --- chairs and meetings ----------------------------------------------------------------------


def check_fte(instance: dict) -> list[str]:
    errors = []
    for i, chair in enumerate(instance["chairs"]):
        # repr gives the shortest text that reads back as the same float: 0.35 -> "0.35".
        exponent = Decimal(repr(chair["fte"])).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            errors.append(f"chairs[{i}].fte: {chair['fte']} has more than two decimal places")
    return errors


def check_meetings(instance: dict) -> list[str]:
    grain = instance["grain_minutes"]
    errors = []
    for i, meeting in enumerate(instance["meetings"]):
        path = f"meetings[{i}]"
        if meeting["duration_minutes"] % grain:
            errors.append(
                f"{path}.duration_minutes: {meeting['duration_minutes']} is not a multiple of "
                f"the {grain}-minute grain"
            )
        earliest, latest = parse_date(meeting["earliest"]), parse_date(meeting["latest"])
        if earliest and latest and earliest > latest:
            errors.append(
                f"{path}.earliest: {meeting['earliest']} is after latest {meeting['latest']}"
            )
        if meeting.get("chair_fixed") and "allocated_chair" not in meeting:
            errors.append(f"{path}.chair_fixed: is true but there is no allocated_chair")
        errors.extend(_pinned_problems(path, meeting))
    return errors


def _pinned_problems(path: str, meeting: dict) -> list[str]:
    if not meeting.get("pinned"):
        return []
    current = meeting.get("current")
    if current is None:
        return [f"{path}.pinned: a pinned meeting needs its current booking"]
    if meeting["format"] in PHYSICAL_ROOM_FORMATS and current["room"] is None:
        return [f"{path}.current.room: a pinned {meeting['format']} meeting needs its room"]
    return []


def check_weights(instance: dict) -> list[str]:
    """A misspelt weight would be silently ignored; name it instead."""
    return [
        f"weights.{term}: is not a score term ({', '.join(TERMS)})"
        for term in instance.get("weights", {})
        if term not in TERMS
    ]


SEMANTIC_CHECKS = (
    check_dates_and_times_exist,
    check_days,
    check_working_day,
    check_duplicate_ids,
    check_localities,
    check_references,
    check_travel_minutes,
    check_fte,
    check_meetings,
    check_weights,
)
