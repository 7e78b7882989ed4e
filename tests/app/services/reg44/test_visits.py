"""Recording Regulation 44 visits and their reports: monthly homes are due every calendar
month, supported-living schemes every 4 months from the previous visit, and a period that ends
with no visit is missed."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Reg44Visit
from app.services import NotFound, ServiceError
from app.services.reg44.schedule import periods
from app.services.reg44.tracker import record_report, record_visit, tracker
from tests.app.factories.rows import NOW
from tests.app.services.reg44.factories import make_home, make_visitor

TODAY = date(2026, 3, 16)


def _visits(home):
    return list(db.session.scalars(select(Reg44Visit).where(Reg44Visit.home_id == home.id)))


def test_a_monthly_home_is_due_every_calendar_month_by_its_last_day(app):
    home = make_home(opened_on=date(2025, 11, 20))
    spans = periods(home, [], TODAY)
    assert [span.start for span in spans] == [date(2025, 11, 1), date(2025, 12, 1),
                                              date(2026, 1, 1), date(2026, 2, 1),
                                              date(2026, 3, 1)]  # fmt: skip
    # The deadline is the last working day; a visit on any day of the month still counts.
    assert [span.latest for span in spans][-2:] == [date(2026, 2, 27), date(2026, 3, 31)]
    assert [span.status(TODAY) for span in spans][-2:] == ["missed", "due"]


def test_a_weekend_visit_after_the_last_working_day_counts_for_its_month(app):
    home = make_home()
    record_visit(NOW, None, home.id, "2026-02-01", date(2026, 2, 28), home.visitor_id, TODAY)
    february = periods(home, _visits(home), TODAY)[-2]
    assert (february.start, february.status(TODAY)) == (date(2026, 2, 1), "visited")


def test_a_closed_home_has_no_periods_after_it_closed(app):
    home = make_home(opened_on=date(2025, 11, 20), closed_on=date(2026, 1, 10))
    assert [span.start for span in periods(home, [], TODAY)][-1] == date(2026, 1, 1)


def test_recording_a_visit_makes_the_month_visited_and_is_audited(app):
    home = make_home()
    visit = record_visit(NOW, None, home.id, "2026-03-01", date(2026, 3, 10), home.visitor_id,
                         TODAY)  # fmt: skip
    assert (visit.period_start, visit.latest, visit.visited_on) == (
        date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 10))  # fmt: skip
    march = periods(home, _visits(home), TODAY)[-1]
    assert march.status(TODAY) == "visited"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "reg44_visit.recorded" in actions


@pytest.mark.parametrize(
    ("visited_on", "field", "words"),
    [
        (None, "visited_on", "Enter the date"),
        (date(2026, 2, 27), "visited_on", "must be in March 2026"),  # before the month
        (date(2026, 3, 17), "visited_on", "cannot be in the future"),
    ],
)
def test_a_visit_outside_its_month_or_in_the_future_is_refused(app, visited_on, field, words):
    home = make_home()
    with pytest.raises(ServiceError) as refused:
        record_visit(NOW, None, home.id, "2026-03-01", visited_on, home.visitor_id, TODAY)
    assert refused.value.field == field and words in refused.value.message
    assert _visits(home) == []


def test_a_visit_needs_a_visitor_and_a_real_period(app):
    home = make_home()
    retired = make_visitor(retired_at=NOW)
    with pytest.raises(ServiceError, match="Choose the visitor"):
        record_visit(NOW, None, home.id, "2026-03-01", date(2026, 3, 2), retired.id, TODAY)
    for period in ("2026-03-02", "not-a-date", "2019-03-01"):
        with pytest.raises(NotFound):
            record_visit(NOW, None, home.id, period, date(2026, 3, 2), home.visitor_id, TODAY)
    assert _visits(home) == []


def test_a_supported_living_scheme_is_due_4_months_from_its_previous_visit(app):
    home = make_home(supported_living=True, opened_on=date(2025, 6, 2))
    first = periods(home, [], TODAY)
    assert [(span.start, span.latest) for span in first] == [(date(2025, 6, 2), date(2025, 10, 2))]
    record_visit(NOW, None, home.id, "2025-06-02", date(2025, 9, 15), home.visitor_id, TODAY)
    spans = periods(home, _visits(home), TODAY)
    assert [(span.start, span.latest) for span in spans] == [
        (date(2025, 6, 2), date(2025, 10, 2)),
        (date(2025, 9, 15), date(2026, 1, 15)),  # from the visit, not from the deadline
    ]
    assert spans[-1].status(TODAY) == "missed"
    # A late visit is made, but the period it belonged to stays missed.
    record_visit(NOW, None, home.id, "2025-09-15", date(2026, 2, 3), home.visitor_id, TODAY)
    spans = periods(home, _visits(home), TODAY)
    assert [span.status(TODAY) for span in spans] == ["visited", "missed", "due"]
    assert spans[-1].latest == date(2026, 6, 3)


def test_a_supported_living_visit_must_follow_the_previous_one(app):
    home = make_home(supported_living=True, opened_on=date(2025, 6, 2))
    record_visit(NOW, None, home.id, "2025-06-02", date(2025, 9, 15), home.visitor_id, TODAY)
    with pytest.raises(ServiceError, match="after the previous visit on 15 September 2025"):
        record_visit(NOW, None, home.id, "2025-09-15", date(2025, 9, 15), home.visitor_id, TODAY)
    # The earlier visit cannot be moved now that a later one counts from it... once recorded.
    record_visit(NOW, None, home.id, "2025-09-15", date(2025, 12, 1), home.visitor_id, TODAY)
    with pytest.raises(ServiceError, match="only the last visit"):
        record_visit(NOW, None, home.id, "2025-06-02", date(2025, 9, 1), home.visitor_id, TODAY)


def test_a_report_is_recorded_on_or_after_its_visit(app):
    home = make_home()
    with pytest.raises(ServiceError, match="Record the visit before its report"):
        record_report(NOW, None, home.id, "2026-03-01", date(2026, 3, 12), TODAY)
    record_visit(NOW, None, home.id, "2026-03-01", date(2026, 3, 10), home.visitor_id, TODAY)
    with pytest.raises(ServiceError, match="before the visit on 10 March 2026") as refused:
        record_report(NOW, None, home.id, "2026-03-01", date(2026, 3, 9), TODAY)
    assert refused.value.field == "received_on"
    visit = record_report(NOW, None, home.id, "2026-03-01", date(2026, 3, 12), TODAY)
    assert visit.report_received_on == date(2026, 3, 12)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "reg44_visit.report_received" in actions


def test_the_tracker_shows_the_last_6_and_next_2_months(app):
    home = make_home(opened_on=date(2025, 11, 3))
    record_visit(NOW, None, home.id, "2026-01-01", date(2026, 1, 8), home.visitor_id, TODAY)
    page = tracker(TODAY)
    assert page.months[0] == date(2025, 9, 1) and page.months[-1] == date(2026, 5, 1)
    (row,) = page.rows
    assert [cell.status for cell in row.cells] == [
        "none", "none", "missed", "missed", "visited", "missed", "due", "upcoming", "upcoming"
    ]  # fmt: skip


def test_the_tracker_can_show_a_financial_year_and_refuses_a_bad_month(app):
    assert tracker(TODAY, year="2025").months[0] == date(2025, 4, 1)
    assert len(tracker(TODAY, year="2025").months) == 12
    with pytest.raises(ServiceError) as refused:
        tracker(TODAY, first="March")
    assert refused.value.field == "from"
