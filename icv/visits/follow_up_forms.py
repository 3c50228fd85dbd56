"""The administrator's settings for following issues up: the escalation ladder's response
targets, where the Commissioner's meeting is told, the force's copy of reports, and the ICVA
theme of each issue category."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from icv.forms import WholeNumberField, radios, submit
from icv.settings.defaults import ICVA_THEMES
from icv.suites.forms import optional_email
from icv.visits.issue_rules import LADDER


def days_field(label: str) -> WholeNumberField:
    return WholeNumberField(
        label,
        subject=label,
        validators=[
            InputRequired(message=f"Enter the days for: {label.lower()}"),
            NumberRange(min=0, max=365, message="Enter a number of days from 0 to 365"),
        ],
    )


class FollowUpSettingsForm(FlaskForm):
    sergeant = days_field(LADDER[0].label)
    inspector = days_field(LADDER[1].label)
    senior = days_field(LADDER[2].label)
    commissioner = days_field(LADDER[3].label)
    commissioner_meeting_email = optional_email(
        "Email address for the Commissioner's holding-to-account meeting (optional)",
        "Told of each issue that climbs to the meeting, for its next agenda.",
    )
    force_copy = radios(
        "Send the custody inspector a copy of each report when it is reviewed?",
        [("yes", "Yes, with no visitor named"), ("no", "No")],
        validators=[InputRequired(message="Select yes or no")],
    )
    icva_themes = TextAreaField(
        "ICVA theme of each issue category",
        description="One per line, as category short name: theme. Themes: "
        + ", ".join(ICVA_THEMES)
        + ". A category not listed counts as other.",
        widget=GovTextArea(),
        validators=[Length(max=4000)],
    )
    submit = submit("Save settings")

    def validate_icva_themes(self, field: TextAreaField) -> None:
        try:
            field.themes = parse_themes(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


def parse_themes(text: str) -> dict[str, str]:
    """Lines of "category: theme" as category -> theme, each theme one ICVA has."""
    themes: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        category, colon, theme = (part.strip() for part in line.partition(":"))
        if not colon or not category:
            raise ValueError(f"Line {n}: write the category's short name, a colon, then a theme")
        if theme not in ICVA_THEMES:
            raise ValueError(f"Line {n}: {theme or 'nothing'} is not one of ICVA's themes")
        themes[category] = theme
    return themes


def themes_text(themes: Mapping[str, str]) -> str:
    return "\n".join(f"{category}: {theme}" for category, theme in themes.items())
