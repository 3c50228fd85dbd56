"""The optional equality monitoring questions, asked after an application is sent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import Optional

from icv.forms import Radios, options, submit


def choice_field(label: str, choices: list[str]) -> RadioField:
    """An optional equality question: every answer, including prefer not to say. The answers
    are stored and counted as these English words, so they are not translated here."""
    return Radios(
        label,
        widget=GovRadioInput(),
        choices=options((c, c) for c in (*choices, PREFER_NOT)),
        validators=[Optional()],
    )


PREFER_NOT = "Prefer not to say"
#: Equality questions and their answers, kept short; the answers follow ONS categories.
EQUALITY_QUESTIONS = {
    "age_band": (
        _l("Your age"),
        ["18 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"],
    ),
    "sex": (_l("Your sex"), ["Female", "Male"]),
    "ethnic_group": (
        _l("Your ethnic group"),
        [
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Another ethnic group",
        ],
    ),
    "disability": (_l("Do you consider yourself to have a disability?"), ["Yes", "No"]),
    "religion": (
        _l("Your religion or belief"),
        [
            "No religion",
            "Christian",
            "Buddhist",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Any other religion",
        ],
    ),
}


class EqualityForm(FlaskForm):
    age_band = choice_field(*EQUALITY_QUESTIONS["age_band"])
    sex = choice_field(*EQUALITY_QUESTIONS["sex"])
    ethnic_group = choice_field(*EQUALITY_QUESTIONS["ethnic_group"])
    disability = choice_field(*EQUALITY_QUESTIONS["disability"])
    religion = choice_field(*EQUALITY_QUESTIONS["religion"])
    submit = submit(_l("Send answers"))
