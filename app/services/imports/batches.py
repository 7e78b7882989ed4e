"""Preview a file (what it would add, change and leave alone, and every bad row) and save it:
all or nothing, in one transaction, with an audit row for each object it adds or changes and one
for the import. Audit rows name ids, fields and counts, never a name or an email."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.services import ServiceError, audit
from app.services.imports.columns import Change, Kind
from app.services.spreadsheets import ImportRefused, RowError, read_sheet
from app.time import london_date


@dataclass
class Preview:
    kind: Kind
    read: int  # rows read (not blank)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    changes: list[tuple[Change, list[str]]] = field(default_factory=list)

    @property
    def words(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged"

    def refused(self) -> ImportRefused:
        return ImportRefused(self.errors)


def preview(kind: Kind, filename: str, content: bytes, today: date) -> Preview:
    """Read and check the whole file; nothing is stored. A file that cannot be read at all
    raises ImportRefused; bad rows are in the preview's errors, all of them."""
    too_many = f"the file has more than {kind.max_rows} rows. Import it in parts."
    sheet = read_sheet(
        filename, content, [c.key for c in kind.columns], kind.required, kind.max_rows,
        too_many, kind.names,
    )  # fmt: skip
    errors: list[RowError] = []
    changes = kind.check(sheet.rows, today, errors)
    found = Preview(kind, len(sheet.rows), unknown=sheet.unknown)
    seen: dict[Any, int] = {}
    for change in changes:
        if change.key in seen:
            why = f"the same {kind.one or kind.noun} as row {seen[change.key]}"
            errors.append(RowError(change.row, kind.names[kind.key_column], why))
            continue
        seen[change.key] = change.row
        fields = kind.differs(change)
        if change.existing is None:
            found.added += 1
        elif fields:
            found.changed += 1
        else:
            found.unchanged += 1
            continue
        found.changes.append((change, fields))
    order = {column.header: index for index, column in enumerate(kind.columns)}
    found.errors = sorted(errors, key=lambda e: (e.row, order.get(e.column, len(order))))
    if not found.read and not found.errors:
        found.errors = [RowError(2, kind.columns[0].header, "the file has a header row but no "
                                 f"{kind.plural} under it")]  # fmt: skip
    return found


def save(now: datetime, actor_id: int | None, kind: Kind, filename: str,
         content: bytes) -> Preview:  # fmt: skip
    """Check the file again (Quorum may have changed since the preview) and store every change
    in one commit; any bad row and nothing is stored."""
    found = preview(kind, filename, content, london_date(now))
    if found.errors:
        raise found.refused()
    try:
        changes = [change for change, _ in found.changes]
        if kind.store_all is not None:
            kind.store_all(changes, now, actor_id)
            stored = []
        else:
            stored = [(kind.store(change, now, actor_id), change.existing is None)
                      for change in changes]  # fmt: skip
        db.session.flush()
        if kind.record_new is not None:
            for (row, _), new in stored:
                if new:
                    kind.record_new(now, actor_id, row)
        for (row, fields), new in [] if kind.audits_itself else stored:
            action = f"{kind.noun}.{kind.verbs[0] if new else kind.verbs[1]}"
            audit.record(now, actor_id, action, row, "imported" if new else
                         "imported; fields=" + ",".join(fields))  # fmt: skip
        audit.record(now, actor_id, f"import.{kind.name}", None,
                     f"rows={found.read}; added={found.added}; changed={found.changed}; "
                     f"unchanged={found.unchanged}")  # fmt: skip
        db.session.commit()
    except ServiceError as error:  # a rule only the whole file can break (a version today)
        db.session.rollback()
        raise ImportRefused([], f"Nothing was imported: {error.message}") from None
    except IntegrityError:
        # Someone else added the same chair, room or case a moment ago.
        db.session.rollback()
        raise ImportRefused(
            [],
            f"Nothing was imported: some of these {kind.plural} were added by someone else "
            "a moment ago. Import the file again to see which.",
        ) from None
    return found
