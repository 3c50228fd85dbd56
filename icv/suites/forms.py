"""The coordinator's forms for custody suites and their temporary closures."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from icv.forms import Checkboxes, DateInputField, WholeNumberField, long_text, radios, submit, text


def optional_email(label: str, description: str) -> StringField:
    return StringField(
        label,
        description=description,
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=254, message="The email address must be 254 characters or fewer"),
            Email(
                message="Enter the email address in the correct format, like "
                "custody.office@police.example",
                check_deliverability=False,  # no network look-ups
            ),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )


class SuiteForm(FlaskForm):
    name = text("Name", 120, required="Enter the suite's name")
    address = long_text("Address", 300)
    email = optional_email(
        "Email address of the custody office (optional)",
        "Issues raised at this suite can be sent here when the force has no custody liaison "
        "account for it. Use the office's shared mailbox rather than one person's.",
    )
    inspector_name = text("Custody inspector's name (optional)", 120)
    inspector_email = optional_email(
        "Custody inspector's email address (optional)",
        "The second step of the escalation ladder: an issue the custody sergeant does not "
        "answer in time comes here, and so does the force's copy of each report if the scheme "
        "sends one. Without it, the suite's custody liaison accounts are used.",
    )
    senior_name = text("Chief inspector's or superintendent's name (optional)", 120)
    senior_email = optional_email(
        "Chief inspector's or superintendent's email address (optional)",
        "The third step: an issue the custody inspector does not answer in time comes here.",
    )
    visits_per_week = WholeNumberField(
        "Visits a week",
        subject="Visits a week",
        description="Pair visits to aim for each week. Enter 0 for a reserve suite that is "
        "visited only while it is in use.",
        validators=[
            InputRequired(message="Enter the number of visits a week"),
            NumberRange(min=0, max=7, message="Enter a number of visits a week from 0 to 7"),
        ],
    )
    bands = Checkboxes(
        "Times of day it may be visited",
        description="Visits are planned only in the times you select.",
        choices=[],
        validators=[InputRequired(message="Select at least one time of day")],
    )
    is_active = radios(
        "Is the suite in use?",
        [("yes", "Yes"), ("no", "No, closed for good (it keeps its history)")],
        validators=[InputRequired(message="Select whether the suite is in use")],
    )
    tact = radios(
        "Does it hold people under the Terrorism Act (TACT)?",
        [("no", "No"), ("yes", "Yes, a TACT suite")],
        description="Every visit to a TACT suite is planned with a visitor whose TACT training "
        "is in date on the day.",
        default="no",  # not named holds_tact, so the suite (obj=) does not fill it with a bool
    )
    submit = submit("Save suite")

    def __init__(self, *args, bands: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bands.choices = bands


class ClosureForm(FlaskForm):
    starts_on = DateInputField(
        "First day closed", subject="The first day", required_message="Enter the first day closed"
    )
    ends_on = DateInputField(
        "Last day closed", subject="The last day", required_message="Enter the last day closed"
    )
    reason = text("Reason", 200, description="For example, refurbishment.")
    submit = submit("Add closure")

    def validate_ends_on(self, field: DateInputField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day must be on or after the first day")
