"""The sections' rules (``icv.visits.section_rules``, ``finding_rules``, ``draft_check``) give
the verdict the sections' forms give: the same problems, at the same fields, in the same
words (English and Welsh), and for a report without problems the same values to store."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale

from icv.accounts.models import User
from icv.extensions import db
from icv.i18n import in_language
from icv.visits.answers import values_from
from icv.visits.check_services import ensure_check_set
from icv.visits.draft_check import SECTION_RULES, report_values
from icv.visits.section_rules import COUNT_SUBJECTS, people_problems
from icv.visits.sections import REPORT, form_context
from icv.wizard import checked_sections, ready
from tests.reporting import NO_ACCESS, answers, frozen, ids  # noqa: F401  (fixtures)

TODAY = date(2026, 11, 24)
LONG = "x" * 2001
MISTYPED_AND_SUMS = {"spoken": "two", "reason_other": "2", "juveniles": "6"}
UNANSWERED_AND_UNCATEGORISED = {"raised": "", "issues-0-category": ""}

#: (section, answers changed): the report form's error cases (from tests/test_visits*.py and
#: the checks' tests) and their edges, each on a complete report of Val's visit with Sam.
CASES = [
    ("visit", {}),
    ("visit", {"visit_date": ["25", "11", "2026"]}),
    ("visit", {"visit_date": ["", "11", "2026"]}),
    ("visit", {"visit_date": ["20", "", ""]}),
    ("visit", {"visit_date": ["", "", ""]}),
    ("visit", {"visit_date": ["31", "6", "2026"]}),
    ("visit", {"visit_date": ["20", "11", "26"]}),
    ("visit", {"visit_date": ["x", "11", "2026"]}),
    ("visit", {"visit_date": ["20", "Nov", "2026"]}),
    ("visit", {"visit_date": ["32", "13", "2026"]}),
    ("visit", {"visit_date": [" 20 ", "11"]}),
    ("visit", {"suite_id": ""}),
    ("visit", {"suite_id": "999999"}),
    ("visit", {"suite_id": "abc"}),
    ("visit", {"mode": ""}),
    ("visit", {"mode": "by_pigeon"}),
    # A choice of only spaces (a crafted post) is none: asked for where it is required.
    ("visit", {"mode": " "}),
    ("visit", {"suite_id": "\t"}),
    ("visit", {"outcome": ""}),
    ("visit", {"outcome": "no_access", "outcome_reason": ""}),
    ("visit", {"outcome": "abandoned", "outcome_reason": "  "}),
    ("visit", {"outcome_reason": LONG}),
    ("visit", {"staff_on_duty": "x" * 121}),
    ("visit", {"staff_on_duty": "  Custody   sergeant "}),
    ("visit", {"tact_visited": ""}),
    ("visit", {"tact_visited": "yes"}),
    ("visit", {"tact_visited": " "}),
    # A date still to come and a visit not made without its reason: both in one save.
    ("visit", {"visit_date": ["25", "11", "2026"], "outcome": "no_access", "outcome_reason": ""}),
    ("visit", {"suite_id": "", "outcome": "abandoned", "outcome_reason": ""}),
    ("times", {"arrived_at": ""}),
    ("times", {"arrived_at": "  "}),
    ("times", {"arrived_at": "25:00"}),
    ("times", {"arrived_at": "7"}),
    ("times", {"arrived_at": "11:30pm"}),
    ("times", {"admitted_at": ""}),
    ("times", {"admitted_at": "nope"}),
    ("times", {"left_at": "23:30"}),
    ("times", {"left_at": "13:00", "arrived_at": "14:00", "admitted_at": "14:05"}),
    ("times", {"admitted_at": "01:00"}),
    ("times", {"admitted_at": "23:46", "delay_reason": "", "delay_authorised_by": ""}),
    ("times", {"admitted_at": "23:45", "delay_reason": "", "delay_authorised_by": ""}),
    ("times", {"delay_authorised_by": "colonel"}),
    ("times", {"delay_authorised_by": " "}),
    ("times", {"delay_reason": LONG}),
    # A box's own problem and the rules across the others in one save: the arrival mistyped
    # and no time let in; the departure mistyped and a wait unexplained; the time let in
    # mistyped, so no wait is judged.
    ("times", {"arrived_at": "25:00", "admitted_at": ""}),
    ("times", {"left_at": "quarter past", "admitted_at": "23:46", "delay_reason": ""}),
    ("times", {"admitted_at": "nope", "delay_reason": "", "delay_authorised_by": ""}),
    # Let in before the arrival (read as the next day) with the time left mistyped or empty:
    # no wait of a day is asked about; the order of the times waits for the time left.
    ("times", {"admitted_at": "23:20", "left_at": "x", "delay_reason": ""}),
    ("times", {"admitted_at": "23:20", "left_at": "", "delay_authorised_by": ""}),
    ("visitors", {"visitor_1": ""}),
    ("visitors", {"visitor_1": "{sam}", "visitor_2": ""}),
    ("visitors", {"visitor_1": "999999"}),
    ("visitors", {"visitor_2": "{val}"}),
    ("visitors", {"visitor_2": "abc"}),
    ("visitors", {"visitor_1": "{sam}", "visitor_2": "{val}"}),
    ("visitors", {"visitor_1": " "}),
    ("visitors", {"visitor_2": " "}),
    ("people", {"in_custody": "6"}),
    ("people", {"reason_asleep": "", "reason_other": "2"}),
    ("people", {"in_custody": "1000"}),
    ("people", {"spoken": "5000"}),
    ("people", {"reason_asleep": "1000"}),
    ("people", {"juveniles": "1234567890"}),
    ("people", {"vulnerable": "²"}),
    ("people", {"observed": "-1", "in_custody": "3"}),
    ("people", {"male": "3"}),
    ("people", {"male": "2", "female": "3"}),
    ("people", {"juveniles": "6"}),
    ("people", {"in_custody": ""}),
    ("people", dict.fromkeys(("in_custody", "spoken", "observed", "declined"), "")),
    # A box with its own problem and the rules across the others, in one verdict.
    ("people", MISTYPED_AND_SUMS),
    ("people", {"in_custody": "5.5", "reason_other": "2", "juveniles": "6", "male": "4"}),
    ("people", {"in_custody": "", "reason_other": "2", "juveniles": "6"}),
    ("people", {"spoken": "1000", "juveniles": "6", "male": "4"}),
    ("people", {"male": "x", "female": "2", "in_custody": "6"}),
    ("people", {"not_offered": "one", "reason_asleep": "", "reason_other": "3"}),
    ("checks", {"check_told_rights": "3"}),
    ("checks", {"check_told_rights": "x"}),
    ("checks", {"check_interpreter_needed": "1", "check_interpreter_present": "2"}),
    ("checks", {"rating": ""}),
    ("checks", {"rating": "splendid"}),
    ("checks", {"rating": " "}),
    ("checks", {"rating": " \n "}),
    ("checks", {"check_cctv_working": " "}),
    ("checks", {"check_cctv_working": "maybe"}),
    ("checks", {"check_cctv_working": "not_checked", "check_warm": ""}),
    ("checks", {"welfare_notes": LONG}),
    ("notes", {"notes-0-note": ""}),
    ("notes", {"notes-0-note": LONG}),
    ("notes", {"notes-0-custody_number": "x" * 31}),
    ("notes", {"notes-0-record_consent": "perhaps"}),
    ("notes", {"notes-0-record_consent": " "}),
    ("notes", {"notes-3-note": "A second person", "notes-3-record_consent": "not_asked"}),
    # A place that is a digit to str.isdigit but not to int(): the entry is not read.
    ("notes", {"notes-\u00b2-note": "Crafted", "notes-\u00b2-record_consent": "yes"}),
    ("notes", {"notes-1-custody_number": "CV/1/26"}),
    ("issues", {"raised": ""}),
    ("issues", {"raised": "no"}),
    ("issues", {"raised": "maybe"}),
    ("issues", {"raised": " "}),
    ("issues", {"issues-0-description": ""}),
    ("issues", {"issues-0-category": "weather"}),
    ("issues", {"issues-0-category": " "}),
    ("issues", {"issues-0-category": "", "issues-0-description": ""}),
    ("issues", {"issues-0-raised_with": "x" * 121}),
    ("issues", UNANSWERED_AND_UNCATEGORISED),
    ("issues", {"raised": "no", "issues-0-category": "", "issues-0-raised_with": "x" * 121}),
    ("issues", {"raised": "no", "issues-0-description": ""}),
    ("issues", {"issues-2-is_urgent": "y"}),
    ("issues", {"issues-1-category": "supplies", "issues-1-description": "No soap"}),
    ("comments", {"good_practice_seen": "yes", "good_practice": ""}),
    ("comments", {"good_practice_seen": "no"}),
    ("comments", {"good_practice_seen": "", "good_practice": ""}),
    ("comments", {"comments": "x" * 4001}),
    ("comments", {"good_practice_seen": "often"}),
    ("comments", {"good_practice_seen": " "}),
    ("comments", {"good_practice_seen": " ", "good_practice": ""}),
]
#: The cases above that leave the report right (not a problem among them).
SENDABLE = [
    ("visit", {}),
    ("visit", {"visit_date": ["20", "Nov", "2026"]}),
    ("visit", {"staff_on_duty": "  Custody   sergeant "}),
    ("times", {"arrived_at": "11:30pm"}),
    ("times", {"admitted_at": "23:45", "delay_reason": "", "delay_authorised_by": ""}),
    ("visitors", {"visitor_1": "{sam}", "visitor_2": "{val}"}),
    ("visitors", {"visitor_2": " "}),
    ("people", {"male": "2", "female": "3"}),
    ("checks", {"check_cctv_working": " "}),
    ("checks", {"check_cctv_working": "not_checked", "check_warm": ""}),
    ("notes", {"notes-0-record_consent": " "}),
    ("notes", {"notes-3-note": "A second person", "notes-3-record_consent": "not_asked"}),
    ("notes", {"notes-\u00b2-note": "Crafted", "notes-\u00b2-record_consent": "yes"}),
    ("issues", {"issues-1-category": "supplies", "issues-1-description": "No soap"}),
    ("comments", {"good_practice_seen": "", "good_practice": ""}),
    ("comments", {"good_practice_seen": " "}),
    ("comments", {"good_practice_seen": " ", "good_practice": ""}),
]
#: Whole sections changed at once: a visit without access, and sections left out.
WHOLE = {
    "no access": NO_ACCESS,
    "no access, let in": {
        "visit": {"outcome": "no_access", "outcome_reason": "Turned away"},
        "people": {"in_custody": ""},
    },
    "abandoned": {"visit": {"outcome": "abandoned", "outcome_reason": "A fire alarm"}},
    # Only the box's own problem: whether the number in custody is wanted depends on it.
    "no access, a count mistyped": NO_ACCESS | {"people": {**NO_ACCESS["people"], "spoken": "?"}},
}
#: Those of WHOLE that leave the report wrong.
REFUSED_WHOLE = {"no access, let in", "no access, a count mistyped"}


def typed(sections: dict[str, dict]) -> dict[str, dict[str, list[str]]]:
    """Answers as a draft keeps them (every value a list of strings)."""
    return {
        slug: {name: value if isinstance(value, list) else [value] for name, value in s.items()}
        for slug, s in sections.items()
    }


def form_problems(form) -> dict[str, str]:
    """Each field's first error, a list entry's boxes named as the posted fields are."""
    found = {}
    for name, errors in form.errors.items():
        for place, entry in enumerate(errors):
            if isinstance(entry, dict):
                found |= {f"{name}-{place}-{box}": shown[0] for box, shown in entry.items()}
        if errors and not isinstance(errors[0], dict):
            found[name] = errors[0]
    return found


def both_verdicts(draft: dict, *, narrow: bool) -> bool:
    """Every answered section's problems from its form and from its rules, and the values to
    store, are the same; True when the report may be sent."""
    val = db.session.get(User, db.session.scalars(User.by_email("val@example.org")).one().id)
    context = form_context(val, False, draft, TODAY, narrow=narrow)
    sections = checked_sections(REPORT, draft, context=context)
    for section, form, _state in sections:
        if section.slug not in draft:
            continue
        rules = SECTION_RULES[section.slug](draft[section.slug], context)
        shown = {name: in_language(message) for name, message in rules.problems.items()}
        assert shown == form_problems(form), section.slug
    slugs = [s.slug for s in REPORT.sections]
    optional = {s.slug for s in REPORT.sections if s.optional}
    values = report_values(draft, context, slugs, optional)
    if ready(sections):
        done = {s.slug: form for s, form, state in sections if state == "done"}
        assert values == values_from(done)
    else:
        assert values is None
    return values is not None


def changed(ids: dict, slug: str, fields: dict) -> dict:
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    sections[slug] = {
        **sections[slug],
        **{k: v.format(**ids) if isinstance(v, str) else v for k, v in fields.items()},
    }
    return typed(sections)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_rules_and_the_forms_give_the_same_verdict(app, ids, language):
    with app.test_request_context(), force_locale(language):
        ensure_check_set(None)
        db.session.commit()
        sendable = [
            n
            for n, (slug, fields) in enumerate(CASES)
            if [both_verdicts(changed(ids, slug, fields), narrow=n) for n in (True, False)]
            == [True, True]
        ]
        # The complete report, and the changes that leave it right; every other is refused.
        assert [CASES[n] for n in sendable] == SENDABLE


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_whole_sections_changed_give_the_same_verdict(app, ids, name):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        sections = answers(ids["suite"], ids["sam"], ids["val"])
        for slug, fields in WHOLE[name].items():
            sections[slug] = {**sections[slug], **fields}
        assert both_verdicts(typed(sections), narrow=True) is (name not in REFUSED_WHOLE)


@pytest.mark.parametrize("left_out", ["notes", "comments", "issues", "people", "visitors"])
def test_a_section_left_out_gives_the_same_verdict(app, ids, left_out):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        draft = typed(answers(ids["suite"], ids["sam"], ids["val"]))
        del draft[left_out]
        optional = left_out in ("notes", "comments")
        assert both_verdicts(draft, narrow=True) is optional
        # Answered with nothing: a list or the comments may be; the rest are refused.
        draft = typed(answers(ids["suite"], ids["sam"], ids["val"])) | {left_out: {}}
        assert both_verdicts(draft, narrow=True) is optional


def test_a_complete_report_is_read_by_its_rules(app, ids):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        draft = typed(answers(ids["suite"], ids["sam"], ids["val"]))
        val = db.session.scalars(User.by_email("val@example.org")).one()
        context = form_context(val, False, draft, TODAY, narrow=True)
        slugs = [s.slug for s in REPORT.sections]
        values = report_values(draft, context, slugs, {"notes", "comments"})
        assert values is not None
        assert (values.suite_id, values.visit_date, values.visitor_1_id, values.visitor_2_id) == (
            ids["suite"],
            date(2026, 11, 20),
            ids["val"],
            ids["sam"],
        )
        assert values.checks == {"told_rights": 2, "warm": 1, "cctv_working": "yes"}
        assert [i.description for i in values.issues] == ["No blankets in stock for the cells"]
        assert values.issues[0].is_urgent is True


def send_problems(ids: dict, draft: dict, slug: str) -> dict[str, str]:
    """The problems a send finds in a section of Val's draft, without its form."""
    val = db.session.scalars(User.by_email("val@example.org")).one()
    context = form_context(val, False, draft, TODAY, narrow=True)
    return SECTION_RULES[slug](draft[slug], context).problems


def test_a_send_gives_a_mistyped_count_with_the_sums_of_the_others(app, ids):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        draft = changed(ids, "people", MISTYPED_AND_SUMS)
        assert send_problems(ids, draft, "people") == {
            "spoken": "The number spoken with must be a whole number, like 3",
            "not_offered": "The reasons add up to 3 people, but you entered 1 not offered a visit",
            "juveniles": "The number of children cannot be more than the 5 people in custody",
        }
        sections = answers(ids["suite"], ids["sam"], ids["val"])
        for slug, fields in WHOLE["no access, a count mistyped"].items():
            sections[slug] = {**sections[slug], **fields}
        assert send_problems(ids, typed(sections), "people") == {
            "spoken": "The number spoken with must be a whole number, like 3"
        }


def test_a_send_gives_a_mistyped_time_with_the_rules_of_the_others(app, ids):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        draft = changed(ids, "times", {"arrived_at": "25:00", "admitted_at": ""})
        assert send_problems(ids, draft, "times") == {
            "arrived_at": "Enter the time you arrived as, for example, 19:05",
            "admitted_at": "Enter the time you were let into the custody area",
        }
        before = {"admitted_at": "23:20", "left_at": "x", "delay_reason": ""}
        assert send_problems(ids, changed(ids, "times", before), "times") == {
            "left_at": "Enter the time you left as, for example, 19:05",
        }
        before["left_at"] = "00:50"
        assert send_problems(ids, changed(ids, "times", before), "times") == {
            "admitted_at": "The time you were let in must be between the time you arrived "
            "(23:30) and the time you left (00:50)",
        }
        late = {"left_at": "quarter past", "admitted_at": "23:46", "delay_reason": ""}
        late["delay_authorised_by"] = ""
        assert send_problems(ids, changed(ids, "times", late), "times") == {
            "left_at": "Enter the time you left as, for example, 19:05",
            "delay_reason": "You waited 16 minutes to be let in, longer than 15: say what "
            "custody staff told you about why",
            "delay_authorised_by": "Select the rank of the officer who authorised the delay",
        }


def test_a_send_gives_the_answer_above_with_each_issue_s_category(app, ids):
    with app.test_request_context():
        ensure_check_set(None)
        db.session.commit()
        draft = changed(ids, "issues", UNANSWERED_AND_UNCATEGORISED)
        assert send_problems(ids, draft, "issues") == {
            "raised": "Select yes if you raised any issues",
            "issues-0-category": "Choose what the issue is about",
        }


def test_people_problems_ask_for_the_number_in_custody_only_when_it_is_known_to_be_wanted():
    empty = dict.fromkeys(COUNT_SUBJECTS)
    needed = {"in_custody": "Enter how many people were in custody"}
    # Only a mistyped box given: a visit not made wants the number only if something was
    # counted, which the mistyped box does not say; a completed visit wants it anyway.
    assert people_problems(empty, "no_access", {"spoken"}) == {}
    assert people_problems(empty, "completed", {"spoken"}) == needed
    assert people_problems(empty, "completed", {"in_custody"}) == {}  # its own problem shown
    assert people_problems(empty | {"observed": 1}, "no_access", {"spoken"}) == needed
    # Left empty: asked for, and the rules that do not read it are judged.
    given = empty | {"spoken": 2, "not_offered": 1, "reason_asleep": 2}
    assert people_problems(given, "completed") == needed | {
        "not_offered": "The reasons add up to 2 people, but you entered 1 not offered a visit"
    }


#: Imports the rules' modules with icv and icv.visits stood in for by empty packages over their
#: folders (their __init__ builds the app and its blueprint), and prints what else came in.
LOAD_THE_RULES = """
import importlib, json, sys, types
root = sys.argv[1]
for name, folder in (("icv", root + "/icv"), ("icv.visits", root + "/icv/visits")):
    parent = types.ModuleType(name)
    parent.__path__ = [folder]
    sys.modules[name] = parent
for name in ("section_rules", "finding_rules", "draft_check", "typed_fields"):
    importlib.import_module("icv.visits." + name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_rules_import_nothing_of_flask_or_the_database():
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-c", LOAD_THE_RULES, str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(run.stdout)
    assert "icv.visits.section_rules" in loaded
    heavy = ("flask", "flask_babel", "wtforms", "sqlalchemy", "werkzeug", "jinja2")
    assert [name for name in loaded if name.split(".")[0] in heavy] == []
