"""The audit log's filter: read from the query string (GET), so no CSRF token."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Optional

from app.forms._fields import LocalDateField, with_any


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    # Checked by the service, which names the field when a value cannot be used.
    actor = SelectField("User", choices=[], widget=GovSelect(), validate_choice=False)
    action = StringField(
        "Action starts with", widget=GovTextInput(), description="For example, meeting."
    )
    object_type = SelectField("Object type", choices=[], widget=GovSelect(), validate_choice=False)
    object_id = StringField("Object id", widget=GovTextInput())
    from_day = LocalDateField("From", validators=[Optional()])
    to_day = LocalDateField("To", validators=[Optional()])
    submit = SubmitField("Search", widget=GovSubmitInput())

    def set_choices(self, users: list, object_types: list) -> "AuditFilterForm":
        self.actor.choices = with_any(users, "Anyone")
        self.object_type.choices = with_any(object_types)
        return self
