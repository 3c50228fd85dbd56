"""The volunteer's claim form and the office's forms: decide a claim, filter the queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from icv.expenses.labels import KIND_NAMES, MONEY_PROBLEMS, STATUS_NAMES
from icv.expenses.rules import Kind, MoneyError, parse_pence
from icv.forms import (
    DateInputField,
    Select,
    WholeNumberField,
    add_field_error,
    long_text,
    options,
    radios,
    submit,
    text,
)
from icv.text import is_whole_number


class MoneyField(StringField):
    """An amount in pounds as typed ("3.50", "£3.5"); ``pence`` holds it once valid."""

    widget = GovTextInput()

    def __init__(self, label: str, subject: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.subject = subject
        self.pence = 0

    def pre_validate(self, form: object) -> None:
        try:
            self.pence = parse_pence(self.data)
        except MoneyError as problem:
            self.pence = 0
            raise ValidationError(
                MONEY_PROBLEMS[problem.code] % {"subject": self.subject}
            ) from None


def money(label: str, subject: str, description: str = "") -> MoneyField:
    return MoneyField(label, subject, description=description or _l("In pounds, like 3.50."))


class ClaimForm(FlaskForm):
    """One claim; ``reports`` are (report id, "Leamington Spa, 3 November 2026") of the
    volunteer's own filed reports, newest first."""

    kind = radios(
        _l("What are you claiming for?"),
        [(kind.value, label) for kind, label in KIND_NAMES.items()],
        validators=[InputRequired(message=_l("Select what you are claiming for"))],
    )
    report_id = Select(
        _l("Which visit?"),
        description=_l(
            "Your filed reports of visits you have not claimed yet. A visit you have not "
            "reported yet cannot be claimed."
        ),
        widget=GovSelect(),
        choices=[],
        validate_choice=False,
    )
    spent_on = DateInputField(
        _l("Date of the meeting or training"),
        subject=_l("The date"),
        description=_l("Only for a meeting or training. For example, 27 11 2026"),
    )
    description = text(
        _l("What was the meeting or training?"),
        200,
        description=_l("Only for a meeting or training, for example: Panel meeting, Leamington."),
    )
    reference = text(_l("Reference (optional)"), 60, description=_l("If the office gave you one."))
    miles = WholeNumberField(
        _l("Miles driven there and back"),
        subject=_l("Miles"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Miles cannot be less than 0")),
            NumberRange(max=2000, message=_l("Miles must be 2000 or fewer")),
        ],
    )
    parking = money(_l("Parking"), _l("Parking"))
    transport = money(_l("Bus, train or taxi fares"), _l("Fares"))
    other = money(_l("Other costs"), _l("Other costs"))
    other_description = text(
        _l("What were the other costs for?"),
        200,
        description=_l("Only if you entered other costs."),
    )
    submit = submit(_l("Send claim"))

    def __init__(
        self,
        *args: Any,
        reports: list[tuple[int, str]],
        today: date,
        claimed: Callable[[int], bool] = lambda _report_id: False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        #: Whether the volunteer has a standing claim for a report's visit (a second tab).
        self.claimed = claimed
        self.report_id.choices = options(
            [("", _l("Choose a visit")), *((str(i), t) for i, t in reports)]
        )

    def validate(self, extra_validators=None) -> bool:
        # The questions a kind needs are checked here: an empty optional box skips its own.
        valid = super().validate(extra_validators)
        problems = self._visit_problems() if self.kind.data == Kind.VISIT else self._day_problems()
        if self.other.pence and not self.other_description.data:
            problems.append((self.other_description, _("Say what the other costs were for")))
        amounts = (self.parking.pence, self.transport.pence, self.other.pence)
        if valid and not (self.miles.data or any(amounts)):
            problems.append((self.miles, _("Enter the miles you drove or at least one amount")))
        for field, problem in problems:
            add_field_error(self, field, problem)
        return valid and not problems

    def _visit_problems(self) -> list[tuple[Any, str]]:
        offered = {choice.value for choice in self.report_id.choices if choice.value}
        posted = self.report_id.data or ""
        if posted in offered:
            return []
        # at most 9 digits: an id the database's integer column can hold, compared as one
        if is_whole_number(posted) and len(posted) <= 9 and self.claimed(int(posted)):
            # claimed from another tab since this form was shown
            return [(self.report_id, _("You have already claimed for this visit"))]
        return [(self.report_id, _("Choose the visit you are claiming for"))]

    def _day_problems(self) -> list[tuple[Any, str]]:
        problems = []
        if self.kind.data not in (Kind.MEETING, Kind.TRAINING):
            return problems
        if self.spent_on.data is None and not self.spent_on.errors:
            problems.append((self.spent_on, _("Enter the date of the meeting or training")))
        elif self.spent_on.data and self.spent_on.data > self.today:
            problems.append((self.spent_on, _("The date must be today or in the past")))
        if not self.description.data:
            problems.append((self.description, _("Say what the meeting or training was")))
        return problems


class QueryForm(FlaskForm):
    message = long_text(
        _l("Your question to the volunteer"),
        1000,
        required=_l("Enter the question the volunteer should answer"),
        description=_l("They see it on the claim and in an email, and answer by changing it."),
    )
    submit = submit(_l("Send question"))


class RejectForm(FlaskForm):
    message = long_text(_l("Why the claim is rejected"), 1000, required=_l("Enter why"))
    submit = submit(_l("Reject claim"))


class ApproveForm(FlaskForm):
    submit = submit(_l("Approve claim"))


class QueueFilterForm(FlaskForm):
    """The office's queue: claims in one state, made in one month. A GET form: no CSRF."""

    class Meta:
        csrf = False

    status = Select(
        _l("Status"),
        default="",
        widget=GovSelect(),
        choices=options(
            [("", _l("All")), *((s.value, label) for s, label in STATUS_NAMES.items())]
        ),
    )
    month = Select(_l("Month of the expense"), default="", widget=GovSelect())


class ChangeClaimForm(ClaimForm):
    """A claim changed by its volunteer; answering the office's question when it was queried."""

    answer = long_text(
        _l("Your answer to the office"),
        1000,
        description=_l("Only if the office asked you a question about this claim."),
    )
    submit = submit(_l("Send the changed claim"))

    def __init__(self, *args: Any, queried: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.queried = queried

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # An empty optional box skips its own checks, so "needed when queried" lives here.
        if self.queried and not self.answer.data:
            add_field_error(self, self.answer, _("Answer the office's question"))
            return False
        return valid
