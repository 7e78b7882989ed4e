"""The file to fill in for each kind: its header row and one example row of synthetic data,
as an Excel workbook and as CSV (no text written as a formula in either)."""

from app.services.imports.columns import Kind
from app.services.spreadsheets import csv_bytes, xlsx_bytes


def template_csv(kind: Kind) -> bytes:
    return csv_bytes(_headers(kind), [_example(kind)])


def template_workbook(kind: Kind) -> bytes:
    return xlsx_bytes(kind.title, _headers(kind), [_example(kind)])


def _headers(kind: Kind) -> list[str]:
    return [column.header for column in kind.columns]


def _example(kind: Kind) -> list:
    return [column.example for column in kind.columns]
