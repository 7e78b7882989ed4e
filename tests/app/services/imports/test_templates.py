"""Each kind's templates (Excel and CSV): the header row its import reads, every column known,
and an example row of synthetic data; the example row of people reads without a fault."""

from datetime import date

import pytest

from app.services.imports import batches
from app.services.imports.registry import KINDS
from app.services.imports.templates import template_csv, template_workbook

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("name", list(KINDS))
@pytest.mark.parametrize(
    ("write", "filename"), [(template_csv, "t.csv"), (template_workbook, "t.xlsx")]
)
def test_a_template_has_every_column_its_import_reads_and_one_example_row(
    app, name, write, filename
):
    kind = KINDS[name]
    found = batches.preview(kind, filename, write(kind), TODAY)
    assert (found.read, found.unknown) == (1, [])
    if name == "people":
        assert (found.errors, found.added) == ([], 1)
