"""Recording a change that may need a repair: the fact (a chair's or a room's days, a meeting's
new window, an attendee who cannot come, a cancellation) and its reason from the fixed list.
The forms check only what a form can; the service refuses the rest in the admin's words."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Length

from app.forms._fields import (
    ClockTimeField,
    LocalDateField,
    Required,
    example_day,
    int_or_none,
    options,
)
from app.models.rearrangements import REASONS


class ReasonForm(FlaskForm):
    """The reason every change needs; "Other" is said in words in the box below the choices."""

    # The service checks the choice, so an unknown value gets its message, not WTForms'.
    reason = RadioField(
        "Why has this changed?",
        choices=options(REASONS.items()),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    reason_text = StringField(
        "If other, say what the reason is",
        widget=GovTextInput(),
        validators=[Length(max=500, message="The reason must be 500 characters or fewer")],
    )
    submit = SubmitField("Record the change", widget=GovSubmitInput())


def _id_select(label: str, first: str) -> SelectField:
    return SelectField(
        label,
        choices=options([], first),
        coerce=int_or_none,
        validate_choice=False,
        widget=GovSelect(),
    )


class DaysForm(ReasonForm):
    """The days a chair is away or a room is closed, both included."""

    first_day = LocalDateField(
        "First day",
        validators=[Required("Enter the first day")],
    )
    last_day = LocalDateField(
        "Last day",
        validators=[Required("Enter the last day")],
        description="The last day it affects",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_day.description = f"For example, {example_day(7)}"
        self.last_day.description = f"The last day it affects, for example {example_day(9)}"


class ChairUnavailableForm(DaysForm):
    chair = _id_select("Chair", "Select a chair")


class RoomClosedForm(DaysForm):
    room = _id_select("Room", "Select a room")


class WindowChangedForm(ReasonForm):
    earliest = LocalDateField(
        "New earliest day", validators=[Required("Enter the new earliest day")]
    )
    latest = LocalDateField("New latest day", validators=[Required("Enter the new latest day")])


class BroughtForwardForm(ReasonForm):
    latest = LocalDateField(
        "New latest day",
        validators=[Required("Enter the new latest day")],
        description="The meeting must now be held on or before this day",
    )


class AttendeeUnavailableForm(ReasonForm):
    person_id = _id_select("Who cannot attend?", "Select a required attendee")


class CancelMeetingForm(ReasonForm):
    """The first of two steps: the next page says what is cancelled and asks to confirm."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


# The meeting-specific kinds, each with its form (chair and room changes have their own pages).
MEETING_FORMS = {
    "window_changed": WindowChangedForm,
    "brought_forward": BroughtForwardForm,
    "attendee_unavailable": AttendeeUnavailableForm,
    "cancelled": CancelMeetingForm,
}


class ConfirmRepairForm(FlaskForm):
    """The late-<meeting id>-reason and -agreed_by inputs are rendered per late move."""

    submit = SubmitField("Confirm these changes", widget=GovSubmitInput())


class DiscardRepairForm(FlaskForm):
    submit = SubmitField("Discard", widget=GovSubmitInput())


class MoveMeetingForm(ReasonForm):
    """A confirmed meeting to another day, time, chair or room, for a reason (from its page, or
    from the week's calendar by dragging it: the drop fills in the day and the chair or room)."""

    day = LocalDateField("Day", validators=[Required("Enter the day")])
    start = ClockTimeField("Start time", validators=[Required("Enter the start time")])
    chair = _id_select("Chair", "Choose a chair")
    room = _id_select("Room", "No room (virtual or off site)")
    anyway = BooleanField(
        "Move it anyway: I have read the rules it breaks", widget=GovCheckboxInput()
    )
    submit = SubmitField("Move the meeting", widget=GovSubmitInput())

    def set_choices(self, chairs: list, rooms: list) -> "MoveMeetingForm":
        self.chair.choices = options(chairs, "Choose a chair")
        self.room.choices = options(rooms, "No room (virtual or off site)")
        return self
