"""The service's figures from held meetings, Quorum's and imported: timeliness (held, in
timescale, the percentage, the late ones) and meetings held per month."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import Workbook

from app.extensions import db
from app.services import ServiceError
from app.services.reports.figures import (
    Period,
    financial_year,
    monthly,
    period,
    timeliness,
    totals,
)
from app.services.reports.history import import_history
from tests.app.factories.rows import NOW, make_meeting, make_request

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def _held(held_on: date, latest: date, meeting_type: str = "CIC_REVIEW", **meeting_fields):
    meeting_request = make_request(meeting_type=meeting_type, latest=latest,
                                   earliest=date(2026, 1, 5), status="held")  # fmt: skip
    starts_at = meeting_fields.pop("starts_at", None) or datetime(
        held_on.year, held_on.month, held_on.day, 10, tzinfo=UTC
    )
    fields = {"status": "held", "held_on": held_on, **meeting_fields}
    return make_meeting(request=meeting_request, starts_at=starts_at, **fields)


def test_compliance_counts_meetings_held_and_held_in_timescale(app):
    _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    _held(date(2026, 3, 12), latest=date(2026, 3, 12))  # the last legal day is in timescale
    _held(date(2026, 3, 13), latest=date(2026, 3, 12), late_reason="Court", late_agreed_by="Pat")
    db.session.commit()
    (row,) = timeliness(MARCH, ["CIC_REVIEW"])
    assert (row.held, row.in_timescale, row.percentage) == (3, 2, 66.67)


def test_compliance_lists_late_meetings_with_their_reason_and_manager(app):
    meeting = _held(date(2026, 3, 13), latest=date(2026, 3, 12), late_reason="Court",
                    late_agreed_by="Pat Manager")  # fmt: skip
    db.session.commit()
    (late,) = timeliness(MARCH, ["CIC_REVIEW"])[0].late
    assert (late.reason, late.agreed_by, late.reference) == (
        "Court",
        "Pat Manager",
        str(meeting.request_id),
    )


def test_compliance_leaves_out_meetings_held_outside_the_period(app):
    _held(date(2026, 2, 27), latest=date(2026, 3, 12))
    _held(date(2026, 4, 1), latest=date(2026, 4, 2))
    db.session.commit()
    (row,) = timeliness(MARCH, ["CIC_REVIEW"])
    assert row.held == 0


def test_compliance_gives_no_percentage_when_nothing_was_held(app):
    (row,) = timeliness(MARCH, ["ICPC"])
    assert (row.held, row.percentage) == (0, None)


def test_compliance_ignores_meetings_that_were_not_held(app):
    meeting = _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    meeting.status, meeting.held_on = "confirmed", None
    db.session.commit()
    assert timeliness(MARCH, ["CIC_REVIEW"])[0].held == 0


def test_compliance_without_a_type_gives_a_row_per_type_held(app):
    _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    _held(date(2026, 3, 11), latest=date(2026, 3, 20), meeting_type="ICPC")
    db.session.commit()
    assert [row.meeting_type.value for row in timeliness(MARCH)] == ["ICPC", "CIC_REVIEW"]


def test_a_meeting_held_without_a_recorded_day_counts_on_its_london_day(app):
    # 23:30 UTC on Tue 31 Mar 2026 is 00:30 on Wed 1 Apr in London (BST): April, not March.
    _held(None, latest=date(2026, 4, 2), starts_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    db.session.commit()
    assert timeliness(MARCH, ["CIC_REVIEW"])[0].held == 0
    assert timeliness(Period(date(2026, 4, 1), date(2026, 4, 30)), ["CIC_REVIEW"])[0].held == 1


# -- with imported history: the annual report's tables ------------------------------------------

YEAR = Period(date(2021, 4, 1), date(2022, 3, 31))
MONTHS = ["2021-04", "2021-05", "2021-06", "2021-07", "2021-08", "2021-09", "2021-10",
          "2021-11", "2021-12", "2022-01", "2022-02", "2022-03"]  # fmt: skip
# A year as an annual report gives it: meetings held per month, and the few held late.
HELD = {
    "ICPC": [24, 27, 25, 22, 26, 23, 28, 25, 21, 27, 24, 28],  # 300
    "RCPC": [35, 36, 34, 37, 33, 36, 35, 34, 33, 36, 35, 38],  # 422
    "CIC_REVIEW": [140, 138, 145, 139, 142, 137, 144, 141, 136, 143, 140, 149],  # 1694
}
LATE = {"ICPC": 2, "RCPC": 2, "CIC_REVIEW": 4}


def _history_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["meeting_type", "case_reference", "held_on", "latest", "children",
                  "late_reason", "agreed_by"])  # fmt: skip
    number = 0
    for kind, counts in HELD.items():
        late = LATE[kind]
        for month, count in zip(MONTHS, counts, strict=True):
            first = date.fromisoformat(f"{month}-01")
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            for i in range(count):
                number += 1
                # Spread over the month, the last one on its last day (31 March: still 2021-22).
                held_on = last if i == count - 1 else first + timedelta(days=i % 27)
                children = 2 if kind == "CIC_REVIEW" and i % 10 == 0 else 1
                if late and month == "2022-03" and i < late:
                    sheet.append([kind, f"H{number}", held_on, held_on - timedelta(days=3),
                                  children, "Court hearing moved", "A Manager"])  # fmt: skip
                    continue
                sheet.append([kind, f"H{number}", held_on, held_on + timedelta(days=5), children])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_imported_year_gives_back_the_annual_reports_tables_and_percentages(app):
    import_history(NOW, None, "2021-22.xlsx", _history_workbook())

    table = monthly(YEAR)
    assert table.months == MONTHS
    assert table.meetings == HELD
    assert table.cumulative("ICPC")[-1] == 300
    # A sibling group's review is one meeting and two children's reviews.
    siblings = sum(len(range(0, count, 10)) for count in HELD["CIC_REVIEW"])
    assert sum(table.children["CIC_REVIEW"]) == 1694 + siblings
    rows = {row.meeting_type.value: row for row in timeliness(YEAR)}
    assert (rows["ICPC"].held, rows["ICPC"].in_timescale, rows["ICPC"].percentage) == (
        300, 298, 99.33,
    )  # fmt: skip
    conferences, reviews = totals(list(rows.values()))
    assert (conferences.held, conferences.in_timescale, conferences.percentage) == (722, 718, 99.45)
    assert (reviews.held, reviews.in_timescale, reviews.percentage) == (1694, 1690, 99.76)
    assert {late.reason for late in rows["RCPC"].late} == {"Court hearing moved"}


def test_quorums_own_and_imported_meetings_count_together_and_the_year_ends_on_31_march(app):
    rows = (
        b"meeting_type,case_reference,held_on,latest\n"
        b"CIC_REVIEW,H1,2026-03-31,2026-04-02\n"
        b"CIC_REVIEW,H2,2026-04-01,2026-04-02\n"
    )
    import_history(datetime(2026, 6, 1, tzinfo=UTC), None, "h.csv", rows)
    _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    db.session.commit()
    year = financial_year(date(2025, 12, 1))
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert monthly(year).meetings["CIC_REVIEW"][-1] == 2  # March: Quorum's and the 31st's
    assert timeliness(year)[0].held == 2


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(date(2026, 3, 1), date(2026, 2, 1), "to"), (date(2010, 1, 1), date(2026, 1, 1), "to")],
)
def test_a_period_that_ends_before_it_starts_or_is_too_long_is_refused(start, end, field):
    with pytest.raises(ServiceError) as refused:
        period(start, end, date(2026, 3, 1))
    assert refused.value.field == field


def test_a_period_left_out_is_this_financial_year():
    assert period(None, None, date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2027, 3, 31))
