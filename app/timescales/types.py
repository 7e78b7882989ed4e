"""Meeting types and per-authority settings for statutory timescales (pure data).

Codes, chairs and lengths follow docs/meeting-types-and-timescales.md. Everything it marks LP
(local procedure) is an `AuthoritySettings` field whose default is the documented default;
statute (S) and statutory guidance (SG) stay constants in code, because an authority cannot vary
them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, get_args

from app.timescales.calendar import TimescaleError, WorkingCalendar

__all__ = [
    "SEQUENCES",
    "AuthoritySettings",
    "MeetingType",
    "MeetingTypeInfo",
    "PrebirthConferenceRule",
    "SequenceName",
    "earliest_with_notice",
    "meeting_type_from_code",
]

SequenceName = Literal["first", "second", "subsequent"]
SEQUENCES: tuple[SequenceName, ...] = get_args(SequenceName)


class MeetingType(StrEnum):
    ICPC = "ICPC"
    PREBIRTH_STRATEGY = "PREBIRTH_STRATEGY"
    PREBIRTH_ICPC = "PREBIRTH_ICPC"
    RCPC = "RCPC"
    CIC_REVIEW = "CIC_REVIEW"
    STB_REVIEW = "STB_REVIEW"
    SECURE_REVIEW = "SECURE_REVIEW"
    REG44_VISIT = "REG44_VISIT"
    CP_PLAN_CHECKPOINT = "CP_PLAN_CHECKPOINT"

    @property
    def info(self) -> MeetingTypeInfo:
        return MEETING_TYPES[self]

    @property
    def label(self) -> str:
        return self.info.label


class PrebirthConferenceRule(StrEnum):
    """Which rule wins for a pre-birth conference when the strategy meeting was held so early
    that 15 working days after it end before 30 weeks' gestation."""

    # The amended local protocol: never before 30 weeks; the 15 working days are then counted
    # from the day the strategy meeting was due (28 weeks), as if it had been held on time.
    THIRTY_WEEK_FLOOR = "thirty_week_floor"
    # Working Together 2023: within 15 working days of the strategy meeting actually held.
    FIFTEEN_WORKING_DAYS = "fifteen_working_days"


@dataclass(frozen=True)
class MeetingTypeInfo:
    """What an admin and the solver need to know about one meeting type."""

    code: MeetingType
    label: str
    trigger: str  # what day 0 is, in words
    chaired_by: str  # in words, for the request form
    eligible_roles: tuple[str, ...]  # solver roles, any one of which may chair it
    duration_minutes: int
    solver_books: bool  # False: timescale and reminders only (exchange format v1)
    sequences: tuple[SequenceName, ...]  # places in its chain that exist
    authority: str  # S, SG, LP: what the deadline rests on


_ONCE: tuple[SequenceName, ...] = ("first",)

MEETING_TYPES: dict[MeetingType, MeetingTypeInfo] = {
    info.code: info
    for info in (
        MeetingTypeInfo(
            MeetingType.ICPC,
            "Initial child protection conference",
            "the strategy discussion that started section 47 enquiries",
            "an independent chair",
            ("chair",),
            120,
            True,
            _ONCE,
            "SG (Working Together 2023)",
        ),
        MeetingTypeInfo(
            MeetingType.PREBIRTH_STRATEGY,
            "Pre-birth strategy meeting",
            "the expected date of delivery",
            "a chair of senior grade or a team manager",
            ("senior", "team_manager"),
            60,
            True,
            _ONCE,
            "LP",
        ),
        MeetingTypeInfo(
            MeetingType.PREBIRTH_ICPC,
            "Pre-birth initial child protection conference",
            "the pre-birth strategy meeting",
            "an independent chair",
            ("chair",),
            120,
            True,
            _ONCE,
            "SG (Working Together 2023) and LP",
        ),
        MeetingTypeInfo(
            MeetingType.RCPC,
            "Review child protection conference",
            "the initial conference, then the previous review conference",
            "the same chair where possible",
            ("chair",),
            90,
            True,
            SEQUENCES,
            "SG (Working Together 2023)",
        ),
        MeetingTypeInfo(
            MeetingType.CIC_REVIEW,
            "Children in care review",
            "the day the child became looked after, then the previous review",
            "the child's IRO",
            ("chair",),
            90,
            True,
            SEQUENCES,
            "S (reg 33, Care Planning, Placement and Case Review Regulations 2010)",
        ),
        MeetingTypeInfo(
            MeetingType.STB_REVIEW,
            "Short-break review",
            "the first short break, then the previous review",
            "the child's IRO",
            ("chair",),
            60,
            True,
            SEQUENCES,
            "S (reg 48, Care Planning, Placement and Case Review Regulations 2010)",
        ),
        MeetingTypeInfo(
            MeetingType.SECURE_REVIEW,
            "Secure accommodation review",
            "the start of the secure placement, then the previous review",
            "a team manager",
            ("team_manager",),
            60,
            True,
            SEQUENCES,
            "S (reg 15, Children (Secure Accommodation) Regulations 1991)",
        ),
        MeetingTypeInfo(
            MeetingType.REG44_VISIT,
            "Regulation 44 visit",
            "the calendar month (any date in it)",
            "an independent visitor not involved in any resident child's care plan",
            (),
            240,
            False,
            SEQUENCES,
            "S (reg 44, Children's Homes (England) Regulations 2015)",
        ),
        MeetingTypeInfo(
            MeetingType.CP_PLAN_CHECKPOINT,
            "Long-running child protection plan checkpoint",
            "the start of the child protection plan",
            "a chair with a team manager",
            ("chair",),
            60,
            False,
            _ONCE,
            "LP",
        ),
    )
}


_INITIAL_MEETINGS = frozenset(
    (MeetingType.ICPC, MeetingType.PREBIRTH_ICPC, MeetingType.PREBIRTH_STRATEGY)
)


def earliest_with_notice(earliest: date, latest: date, first_with_notice: date) -> date:
    """The earliest day a request may be booked on now: its window's earliest day, or the first
    day with full notice if later, but never past its latest day (the notice shrinks rather
    than make the window impossible)."""
    return min(max(earliest, first_with_notice), max(earliest, latest))


def meeting_type_from_code(code: str | MeetingType) -> MeetingType:
    """The meeting type for a code such as 'ICPC' or 'cic_review'; a clear error otherwise."""
    normalised = str(code).strip().upper().replace("-", "_")
    try:
        return MeetingType(normalised)
    except ValueError:
        known = ", ".join(MeetingType)
        raise TimescaleError(f"'{code}' is not a meeting type. Use one of: {known}.") from None


def _per_type(**days: int) -> Callable[[], dict[str, int]]:
    return lambda: dict(days)


# The documented typical length of each meeting type, in minutes (a request's default length).
_TYPICAL_MINUTES = {code.value: info.duration_minutes for code, info in MEETING_TYPES.items()}
# Initial conferences (and the pre-birth strategy meeting) are urgent, so they get less notice.
_NOTICE_WORKING_DAYS = {code.value: 2 if code in _INITIAL_MEETINGS else 3 for code in MeetingType}
# Types whose window opens a number of working days before its latest day: every type but the
# initial conferences (counted after their trigger), the pre-birth strategy meeting (its own
# window setting) and the monthly Regulation 44 visit (the month's first working days; the
# four-monthly supported-living visit uses its row).
REVIEW_TYPES = tuple(
    code
    for code in MeetingType
    if code not in (MeetingType.ICPC, MeetingType.PREBIRTH_ICPC, MeetingType.PREBIRTH_STRATEGY)
)
# Types around which professionals' reports are asked for: a child protection conference's
# reports are due the day they must reach the parents; a CiC review's a few days before.
REPORT_TYPES = (
    MeetingType.ICPC,
    MeetingType.PREBIRTH_ICPC,
    MeetingType.RCPC,
    MeetingType.CIC_REVIEW,
)


def _prebirth_rule(value: str) -> PrebirthConferenceRule:
    try:
        return PrebirthConferenceRule(value)
    except ValueError:
        known = ", ".join(PrebirthConferenceRule)
        raise TimescaleError(
            f"'{value}' is not a rule for an early pre-birth strategy meeting. Use one of: {known}."
        ) from None


@dataclass(frozen=True)
class AuthoritySettings:
    """One authority's local procedure (LP in the timescales doc); every default is the doc's.

    The per-type tables (`meeting_minutes`, `notice_working_days_by_type`,
    `earliest_working_days_before_latest`, `report_due_working_days_before`) are keyed by the
    meeting type's code; a table given in part keeps the defaults for the types it leaves out.
    """

    # Earliest dates are policy, not statute.
    icpc_earliest_working_days: int = 5  # after the strategy discussion: time to write reports
    # Review-style windows open this many working days before their latest day.
    earliest_working_days_before_latest: Mapping[str, int] = field(
        default_factory=lambda: dict.fromkeys(map(str, REVIEW_TYPES), 20)
    )
    reg44_earliest_working_day_of_month: int = 1
    preferred_latest_working_days_before_latest: int = 5

    # Pre-birth (Lincolnshire): strategy meeting by 28 weeks' gestation, conference from 30.
    prebirth_strategy_weeks_before_edd: int = 12
    prebirth_icpc_not_before_weeks_before_edd: int = 10
    # The strategy meeting's window: this many working days up to its 28-week deadline.
    prebirth_strategy_window_working_days: int = 5
    # A strategy meeting held early: the 30-week floor wins (default) or the 15 working days.
    prebirth_early_strategy_rule: PrebirthConferenceRule = PrebirthConferenceRule.THIRTY_WEEK_FLOOR

    # Reg 15 of the 1991 regs sets 3 months as a maximum; an authority may review more often
    # (Lincolnshire reviews monthly: set this to 1).
    secure_review_subsequent_months: int = 3
    cp_plan_checkpoint_months: int = 18  # was 12
    reg44_supported_living_months: int = 4

    # How long each type of meeting is booked for, in minutes (the request's default length).
    meeting_minutes: Mapping[str, int] = field(default_factory=lambda: dict(_TYPICAL_MINUTES))

    # Around each meeting: the working days before it that professionals' reports are due
    # (for a conference, the day they must reach the parents).
    report_due_working_days_before: Mapping[str, int] = field(
        default_factory=_per_type(ICPC=3, PREBIRTH_ICPC=3, RCPC=5, CIC_REVIEW=3)
    )
    agency_report_chase_working_days_before: tuple[int, ...] = (5, 2)
    manager_query_working_days_after_decisions: int = 5
    midway_check: bool = True  # the chair's check halfway between two CP conferences

    # Who is invited.
    quorum_other_agencies: int = 2  # besides children's social care, with direct contact
    advocate_from_age: int = 8  # CiC reviews: an advocate invited automatically
    advocacy_name: str = "Advocacy service"
    advocacy_email: str = ""  # blank: no advocate is invited
    # Sent with the invites of a looked-after child's review (blank: none).
    consultation_form_url: str = ""
    # The joining link of an online or hybrid meeting entered without one whose chair has no
    # personal meeting link; {reference} becomes the invite reference.
    join_link_template: str = ""
    # Each organisation's liaison contact, who gets the quarterly escalation summary.
    liaison_contacts: Mapping[str, str] = field(default_factory=dict)

    # Notice: a meeting is booked at least this many working days after the day it is booked
    # (that day is day 0), so reports can be shared and the family can arrange to come. Notice
    # never pushes a meeting past its window's latest day: then it shrinks.
    notice_working_days_by_type: Mapping[str, int] = field(
        default_factory=lambda: dict(_NOTICE_WORKING_DAYS)
    )

    # The working day meetings are booked within.
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)

    closure_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "closure_days", frozenset(self.closure_days))
        object.__setattr__(
            self, "prebirth_early_strategy_rule", _prebirth_rule(self.prebirth_early_strategy_rule)
        )
        object.__setattr__(
            self,
            "agency_report_chase_working_days_before",
            tuple(self.agency_report_chase_working_days_before),
        )
        defaults = AuthoritySettings.__dataclass_fields__
        for name in _PER_TYPE_TABLES:
            default = defaults[name].default_factory()  # type: ignore[misc,operator]
            given = {str(meeting_type_from_code(code)): value
                     for code, value in getattr(self, name).items()}  # fmt: skip
            object.__setattr__(self, name, MappingProxyType({**default, **given}))
        object.__setattr__(self, "liaison_contacts", MappingProxyType(dict(self.liaison_contacts)))
        self._check()

    def _check(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                raise TimescaleError(f"The setting {name} cannot be negative (got {value}).")
        for name in _PER_TYPE_TABLES:
            for code, value in getattr(self, name).items():
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise TimescaleError(f"The setting {name} for {code} must be a whole number "
                                         f"of 0 or more (got {value!r}).")  # fmt: skip
        chasers = self.agency_report_chase_working_days_before
        if len(chasers) != 2 or not chasers[0] > chasers[1] >= 1:
            raise TimescaleError(
                "Missing reports are chased twice: give two numbers of working days before the "
                "meeting, the first larger, for example 5, 2."
            )
        if self.prebirth_strategy_window_working_days < 1:
            raise TimescaleError("A pre-birth strategy meeting's window is at least one day.")
        if self.secure_review_subsequent_months < 1:
            raise TimescaleError("Secure accommodation reviews must be at least a month apart.")
        if self.day_start >= self.day_end:
            raise TimescaleError("The working day must start before it ends.")

    def __hash__(self) -> int:  # the tables are read-only views, so hash their items
        return hash(tuple(
            tuple(sorted(value.items())) if isinstance(value, Mapping) else value
            for value in vars(self).values()
        ))  # fmt: skip

    def minutes(self, meeting_type: str | MeetingType) -> int:
        """How long a meeting of this type is booked for by default."""
        return self.meeting_minutes[str(meeting_type_from_code(meeting_type))]

    def notice_working_days(self, meeting_type: str | MeetingType) -> int:
        """The notice a meeting of this type is booked with (see the field above)."""
        return self.notice_working_days_by_type[str(meeting_type_from_code(meeting_type))]

    def report_due_days(self, meeting_type: str | MeetingType) -> int | None:
        """Working days before a meeting of this type that reports are due; None: none asked."""
        return self.report_due_working_days_before.get(str(meeting_type_from_code(meeting_type)))

    def first_day_with_notice(
        self, meeting_type: str | MeetingType, today: date, calendar: WorkingCalendar
    ) -> date:
        """The first day a meeting of this type booked today has its full notice."""
        return calendar.add_working_days(today, self.notice_working_days(meeting_type))

    @property
    def working_hours(self) -> tuple[time, time]:
        return self.day_start, self.day_end

    def calendar(self) -> WorkingCalendar:
        """England and Wales working days with this authority's closure days."""
        return WorkingCalendar(closure_days=self.closure_days)


_PER_TYPE_TABLES = (
    "earliest_working_days_before_latest",
    "meeting_minutes",
    "report_due_working_days_before",
    "notice_working_days_by_type",
)
