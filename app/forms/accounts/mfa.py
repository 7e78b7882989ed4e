from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length


class SignInCodeForm(FlaskForm):
    code = StringField(
        "Code",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the code from your authenticator app, or a recovery code"),
            Length(max=40, message="Enter a 6-digit code or a recovery code"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetupForm(FlaskForm):
    code = StringField(
        "Code",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the 6-digit code your authenticator app shows"),
            Length(max=12, message="Enter the 6-digit code your authenticator app shows"),
        ],
    )
    submit = SubmitField("Confirm and turn on", widget=GovSubmitInput())


class ResetForm(FlaskForm):
    """Only its CSRF token: the page's one button says what it does."""
