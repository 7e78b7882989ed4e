"""One deadline rule per meeting type, and the policy for each window's earliest day (pure).

Statutory periods are constants here (an authority cannot vary them); local procedure comes
from `AuthoritySettings`. Each rule returns its calendar deadline and the rule in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.time import format_day
from app.timescales.calendar import WorkingCalendar, add_months, add_weeks, last_day_of_month
from app.timescales.types import (
    AuthoritySettings,
    MeetingType,
    PrebirthConferenceRule,
    SequenceName,
)

# Working Together to Safeguard Children 2023: the ICPC within 15 working days of the strategy
# discussion; the first review conference within 3 months of it, then at most every 6 months.
ICPC_WORKING_DAYS = 15
RCPC_FIRST_MONTHS = 3
RCPC_SUBSEQUENT_MONTHS = 6
# Reg 33, Care Planning, Placement and Case Review (England) Regulations 2010.
CIC_FIRST_WORKING_DAYS = 20
CIC_SECOND_MONTHS = 3
CIC_SUBSEQUENT_MONTHS = 6
# Reg 48 of the same regulations (short breaks).
STB_FIRST_MONTHS = 3
STB_SUBSEQUENT_MONTHS = 6
# Reg 15, Children (Secure Accommodation) Regulations 1991: within one month of the placement.
SECURE_FIRST_MONTHS = 1
FULL_TERM_WEEKS = 40  # gestation at the expected date of delivery


@dataclass(frozen=True)
class RuleInputs:
    meeting_type: MeetingType
    trigger: date
    sequence: SequenceName
    edd: date | None
    settings: AuthoritySettings
    calendar: WorkingCalendar
    supported_living: bool = False
    # The recorded birth, for the first review after a pre-birth conference (None: not born).
    born_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    """A rule's calendar deadline (before rolling back to a working day) and its words.

    `counted_from` is set for working-day rules, so the words can name the holidays skipped.
    """

    day: date
    words: str
    counted_from: date | None = None


def deadline_rule(inputs: RuleInputs) -> Deadline:
    return _RULES[inputs.meeting_type](inputs)


def earliest_rule(inputs: RuleInputs, latest: date) -> tuple[date, str]:
    """The first day the meeting may be held (never after `latest`) and any words it adds."""
    kind = inputs.meeting_type
    if kind is MeetingType.ICPC:
        return min(_icpc_earliest(inputs), latest), ""
    if kind is MeetingType.PREBIRTH_ICPC:
        return _prebirth_icpc_earliest(inputs, latest)
    if kind is MeetingType.PREBIRTH_STRATEGY:
        return _prebirth_strategy_earliest(inputs, latest), ""
    if kind is MeetingType.RCPC and _birth_floor(inputs) is not None:
        return _after_birth_earliest(inputs, latest)
    if kind is MeetingType.REG44_VISIT and not inputs.supported_living:
        return min(_reg44_earliest(inputs), latest), ""
    return _review_earliest(inputs, latest), ""


# -- deadlines -----------------------------------------------------------------------------------


def _working_days_after(inputs: RuleInputs, count: int, event: str) -> Deadline:
    day = inputs.calendar.add_working_days(inputs.trigger, count)
    words = f"{count} working days after {event} on {format_day(inputs.trigger)}"
    return Deadline(day, words, counted_from=inputs.trigger)


def _months_after(inputs: RuleInputs, months: int, event: str) -> Deadline:
    unit = "month" if months == 1 else "months"
    words = f"{months} {unit} after {event} on {format_day(inputs.trigger)}"
    return Deadline(add_months(inputs.trigger, months), words)


def _icpc(inputs: RuleInputs) -> Deadline:
    return _working_days_after(inputs, ICPC_WORKING_DAYS, "the strategy discussion")


def _prebirth_strategy(inputs: RuleInputs) -> Deadline:
    weeks = inputs.settings.prebirth_strategy_weeks_before_edd
    day = add_weeks(inputs.trigger, -weeks)
    words = (
        f"by {FULL_TERM_WEEKS - weeks} weeks' gestation, {weeks} weeks before the expected "
        f"date of delivery on {format_day(inputs.trigger)}"
    )
    return Deadline(day, words)


def _prebirth_icpc(inputs: RuleInputs) -> Deadline:
    usual = _working_days_after(inputs, ICPC_WORKING_DAYS, "the pre-birth strategy meeting")
    if inputs.settings.prebirth_early_strategy_rule is PrebirthConferenceRule.FIFTEEN_WORKING_DAYS:
        return usual
    not_before, _ = _thirty_weeks(inputs)
    if not_before <= inputs.calendar.latest_working_day(usual.day):
        return usual
    # Held so early that its 15 working days end before 30 weeks' gestation: the local protocol
    # keeps the conference from 30 weeks and counts as if the meeting had been held when due.
    due = inputs.calendar.latest_working_day(_strategy_due(inputs))
    day = inputs.calendar.add_working_days(due, ICPC_WORKING_DAYS)
    words = (
        f"{ICPC_WORKING_DAYS} working days after {format_day(due)}, when the strategy meeting "
        f"was due: held early ({format_day(inputs.trigger)}), it would put the conference "
        "before 30 weeks' gestation, and the authority's setting puts that floor first"
    )
    return Deadline(day, words, counted_from=due)


def _rcpc(inputs: RuleInputs) -> Deadline:
    if inputs.sequence != "first":
        return _months_after(inputs, RCPC_SUBSEQUENT_MONTHS, "the previous review conference held")
    usual = _months_after(inputs, RCPC_FIRST_MONTHS, "the initial conference held")
    floor = _birth_floor(inputs)
    if floor is None:
        return usual
    floor_day, event = floor
    if inputs.calendar.first_working_day(floor_day) <= inputs.calendar.latest_working_day(
        usual.day
    ):
        return usual
    # The conference was held early enough (under the 15 working days) that its 3 months end
    # before the birth: the first review still waits for the birth, for a review's usual span.
    count = inputs.settings.earliest_working_days_before_latest[MeetingType.RCPC.value]
    day = inputs.calendar.add_working_days(floor_day, count)
    words = (
        f"{count} working days after {event}: 3 months after the initial conference held on "
        f"{format_day(inputs.trigger)} ({format_day(usual.day)}) is before it, and the first "
        "review conference is never held before the birth"
    )
    return Deadline(day, words, counted_from=floor_day)


def _cic_review(inputs: RuleInputs) -> Deadline:
    if inputs.sequence == "first":
        event = "the child became looked after"
        return _working_days_after(inputs, CIC_FIRST_WORKING_DAYS, event)
    if inputs.sequence == "second":
        return _months_after(inputs, CIC_SECOND_MONTHS, "the first review held")
    return _months_after(inputs, CIC_SUBSEQUENT_MONTHS, "the previous review held")


def _stb_review(inputs: RuleInputs) -> Deadline:
    if inputs.sequence == "first":
        return _months_after(inputs, STB_FIRST_MONTHS, "the first short break")
    return _months_after(inputs, STB_SUBSEQUENT_MONTHS, "the previous review held")


def _secure_review(inputs: RuleInputs) -> Deadline:
    if inputs.sequence == "first":
        return _months_after(inputs, SECURE_FIRST_MONTHS, "the secure placement began")
    months = inputs.settings.secure_review_subsequent_months
    return _months_after(inputs, months, "the previous review held")


def _reg44_visit(inputs: RuleInputs) -> Deadline:
    if inputs.supported_living:
        months = inputs.settings.reg44_supported_living_months
        return _months_after(inputs, months, "the previous visit (supported living)")
    day = last_day_of_month(inputs.trigger.year, inputs.trigger.month)
    return Deadline(day, f"monthly visit, by the end of {inputs.trigger:%B %Y}")


def _cp_plan_checkpoint(inputs: RuleInputs) -> Deadline:
    months = inputs.settings.cp_plan_checkpoint_months
    return _months_after(inputs, months, "the child protection plan started")


_RULES: dict[MeetingType, Callable[[RuleInputs], Deadline]] = {
    MeetingType.ICPC: _icpc,
    MeetingType.PREBIRTH_STRATEGY: _prebirth_strategy,
    MeetingType.PREBIRTH_ICPC: _prebirth_icpc,
    MeetingType.RCPC: _rcpc,
    MeetingType.CIC_REVIEW: _cic_review,
    MeetingType.STB_REVIEW: _stb_review,
    MeetingType.SECURE_REVIEW: _secure_review,
    MeetingType.REG44_VISIT: _reg44_visit,
    MeetingType.CP_PLAN_CHECKPOINT: _cp_plan_checkpoint,
}


# -- earliest days (policy, not statute: all per-authority settings) -----------------------------


def _icpc_earliest(inputs: RuleInputs) -> date:
    # Five working days by default, so reports can be written and shared before the conference.
    return inputs.calendar.add_working_days(
        inputs.trigger, inputs.settings.icpc_earliest_working_days
    )


def _strategy_due(inputs: RuleInputs) -> date:
    """The calendar day a pre-birth strategy meeting is due (28 weeks' gestation by default)."""
    assert inputs.edd is not None  # checked by window()
    return add_weeks(inputs.edd, -inputs.settings.prebirth_strategy_weeks_before_edd)


def _thirty_weeks(inputs: RuleInputs) -> tuple[date, str]:
    """The first working day a pre-birth conference may be held under the local 'not before'
    rule (30 weeks' gestation by default), and that rule in words."""
    assert inputs.edd is not None  # checked by window()
    weeks = inputs.settings.prebirth_icpc_not_before_weeks_before_edd
    not_before_day = add_weeks(inputs.edd, -weeks)
    gestation = (
        f"{FULL_TERM_WEEKS - weeks} weeks' gestation ({format_day(not_before_day)}, {weeks} "
        f"weeks before the expected date of delivery on {format_day(inputs.edd)})"
    )
    return inputs.calendar.first_working_day(not_before_day), gestation


def _prebirth_strategy_earliest(inputs: RuleInputs, latest: date) -> date:
    # The week up to 28 weeks' gestation, so that 15 working days after the strategy meeting
    # reach 30 weeks, when the conference may be held: one conference before the birth.
    span = inputs.settings.prebirth_strategy_window_working_days
    return inputs.calendar.subtract_working_days(latest, span - 1)


def _prebirth_icpc_earliest(inputs: RuleInputs, latest: date) -> tuple[date, str]:
    not_before, gestation = _thirty_weeks(inputs)
    if not_before > latest:
        # Only under the 15-working-day setting (the floor setting moved the deadline instead):
        # the local "not before" rule cannot be met without breaking Working Together 2023's
        # 15 working days, and the authority chose statutory guidance over local procedure.
        weeks = FULL_TERM_WEEKS - inputs.settings.prebirth_icpc_not_before_weeks_before_edd
        words = (
            f"{weeks} weeks' gestation ({format_day(not_before)}) is after that, as the strategy "
            "meeting was held early: the authority's setting puts statutory guidance's 15 "
            "working days before the local 'not before' rule"
        )
        return min(_icpc_earliest(inputs), latest), words
    earliest = max(_icpc_earliest(inputs), not_before)
    return earliest, f"not before {gestation}"


def _birth_floor(inputs: RuleInputs) -> tuple[date, str] | None:
    """For the first review after a pre-birth conference: the day it is never held before (the
    recorded birth, else the expected delivery) and that day in words; None for any other."""
    if inputs.meeting_type is not MeetingType.RCPC or inputs.sequence != "first":
        return None
    if inputs.born_on is not None:
        return inputs.born_on, f"the birth on {format_day(inputs.born_on)}"
    if inputs.edd is not None:
        return inputs.edd, f"the expected date of delivery on {format_day(inputs.edd)}"
    return None


def _after_birth_earliest(inputs: RuleInputs, latest: date) -> tuple[date, str]:
    floor = _birth_floor(inputs)
    assert floor is not None  # checked by earliest_rule
    floor_day, event = floor
    usual = _review_earliest(inputs, latest)
    not_before = inputs.calendar.first_working_day(floor_day)
    if not_before <= usual:
        return usual, ""
    return min(not_before, latest), f"not before {event}: one conference at most before the birth"


def _reg44_earliest(inputs: RuleInputs) -> date:
    first_of_month = inputs.trigger.replace(day=1)
    nth = max(inputs.settings.reg44_earliest_working_day_of_month, 1)
    first_working = inputs.calendar.first_working_day(first_of_month)
    return inputs.calendar.add_working_days(first_working, nth - 1)


def _review_earliest(inputs: RuleInputs, latest: date) -> date:
    lead_time = inputs.settings.earliest_working_days_before_latest[inputs.meeting_type.value]
    earliest = inputs.calendar.subtract_working_days(latest, lead_time)
    # A meeting can never be held on or before the event its clock runs from (for a first CiC
    # review, latest - 20 working days is the day the child became looked after).
    earliest = max(earliest, inputs.calendar.next_working_day(inputs.trigger))
    return min(earliest, latest)
