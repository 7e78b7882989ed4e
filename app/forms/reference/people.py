from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField

from app.forms._fields import FilterForm, options, with_any
from app.services.reference.people import PERSON_ROLES

ROLE_LABELS = {"gp": "GP", "team_manager_sw": "Social work team manager"}
ROLE_CHOICES = [
    (role, ROLE_LABELS.get(role, role.replace("_", " ").capitalize())) for role in PERSON_ROLES
]


class PersonForm(FlaskForm):
    name = StringField("Full name", widget=GovTextInput())
    role = SelectField(
        "Role",
        choices=options(ROLE_CHOICES, "Choose a role"),
        validate_choice=False,
        widget=GovSelect(),
    )
    organisation = StringField(
        "Organisation (optional)",
        widget=GovTextInput(),
        description="For example, the school, surgery or team",
    )
    email = StringField("Email address (optional)", widget=GovTextInput())
    phone = StringField("Phone number (optional)", widget=GovTextInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class PersonFilterForm(FilterForm):
    relationship = StringField(
        "Relationship to a case contains",
        description="For example mother, father, social worker",
        widget=GovTextInput(),
    )
    role = SelectField(
        "Role", choices=with_any(ROLE_CHOICES), validate_choice=False, widget=GovSelect()
    )
