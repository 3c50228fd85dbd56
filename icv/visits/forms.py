"""The visit report form: one short section per page, each a form of its own.

Every section takes the same ``context`` (choices, today, the outcome chosen in the first
section, the delay threshold), so a section can be checked on its own or with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from flask import current_app
from flask_babel import get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import Field, SelectField, StringField
from wtforms.validators import InputRequired, Optional, ValidationError

from icv.applications.forms import NO_NAMES
from icv.forms import DateInputField, Select, add_field_error, long_text, radios, text
from icv.i18n import in_language, wtforms_messages
from icv.text import Problem
from icv.visits.rules import AUTHORISING_RANKS, Mode, Outcome, visit_date_problem
from icv.visits.section_rules import (
    REQUIRED,
    TEXTS,
    TIME_SUBJECTS,
    VISIT_DATE_LABEL,
    times_problems,
    visit_problems,
    visitors_problems,
)
from icv.visits.times import time_read


class Choices(Protocol):
    """What a report names, read when a form first asks (``choices.Choices``)."""

    #: (id, name) of the suites a report can be for
    suites: list[tuple[str, str]]
    #: (volunteer id, name) of the visitors who can be chosen
    volunteers: list[tuple[str, str]]
    #: The filer's own volunteer id when they file as one of the visitors, else None.
    filer_volunteer_id: int | None


class CheckSource(Protocol):
    """The checks a report is asked, read when a form first asks (``sections.ReportChecks``)."""

    checks: tuple
    check_set_id: int | None


@dataclass(frozen=True)
class FormContext:
    today: date
    choices: Choices
    #: The outcome chosen in the first section (None until it is answered).
    outcome: str | None
    delay_threshold: int
    categories: dict[str, str]
    #: (suite id, date) -> why a report of that visit cannot be sent (one was already), or
    #: None; not set for a correction.
    already_sent: Callable[[int, date], str | None] | None = None
    #: The date given in the first section (None until it is answered): times are read on it.
    visit_date: date | None = None
    #: Whether the first section says someone held under the Terrorism Act was visited.
    tact_visited: bool = False
    #: The visitors the report names (volunteer ids), once its visitors section is answered.
    visitor_ids: frozenset[int] | None = None
    #: (day, visitor ids) -> why they could not visit TACT detainees that day (no visitor's
    #: TACT training in date), or None.
    tact_problem: Callable[[date, frozenset[int]], str | None] | None = None
    #: The structured checks asked and their version, read when a form first asks
    #: (``sections.ReportChecks``); None: no checks (a report from before them).
    check_source: CheckSource | None = None
    #: The people spoken with, as the people section gives them (a check counts no more).
    spoken: int | None = None
    #: "en" or "cy": the words of the checks.
    language: str = "en"
    #: The forms only check the answers (a send, a section saved), never shown: no empty
    #: boxes for one more note or issue (a form with problems is built again to be shown).
    checking_only: bool = False
    #: A visit not made or stopped must say why; not when correcting a record kept without a
    #: reason (the historical import has none), which the office need not invent.
    reason_required: bool = True
    #: The time now (aware), for times not yet come; None: not checked.
    now: datetime | None = None

    @property
    def suites(self) -> list[tuple[str, str]]:
        return self.choices.suites

    @property
    def checks(self) -> tuple:
        """The structured checks asked (check_rules.CheckDef); none for an old report."""
        return self.check_source.checks if self.check_source else ()

    @property
    def check_set_id(self) -> int | None:
        """The version of the checks asked; None until one is stored, or for an old report."""
        return self.check_source.check_set_id if self.check_source else None

    @property
    def volunteers(self) -> list[tuple[str, str]]:
        return self.choices.volunteers

    @property
    def filer_volunteer_id(self) -> int | None:
        return self.choices.filer_volunteer_id


class SectionForm(FlaskForm):
    """A section of the report: built with the report's context."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            locale = get_locale()
            if locale is None or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_messages(str(locale))

    #: Extra GOV.UK parameters per field, used by the templates.
    params: dict = {}

    def __init__(self, *args, context: FormContext, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.context = context

    def attach(self, problems: dict[str, str]) -> bool:
        """Show each problem next to its field; True if there were none."""
        for name, message in problems.items():
            add_field_error(self, self[name], in_language(message))
        return not problems


class TimeField(StringField):
    """A time of day in a plain text box: 19:05 (also 1905, 19.05, 7:05pm). Not the browser's
    time picker, which shows 19:05 as "07:05" on a phone set to a 12-hour clock, the AM/PM
    hidden by the narrow box. What was typed is shown again as typed."""

    widget = GovTextInput()

    def __init__(self, label: str, subject: str, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.subject = subject

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip()
        self.raw_data = [raw]
        self.data = None
        try:
            self.data = time_read(raw, self.subject)
        except ValueError as problem:
            raise ValueError(in_language(problem.args[0])) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%H:%M}" if self.data else ""


def words(problem: Problem) -> LazyString:
    """A rule's words (``section_rules``: a label, a required field's message), written in
    the reader's language when shown: the form and the rules say the same."""
    return LazyString(in_language, problem)


def text_answer(name: str, **kwargs) -> Field:
    """A text answer with its label, its most characters and its kind (one line or a
    paragraph) from the rules (``section_rules.TEXTS``)."""
    label, limit, one_line = TEXTS[name]
    return (text if one_line else long_text)(words(label), limit, **kwargs)


def select(label: str, **kwargs) -> SelectField:
    return Select(label, widget=GovSelect(), choices=[], validate_choice=False, **kwargs)


def no_names(hint: str = "") -> LazyString:
    """A hint ending with the warning not to name anyone held, in the reader's language."""
    return LazyString(lambda: f"{hint} {NO_NAMES}".strip())


def shown(words: dict[str, str]) -> list[tuple[str, LazyString]]:
    """Choices from a pure module's English words (marked there with ``N_``), translated
    when the page is drawn."""
    return [(value, _l(label)) for value, label in words.items()]


#: Yes and no to "Did you ...?": Welsh answers a question in the past "Do" or "Naddo", not
#: the "Ydw" of the application's questions about the applicant.
DID_YOU = [("yes", lazy_pgettext("did you", "Yes")), ("no", lazy_pgettext("did you", "No"))]
#: Yes and no to whether something is so ("CCTV working"): "Ydy" or "Nac ydy" in Welsh.
IS_IT = {"yes": lazy_pgettext("is it", "Yes"), "no": lazy_pgettext("is it", "No")}

#: A number keypad where the phone has one (1905 is read as 19:05); no browser time picker.
TIME = {
    "inputmode": "numeric",
    "autocomplete": "off",
    "spellcheck": False,
    "classes": "govuk-input--width-5",
}
NUMBER = {"inputmode": "numeric", "classes": "govuk-input--width-3", "spellcheck": False}


class VisitForm(SectionForm):
    params = {"staff_on_duty": {"spellcheck": False}}
    suite_id = radios(
        _l("Which custody suite did you visit?"),
        [],
        validators=[InputRequired(message=words(REQUIRED["suite_id"]))],
    )
    visit_date = DateInputField(
        words(VISIT_DATE_LABEL),
        description=_l("For example, 27 3 2026"),
        required_message=words(REQUIRED["visit_date"]),
    )
    mode = radios(
        _l("How did you visit?"),
        shown({m.value: m.label for m in Mode}),
        validators=[InputRequired(message=words(REQUIRED["mode"]))],
    )
    outcome = radios(
        _l("How did the visit end?"),
        shown({o.value: o.label for o in Outcome}),
        validators=[InputRequired(message=words(REQUIRED["outcome"]))],
    )
    outcome_reason = text_answer(
        "outcome_reason", description=no_names(_l("Leave this empty if the visit was completed."))
    )
    tact_visited = radios(
        _l("Did you visit anyone held under the Terrorism Act?"),
        DID_YOU,
        description=_l(
            "A copy of the report then goes to the Independent Reviewer of Terrorism Legislation."
        ),
        validators=[InputRequired(message=words(REQUIRED["tact_visited"]))],
    )
    staff_on_duty = text_answer(
        "staff_on_duty",
        description=no_names(_l("Their role or rank, for example custody sergeant.")),
    )

    def __init__(self, *args, context: FormContext, **kwargs) -> None:
        super().__init__(*args, context=context, **kwargs)
        self.suite_id.choices = context.suites

    def validate_visit_date(self, field: DateInputField) -> None:
        if problem := visit_date_problem(field.data, self.context.today):
            raise ValidationError(in_language(problem))

    def validate(self, extra_validators=None) -> bool:
        # As the times: every problem the volunteer can mend in one save (``visit_problems``).
        valid = super().validate(extra_validators)
        names = ("suite_id", "visit_date", "outcome", "outcome_reason", "tact_visited")
        read = {name: self[name].data for name in names}
        unread = {name for name in names if self[name].errors}
        return self.attach(visit_problems(read, self.context, unread)) and valid


class TimesForm(SectionForm):
    params = {
        "arrived_at": TIME,
        "admitted_at": TIME,
        "left_at": TIME,
    }
    arrived_at = TimeField(
        _l("Time you arrived at the suite"),
        TIME_SUBJECTS["arrived_at"],
        description=_l("For example, 19:05"),
        validators=[InputRequired(message=words(REQUIRED["arrived_at"]))],
    )
    admitted_at = TimeField(
        _l("Time you were let into the custody area"),
        TIME_SUBJECTS["admitted_at"],
        description=_l("For example, 19:20. Leave empty if you were not let in."),
        validators=[Optional()],
    )
    left_at = TimeField(
        _l("Time you left"),
        TIME_SUBJECTS["left_at"],
        description=_l(
            "For example, 20:45. If you left after midnight, enter the time after "
            "midnight, like 00:45."
        ),
        validators=[InputRequired(message=words(REQUIRED["left_at"]))],
    )
    delay_reason = text_answer(
        "delay_reason",
        description=no_names(
            _l("Only if you waited to be let in. What did custody staff tell you?")
        ),
    )
    delay_authorised_by = radios(
        _l("Who authorised the delay?"),
        shown(AUTHORISING_RANKS),
        description=_l(
            "Only if you waited to be let in. The Code of Practice says an inspector or "
            "above must authorise any delay."
        ),
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        # The rules across boxes run beside the boxes' own problems, skipping those that read
        # a box with one (``times_problems``): every problem the volunteer can mend in one save.
        valid = super().validate(extra_validators)
        unread = {name for name, field in self._fields.items() if field.errors}
        return self.attach(times_problems(self.data, self.context, unread)) and valid


class VisitorsForm(SectionForm):
    visitor_1 = select(_l("Visitor"))
    visitor_2 = select(_l("Second visitor"), description=_l("Visits are made in pairs."))

    def __init__(self, *args, context: FormContext, **kwargs) -> None:
        super().__init__(*args, context=context, **kwargs)
        self.visitor_1.choices = [("", _("Choose a visitor")), *context.volunteers]
        self.visitor_2.choices = [("", _("No second visitor")), *context.volunteers]

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        first, second = self.visitor_1.data, self.visitor_2.data
        return self.attach(visitors_problems(first, second, self.context)) and not self.errors
