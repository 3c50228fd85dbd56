"""The coordinator's forms for training, meetings, the memorandum and reviews, and the
volunteer's agreement to the memorandum."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from icv.forms import (
    Checkboxes,
    DateInputField,
    WholeNumberField,
    long_text,
    options,
    radios,
    submit,
    text,
)
from icv.training.models import Attendance, RequiredFor


def held_on(label: str = "Date") -> DateInputField:
    return DateInputField(
        label, description="For example, 27 3 2026", required_message=f"Enter the {label.lower()}"
    )


class KindForm(FlaskForm):
    name = text("Name of the course", 120, required="Enter the name of the course")
    valid_months = WholeNumberField(
        "Months it stays in date (optional)",
        subject="Months in date",
        description="For example, 36 for Terrorism Act training. Leave empty if it never runs out.",
        validators=[
            Optional(),
            NumberRange(min=1, max=240, message="Enter a number of months from 1 to 240"),
        ],
    )
    required_for = radios(
        "Who needs it in date?",
        [(r.value or "none", r.label) for r in RequiredFor],
        validators=[InputRequired(message="Select who needs this course")],
    )
    submit = submit("Add the course")


class SessionForm(FlaskForm):
    kind = radios("Course", [], validators=[InputRequired(message="Select the course")])
    held_on = held_on("Date of the course")
    place = text("Place", 200, required="Enter where the course was held")
    attendees = Checkboxes("Who attended", coerce=int, choices=[])
    submit = submit("Record the course")

    def __init__(
        self, *args, kinds: list[tuple[str, str]], volunteers: list[tuple[int, str]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.kind.choices = kinds
        self.attendees.choices = volunteers

    def validate_attendees(self, field) -> None:
        if not field.data:
            raise ValidationError("Select who attended")


class CompletionForm(FlaskForm):
    kind = radios("Course", [], validators=[InputRequired(message="Select the course")])
    completed_on = held_on("Date completed")
    submit = submit("Record training")

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kinds


class MeetingForm(FlaskForm):
    title = text(
        "Meeting",
        120,
        required="Enter what the meeting was",
        description="For example, Panel meeting (spring)",
    )
    held_on = held_on("Date of the meeting")
    place = text("Place (optional)", 200)
    submit = submit("Add the meeting")


#: The attendance answers: came, sent apologies, or neither.
ATTENDANCE_CHOICES = [(a.value, a.label) for a in Attendance] + [("absent", "Neither")]


class MemorandumForm(FlaskForm):
    version = text("Version", 20, required="Enter the version, for example 2027-1")
    text = long_text("Text of the memorandum", 20000, required="Enter the text of the memorandum")
    submit = submit("Publish and ask every volunteer to sign")


class SignForm(FlaskForm):
    agree = Checkboxes(
        _l("Your agreement"),
        choices=options([("yes", _l("I have read and agree to the memorandum of understanding"))]),
    )
    submit = submit(_l("Sign the memorandum"))

    def validate_agree(self, field) -> None:
        if field.data != ["yes"]:
            raise ValidationError(_("Tick the box to say you have read and agree"))


class ReviewForm(FlaskForm):
    done_on = held_on("Date of the review")
    notes = long_text("Notes (optional)", 4000, description="Do not name anyone held in custody.")
    submit = submit("Record the review")
