"""The coordinator's forms for a volunteer's record."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from icv.applications.staff_forms import VettingDatesForm
from icv.forms import (
    Checkboxes,
    Select,
    WholeNumberField,
    long_text,
    radios,
    submit,
    text,
)
from icv.volunteers.models import VolunteerStatus
from icv.volunteers.rules import STATUS_MOVES


class StatusForm(FlaskForm):
    status = radios("New status", [], validators=[InputRequired(message="Select the new status")])
    reason = long_text(
        "Reason", 1000, required="Give the reason for the change", description="Kept in the record."
    )
    submit = submit("Change status")

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [
            (status, VolunteerStatus(status).label) for status in STATUS_MOVES.get(current, ())
        ]


class VolunteerVettingForm(VettingDatesForm):
    submit = submit("Save vetting")


class RecordForm(FlaskForm):
    probation_visits_before = WholeNumberField(
        "Accompanied visits made on probation before their reports were kept in icv",
        subject="Accompanied visits",
        description="Visits with a report filed in icv are counted from the reports: do not "
        "add them here.",
        validators=[
            Optional(),
            NumberRange(min=0, max=99, message="Enter a number of visits from 0 to 99"),
        ],
    )
    notes = long_text("Notes", 4000, description="Do not name anyone held in custody.")
    submit = submit("Save record")


class PanelsForm(FlaskForm):
    suites = Checkboxes("Custody suites they visit", coerce=int, choices=[])
    submit = submit("Save panels")

    def __init__(self, *args, suites: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suites.choices = suites


class RenewForm(FlaskForm):
    review = long_text(
        "Outcome of the review",
        2000,
        required="Record the outcome of the review",
        description="For example, the date of the review meeting and who took part.",
    )
    submit = submit("Re-appoint for a further term")


class LimitsForm(FlaskForm):
    max_per_month = WholeNumberField(
        "Most visits a month",
        subject="Most visits a month",
        description="Leave blank for the scheme's usual limit.",
        validators=[
            Optional(),
            NumberRange(min=1, max=20, message="Enter a number of visits from 1 to 20"),
        ],
    )
    avoided = Checkboxes(
        "Suites to keep them away from",
        description="For example, where a relative works. They are never rostered there.",
        coerce=int,
        choices=[],
    )
    submit = submit("Save rota limits")

    def __init__(self, *args, suites: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.avoided.choices = suites


class PairForm(FlaskForm):
    other = Select(
        "Never pair them with",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the volunteer")],
    )
    reason = text("Why (only coordinators see this)", 200)
    submit = submit("Add pair to avoid")

    def __init__(self, *args, others: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.other.choices = [(0, "Choose a volunteer"), *others]

    def validate_other(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Select the volunteer")
