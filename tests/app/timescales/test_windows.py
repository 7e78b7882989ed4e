"""Statutory windows, chains and compliance (app.timescales; pure, no app fixtures)."""

from datetime import date, datetime

import pytest

from app.timescales import (
    MEETING_TYPES,
    AuthoritySettings,
    HeldRecord,
    MeetingType,
    TimescaleError,
    WorkingCalendar,
    combined_window,
    compliance,
    next_in_chain,
    next_window,
    reminders,
    window,
)
from app.timescales.compliance import percent

D = date

# docs/meeting-types-and-timescales.md, "Worked examples (these must hold)".
WORKED_EXAMPLES = [
    ("ICPC", D(2025, 12, 18), "first", None, D(2026, 1, 13)),
    ("ICPC", D(2022, 9, 9), "first", None, D(2022, 10, 3)),
    ("RCPC", D(2025, 11, 28), "first", None, D(2026, 2, 27)),
    ("RCPC", D(2025, 6, 26), "subsequent", None, D(2025, 12, 24)),
    ("CIC_REVIEW", D(2025, 12, 8), "first", None, D(2026, 1, 8)),
    ("CIC_REVIEW", D(2026, 1, 6), "second", None, D(2026, 4, 2)),
    ("SECURE_REVIEW", D(2026, 1, 31), "first", None, D(2026, 2, 27)),
    ("PREBIRTH_ICPC", D(2026, 3, 18), "first", D(2026, 6, 10), D(2026, 4, 10)),
    ("PREBIRTH_STRATEGY", D(2026, 6, 10), "first", None, D(2026, 3, 18)),
    ("RCPC", D(2026, 4, 1), "first", D(2026, 6, 10), D(2026, 7, 1)),
]


@pytest.mark.parametrize(("code", "trigger", "sequence", "edd", "latest"), WORKED_EXAMPLES)
def test_every_worked_example_in_the_spec_gives_its_latest_bookable_day(
    code, trigger, sequence, edd, latest
):
    assert window(code, trigger, sequence=sequence, edd=edd).latest == latest


def test_the_prebirth_conference_window_opens_at_30_weeks_gestation():
    result = window("PREBIRTH_ICPC", D(2026, 3, 18), edd=D(2026, 6, 10))
    assert (result.earliest, result.latest) == (D(2026, 4, 1), D(2026, 4, 10))


def test_the_rule_is_given_in_words_with_the_trigger_day():
    result = window("ICPC", D(2025, 12, 18))
    assert result.rule.startswith(
        "15 working days after the strategy discussion on Thu 18 Dec 2025"
    )


def test_the_rule_names_the_bank_holidays_a_count_skipped():
    assert "State Funeral of Queen Elizabeth II" in window("ICPC", D(2022, 9, 9)).rule


def test_the_rule_explains_why_the_latest_day_is_before_the_deadline():
    rule = window("RCPC", D(2025, 6, 26), sequence="subsequent").rule
    assert "Fri 26 Dec 2025 is Boxing Day, so the latest day is Wed 24 Dec 2025" in rule


def test_the_window_keeps_the_calendar_deadline_before_rolling_back():
    assert window("RCPC", D(2025, 11, 28)).deadline == D(2026, 2, 28)


# -- earliest and preferred latest -----------------------------------------------------------


def test_an_icpc_opens_five_working_days_after_the_strategy_discussion():
    assert window("ICPC", D(2025, 12, 18)).earliest == D(2025, 12, 29)


def test_a_review_opens_twenty_working_days_before_its_latest_day():
    assert window("RCPC", D(2025, 11, 28)).earliest == D(2026, 1, 30)


def test_a_first_cic_review_cannot_be_held_on_the_day_the_child_became_looked_after():
    assert window("CIC_REVIEW", D(2025, 12, 8)).earliest == D(2025, 12, 9)


def test_the_preferred_latest_day_is_five_working_days_before_the_latest():
    assert window("ICPC", D(2025, 12, 18)).preferred_latest == D(2026, 1, 6)


def test_the_preferred_latest_day_is_never_before_the_earliest():
    settings = AuthoritySettings(preferred_latest_working_days_before_latest=30)
    result = window("ICPC", D(2025, 12, 18), settings=settings)
    assert result.preferred_latest == result.earliest


def test_earliest_offsets_are_authority_settings():
    settings = AuthoritySettings(icpc_earliest_working_days=2)
    assert window("ICPC", D(2025, 12, 18), settings=settings).earliest == D(2025, 12, 22)


# -- each meeting type -------------------------------------------------------------------------


def test_subsequent_review_conferences_are_six_months_apart():
    assert window("RCPC", D(2026, 1, 14), sequence="subsequent").deadline == D(2026, 7, 14)


def test_a_second_review_conference_counts_as_subsequent():
    assert window("RCPC", D(2026, 1, 14), sequence="second").deadline == D(2026, 7, 14)


def test_cic_reviews_after_the_second_are_six_months_apart():
    assert window("CIC_REVIEW", D(2026, 4, 2), sequence="subsequent").deadline == D(2026, 10, 2)


def test_a_first_short_break_review_is_within_three_months():
    assert window("STB_REVIEW", D(2026, 5, 15)).latest == D(2026, 8, 14)


def test_later_secure_reviews_default_to_three_months():
    assert window("SECURE_REVIEW", D(2026, 2, 27), sequence="subsequent").deadline == D(2026, 5, 27)


def test_an_authority_may_review_secure_placements_monthly():
    monthly = AuthoritySettings(secure_review_subsequent_months=1)
    result = window("SECURE_REVIEW", D(2026, 2, 27), sequence="subsequent", settings=monthly)
    assert result.deadline == D(2026, 3, 27)


def test_a_prebirth_strategy_meeting_is_due_at_28_weeks_gestation():
    assert window("PREBIRTH_STRATEGY", D(2026, 6, 10)).latest == D(2026, 3, 18)


def test_an_early_prebirth_strategy_meeting_can_keep_the_statutory_15_working_days():
    statutory = AuthoritySettings(prebirth_early_strategy_rule="fifteen_working_days")
    result = window("PREBIRTH_ICPC", D(2026, 1, 5), edd=D(2026, 6, 10), settings=statutory)
    assert (result.earliest, result.latest) == (D(2026, 1, 12), D(2026, 1, 26))
    assert "statutory guidance's 15 working days before the local 'not before' rule" in (
        result.rule
    )


def test_a_cp_plan_checkpoint_is_due_18_months_after_the_plan_started():
    assert window("CP_PLAN_CHECKPOINT", D(2025, 3, 14)).latest == D(2026, 9, 14)


@pytest.mark.parametrize(
    ("any_day_in_month", "earliest", "latest"),
    [
        (D(2026, 5, 13), D(2026, 5, 1), D(2026, 5, 29)),  # 31 May is a Sunday
        (D(2025, 8, 1), D(2025, 8, 1), D(2025, 8, 29)),  # 31 Aug Sun, 25 Aug bank holiday
        (D(2026, 12, 24), D(2026, 12, 1), D(2026, 12, 31)),
        (D(2026, 1, 31), D(2026, 1, 2), D(2026, 1, 30)),  # 1 Jan bank holiday, 31 Jan Sat
        (D(2020, 8, 31), D(2020, 8, 3), D(2020, 8, 28)),  # 31 Aug 2020 is a bank holiday
    ],
)
def test_a_reg44_visit_falls_between_the_first_and_last_working_days_of_its_month(
    any_day_in_month, earliest, latest
):
    result = window("REG44_VISIT", any_day_in_month)
    assert (result.earliest, result.latest) == (earliest, latest)


def test_a_supported_living_reg44_visit_is_due_four_months_after_the_last():
    result = window("REG44_VISIT", D(2026, 1, 15), supported_living=True)
    assert result.deadline == D(2026, 5, 15)


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: window("ICCP", D(2026, 1, 5)), "'ICCP' is not a meeting type"),
        (lambda: window("PREBIRTH_ICPC", D(2026, 3, 18)), "expected date of delivery"),
        (lambda: window("ICPC", D(2026, 1, 5), sequence="second"), "no second meeting"),
        (lambda: window("RCPC", D(2026, 1, 5), sequence="third"), "'third' is not a place"),
        (lambda: window("ICPC", datetime(2026, 3, 29, 1, 30)), "must be a calendar date"),
        (
            lambda: window("PREBIRTH_STRATEGY", D(2026, 6, 10), edd=D(2026, 6, 11)),
            "the EDD",
        ),
        (lambda: AuthoritySettings(icpc_earliest_working_days=-1), "cannot be negative"),
    ],
)
def test_bad_input_raises_a_timescale_error_an_admin_can_read(call, message):
    with pytest.raises(TimescaleError, match=message):
        call()


def test_meeting_type_codes_are_lower_case_tolerant():
    assert window("cic_review", D(2025, 12, 8)).meeting_type is MeetingType.CIC_REVIEW


def test_an_edd_given_for_a_meeting_that_does_not_need_one_is_ignored():
    with_edd = window("ICPC", D(2025, 12, 18), edd=D(2026, 6, 10))
    assert with_edd == window("ICPC", D(2025, 12, 18))


# -- meeting types -------------------------------------------------------------------------------


def test_the_meeting_type_codes_are_exactly_the_specs():
    assert set(MEETING_TYPES) == {
        "ICPC", "PREBIRTH_STRATEGY", "PREBIRTH_ICPC", "RCPC", "CIC_REVIEW",
        "STB_REVIEW", "SECURE_REVIEW", "REG44_VISIT", "CP_PLAN_CHECKPOINT",
    }  # fmt: skip


def test_reg44_visits_and_plan_checkpoints_are_not_booked_by_the_solver():
    not_booked = {code for code, info in MEETING_TYPES.items() if not info.solver_books}
    assert not_booked == {MeetingType.REG44_VISIT, MeetingType.CP_PLAN_CHECKPOINT}


@pytest.mark.parametrize(
    ("code", "roles"),
    [
        (MeetingType.ICPC, ("chair",)),
        (MeetingType.PREBIRTH_STRATEGY, ("senior", "team_manager")),
        (MeetingType.SECURE_REVIEW, ("team_manager",)),
    ],
)
def test_each_meeting_type_names_the_roles_that_may_chair_it(code, roles):
    assert code.info.eligible_roles == roles


# -- combined CiC + CP meetings ------------------------------------------------------------------


def test_a_combined_meeting_takes_the_tighter_of_the_two_windows():
    cic = window("CIC_REVIEW", D(2026, 1, 6), sequence="second")  # 5 Mar .. 2 Apr
    rcpc = window("RCPC", D(2025, 12, 20))  # 20 Feb .. 20 Mar
    both = combined_window(cic, rcpc)
    assert (both.earliest, both.latest) == (D(2026, 3, 5), D(2026, 3, 20))


def test_a_combined_meeting_has_the_earlier_of_the_two_deadlines():
    cic = window("CIC_REVIEW", D(2026, 1, 6), sequence="second")
    rcpc = window("RCPC", D(2025, 12, 20))
    assert combined_window(cic, rcpc).deadline == D(2026, 3, 20)


def test_windows_that_do_not_overlap_cannot_be_combined():
    cic = window("CIC_REVIEW", D(2026, 1, 6), sequence="second")
    rcpc = window("RCPC", D(2025, 10, 1))
    with pytest.raises(TimescaleError, match="do not overlap"):
        combined_window(cic, rcpc)


# -- chains --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "sequence", "next_code", "next_sequence"),
    [
        ("ICPC", "first", "RCPC", "first"),
        ("RCPC", "first", "RCPC", "subsequent"),
        ("RCPC", "subsequent", "RCPC", "subsequent"),
        ("CIC_REVIEW", "first", "CIC_REVIEW", "second"),
        ("CIC_REVIEW", "second", "CIC_REVIEW", "subsequent"),
        ("STB_REVIEW", "first", "STB_REVIEW", "subsequent"),
        ("SECURE_REVIEW", "first", "SECURE_REVIEW", "subsequent"),
        ("PREBIRTH_STRATEGY", "first", "PREBIRTH_ICPC", "first"),
        ("PREBIRTH_ICPC", "first", "RCPC", "first"),
    ],
)
def test_each_chain_names_its_next_meeting(code, sequence, next_code, next_sequence):
    following = next_in_chain(code, D(2026, 2, 10), sequence)
    assert (following.meeting_type, following.sequence) == (next_code, next_sequence)


def test_the_next_meeting_counts_from_the_day_the_last_was_actually_held():
    held_early = next_window("RCPC", D(2026, 2, 10), "first")
    assert held_early.deadline == D(2026, 8, 10)


def test_a_reg44_visit_is_followed_by_next_months_visit():
    assert next_in_chain("REG44_VISIT", D(2026, 12, 9)).trigger == D(2027, 1, 1)


def test_a_plan_checkpoint_ends_its_chain():
    assert next_in_chain("CP_PLAN_CHECKPOINT", D(2026, 12, 9)) is None


def test_a_prebirth_strategy_meeting_leads_to_a_conference_window_from_the_edd():
    result = next_window("PREBIRTH_STRATEGY", D(2026, 3, 18), edd=D(2026, 6, 10))
    assert result.earliest == D(2026, 4, 1)


# -- closure days --------------------------------------------------------------------------------


def test_closure_days_block_bookings():
    calendar = WorkingCalendar(closure_days=frozenset({D(2025, 12, 29)}))
    assert not calendar.is_bookable(D(2025, 12, 29))


def test_closure_days_do_not_move_a_statutory_deadline():
    closed = AuthoritySettings(closure_days=frozenset({D(2025, 12, 29), D(2026, 1, 13)}))
    assert window("ICPC", D(2025, 12, 18), settings=closed).latest == D(2026, 1, 13)


def test_working_days_between_is_negative_when_the_end_comes_first():
    assert WorkingCalendar().working_days_between(D(2026, 1, 13), D(2025, 12, 18)) == -15


# -- compliance ----------------------------------------------------------------------------------


def held(**overrides):
    values = {"meeting_type": "ICPC", "held_on": D(2026, 1, 12), "latest": D(2026, 1, 13)}
    return HeldRecord(**(values | overrides))


def test_compliance_counts_meetings_held_in_timescale_per_type():
    meetings = [held(), held(), held(held_on=D(2026, 1, 15), late_reason="chair ill")]
    (row,) = compliance(meetings, D(2026, 1, 1), D(2026, 1, 31))
    assert (row.held, row.in_timescale, row.percentage) == (3, 2, 66.67)


@pytest.mark.parametrize(
    ("in_timescale", "held_count", "expected"),
    [(718, 722, 99.45), (1690, 1694, 99.76), (19889, 20000, 99.45), (1, 3, 33.33), (2, 2, 100.0)],
)
def test_the_percentage_has_two_decimals_and_rounds_halves_up(in_timescale, held_count, expected):
    # 718 of 722 is the annual report's 99.45%; 99.445 exactly rounds up, as the report would.
    assert percent(in_timescale, held_count) == expected


def test_compliance_lists_late_meetings_with_their_reasons():
    late = held(held_on=D(2026, 1, 15), late_reason="chair ill", agreed_by="T. Manager")
    (row,) = compliance([late], D(2026, 1, 1), D(2026, 1, 31))
    assert (row.late[0].reason, row.late[0].days_late) == ("chair ill", 2)


def test_a_meeting_held_on_its_latest_day_is_in_timescale():
    (row,) = compliance([held(held_on=D(2026, 1, 13))], D(2026, 1, 1), D(2026, 1, 31))
    assert row.late == ()


def test_compliance_counts_only_meetings_held_in_the_period():
    meetings = [held(), held(held_on=D(2025, 12, 31), latest=D(2026, 1, 5))]
    (row,) = compliance(meetings, D(2026, 1, 1), D(2026, 1, 31))
    assert row.held == 1


def test_a_type_with_nothing_held_has_no_percentage():
    (row,) = compliance([], D(2026, 1, 1), D(2026, 1, 31), meeting_types=["RCPC"])
    assert (row.held, row.percentage) == (0, None)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(TimescaleError, match="ends"):
        compliance([], D(2026, 2, 1), D(2026, 1, 31))


# -- reminders -----------------------------------------------------------------------------------


def due_dates(code, day, name):
    return [r.due for r in reminders(code, day) if r.name == name]


def test_the_report_to_parents_is_due_three_working_days_before_an_icpc():
    assert due_dates(MeetingType.ICPC, D(2026, 1, 13), "report_to_parents") == [D(2026, 1, 8)]


def test_the_report_to_parents_is_due_five_working_days_before_an_rcpc():
    assert due_dates(MeetingType.RCPC, D(2026, 4, 13), "report_to_parents") == [D(2026, 4, 2)]


def test_agency_reports_are_chased_five_and_two_working_days_before():
    chases = due_dates(MeetingType.CIC_REVIEW, D(2026, 1, 13), "agency_report_chase")
    assert chases == [D(2026, 1, 6), D(2026, 1, 9)]
