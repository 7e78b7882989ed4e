"""`quorum timescale`: one JSON window, or a clear message and exit status 2 (no app needed)."""

import json

import pytest
from click.testing import CliRunner

from app.cli.timescale import timescale

# docs/meeting-types-and-timescales.md, worked examples, as an admin would type them.
WORKED_EXAMPLES = [
    (["ICPC", "2025-12-18"], "2026-01-13"),
    (["ICPC", "2022-09-09"], "2022-10-03"),
    (["RCPC", "2025-11-28"], "2026-02-27"),
    (["RCPC", "2025-06-26", "--sequence", "subsequent"], "2025-12-24"),
    (["CIC_REVIEW", "2025-12-08"], "2026-01-08"),
    (["CIC_REVIEW", "2026-01-06", "--sequence", "second"], "2026-04-02"),
    (["SECURE_REVIEW", "2026-01-31"], "2026-02-27"),
    (["PREBIRTH_ICPC", "2026-03-18", "--edd", "2026-06-10"], "2026-04-10"),
]


def run(*arguments):
    return CliRunner().invoke(timescale, list(arguments))


@pytest.mark.parametrize(("arguments", "latest"), WORKED_EXAMPLES)
def test_the_command_prints_the_latest_day_of_every_worked_example(arguments, latest):
    assert json.loads(run(*arguments).output)["latest"] == latest


def test_the_command_prints_one_json_object_with_the_agreed_keys():
    printed = json.loads(run("PREBIRTH_ICPC", "2026-03-18", "--edd", "2026-06-10").output)
    assert printed == {
        "type": "PREBIRTH_ICPC",
        "trigger": "2026-03-18",
        "earliest": "2026-04-01",
        "latest": "2026-04-10",
        "preferred_latest": "2026-04-01",
        "rule": printed["rule"],
    }


def test_the_rule_is_printed_in_words():
    printed = json.loads(run("ICPC", "2025-12-18").output)
    assert printed["rule"].startswith("15 working days after the strategy discussion on Thu 18")


def test_later_secure_reviews_use_the_statutory_three_months_without_settings():
    printed = json.loads(run("SECURE_REVIEW", "2026-02-27", "--sequence", "subsequent").output)
    assert printed["latest"] == "2026-05-27"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["CASE_CONFERENCE", "2026-01-05"], "is not a meeting type"),
        (["ICPC", "2025-02-30"], "'2025-02-30' is not a real date"),
        (["ICPC", "18/12/2025"], "is not a real date"),
        (["PREBIRTH_ICPC", "2026-03-18"], "expected date of delivery"),
        (["PREBIRTH_ICPC", "2026-03-18", "--edd", "2026-06-31"], "is not a real date"),
        (["RCPC", "2026-02-25", "--edd", "2026-06-10", "--born", "2026-05-32"], "date of birth"),
        (["ICPC", "2026-01-05", "--sequence", "second"], "no second meeting"),
    ],
)
def test_bad_input_prints_a_clear_message_and_exits_2(arguments, message):
    result = run(*arguments)
    assert (result.exit_code, message in result.stderr) == (2, True)


def test_bad_input_prints_nothing_on_stdout():
    assert run("ICPC", "2025-02-30").stdout == ""


def test_an_unknown_sequence_is_a_usage_error():
    assert run("RCPC", "2026-01-05", "--sequence", "third").exit_code == 2


def test_an_edd_given_where_it_means_nothing_is_accepted():
    assert run("ICPC", "2025-12-18", "--edd", "2026-06-10").exit_code == 0


def test_the_first_review_after_a_prebirth_conference_is_never_before_the_edd():
    printed = json.loads(run("RCPC", "2026-04-01", "--sequence", "first", "--edd", "2026-06-10")
                         .output)  # fmt: skip
    without = json.loads(run("RCPC", "2026-04-01").output)
    assert (printed["earliest"], printed["latest"]) == ("2026-06-10", "2026-07-01")
    assert without["earliest"] < "2026-06-10"
    assert "not before the expected date of delivery on Wed 10 Jun 2026" in printed["rule"]


def test_an_edd_after_the_three_months_moves_the_first_review_and_says_why():
    printed = json.loads(run("RCPC", "2026-02-25", "--edd", "2026-06-10").output)
    assert (printed["earliest"], printed["latest"]) == ("2026-06-10", "2026-07-08")
    assert "never held before the birth" in printed["rule"]


def test_a_recorded_birth_replaces_the_edd_for_the_first_review():
    printed = json.loads(
        run("RCPC", "2026-02-25", "--edd", "2026-06-10", "--born", "2026-05-20").output
    )
    assert (printed["earliest"], printed["latest"]) == ("2026-05-20", "2026-05-22")
