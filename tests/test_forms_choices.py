"""The shared choice fields (``icv.forms.Radios``, ``Select``) read a value of only spaces as
no choice, as the report's rules do (``icv.text.choice_typed``)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import InputRequired, Optional

from icv.forms import Radios, Select, options
from icv.text import choice_typed

YES_NO = options([("yes", "Yes"), ("no", "No")])


class ChoicesForm(Form):
    needed = Radios("Needed", choices=YES_NO, validators=[InputRequired("Select yes or no")])
    optional = Radios("Optional", choices=YES_NO, validators=[Optional()])
    listed = Select("Listed", choices=options([("", "None"), ("a", "A")]), validators=[Optional()])


def test_a_choice_of_only_spaces_is_none_and_anything_else_is_as_sent():
    assert [choice_typed(v) for v in (" ", "\t\n", "", "yes", " yes")] == [
        "",
        "",
        "",
        "yes",
        " yes",
    ]


def test_spaces_posted_for_a_required_choice_ask_for_one():
    form = ChoicesForm(MultiDict({"needed": "  ", "optional": "yes", "listed": "a"}))
    assert form.validate() is False
    assert form.errors == {"needed": ["Select yes or no"]}  # not "Not a valid choice"


def test_spaces_posted_for_an_optional_choice_are_no_answer():
    form = ChoicesForm(MultiDict({"needed": "no", "optional": " \t", "listed": " "}))
    assert form.validate() is True
    assert (form.needed.data, form.optional.data, form.listed.data) == ("no", "", "")
    assert form.optional.raw_data == [""]
