"""The Figures pages: the tables and charts for a financial year, each table as CSV and Excel
(numbers as numbers, dates as dates, no text taken for a formula), the annual-report pack, the
printable page, and the history upload with every bad row named."""

import csv
import io
import re
from datetime import UTC, date, datetime
from html import unescape

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import HistoricalMeeting
from app.services.reports.history import import_history
from tests.app.auth_helpers import csrf_token, signed_in_as

HISTORY = (
    b"meeting_type,case_reference,held_on,latest,children,late_reason,agreed_by,rearranged,"
    b"rearranged_reason\n"
    b"ICPC,H1,2025-04-30,2025-05-02,1,,,0,\n"
    b'ICPC,H2,2025-05-06,2025-05-02,1,"=HYPERLINK(""http://evil.example"")",A Manager,1,'
    b"Court\n"
    b"CIC_REVIEW,H4,2025-05-07,2025-05-09,3,,,2,Placement\n"
    b"RCPC,H5,2026-03-31,2026-04-01,1,,,0,\n"
)
YEAR = "year=2025"


def _history(app):
    import_history(datetime(2026, 6, 1, tzinfo=UTC), None, "h.csv", HISTORY)


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_a_manager_sees_a_years_tables_with_charts_beside_them(client, app):
    _history(app)
    signed_in_as(client, "manager")
    response = client.get(f"/figures?{YEAR}")
    page = _text(response)
    assert response.status_code == 200
    assert "Figures: 1 April 2025 to 31 March 2026" in page
    assert "Timeliness by meeting type" in page and "66.67" in page
    assert "Meetings held per month" in page and "Mar 2026" in page
    assert page.count('role="img"') >= 10  # a chart beside each figure with a value to draw
    assert "Rearranged and cancelled, by reason" in page and "Recorded before Quorum" in page


def test_a_bad_period_is_refused_in_words(client):
    signed_in_as(client, "admin")
    response = client.get("/figures?from=2026-03-31&to=2025-04-01")
    assert response.status_code == 400
    assert "The period must end on or after the day it starts." in _text(response)
    assert client.get("/figures?year=1066").status_code == 400
    assert client.get("/figures?from=yesterday").status_code == 400


def test_a_tables_csv_keeps_text_from_running_as_a_formula(client, app):
    _history(app)
    signed_in_as(client, "manager")
    response = client.get(f"/figures/out-of-timescale.csv?{YEAR}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Meeting type", "Held on", "Latest day", "Days late"]
    assert rows[1][1:4] == ["2025-05-06", "2025-05-02", "4"]
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example")'


def test_a_tables_workbook_has_dates_numbers_and_text_never_a_formula(client, app):
    _history(app)
    signed_in_as(client, "manager")
    response = client.get(f"/figures/out-of-timescale.xlsx?{YEAR}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == "Initial child protection conference")
    assert row[1].value == datetime(2025, 5, 6) and row[1].is_date
    assert row[3].value == 4 and row[3].data_type == "n"
    assert row[4].value == '=HYPERLINK("http://evil.example")' and row[4].data_type == "s"


def test_the_annual_pack_has_a_sheet_per_table(client, app):
    _history(app)
    signed_in_as(client, "admin")
    response = client.get(f"/figures/annual-pack.xlsx?{YEAR}")
    book = load_workbook(io.BytesIO(response.data))
    assert "Timeliness by meeting type" in book.sheetnames
    assert "Meetings held per month" in book.sheetnames
    assert len(book.sheetnames) >= 15
    sheet = book["Conferences and children-in-car"]
    values = {r[0].value: r[4].value for r in sheet.iter_rows() if r[0].value}
    assert values["Child protection conferences"] == 66.67


def test_the_printable_page_has_no_navigation(client, app):
    _history(app)
    signed_in_as(client, "manager")
    page = _text(client.get(f"/figures/print?{YEAR}"))
    assert "Timeliness by meeting type" in page
    assert "govuk-service-navigation" not in page and "Sign out" not in page


def test_a_chair_may_not_see_the_figures(client):
    signed_in_as(client, "chair")
    assert client.get("/figures").status_code in (403, 404)


def test_an_upload_with_bad_rows_lists_each_and_imports_nothing(client):
    signed_in_as(client, "admin")
    bad = b"meeting_type,case_reference,held_on,latest\nICPC,H1,2025-04-30,2025-05-02\nXX,,soon,\n"
    response = client.post("/figures/history", data={
        "csrf_token": csrf_token(client, "/figures/history"),
        "file": (io.BytesIO(bad), "history.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    page = _text(response)
    assert response.status_code == 400
    for words in ("Row 3, meeting_type:", "Row 3, case_reference:", "Row 3, held_on:",
                  "Row 3, latest:"):  # fmt: skip
        assert words in page
    assert db.session.scalar(select(func.count()).select_from(HistoricalMeeting)) == 0


def test_an_upload_imports_the_file_and_says_what(client):
    signed_in_as(client, "admin")
    good = b"meeting_type,case_reference,held_on,latest\nICPC,H1,2025-04-30,2025-05-02\n"
    response = client.post("/figures/history", data={
        "csrf_token": csrf_token(client, "/figures/history"),
        "file": (io.BytesIO(good), "history.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    page = _text(client.get("/figures/history"))
    assert "Imported 1 meeting (1 child's review) held from 30 April 2025 to 30 April 2025." in page
    assert db.session.scalar(select(HistoricalMeeting.held_on)) == date(2025, 4, 30)
