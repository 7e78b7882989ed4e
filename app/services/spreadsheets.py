"""Spreadsheets in and out, for every import and export: reading a CSV file or the first sheet
of an Excel workbook by its header row, naming each bad row, and writing cells that no
spreadsheet will take for a formula.

Columns are found by their header text, whatever its case and spacing ("Case reference",
"case_reference" and "CASE REFERENCE" are the same column), in any order.
"""

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.services import ServiceError

SHOWN_ERRORS = 200
_ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip file
_DAY_LAYOUTS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")
_NOT_A_LETTER = re.compile(r"[^a-z0-9]+")
# Text starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    why: str

    @property
    def words(self) -> str:
        return f"Row {self.row}, {self.column}: {self.why}"


class ImportRefused(ServiceError):
    """The file cannot be imported; `errors` names every row at fault (the first 200)."""

    def __init__(self, errors: list[RowError], message: str = ""):
        self.errors = errors[:SHOWN_ERRORS]
        self.total = len(errors)
        more = f" (the first {SHOWN_ERRORS} are listed)" if len(errors) > SHOWN_ERRORS else ""
        super().__init__(
            message
            or f"Nothing was imported: {len(errors)} problem{'' if len(errors) == 1 else 's'} "
            f"in the file{more}. Correct them and import the whole file again.",
            "file",
        )


@dataclass(frozen=True)
class Sheet:
    """The rows that are not blank, each as (row number, {column: cell}), and the headers
    that matched no column (ignored, and named so that a misspelt column is noticed)."""

    rows: list[tuple[int, dict[str, Any]]]
    unknown: list[str] = field(default_factory=list)


def header_key(text: Any) -> str:
    """A header as matched: lower case, letters and digits only."""
    return _NOT_A_LETTER.sub("", str(text or "").lower())


def read_sheet(
    filename: str,
    content: bytes,
    columns: Sequence[str],
    required: Sequence[str],
    max_rows: int,
    too_many: str,
    names: dict[str, str] | None = None,
) -> Sheet:
    """Read the file by its header row. `columns` are the keys rows are given by; `names`
    (key → header text) says how each is written in the template and in messages, and a header
    matches a key or its name. A missing required column refuses the file."""
    table = _table(filename, content)
    header = next(table, None)
    if header is None:
        raise ImportRefused([], "Nothing was imported: the file is empty.")
    names = names or {}
    wanted = {}
    for column in columns:
        wanted[header_key(column)] = column
        wanted[header_key(names.get(column, column))] = column
    where: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        key = wanted.get(header_key(cell))
        if key is not None and key not in where:
            where[key] = index
        elif str(cell or "").strip():
            unknown.append(" ".join(str(cell).split())[:60])
    missing = [column for column in required if column not in where]
    if missing:
        raise ImportRefused(
            [
                RowError(1, names.get(column, column), "this column is missing from the header row")
                for column in missing
            ]
        )
    found: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(table, start=2):
        row = {
            column: cells[index] if index < len(cells) else None for column, index in where.items()
        }
        if all(value is None or str(value).strip() == "" for value in row.values()):
            continue
        if len(found) == max_rows:
            raise ImportRefused([], f"Nothing was imported: {too_many}")
        found.append((number, row))
    return Sheet(found, unknown)


def _table(filename: str, content: bytes) -> Iterator[list[Any]]:
    if not content:
        raise ImportRefused([], "Nothing was imported: the file is empty.")
    lower = filename.lower()
    if content.startswith(_ZIP_MAGIC):
        return _workbook_rows(content)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportRefused(
            [],
            "Nothing was imported: the workbook cannot be opened. Save it "
            "as an Excel workbook (.xlsx) and try again.",
        )
    if lower.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise ImportRefused(
        [], "Nothing was imported: choose a CSV file (.csv) or an Excel workbook (.xlsx)."
    )


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # Excel's "CSV" on a council PC
        except UnicodeDecodeError:
            raise ImportRefused(
                [],
                "Nothing was imported: the file is not a CSV file that can "
                "be read (save it as CSV UTF-8).",
            ) from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise ImportRefused(
            [], f"Nothing was imported: the CSV file cannot be read ({error})."
        ) from None


def _workbook_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # only an import needs it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportRefused(
            [],
            "Nothing was imported: the workbook cannot be opened. Save it "
            "as an Excel workbook (.xlsx) and try again.",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield list(cells)
    finally:
        workbook.close()


# -- cells in ------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell as text, its spacing tidied; a whole number Excel stored as 12.0 reads as 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    return " ".join(str(value).split())


def day_of(value: Any) -> date | None:
    """A date cell, or text written 2025-04-30, 30/04/2025, 30-04-2025 or 30 April 2025."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_of(value)
    for layout in _DAY_LAYOUTS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


# -- cells out -----------------------------------------------------------------------------------


def csv_cell(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell)
    # A number is written as itself ("-3" stays a number); text that a spreadsheet would run
    # as a formula gets a leading apostrophe, which spreadsheets show as text.
    if isinstance(cell, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def put_cell(cell, value: Any, date_format: str = "dd/mm/yyyy") -> None:
    """Set an openpyxl cell: text stays text whatever it starts with, a date is a date."""
    from openpyxl.cell.cell import TYPE_STRING

    if isinstance(value, str):
        cell.value = value
        cell.data_type = TYPE_STRING  # never a formula
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = date_format
    else:
        cell.value = value  # int, float or None


# -- lists out -----------------------------------------------------------------------------------

DOWNLOADS = ("csv", "xlsx")


def csv_bytes(columns: list[str], rows: list[list[Any]]) -> bytes:
    """A list as CSV, UTF-8 with a byte-order mark so that Excel reads its accents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, columns: list[str], rows: list[list[Any]]) -> bytes:
    """A list as one Excel sheet: a bold header row, frozen, and columns wide enough to read."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            put_cell(sheet.cell(row=sheet.max_row, column=column), value)
    for column, heading in enumerate(columns, start=1):
        widest = max([len(heading), *(len(str(row[column - 1] or "")) for row in rows[:500])])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 10), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
