"""What every import is made of: its columns, the change a good row makes, and a row's cells
read into values with every fault named in the admin's words."""

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select

from app.extensions import db
from app.services import ServiceError
from app.services.spreadsheets import RowError, day_of, header_key, text_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class Column:
    key: str  # the values' name for it
    header: str  # as the template writes it and messages name it
    what: str  # what it holds, for the page and the docs
    example: Any  # the template's example row: obviously synthetic
    required: bool = False


@dataclass
class Change:
    """One good row: the values it stores, and the row Quorum holds already (None: a new one)."""

    row: int
    key: Hashable  # the natural key: two rows with the same key are refused
    existing: Any
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # what a kind stores beside the row


@dataclass(frozen=True)
class Kind:
    """One kind of import: how it is named, its columns, and how a row is checked."""

    name: str  # in the URL and the command: chairs
    title: str  # Chairs
    noun: str  # chair, for the audit's actions (chair.created) and the words
    plural: str
    columns: tuple[Column, ...]
    key_column: str  # the column whose repeat within the file is refused
    matched_by: str  # how a row finds what Quorum holds, in words: "email address"
    # (rows, today) -> the changes of the good rows; the bad ones are added to the list given
    check: Callable[[list[tuple[int, dict[str, Any]]], date, list[RowError]], list[Change]]
    # How a change is stored (at `now`, by the actor): a new object added to the session, or the
    # existing one updated; each returns the object and the names of the fields it changed.
    store: Callable[[Change, datetime, int | None], tuple[Any, list[str]]]
    # The names of the fields a change would change (none: the row is unchanged).
    differs: Callable[[Change], list[str]]
    max_rows: int = 20_000
    verbs: tuple[str, str] = ("created", "updated")  # the audit's words, as the pages use them
    one: str = ""  # what one row is, in words, when not the noun: "period"
    audits_itself: bool = False  # its store writes each object's audit row (a request's own)
    # Each new object's own audit row, written by its service once all are flushed.
    record_new: Callable[[datetime, int | None, Any], None] | None = None
    # Instead of `store`, for a kind whose changes are stored as one (closure days: a version
    # of the local practice): the objects it added.
    store_all: Callable[[list[Change], datetime, int | None], list[Any]] | None = None

    @property
    def names(self) -> dict[str, str]:
        return {column.key: column.header for column in self.columns}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if column.required)


def differing_fields(change: Change) -> list[str]:
    if change.existing is None:
        return list(change.values)
    return [
        name for name, value in change.values.items() if getattr(change.existing, name) != value
    ]


class Row:
    """One row's cells, read column by column; each fault is added to `errors` in words."""

    def __init__(self, number: int, cells: dict[str, Any], names: dict[str, str], errors):
        self.number, self.cells, self.names, self.errors = number, cells, names, errors
        self.faults = 0
        self.refused_field = ""  # the field a service named when it refused a value

    def fail(self, key: str, why: str) -> None:
        self.errors.append(RowError(self.number, self.names.get(key, key), why))
        self.faults += 1

    @property
    def good(self) -> bool:
        return self.faults == 0

    def raw(self, key: str) -> Any:
        return self.cells.get(key)

    def text(self, key: str, limit: int, what: str = "") -> str:
        """Text as written; blank when the column is empty, refused when `what` says it is
        required. A cell starting with = is kept as the text it is, never run."""
        value = text_of(self.cells.get(key))
        if not value and what:
            self.fail(key, f"enter {what}")
        elif len(value) > limit:
            self.fail(key, f"write it in {limit} characters or fewer")
            return value[:limit]
        return value

    def email(self, key: str, required: bool) -> str:
        value = self.text(key, 254, "an email address" if required else "").lower()
        if value and not EMAIL.match(value):
            self.fail(key, f"'{_short(value)}' is not an email address")
        return value

    def yes_no(self, key: str, default: bool = False) -> bool:
        value = text_of(self.cells.get(key)).lower()
        if value in _YES:
            return True
        if value in _NO:
            return default if value == "" else False
        self.fail(key, f"'{_short(value)}' is not yes or no")
        return default

    def whole(self, key: str, low: int, high: int, default: int | None = None) -> int | None:
        value = text_of(self.cells.get(key))
        if not value:
            if default is None:
                self.fail(key, f"enter a whole number from {low} to {high}")
            return default
        if not value.isdigit() or not low <= int(value) <= high:
            self.fail(key, f"'{_short(value)}' is not a whole number from {low} to {high}")
            return default
        return int(value)

    def day(self, key: str, required: bool = True) -> date | None:
        value = self.cells.get(key)
        found = day_of(value)
        if found is None and (required or text_of(value)):
            self.fail(
                key,
                f"'{_short(text_of(value))}' is not a date; write it as 2026-04-30 or 30/04/2026"
                if text_of(value)
                else "enter a date, for example 2026-04-30 or 30/04/2026",
            )
        return found

    def clock(self, key: str) -> time | None:
        value = self.cells.get(key)
        if isinstance(value, time):
            return value
        text = text_of(value)
        match = _CLOCK.match(text)
        if text and (not match or int(match[1]) > 23 or int(match[2]) > 59):
            self.fail(key, f"'{_short(text)}' is not a time of day; write it as 09:30 or 14:00")
            return None
        return time(int(match[1]), int(match[2])) if match else None

    def choice(self, key: str, words: dict[str, str], what: str, default: str = "") -> str:
        """One of `words` (header_key of the word -> stored value), by its word or its code."""
        value = text_of(self.cells.get(key))
        if not value:
            if not default:
                self.fail(key, f"enter {what}")
            return default
        found = words.get(header_key(value))
        if found is None:
            self.fail(key, f"'{_short(value)}' is not {what}")
            return default
        return found

    def checked(self, key: str, check: Callable[[], Any]) -> Any:
        """A service's own check of a value: its refusal becomes this row's fault."""
        try:
            return check()
        except ServiceError as error:
            self.refused_field = error.field or ""
            message = error.message
            if message[1:2].islower():  # "Enter the FTE" reads "enter the FTE" after a colon
                message = message[:1].lower() + message[1:]
            self.fail(key, message)
            return None


def in_chunks(column, values: Iterable[Any], query: Callable[[Any], Select]) -> list[Any]:
    """The rows `query(condition)` finds for `column IN values`, a bounded list per query: an
    import looks up only what its file names, however large the table has grown."""
    wanted, found = sorted(set(values)), list[Any]()
    for start in range(0, len(wanted), 500):
        found += db.session.scalars(query(column.in_(wanted[start : start + 500]))).all()
    return found


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def words_for(values: tuple[str, ...], extra: dict[str, str] | None = None) -> dict[str, str]:
    """The header_key of each stored value (team_manager: 'teammanager'), and synonyms."""
    found = {header_key(value): value for value in values}
    found.update({header_key(word): value for word, value in (extra or {}).items()})
    return found
