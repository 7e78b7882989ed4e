"""`quorum import KIND FILE`: the rows read and what changed, or every bad row named, exit 2
and nothing saved; --dry-run shows the preview only."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair
from tests.app.factories.rows import make_locality
from tests.app.factories.spreadsheets import xlsx_bytes

CHAIRS = [
    ["Name", "Email", "Base locality", "FTE", "Max meetings a day", "Max minutes a week"],
    ["Example Chair One", "one@example.org", "Testshire North", 0.5, 2, 600],
]


def _chairs() -> int:
    return db.session.scalar(select(func.count()).select_from(Chair)) or 0


def test_a_good_workbook_is_imported_and_again_changes_nothing(runner, tmp_path):
    make_locality(name="Testshire North")
    path = tmp_path / "chairs.xlsx"
    path.write_bytes(xlsx_bytes(CHAIRS))
    first = runner.invoke(args=["import", "chairs", str(path)])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "Read 1 row from chairs.xlsx.",
        "Chairs imported: 1 added, 0 changed, 0 unchanged.",
    ]
    again = runner.invoke(args=["import", "chairs", str(path)])
    assert again.output.splitlines()[-1] == "Chairs imported: 0 added, 0 changed, 1 unchanged."
    assert _chairs() == 1


def test_a_dry_run_saves_nothing(runner, tmp_path):
    make_locality(name="Testshire North")
    path = tmp_path / "chairs.xlsx"
    path.write_bytes(xlsx_bytes(CHAIRS))
    result = runner.invoke(args=["import", "chairs", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "Would be: 1 added, 0 changed, 0 unchanged. Nothing was saved" in result.output
    assert _chairs() == 0


def test_a_bad_file_names_each_row_and_saves_nothing(runner, tmp_path):
    path = tmp_path / "chairs.csv"
    path.write_text(
        "Name,Email,Base locality,FTE,Max meetings a day,Max minutes a week\n"
        "Example Chair One,one@example.org,Nowhere,0.5,2,600\n"
        "Example Chair Two,two,Nowhere,0.5,2,600\n"
    )
    result = runner.invoke(args=["import", "chairs", str(path)])
    assert result.exit_code == 2
    assert "Row 2, Base locality: 'Nowhere' is not a locality in Quorum" in result.output
    assert "Row 3, Email: 'two' is not an email address" in result.output
    assert _chairs() == 0
