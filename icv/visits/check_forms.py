"""The "What you checked" section: the structured checks of the report's check set, each theme's
free text and the overall rating; and the admin's form to add a check.

The section's fields depend on the version of the checks (data, not code), so its form class
is made per version (``checks_form``) and kept: the same version always gets the same class.
"""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import InputRequired, Optional, ValidationError

from icv.forms import WholeNumberField, radios, text
from icv.visits.check_rules import (
    KEY_LENGTH,
    NOT_CHECKED,
    THEME_NOTES_HINTS,
    THEMES,
    THEMES_CY,
    CheckDef,
    Kind,
    Rating,
    by_theme,
    field_name,
    key_problem,
)
from icv.visits.forms import IS_IT, NUMBER, SectionForm, no_names, shown, text_answer
from icv.visits.section_rules import check_answers, checks_problems, count_subject

YES_NO_NOT_CHECKED = [*IS_IT.items(), (NOT_CHECKED, _l("Not checked"))]
#: A count check's box: the number keypad, narrow.
COUNT_PARAMS = NUMBER
#: A yes/no check: small radios on one line ("Not checked" is chosen until changed).
YES_NO_PARAMS = {"classes": "govuk-radios--small govuk-radios--inline"}


def notes(theme: str):
    """A theme's free text (the notes kept since before the structured checks)."""
    return text_answer(f"{theme}_notes", description=no_names(_l(THEME_NOTES_HINTS[theme])))


class ChecksForm(SectionForm):
    """Built by ``checks_form``: the fields ``check_<key>`` come from the check set."""

    #: (theme, legend, [(check, field name)]) in the order shown; set per version.
    themes: list = []

    def answers(self) -> dict[str, str | int]:
        """The checks answered: a count, or yes or no (``section_rules.check_answers``)."""
        asked = [check for _theme, _legend, checks in self.themes for check, _name in checks]
        return check_answers(asked, self.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = checks_problems(self.answers(), self.rating.data, self.context)
        return self.attach(problems) and valid


def check_field(check: CheckDef, language: str) -> Field:
    label, hint = check.label_in(language), check.hint_in(language)
    if check.kind == Kind.COUNT:
        return WholeNumberField(label, subject=count_subject(check, language), description=hint)
    return radios(
        label,
        YES_NO_NOT_CHECKED,
        default=NOT_CHECKED,
        description=hint,
        validators=[Optional()],
    )


@lru_cache(maxsize=64)
def form_class(checks: tuple[CheckDef, ...], language: str) -> type[ChecksForm]:
    """The section's form for a version of the checks. Fields are made in the order they are
    shown (each theme's checks, then its notes; the rating last), so the error summary lists
    the problems in that order too."""
    names = THEMES_CY if language == "cy" else THEMES
    grouped = by_theme(checks)
    fields, themes = {}, []
    for theme in THEMES:
        found = grouped.get(theme, [])
        if found:
            themes.append((theme, names[theme], [(c, field_name(c.key)) for c in found]))
        fields |= {field_name(c.key): check_field(c, language) for c in found}
        fields[f"{theme}_notes"] = notes(theme)
    fields["rating"] = radios(
        _l("Overall, how did you find the custody suite?"),
        shown({r.value: r.label for r in Rating}),
        validators=[Optional()],
    )
    return type("ChecksForm", (ChecksForm,), {**fields, "themes": themes})


def checks_form(*args, context, **kwargs) -> ChecksForm:
    """The checks section's form for the context's version of the checks."""
    return form_class(tuple(context.checks), context.language)(*args, context=context, **kwargs)


class AddCheckForm(FlaskForm):
    """The admin adds a check (a new version of the checks)."""

    theme = radios(
        _l("Theme"),
        list(THEMES.items()),
        validators=[InputRequired(message=_l("Select the theme of the check"))],
    )
    kind = radios(
        _l("How is it answered?"),
        [(k.value, k.label) for k in Kind],
        validators=[InputRequired(message=_l("Select how the check is answered"))],
    )
    key = text(
        _l("Key"),
        KEY_LENGTH,
        _l("Enter a key for the check"),
        description=_l(
            "Used in the summary, exports and imports; never changes. Lower case "
            "letters, digits and underscores, for example held_overnight."
        ),
    )
    label = text(_l("Question in English"), 200, _l("Enter the question in English"))
    hint = text(_l("Hint in English (optional)"), 300)
    label_cy = text(_l("Question in Welsh"), 200, _l("Enter the question in Welsh"))
    hint_cy = text(_l("Hint in Welsh (optional)"), 300)

    def __init__(self, *args, taken: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def validate_key(self, field) -> None:
        if problem := key_problem(field.data or "", self.taken):
            raise ValidationError(problem)

    def check(self) -> CheckDef:
        return CheckDef(
            key=self.key.data,
            theme=self.theme.data,
            kind=self.kind.data,
            label=self.label.data,
            hint=self.hint.data or "",
            label_cy=self.label_cy.data,
            hint_cy=self.hint_cy.data or "",
        )
