"""Compliance with statutory timescales: meetings held in timescale ÷ meetings held (pure).

A meeting held after its latest day is out of timescale. The service still books it, and the
reason and who agreed it are recorded; this module counts and lists them, per type, per period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from app.time import format_day
from app.timescales.calendar import TimescaleError
from app.timescales.types import MeetingType, meeting_type_from_code

__all__ = [
    "ComplianceRow",
    "HeldMeeting",
    "HeldRecord",
    "LateMeeting",
    "compliance",
    "percent",
]


class HeldMeeting(Protocol):
    """Anything with these attributes will do: a model row, a dict-like record, a HeldRecord.

    `late_reason`, `agreed_by` and `reference` are read with getattr, so they may be absent.
    """

    @property
    def meeting_type(self) -> str: ...
    @property
    def held_on(self) -> date: ...
    @property
    def latest(self) -> date: ...


@dataclass(frozen=True)
class HeldRecord:
    meeting_type: MeetingType | str
    held_on: date
    latest: date
    late_reason: str | None = None
    agreed_by: str | None = None
    reference: str | None = None  # a request id, so a report can link to it


@dataclass(frozen=True)
class LateMeeting:
    meeting_type: MeetingType
    held_on: date
    latest: date
    days_late: int  # calendar days after the latest day
    reason: str | None
    agreed_by: str | None
    reference: str | None

    @property
    def summary(self) -> str:
        reason = self.reason or "no reason recorded"
        return (
            f"held {format_day(self.held_on)}, {self.days_late} days after the latest day "
            f"({format_day(self.latest)}): {reason}"
        )


@dataclass(frozen=True)
class ComplianceRow:
    meeting_type: MeetingType
    held: int
    in_timescale: int
    percentage: float | None  # two decimals; None when nothing was held (not 0%, not 100%)
    late: tuple[LateMeeting, ...]


def compliance(
    meetings: Iterable[HeldMeeting],
    period_start: date,
    period_end: date,
    *,
    meeting_types: Iterable[MeetingType | str] = (),
) -> list[ComplianceRow]:
    """Per type, meetings held from `period_start` to `period_end` inclusive, in table order.

    Types in `meeting_types` get a row even when nothing was held, so a report shows them.
    """
    if period_end < period_start:
        raise TimescaleError(
            f"The period ends ({format_day(period_end)}) before it starts "
            f"({format_day(period_start)})."
        )
    held: dict[MeetingType, list[HeldMeeting]] = {
        meeting_type_from_code(code): [] for code in meeting_types
    }
    for meeting in meetings:
        if period_start <= meeting.held_on <= period_end:
            held.setdefault(meeting_type_from_code(meeting.meeting_type), []).append(meeting)
    return [_row(kind, held[kind]) for kind in MeetingType if kind in held]


def _row(kind: MeetingType, meetings: list[HeldMeeting]) -> ComplianceRow:
    late = tuple(
        _late(kind, meeting)
        for meeting in sorted(meetings, key=lambda m: m.held_on)
        if meeting.held_on > meeting.latest
    )
    in_timescale = len(meetings) - len(late)
    percentage = percent(in_timescale, len(meetings)) if meetings else None
    return ComplianceRow(kind, len(meetings), in_timescale, percentage, late)


def percent(part: int, whole: int) -> float:
    """`part` of `whole` as a percentage to two decimals, halves rounded up, as an annual
    report writes it: 718 of 722 is 99.45 (binary floats would round some halves down)."""
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _late(kind: MeetingType, meeting: HeldMeeting) -> LateMeeting:
    return LateMeeting(
        meeting_type=kind,
        held_on=meeting.held_on,
        latest=meeting.latest,
        days_late=(meeting.held_on - meeting.latest).days,
        reason=getattr(meeting, "late_reason", None),
        agreed_by=getattr(meeting, "agreed_by", None),
        reference=getattr(meeting, "reference", None),
    )
