"""Working-day counting: properties over 2020-2030 and the holidays a careful admin checks."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.timescales import (
    SEQUENCES,
    AuthoritySettings,
    MeetingType,
    WorkingCalendar,
    add_months,
    window,
)

D = date
CALENDAR = WorkingCalendar()
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
working_days = days.filter(CALENDAR.is_working_day)
counts = st.integers(min_value=0, max_value=60)


def window_inputs():
    """Arguments for any window the service can compute: every type, place and trigger."""

    def build(kind, trigger, sequence, edd_weeks_ahead):
        edd = trigger + timedelta(weeks=edd_weeks_ahead)
        return {
            "meeting_type": kind,
            "trigger": trigger,
            "sequence": sequence if sequence in kind.info.sequences else "first",
            "edd": trigger if kind is MeetingType.PREBIRTH_STRATEGY else edd,
        }

    return st.builds(
        build,
        st.sampled_from(MeetingType),
        days,
        st.sampled_from(SEQUENCES),
        st.integers(min_value=8, max_value=16),
    )


def windows():
    return window_inputs().map(lambda arguments: window(**arguments))


# -- properties ----------------------------------------------------------------------------------


@given(days)
def test_the_latest_working_day_is_a_working_day_on_or_before_the_deadline(deadline):
    latest = CALENDAR.latest_working_day(deadline)
    assert CALENDAR.is_working_day(latest) and latest <= deadline


@given(days)
def test_the_latest_working_day_is_the_last_one_before_the_deadline(deadline):
    latest = CALENDAR.latest_working_day(deadline)
    gap = (latest + timedelta(days=n) for n in range(1, (deadline - latest).days + 1))
    assert not any(CALENDAR.is_working_day(day) for day in gap)


@given(working_days, counts)
def test_counting_n_working_days_forward_then_back_returns_to_the_start(start, n):
    assert CALENDAR.subtract_working_days(CALENDAR.add_working_days(start, n), n) == start


@given(days, counts)
def test_working_days_between_undoes_adding_working_days(start, n):
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@given(days, st.integers(min_value=1, max_value=60))
def test_adding_working_days_lands_on_a_working_day_after_the_trigger(start, n):
    result = CALENDAR.add_working_days(start, n)
    assert CALENDAR.is_working_day(result) and result > start


@given(days, st.integers(min_value=-24, max_value=24))
def test_adding_months_keeps_the_day_or_clamps_to_the_months_last_day(start, months):
    result = add_months(start, months)
    month_index = result.year * 12 + result.month - (start.year * 12 + start.month)
    clamped = result.day < start.day and (result + timedelta(days=1)).day == 1
    assert month_index == months and (result.day == start.day or clamped)


@given(windows())
def test_every_window_runs_from_earliest_through_preferred_to_latest(result):
    assert result.earliest <= result.preferred_latest <= result.latest <= result.deadline


@given(windows())
def test_every_window_opens_and_closes_on_working_days(result):
    bounds = (result.earliest, result.preferred_latest, result.latest)
    assert all(CALENDAR.is_working_day(day) for day in bounds)


@given(windows())
def test_every_window_opens_after_the_event_that_triggered_it(result):
    # A pre-birth strategy meeting counts back from the EDD; a monthly Reg 44 visit's trigger
    # is any day in its month. Every other trigger is an event the meeting must follow.
    if result.meeting_type not in (MeetingType.PREBIRTH_STRATEGY, MeetingType.REG44_VISIT):
        assert result.earliest > result.trigger


@given(window_inputs(), st.sets(days, max_size=15))
def test_closure_days_never_move_a_window(arguments, closures):
    closed = AuthoritySettings(closure_days=frozenset(closures))
    assert window(**arguments, settings=closed) == window(**arguments)


# -- holidays a careful admin checks by hand -------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        D(2022, 6, 2),  # spring bank holiday moved for the Platinum Jubilee
        D(2022, 6, 3),  # Platinum Jubilee
        D(2022, 9, 19),  # state funeral of Queen Elizabeth II
        D(2023, 5, 8),  # coronation of King Charles III
        D(2022, 12, 27),  # substitute for Christmas Day on a Sunday
        D(2021, 12, 28),  # substitute for Boxing Day on a Sunday
        D(2023, 1, 2),  # substitute for New Year's Day on a Sunday
        D(2026, 4, 6),  # Easter Monday: dropped without subdiv="ENG"
        D(2026, 8, 31),  # August bank holiday: dropped without subdiv="ENG"
        D(2025, 12, 25),
        D(2026, 4, 3),  # Good Friday
    ],
)
def test_bank_holidays_one_offs_and_substitute_days_are_not_working_days(holiday):
    assert not CALENDAR.is_working_day(holiday)


@pytest.mark.parametrize(
    ("start", "skipped"),
    [
        (D(2022, 6, 1), D(2022, 6, 6)),  # Wed -> Mon, past the jubilee Thursday and Friday
        (D(2022, 9, 16), D(2022, 9, 20)),
        (D(2023, 5, 5), D(2023, 5, 9)),
        (D(2022, 12, 23), D(2022, 12, 28)),
        (D(2021, 12, 24), D(2021, 12, 29)),
    ],
)
def test_one_working_day_after_a_day_before_a_holiday_skips_it(start, skipped):
    assert CALENDAR.add_working_days(start, 1) == skipped


def test_a_working_day_in_scotland_only_is_still_a_working_day_in_england():
    assert CALENDAR.is_working_day(D(2026, 8, 3))  # Scotland's summer bank holiday


# -- clock changes: dates are calendar dates, so the hour lost or gained moves nothing -------


@pytest.mark.parametrize(
    ("code", "trigger", "latest"),
    [
        ("ICPC", D(2026, 3, 29), D(2026, 4, 21)),  # spring-forward Sunday (and Easter)
        ("ICPC", D(2026, 3, 27), D(2026, 4, 21)),  # the Friday before
        ("ICPC", D(2026, 3, 30), D(2026, 4, 22)),  # the Monday after
        ("ICPC", D(2026, 10, 25), D(2026, 11, 13)),  # fall-back Sunday
        ("ICPC", D(2026, 10, 23), D(2026, 11, 13)),  # the Friday before
        ("ICPC", D(2026, 10, 26), D(2026, 11, 16)),  # the Monday after
        ("CIC_REVIEW", D(2026, 10, 25), D(2026, 11, 20)),
        ("RCPC", D(2026, 3, 29), D(2026, 6, 29)),
    ],
)
def test_a_trigger_in_a_clock_change_week_counts_calendar_days(code, trigger, latest):
    assert window(code, trigger).latest == latest


@pytest.mark.parametrize("sunday", [D(2026, 3, 29), D(2026, 10, 25)])
def test_a_clock_change_sunday_is_not_a_working_day(sunday):
    assert not CALENDAR.is_working_day(sunday)
