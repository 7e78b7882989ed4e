"""The pre-birth pathway as the local protocol has it: a strategy meeting in the week up to 28
weeks' gestation, the conference from 30 weeks, and the first review never before the birth, so
at most one conference falls before the baby is born (app.timescales; pure)."""

from datetime import date, timedelta

import pytest

from app.timescales import (
    AuthoritySettings,
    PrebirthConferenceRule,
    TimescaleError,
    WorkingCalendar,
    add_weeks,
    next_window,
    window,
)

D = date
CAL = WorkingCalendar()
STATUTORY = AuthoritySettings(
    prebirth_early_strategy_rule=PrebirthConferenceRule.FIFTEEN_WORKING_DAYS
)
# Every EDD over two years: bank holidays, two Easters, two Christmases, the 2027 New Year.
EDDS = [
    D(2026, 1, 1) + timedelta(days=n) for n in range((D(2027, 12, 31) - D(2026, 1, 1)).days + 1)
]


def _thirty_weeks(edd: date) -> date:
    return CAL.first_working_day(add_weeks(edd, -10))


def _within_15_working_days(held: date) -> date:
    return CAL.latest_working_day(CAL.add_working_days(held, 15))


def _check_bookable(w) -> None:
    assert w.earliest <= w.preferred_latest <= w.latest
    assert CAL.is_working_day(w.earliest) and CAL.is_working_day(w.latest)


def test_the_strategy_meeting_is_held_in_the_week_up_to_28_weeks():
    result = window("PREBIRTH_STRATEGY", D(2026, 6, 10))
    assert (result.earliest, result.latest) == (D(2026, 3, 12), D(2026, 3, 18))


def test_the_strategy_window_is_a_setting():
    two_days = AuthoritySettings(prebirth_strategy_window_working_days=2)
    result = window("PREBIRTH_STRATEGY", D(2026, 6, 10), settings=two_days)
    assert (result.earliest, result.latest) == (D(2026, 3, 17), D(2026, 3, 18))


def test_a_strategy_window_of_no_days_is_refused():
    with pytest.raises(TimescaleError, match="at least one day"):
        AuthoritySettings(prebirth_strategy_window_working_days=0)


def test_an_unknown_early_strategy_rule_is_refused_in_words():
    with pytest.raises(TimescaleError, match="thirty_week_floor, fifteen_working_days"):
        AuthoritySettings(prebirth_early_strategy_rule="whichever")  # type: ignore[arg-type]


@pytest.mark.parametrize("edd", EDDS, ids=str)
def test_the_pathway_has_one_conference_before_the_birth(edd):
    strategy = window("PREBIRTH_STRATEGY", edd)
    _check_bookable(strategy)
    assert strategy.latest <= add_weeks(edd, -12)  # by 28 weeks' gestation
    assert CAL.working_days_between(strategy.earliest, strategy.latest) == 4
    for strategy_held in (strategy.earliest, strategy.latest):
        conference = next_window("PREBIRTH_STRATEGY", strategy_held, edd=edd)
        _check_bookable(conference)
        # On time, both rules agree: from 30 weeks, and within 15 working days of the strategy.
        assert conference.earliest >= _thirty_weeks(edd)
        assert conference.latest == _within_15_working_days(strategy_held)
        for conference_held in (conference.earliest, conference.latest):
            assert conference_held < edd
            review = next_window("PREBIRTH_ICPC", conference_held, edd=edd)
            _check_bookable(review)
            assert review.earliest >= edd
            assert review.latest == window("RCPC", conference_held).latest  # the 3 months
            for born_on in (edd - timedelta(days=24), edd + timedelta(days=13)):
                after = next_window("PREBIRTH_ICPC", conference_held, edd=edd, born_on=born_on)
                _check_bookable(after)
                assert born_on <= after.earliest
                assert after.earliest == max(
                    CAL.first_working_day(born_on), review_earliest(conference_held)
                )
                assert after.latest == review.latest


def review_earliest(held: date) -> date:
    """A first review's earliest day with no birth to wait for."""
    return window("RCPC", held).earliest


@pytest.mark.parametrize("edd", EDDS[::7], ids=str)
def test_an_early_strategy_meeting_keeps_the_conference_from_30_weeks_by_default(edd):
    held_early = window("PREBIRTH_STRATEGY", edd).earliest - timedelta(days=42)
    conference = next_window("PREBIRTH_STRATEGY", held_early, edd=edd)
    _check_bookable(conference)
    assert conference.earliest == _thirty_weeks(edd)
    due = CAL.latest_working_day(add_weeks(edd, -12))
    assert conference.latest == _within_15_working_days(due)
    assert "the authority's setting puts that floor first" in conference.rule
    review = next_window("PREBIRTH_ICPC", conference.earliest, edd=edd)
    assert review.earliest >= edd


@pytest.mark.parametrize("edd", EDDS[::7], ids=str)
def test_an_early_strategy_meeting_may_keep_the_15_working_days_instead(edd):
    held_early = window("PREBIRTH_STRATEGY", edd).earliest - timedelta(days=42)
    conference = next_window("PREBIRTH_STRATEGY", held_early, edd=edd, settings=STATUTORY)
    _check_bookable(conference)
    assert conference.latest == _within_15_working_days(held_early)
    assert conference.latest < _thirty_weeks(edd)
    assert "15 working days before the local 'not before' rule" in conference.rule
    for conference_held in (conference.earliest, conference.latest):
        review = next_window("PREBIRTH_ICPC", conference_held, edd=edd, settings=STATUTORY)
        _check_bookable(review)
        assert review.earliest >= edd  # still never two conferences before the birth


def test_a_first_review_waits_for_an_edd_after_its_three_months_and_says_so():
    # The conference held early under the 15 working days: 3 months later is Mon 25 May 2026.
    review = window("RCPC", D(2026, 2, 25), edd=D(2026, 6, 10))
    assert review.earliest == D(2026, 6, 10)
    assert review.latest == CAL.add_working_days(D(2026, 6, 10), 20)
    assert review.rule.startswith(
        "20 working days after the expected date of delivery on Wed 10 "
        "Jun 2026: 3 months after the initial conference"
    )
    assert "never held before the birth" in review.rule


def test_a_birth_before_the_edd_brings_the_first_review_forward():
    by_edd = window("RCPC", D(2026, 2, 25), edd=D(2026, 6, 10))
    born = window("RCPC", D(2026, 2, 25), edd=D(2026, 6, 10), born_on=D(2026, 5, 20))
    assert (born.earliest, born.latest) == (D(2026, 5, 20), D(2026, 5, 22))
    assert by_edd.earliest > born.earliest
    assert "not before the birth on Wed 20 May 2026" in born.rule


def test_a_first_review_after_an_ordinary_icpc_has_no_floor():
    assert window("RCPC", D(2026, 4, 1)).earliest == D(2026, 6, 3)


def test_later_reviews_ignore_the_edd():
    later = window("RCPC", D(2026, 4, 1), sequence="subsequent", edd=D(2026, 12, 1))
    assert later == window("RCPC", D(2026, 4, 1), sequence="subsequent")


def test_an_ordinary_icpc_passes_no_edd_to_its_first_review():
    assert next_window("ICPC", D(2026, 4, 1), edd=D(2026, 9, 1)) == window("RCPC", D(2026, 4, 1))
