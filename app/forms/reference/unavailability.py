"""Adding a period when a room, chair or person cannot be booked (Europe/London wall-clock)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length

from app.forms._fields import ClockTimeField, LocalDateField, Required, options


class UnavailabilityForm(FlaskForm):
    kind = SelectField(
        "Kind",
        choices=[],
        widget=GovSelect(),
        validate_choice=False,
        validators=[Required("Select the kind")],
    )
    starts_on = LocalDateField("Start date", validators=[Required("Enter the start date")])
    starts_at = ClockTimeField(
        "Start time (optional)",
        description="Leave blank to start at the beginning of the day. Use the 24-hour "
        "clock, for example 09:30.",
    )
    ends_on = LocalDateField("End date", validators=[Required("Enter the end date")])
    ends_at = ClockTimeField(
        "End time (optional)",
        description="Leave blank for the whole of the last day (a day's leave needs no "
        "times). Use the 24-hour clock, for example 17:00.",
    )
    note = StringField(
        "Note (optional)",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Note must be 200 characters or fewer")],
    )
    submit = SubmitField("Add", widget=GovSubmitInput())

    def __init__(self, *args, kinds: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options((kind, kind.capitalize()) for kind in kinds)
        if len(kinds) == 1:
            self.kind.data = self.kind.data or kinds[0]
