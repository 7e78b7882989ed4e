from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired

from app.forms._fields import LocalDateField


class PlanForm(FlaskForm):
    horizon_end = LocalDateField(
        "Plan requests whose window ends by",
        validators=[InputRequired("Enter the last day of the horizon")],
        description="Every open request whose statutory window ends on or before this day. "
        "For example, 27 3 2026",
    )
    submit = SubmitField("Start planning", widget=GovSubmitInput())


class CancelRunForm(FlaskForm):
    submit = SubmitField("Cancel this run", widget=GovSubmitInput())
