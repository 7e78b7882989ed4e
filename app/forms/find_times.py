"""The booking form of "Find times": a day, a start time, a chair and a room (or none)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, HiddenField, SelectField, SubmitField
from wtforms.validators import InputRequired

from app.forms._fields import ClockTimeField, LocalDateField, example_day, int_or_none, options


class BookTimeForm(FlaskForm):
    day = LocalDateField("Day", validators=[InputRequired("Enter the day")])
    start = ClockTimeField("Start time", validators=[InputRequired("Enter the start time")])
    chair = SelectField(
        "Chair", choices=[], coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    room = SelectField(
        "Room", choices=[], coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    anyway = HiddenField()  # "yes" once the admin has read the warnings and books anyway
    short_notice = BooleanField(
        "Book at short notice",
        description="The meeting is sooner than the usual notice: tick to book it anyway.",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Check and book", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.day.description = f"For example, {example_day(14)}"

    def set_choices(self, chairs: list, rooms: list) -> "BookTimeForm":
        self.chair.choices = options(chairs, "Choose a chair")
        self.room.choices = options(rooms, "No room (virtual or off site)")
        return self
