"""The authority's settings as stored (JSON) and as typed on the settings page.

Every setting of `app.timescales.AuthoritySettings` is listed here once, with the words the
page shows; the page is drawn from these lists, and what it posts is read back by `from_form`,
which names every field at fault at once (the page's error summary lists them all).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from app.models.escalations import ORGANISATIONS
from app.services import ServiceError
from app.services.escalations.liaison import LiaisonContactsError, liaison_contacts
from app.services.requests.rules import check_https_link
from app.timescales import MEETING_TYPES, AuthoritySettings, MeetingType, TimescaleError
from app.timescales.types import REPORT_TYPES, REVIEW_TYPES, PrebirthConferenceRule

__all__ = [
    "GROUPS",
    "PER_TYPE_COLUMNS",
    "CHOICES",
    "Setting",
    "SettingsErrors",
    "effective_day",
    "form_values",
    "from_form",
]

_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_TEXT = 500
_DAY_MONTH_YEAR = ("day", "month", "year")


@dataclass(frozen=True)
class Setting:
    """One setting on the page: its field, words, and the kind of answer it takes.

    Kinds: count (a whole number), months (1 to 24), yes_no, clock (HH:MM), text, https (a
    link), email, days (dates, one per line), counts (whole numbers, comma-separated), choice
    (one of CHOICES)."""

    name: str
    label: str
    hint: str
    kind: str
    most: int = 365


GROUPS: tuple[tuple[str, tuple[Setting, ...]], ...] = (
    (
        "How often meetings recur",
        (
            Setting(
                "secure_review_subsequent_months",
                "Secure accommodation reviews after the first",
                "Months between reviews: at most 3 by law; Lincolnshire reviews monthly (1)",
                "months",
                3,
            ),
            Setting(
                "cp_plan_checkpoint_months",
                "Checkpoint of a long child protection plan",
                "Months after the plan started",
                "months",
                24,
            ),
            Setting(
                "reg44_supported_living_months",
                "Regulation 44 visits to supported living",
                "Months between visits (children's homes are visited every month)",
                "months",
                12,
            ),
        ),
    ),
    (
        "When a window opens",
        (
            Setting(
                "icpc_earliest_working_days",
                "Initial conferences, earliest day",
                "Working days after the strategy discussion, so reports can be written",
                "count",
                15,
            ),
            Setting(
                "preferred_latest_working_days_before_latest",
                "Slack before the latest day",
                "Working days before the latest day that plans aim to finish by, leaving room "
                "to rearrange",
                "count",
                60,
            ),
            Setting(
                "reg44_earliest_working_day_of_month",
                "Regulation 44 visits, earliest day",
                "The working day of the month from which a monthly visit may happen (1: the first)",
                "count",
                20,
            ),
        ),
    ),
    (
        "Pre-birth",
        (
            Setting(
                "prebirth_strategy_weeks_before_edd",
                "Strategy meeting, weeks before the due date",
                "12 weeks before the expected date of delivery is 28 weeks' gestation",
                "count",
                40,
            ),
            Setting(
                "prebirth_strategy_window_working_days",
                "Strategy meeting's window",
                "Working days up to its deadline in which it may be held",
                "count",
                20,
            ),
            Setting(
                "prebirth_early_strategy_rule",
                "When a strategy meeting was held early",
                "Which rule sets the pre-birth conference's window when 15 working days after "
                "the strategy meeting end before 30 weeks' gestation",
                "choice",
            ),
            Setting(
                "prebirth_icpc_not_before_weeks_before_edd",
                "Pre-birth conference, not before",
                "Weeks before the expected date of delivery (10 is 30 weeks' gestation)",
                "count",
                40,
            ),
        ),
    ),
    (
        "Around each meeting",
        (
            Setting(
                "agency_report_chase_working_days_before",
                "Chase missing reports",
                "Working days before the meeting, separated by commas, for example 5, 2",
                "counts",
                60,
            ),
            Setting(
                "manager_query_working_days_after_decisions",
                "Manager queries on decisions",
                "Working days after a review's decisions are circulated",
                "count",
                60,
            ),
            Setting(
                "midway_check",
                "Chair's midway check between conferences",
                "The chair checks the plan halfway between two child protection conferences",
                "yes_no",
            ),
            Setting(
                "quorum_other_agencies",
                "Agencies for a quorate conference",
                "Besides children's social care, agencies with direct contact with the child",
                "count",
                10,
            ),
        ),
    ),
    (
        "Working days and hours",
        (
            Setting(
                "day_start", "Meetings start from", "24-hour clock, for example 09:00", "clock"
            ),
            Setting("day_end", "Meetings end by", "24-hour clock, for example 17:00", "clock"),
            Setting(
                "closure_days",
                "Council closure days",
                "Days the council is closed besides bank holidays (no meeting is booked on "
                "them; they do not move a statutory deadline). One date per line, for example "
                "2026-12-29",
                "days",
            ),
        ),
    ),
    (
        "Advocacy, consultation and joining links",
        (
            Setting(
                "advocate_from_age",
                "Advocate invited from age",
                "Children-in-care reviews of a child this old or older invite the advocacy service",
                "count",
                18,
            ),
            Setting("advocacy_name", "Advocacy service's name", "As it appears in invites", "text"),
            Setting(
                "advocacy_email",
                "Advocacy service's email address",
                "Leave blank if no advocate is to be invited",
                "email",
            ),
            Setting(
                "consultation_form_url",
                "Consultation form link",
                "Sent with the invites of a looked-after child's review; a full https:// "
                "address, or blank",
                "https",
            ),
            Setting(
                "join_link_template",
                "Joining link for online meetings",
                "Used when a request has no link and its chair no personal meeting link; "
                "{reference} becomes the invite reference, for example "
                "https://meet.example.org/quorum-{reference}",
                "https",
            ),
        ),
    ),
)

# The per-meeting-type table: (field, column heading, the types it applies to, most allowed).
PER_TYPE_COLUMNS: tuple[tuple[str, str, tuple[MeetingType, ...], int], ...] = (
    ("meeting_minutes", "Length (minutes)", tuple(MeetingType), 480),
    ("notice_working_days_by_type", "Notice (working days)", tuple(MeetingType), 30),
    ("earliest_working_days_before_latest", "Window opens (working days before the latest)",
     REVIEW_TYPES, 120),
    ("report_due_working_days_before", "Reports due (working days before)", REPORT_TYPES, 30),
)  # fmt: skip


# The options of each "choice" setting, in the page's words.
CHOICES: dict[str, dict[str, str]] = {
    "prebirth_early_strategy_rule": {
        PrebirthConferenceRule.THIRTY_WEEK_FLOOR.value: "Not before 30 weeks' gestation (the "
        "amended protocol): the conference waits for 30 weeks",
        PrebirthConferenceRule.FIFTEEN_WORKING_DAYS.value: "Within 15 working days of the "
        "strategy meeting (Working Together 2023 to the letter), even before 30 weeks",
    },
}


class SettingsErrors(ServiceError):
    """Every field at fault, in page order: {field name: message}."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, first_field)


def effective_day(form: Mapping[str, str]) -> date:
    """The day the settings take effect, from the page's day, month and year boxes."""
    parts = [
        (form.get(f"effective_from-{part}") or "").strip() for part in ("day", "month", "year")
    ]
    if not all(parts):
        raise ServiceError("Enter the day the settings take effect, with a day, month and year.",
                           "effective_from")  # fmt: skip
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (ValueError, OverflowError):
        raise ServiceError(
            "The day the settings take effect must be a real date, for example 1 4 2027.",
            "effective_from",
        ) from None


# -- typed on the page ----------------------------------------------------------------------


def form_values(settings: AuthoritySettings) -> dict[str, str]:
    """What the page's boxes show for `settings` (field name -> text)."""
    shown: dict[str, str] = {}
    for _, settings_group in GROUPS:
        for setting in settings_group:
            shown[setting.name] = _shown(getattr(settings, setting.name), setting.kind)
    for name, _, types, _ in PER_TYPE_COLUMNS:
        table = getattr(settings, name)
        for kind in types:
            shown[f"{name}.{kind.value}"] = str(table[kind.value])
    for code in ORGANISATIONS:
        shown[f"liaison.{code}"] = settings.liaison_contacts.get(code, "")
    return shown


def _shown(value: Any, kind: str) -> str:
    if kind == "clock":
        return value.strftime("%H:%M")
    if kind == "days":
        return "\n".join(day.isoformat() for day in sorted(value))
    if kind == "counts":
        return ", ".join(str(count) for count in value)
    if kind == "yes_no":
        return "yes" if value else ""
    return str(value)


def from_form(form: Mapping[str, str]) -> AuthoritySettings:
    """The settings the page posted. Raises SettingsErrors naming every field at fault."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for _, settings_group in GROUPS:
        for setting in settings_group:
            raw = (form.get(setting.name) or "").strip()
            try:
                values[setting.name] = _parsed(setting, raw)
            except ValueError as error:
                errors[setting.name] = str(error)
    for name, heading, types, most in PER_TYPE_COLUMNS:
        table: dict[str, int] = {}
        for kind in types:
            key = f"{name}.{kind.value}"
            label = f"{MEETING_TYPES[kind].label}: {heading[0].lower()}{heading[1:]}"
            try:
                table[kind.value] = _count(label, (form.get(key) or "").strip(), most)
            except ValueError as error:
                errors[key] = str(error)
        values[name] = table
    try:
        values["liaison_contacts"] = liaison_contacts({
            code: email for code in ORGANISATIONS
            if (email := (form.get(f"liaison.{code}") or "").strip())
        })  # fmt: skip
    except LiaisonContactsError as error:
        errors["liaison.gp"] = str(error)
    if errors:
        raise SettingsErrors(errors)
    try:
        return AuthoritySettings(**values)
    except TimescaleError as error:
        # What only the whole can say (a working day that ends before it starts).
        at_fault = (
            "agency_report_chase_working_days_before" if "chased" in str(error) else "day_end"
        )
        raise SettingsErrors({at_fault: str(error)}) from None


def _parsed(setting: Setting, raw: str) -> Any:
    label = setting.label
    kind = setting.kind
    if kind in ("count", "months"):
        least = 1 if kind == "months" else 0
        return _count(label, raw, setting.most, least)
    if kind == "yes_no":
        return raw == "yes"
    if kind == "choice":
        if raw not in CHOICES[setting.name]:
            raise ValueError(f"{label}: choose one of the options.")
        return raw
    if kind == "clock":
        return _clock(label, raw)
    if kind == "counts":
        if not raw:
            return ()
        return tuple(_count(label, part.strip(), setting.most) for part in raw.split(","))
    if kind == "days":
        return frozenset(_day(label, line.strip()) for line in raw.splitlines() if line.strip())
    if len(raw) > _MAX_TEXT:
        raise ValueError(f"{label}: enter {_MAX_TEXT} characters or fewer.")
    if kind == "email" and raw and not _EMAIL.match(raw):
        raise ValueError(f"{label}: enter an email address like name@example.org, or leave it "
                         "blank.")  # fmt: skip
    if kind == "https" and raw:
        _https(label, raw)
    if kind == "text" and not raw:
        raise ValueError(f"{label}: enter it.")
    return raw


def _count(label: str, raw: str, most: int, least: int = 0) -> int:
    if not raw:
        raise ValueError(f"{label}: enter a whole number from {least} to {most}.")
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise ValueError(f"{label}: enter a whole number from {least} to {most}, not '{raw}'.")
    return int(raw)


def _clock(label: str, raw: str) -> time:
    match = _CLOCK.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[2]) % 15:
        raise ValueError(f"{label}: enter a time on the quarter hour in the 24-hour clock, for "
                         "example 09:00 or 17:30.")  # fmt: skip
    return time(int(match[1]), int(match[2]))


def _day(label: str, raw: str) -> date:
    for layout in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            day = datetime.strptime(raw, layout).date()
        except ValueError:
            continue
        if not 2000 <= day.year <= 2100:
            break
        return day
    raise ValueError(f"{label}: '{raw}' is not a date. Write one date per line, for example "
                     "2026-12-29.")  # fmt: skip


def _https(label: str, raw: str) -> None:
    try:
        check_https_link(raw.replace("{reference}", "ref"), "")
    except ServiceError:
        raise ValueError(
            f"{label}: enter a full https:// address, for example "
            "https://meet.example.org/room, or leave it blank."
        ) from None
    if "{" in raw.replace("{reference}", ""):
        raise ValueError(f"{label}: the only placeholder it may contain is {{reference}}.")
