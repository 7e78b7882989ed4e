"""The file to fill in for each kind: its header row and one example row of synthetic data,
as an Excel workbook and as CSV (no text written as a formula in either)."""

import csv
import io

from app.services.imports.columns import Kind
from app.services.spreadsheets import csv_cell, put_cell


def template_csv(kind: Kind) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in kind.columns])
    writer.writerow([csv_cell(column.example) for column in kind.columns])
    return out.getvalue().encode("utf-8-sig")


def template_workbook(kind: Kind) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = kind.title[:31]
    for index, column in enumerate(kind.columns, start=1):
        put_cell(sheet.cell(row=1, column=index), column.header)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        put_cell(sheet.cell(row=2, column=index), column.example)
        width = max(len(column.header), len(str(column.example))) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 50)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
