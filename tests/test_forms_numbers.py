"""The shared whole-number box: what it says when given something else, and what building
it costs (a send builds dozens of them only to check a draft)."""

from __future__ import annotations

from flask_babel.speaklater import LazyString
from werkzeug.datastructures import MultiDict
from wtforms import Form

from icv.forms import WholeNumberField

translated: list[str] = []


def counted(text: str) -> LazyString:
    """A lazy string that notes each time it is translated."""

    def translate() -> str:
        translated.append(text)
        return text

    return LazyString(translate)


class CountForm(Form):
    warm = WholeNumberField(counted("Warm"), subject=counted("Warm: the number"))
    cells = WholeNumberField("Cells")


def test_building_and_checking_a_good_box_translates_nothing():
    translated.clear()
    form = CountForm(MultiDict({"warm": "2", "cells": "3"}))
    assert (form.validate(), form.warm.data, form.cells.data) == (True, 2, 3)
    assert translated == []  # the subject stays lazy: translated only when a message says it


def test_a_box_given_something_else_names_its_subject_or_its_label():
    form = CountForm(MultiDict({"warm": "two", "cells": "x"}))
    assert form.validate() is False
    assert form.warm.errors == ["Warm: the number must be a whole number, like 3"]
    assert form.cells.errors == ["Cells must be a whole number, like 3"]
