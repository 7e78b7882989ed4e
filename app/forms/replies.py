"""The private reply page's forms: a reply (coming in the room, online, or apologies) and a
report upload. Their checks are the service's (app.services.replies.answers), which knows the
meeting's format; these only read the fields."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)  # fmt: skip
from wtforms import RadioField, SubmitField, TextAreaField

REPLY_CHOICES = {
    "attending_in_room": "Yes, I will come to the room",
    "attending_online": "Yes, I will join online",
    "apologies": "No, I cannot come: I send my apologies",
}


class ReplyForm(FlaskForm):
    reply = RadioField("Will you come to the meeting?", choices=[], validate_choice=False,
                       widget=GovRadioInput())  # fmt: skip
    reason = TextAreaField(
        "If you cannot come, why not?",
        description="A sentence is enough, for example 'on leave' or 'in clinic'. Please do not "
        "write about the child or family here.",
        widget=GovTextArea(),
    )
    submit = SubmitField("Send my reply", widget=GovSubmitInput())

    def for_format(self, meeting_format: str) -> "ReplyForm":
        """Only the ways this meeting can be attended."""
        allowed = {"in_person": ("attending_in_room",), "off_site": ("attending_in_room",),
                   "virtual": ("attending_online",)}.get(meeting_format,
                   ("attending_in_room", "attending_online"))  # fmt: skip
        self.reply.choices = [(key, REPLY_CHOICES[key]) for key in (*allowed, "apologies")]
        return self


class ReportForm(FlaskForm):
    report = FileField(
        "Your report",
        description="A PDF or Word document (.pdf, .docx or .doc), at most 10 MB.",
        widget=GovFileInput(),
    )
    upload = SubmitField("Upload the report", widget=GovSubmitInput())
