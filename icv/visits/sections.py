"""The report's sections in order (the wizard ``REPORT``) and the context their forms need.

Answers are kept exactly as typed (``icv.wizard``): the server draft, the phone's copy and a
correction all use them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import partial

from sqlalchemy import and_, or_, select

from icv.accounts.models import User
from icv.clock import local, today_local
from icv.extensions import db
from icv.settings import get_settings
from icv.suites.models import Suite
from icv.text import is_whole_number
from icv.visits.finding_forms import ChecksForm, CommentsForm, IssuesForm, NotesForm
from icv.visits.forms import FormContext, PeopleForm, TimesForm, VisitForm, VisitorsForm
from icv.visits.issue_rules import categories_from_setting
from icv.visits.queries import own_volunteer
from icv.visits.rules import Outcome
from icv.visits.services import duplicate_problem, visitors_to_prefill
from icv.volunteers.models import Volunteer
from icv.volunteers.rules import VISITING
from icv.wizard import AnswerLimits, Answers, Section, Wizard

SECTIONS = [
    Section("visit", "The visit", VisitForm),
    Section(
        "times", "Times", TimesForm, "Use the 24-hour clock, for example 19:05, or add am or pm."
    ),
    Section("visitors", "Visitors", VisitorsForm),
    Section(
        "people",
        "People in custody",
        PeopleForm,
        "Count the people in custody while you were there. Count each person once: spoken "
        "with, observed only, declined or not offered a visit. Leave a box empty for none.",
    ),
    Section("checks", "What you checked", ChecksForm),
    Section(
        "notes",
        "Notes on people you saw",
        NotesForm,
        "Only if you want to record something about one person. Use their custody record "
        "number at most: never their name, offence, address or date of birth.",
        optional=True,
    ),
    Section("issues", "Issues raised", IssuesForm),
    Section("comments", "Good practice and comments", CommentsForm, optional=True),
]
#: Posted fields that are not answers.
NOT_ANSWERS = frozenset({"csrf_token", "action", "reason", "submission_key"})
#: What a phone may store, so a draft stays a report and not a file store.
REPORT = Wizard(tuple(SECTIONS), NOT_ANSWERS, AnswerLimits(names=300, values=5, chars=5000))
SECTION_BY_SLUG = REPORT.by_slug


def first(answers: Answers, slug: str, name: str) -> str | None:
    values = answers.get(slug, {}).get(name) or [None]
    return values[0]


def volunteer_choices(
    mine: Volunteer | None, on_behalf: bool, keep: Collection[int] = ()
) -> list[tuple[str, str]]:
    """Visitors who can be named by a filer whose own volunteer record is ``mine``. The
    office, filing for the visitors, names any visiting volunteer; a volunteer names themselves
    and the visiting volunteers of their own panel's suites, by first name and initial, and
    nobody else (ids are easy to guess, and a person named on a report may read it). ``keep``
    stay choosable whatever their status or panel: the pair on the rota visit a draft was
    started from, the visitors a corrected report names."""
    allowed = Volunteer.status.in_(sorted(VISITING))
    if not on_behalf:
        panel = [suite.id for suite in mine.suites] if mine else []
        allowed = and_(allowed, Volunteer.suites.any(Suite.id.in_(panel)))
        keep = {*keep, *([mine.id] if mine else [])}
    people = db.session.scalars(
        select(Volunteer)
        .join(Volunteer.user)
        .where(or_(allowed, Volunteer.id.in_(sorted(keep))))
        .order_by(User.name, Volunteer.id)
    )
    if on_behalf:
        return [(str(v.id), v.user.name) for v in people]
    return [
        (str(v.id), f"{v.user.name} (you)" if v is mine else short_name(v.user.name))
        for v in people
    ]


def short_name(name: str) -> str:
    """First name and the initial of the last: all a volunteer sees of another."""
    parts = name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else name


def named_day(answers: dict) -> date | None:
    """The day a draft's first section names, when it is answered and real."""
    parts = [part.strip() for part in (answers.get("visit") or {}).get("visit_date") or []]
    if len(parts) != 3 or not all(map(is_whole_number, parts)):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def form_context(
    filer: User,
    on_behalf: bool,
    answers: Answers,
    today: date,
    *,
    keep: Collection[int] = (),
    correcting: bool = False,
) -> FormContext:
    """What the report's forms check against. ``keep``: see ``volunteer_choices``. A new report
    is refused for a visit already reported; a correction is not (it is that report)."""
    settings = get_settings()
    mine = own_volunteer(filer)
    outcome = first(answers, "visit", "outcome")
    chosen_suite = first(answers, "visit", "suite_id")
    suites = db.session.scalars(select(Suite).order_by(Suite.name))
    volunteers = volunteer_choices(mine, on_behalf, keep)
    filer_volunteer_id = None if on_behalf or mine is None else mine.id
    return FormContext(
        today=today,
        suites=[(str(s.id), s.name) for s in suites if s.is_active or str(s.id) == chosen_suite],
        volunteers=volunteers,
        filer_volunteer_id=filer_volunteer_id,
        outcome=outcome if outcome in set(Outcome) else None,
        delay_threshold=int(settings["delay_threshold_minutes"]),
        categories=categories_from_setting(settings["issue_categories"]),
        visit_date=named_day(answers),
        already_sent=None
        if correcting
        else partial(
            duplicate_problem,
            filer,
            on_behalf,
            visitor_ids=named_visitors(answers, volunteers, filer_volunteer_id),
        ),
    )


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
