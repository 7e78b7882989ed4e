"""Council closure days (besides bank holidays) from a spreadsheet, into the local practice as
the Local practice page keeps them: one new version from today with the days added, audited as
any version is. A day the local practice has already is unchanged; none is removed."""

from datetime import date, datetime, timedelta
from typing import Any

from app.services.imports.columns import Change, Column, Kind, Row
from app.services.settings import authority_settings
from app.services.settings.versions import LONGEST_AHEAD, add_closure_days
from app.services.spreadsheets import RowError

COLUMNS = (
    Column("day", "Day", "A day the council is closed, besides bank holidays", "2026-12-29",
           required=True),
)  # fmt: skip


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    held = authority_settings(today).closure_days
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    last = today + LONGEST_AHEAD + timedelta(days=366)
    for number, cells in rows:
        row = Row(number, cells, names, errors)
        day = row.day("day")
        if day is not None and day < today:
            row.fail("day", f"{day.isoformat()} has passed: closure days matter for meetings "
                     "still to book")  # fmt: skip
        elif day is not None and day > last:
            row.fail("day", f"{day.isoformat()} is more than two years away: check the year")
        if row.good and day is not None:
            changes.append(Change(number, day, day if day in held else None, {"day": day}))
    return changes


def differs(change: Change) -> list[str]:
    return [] if change.existing is not None else ["closure_days"]


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Any, list[str]]:
    raise NotImplementedError("closure days are stored all at once (store_all)")


def store_all(changes: list[Change], now: datetime, actor_id: int | None) -> list[Any]:
    days = {change.values["day"] for change in changes if change.existing is None}
    row = add_closure_days(now, actor_id, days, "Council closure days imported")
    return [row] if row is not None else []


KIND = Kind(
    name="closures",
    title="Council closure days",
    noun="closure day",
    plural="council closure days",
    columns=COLUMNS,
    key_column="day",
    matched_by="day (the local practice's closure days)",
    check=check,
    store=store,
    differs=differs,
    audits_itself=True,
    store_all=store_all,
)
