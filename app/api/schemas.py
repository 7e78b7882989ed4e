"""Pydantic models for the JSON API: what comes in (validated; a bad field is a 422 naming it)
and what goes out. Bounds here keep nonsense (ids past the database's integer, NUL bytes, the
year 9999) from ever reaching a query, so it is refused as bad input rather than failing."""

from datetime import UTC, date, datetime, time
from typing import Annotated, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from app.limits import FIRST_DAY, LAST_DAY, MAX_ID, MAX_PAGE
from app.models.meetings import MeetingStatus
from app.models.replies import REPLIES
from app.models.requests import (
    ATTENDANCE,
    ATTENDEE_ROLES,
    FORMATS,
    KEPT_APART_ARRANGEMENTS,
    MEETING_TYPES,
    PRESENCE,
    SEQUENCES,
    RequestStatus,
)
from app.services.requests.requests import STATUS_FILTERS

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# JSON Schema has no bounds for a date, only for numbers: the pattern says which years (the
# first two digits of FIRST_DAY's and LAST_DAY's years, which are one century), so that the
# document allows no day the server refuses.
assert FIRST_DAY == date(FIRST_DAY.year, 1, 1) and LAST_DAY == date(FIRST_DAY.year + 99, 12, 31)
DAY_PATTERN = rf"^{FIRST_DAY.year // 100}[0-9]{{2}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Day = Annotated[
    date,
    Field(ge=FIRST_DAY, le=LAST_DAY),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]
# Printable text: no control characters (PostgreSQL refuses NUL; the rest are never meant).
Line = r"^[^\x00-\x1f\x7f]*$"
Text = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# ISO 8601 with the offset spelled out (+00:00), which every parser reads.
UtcTime = Annotated[
    datetime,
    PlainSerializer(lambda value: value.astimezone(UTC).isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _local(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("give a Europe/London time of day, HH:MM, without an offset")
    return value


HH_MM = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "examples": ["16:00"]}
# A time of day in Europe/London (after school, say): no offset, since it applies on any day.
TimeOfDayIn = Annotated[time, AfterValidator(_local), WithJsonSchema(HH_MM)]
TimeOfDay = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(HH_MM),
]


def _absent_not_null(schema: dict) -> None:
    schema.pop("default", None)  # a query parameter left out is absent, never null


# Literal types built from the models' tuples at run time, for pydantic (which reads them then);
# a type checker only reads a Literal spelled out, hence the ignores.
MeetingType = Literal[MEETING_TYPES]  # type: ignore[valid-type]
Sequence = Literal[SEQUENCES]  # type: ignore[valid-type]
Format = Literal[FORMATS]  # type: ignore[valid-type]
Attendance = Literal[ATTENDANCE]  # type: ignore[valid-type]
Reply = Literal[REPLIES]  # type: ignore[valid-type]
AttendeeRole = Literal[ATTENDEE_ROLES]  # type: ignore[valid-type]
Presence = Literal[PRESENCE]  # type: ignore[valid-type]
KeptApartArrangement = Literal[KEPT_APART_ARRANGEMENTS]  # type: ignore[valid-type]
StatusFilter: TypeAlias = Literal[tuple(STATUS_FILTERS)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AttendeeIn(Strict):
    person_id: Id
    attendance: Attendance = Field(
        "required", description="Required attendees are planned around; optional ones are not."
    )
    role: AttendeeRole | None = Field(
        None, description="Their role at this meeting. Defaults from the person's own role."
    )
    presence: Presence = Field(
        "either",
        description="How they join. A parent in a case flagged for domestic abuse, or with "
        "communication_needs, is seen in person: online (or a virtual meeting) is refused (422).",
    )
    communication_needs: bool = Field(False, description="Learning or communication needs.")


class MeetingRequestIn(Strict):
    """A new meeting request. Its window is computed from the type, trigger date, place in the
    chain and (pre-birth) expected date of delivery; it cannot be sent."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "case_reference": "C100200",
                    "meeting_type": "ICPC",
                    "trigger_date": "2025-12-18",
                    "format": "hybrid",
                    # The worked example's window has passed: recorded as a late request.
                    "recording_late": True,
                }
            ]  # fmt: skip
        },
    )

    case_reference: Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=Line)]
    meeting_type: MeetingType
    trigger_date: Day | None = None
    sequence: Sequence = "first"
    expected_delivery: Day | None = Field(None, description="Pre-birth meetings only.")
    duration_minutes: Annotated[int, Field(ge=15, le=480, multiple_of=15)] | None = Field(
        None, description="Defaults to the meeting type's typical length."
    )
    format: Format = "in_person"
    locality_id: Id | None = Field(None, description="Defaults to the case's home locality.")
    locality_name: Annotated[str, StringConstraints(max_length=80, pattern=Line)] | None = Field(
        None, description="Instead of locality_id: the locality's name."
    )
    in_person_count: Annotated[int, Field(ge=1, le=60)] | None = Field(
        None,
        description="People the room must hold. Defaults to the chair and every attendee who "
        "may be in the room (in_room, or either when not virtual); fewer is refused (422).",
    )
    allocated_chair_id: Id | None = Field(None, description="Defaults to the case's chair.")
    chair_fixed: bool = False
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=60)
    needs_step_free: bool = False
    needs_separate_waiting_area: bool = False
    kept_apart_arrangement: KeptApartArrangement = Field(
        "",
        description="How two parties kept apart who may both come in person are kept apart: "
        "arrival_times or waiting_area (which also needs a separate waiting area). Required "
        "then (422).",
    )
    interpreter_language: Annotated[str, StringConstraints(max_length=40, pattern=Line)] = ""
    not_before_time: TimeOfDayIn | None = None
    not_after_time: TimeOfDayIn | None = None
    joining_link: Annotated[str, StringConstraints(max_length=500, pattern=Line)] = Field(
        "",
        description="Hybrid and virtual only; an https URL. Without it, invites use the chair's "
        "personal meeting link, else the authority's link template.",
    )
    in_person_override_reason: Annotated[str, StringConstraints(max_length=2000, pattern=Text)] = (
        Field(
            "",
            description="A team manager's reason for a vulnerable parent joining online or a "
            "virtual meeting; only a manager's token may give one (422 otherwise).",
        )
    )
    notes: Annotated[str, StringConstraints(max_length=2000, pattern=Text)] = ""
    recording_late: bool = Field(
        False,
        description="True to record a request whose whole statutory window has already "
        "passed; without it such a request is refused (422 on trigger_date).",
    )


class MeetingRequestOut(BaseModel):
    id: int
    case_reference: str
    meeting_type: MeetingType
    sequence: Sequence
    trigger_date: date
    expected_delivery: date | None
    earliest: date
    latest: date
    preferred_latest: date | None
    rule: str = Field(description="How the window was worked out, in words.")
    duration_minutes: int
    format: Format
    locality_id: int
    in_person_count: int
    allocated_chair_id: int | None
    chair_fixed: bool
    needs_step_free: bool
    needs_separate_waiting_area: bool
    interpreter_language: str
    not_before_time: TimeOfDay | None
    not_after_time: TimeOfDay | None
    status: RequestStatus
    created_at: UtcTime


class MeetingRequestQuery(Strict):
    status: StatusFilter = Field("active", description="'active' is open or booked.")
    # Absent, never null, in a query string: so not "| None" (whose errors pydantic would also
    # file under the union's branches, not the field's name).
    type: MeetingType = Field(None, json_schema_extra=_absent_not_null)  # type: ignore[assignment]
    window_ends_before: Day = Field(  # type: ignore[assignment]
        None,
        description="Only requests whose latest day is on or before this.",
        json_schema_extra=_absent_not_null,
    )
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1


class Pagination(BaseModel):
    page: int
    per_page: int
    pages: int
    total: int


class MeetingRequestPage(BaseModel):
    items: list[MeetingRequestOut]
    pagination: Pagination


class MeetingQuery(Strict):
    """Europe/London days, both included."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Day = Field(alias="from", examples=["2026-03-02"])
    to: Day = Field(examples=["2026-03-06"])


class MeetingOut(BaseModel):
    id: int
    request_id: int
    start: UtcTime
    end: UtcTime
    chair_id: int
    room_id: int | None
    status: MeetingStatus
    ical_sequence: int


class MeetingList(BaseModel):
    items: list[MeetingOut]


class AttendeeOut(BaseModel):
    person_id: int
    name: str
    role: str
    attendance: Attendance  # required or optional, as a request's attendee is given
    presence: Presence  # in the room, online, or either
    reply: Reply
    report: Literal["not_requested", "requested", "received", "overdue"]
    report_due: date | None


class MeetingDetailOut(MeetingOut):
    meeting_type: str
    reference: str  # the reference its invites ask people to quote
    attendees: list[AttendeeOut]


class ReportQuery(Strict):
    """Europe/London days, both included; either left out gives this financial year's
    (April to March). At most ten years."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Day | None = Field(default=None, alias="from", examples=["2025-04-01"])
    to: Day | None = Field(default=None, examples=["2026-03-31"])


class LateOut(BaseModel):
    held_on: date
    latest: date
    days_late: int
    reason: str | None
    agreed_by: str | None


class TimelinessRow(BaseModel):
    held: int
    in_timescale: int
    percent: float | None = Field(description="Two decimals, halves up; null when none held.")
    late: list[LateOut]


class TimelinessOut(BaseModel):
    period: dict[str, date]
    by_type: dict[str, TimelinessRow]


class MonthlyOut(BaseModel):
    period: dict[str, date]
    months: list[str] = Field(examples=[["2025-04", "2025-05"]])
    by_type: dict[str, list[int]] = Field(description="Meetings held per month.")
    children_by_type: dict[str, list[int]] = Field(
        description="Children's reviews per month: a sibling group's review counts each child."
    )
