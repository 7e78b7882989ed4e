from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField

from app.forms._fields import FilterForm, WholeNumberField, int_or_none, options, with_any

HYBRID_CHOICES = [("full", "Full hybrid equipment"), ("none", "No hybrid equipment")]


class RoomForm(FlaskForm):
    name = StringField("Room name", widget=GovTextInput())
    locality_id = SelectField(
        "Locality", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    address = StringField("Address", widget=GovTextArea())
    capacity = WholeNumberField(
        "Capacity",
        required_message="Enter the capacity",
        description="How many people can sit in the room",
    )
    hybrid = RadioField(
        "Hybrid equipment",
        choices=options(HYBRID_CHOICES),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    step_free = BooleanField("Step-free access", widget=GovCheckboxInput())
    separate_waiting_area = BooleanField("Separate waiting area", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, localities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.locality_id.choices = options(localities, "Choose a locality")


class RoomFilterForm(FilterForm):
    locality = SelectField(
        "Locality", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    hybrid = SelectField(
        "Hybrid equipment",
        choices=with_any(HYBRID_CHOICES),
        validate_choice=False,
        widget=GovSelect(),
    )

    def __init__(self, *args, localities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.locality.choices = with_any(localities)
