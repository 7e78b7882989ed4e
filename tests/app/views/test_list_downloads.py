"""Every list page downloads as CSV and as Excel: the rows that match its filter (all of them,
not one page), dates as dates, text never a formula, the file never cached, and the download
audited without the filter (which may hold a name)."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_case, make_chair, make_person, make_request, make_room

# (list page, a value its rows must hold)
LISTS = [
    ("/cases?state=all", "DL0001"),
    ("/requests?status=all", "DL0001"),
    ("/people", "=HYPERLINK(1)"),
    ("/chairs", "Download Chair"),
    ("/rooms", "Download Room"),
    ("/localities", "Downloadtown"),
    ("/users", "admin"),
    ("/audit", "user.signed_in"),
    ("/escalations", None),
    ("/meetings", None),
]


@pytest.fixture
def lists(app):
    from tests.app.factories.rows import make_locality

    town = make_locality(name="Downloadtown")
    make_chair(name="Download Chair", base_locality=town)
    make_room(name="Download Room", locality=town)
    make_person(name="=HYPERLINK(1)")  # a name a spreadsheet would run, kept as text
    make_request(case=make_case(reference="DL0001"), latest=date(2026, 3, 27))
    db.session.commit()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


@pytest.mark.parametrize(("url", "value"), LISTS)
def test_every_list_downloads_as_csv_and_excel(client, lists, url, value):
    signed_in_as(client, "admin")
    page = client.get(url).get_data(as_text=True)
    if value is not None:  # a list with rows offers them (an empty one has nothing to take)
        assert "download=csv" in page and "download=xlsx" in page
    joiner = "&" if "?" in url else "?"
    as_csv = client.get(f"{url}{joiner}download=csv")
    assert as_csv.status_code == 200, as_csv.get_data(as_text=True)[:1000]
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert as_csv.headers["Cache-Control"] == "no-store"
    assert re.match(r'attachment; filename="quorum-[a-z-]+-\d{4}-\d\d-\d\d\.csv"',
                    as_csv.headers["Content-Disposition"])  # fmt: skip
    rows = _csv(as_csv)
    as_xlsx = client.get(f"{url}{joiner}download=xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.get_data())).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0]  # the same columns
    if value is not None:
        assert any(value in cell for row in rows for cell in row if cell)
        assert any(value == cell or (isinstance(cell, str) and value in cell)
                   for row in cells for cell in row)  # fmt: skip


def test_a_formula_like_name_stays_text_in_both(client, lists):
    signed_in_as(client, "admin")
    rows = _csv(client.get("/people?download=csv"))
    assert ["'=HYPERLINK(1)"] == [row[0] for row in rows if "HYPERLINK" in row[0]]
    sheet = load_workbook(io.BytesIO(client.get("/people?download=xlsx").get_data())).active
    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cell.data_type == "s"  # a string, not a formula


def test_a_paginated_list_downloads_every_matching_row_with_dates_as_dates(client, lists):
    for n in range(2, 60):
        make_request(case=make_case(reference=f"DL{n:04d}"), latest=date(2026, 3, 27))
    db.session.commit()
    signed_in_as(client, "admin")
    rows = _csv(client.get("/requests?status=all&download=csv"))
    assert len(rows) == 1 + 59  # more than one page of the list
    sheet = load_workbook(io.BytesIO(client.get("/requests?status=all&download=xlsx").get_data()))
    latest = [row[5] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert all(day.date() == date(2026, 3, 27) for day in latest)  # a date, not text


def test_a_download_is_audited_with_its_count_and_not_its_filter(client, lists):
    admin = signed_in_as(client, "admin")
    client.get("/people?q=HYPERLINK&download=csv")
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "list.downloaded")).one()  # fmt: skip
    assert (event.actor_id, event.detail) == (admin.id, "list=people; rows=1")


def test_a_chair_downloads_only_their_own_meetings(client, lists):
    signed_in_as(client, "chair")
    rows = _csv(client.get("/meetings?download=csv"))
    assert rows == [["Starts (UK time)", "Ends", "Meeting", "Case", "Chair", "Room", "Status"]]
