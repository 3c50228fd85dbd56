"""The report's sections checked from their answers as typed, without building their forms
(pure: no Flask, no database). A send checks a draft here: each section gives its values or
its problems (field name -> ``Problem``, written in the reader's language by
``icv.i18n.in_language``); a section with problems is then shown by its form, which reads
its fields with the same parsers (``icv.text``, ``icv.visits.times``) and checks across them
with the same rules (the ``*_problems`` functions here and in ``rules.py``), so the two give
the same verdict and the same messages (``tests/test_visits_section_rules.py``).

``context`` is the forms' ``FormContext`` (read only for its plain values and the two
look-ups it carries, ``already_sent`` and ``tact_problem``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

from icv.text import Problem
from icv.visits.check_rules import NOT_CHECKED, THEMES, Rating, answer_problems, field_name
from icv.visits.count_rules import Counts, count_problems
from icv.visits.rules import (
    AUTHORISING_RANKS,
    MAX_VISIT_MINUTES,
    NOT_OFFERED_REASONS,
    Mode,
    Outcome,
    access_delay,
    delay_problems,
    future_problems,
    time_problems,
    visit_date_problem,
)
from icv.visits.typed_fields import Reading

YES_NO = ("yes", "no")
NOT_IN = (Outcome.NO_ACCESS, Outcome.ABANDONED)


class Context(Protocol):
    today: date
    now: datetime | None
    outcome: str | None
    delay_threshold: int
    categories: dict[str, str]
    already_sent: Callable[[int, date], str | None] | None
    visit_date: date | None
    tact_visited: bool
    visitor_ids: frozenset[int] | None
    tact_problem: Callable[[date, frozenset[int]], str | None] | None
    spoken: int | None
    language: str
    suites: list[tuple[str, str]]
    volunteers: list[tuple[str, str]]
    filer_volunteer_id: int | None
    checks: tuple
    check_set_id: int | None
    reason_required: bool


class Checked(NamedTuple):
    """A section's values (field -> value as its form holds it) and its problems."""

    values: dict[str, Any]
    problems: dict[str, str]


#: What a required field says when it is left empty, and the words that name a field in its
#: messages (its label, or the subject its form gives it): the forms use the same.
REQUIRED = {
    "suite_id": Problem("Select the custody suite you visited"),
    "visit_date": Problem("Enter the date of the visit"),
    "mode": Problem("Select how you visited"),
    "outcome": Problem("Select how the visit ended"),
    "tact_visited": Problem("Select yes if you visited anyone held under the Terrorism Act"),
    "arrived_at": Problem("Enter the time you arrived"),
    "left_at": Problem("Enter the time you left"),
}
VISIT_DATE_LABEL = Problem("Date of the visit")
REASON_NEEDED = Problem("Say why you were not let in or stopped the visit")
IN_CUSTODY_NEEDED = Problem("Enter how many people were in custody")
TIME_SUBJECTS = {
    "arrived_at": Problem("the time you arrived"),
    "admitted_at": Problem("the time you were let in"),
    "left_at": Problem("the time you left"),
}
#: Each text answer: (its label, its most characters, one line or a paragraph).
TEXTS = {
    "outcome_reason": (Problem("If you were not let in or stopped the visit, why?"), 2000, False),
    "staff_on_duty": (Problem("Custody officer on duty (optional)"), 120, True),
    "delay_reason": (Problem("Why were you kept waiting?"), 2000, False),
    "custody_number": (Problem("Custody record number (optional)"), 30, True),
    "note": (Problem("Your note"), 2000, False),
    "description": (Problem("What is the issue?"), 2000, False),
    "raised_with": (Problem("Who did you raise it with?"), 120, True),
    "immediate_response": (Problem("What did they say or do about it?"), 2000, False),
    "good_practice": (Problem("The good practice you saw"), 2000, False),
    "comments": (Problem("Anything else (optional)"), 4000, False),
    **{
        f"{theme}_notes": (label, 2000, False)
        for theme, label in {
            "rights": Problem("Anything more about rights"),
            "welfare": Problem("Anything more about health and welfare"),
            "dignity": Problem("Anything more about dignity"),
            "support": Problem("Anything more about support and needs"),
            "conditions": Problem("Anything more about cells and facilities"),
        }.items()
    },
}
#: The people section's boxes, in the order shown, and the words naming each in a message.
COUNT_SUBJECTS = {
    "in_custody": Problem("The number in custody"),
    "spoken": Problem("The number spoken with"),
    "observed": Problem("The number observed"),
    "declined": Problem("The number who declined"),
    "not_offered": Problem("The number not offered a visit"),
    "reason_asleep": Problem("The number asleep"),
    "reason_interview": Problem("The number in interview"),
    "reason_legal_medical": Problem("The number with a solicitor"),
    "reason_unsafe": Problem("The number unsafe to visit"),
    "reason_release": Problem("The number being released"),
    "reason_other": Problem("The number for another reason"),
    "juveniles": Problem("The number of children"),
    "vulnerable": Problem("The number of vulnerable adults"),
    "mental_health_powers": Problem("The number held under mental-health powers"),
    "male": Problem("The number of males"),
    "female": Problem("The number of females"),
    "sex_not_known": Problem("The number of another sex"),
}


def read_text(reading: Reading, name: str) -> str | None:
    label, limit, one_line = TEXTS[name]
    return reading.text(name, label, limit, one_line=one_line)


def check_visit(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    values = {
        "suite_id": r.choice("suite_id", {i for i, _ in context.suites}, REQUIRED["suite_id"]),
        "visit_date": r.date("visit_date", VISIT_DATE_LABEL, REQUIRED["visit_date"]),
        "mode": r.choice("mode", set(Mode), REQUIRED["mode"]),
        "outcome": r.choice("outcome", set(Outcome), REQUIRED["outcome"]),
        "outcome_reason": read_text(r, "outcome_reason"),
        "tact_visited": r.choice("tact_visited", YES_NO, REQUIRED["tact_visited"]),
        "staff_on_duty": read_text(r, "staff_on_duty"),
    }
    if (day := values["visit_date"]) and (problem := visit_date_problem(day, context.today)):
        r.problem("visit_date", problem)
    # A box's own problem and the rules across the others, in one save (none is at the same box).
    return Checked(values, r.problems | visit_problems(values, context, r.problems))


def visit_day(typed: Mapping[str, list[str]], today: date) -> date | None:
    """The date of the visit the first section's answers give, when that section accepts it
    (read as its form reads it, and not still to come); None otherwise: a refused date names
    no day (not the draft's, nor the one its times are read on)."""
    day = Reading(typed).date("visit_date", VISIT_DATE_LABEL, REQUIRED["visit_date"])
    return None if visit_date_problem(day, today) else day


def visit_problems(
    values: Mapping[str, Any], context: Context, unread: Collection[str] = ()
) -> dict[str, str]:
    """The visit not reported already, the reason given for a visit not made or stopped, and a
    visit to people held under the Terrorism Act made by a visitor trained for it that day:
    each judged when the boxes it reads were read well (``unread`` names those with a
    problem of their own, shown there instead)."""

    def read(*names: str) -> bool:
        return not any(name in unread for name in names)

    problems = {}
    sent = context.already_sent if read("suite_id", "visit_date") else None
    if sent and (problem := sent(int(values["suite_id"]), values["visit_date"])):
        problems["visit_date"] = problem
    if (
        read("outcome", "outcome_reason")
        and values["outcome"] in NOT_IN
        and not values["outcome_reason"]
        and context.reason_required
    ):
        problems["outcome_reason"] = REASON_NEEDED
    visitors = context.visitor_ids
    tact = context.tact_problem if read("tact_visited", "visit_date") else None
    tact_asked = values["tact_visited"] == "yes" and visitors is not None
    if tact_asked and tact and (found := tact(values["visit_date"], visitors)):
        problems["tact_visited"] = found
    return problems


def check_times(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    values = {
        "arrived_at": r.time("arrived_at", TIME_SUBJECTS["arrived_at"], REQUIRED["arrived_at"]),
        "admitted_at": r.time("admitted_at", TIME_SUBJECTS["admitted_at"]),
        "left_at": r.time("left_at", TIME_SUBJECTS["left_at"], REQUIRED["left_at"]),
        "delay_reason": read_text(r, "delay_reason"),
        "delay_authorised_by": r.choice("delay_authorised_by", set(AUTHORISING_RANKS)),
    }
    # A box's own problem and the rules across the others, in one save (none is at the same box).
    return Checked(values, r.problems | times_problems(values, context, r.problems))


def times_problems(
    values: Mapping[str, Any], context: Context, unread: Collection[str] = ()
) -> dict[str, str]:
    """Times in order (and not skipped by the clocks), not yet to come, then a long wait
    explained. ``unread`` names the boxes with a problem of their own (not a time, or empty
    where one is needed), read as empty here: no rule that reads one is judged, and none
    speaks at one (its own problem is shown there)."""
    found = _times_problems(values, context, "left_at" in unread)
    return {name: problem for name, problem in found.items() if name not in unread}


def _times_problems(
    values: Mapping[str, Any], context: Context, left_unread: bool
) -> dict[str, str]:
    arrived, admitted, left = values["arrived_at"], values["admitted_at"], values["left_at"]
    found = time_problems(arrived, admitted, left, context.outcome, visit_date=context.visit_date)
    if context.now is not None:  # shown with the others, each field's first problem kept
        found = future_problems(context.visit_date, arrived, left, context.now) | found
    if found:
        return {f"{name}_at": message for name, message in found.items()}
    delay = access_delay(arrived, admitted, context.visit_date)
    if left_unread and delay is not None and delay > MAX_VISIT_MINUTES:
        # A time let in before the arrival reads as the next day: with the time left read,
        # the order of the times says so; without it, no wait of a day is asked about.
        return {}
    return delay_problems(
        delay, context.delay_threshold, values["delay_reason"], values["delay_authorised_by"]
    )


def check_visitors(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    first, second = r.select("visitor_1"), r.select("visitor_2")
    values = {"visitor_1": first, "visitor_2": second}
    return Checked(values, visitors_problems(first, second, context))


def visitors_problems(first: str | None, second: str | None, context: Context) -> dict[str, str]:
    """The visitors named: from the list, two different people, the filer among them (when
    filing as a visitor), and one trained for a visit to people held under the Terrorism Act."""
    known = {value for value, _ in context.volunteers}
    problems: dict[str, str] = {}
    for name, value in (("visitor_1", first), ("visitor_2", second)):
        if value and value not in known:
            problems[name] = Problem("Choose from the visitors listed")
    if not first:
        problems["visitor_1"] = Problem("Choose the visitor")
    elif first == second:
        problems["visitor_2"] = Problem("Choose a different second visitor, or no second visitor")
    mine = context.filer_volunteer_id
    if not problems and mine is not None and str(mine) not in (first, second):
        problems["visitor_1"] = Problem(
            "You can only send a report for a visit you were on: choose yourself as one "
            "of the visitors"
        )
    if not problems and context.tact_visited and context.visit_date and context.tact_problem:
        chosen = frozenset(int(value) for value in (first, second) if value)
        if tact := context.tact_problem(context.visit_date, chosen):
            problems["visitor_1"] = tact
    return problems


def by_sex(male: int | None, female: int | None, other: int | None) -> dict[str, int | None]:
    """The counts by sex: all None when none is given, otherwise an empty box is 0."""
    if male is None and female is None and other is None:
        return {"male": None, "female": None, "sex_not_known": None}
    return {"male": male or 0, "female": female or 0, "sex_not_known": other or 0}


def counts_from(numbers: Mapping[str, int | None]) -> Counts | None:
    """The counts given (box name -> number), empty boxes as 0; None when nothing was
    counted."""
    if all(numbers[name] is None for name in COUNT_SUBJECTS):
        return None
    number = {name: numbers[name] or 0 for name in COUNT_SUBJECTS}
    return Counts(
        in_custody=number["in_custody"],
        spoken=number["spoken"],
        observed=number["observed"],
        declined=number["declined"],
        not_offered=number["not_offered"],
        reasons={r: number[f"reason_{r}"] for r in NOT_OFFERED_REASONS},
        juveniles=number["juveniles"],
        vulnerable=number["vulnerable"],
        mental_health_powers=number["mental_health_powers"],
        # By sex stays "not recorded" (None) unless a box is filled in.
        **by_sex(numbers["male"], numbers["female"], numbers["sex_not_known"]),
    )


def people_problems(
    numbers: Mapping[str, int | None], outcome: str | None, unread: Collection[str] = ()
) -> dict[str, str]:
    """Everyone in custody counted once; nothing counted only for a visit not made. ``unread``
    names the boxes with a problem of their own (not a whole number), read as empty here: no
    rule that reads one is judged (``count_problems``), nor is the number in custody asked
    for on their account (a visit not made asks for it only when something is counted)."""
    counts = counts_from(numbers)
    if counts is None and (outcome in NOT_IN or "in_custody" in unread):
        return {}
    needed = numbers["in_custody"] is None and "in_custody" not in unread
    problems = {"in_custody": IN_CUSTODY_NEEDED} if needed else {}
    if counts is None:
        return problems
    # An empty number in custody reads as 0, not the number meant: the rules reading it wait.
    return problems | count_problems(counts, {*unread, *problems})


def check_people(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    numbers = {name: r.number(name, subject) for name, subject in COUNT_SUBJECTS.items()}
    # A box's own problem and the rules across the others, in one save (none is at the same box).
    return Checked(numbers, r.problems | people_problems(numbers, context.outcome, r.problems))


def check_answers(checks: Iterable, values: Mapping[str, Any]) -> dict[str, str | int]:
    """The checks answered: a count, or yes or no. Empty boxes and "Not checked" are left
    out: not checked is no answer."""
    found: dict[str, str | int] = {}
    for check in checks:
        value = values.get(field_name(check.key))
        if value is not None and value not in ("", NOT_CHECKED):
            found[check.key] = value
    return found


def checks_problems(answers: Mapping, rating: str | None, context: Context) -> dict[str, str]:
    """Counts no more than the people spoken with; a completed visit rated overall."""
    problems = answer_problems(context.checks, answers, context.spoken)
    completed = context.outcome in (None, Outcome.COMPLETED)
    if context.checks and completed and not rating:
        problems["rating"] = Problem("Select how you found the custody suite overall")
    return problems


def count_subject(check, language: str) -> Problem:
    """What a count check's messages call it ("Offered a solicitor: the number")."""
    return Problem("%(check)s: the number", check=check.label_in(language))


def check_checks(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    # As its form asks them: the active checks of the themes it shows.
    asked = [check for check in context.checks if check.active and check.theme in THEMES]
    values: dict[str, Any] = {}
    for check in asked:
        name = field_name(check.key)
        if check.kind == "count":
            values[name] = r.number(name, count_subject(check, context.language))
        else:
            values[name] = r.choice(name, (*YES_NO, NOT_CHECKED), default=NOT_CHECKED)
    values |= {f"{theme}_notes": read_text(r, f"{theme}_notes") for theme in THEMES}
    values["rating"] = r.choice("rating", set(Rating))
    answers = check_answers(asked, values)
    problems = checks_problems(answers, values["rating"], context)
    return Checked(values | {"answers": answers}, r.problems | problems)
