"""The one wizard behind the application and the report (issue 13, item 4): its pure rules,
its forms and its drafts, without an app; and that it stays core (pure rules, no area)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField
from wtforms.validators import InputRequired

from icv.wizard import (
    AnswerLimits,
    Outcome,
    Section,
    State,
    Wizard,
    checked_sections,
    filled_form,
    keep_only,
    outcome_of,
    posted_answers,
    ready,
    save_section,
    save_sections,
)
from icv.wizard.rules import finished, state_of
from tests.test_area_imports import import_graph

WIZARD = Path(__file__).resolve().parent.parent / "icv" / "wizard"
NOW = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)


class NameForm(Form):
    name = StringField("Name", validators=[InputRequired()])

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today


THREE = Wizard(
    (
        Section("first", "First", NameForm),
        Section("second", "Second", NameForm),
        Section("third", "Third", NameForm, optional=True),
    ),
    frozenset({"csrf_token", "action"}),
    AnswerLimits(names=2, values=2, chars=3, name_chars=4),
)


# -- order ---------------------------------------------------------------------------------


def test_it_numbers_the_sections_and_moves_on_and_back():
    assert [THREE.step(slug) for slug in ("first", "second", "third")] == [1, 2, 3]
    assert THREE.by_slug["second"].title == "Second"
    assert THREE.following("first").slug == "second"
    assert THREE.following("third") is None
    assert THREE.preceding("second").slug == "first"
    assert THREE.preceding("first") is None


def test_it_resumes_at_the_next_unanswered_section_going_round_to_the_first():
    assert THREE.resume_after("first", {}).slug == "second"
    assert THREE.resume_after("first", {"second": {}}).slug == "third"
    assert THREE.resume_after("third", {"third": {}}).slug == "first"
    assert THREE.resume_after("second", {"first": {}, "second": {}}).slug == "third"
    assert THREE.resume_after("second", {"first": {}, "second": {}, "third": {}}) is None


def test_saving_a_section_leads_on_or_back_to_check_your_answers():
    assert THREE.next_section("first").slug == "second"
    assert THREE.next_section("third") is None
    assert THREE.next_section("first", to_check=True) is None
    # Given the answers so far, on to the next section not yet answered.
    assert THREE.next_section("first", answered={"second": {}}).slug == "third"
    assert THREE.next_section("first", answered={"first": {}, "second": {}, "third": {}}) is None


class Deciding(Section):
    @property
    def decides(self) -> bool:
        return self.slug == "first"


def test_once_the_answers_end_the_wizard_only_the_deciding_sections_are_asked():
    gate = Wizard(
        (Deciding("first", "First", NameForm), Deciding("second", "Second", NameForm)),
        frozenset(),
    )
    assert gate.deciding == ("first",)
    assert THREE.deciding == ()
    asked: list[str] = []

    def ended() -> bool:
        asked.append("ended")
        return True

    assert gate.still_asked("first", ended)
    assert asked == []  # a deciding section is asked whatever the answers: not worked out
    assert not gate.still_asked("second", ended)
    assert gate.still_asked("second", lambda: False)
    assert THREE.still_asked("first", lambda: False)


# -- states and outcomes -------------------------------------------------------------------


def test_a_section_is_done_with_a_problem_not_started_or_optional():
    required, optional = THREE.sections[0], THREE.sections[2]
    assert state_of(required, answered=False, valid=False) is State.NOT_STARTED
    assert state_of(optional, answered=False, valid=False) is State.OPTIONAL
    assert state_of(optional, answered=True, valid=False) is State.PROBLEM
    assert state_of(required, answered=True, valid=True) is State.DONE
    # The templates and the task list's labels compare them with words.
    assert State.NOT_STARTED == "not_started"


def test_it_is_finished_only_when_every_section_but_an_optional_one_is_done():
    assert finished([State.DONE, State.OPTIONAL])
    assert not finished([State.DONE, State.NOT_STARTED])
    assert not finished([State.DONE, State.PROBLEM])


def test_a_step_moves_on_stops_comes_back_or_is_not_saved():
    assert outcome_of(True) is Outcome.NEXT
    assert outcome_of(False) is Outcome.AGAIN
    assert outcome_of(True, stopped=True) is Outcome.STOPPED
    assert outcome_of(True, saved=False, stopped=True) is Outcome.UNSAVED


# -- answers as typed ----------------------------------------------------------------------


def test_a_posted_section_keeps_its_answers_as_typed_within_the_limits():
    posted = MultiDict(
        [("csrf_token", "t"), ("name", "Ann"), ("name", "Bea"), ("name", "Cy"), ("pet", "Dogs")]
    )
    # Two values of at most three characters each; the CSRF token is not an answer.
    assert THREE.posted(posted) == {"name": ["Ann", "Bea"], "pet": ["Dog"]}
    assert THREE.posted(posted, allowed={"pet"}) == {"pet": ["Dog"]}
    # No more names than the limit: the third is left out.
    many = MultiDict([("a", "1"), ("b", "2"), ("c", "3")])
    assert THREE.posted(many) == {"a": ["1"], "b": ["2"]}
    assert posted_answers(many, skip={"b"}) == {"a": ["1"], "c": ["3"]}


def test_a_phones_copy_is_taken_when_it_has_the_shape_of_answers():
    # Fields that are not answers, or whose names are too long, are left out; NULs dropped.
    sent = {"first": {"name": ["A\x00n"], "csrf_token": ["t"]}, "third": {}}
    assert THREE.answers_from_phone(sent) == {"first": {"name": ["An"]}, "third": {}}
    assert THREE.answers_from_phone({"first": {"fives": ["x"], "": ["y"]}}) == {"first": {}}
    assert THREE.answers_from_phone({"first": {"four": ["ab", "cde"]}}) == {
        "first": {"four": ["ab", "cde"]}
    }


@pytest.mark.parametrize(
    "sent",
    [
        ["first"],
        {"nonsense": {}},
        {"first": ["name"]},
        {"first": {"name": "An"}},
        {"first": {"name": [1]}},
        {"first": {"name": ["abcd"]}},
        {"first": {"name": ["a", "b", "c"]}},
        {"first": {"a": [], "b": [], "c": []}},
    ],
)
def test_a_phones_copy_that_is_not_answers_is_refused(sent):
    assert THREE.answers_from_phone(sent) is None


# -- forms ---------------------------------------------------------------------------------


def test_a_form_is_refilled_exactly_as_typed_with_the_areas_context():
    form = filled_form(THREE.sections[0], {"name": [" Ann "]}, today=NOW.date())
    assert (form.name.data, form.today) == (" Ann ", NOW.date())
    assert filled_form(THREE.sections[0], {}, today=None).name.data is None


def test_each_section_is_checked_once_answered():
    answers = {"first": {"name": ["Ann"]}, "second": {"name": [""]}}
    sections = checked_sections(THREE, answers, today=NOW.date())
    assert [(s.section.slug, s.state) for s in sections] == [
        ("first", State.DONE),
        ("second", State.PROBLEM),
        ("third", State.OPTIONAL),
    ]
    assert sections[1].form.name.errors == ["This field is required."]
    assert sections[2].form.errors == {}  # not answered: not checked
    assert not ready(sections)
    answers["second"] = {"name": ["Bea"]}
    assert ready(checked_sections(THREE, answers, today=NOW.date()))


# -- drafts --------------------------------------------------------------------------------


def test_a_draft_keeps_each_section_as_typed_and_when_it_was_saved():
    draft = SimpleNamespace(data={"first": {"name": ["Ann"]}}, updated_at=None)
    with time_machine.travel(NOW, tick=False):
        save_section(draft, "second", {"name": ["Bea"]})
    assert draft.data == {"first": {"name": ["Ann"]}, "second": {"name": ["Bea"]}}
    assert draft.updated_at == NOW
    save_sections(draft, {})  # nothing sent: not touched
    assert draft.updated_at == NOW
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        save_sections(draft, {"first": {"name": ["Cy"]}, "third": {}})
    assert draft.data == {"first": {"name": ["Cy"]}, "second": {"name": ["Bea"]}, "third": {}}
    assert draft.updated_at == NOW + dt.timedelta(minutes=1)
    keep_only(draft, ["first", "third"])
    assert draft.data == {"first": {"name": ["Cy"]}, "third": {}}


# -- core ----------------------------------------------------------------------------------

# icv and icv.wizard are stood in for by empty packages over their real folders: what is
# measured is what the rules import, not what icv/__init__.py (the app factory) runs.
LOAD_RULES = """
import importlib, json, sys, types
from pathlib import Path

wizard = Path(sys.argv[1])
for name, folder in (("icv", wizard.parent), ("icv.wizard", wizard)):
    parent = types.ModuleType(name)
    parent.__path__ = [str(folder)]
    sys.modules[name] = parent
importlib.import_module("icv.wizard.rules")
print(json.dumps(sorted(sys.modules)))
"""


def test_the_wizards_rules_import_nothing_of_flask_the_database_or_icv():
    ran = subprocess.run(
        [sys.executable, "-c", LOAD_RULES, str(WIZARD)], capture_output=True, text=True, check=True
    )
    loaded = json.loads(ran.stdout)
    assert "icv.wizard.rules" in loaded
    top = {name.split(".")[0] for name in loaded}
    assert top.isdisjoint({"flask", "sqlalchemy", "werkzeug", "wtforms", "jinja2"})
    assert [name for name in loaded if name.startswith("icv.")] == [
        "icv.wizard",
        "icv.wizard.rules",
    ]


def test_the_wizard_is_core_it_imports_no_area():
    graph = import_graph()
    assert sorted(graph["icv.wizard"]) == ["icv.clock", "icv.extensions"]
    assert "icv.wizard" in graph["icv.applications"]
    assert "icv.wizard" in graph["icv.visits"]
