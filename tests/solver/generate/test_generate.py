"""The instance generator and the disruption generator: shapes, calendars, and the planted plan.

Validity, determinism and the planted plan of every size are property-tested in
test_properties.py; here each test pins one behaviour of a named size.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from solver.bench.repair import meetings_that_must_move
from solver.cli import generate as cli_generate
from solver.format.validate import validate_instance
from solver.generate.disrupt import disrupt
from solver.generate.generator import generate, generate_with_plan
from solver.generate.geography import EAST_MIDLANDS, LINCOLNSHIRE, WIGAN
from solver.generate.stats import plan_statistics

DATA = Path(__file__).resolve().parents[2] / "data"


@cache
def planted(size: str, seed: int = 0) -> tuple[dict, dict]:
    return generate_with_plan(size, seed)


@cache
def disrupted_county_month() -> dict:
    return disrupt(*planted("county-month"), seed=0)


def county_month() -> dict:
    return planted("county-month")[0]


# --- geography --------------------------------------------------------------------------------


@pytest.mark.parametrize("geography", [LINCOLNSHIRE, WIGAN, EAST_MIDLANDS], ids=lambda g: g.name)
def test_every_geography_has_a_complete_symmetric_travel_matrix(geography):
    for a in geography.localities:
        assert geography.minutes(a, a) == 0
        for b in geography.localities:
            assert geography.minutes(a, b) == geography.minutes(b, a) >= 0


def test_lincolnshire_drives_are_those_of_the_week_example():
    week = json.loads((DATA / "week.json").read_text())
    assert LINCOLNSHIRE.as_instance_fields()["travel_minutes"] == week["travel_minutes"]


def test_metropolitan_drives_take_ten_to_twenty_five_minutes():
    drives = [WIGAN.minutes(a, b) for a in WIGAN.localities for b in WIGAN.localities if a != b]
    assert 6 <= len(WIGAN.localities) <= 8
    assert min(drives) >= 10 and max(drives) <= 25


def test_regional_drives_are_longer_than_the_county_s():
    longest = max(EAST_MIDLANDS.minutes("Skegness", b) for b in EAST_MIDLANDS.localities)
    assert len(set(EAST_MIDLANDS.authority_of.values())) == 4
    assert longest > max(LINCOLNSHIRE.minutes("Skegness", b) for b in LINCOLNSHIRE.localities)


# --- sizes and calendars ----------------------------------------------------------------------


def test_an_unknown_size_is_refused_naming_the_known_sizes():
    with pytest.raises(ValueError, match="county-month"):
        generate("county-year")


def test_county_month_has_the_demo_county_s_shape():
    stats = plan_statistics(county_month())
    assert 220 <= stats["meetings"] <= 270
    assert (stats["chairs"], stats["rooms"], stats["days"]) == (23, 14, 21)
    assert stats["fte_chair_role"] == 18.6


def test_county_month_has_three_team_managers_and_some_senior_chairs():
    roles = Counter(role for c in county_month()["chairs"] for role in c["roles"])
    assert roles["team_manager"] == 3
    assert roles["senior"] > roles["team_manager"]


def test_about_half_the_county_s_rooms_are_fully_hybrid_and_some_have_special_features():
    rooms = county_month()["rooms"]
    hybrid = sum(r["hybrid"] == "full" for r in rooms)
    assert len(rooms) * 0.35 <= hybrid <= len(rooms) * 0.8
    assert any(r["accessible"] for r in rooms) and any(not r["accessible"] for r in rooms)
    assert any(r["separate_waiting_area"] for r in rooms)


def test_metro_month_has_about_six_hundred_meetings():
    metro = plan_statistics(generate("metro-month"))
    assert 540 <= metro["meetings"] <= 680 and metro["days"] == 21


def test_days_skip_weekends_and_england_bank_holidays():
    days = [date.fromisoformat(d) for d in generate("metro-month")["days"]]
    assert all(d.weekday() < 5 for d in days)
    assert date(2026, 5, 4) not in days and date(2026, 5, 25) not in days  # May Day, spring
    assert days[0] == date(2026, 4, 27) and len(days) == 21


def test_busiest_week_uses_about_eight_tenths_of_the_chairs_capacity():
    stats = plan_statistics(*planted("county-month"))
    assert 0.74 <= stats["busiest_week_utilisation"] <= 0.82


# --- meetings ---------------------------------------------------------------------------------


def test_meetings_follow_the_service_s_proportions():
    meetings = county_month()["meetings"]
    types = Counter(m["type"] for m in meetings)
    assert 0.56 <= types["CIC_REVIEW"] / len(meetings) <= 0.76
    assert 0.17 <= (types["ICPC"] + types["RCPC"]) / len(meetings) <= 0.33
    assert set(types) >= {"STB_REVIEW", "SECURE_REVIEW", "PREBIRTH_STRATEGY", "PREBIRTH_ICPC"}


def test_every_format_is_used():
    formats = {m["format"] for m in county_month()["meetings"]}
    assert formats == {"in_person", "hybrid", "virtual", "off_site"}


def test_most_reviews_keep_their_allocated_chair_and_a_few_are_fixed():
    reviews = [m for m in county_month()["meetings"] if m["type"] == "CIC_REVIEW"]
    allocated = [m for m in reviews if "allocated_chair" in m]
    fixed = [m for m in reviews if m["chair_fixed"]]
    assert len(allocated) >= 0.8 * len(reviews)
    assert 0 < len(fixed) <= 0.25 * len(reviews)


def test_some_meetings_have_special_needs_and_time_windows():
    meetings = county_month()["meetings"]
    assert any(m.get("needs_accessible") for m in meetings)
    assert any(m.get("needs_separate_waiting_area") for m in meetings)
    assert any(m.get("time_window", {}).get("earliest_start") == "15:30" for m in meetings)


def test_secure_and_pre_birth_strategy_meetings_name_who_may_chair_them():
    for meeting in county_month()["meetings"]:
        if meeting["type"] == "SECURE_REVIEW":
            assert meeting["eligible_roles"] == ["team_manager"]
        if meeting["type"] == "PREBIRTH_STRATEGY":
            assert set(meeting["eligible_roles"]) == {"senior", "team_manager"}


def test_the_planted_day_lies_inside_every_window():
    instance, plan = planted("county-month")
    windows = {m["id"]: (m["earliest"], m["latest"]) for m in instance["meetings"]}
    for assignment in plan["assignments"]:
        earliest, latest = windows[assignment["meeting"]]
        assert earliest <= assignment["day"] <= latest


def test_icpc_windows_run_from_five_to_fifteen_working_days_after_the_strategy_discussion():
    days_between = []
    for meeting in county_month()["meetings"]:
        if meeting["type"] == "ICPC":
            start, end = (
                date.fromisoformat(meeting["earliest"]),
                date.fromisoformat(meeting["latest"]),
            )
            days_between.append((end - start).days)
    assert days_between and all(14 <= d <= 20 for d in days_between)  # ten working days


def test_people_around_meetings_have_roles_and_some_are_unavailable():
    people = county_month()["people"]
    roles = {p["role"] for p in people}
    assert {"parent", "social_worker", "gp", "school"} <= roles
    assert any(p.get("unavailable") for p in people if p["role"] == "gp")


def test_chairs_have_leave_and_other_commitments():
    reasons = {u["reason"] for c in county_month()["chairs"] for u in c.get("unavailable", [])}
    assert "annual leave" in reasons and "IRS team meeting" in reasons
    assert len(reasons) >= 5


# --- disrupt ----------------------------------------------------------------------------------


def test_a_disruption_books_every_planted_meeting_as_current():
    instance = disrupted_county_month()
    booked = [m for m in instance["meetings"] if "current" in m]
    assert len(booked) == len(county_month()["meetings"])


def test_a_disruption_adds_urgent_icpcs_that_are_not_booked_yet():
    new = [m for m in disrupted_county_month()["meetings"] if "current" not in m]
    assert 2 <= len(new) <= 4 and all(m["type"] == "ICPC" for m in new)


def test_a_disruption_pins_exactly_the_meetings_before_today():
    instance = disrupted_county_month()
    for meeting in instance["meetings"]:
        if "current" in meeting:
            held = meeting["current"]["day"] < instance["not_before"]
            assert bool(meeting.get("pinned")) == held


def test_a_disruption_breaks_bookings_of_a_sick_chair_a_closed_room_and_court_orders():
    must_move = meetings_that_must_move(disrupted_county_month())
    assert len(must_move["broken"]) >= 5
    assert must_move["late_if_kept"]


def test_a_sick_chair_is_unavailable_for_a_week_from_today():
    instance = disrupted_county_month()
    sick = [
        u for c in instance["chairs"] for u in c.get("unavailable", []) if u["reason"] == "sickness"
    ]
    assert len(sick) == 1 and sick[0]["start"].startswith(instance["not_before"])


def test_the_original_instance_is_left_unchanged_by_disrupt():
    before = json.dumps(county_month(), sort_keys=True)
    disrupt(*planted("county-month"), seed=1)
    assert json.dumps(county_month(), sort_keys=True) == before


# --- command line -----------------------------------------------------------------------------


def run_generate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_generate.add_parser(parser.add_subparsers())
    args = parser.parse_args(["generate", *argv])
    return args.run(args)


def test_the_command_writes_a_valid_instance_file(tmp_path):
    out = tmp_path / "tiny.json"
    assert run_generate(["--size", "tiny", "--seed", "3", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == generate("tiny", 3)


def test_the_command_disrupts_a_solution_of_a_file(tmp_path):
    instance, plan = planted("week")
    (tmp_path / "week.json").write_text(json.dumps(instance))
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    out = tmp_path / "repair.json"
    argv = ["--disrupt", str(tmp_path / "plan.json"), "--from", str(tmp_path / "week.json")]
    assert run_generate([*argv, "-o", str(out)]) == 0
    assert validate_instance(json.loads(out.read_text())) == []


def test_the_command_refuses_a_solution_of_another_instance(tmp_path, capsys):
    (tmp_path / "week.json").write_text(json.dumps(planted("week")[0]))
    (tmp_path / "plan.json").write_text(json.dumps(planted("tiny")[1]))
    argv = ["--disrupt", str(tmp_path / "plan.json"), "--from", str(tmp_path / "week.json")]
    assert run_generate(argv) == 2
    assert "not 'week-seed0'" in capsys.readouterr().err
