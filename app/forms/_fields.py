"""Fields and small forms shared by the reference-data pages (localities, rooms, chairs, people)."""

import re
from datetime import time, timedelta

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    Field,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from app.limits import DayOutOfRange, checked_day, is_id
from app.time import london_date, utc_now

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class Required:
    """Like InputRequired, but without the `required` flag: GOV.UK forms validate on the server
    only, and the flag would put a (meaningless) required attribute on the date-input <div>."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []
            raise StopValidation(self.message)


class LocalDateField(DateField):
    """A GOV.UK day/month/year date. Three empty boxes are 'no answer' (for InputRequired to
    report) rather than a malformed date, so the admin sees one message, not two."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", "%d %m %Y")
        kwargs.setdefault("invalid_value_message", f"{label} must be a real date")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not any(part.strip() for part in valuelist):
            self.raw_data = None  # GovDateInput unpacks raw_data into three boxes
            self.data = None
            return
        super().process_formdata([part.strip() for part in valuelist])
        if self.data is not None:
            try:
                # Named by its label, as a malformed date is, so the summary says which date.
                checked_day(self.data, self.label.text)
            except DayOutOfRange as error:
                self.data = None
                raise ValueError(error.message) from None


class ClockTimeField(Field):
    """A 24-hour wall-clock time typed as 09:30 (or 9.30)."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", "Use the 24-hour clock, for example 09:30 or 14:00")
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            self.raw_data = []  # blank: let InputRequired say so
            return
        match = _CLOCK.match(valuelist[0])
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            what = self.label.text.removesuffix(" (optional)").lower()
            raise ValueError(f"Enter the {what} as hours and minutes, like 09:30")
        self.data = time(int(match[1]), int(match[2]))


class FilterForm(FlaskForm):
    """A list filter: read from the query string (GET), so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Name contains", widget=GovTextInput())
    retired = BooleanField("Include retired", widget=GovCheckboxInput())
    submit = SubmitField("Filter", widget=GovSubmitInput())


class RetireForm(FlaskForm):
    submit = SubmitField("Retire", widget=GovSubmitInput())


def optional_id_select(label: str) -> SelectField:
    """A select of ids whose first option is 'any' (an empty value)."""
    return SelectField(
        label, choices=[], coerce=int_or_none, validate_choice=False, widget=GovSelect()
    )


class MaxLength:
    """At most `limit` characters, said with the field's own name, as GOV.UK words it."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field) -> None:
        if field.data and len(field.data) > self.limit:
            name = field.label.text.split(" (", 1)[0]
            raise StopValidation(f"{name} must be {self.limit:,} characters or fewer")


def example_day(days_ahead: int) -> str:
    """A date hint's example, as typed into a GOV.UK date input ("17 3 2027"), some days after
    today: an example in the past would suggest booking into the past."""
    day = london_date(utc_now()) + timedelta(days=days_ahead)
    return f"{day.day} {day.month} {day.year}"


def int_or_none(value) -> int | None:
    """An id chosen in a select; None for 'any' (empty) or not a number. A number no row could
    have (past the databases' integer) is not a choice: WTForms reports it on the field."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if not is_id(number):
        raise ValueError("Choose from the list")
    return number


def options(pairs, first: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, after an optional empty first option."""
    choices = [SelectChoice("", first)] if first is not None else []
    return choices + [SelectChoice(value, label) for value, label in pairs]


def with_any(pairs, label: str = "Any") -> list[SelectChoice]:
    return options(pairs, label)


class WholeNumberField(Field):
    """A whole number typed in a text box (GOV.UK advises against type=number); blank is None,
    so the service can say 'Enter …' and range messages stay in one place."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, required_message: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            if self.required_message:
                raise ValueError(self.required_message)
            return
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{self.label.text} must be a whole number")
        self.data = int(text)
