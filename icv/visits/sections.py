"""The report's sections in order (the wizard ``REPORT``) and the context their forms need.

Answers are kept exactly as typed (``icv.wizard``): the server draft, the phone's copy and a
correction all use them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from functools import cached_property, partial
from typing import TypeVar

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from icv.accounts.models import User
from icv.clock import local, now_utc, today_local
from icv.i18n import current_language, format_date
from icv.settings import get_settings
from icv.text import is_whole_number
from icv.training.queries import tact_trained_on
from icv.visits.check_forms import checks_form
from icv.visits.check_services import current_checks, definitions
from icv.visits.choices import Choices
from icv.visits.draft_check import report_values
from icv.visits.duplicates import duplicate_problem
from icv.visits.finding_forms import CommentsForm, IssuesForm, NotesForm
from icv.visits.forms import FormContext, TimesForm, VisitForm, VisitorsForm
from icv.visits.issue_rules import categories_from_setting
from icv.visits.models import CheckSet
from icv.visits.people_form import PeopleForm
from icv.visits.queries import own_volunteer
from icv.visits.rules import Outcome
from icv.visits.section_rules import visit_day
from icv.visits.services import visitors_to_prefill
from icv.visits.values import ReportValues
from icv.wizard import AnswerLimits, Answers, Section, Wizard

T = TypeVar("T")

SECTIONS = [
    Section("visit", _l("The visit"), VisitForm),
    Section(
        "times",
        _l("Times"),
        TimesForm,
        _l("Use the 24-hour clock, for example 19:05, or add am or pm."),
    ),
    Section("visitors", _l("Visitors"), VisitorsForm),
    Section(
        "people",
        _l("People in custody"),
        PeopleForm,
        _l(
            "Count the people in custody while you were there. Count each person once: spoken "
            "with, observed only, declined or not offered a visit. Leave a box empty for none."
        ),
    ),
    Section(
        "checks",
        _l("What you checked"),
        checks_form,
        _l(
            "For the people you spoke with, how many of them each answer is true for. Leave a "
            'box empty, or a question on "Not checked", if you did not check it.'
        ),
    ),
    Section(
        "notes",
        _l("Notes on people you saw"),
        NotesForm,
        _l(
            "Only if you want to record something about one person. Use their custody record "
            "number at most: never their name, offence, address or date of birth."
        ),
        optional=True,
    ),
    Section("issues", _l("Issues raised"), IssuesForm),
    Section("comments", _l("Good practice and comments"), CommentsForm, optional=True),
]
#: Posted fields that are not answers.
NOT_ANSWERS = frozenset({"csrf_token", "action", "reason", "submission_key"})
#: What a phone may store, so a draft stays a report and not a file store.
REPORT = Wizard(tuple(SECTIONS), NOT_ANSWERS, AnswerLimits(names=300, values=5, chars=5000))
SECTION_BY_SLUG = REPORT.by_slug
#: The sections a report may be sent without.
OPTIONAL = frozenset(section.slug for section in SECTIONS if section.optional)


def values_to_send(answers: Answers, context: FormContext) -> ReportValues | None:
    """The report's values when every section is answered well, checked by the sections'
    rules without building their forms; None when one is not (its form then says why)."""
    return report_values(answers, context, REPORT.slugs, OPTIONAL)


def first(answers: Answers, slug: str, name: str) -> str | None:
    values = answers.get(slug, {}).get(name) or [None]
    return values[0]


def named_day(answers: dict, today: date) -> date | None:
    """The day a draft's first section names, when that section accepts it (a real date, not
    still to come)."""
    return visit_day(answers.get("visit") or {}, today)


def form_context(
    filer: User,
    on_behalf: bool,
    answers: Answers,
    today: date,
    *,
    keep: Collection[int] = (),
    rota_visit_id: int | None = None,
    correcting: bool = False,
    check_set: CheckSet | None = None,
    narrow: bool = False,
    sending: bool = False,
    reason_required: bool = True,
) -> FormContext:
    """What the report's forms check against (``keep`` and ``rota_visit_id``: see
    ``Choices``). A new report is refused for a visit already reported; a correction is not
    (it is that report). A new report asks the current checks; a correction those of the
    report's ``check_set`` (none for a report from before the structured checks). A
    ``narrow`` context checks answers as well but reads only the choices they name: its
    forms are for checking, not for showing. When ``sending``, a visit already reported is
    left to ``services.submit_report``, which looks for it anyway with the suite held."""
    settings = get_settings()  # read once a request already (the session's limits)
    outcome = first(answers, "visit", "outcome")
    named = named_ids(answers) if narrow else None
    chosen_suite = first(answers, "visit", "suite_id")
    day = named_day(answers, today)
    # When sending, the choices' statement also looks for the visit on the rota it is of.
    looking_on = day if sending else None
    choices = Choices(filer, on_behalf, chosen_suite, keep, rota_visit_id, named, looking_on)
    spoken = (first(answers, "people", "spoken") or "").strip()
    return FormContext(
        # A correction keeps the report's version (none: a report from before the checks).
        check_source=ReportChecks(check_set) if correcting else ReportChecks(),
        spoken=int(spoken) if is_whole_number(spoken) and len(spoken) < 5 else None,
        today=today,
        now=now_utc(),
        choices=choices,
        outcome=outcome if outcome in set(Outcome) else None,
        delay_threshold=int(settings["delay_threshold_minutes"]),
        categories=categories_from_setting(settings["issue_categories"]),
        visit_date=day,
        tact_visited=first(answers, "visit", "tact_visited") == "yes",
        visitor_ids=frozenset(
            named_visitors(answers, choices.volunteers, choices.filer_volunteer_id)
        )
        if answers.get("visitors")
        else None,
        tact_problem=untrained_for_tact,
        already_sent=None
        if correcting or sending
        else partial(sent_already, filer, on_behalf, answers, choices),
        # The checks' own words are data in both languages: the reader's are shown.
        language=current_language(),
        checking_only=narrow,
        reason_required=reason_required,
    )


def named_ids(answers: Answers) -> set[int]:
    """The volunteer ids the visitors section names, whoever they are (checked later)."""
    chosen = (first(answers, "visitors", n) or "" for n in ("visitor_1", "visitor_2"))
    return {int(value) for value in chosen if is_whole_number(value) and len(value) < 10}


def untrained_for_tact(day: date, visitor_ids: frozenset[int]) -> str | None:
    """Why these visitors could not have visited people held under the Terrorism Act on
    ``day``: neither has TACT training in date then (training area)."""
    if once_a_request(("tact", day, visitor_ids), lambda: tact_trained_on(list(visitor_ids), day)):
        return None
    return _(
        "Neither visitor's Terrorism Act (TACT) training was in date on %(day)s: only "
        "a TACT-trained visitor may see someone held under the Terrorism Act. Check the "
        "answer, or call the scheme office",
        day=format_date(day),
    )


class ReportChecks:
    """The structured checks a report is asked, read the first time a form asks (only the
    checks section and sending do): the current version for a new report, or ``check_set``,
    the version of the report being corrected (``NONE``: one from before the checks)."""

    CURRENT = object()

    def __init__(self, check_set: CheckSet | object | None = CURRENT) -> None:
        self._given = check_set

    @cached_property
    def _read(self) -> tuple[int | None, tuple]:
        """The version's id and its checks."""
        if self._given is self.CURRENT:
            return current_checks()
        if self._given is None:
            return None, ()  # a report from before the structured checks
        return self._given.id, definitions(self._given)

    @property
    def checks(self) -> tuple:
        return self._read[1]

    @property
    def check_set_id(self) -> int | None:
        return self._read[0]


def sent_already(
    filer: User, on_behalf: bool, answers: Answers, choices: Choices, suite_id: int, day: date
) -> str | None:
    """Why the visit the first section names cannot be reported (it has been already)."""
    visitors = named_visitors(answers, choices.volunteers, choices.filer_volunteer_id)
    return once_a_request(
        ("sent", filer.id, on_behalf, suite_id, day, frozenset(visitors)),
        lambda: duplicate_problem(filer, on_behalf, suite_id, day, visitor_ids=visitors),
    )


def once_a_request(key: tuple, look_up: Callable[[], T]) -> T:
    """``look_up()``, asked once a request for the same ``key``: a section refused is checked
    twice, against the choices its answers name and then with every choice to show it, and
    these look-ups read the database."""
    kept = g.setdefault("report_look_ups", {})
    if key not in kept:
        kept[key] = look_up()
    return kept[key]


def named_visitors(
    answers: Answers, volunteers: list[tuple[str, str]], filer_volunteer_id: int | None
) -> set[int]:
    """The visitors a draft names so far (only those it may name) and the filer themselves."""
    allowed = {value for value, _ in volunteers}
    chosen = {first(answers, "visitors", n) for n in ("visitor_1", "visitor_2")}
    named = {int(value) for value in chosen & allowed}
    return named | ({filer_volunteer_id} if filer_volunteer_id is not None else set())


def starting_answers(draft, filer: User, slug: str) -> dict[str, list[str]] | None:
    """What a section shows before it is first saved: today's date, the filer's suite if
    they visit only one, and the visitors to prefill."""
    planned = draft.planned_visit if draft is not None else None
    if slug == "visit":
        day = today_local() if draft is None else local(draft.created_at).date()
        if planned is not None:
            day = planned.visit_on
        answers = {"visit_date": [str(day.day), str(day.month), str(day.year)]}
        mine = own_volunteer(filer)
        if planned is not None:
            answers["suite_id"] = [str(planned.suite_id)]
        elif mine is not None and not draft.on_behalf and len(mine.suites) == 1:
            answers["suite_id"] = [str(mine.suites[0].id)]
        return answers
    if slug == "visitors":
        first_visitor, second = visitors_to_prefill(filer, draft.on_behalf, planned)
        return {
            "visitor_1": [str(first_visitor or "")],
            "visitor_2": [str(second or "")],
        }
    return None
