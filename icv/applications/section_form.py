"""What every section of the public application form shares, and its postcode field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField

from icv.applications.rules import normalise_postcode
from icv.forms import text_checks


def postcode_problem(value: str | None) -> str | None:
    if value and normalise_postcode(value) is None:
        return _l("Enter a real UK postcode, like CV34 4NB")
    return None


class PostcodeField(StringField):
    """A UK postcode as typed; read back and stored as ``normalise_postcode`` makes it."""

    widget = GovTextInput()


def postcode_field(label: str, required: str | None = None, **kwargs: Any) -> PostcodeField:
    return PostcodeField(
        label,
        validators=text_checks(label, 10, required),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        **kwargs,
    )


class SectionForm(FlaskForm):
    """One section of the public application, checked on the day it is answered."""

    #: Extra GOV.UK parameters per field, used by the section template.
    params: ClassVar[dict[str, dict[str, Any]]] = {}
    #: field -> legend of the group of questions it starts on the page (and on the check page).
    groups: ClassVar[dict[str, str]] = {}
    #: field -> the answer in words after "Change" (its link's name must be unique on the page;
    #: a group's title is added after it on the check page: "email address (Referee 1)").
    change_words: ClassVar[dict[str, str]] = {}
    #: field -> whether the answers before it ask that question ("Since a date" asks the date).
    follow_ups: ClassVar[dict[str, Callable[[Any], bool]]] = {}

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def change_text(self, name: str) -> str:
        """ "your date of birth": what a link to change the answer to ``name`` says it changes."""
        if name in self.change_words:
            return self.change_words[name]
        question = self[name].label.text.replace(_(" (optional)"), "")
        return question[:1].lower() + question[1:]

    def asks(self, name: str) -> bool:
        """Whether the question ``name`` applies, given the answers before it."""
        asked = self.follow_ups.get(name)
        return asked is None or bool(asked(self))

    def validate(self, extra_validators=None) -> bool:
        # A question the earlier answers did not ask is neither checked nor kept, whatever
        # was left in its box.
        super().validate(extra_validators)
        for name in self.follow_ups:
            if not self.asks(name):
                self[name].errors = []
        self._errors = None
        return not self.errors
