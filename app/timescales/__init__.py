"""Statutory timescales: the window of every meeting type and the chain of meetings (pure).

No Flask, no database, no clock: every date is passed in. The rules, counting conventions and
worked examples are in docs/meeting-types-and-timescales.md; this module is its executable form.

    window(MeetingType.ICPC, date(2025, 12, 18)).latest   # Tue 13 Jan 2026

Working days, months and closure days live in `app.timescales.calendar`, meeting types and
local settings in `app.timescales.types`, compliance and reminders in their own modules; all of
them are re-exported here so callers import from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from app.time import format_day
from app.timescales.calendar import (
    TimescaleError,
    WorkingCalendar,
    add_months,
    add_weeks,
    last_day_of_month,
)
from app.timescales.compliance import ComplianceRow, HeldRecord, LateMeeting, compliance
from app.timescales.reminders import Reminder, reminders
from app.timescales.rules import Deadline, RuleInputs, deadline_rule, earliest_rule
from app.timescales.types import (
    MEETING_TYPES,
    SEQUENCES,
    AuthoritySettings,
    MeetingType,
    MeetingTypeInfo,
    PrebirthConferenceRule,
    SequenceName,
    earliest_with_notice,
    meeting_type_from_code,
)

__all__ = [
    "MEETING_TYPES",
    "SEQUENCES",
    "AuthoritySettings",
    "ComplianceRow",
    "Deadline",
    "HeldRecord",
    "LateMeeting",
    "MeetingType",
    "MeetingTypeInfo",
    "NextMeeting",
    "PrebirthConferenceRule",
    "Reminder",
    "SequenceName",
    "TimescaleError",
    "Window",
    "WorkingCalendar",
    "add_months",
    "add_weeks",
    "combined_window",
    "compliance",
    "earliest_with_notice",
    "last_day_of_month",
    "meeting_type_from_code",
    "next_in_chain",
    "next_window",
    "reminders",
    "window",
]

DEFAULT_SETTINGS = AuthoritySettings()
_PREBIRTH = (MeetingType.PREBIRTH_STRATEGY, MeetingType.PREBIRTH_ICPC)


@dataclass(frozen=True)
class Window:
    """When a meeting may be held: bookable from `earliest` to `latest`, both working days.

    `deadline` is the calendar date the rule gives before rolling back to a working day;
    `preferred_latest` leaves slack for a reschedule; `rule` says it all in words.
    """

    meeting_type: MeetingType
    sequence: SequenceName
    trigger: date
    deadline: date
    earliest: date
    preferred_latest: date
    latest: date
    rule: str

    def as_dict(self) -> dict[str, str]:
        """The CLI's JSON object: ISO dates and the rule."""
        return {
            "type": self.meeting_type.value,
            "trigger": self.trigger.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "preferred_latest": self.preferred_latest.isoformat(),
            "rule": self.rule,
        }


def window(
    meeting_type: MeetingType | str,
    trigger: date,
    *,
    sequence: SequenceName | str = "first",
    edd: date | None = None,
    settings: AuthoritySettings = DEFAULT_SETTINGS,
    calendar: WorkingCalendar | None = None,
    supported_living: bool = False,
    born_on: date | None = None,
) -> Window:
    """The statutory window of one meeting from its trigger (day 0) and its place in the chain.

    `edd` (expected date of delivery) is required for a pre-birth ICPC; for a pre-birth strategy
    meeting the trigger is the EDD. Given for the first RCPC (the one after a pre-birth
    conference), the EDD, or `born_on` once the baby is born, is the day before which that
    review is never held. `supported_living` switches a Regulation 44 visit to the
    four-monthly cadence counted from the previous visit. `calendar` defaults to England and
    Wales working days with the settings' closure days.
    """
    kind = meeting_type_from_code(meeting_type)
    position = _check_sequence(kind, sequence)
    first_review = kind is MeetingType.RCPC and position == "first"
    if born_on is not None:
        _check_date(born_on, "date of birth")
    inputs = RuleInputs(
        meeting_type=kind,
        trigger=_check_date(trigger, "trigger"),
        sequence=position,
        edd=_check_edd(kind, trigger, edd, first_review),
        settings=settings,
        calendar=calendar or settings.calendar(),
        supported_living=supported_living,
        born_on=born_on if first_review else None,
    )
    deadline = deadline_rule(inputs)
    latest = inputs.calendar.latest_working_day(deadline.day)
    earliest, earliest_words = earliest_rule(inputs, latest)
    return Window(
        meeting_type=kind,
        sequence=inputs.sequence,
        trigger=inputs.trigger,
        deadline=deadline.day,
        earliest=earliest,
        preferred_latest=_preferred_latest(inputs, earliest, latest),
        latest=latest,
        rule=_rule_in_words(inputs.calendar, deadline, latest, earliest_words),
    )


def combined_window(first: Window, second: Window) -> Window:
    """One meeting for a child both looked after and on a CP plan: the tighter of two windows.

    The result keeps `first`'s type, sequence and trigger (pass the CiC review first).
    """
    earliest = max(first.earliest, second.earliest)
    latest = min(first.latest, second.latest)
    if earliest > latest:
        raise TimescaleError(
            f"The {first.meeting_type.label.lower()} window ({_span(first)}) and the "
            f"{second.meeting_type.label.lower()} window ({_span(second)}) do not overlap, so "
            "they cannot be held as one meeting. Book them separately."
        )
    preferred = max(earliest, min(first.preferred_latest, second.preferred_latest))
    return Window(
        meeting_type=first.meeting_type,
        sequence=first.sequence,
        trigger=first.trigger,
        deadline=min(first.deadline, second.deadline),
        earliest=earliest,
        preferred_latest=preferred,
        latest=latest,
        rule=f"combined meeting, the tighter of: {first.rule}; and {second.rule}",
    )


class NextMeeting(NamedTuple):
    """The next meeting of a chain and the trigger its window counts from."""

    meeting_type: MeetingType
    sequence: SequenceName
    trigger: date


def next_in_chain(
    meeting_type: MeetingType | str,
    held_on: date,
    sequence: SequenceName | str = "first",
    *,
    supported_living: bool = False,
) -> NextMeeting | None:
    """The meeting that follows one held on `held_on`, or None if the chain ends here.

    Cadence runs from the date a meeting was actually held, so holding one early pulls every
    later deadline forward. A pre-birth ICPC is followed by the first RCPC, 3 months after the
    pre-birth conference (Working Together 2023 counts the first review from the initial
    conference), and never before the birth: `next_window` passes the EDD on for that.
    Whether a plan or period of care has ended is the caller's decision, not this function's.
    """
    kind = meeting_type_from_code(meeting_type)
    position = _check_sequence(kind, sequence)
    held_on = _check_date(held_on, "date held")
    if kind is MeetingType.CP_PLAN_CHECKPOINT:
        return None
    if kind is MeetingType.REG44_VISIT and not supported_living:
        return NextMeeting(kind, "subsequent", add_months(held_on.replace(day=1), 1))
    following: dict[MeetingType, tuple[MeetingType, SequenceName]] = {
        MeetingType.ICPC: (MeetingType.RCPC, "first"),
        MeetingType.PREBIRTH_STRATEGY: (MeetingType.PREBIRTH_ICPC, "first"),
        MeetingType.PREBIRTH_ICPC: (MeetingType.RCPC, "first"),
        MeetingType.CIC_REVIEW: (kind, "second" if position == "first" else "subsequent"),
    }
    next_kind, next_position = following.get(kind, (kind, "subsequent"))
    return NextMeeting(next_kind, next_position, held_on)


def next_window(
    meeting_type: MeetingType | str,
    held_on: date,
    sequence: SequenceName | str = "first",
    *,
    edd: date | None = None,
    settings: AuthoritySettings = DEFAULT_SETTINGS,
    calendar: WorkingCalendar | None = None,
    supported_living: bool = False,
    born_on: date | None = None,
) -> Window | None:
    """The window of the next meeting in the chain, counted from the date this one was held.

    The EDD (and `born_on`, once the baby is born) reaches the pre-birth meetings and the first
    review after a pre-birth conference, which is never before the birth."""
    following = next_in_chain(meeting_type, held_on, sequence, supported_living=supported_living)
    if following is None:
        return None
    after_prebirth = meeting_type_from_code(meeting_type) is MeetingType.PREBIRTH_ICPC
    carries_edd = following.meeting_type in _PREBIRTH or after_prebirth
    return window(
        following.meeting_type,
        following.trigger,
        sequence=following.sequence,
        edd=edd if carries_edd else None,
        settings=settings,
        calendar=calendar,
        supported_living=supported_living,
        born_on=born_on if after_prebirth else None,
    )


# -- checks and helpers --------------------------------------------------------------------------


def _check_date(value: object, what: str) -> date:
    # datetime is a date subclass, but a time of day would make "day 0" ambiguous.
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise TimescaleError(f"The {what} must be a calendar date (got {value!r}).")
    return value


def _article(words: str) -> str:
    return "An" if words[:1].lower() in "aeiou" else "A"


def _check_sequence(kind: MeetingType, sequence: str) -> SequenceName:
    position = str(sequence).strip().lower()
    if position not in SEQUENCES:
        raise TimescaleError(
            f"'{sequence}' is not a place in a chain. Use first, second or subsequent."
        )
    if position not in kind.info.sequences:
        raise TimescaleError(
            f"{_article(kind.label)} {kind.label.lower()} happens once, so it has no {position} "
            "meeting."
            + (
                " Choose review child protection conference for the reviews that follow it."
                if kind is MeetingType.ICPC
                else ""
            )
        )
    return position  # type: ignore[return-value]


def _check_edd(
    kind: MeetingType, trigger: date, edd: date | None, first_review: bool
) -> date | None:
    if edd is not None:
        _check_date(edd, "expected date of delivery")
    if kind is MeetingType.PREBIRTH_STRATEGY:
        if edd is not None and edd != trigger:
            raise TimescaleError(
                "A pre-birth strategy meeting counts from the expected date of delivery, so its "
                f"trigger is the EDD; the trigger {trigger} and the EDD {edd} differ."
            )
        return trigger
    if kind is MeetingType.PREBIRTH_ICPC and edd is None:
        raise TimescaleError(
            "A pre-birth conference needs the expected date of delivery (EDD): it may not be "
            "held before 30 weeks' gestation."
        )
    return edd if kind in _PREBIRTH or first_review else None


def _preferred_latest(inputs: RuleInputs, earliest: date, latest: date) -> date:
    slack = inputs.settings.preferred_latest_working_days_before_latest
    return max(earliest, inputs.calendar.subtract_working_days(latest, slack))


def _rule_in_words(
    calendar: WorkingCalendar, deadline: Deadline, latest: date, earliest_words: str
) -> str:
    words = deadline.words
    if deadline.counted_from is not None:
        skipped = calendar.bank_holidays_between(deadline.counted_from, deadline.day)
        if skipped:
            words += f" (bank holidays skipped: {_and_list(skipped)})"
    if latest != deadline.day:
        why = calendar.bank_holiday(deadline.day) or f"a {deadline.day:%A}"
        words += f"; {format_day(deadline.day)} is {why}, so the latest day is {format_day(latest)}"
    if earliest_words:
        words += f"; {earliest_words}"
    return words


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _span(w: Window) -> str:
    return f"{format_day(w.earliest)} to {format_day(w.latest)}"
