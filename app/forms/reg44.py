"""Forms for Regulation 44 visits: homes, visitors, and recording or booking a visit."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField

from app.forms._fields import ClockTimeField, LocalDateField, int_or_none, options


class HomeForm(FlaskForm):
    name = StringField("Name of the home", widget=GovTextInput())
    locality_id = SelectField(
        "Locality", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    supported_living = BooleanField(
        "Supported living (visited every few months, not monthly)", widget=GovCheckboxInput()
    )
    visitor_id = SelectField(
        "Independent visitor", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    opened_on = LocalDateField("Date it opened", description="Visits are due from this date")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, localities, visitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality_id.choices = options(localities, "Choose a locality")
        self.visitor_id.choices = options(visitors, "No visitor yet")


class CloseHomeForm(FlaskForm):
    closed_on = LocalDateField("Date it closed")
    submit = SubmitField("Close the home", widget=GovSubmitInput())


class VisitorForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput())
    email = StringField("Email address", widget=GovTextInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class RecordVisitForm(FlaskForm):
    period = HiddenField()
    visited_on = LocalDateField("Date of the visit")
    visitor_id = SelectField(
        "Who visited", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    submit = SubmitField("Record the visit", widget=GovSubmitInput())

    def __init__(self, *args, visitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.visitor_id.choices = options(visitors, "Choose the visitor")


class ReportForm(FlaskForm):
    period = HiddenField()
    received_on = LocalDateField("Date the report was received")
    submit = SubmitField("Record the report", widget=GovSubmitInput())


class BookVisitForm(FlaskForm):
    period = HiddenField()
    day = LocalDateField("Day of the visit")
    starts = ClockTimeField("Start time")
    ends = ClockTimeField("End time")
    submit = SubmitField("Send to the visitor's calendar", widget=GovSubmitInput())


class CancelBookingForm(FlaskForm):
    period = HiddenField()
    submit = SubmitField("Cancel the booking", widget=GovSubmitInput())
