from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from app.forms._fields import LocalDateField, example_day, options
from app.services.planning.runs import DEFAULT_TIME_LIMIT_SECONDS, TIME_LIMIT_CHOICES_SECONDS


def _in_words(seconds: int) -> str:
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


TIME_LIMIT_CHOICES = {seconds: _in_words(seconds) for seconds in TIME_LIMIT_CHOICES_SECONDS}


class PlanForm(FlaskForm):
    horizon_end = LocalDateField(
        "Plan requests whose window ends by",
        validators=[InputRequired("Enter the last day of the horizon")],
    )
    time_limit = SelectField(
        "Time to spend improving the plan",
        choices=options(TIME_LIMIT_CHOICES.items()),
        coerce=int,
        default=DEFAULT_TIME_LIMIT_SECONDS,
        widget=GovSelect(),
        description="A first plan is usually found in a few seconds; more time improves it.",
    )
    submit = SubmitField("Start planning", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.horizon_end.description = (
            "Every open request whose statutory window ends on or before this day. "
            f"For example, {example_day(28)}"
        )


class CancelRunForm(FlaskForm):
    submit = SubmitField("Cancel this run", widget=GovSubmitInput())


class ConfirmRunForm(FlaskForm):
    """The checkboxes (request_ids) are rendered in the proposal's table, one per meeting."""

    submit = SubmitField("Confirm selected meetings", widget=GovSubmitInput())
