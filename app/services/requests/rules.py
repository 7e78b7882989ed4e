"""Checks and defaults for a meeting request, and its statutory window.

The window is always computed by app.timescales from the trigger, type, place in the chain and
(for pre-birth meetings) the expected date of delivery: an admin never types it.
"""

from dataclasses import dataclass, field
from datetime import date, time
from urllib.parse import urlsplit

from app.extensions import db
from app.models import Case, Chair, Locality
from app.models.requests import ATTENDANCE, FORMATS, MEETING_TYPES, SEQUENCES
from app.services import ServiceError
from app.services.cases.cases import FIRST_OPENED_ON
from app.services.settings import authority_settings
from app.time import format_day
from app.timescales import MeetingType, TimescaleError, Window, meeting_type_from_code, window

PREBIRTH = (MeetingType.PREBIRTH_STRATEGY.value, MeetingType.PREBIRTH_ICPC.value)
LINKED_FORMATS = ("hybrid", "virtual")
GRAIN_MINUTES = 15
MAX_MINUTES = 480
# A pregnancy lasts about 40 weeks: an expected delivery further off than this is a typing slip.
LONGEST_PREGNANCY_DAYS = 42 * 7


@dataclass
class RequestInput:
    """What the request form gives the service; None means "left blank"."""

    meeting_type: str = ""
    sequence: str = "first"
    trigger_date: date | None = None
    expected_delivery: date | None = None
    duration_minutes: int | None = None
    format: str = "in_person"
    locality_id: int | None = None
    in_person_count: int | None = None
    allocated_chair_id: int | None = None
    chair_fixed: bool = False
    attendees: list[tuple[int, str]] = field(default_factory=list)  # (person id, attendance)
    needs_step_free: bool = False
    needs_separate_waiting_area: bool = False
    interpreter_language: str = ""
    not_before_time: time | None = None
    not_after_time: time | None = None
    joining_link: str = ""
    notes: str = ""
    # The admin knowingly records a request whose whole window has already passed.
    recording_late: bool = False


def typical_minutes(meeting_type: str) -> int:
    return meeting_type_from_code(meeting_type).info.duration_minutes


def unborn_edd(case: Case) -> date | None:
    """The expected date of delivery of the case's unborn child, if it has one."""
    return next(
        (
            c.expected_delivery
            for c in case.children
            if c.date_of_birth is None and c.expected_delivery
        ),
        None,
    )


def statutory_window(meeting_type: str, trigger: date | None, sequence: str,
                     edd: date | None) -> Window:  # fmt: skip
    """The window from app.timescales; its errors become form errors on the field at fault."""
    if trigger is None:
        raise ServiceError("Enter the trigger date (day 0 of the statutory clock).", "trigger_date")
    try:
        return window(meeting_type, trigger, sequence=sequence, edd=edd,
                      settings=authority_settings())  # fmt: skip
    except TimescaleError as error:
        raise ServiceError(str(error), _field_at_fault(str(error))) from None


def resolve_prebirth(data: RequestInput, case: Case) -> tuple[date | None, date | None]:
    """(trigger, EDD): the EDD defaults to the unborn child's; a strategy meeting counts from it."""
    if data.meeting_type not in PREBIRTH:
        return data.trigger_date, None
    edd = data.expected_delivery or unborn_edd(case)
    if data.meeting_type == MeetingType.PREBIRTH_STRATEGY.value:
        edd = edd or data.trigger_date
        return data.trigger_date or edd, edd
    if edd is None:
        raise ServiceError(
            "Enter the expected date of delivery: a pre-birth conference may not be held before "
            "30 weeks' gestation.",
            "expected_delivery",
        )
    return data.trigger_date, edd


def check_trigger(meeting_type: str, trigger: date, edd: date | None, computed: Window,
                  today: date, recording_late: bool) -> None:  # fmt: skip
    """The dates behind a window, checked like the planner would need them: a trigger that has
    happened (not in the future, not before FIRST_OPENED_ON), an expected delivery still to come,
    and a window not wholly past unless the admin says they are recording a late request."""
    if trigger < FIRST_OPENED_ON:
        raise ServiceError(
            f"Enter the trigger date: it cannot be before {format_day(FIRST_OPENED_ON)}.",
            "trigger_date",
        )
    # A pre-birth strategy meeting counts back from the expected delivery, which is to come.
    if meeting_type != MeetingType.PREBIRTH_STRATEGY.value and trigger > today:
        raise ServiceError(
            f"Enter the trigger date: {format_day(trigger)} is in the future. Day 0 is an event "
            "that has happened (for example the strategy discussion or the previous meeting).",
            "trigger_date",
        )
    if meeting_type in PREBIRTH and edd is not None:
        if edd <= today:
            raise ServiceError(
                f"The expected date of delivery, {format_day(edd)}, is not after today: once the "
                "baby is born, request an initial or review conference instead.",
                "expected_delivery",
            )
        if (edd - today).days > LONGEST_PREGNANCY_DAYS:
            raise ServiceError(
                f"Enter the expected date of delivery: {format_day(edd)} is more than 42 weeks "
                "away.",
                "expected_delivery",
            )
    if computed.latest < today and not recording_late:
        raise ServiceError(
            f"Its whole window ({format_day(computed.earliest)} to {format_day(computed.latest)})"
            " has passed. Check the trigger date; if you are recording a late request, tick "
            "'Recording a late request'.",
            "trigger_date",
        )


def check(data: RequestInput, party_ids: set[int]) -> None:
    """Every rule a request must meet before anything is written. Raises ServiceError."""
    if data.meeting_type not in MEETING_TYPES:
        raise ServiceError("Choose the type of meeting.", "meeting_type")
    if data.sequence not in SEQUENCES:
        raise ServiceError("Choose first, second or subsequent.", "sequence")
    if data.format not in FORMATS:
        raise ServiceError("Choose how the meeting is held.", "format")
    check_duration(data.duration_minutes)
    _check_place_and_chair(data)
    _check_attendees(data.attendees, party_ids)
    _check_times(data.not_before_time, data.not_after_time)
    _check_link(data.joining_link, data.format)
    if len(data.interpreter_language) > 40:
        raise ServiceError("Enter the interpreter's language in 40 characters or fewer.",
                           "interpreter_language")  # fmt: skip
    if data.in_person_count is not None and not 1 <= data.in_person_count <= 60:
        raise ServiceError(
            "Enter the number of people in the room, from 1 to 60.", "in_person_count"
        )


def check_duration(minutes: int | None) -> None:
    if minutes is None:
        return
    if minutes <= 0 or minutes > MAX_MINUTES or minutes % GRAIN_MINUTES:
        raise ServiceError(
            f"Enter a length in minutes that is a multiple of {GRAIN_MINUTES}, up to {MAX_MINUTES}"
            " (for example 90).",
            "duration_minutes",
        )


def _check_place_and_chair(data: RequestInput) -> None:
    locality = db.session.get(Locality, data.locality_id) if data.locality_id else None
    if data.locality_id is not None and (locality is None or locality.retired_at is not None):
        raise ServiceError("Choose a locality from the list.", "locality")
    if data.allocated_chair_id is not None:
        chair = db.session.get(Chair, data.allocated_chair_id)
        if chair is None or chair.retired_at is not None:
            raise ServiceError("Choose a chair from the list.", "allocated_chair")
    if data.chair_fixed and data.allocated_chair_id is None:
        raise ServiceError("Choose the chair who must take this meeting.", "allocated_chair")


def _check_attendees(attendees: list[tuple[int, str]], party_ids: set[int]) -> None:
    seen: set[int] = set()
    for person_id, attendance in attendees:
        if person_id not in party_ids:
            raise ServiceError("Attendees must be parties to the case: add the person to the "
                               "case first.", "required_attendees")  # fmt: skip
        if attendance not in ATTENDANCE:
            raise ServiceError("Attendance is required or optional.", "required_attendees")
        if person_id in seen:
            raise ServiceError("Tick each person as required or optional, not both.",
                               "optional_attendees")  # fmt: skip
        seen.add(person_id)


def _check_times(not_before: time | None, not_after: time | None) -> None:
    if not_before is not None and not_after is not None and not_before >= not_after:
        raise ServiceError("'Not before' must be earlier than 'not after'.", "not_after_time")


def _check_link(link: str, meeting_format: str) -> None:
    if not link:
        return
    if meeting_format not in LINKED_FORMATS:
        raise ServiceError("Only hybrid and virtual meetings have a joining link.", "joining_link")
    parts = urlsplit(link)
    if (
        parts.scheme != "https"
        or not parts.netloc
        or len(link) > 500
        or any(c.isspace() for c in link)
    ):
        raise ServiceError("Enter the joining link as a full https:// address.", "joining_link")


def _field_at_fault(message: str) -> str:
    lowered = message.lower()
    if "expected date of delivery" in lowered or "edd" in lowered:
        return "expected_delivery"
    if "chain" in lowered or "happens once" in lowered:
        return "sequence"
    if "is not a meeting type" in lowered:
        return "meeting_type"
    return "trigger_date"


def type_label(code: str) -> str:
    """'Initial child protection conference' for 'ICPC'; the code itself if unknown."""
    try:
        return meeting_type_from_code(code).label
    except TimescaleError:
        return code


def type_choices() -> list[tuple[str, str]]:
    return [(code, f"{type_label(code)} ({code})") for code in MEETING_TYPES]
