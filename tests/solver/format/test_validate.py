"""Instance validation: every invalid case of docs/exchange-format.md, reported with its path."""

import argparse
import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from solver.cli import check as cli_check
from solver.format.validate import InvalidInstance, load_instance, validate_instance
from tests.solver.factories import (
    MONDAY,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def base_instance() -> dict:
    """A valid instance using every reference the validator follows."""
    meeting = make_meeting(
        required_people=["P1"],
        optional_people=["P1"],
        allocated_chair="C1",
        current={"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"},
        time_window={"earliest_start": "10:00", "latest_end": "16:00"},
    )
    unavailable = [{"start": "2025-05-12T09:00", "end": "2025-05-12T10:00", "reason": "court"}]
    return make_instance(
        chairs=[make_chair(unavailable=unavailable)],
        rooms=[make_room(unavailable=unavailable)],
        people=[make_person(unavailable=unavailable)],
        meetings=[meeting],
        not_before=MONDAY,
    )


def setter(path: str, value: object) -> Callable[[dict], None]:
    """A mutation setting a dotted path ("meetings.0.earliest") to `value`."""

    def mutate(instance: dict) -> None:
        *parents, last = path.split(".")
        target = instance
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def remove_key(path: str) -> Callable[[dict], None]:
    def mutate(instance: dict) -> None:
        *parents, last = path.split(".")
        target = instance
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]

    return mutate


def append(field: str, value: object) -> Callable[[dict], None]:
    return lambda instance: instance[field].append(copy.deepcopy(value))


def duplicate_first(field: str) -> Callable[[dict], None]:
    return lambda instance: instance[field].append(copy.deepcopy(instance[field][0]))


def fix_chair_without_allocation(instance: dict) -> None:
    del instance["meetings"][0]["allocated_chair"]
    instance["meetings"][0]["chair_fixed"] = True


def pin_without_current(instance: dict) -> None:
    del instance["meetings"][0]["current"]
    instance["meetings"][0]["pinned"] = True


def pin_roomless(meeting_format: str) -> Callable[[dict], None]:
    def mutate(instance: dict) -> None:
        meeting = instance["meetings"][0]
        meeting.update(pinned=True, format=meeting_format)
        meeting["current"]["room"] = None

    return mutate


INVALID_CASES = [
    ("a missing top-level field", remove_key("days"), "instance: 'days' is a required property"),
    ("24:00", setter("day_end", "24:00"), "day_end:"),
    (
        "a start that is not a time",
        setter("meetings.0.current.start", "9:00"),
        "meetings[0].current.start:",
    ),
    (
        "a date that does not exist",
        setter("meetings.0.earliest", "2025-02-30"),
        "meetings[0].earliest:",
    ),
    (
        "a latest that does not exist",
        setter("meetings.0.latest", "2025-06-31"),
        "meetings[0].latest:",
    ),
    ("a day that does not exist", setter("days.0", "2025-02-29"), "days[0]:"),
    ("a not_before that does not exist", setter("not_before", "2025-13-01"), "not_before:"),
    (
        "a current day that does not exist",
        setter("meetings.0.current.day", "2025-04-31"),
        "meetings[0].current.day:",
    ),
    (
        "an unavailable moment that does not exist",
        setter("chairs.0.unavailable.0.start", "2025-04-31T09:00"),
        "chairs[0].unavailable[0].start:",
    ),
    (
        "the skipped spring-forward hour",
        setter("people.0.unavailable.0.end", "2025-03-30T01:30"),
        "people[0].unavailable[0].end:",
    ),
    (
        "a time window time that does not exist",
        setter("meetings.0.time_window.latest_end", "16:60"),
        "meetings[0].time_window.latest_end:",
    ),
    (
        "an unknown required person",
        setter("meetings.0.required_people", ["P9"]),
        "meetings[0].required_people[0]:",
    ),
    (
        "an unknown optional person",
        setter("meetings.0.optional_people", ["P9"]),
        "meetings[0].optional_people[0]:",
    ),
    (
        "an unknown allocated chair",
        setter("meetings.0.allocated_chair", "C9"),
        "meetings[0].allocated_chair:",
    ),
    (
        "an unknown current chair",
        setter("meetings.0.current.chair", "C9"),
        "meetings[0].current.chair:",
    ),
    (
        "an unknown current room",
        setter("meetings.0.current.room", "R9"),
        "meetings[0].current.room:",
    ),
    ("an unknown chair base", setter("chairs.0.base", "Paris"), "chairs[0].base:"),
    ("an unknown room locality", setter("rooms.0.locality", "Paris"), "rooms[0].locality:"),
    (
        "an unknown meeting locality",
        setter("meetings.0.locality", "Paris"),
        "meetings[0].locality:",
    ),
    (
        "an unknown travel locality",
        setter("travel_minutes.Paris", {"Paris": 0}),
        "travel_minutes.Paris:",
    ),
    (
        "a missing travel pair",
        remove_key("travel_minutes.Lincoln.Boston"),
        "travel_minutes.Lincoln.Boston:",
    ),
    (
        "a missing A→A pair",
        remove_key("travel_minutes.Boston.Boston"),
        "travel_minutes.Boston.Boston:",
    ),
    (
        "a non-zero A→A",
        setter("travel_minutes.Sleaford.Sleaford", 5),
        "travel_minutes.Sleaford.Sleaford:",
    ),
    (
        "asymmetric travel",
        setter("travel_minutes.Lincoln.Boston", 64),
        "travel_minutes.Boston.Lincoln:",
    ),
    (
        "a duration off the grain",
        setter("meetings.0.duration_minutes", 70),
        "meetings[0].duration_minutes:",
    ),
    ("earliest after latest", setter("meetings.0.earliest", "2025-05-17"), "meetings[0].earliest:"),
    (
        "chair_fixed without allocated_chair",
        fix_chair_without_allocation,
        "meetings[0].chair_fixed:",
    ),
    ("a Saturday in days", append("days", "2025-05-17"), "days[5]:"),
    ("days out of order", setter("days.1", "2025-05-09"), "days[1]:"),
    ("a repeated day", setter("days.1", MONDAY), "days[1]:"),
    ("an fte with three decimals", setter("chairs.0.fte", 0.355), "chairs[0].fte:"),
    ("a pinned meeting without current", pin_without_current, "meetings[0].pinned:"),
    ("a pinned hybrid meeting without a room", pin_roomless("hybrid"), "meetings[0].current.room:"),
    (
        "a pinned in-person meeting without a room",
        pin_roomless("in_person"),
        "meetings[0].current.room:",
    ),
    ("a duplicate chair id", duplicate_first("chairs"), "chairs[1].id:"),
    ("a duplicate room id", duplicate_first("rooms"), "rooms[1].id:"),
    ("a duplicate person id", duplicate_first("people"), "people[1].id:"),
    ("a duplicate meeting id", duplicate_first("meetings"), "meetings[1].id:"),
    ("a duplicate locality", append("localities", "Lincoln"), "localities[3]:"),
    ("day_start equal to day_end", setter("day_start", "17:00"), "day_end:"),
    ("day_start after day_end", setter("day_start", "18:00"), "day_end:"),
    ("an unknown weight", setter("weights", {"lateness": 5}), "weights.lateness:"),
    ("a wrong format", setter("format", "chairs-instance/2"), "format:"),
]


def test_the_base_instance_is_valid():
    assert validate_instance(base_instance()) == []


@pytest.mark.parametrize(
    ("mutate", "path"),
    [case[1:] for case in INVALID_CASES],
    ids=[case[0] for case in INVALID_CASES],
)
def test_an_invalid_instance_is_reported_at_its_path(mutate, path):
    instance = base_instance()
    mutate(instance)
    errors = validate_instance(instance)
    assert any(error.startswith(path) for error in errors), errors


@pytest.mark.parametrize("name", ["tiny.json", "week.json"])
def test_the_example_instances_are_valid(name):
    assert validate_instance(json.loads((DATA / name).read_text())) == []


@pytest.mark.parametrize("fte", [0.35, 0.8, 1, 0.01, 0.29])
def test_an_fte_with_at_most_two_decimals_is_accepted(fte):
    instance = base_instance()
    instance["chairs"][0]["fte"] = fte
    assert validate_instance(instance) == []


def test_a_pinned_meeting_may_lie_outside_the_days():
    instance = base_instance()
    instance["meetings"][0]["pinned"] = True
    instance["meetings"][0]["current"]["day"] = "2025-05-02"
    assert validate_instance(instance) == []


def test_a_pinned_virtual_meeting_needs_no_room():
    instance = base_instance()
    meeting = instance["meetings"][0]
    meeting.update(pinned=True, format="virtual", in_person_count=0)
    meeting["current"]["room"] = None
    assert validate_instance(instance) == []


def test_every_problem_is_reported_not_only_the_first():
    instance = base_instance()
    instance["meetings"][0]["duration_minutes"] = 70
    instance["chairs"][0]["base"] = "Paris"
    errors = validate_instance(instance)
    assert [e.split(":")[0] for e in errors] == ["chairs[0].base", "meetings[0].duration_minutes"]


def test_load_instance_raises_with_the_errors(tmp_path):
    instance = base_instance()
    instance["meetings"][0]["earliest"] = "2025-02-30"
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    with pytest.raises(InvalidInstance) as raised:
        load_instance(path)
    assert raised.value.errors == ["meetings[0].earliest: 2025-02-30 is not a date"]


def test_load_instance_reports_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text("{not json")
    with pytest.raises(InvalidInstance, match="is not valid JSON"):
        load_instance(path)


def test_load_instance_returns_a_valid_instance(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(base_instance()))
    assert load_instance(path) == base_instance()


def test_the_check_command_exits_2_on_an_invalid_instance(tmp_path, capsys):
    instance = base_instance()
    instance["meetings"][0]["chair_fixed"] = True
    del instance["meetings"][0]["allocated_chair"]
    (tmp_path / "instance.json").write_text(json.dumps(instance))
    (tmp_path / "solution.json").write_text("{}")
    parser = argparse.ArgumentParser()
    cli_check.add_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["check", str(tmp_path / "instance.json"), str(tmp_path / "solution.json")]
    )
    assert args.run(args) == 2
    assert "meetings[0].chair_fixed:" in capsys.readouterr().err
