"""Meeting request forms. There is no field for the statutory window: Quorum computes it."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)  # fmt: skip
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)  # fmt: skip
from wtforms.validators import NumberRange, Optional

from app.forms._fields import (
    ClockTimeField,
    LocalDateField,
    MaxLength,
    Required,
    WholeNumberField,
    int_or_none,
    optional_id_select,
    options,
    with_any,
)
from app.forms.rearrangements import ReasonForm
from app.models.rearrangements import REASONS

SEQUENCE_CHOICES = [("first", "First"), ("second", "Second"), ("subsequent", "Subsequent")]
FORMAT_CHOICES = [("in_person", "In person"), ("hybrid", "Hybrid (some in the room, some online)"),
                  ("virtual", "Virtual (everyone online)"),
                  ("off_site", "Off site (at a home, school or hospital)")]  # fmt: skip
ROLE_CHOICES = [("parent", "Parent"), ("child", "Child"), ("carer", "Carer"),
                ("social_worker", "Social worker"), ("gp", "GP"), ("school", "School"),
                ("health_visitor", "Health visitor or school nurse"), ("police", "Police"),
                ("advocate", "Advocate"), ("interpreter", "Interpreter"),
                ("other", "Other")]  # fmt: skip
PRESENCE_CHOICES = [("in_room", "In the room"), ("online", "Online"), ("either", "Either")]
KEPT_APART_CHOICES = [("", "Not needed"), ("arrival_times", "Separate arrival times"),
                      ("waiting_area", "A separate waiting area")]  # fmt: skip
STATUS_CHOICES = [("active", "Open or booked"), ("open", "Open"), ("booked", "Booked"),
                  ("held", "Held"), ("cancelled", "Cancelled"), ("all", "All")]  # fmt: skip


class RequestFilterForm(FlaskForm):
    """The request list's filter: read from the query string (GET), so no CSRF token."""

    class Meta:
        csrf = False

    meeting_type = SelectField("Type", choices=[], widget=GovSelect(), validate_choice=False)
    status = SelectField("Status", choices=STATUS_CHOICES, default="active", widget=GovSelect())
    locality = optional_id_select("Locality")
    ends_before = LocalDateField("Window ends on or before", validators=[Optional()])
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_choices(self, types: list, localities: list) -> "RequestFilterForm":
        self.meeting_type.choices = with_any(types)
        self.locality.choices = with_any(localities)
        return self


class ChooseCaseForm(FlaskForm):
    """Step one of a request from the list: which case is it for?"""

    class Meta:
        csrf = False

    case = StringField("Case reference", widget=GovTextInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


def _ids(label: str) -> SelectMultipleField:
    return SelectMultipleField(label, choices=[], coerce=int, widget=GovCheckboxesInput())


class RequestForm(FlaskForm):
    meeting_type = SelectField("Type of meeting", choices=[], widget=GovSelect())
    sequence = RadioField("Place in the chain", choices=SEQUENCE_CHOICES, default="first",
                          widget=GovRadioInput())  # fmt: skip
    trigger_date = LocalDateField(
        "Trigger date (day 0)",
        description="The event the statutory clock runs from, for example the strategy "
        "discussion, the day the child became looked after, or the previous meeting.",
        validators=[Optional()],
    )
    recording_late = BooleanField(
        "Recording a late request",
        description="Tick only if the whole statutory window has already passed and you are "
        "recording the request late.",
        widget=GovCheckboxInput(),
    )
    expected_delivery = LocalDateField(
        "Expected date of delivery (pre-birth meetings only)",
        description="Taken from the case's unborn child when left blank.",
        validators=[Optional()],
    )
    duration_minutes = WholeNumberField(
        "Length in minutes", description="Blank for the type's usual length. Multiples of 15.",
        validators=[Optional()],
    )  # fmt: skip
    format = RadioField("How it is held", choices=FORMAT_CHOICES, default="in_person",
                        widget=GovRadioInput())  # fmt: skip
    locality = optional_id_select("Locality")
    in_person_count = WholeNumberField(
        "Number of people in the room", description="Blank: the attendees and the chair.",
        validators=[Optional(), NumberRange(1, 60, "Enter the number of people in the room, "
                                                   "from 1 to 60.")],
    )  # fmt: skip
    allocated_chair = optional_id_select("Allocated chair")
    chair_fixed = BooleanField("Only this chair may take it", widget=GovCheckboxInput())
    required_attendees = _ids("Required attendees")
    optional_attendees = _ids("Optional attendees")
    needs_step_free = BooleanField("Needs a step-free room", widget=GovCheckboxInput())
    needs_separate_waiting_area = BooleanField(
        "Needs a separate waiting area", widget=GovCheckboxInput()
    )
    kept_apart_arrangement = RadioField(
        "Parties kept apart",
        description="Needed when two people kept apart may both come in person. The invites "
        "say which.",
        choices=KEPT_APART_CHOICES, default="", validate_choice=False, widget=GovRadioInput(),
    )  # fmt: skip
    in_person_override_reason = TextAreaField(
        "Reason for a vulnerable parent not in the room",
        description="A parent in a domestic-abuse case, or with learning or communication "
        "needs, joins online or has a virtual meeting only if a team manager agrees: the reason "
        "waits in the managers' queue (a manager who gives it agrees at once). No names.",
        widget=GovTextArea(), validators=[MaxLength(2000)],
    )  # fmt: skip
    advocacy_not_invited_reason = TextAreaField(
        "If the advocacy service is not to be invited, why not?",
        description="A children-in-care review of a child aged 8 or over invites the advocacy "
        "service. Leave blank to invite it; for example 'has their own advocate'. No names.",
        widget=GovTextArea(), validators=[MaxLength(500)],
    )  # fmt: skip
    interpreter_language = StringField("Interpreter language", widget=GovTextInput(),
                                       validators=[MaxLength(40)])  # fmt: skip
    not_before_time = ClockTimeField("Not before", validators=[Optional()])
    not_after_time = ClockTimeField("Not after", validators=[Optional()])
    joining_link = StringField(
        "Joining link", description="Hybrid and virtual meetings only; starts https://",
        widget=GovTextInput(), validators=[MaxLength(500)],
    )  # fmt: skip
    notes = TextAreaField(
        "Notes for the booking team",
        description="Logistics only: no child's name or case detail.",
        widget=GovTextArea(),
    )
    submit = SubmitField("Save request", widget=GovSubmitInput())

    def attendee_fields(self, person_id: int) -> tuple:
        """One party's role, presence and needs fields (see request_form)."""
        return (self[f"role_{person_id}"], self[f"presence_{person_id}"],
                self[f"needs_{person_id}"])  # fmt: skip

    def set_choices(self, choices: dict) -> "RequestForm":
        self.meeting_type.choices = with_any(choices["types"], "Choose a type")
        self.locality.choices = with_any(choices["localities"], "The case's home locality")
        self.allocated_chair.choices = with_any(choices["chairs"], "No chair allocated")
        self.required_attendees.choices = choices["parties"]
        self.optional_attendees.choices = choices["parties"]
        return self


def request_form(party_ids: list[int], **kwargs) -> RequestForm:
    """The request form with a role, presence and needs field for each of the case's parties:
    named by person id ("presence_12"), so a refusal for one attendee shows on their field."""
    fields: dict = {}
    for person_id in party_ids:
        fields[f"role_{person_id}"] = SelectField(
            "Role at the meeting", choices=ROLE_CHOICES, validate_choice=False, widget=GovSelect()
        )
        fields[f"presence_{person_id}"] = RadioField(
            "Joins", choices=PRESENCE_CHOICES, default="either", validate_choice=False,
            widget=GovRadioInput(),
        )  # fmt: skip
        fields[f"needs_{person_id}"] = BooleanField(
            "Has learning or communication needs", widget=GovCheckboxInput()
        )
    return type("CaseRequestForm", (RequestForm,), fields)(**kwargs)


class MarkHeldForm(FlaskForm):
    held_on = LocalDateField(
        "Date held",
        validators=[Optional()],
        description="The day it was actually held, for example 17 3 2026. Left blank, the day "
        "it was booked for.",
    )
    plan_ended = BooleanField(
        "The plan or care has ended: no further meeting in this chain",
        widget=GovCheckboxInput(),
    )
    late_reason = TextAreaField(
        "Why it was held after the latest day",
        description="Only if it was late. No child's name or details.",
        widget=GovTextArea(), validators=[MaxLength(2000)],
    )  # fmt: skip
    submit = SubmitField("Mark as held", widget=GovSubmitInput())


class RecordHeldForm(MarkHeldForm):
    """A meeting held but never booked in Quorum: when it was held and who chaired it, then the
    same questions as marking a booked meeting held."""

    day = LocalDateField(
        "Day it was held",
        validators=[Required("Enter the day it was held")],
        description="For example, 17 3 2026",
    )
    start = ClockTimeField("Start time", validators=[Required("Enter the time it started")])
    chair = SelectField(
        "Chair", choices=[], coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    room = SelectField(
        "Room", choices=[], coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    duration_minutes = WholeNumberField(
        "Length in minutes", description="Blank for the request's length. Multiples of 15.",
        validators=[Optional()],
    )  # fmt: skip
    submit = SubmitField("Record the meeting as held", widget=GovSubmitInput())

    def set_choices(self, chairs: list, rooms: list) -> "RecordHeldForm":
        self.chair.choices = options(chairs, "Choose a chair")
        self.room.choices = options(rooms, "No room (virtual or off site)")
        return self


class CancelRequestForm(ReasonForm):
    """The confirmation page's form: cancelling needs a reason from the rearrangement reasons."""

    reason = RadioField(
        "Why is it cancelled?",
        choices=options(REASONS.items()),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    submit = SubmitField("Yes, cancel it", widget=GovSubmitInput())
