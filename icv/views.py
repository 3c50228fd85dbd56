"""The one shape of a view that posts a small form to change something.

Validate, call the service, commit once, flash and redirect; or, when the form or the service
refuses, roll back and show the page again with the message next to the form's first field.

Also ``answers_json``: the mark of a view a program calls, whose errors the error page
(``icv.main.errors``) answers in JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, redirect
from flask_wtf import FlaskForm
from wtforms import Field

from icv.extensions import db
from icv.forms import add_field_error

NOT_ANSWERS = ("CSRFTokenField", "SubmitField", "HiddenField")

View = TypeVar("View", bound=Callable[..., Any])


def answers_json(view: View) -> View:
    """Mark a view that a program calls (the phone's background save): its errors are JSON."""
    view.answers_json = True  # type: ignore[attr-defined]
    return view


def first_field(form: FlaskForm) -> Field:
    """The first field a person fills in (where a refusal from a service is shown)."""
    return next(field for field in form if field.type not in NOT_ANSWERS)


def act(
    form: FlaskForm,
    change: Callable[[], str],
    refusals: type[Exception] | tuple[type[Exception], ...],
    done: str,
    again: Callable[[FlaskForm], object],
):
    """Run ``change`` (which returns the message to flash) if ``form`` is valid, then commit
    and redirect to ``done``; otherwise roll back and return ``again(form)`` with status 400."""
    if form.validate_on_submit():
        try:
            message = change()
        except refusals as error:
            add_field_error(form, first_field(form), str(error))
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(done)
    db.session.rollback()
    return again(form)
