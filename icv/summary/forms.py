"""Forms of the summary pages: choosing a period, the narrative, sign-off, API tokens and
custody throughput."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect
from wtforms.validators import InputRequired, NumberRange

from icv.forms import (
    Select,
    WholeNumberField,
    add_field_error,
    long_text,
    options,
    radios,
    submit,
    text,
)
from icv.summary.rules import Basis, Records, SummaryInputError
from icv.summary.services import NARRATIVE_LIMIT, TOKEN_DAYS

QUARTERS = [("", "The whole year"), *((str(q), f"Quarter {q}") for q in range(1, 5))]


class PeriodForm(FlaskForm):
    """Which period to show, among those with records. Sent with GET; checked by
    ``rules.parse_period``, not WTForms, so the page, the CLI and the API refuse the same things
    with the same words."""

    class Meta:
        csrf = False

    year = Select("Year", choices=[], widget=GovSelect(), validate_choice=False)
    basis = radios("Year runs from", [(b.value, b.label) for b in Basis])
    quarter = Select(
        "Quarter", choices=options(QUARTERS), widget=GovSelect(), validate_choice=False
    )

    def __init__(self, *args, years: list[tuple[int, str]], records: Records, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the years with records are offered, the latest first.
        self.year.choices = [(str(year), label) for year, label in reversed(years)]
        hint = "For April to March, the year it starts in: 2025 for 2025/26."
        if records.begin:
            hint += f" Records begin in {records.begin:%B %Y}."
        self.year.description = hint

    def show(self, problem: SummaryInputError) -> None:
        add_field_error(self, getattr(self, problem.field), problem.message)


class NarrativeForm(FlaskForm):
    narrative = long_text(
        "Narrative for the Panel",
        NARRATIVE_LIMIT,
        description="A short account of the year: what the visitors found, what changed and "
        "what is still open. Do not name anyone held in custody or any visitor.",
    )
    submit = submit("Save narrative")


class SignOffForm(FlaskForm):
    submit = submit("Sign off these figures")


class TokenForm(FlaskForm):
    name = text(
        "What is the token for?",
        80,
        "Enter what the token is for",
        description="For example, the Panel papers spreadsheet. It helps you tell tokens apart.",
    )
    days = radios(
        "How long should it work?",
        [("30", "30 days"), ("90", "90 days"), (str(TOKEN_DAYS), "One year")],
        default=str(TOKEN_DAYS),
    )
    submit = submit("Create token")


class RevokeForm(FlaskForm):
    submit = submit("Revoke")


class ThroughputForm(FlaskForm):
    """One suite's people booked in for one calendar quarter, as the force gave it."""

    suite_id = Select(
        "Custody suite",
        choices=[],
        widget=GovSelect(),
        validators=[InputRequired(message="Select the custody suite")],
    )
    quarter = Select(
        "Quarter",
        choices=[],
        widget=GovSelect(),
        validators=[InputRequired(message="Select the quarter")],
    )
    booked_in = WholeNumberField(
        "People booked into custody in the quarter",
        subject="The number booked in",
        validators=[
            InputRequired(message="Enter the number of people booked in"),
            NumberRange(min=0, max=1_000_000, message="Enter a number from 0 to 1,000,000"),
        ],
    )
    submit = submit("Save the figure")

    def __init__(self, *args, suites: list[tuple[int, str]], quarters: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suite_id.choices = options([("", "Choose a suite"), *suites])
        self.quarter.choices = options([("", "Choose a quarter"), *quarters])


class ThroughputFileForm(FlaskForm):
    file = FileField(
        "A CSV file with the columns suite, quarter_start, booked_in",
        description="quarter_start is the quarter's first day, like 2025-04-01. One line per "
        "suite and quarter; a figure given before is replaced.",
        widget=GovFileInput(),
        validators=[FileRequired(message="Choose a CSV file")],
    )
    upload = submit("Read the file")
