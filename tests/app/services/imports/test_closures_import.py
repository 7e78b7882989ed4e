"""Council closure days from a spreadsheet, into the local practice: one version from today
with the days added, audited; a day already there is unchanged."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, SettingsVersion
from app.services.imports import batches
from app.services.imports.closures import KIND
from app.services.settings import authority_settings
from app.services.spreadsheets import ImportRefused
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
LATER = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _versions() -> int:
    return db.session.scalar(select(func.count()).select_from(SettingsVersion)) or 0


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "d.csv"), (xlsx_bytes, "d.xlsx")])
def test_closure_days_become_a_version_of_the_local_practice_from_today(app, make_file, name):
    rows = [["Day", "Why"], ["2026-12-29", "Christmas"], ["30/12/2026", "Christmas"]]
    found = batches.preview(KIND, name, make_file(rows), TODAY)
    assert (found.errors, found.unknown, found.words) == (
        [],
        ["Why"],
        "2 added, 0 changed, 0 unchanged",
    )
    assert _versions() == 0
    batches.save(NOW, None, KIND, name, make_file(rows))
    assert authority_settings(date(2026, 3, 2)).closure_days == {
        date(2026, 12, 29),
        date(2026, 12, 30),
    }
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["settings.version", "import.closures"]


def test_the_same_days_again_change_nothing_and_a_new_day_is_added_to_them(app):
    rows = [["Day"], ["2026-12-29"]]
    batches.save(NOW, None, KIND, "d.csv", csv_bytes(rows))
    assert batches.save(LATER, None, KIND, "d.csv", csv_bytes(rows)).words == (
        "0 added, 0 changed, 1 unchanged"
    )
    assert _versions() == 1
    rows.append(["2026-12-31"])
    assert batches.save(LATER, None, KIND, "d.csv", csv_bytes(rows)).words == (
        "1 added, 0 changed, 1 unchanged"
    )
    assert authority_settings(date(2026, 3, 3)).closure_days == {
        date(2026, 12, 29),
        date(2026, 12, 31),
    }


def test_bad_days_are_each_named_and_nothing_is_saved(app):
    rows = [["Day"], ["2026-12-29"], ["2026-02-27"], ["Christmas"], ["2029-12-29"], ["29/12/2026"]]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "d.csv", csv_bytes(rows))
    assert [error.words for error in refused.value.errors] == [
        "Row 3, Day: 2026-02-27 has passed: closure days matter for meetings still to book",
        "Row 4, Day: 'Christmas' is not a date; write it as 2026-04-30 or 30/04/2026",
        "Row 5, Day: 2029-12-29 is more than two years away: check the year",
        "Row 6, Day: the same closure day as row 2",
    ]
    assert _versions() == 0


def test_a_version_saved_today_already_refuses_the_import_whole(app):
    batches.save(NOW, None, KIND, "d.csv", csv_bytes([["Day"], ["2026-12-29"]]))
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "d.csv", csv_bytes([["Day"], ["2026-12-30"]]))
    assert "A version already takes effect on" in refused.value.message
    assert _versions() == 1
