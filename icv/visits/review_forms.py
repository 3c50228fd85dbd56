"""Forms after a report is sent: the partner's confirmation, the coordinator's review queue,
corrections, the TACT copy, the issue loop and the visit report settings."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovTextArea,
)
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.forms import (
    DateInputField,
    DayRangeFilter,
    Select,
    WholeNumberField,
    add_field_error,
    labels,
    long_text,
    options,
    radios,
    submit,
    text,
)
from icv.visits.forms import no_names
from icv.visits.issue_rules import Route, sent_on_problem


class ReviewFilterForm(DayRangeFilter):
    suite = Select("Suite", widget=GovSelect(), validators=[Optional()])
    unreviewed = BooleanField("Not reviewed yet", widget=GovCheckboxInput())
    has_issues = BooleanField("Raised issues", widget=GovCheckboxInput())
    serious = BooleanField("Raised an urgent or serious issue", widget=GovCheckboxInput())


class ConfirmForm(FlaskForm):
    comments = long_text(
        _l("Your comments (optional)"),
        2000,
        description=no_names(_l("Anything you would add or put differently.")),
    )
    submit = submit(_l("Confirm the report"))


class ReasonForm(FlaskForm):
    reason = long_text(
        "Why are you correcting the report?",
        500,
        required="Say why the report is being corrected",
        description=no_names(
            "Kept with the earlier version, for example: the visitors asked to correct the "
            "time they left."
        ),
    )


class TactCopyForm(FlaskForm):
    sent_on = DateInputField(
        "Date the copy was sent",
        description="For example, 27 3 2026",
        required_message="Enter the date the copy was sent",
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_sent_on(self, field: DateInputField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError("The date the copy was sent must be today or in the past")


def note_field(label: str, required: str | None, description: str = "") -> TextAreaField:
    return long_text(label, 2000, required=required, description=description)


HOW_SENT_MISSING = "Say how it was sent: by phone, letter or email"


class SendForm(FlaskForm):
    """Triage (category and seriousness) and how the issue goes to the force. Saving the triage
    alone (``sending=False``) checks only the first two fields."""

    category = Select("Category", widget=GovSelect(), choices=[])
    is_serious = BooleanField(
        "Serious: a finding of significance, counted as a serious issue in the Panel's report",
        description="Whether the visitors marked it urgent does not decide this.",
        widget=GovCheckboxInput(),
    )
    route = radios("How does it go to the force?", [], validators=[Optional()])
    sent_on = DateInputField(
        "Date it was sent", subject="The date it was sent", description="For example, 27 3 2026"
    )
    sent_how = text(
        "How it was sent",
        200,
        description="For example, by phone to the custody inspector, or by letter.",
    )
    note = note_field(
        "Message to the force (optional)",
        None,
        "Sent with the issue by email, or kept with it when sent outside icv. " + no_names(),
    )

    def __init__(
        self,
        *args,
        categories: dict[str, str],
        current: str | None = None,
        routes: dict[str, str] | None = None,
        raised_on: date | None = None,
        today: date | None = None,
        sending: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = list(categories.items())
        if current and current not in categories:  # a historical category, kept as given
            self.category.choices.append((current, current))
        self.route.choices = options(routes or {})
        self.raised_on, self.today, self.sending = raised_on, today, sending

    def validate(self, extra_validators=None) -> bool:
        # The route's questions depend on one another, so they are checked here; a question
        # that does not apply (saving the triage alone, or sent by email) is not held against
        # the form, whatever was typed in it.
        super().validate(extra_validators)
        if self.sending:
            self.check_route()
        asked = self.asked()
        for field in self:
            if field.short_name not in asked:
                field.errors = []
        self._errors = None
        return not self.errors

    def asked(self) -> set[str]:
        triage = {"csrf_token", "category", "is_serious"}
        if not self.sending:
            return triage
        outside = {"sent_on", "sent_how"} if self.route.data == Route.OUTSIDE else set()
        return triage | {"route", "note"} | outside

    def check_route(self) -> None:
        if self.route.data not in labels(self.route):
            self.route.errors = ["Select how the issue goes to the force"]
        elif self.route.data == Route.OUTSIDE:
            problem = sent_on_problem(self.sent_on.data, self.raised_on, self.today)
            if problem and not self.sent_on.errors:
                add_field_error(self, self.sent_on, problem)
            if not self.sent_how.data and not self.sent_how.errors:
                add_field_error(self, self.sent_how, HOW_SENT_MISSING)


class RespondForm(FlaskForm):
    response = note_field(
        "The force's response",
        "Enter the force's response",
        "What the force has done or will do about it. " + no_names(),
    )


class EscalateForm(FlaskForm):
    note = note_field(
        "Why, and to whom, you are escalating it",
        "Say why you are escalating the issue",
        no_names(),
    )


class CloseForm(FlaskForm):
    note = note_field("How it was resolved", "Say how the issue was resolved", no_names())
    resolved_on = DateInputField(
        "Date resolved",
        description="For example, 27 3 2026",
        required_message="Enter the date the issue was resolved",
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_resolved_on(self, field: DateInputField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError("The date resolved must be today or in the past")


class VisitSettingsForm(FlaskForm):
    delay_threshold_minutes = WholeNumberField(
        "Longest wait to be let in without an explanation (minutes)",
        subject="The longest wait",
        description="A longer wait needs a reason and the rank that authorised it.",
        validators=[InputRequired(message="Enter the longest wait in minutes")],
    )
    issue_categories = TextAreaField(
        "Issue categories",
        description="One per line, as short name: label. Each issue keeps the short name, so "
        "change only the label to rename a category.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter at least one category"), Length(max=4000)],
    )
    submit = submit("Save settings")

    def validate_delay_threshold_minutes(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= 240:
            raise ValidationError("The longest wait must be between 0 and 240 minutes")

    def validate_issue_categories(self, field: TextAreaField) -> None:
        try:
            field.categories = parse_categories(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


def parse_categories(text: str) -> list[dict[str, str]]:
    """Lines of "short name: label" (a line without a short name gets one from its label)."""
    categories: list[dict[str, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        short, colon, label = line.partition(":")
        label = " ".join((label if colon else short).split())
        short = "_".join((short if colon else label).lower().split())
        if not short or not label or len(short) > 60 or len(label) > 80:
            raise ValueError(f"Line {n}: write a short name and a label, like food: Food and drink")
        if any(c["id"] == short for c in categories):
            raise ValueError(f"Line {n}: the short name {short} is used twice")
        categories.append({"id": short, "label": label})
    if not categories:
        raise ValueError("Enter at least one category")
    return categories


def categories_text(categories: list[dict[str, str]]) -> str:
    return "\n".join(f"{c['id']}: {c['label']}" for c in categories)


class PanelForm(FlaskForm):
    """The coordinator's findings for the Panel's report, at any stage of the issue: serious
    or not, and whether it is one of the Panel's "you said, we did" with what the force did."""

    is_serious = BooleanField(
        "Serious: a finding of significance, counted as a serious issue in the Panel's report",
        widget=GovCheckboxInput(),
    )
    for_panel = BooleanField(
        "Show it in the Panel's report as \u201cyou said, we did\u201d", widget=GovCheckboxInput()
    )
    panel_text = text(
        "What the force did, in a sentence",
        500,
        description="Printed in the annual summary beside the issue's category and suite. "
        + no_names(),
    )

    def validate(self, extra_validators=None) -> bool:
        # Checked here, not in validate_panel_text: the box is optional, and an optional
        # field's own checks stop when it is empty.
        valid = super().validate(extra_validators)
        if self.for_panel.data and not (self.panel_text.data or "").strip():
            self.panel_text.errors = [
                *self.panel_text.errors,
                "Say in a sentence what the force did, for the Panel's report",
            ]
            self._errors = None
            return False
        return valid
