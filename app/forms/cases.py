"""Case forms: the case itself, its children, parties and kept-apart pairs, closing it."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from app.forms._fields import LocalDateField, MaxLength, int_or_none, optional_id_select, with_any


class CaseFilterForm(FlaskForm):
    """The case list's filter: read from the query string (GET), so no CSRF token."""

    class Meta:
        csrf = False

    reference = StringField("Reference contains", widget=GovTextInput())
    locality = optional_id_select("Home locality")
    chair = optional_id_select("Allocated IRO")
    state = SelectField(
        "Open or closed",
        choices=[("open", "Open cases"), ("closed", "Closed cases"), ("all", "All cases")],
        default="open",
        widget=GovSelect(),
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def set_choices(self, choices: dict) -> "CaseFilterForm":
        self.locality.choices = with_any(choices["localities"])
        self.chair.choices = with_any(choices["chairs"])
        return self


class CaseForm(FlaskForm):
    reference = StringField(
        "Case reference",
        description="Leave blank and Quorum makes one, like C7F3K2. Never use a name.",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=20, message="A reference is 20 characters or fewer")],
    )
    home_locality = optional_id_select("Home locality")
    allocated_chair = optional_id_select("Allocated IRO")
    opened_on = LocalDateField(
        "Date the case opened", validators=[InputRequired("Enter the date the case opened")]
    )
    domestic_abuse = BooleanField(
        "Flagged for domestic abuse",
        description="Its parents are then seen in person, in the room.",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save case", widget=GovSubmitInput())

    def set_choices(self, choices: dict) -> "CaseForm":
        self.home_locality.choices = with_any(choices["localities"], "Choose a locality")
        self.allocated_chair.choices = with_any(choices["chairs"], "No IRO allocated yet")
        return self


class CloseCaseForm(FlaskForm):
    closed_on = LocalDateField(
        "Date the case closed", validators=[InputRequired("Enter the date the case closed")]
    )
    submit = SubmitField("Close case", widget=GovSubmitInput())


class ChildForm(FlaskForm):
    initials = StringField(
        "Initials",
        description="1 to 4 letters. Never a name.",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the child's initials"), MaxLength(8)],
    )
    date_of_birth = LocalDateField("Date of birth", validators=[Optional()])
    expected_delivery = LocalDateField(
        "Expected date of delivery",
        description="Before birth only, instead of the date of birth.",
        validators=[Optional()],
    )
    submit = SubmitField("Add child", widget=GovSubmitInput())


class BirthForm(FlaskForm):
    """The birth of a child who was expected: the windows that wait for it are recomputed."""

    child = optional_id_select("Child")
    born_on = LocalDateField(
        "Date of birth",
        description="The expected date of delivery is kept.",
        validators=[Optional()],
    )
    submit = SubmitField("Record the birth", widget=GovSubmitInput())

    def set_choices(self, children: list[tuple[str, str]]) -> "BirthForm":
        self.child.choices = with_any(children, "Choose a child")
        return self


class PartyForm(FlaskForm):
    """Add a party: the person is found by name (typed into `name`, answered as you type, or
    by the "Find people" button without JavaScript) and chosen from the matches by id."""

    name = StringField(
        "Find the person by name",
        description="Type part of their name; choose them from the people found.",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=120)],
    )
    person = SelectField("Person", choices=[], coerce=int_or_none, validate_choice=False)
    relationship = StringField(
        "Relationship to the case",
        description="For example mother, father, social worker, GP.",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the relationship to the case"), MaxLength(40)],
    )
    submit = SubmitField("Add party", widget=GovSubmitInput())


class KeptApartForm(FlaskForm):
    person_a = optional_id_select("This person")
    person_b = optional_id_select("must be kept apart from")
    submit = SubmitField("Keep apart", widget=GovSubmitInput())

    def set_choices(self, parties: list[tuple[str, str]]) -> "KeptApartForm":
        self.person_a.choices = with_any(parties, "Choose a party")
        self.person_b.choices = with_any(parties, "Choose a party")
        return self


class ConfirmForm(FlaskForm):
    """A one-button form (remove a child, a party, a pair): CSRF and nothing else."""

    submit = SubmitField("Remove", widget=GovSubmitInput())
