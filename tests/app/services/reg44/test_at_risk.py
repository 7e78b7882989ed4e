"""Regulation 44 visits on the at-risk page: due within 5 working days and not yet made, or
missed (the period ended with no visit); the request rows are unchanged."""

from datetime import date

from app.services.reg44.tracker import record_visit
from app.services.requests.at_risk import at_risk
from tests.app.factories.rows import NOW
from tests.app.services.reg44.factories import make_home

WED_25_MAR = date(2026, 3, 25)  # 4 working days before Tue 31 Mar


def test_a_visit_due_within_5_working_days_and_a_missed_one_are_at_risk(app):
    home = make_home(opened_on=date(2026, 2, 2))
    result = at_risk(WED_25_MAR)
    assert [(row.period_start, row.missed, row.working_days_left) for row in result.visits] == [
        (date(2026, 2, 1), True, -18),  # February ended with no visit
        (date(2026, 3, 1), False, 4),
    ]
    assert result.visits[0].home == home.name
    assert result.counts() == {"red": 0, "amber": 0, "unscheduled": 0}


def test_a_visit_made_or_not_yet_close_is_not_at_risk(app):
    home = make_home(opened_on=date(2026, 3, 2))
    assert at_risk(date(2026, 3, 23)).visits == []  # 6 working days before the deadline
    record_visit(NOW, None, home.id, "2026-03-01", date(2026, 3, 24), home.visitor_id,
                 WED_25_MAR)  # fmt: skip
    assert at_risk(WED_25_MAR).visits == []


def test_a_supported_living_scheme_is_at_risk_near_4_months_after_its_last_visit(app):
    home = make_home(supported_living=True, opened_on=date(2025, 9, 1))
    record_visit(NOW, None, home.id, "2025-09-01", date(2025, 11, 26), home.visitor_id,
                 WED_25_MAR)  # fmt: skip
    (row,) = at_risk(date(2026, 3, 20)).visits
    assert (row.period_start, row.latest, row.missed) == (date(2025, 11, 26), date(2026, 3, 26),
                                                          False)  # fmt: skip
    (row,) = at_risk(date(2026, 3, 27)).visits
    assert row.missed
