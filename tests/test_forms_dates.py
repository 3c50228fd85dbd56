"""The shared GOV.UK date input: month names, the Design System's messages, and which boxes
are marked as wrong."""

from __future__ import annotations

import re
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from icv.forms import DateInputField
from icv.text import month_number


class BirthForm(Form):
    date_of_birth = DateInputField("Date of birth", required_message="Enter your date of birth")


def typed(day: str, month: str, year: str) -> BirthForm:
    form = BirthForm(MultiDict([("date_of_birth", part) for part in (day, month, year)]))
    form.validate()
    return form


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("6", 6),
        ("06", 6),
        ("June", 6),
        ("jun", 6),
        ("JUNE", 6),
        (" Jun. ", 6),
        ("sep", 9),
        ("Sept", 9),
        ("september", 9),
        ("may", 5),
        ("12", 12),
        ("0", None),
        ("13", None),
        ("ju", None),
        ("junee", None),
        ("", None),
        ("٦", None),  # another script's digit is not read as a number
    ],
)
def test_it_reads_a_month_as_a_number_or_a_name(text, number):
    assert month_number(text) == number


@pytest.mark.parametrize("month", ["June", "jun", "6", "06"])
def test_it_accepts_a_month_name_or_number(month):
    form = typed("27", month, "1980")
    assert (form.date_of_birth.data, form.errors) == (date(1980, 6, 27), {})
    assert form.date_of_birth.raw_data == ["27", month, "1980"]  # redrawn as typed


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "boxes"),
    [
        ("", "", "", "Enter your date of birth", ("day", "month", "year")),
        ("1", "", "1980", "Date of birth must include a month", ("month",)),
        ("", "", "1980", "Date of birth must include a day and month", ("day", "month")),
        ("1", "6", "80", "Year must include 4 numbers", ("year",)),
        ("1", "6", "19800", "Year must include 4 numbers", ("year",)),
        ("31", "2", "1980", "Date of birth must be a real date", ("day", "month", "year")),
        ("29", "2", "2027", "Date of birth must be a real date", ("day", "month", "year")),
        ("1", "13", "1980", "Date of birth must be a real date", ("month",)),
        ("1", "Jnu", "1980", "Date of birth must be a real date", ("month",)),
        ("32", "1", "1980", "Date of birth must be a real date", ("day",)),
        ("x", "y", "1980", "Date of birth must be a real date", ("day", "month")),
    ],
)
def test_it_says_what_is_wrong_in_govuk_words_and_marks_those_boxes(
    app, day, month, year, message, boxes
):
    form = typed(day, month, year)
    assert form.date_of_birth.data is None
    assert form.errors == {"date_of_birth": [message]}
    assert marked_boxes(app, form) == boxes


def test_an_error_found_after_reading_the_date_marks_the_whole_date(app):
    form = typed("1", "1", "2030")
    assert marked_boxes(app, form) == ()
    form.date_of_birth.errors = ["Date of birth must be in the past"]
    assert marked_boxes(app, form) == ("day", "month", "year")


def marked_boxes(app, form: BirthForm) -> tuple[str, ...]:
    with app.test_request_context():
        html = str(form.date_of_birth())
    return tuple(re.findall(r'class="[^"]*govuk-input--error[^"]*" id="date_of_birth-(\w+)"', html))
