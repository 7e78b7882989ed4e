"""`quorum import history FILE`: imported and said so, or every bad row named and exit 2."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import HistoricalMeeting


def test_a_good_file_is_imported_and_the_command_says_what(runner, tmp_path):
    path = tmp_path / "2024-25.csv"
    path.write_text("meeting_type,case_reference,held_on,latest,children\n"
                    "CIC_REVIEW,H1,2024-05-01,2024-05-03,2\n"
                    "RCPC,H2,2024-06-03,2024-06-04,1\n")  # fmt: skip
    result = runner.invoke(args=["import", "history", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Imported 2 meetings (3 children's reviews) held from 1 May 2024 to 3 June 2024."
    )
    assert db.session.scalar(select(func.count()).select_from(HistoricalMeeting)) == 2


def test_a_bad_file_names_every_row_and_imports_nothing(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("meeting_type,case_reference,held_on,latest\n"
                    "CIC_REVIEW,H1,2024-05-01,2024-05-03\n"
                    "CIC_REVIEW,H2,2024-05-09,2024-05-03\n")  # fmt: skip
    result = runner.invoke(args=["import", "history", str(path)])
    assert result.exit_code == 2
    assert "Row 3, late_reason: it was held after its latest day: give the reason" in result.output
    assert "Row 3, agreed_by:" in result.output
    assert db.session.scalar(select(func.count()).select_from(HistoricalMeeting)) == 0
