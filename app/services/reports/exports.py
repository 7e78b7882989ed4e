"""The figures' tables as CSV and as Excel workbooks (openpyxl): dates as dates, numbers as
numbers, and no text ever taken for a formula (a reason typed as "=HYPERLINK(…)" stays text).
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.services.reports.figures import Period
from app.services.reports.tables import Table
from app.services.spreadsheets import csv_cell, put_cell

SHEET_NAME_LENGTH = 31  # Excel's limit


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def workbook_bytes(tables: list[Table], chosen: Period, title: str) -> bytes:
    """One sheet per table, each headed by its title and the period."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([f"{title}: {chosen.start:%-d %B %Y} to {chosen.end:%-d %B %Y}"])
        if table.note:
            sheet.append([table.note])
        sheet.append([])
        sheet.append(table.columns)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([None] * len(row))
            for column, value in enumerate(row, start=1):
                put_cell(sheet.cell(row=sheet.max_row, column=column), value)
        if table.total_row and table.rows:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for column, heading in enumerate(table.columns, start=1):
            widest = max([len(heading), *(len(str(r[column - 1] or "")) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 10), 60)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:SHEET_NAME_LENGTH].strip()
    candidate, number = name, 2
    while candidate.lower() in used:
        suffix = f" {number}"
        candidate = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate
