from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField

from app.forms._fields import WholeNumberField, int_or_none, options


class LocalityForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class TravelTimeForm(FlaskForm):
    locality_a = SelectField("From", coerce=int_or_none, validate_choice=False, widget=GovSelect())
    locality_b = SelectField("To", coerce=int_or_none, validate_choice=False, widget=GovSelect())
    minutes = WholeNumberField(
        "Driving minutes",
        required_message="Enter the driving minutes",
        description="From 0 to 600, the same in both directions",
    )
    submit = SubmitField("Save driving time", widget=GovSubmitInput())

    def __init__(self, *args, localities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.locality_a.choices = options(localities, "Choose a locality")
        self.locality_b.choices = options(localities, "Choose a locality")
