from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField

from app.forms._fields import FilterForm, WholeNumberField, int_or_none, options, with_any

ROLE_LABELS = [("chair", "Chair"), ("senior", "Senior chair"), ("team_manager", "Team manager")]
DAY_LABELS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
]


class ChairForm(FlaskForm):
    name = StringField("Full name", widget=GovTextInput())
    email = StringField("Email address", widget=GovTextInput())
    base_locality_id = SelectField(
        "Base locality", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    fte = StringField(
        "FTE",
        widget=GovTextInput(),
        description="Full-time equivalent, more than 0 and up to 1, for example 0.6",
    )
    roles = SelectMultipleField(
        "Roles", choices=options(ROLE_LABELS), validate_choice=False, widget=GovCheckboxesInput()
    )
    working_days = SelectMultipleField(
        "Working days",
        choices=options(DAY_LABELS),
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )
    max_meetings_per_day = WholeNumberField(
        "Maximum meetings a day", required_message="Enter the maximum meetings a day"
    )
    max_minutes_per_week = WholeNumberField(
        "Maximum meeting minutes a week",
        required_message="Enter the maximum meeting minutes a week",
    )
    portable_hybrid_kit = BooleanField("Has a portable hybrid kit", widget=GovCheckboxInput())
    personal_meeting_link = StringField(
        "Personal meeting link",
        description="Starts https://. Used for their online and hybrid meetings entered "
        "without a joining link.",
        widget=GovTextInput(),
    )
    user_id = SelectField(
        "Linked user account",
        coerce=int_or_none,
        validate_choice=False,
        widget=GovSelect(),
        description="So the chair can sign in and see their own meetings",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, localities, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_locality_id.choices = options(localities, "Choose a locality")
        self.user_id.choices = options(users, "No linked account")


class ChairFilterForm(FilterForm):
    locality = SelectField(
        "Base locality", coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )
    role = SelectField(
        "Role", choices=with_any(ROLE_LABELS), validate_choice=False, widget=GovSelect()
    )

    def __init__(self, *args, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality.choices = with_any(localities)
