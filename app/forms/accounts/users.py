"""People and access: a new account, a role, and setting a password through a one-time link."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, StringField, SubmitField

from app.forms._fields import options

ROLE_LABELS = [
    ("admin", "Admin (booking staff)"),
    ("manager", "Team manager"),
    ("chair", "Chair (sees only their own meetings)"),
]


class NewUserForm(FlaskForm):
    name = StringField("Full name", widget=GovTextInput())
    email = StringField("Email address", widget=GovTextInput())
    role = RadioField(
        "Role", choices=options(ROLE_LABELS), validate_choice=False, widget=GovRadioInput()
    )
    submit = SubmitField("Add the user", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        "Role", choices=options(ROLE_LABELS), validate_choice=False, widget=GovRadioInput()
    )
    submit = SubmitField("Change the role", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", widget=GovPasswordInput())
    confirm = PasswordField("Type the new password again", widget=GovPasswordInput())
    submit = SubmitField("Set the password", widget=GovSubmitInput())


class NewApiTokenForm(FlaskForm):
    email = StringField(
        "Email address of the user it acts as",
        description="The integration acts with that user's role: make it a user for the "
        "integration, not a person's own account.",
        widget=GovTextInput(),
    )
    name = StringField(
        "Name", description="What it is for, for example 'case system export'. No personal data.",
        widget=GovTextInput(),
    )  # fmt: skip
    days = StringField("How many days it works for", default="90", widget=GovTextInput())
    submit = SubmitField("Make the token", widget=GovSubmitInput())
